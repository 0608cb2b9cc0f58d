from django.urls import path

from facilitator import views

app_name = "facilitator"
urlpatterns = [
    path("", views.dashboard, name="dashboard"),
    path("new", views.session_new, name="new"),
    path("s/<int:session_id>/", views.control, name="control"),
    path("s/<int:session_id>/screen", views.screen, name="screen"),
    path("s/<int:session_id>/delete", views.session_delete, name="delete"),
]
