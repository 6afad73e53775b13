from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SkmConfig(AppConfig):
    name = "bina.skm"
    label = "skm"
    verbose_name = _("Public satisfaction survey (SKM)")

    def ready(self) -> None:
        from bina.skm import registration

        registration.register()
