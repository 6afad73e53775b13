from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CertificatesConfig(AppConfig):
    name = "bina.certificates"
    verbose_name = _("Certificates")

    def ready(self) -> None:
        from bina.certificates import registration

        registration.register()
