from django.urls import path

from bina.analytics import views

app_name = "analytics"
urlpatterns = [
    path("impact/", views.impact, name="impact"),
    path("impact/run/", views.impact_run, name="impact_run"),
    path("chain/", views.unit_chain, name="unit_chain"),
]
