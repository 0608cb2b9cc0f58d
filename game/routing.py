from channels.auth import AuthMiddlewareStack
from django.urls import path

from game import consumers

websocket_urlpatterns = [
    # A phone is known by its player cookie alone, read from the handshake by the consumer: no
    # Django session or user on its socket, no middleware's copy of its scope (bench/cpu.py and
    # bench/memory.py: per message and per phone).
    path("ws/play/<str:code>/", consumers.PlayConsumer.as_asgi()),
    # The control panel and the projector: the facilitator's login.
    path("ws/staff/<int:session_id>/", AuthMiddlewareStack(consumers.StaffConsumer.as_asgi())),
]
