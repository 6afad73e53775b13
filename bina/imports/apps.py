from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ImportsConfig(AppConfig):
    name = "bina.imports"
    label = "imports"
    verbose_name = _("Imports")

    def ready(self) -> None:
        from bina.imports.jobs import import_job_enqueue
        from bina.imports.models import ImportJob
        from bina.jobs.registry import register_job

        register_job(ImportJob, enqueue=import_job_enqueue)
