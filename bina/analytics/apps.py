from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AnalyticsConfig(AppConfig):
    name = "bina.analytics"
    label = "analytics"
    verbose_name = _("Impact and participation")

    def ready(self) -> None:
        from bina.analytics import registration

        registration.register()
