from django.urls import path

from bina.core import views

app_name = "core"
urlpatterns = [
    path("settings/", views.pemda_settings, name="pemda_settings"),
    path("pemda/", views.pemda_list, name="pemda_list"),
    path("audit/", views.audit_log, name="audit"),
]
