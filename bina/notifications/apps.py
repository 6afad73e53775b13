from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class NotificationsConfig(AppConfig):
    name = "bina.notifications"
    verbose_name = _("Notifications")

    def ready(self) -> None:
        from bina.notifications import registration

        registration.register()
