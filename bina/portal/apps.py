from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PortalConfig(AppConfig):
    name = "bina.portal"
    label = "portal"
    verbose_name = _("Transparency portal")

    def ready(self) -> None:
        from bina.portal import registration

        registration.register()
