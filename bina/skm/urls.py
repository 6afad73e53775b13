from django.urls import path

from bina.skm import views

app_name = "skm"
urlpatterns = [
    path("", views.results, name="results"),
    path("kampanye/", views.campaigns, name="campaigns"),
    path("kampanye/<int:pk>/", views.campaign, name="campaign"),
    path("kampanye/<int:pk>/tutup/", views.campaign_close, name="campaign_close"),
    path("poster/<str:unit_code>/", views.poster_download, name="poster"),
    path("pengaturan/", views.settings_page, name="settings"),
]
