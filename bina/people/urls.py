from django.urls import path

from bina.people import views
from bina.people.urls_import import urlpatterns as import_urlpatterns

app_name = "people"
urlpatterns: list = [
    # First, so an import URL such as "employees/import/" is never taken for a NIP.
    *import_urlpatterns,
    path("pick/units/", views.pick_units, name="pick_units"),
    path("pick/employees/", views.pick_employees, name="pick_employees"),
    path("units/", views.unit_list, name="units"),
    path("units/<str:code>/", views.unit_detail, name="unit_detail"),
    path("units/<str:code>/rename/", views.unit_rename, name="unit_rename"),
    path("units/<str:code>/move/", views.unit_move, name="unit_move"),
    path("units/<str:code>/close/", views.unit_close, name="unit_close"),
    path("units/<str:code>/create/", views.unit_create_child, name="unit_create_child"),
    path("employees/", views.employee_list, name="employees"),
    path("employees/<str:nip>/", views.employee_detail, name="employee_detail"),
]
