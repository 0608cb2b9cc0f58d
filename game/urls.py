from django.urls import path

from game import views

app_name = "game"
urlpatterns = [
    path("", views.home, name="home"),
    path("j/<str:code>", views.join, name="join"),
    path("play/<str:code>", views.play, name="play"),
]
