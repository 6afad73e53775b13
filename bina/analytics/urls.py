from django.urls import path

from bina.analytics import views

app_name = "analytics"
urlpatterns = [
    path("impact/", views.impact, name="impact"),
    path("impact/run/", views.impact_run, name="impact_run"),
    path("chain/", views.unit_chain, name="unit_chain"),
    path("monthly/", views.monthly_report, name="monthly_report"),
    path("monthly/subscribe/", views.monthly_subscribe, name="monthly_subscribe"),
    path("xapi/mine.json", views.xapi_mine, name="xapi_mine"),
    path("xapi/classes/<int:pk>.json", views.xapi_class, name="xapi_class"),
]
