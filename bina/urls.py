from django.urls import include, path

from bina.api import api

urlpatterns = [
    path("", include("bina.core.urls")),
    path("accounts/", include("bina.accounts.urls")),
    path("people/", include("bina.people.urls")),
    path("api/v1/", api.urls),
    path("i18n/", include("django.conf.urls.i18n")),
]
