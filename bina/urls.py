"""Every app's pages are mounted from what it registers (bina.core.registry), then the API and i18n."""

from django.urls import include, path

from bina.core.registry import registry
from bina.shell.api import api

urlpatterns = [
    *[path(m.prefix, include(m.target)) for m in sorted(registry.pages, key=lambda m: m.order)],
    path("api/v1/", api.urls),
    path("i18n/", include("django.conf.urls.i18n")),
]
