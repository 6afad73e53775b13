from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class TrainingConfig(AppConfig):
    name = "bina.training"
    verbose_name = _("Training")

    def ready(self) -> None:
        from bina.training import registration

        registration.register()
