from django.urls import path

from bina.portal import views

app_name = "portal"
urlpatterns: list = [
    path("publication/", views.publication, name="publication"),
]
