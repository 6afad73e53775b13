from django.urls import include, path

from bina.api import api

urlpatterns = [
    path("", include("bina.core.urls")),
    path("accounts/", include("bina.accounts.urls")),
    path("people/", include("bina.people.urls")),
    path("competencies/", include("bina.competencies.urls")),
    path("partners/", include("bina.partners.urls")),
    path("training/", include("bina.training.urls")),
    path("certificates/", include("bina.certificates.urls")),
    path("notifications/", include("bina.notifications.urls")),
    # Public (no login): a Pemda's public site, the tenant taken from the URL (`bina.core.public`).
    path("p/<slug:pemda_slug>/", include("bina.core.urls_public")),
    # What the QR codes of certificates printed before `/p/<slug>/verify/` open: redirects there.
    path("verify/", include("bina.certificates.urls_legacy")),
    path("api/v1/", api.urls),
    path("i18n/", include("django.conf.urls.i18n")),
]
