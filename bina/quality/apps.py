from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class QualityConfig(AppConfig):
    name = "bina.quality"
    label = "quality"
    verbose_name = _("Public services")

    def ready(self) -> None:
        from bina.quality import registration

        registration.register()
