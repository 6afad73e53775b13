from django.urls import path

from bina.participation import views

app_name = "participation"
urlpatterns: list = [
    path("", views.figures, name="figures"),
    path("people/", views.people, name="people"),
    path("figures.xlsx", views.figures_xlsx, name="figures_xlsx"),
    path("figures.csv", views.figures_csv, name="figures_csv"),
]
