from django.urls import path

from game import consumers

websocket_urlpatterns = [
    path("ws/play/<str:code>/", consumers.PlayConsumer.as_asgi()),
    path("ws/staff/<int:session_id>/", consumers.StaffConsumer.as_asgi()),
]
