"""One permission function per certificate action; they agree with the scoped querysets in `access`.

The BKPSDM admin of the Pemda (or the system actor of that Pemda, which has the admin's reach) issues,
revokes and sets up certificates; nobody acts on another Pemda's certificates.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from bina.core.actor import Actor
    from bina.training.facade import Enrolment, TrainingClass


def _same_pemda(actor: Actor, pemda_id: int | None) -> bool:
    return actor.pemda_id is not None and actor.pemda_id == pemda_id


def can_edit_certificate_settings(actor: Actor, pemda_id: int) -> bool:
    """Issuer, signer and number prefix printed on a Pemda's certificates: its BKPSDM admin."""
    return _same_pemda(actor, pemda_id) and actor.is_admin


def can_issue_certificates(actor: Actor, klass: TrainingClass) -> bool:
    return _same_pemda(actor, klass.pemda_id) and actor.is_admin


def can_issue_certificate(actor: Actor, enrolment: Enrolment) -> bool:
    """One enrolment's certificate (the batch worker issues them one by one): same rule as the class's."""
    return _same_pemda(actor, enrolment.pemda_id) and actor.is_admin


def can_revoke_certificate(actor: Actor, pemda_id: int) -> bool:
    return _same_pemda(actor, pemda_id) and actor.is_admin
