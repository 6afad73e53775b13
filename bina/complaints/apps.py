from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ComplaintsConfig(AppConfig):
    name = "bina.complaints"
    label = "complaints"
    verbose_name = _("Complaints")

    def ready(self) -> None:
        from bina.complaints import registration

        registration.register()
