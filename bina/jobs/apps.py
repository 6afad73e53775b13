from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


def _reclaim() -> str:
    from bina.jobs.services import jobs_reclaim

    items = jobs_reclaim()
    return f"reclaimed={len(items)}" + "".join(f" {i.model}:{i.pk}:{i.outcome}" for i in items)


class JobsConfig(AppConfig):
    name = "bina.jobs"
    label = "jobs"
    verbose_name = _("Background jobs")

    def ready(self) -> None:
        from bina.jobs.periodic import Periodic, register_periodic

        # Jobs whose worker died go back to the queue (or fail) about a minute after they went quiet.
        register_periodic(Periodic("jobs.reclaim", every=60, run=_reclaim))
