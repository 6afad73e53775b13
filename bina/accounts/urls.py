from django.urls import path

from bina.accounts import views

app_name = "accounts"
urlpatterns = [
    path("login/", views.BinaLoginView.as_view(), name="login"),
    path("logout/", views.logout_view, name="logout"),
    path("users/", views.user_list, name="users"),
    path("users/new/", views.user_create, name="user_create"),
    path("users/<int:pk>/", views.user_detail, name="user_detail"),
    path("users/<int:pk>/roles/", views.role_assign, name="role_assign"),
    path("users/<int:pk>/roles/<int:assignment_pk>/revoke/", views.role_revoke, name="role_revoke"),
    path("users/<int:pk>/active/", views.user_set_active, name="user_set_active"),
    path("users/lockouts/", views.lockout_list, name="lockouts"),
    path("users/lockouts/<int:pk>/lift/", views.lockout_lift, name="lockout_lift"),
    path("me/", views.tokens, name="tokens"),
    path("me/password/", views.BinaPasswordChangeView.as_view(), name="password_change"),
    path("password-reset/", views.BinaPasswordResetView.as_view(), name="password_reset"),
    path("password-reset/sent/", views.BinaPasswordResetDoneView.as_view(), name="password_reset_done"),
    path(
        "password-reset/<uidb64>/<token>/",
        views.BinaPasswordResetConfirmView.as_view(),
        name="password_reset_confirm",
    ),
    path("password-reset/done/", views.BinaPasswordResetCompleteView.as_view(), name="password_reset_complete"),
    path("me/tokens/<int:pk>/revoke/", views.token_revoke, name="token_revoke"),
    path("me/language/", views.language, name="language"),
]
