from django.urls import path

from bina.competencies import views

app_name = "competencies"
urlpatterns: list = [
    path("", views.competency_list, name="list"),
    path("new/", views.competency_create, name="create"),
    path("<int:pk>/", views.competency_detail, name="detail"),
    path("<int:pk>/edit/", views.competency_edit, name="edit"),
    path("<int:pk>/active/", views.competency_set_active, name="set_active"),
]
