"""Which models are jobs (so the reclaimer finds them) and what each failure code says.

Domain apps register in their `AppConfig.ready()`:
`register_job(CertificateBatch, enqueue=lambda pk: generate_class_certificates.enqueue(pk))`.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from bina.core.actor import Actor
from bina.jobs.models import Job


@dataclass(frozen=True)
class JobKind:
    model: type[Job]
    # Queue a run of the job with this primary key (called after the reclaim commits).
    enqueue: Callable[[int], Any]
    max_attempts: int | None = None  # None: settings.JOBS_MAX_ATTEMPTS


_KINDS: dict[str, JobKind] = {}
_FAILURES: dict[str, str | Promise] = {
    "worker_lost": _(
        "The worker running this job stopped responding; the job was given up after %(attempts)d attempt(s). "
        "Start it again."
    ),
    "error": _("An unexpected error: %(error)s"),
    "refused": _("Refused: %(error)s"),
}


def register_job(model: type[Job], *, enqueue: Callable[[int], Any], max_attempts: int | None = None) -> None:
    _KINDS[model._meta.label_lower] = JobKind(model=model, enqueue=enqueue, max_attempts=max_attempts)


def job_kinds() -> list[JobKind]:
    return list(_KINDS.values())


def job_kind_for(model: type[Job]) -> JobKind | None:
    return _KINDS.get(model._meta.label_lower)


def register_failure(code: str, message: str | Promise) -> None:
    """A failure code of a domain job, with its message (`%(name)s` placeholders take the params)."""
    _FAILURES[code] = message


def failure_message(code: str, params: Mapping[str, Any] | None) -> str:
    template = _FAILURES.get(code)
    if template is None:
        return str(code)
    try:
        return str(template) % dict(params or {})
    except (KeyError, TypeError, ValueError):
        return str(template)


# How a job acts as the user who started it. The accounts app (which knows users' roles) registers
# it; core-level apps cannot import accounts.
_actor_loader: Callable[[Any], Actor] | None = None


def register_actor_loader(loader: Callable[[Any], Actor]) -> None:
    global _actor_loader
    _actor_loader = loader


def actor_for_job_user(user: Any) -> Actor:
    """The actor of a job's starter; anonymous (no rights) when there is none or no loader."""
    if user is None or _actor_loader is None:
        return Actor.anonymous()
    return _actor_loader(user)
