from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CertificatesConfig(AppConfig):
    name = "bina.certificates"
    verbose_name = _("Certificates")

    def ready(self) -> None:
        from bina.core.public import PublicPage, register_public_page

        register_public_page(
            PublicPage(
                key="verify",
                urls="bina.certificates.urls_public",
                entry="search",
                title=_("Certificate verification"),
                description=_("Check that a training certificate issued by this Pemda is genuine and valid."),
                order=10,
            )
        )
