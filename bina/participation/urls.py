from django.urls import path

from bina.participation import campaign_views, views
from bina.participation.workflows import CAMPAIGN_WORKFLOW

# The address of each campaign action (`participation:campaign_<action>`), in the page's language.
_ACTION_PATHS = {"launch": "luncurkan", "close": "tutup", "cancel": "batalkan"}

app_name = "participation"
urlpatterns: list = [
    path("", views.figures, name="figures"),
    path("people/", views.people, name="people"),
    path("figures.xlsx", views.figures_xlsx, name="figures_xlsx"),
    path("figures.csv", views.figures_csv, name="figures_csv"),
    path("campaigns/", campaign_views.campaigns, name="campaigns"),
    path("campaigns/<int:pk>/", campaign_views.campaign, name="campaign"),
    *[
        path(
            f"campaigns/<int:pk>/{_ACTION_PATHS[action]}/",
            campaign_views.campaign_action,
            {"action": action},
            name=f"campaign_{action}",
        )
        for action in CAMPAIGN_WORKFLOW.actions
    ],
]
