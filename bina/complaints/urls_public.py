"""The complaint form and tracking page on a Pemda's public site: mounted at `/p/<slug>/pengaduan/`."""

from django.urls import path

from bina.complaints import views

app_name = "pengaduan"
urlpatterns: list = [
    path("", views.public_form, name="form"),
    path("lacak/", views.public_lookup, name="lookup"),
    path("<str:code>/", views.public_track, name="track"),
]
