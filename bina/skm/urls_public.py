"""The SKM form on a Pemda's public site: mounted at `/p/<slug>/skm/` (`bina.core.public`)."""

from django.urls import path

from bina.skm import views_public

app_name = "skm"
urlpatterns: list = [
    path("", views_public.skm_start, name="start"),
    path("<str:unit_code>/", views_public.skm_form, name="form"),
    path("<str:unit_code>/terima-kasih/", views_public.skm_thanks, name="thanks"),
]
