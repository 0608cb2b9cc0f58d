from django.urls import path

from cards import views

app_name = "cards"
urlpatterns = [
    path("image/<int:card_id>/<str:digest>.png", views.card_image, name="image"),
]
