from django.urls import include, path

from bina.shell.api import api

urlpatterns = [
    path("", include("bina.shell.urls")),
    path("", include("bina.core.urls")),
    path("accounts/", include("bina.accounts.urls")),
    path("people/", include("bina.people.urls")),
    path("competencies/", include("bina.competencies.urls")),
    path("partners/", include("bina.partners.urls")),
    path("training/", include("bina.training.urls")),
    path("certificates/", include("bina.certificates.urls")),
    path("notifications/", include("bina.notifications.urls")),
    # Public (no login): what the QR code on a certificate opens.
    path("verify/", include("bina.certificates.urls_public")),
    path("api/v1/", api.urls),
    path("i18n/", include("django.conf.urls.i18n")),
]
