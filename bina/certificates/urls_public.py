from django.urls import path

from bina.certificates import views

app_name = "verify"
urlpatterns: list = [
    # Numbers contain slashes ("BINA-3578/2026/00001"), hence `path`.
    path("<path:number>/", views.verify_certificate, name="certificate"),
]
