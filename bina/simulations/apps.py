from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SimulationsConfig(AppConfig):
    name = "bina.simulations"
    verbose_name = _("Simulations")

    def ready(self) -> None:
        from bina.simulations import registration

        registration.register()
