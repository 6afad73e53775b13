from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class EvaluationConfig(AppConfig):
    name = "bina.evaluation"
    label = "evaluation"
    verbose_name = _("Training evaluation")

    def ready(self) -> None:
        from bina.evaluation import registration

        registration.register()
