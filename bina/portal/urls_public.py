"""The transparency portal on a Pemda's public site: mounted at `/p/<slug>/transparansi/`."""

from django.urls import path

from bina.portal import views

app_name = "transparansi"
urlpatterns: list = [
    path("", views.summary, name="summary"),
    path("data/", views.open_data, name="open_data"),
    path("data/<slug:table>.<slug:fmt>", views.download, name="download"),
    path("<slug:segment>/", views.section, name="section"),
]
