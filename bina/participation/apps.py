from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ParticipationConfig(AppConfig):
    name = "bina.participation"
    label = "participation"
    verbose_name = _("Participation in training")

    def ready(self) -> None:
        from bina.participation import registration

        registration.register()
