"""What the certificates app plugs in: its navigation entry and the training hooks it fills."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext_lazy as _

from bina.core.actor import Actor
from bina.core.public import PublicPage, register_public_page
from bina.core.registry import NavEntry, TodoItem, TodoSource, register_api, register_nav, register_pages, register_todo
from bina.jobs.registry import register_job
from bina.training.facade import hooks


def _on_class_completed(actor: Actor, klass: Any) -> int | None:
    """Reinstate what a reopening voided, then queue the certificates of graduates that have none yet."""
    from bina.certificates.services import (
        certificate_batch_create,
        class_certificates_reinstate,
        class_needs_certificates,
    )

    class_certificates_reinstate(actor=actor, klass=klass)
    if not class_needs_certificates(klass):
        return None
    return certificate_batch_create(actor=actor, klass=klass).pk


def _on_class_reopened(actor: Actor, klass: Any, reason: str) -> int:
    from bina.certificates.services import class_certificates_void

    return class_certificates_void(actor=actor, klass=klass, reason=reason)


def _class_panel(actor: Actor, klass: Any, is_admin: bool) -> dict[str, Any]:
    from bina.certificates.models import BatchStatus
    from bina.certificates.selectors import class_certificate_count, latest_batch
    from bina.certificates.services import class_needs_certificates
    from bina.training.facade import ClassStatus

    if not is_admin:
        return {"panel_batch": None, "panel_issued": None, "panel_can_generate": False}
    batch = latest_batch(klass.pk)
    busy = batch is not None and batch.status in (BatchStatus.QUEUED, BatchStatus.RUNNING)
    return {
        "panel_batch": batch,
        "panel_issued": class_certificate_count(klass.pk),
        # Missing certificates are generated for a completed class, when no batch is under way.
        "panel_can_generate": klass.status == ClassStatus.COMPLETED and not busy and class_needs_certificates(klass),
    }


def _reopen_refusal(actor: Actor, klass: Any) -> Any:
    """A class whose certificates are still being generated cannot be reopened: the batch would issue them anyway."""
    from bina.certificates.models import CertificateBatch
    from bina.core.errors import Conflict
    from bina.jobs.models import ACTIVE

    if CertificateBatch.objects.filter(klass=klass, status__in=ACTIVE).exists():
        return Conflict(
            _("The certificates of this class are still being generated; reopen it when the batch has finished."),
            code="certificate_batch_running",
        )
    return None


def _valid_certificates(klass: Any) -> int:
    from bina.certificates.services import class_valid_certificate_count

    return class_valid_certificate_count(klass)


def _employee_certificates(pemda_id: int, employee_id: int) -> list[Any]:
    from bina.certificates.selectors import employee_valid_certificates

    return list(employee_valid_certificates(employee_id)[:50])


def _certificates_issued(actor: Actor, year: int) -> int:
    from bina.certificates.access import certificates_issued_count

    return certificates_issued_count(actor, year)


def _failed_batches(actor: Actor) -> list[TodoItem]:
    """Certificate batches that failed and were not followed by a newer one for the same class."""
    if actor.pemda_id is None or not actor.is_admin:
        return []
    from django.urls import reverse
    from django.utils.translation import gettext

    from bina.certificates.selectors import failed_batches

    failed = list(failed_batches(actor).values_list("pk", flat=True)[:101])
    url = reverse("certificates:batch_status", args=[failed[0]]) if failed else reverse("certificates:list")
    return [TodoItem(gettext("certificate batches failed"), len(failed), url, tone="alert")]


def register() -> None:
    from bina.certificates.models import CertificateBatch
    from bina.certificates.services import certificate_batch_enqueue

    # A batch whose worker died is reclaimed and run again (issued certificates are skipped).
    register_job(CertificateBatch, enqueue=certificate_batch_enqueue)
    register_pages("certificates/", "bina.certificates.urls", 70)
    # What the QR codes of certificates printed before `/p/<slug>/verify/` open: redirects there.
    register_pages("verify/", "bina.certificates.urls_legacy", 71)
    # Public (no login): the check on each Pemda's public site, `/p/<slug>/verify/`.
    register_public_page(
        PublicPage(
            key="verify",
            urls="bina.certificates.urls_public",
            entry="search",
            title=_("Certificate verification"),
            description=_("Check that a training certificate issued by this Pemda is genuine and valid."),
            order=10,
        )
    )
    register_api("/", "bina.certificates.api:router", 70)
    register_nav(
        NavEntry(
            "certificates:list",
            _("Certificates"),
            80,
            lambda actor: actor.pemda_id is not None,
            sections=("certificates:",),
            group="training",
        )
    )
    hooks.class_completed.append(_on_class_completed)
    hooks.class_panel.append(_class_panel)
    hooks.class_reopen_refusal.append(_reopen_refusal)
    hooks.class_valid_certificates.append(_valid_certificates)
    hooks.class_reopened.append(_on_class_reopened)
    hooks.employee_certificates.append(_employee_certificates)
    hooks.certificates_issued.append(_certificates_issued)
    register_todo(TodoSource("certificates.failed", 20, _failed_batches))
