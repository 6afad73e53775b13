from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CompetenciesConfig(AppConfig):
    name = "bina.competencies"
    verbose_name = _("Competencies")

    def ready(self) -> None:
        from bina.competencies import registration

        registration.register()
