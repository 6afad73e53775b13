"""External learning pages: claim with evidence, list, review."""

from django.urls import path

from bina.training.external import views as v

urlpatterns: list = [
    path("external/", v.external_list, name="external_list"),
    path("external/new/", v.external_create, name="external_create"),
    path("external/review/", v.external_review, name="external_review"),
    path("external/<int:pk>/", v.external_detail, name="external_detail"),
    path("external/<int:pk>/file/", v.external_file, name="external_file"),
]
