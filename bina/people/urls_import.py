"""URLs of the import pages (upload, job progress, report): the generic `bina.imports` pages, at the
people addresses and names they always had."""

from django.urls import path

from bina.imports import views as views_import

urlpatterns: list = [
    path("import/", views_import.import_page, name="import"),
    path("import/jobs/<int:pk>/", views_import.import_job_page, name="import_job"),
    path("import/jobs/<int:pk>/progress/", views_import.import_job_progress, name="import_job_progress"),
    path("import/jobs/<int:pk>/report.csv", views_import.import_job_report, name="import_job_report"),
    path("import/templates/<str:kind>.csv", views_import.import_template, name="import_template"),
]
