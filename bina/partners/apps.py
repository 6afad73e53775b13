from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PartnersConfig(AppConfig):
    name = "bina.partners"
    verbose_name = _("Partners and instructors")

    def ready(self) -> None:
        from bina.partners import registration

        registration.register()
