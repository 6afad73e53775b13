from django.urls import path

from bina.certificates import views

app_name = "certificates"
urlpatterns: list = [
    path("", views.certificate_list, name="list"),
    path("settings/", views.certificate_settings, name="settings"),
    path("<int:pk>/", views.certificate_detail, name="detail"),
    path("<int:pk>/pdf/", views.certificate_pdf, name="pdf"),
    path("<int:pk>/revoke/", views.certificate_revoke, name="revoke"),
    path("classes/<int:class_id>/batch/", views.batch_create, name="batch_create"),
    path("batches/<int:pk>/", views.batch_status, name="batch_status"),
]
