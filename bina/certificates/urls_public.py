"""The certificate check on a Pemda's public site: mounted at `/p/<slug>/verify/` (`bina.core.public`)."""

from django.urls import path

from bina.certificates import views

app_name = "verify"
urlpatterns: list = [
    path("", views.verify_search, name="search"),
    # Numbers contain slashes ("BINA-3578/2026/00001"), hence `path`.
    path("<path:number>/", views.verify_certificate, name="certificate"),
]
