from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AssessmentsConfig(AppConfig):
    name = "bina.assessments"
    label = "assessments"
    verbose_name = _("Assessments")

    def ready(self) -> None:
        from bina.assessments import registration

        registration.register()
