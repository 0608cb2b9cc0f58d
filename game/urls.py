from django.urls import path

from game import views, views_takehome

app_name = "game"
urlpatterns = [
    path("", views.home, name="home"),
    path("j/<str:code>", views.join, name="join"),
    path("play/<str:code>", views.play, name="play"),
    path("play/<str:code>/<str:public_id>/<str:key>", views_takehome.takehome_page, name="takehome"),
]
