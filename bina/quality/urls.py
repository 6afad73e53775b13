from django.urls import path

from bina.quality import views

app_name = "quality"
urlpatterns: list = [
    path("services/", views.service_type_list, name="service_types"),
    path("services/new/", views.service_type_create, name="service_type_create"),
    path("services/<str:code>/edit/", views.service_type_edit, name="service_type_edit"),
    path("holidays/", views.holiday_list, name="holidays"),
    path("holidays/new/", views.holiday_create, name="holiday_create"),
    path("holidays/<int:pk>/edit/", views.holiday_edit, name="holiday_edit"),
    path("holidays/<int:pk>/delete/", views.holiday_delete, name="holiday_delete"),
    path("figures/", views.service_figures, name="figures"),
    path("figures.xlsx", views.service_figures_xlsx, name="figures_xlsx"),
    path("figures.pdf", views.service_figures_pdf, name="figures_pdf"),
]
