from django.urls import path

from facilitator import printing, views

app_name = "facilitator"
urlpatterns = [
    path("", views.dashboard, name="dashboard"),
    path("new", views.session_new, name="new"),
    path("s/<int:session_id>/", views.control, name="control"),
    path("s/<int:session_id>/screen", views.screen, name="screen"),
    path("s/<int:session_id>/delete", views.session_delete, name="delete"),
    path("print/", printing.print_page, name="print"),
    path("plans/", views.plans, name="plans"),
    path("plans/<int:plan_id>/", views.plan_edit, name="plan_edit"),
    path("plans/<int:plan_id>/copy", views.plan_copy, name="plan_copy"),
    path("plans/<int:plan_id>/delete", views.plan_delete, name="plan_delete"),
]
