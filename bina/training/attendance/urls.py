from django.urls import path

from bina.training.attendance import views

urlpatterns: list = [
    path("sessions/<int:session_id>/qr/", views.session_qr, name="session_qr"),
    path("sessions/<int:session_id>/attendance/", views.session_attendance, name="session_attendance"),
    path("sessions/<int:session_id>/projector/", views.session_projector, name="session_projector"),
    path("checkin/<int:session_id>/", views.checkin_manual, name="checkin_manual"),
    path("checkin/<int:session_id>/<str:code>/", views.checkin, name="checkin"),
    path("classes/<int:pk>/attendance/", views.class_attendance, name="class_attendance"),
    path("classes/<int:pk>/scores/", views.class_scores, name="class_scores"),
    path("classes/<int:pk>/complete/", views.class_complete_view, name="class_complete"),
    path("classes/<int:pk>/reopen/", views.class_reopen_view, name="class_reopen"),
    path("classes/<int:pk>/panel/", views.class_panel, name="class_panel_page"),
]
