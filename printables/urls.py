from django.urls import path

from printables import views

app_name = "printables"
urlpatterns = [
    path("deck/<slug:slug>.pdf", views.deck_pdf_view, name="deck_pdf"),
    path("kit/<slug:slug>.pdf", views.kit_pdf_view, name="kit_pdf"),
    path("report/<int:session_id>.pdf", views.report_pdf_view, name="report_pdf"),
    path("report/<int:session_id>.csv", views.report_csv_view, name="report_csv"),
    path("calibration.pdf", views.calibration_pdf_view, name="calibration_pdf"),
]
