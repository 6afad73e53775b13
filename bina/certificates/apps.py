from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CertificatesConfig(AppConfig):
    name = "bina.certificates"
    verbose_name = _("Certificates")

    def ready(self) -> None:
        from bina.certificates.models import CertificateBatch
        from bina.certificates.services import certificate_batch_enqueue
        from bina.jobs.registry import register_job

        # A batch whose worker died is reclaimed and run again (issued certificates are skipped).
        register_job(CertificateBatch, enqueue=certificate_batch_enqueue)
