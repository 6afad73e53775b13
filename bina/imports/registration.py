"""What the imports app plugs in: its API (one operation per registered kind) and its jobs' reclaim."""

from bina.core.registry import register_api


def register() -> None:
    from bina.imports.jobs import import_job_enqueue
    from bina.imports.models import ImportJob
    from bina.jobs.registry import register_job

    register_api("/imports", "bina.imports.api:router", 30)
    # An import whose worker died is reclaimed and run again (imports are atomic or idempotent).
    register_job(ImportJob, enqueue=import_job_enqueue)
