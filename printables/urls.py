from django.urls import path

from printables import views

app_name = "printables"
urlpatterns = [
    path("deck/<slug:slug>.pdf", views.deck_pdf_view, name="deck_pdf"),
    path("kit/<slug:slug>.pdf", views.kit_pdf_view, name="kit_pdf"),
    path("calibration.pdf", views.calibration_pdf_view, name="calibration_pdf"),
]
