from channels.auth import AuthMiddlewareStack
from channels.sessions import CookieMiddleware
from django.urls import path

from game import consumers

websocket_urlpatterns = [
    # A phone is known by its player cookie alone: no Django session or user on its socket, and
    # none of their wrappers around each message it is sent (bench/cpu.py: per message and per phone).
    path("ws/play/<str:code>/", CookieMiddleware(consumers.PlayConsumer.as_asgi())),
    # The control panel and the projector: the facilitator's login.
    path("ws/staff/<int:session_id>/", AuthMiddlewareStack(consumers.StaffConsumer.as_asgi())),
]
