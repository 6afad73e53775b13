from django.urls import path

from bina.core import views

app_name = "core"
urlpatterns = [
    path("settings/", views.pemda_settings, name="pemda_settings"),
    path("settings/emblem/", views.pemda_emblem_upload, name="pemda_emblem_upload"),
    path("emblem/", views.pemda_emblem, name="pemda_emblem"),
    path("pemda/", views.pemda_list, name="pemda_list"),
    path("audit/", views.audit_log, name="audit"),
]
