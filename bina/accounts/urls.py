from django.urls import path

from bina.accounts import views

app_name = "accounts"
urlpatterns = [
    path("login/", views.BinaLoginView.as_view(), name="login"),
    path("logout/", views.logout_view, name="logout"),
]
