from django.urls import path

from bina.skm import views
from bina.skm.workflows import CAMPAIGN_WORKFLOW

# The address of each campaign action (`skm:campaign_<action>`), in the page's language.
_ACTION_PATHS = {"open": "buka", "close": "tutup", "reopen": "buka-lagi", "cancel": "batalkan"}

app_name = "skm"
urlpatterns = [
    path("", views.results, name="results"),
    path("kampanye/", views.campaigns, name="campaigns"),
    path("kampanye/<int:pk>/", views.campaign, name="campaign"),
    *[
        path(
            f"kampanye/<int:pk>/{_ACTION_PATHS[action]}/",
            views.campaign_action,
            {"action": action},
            name=f"campaign_{action}",
        )
        for action in CAMPAIGN_WORKFLOW.actions
    ],
    path("poster/<str:unit_code>/", views.poster_download, name="poster"),
    path("pengaturan/", views.settings_page, name="settings"),
]
