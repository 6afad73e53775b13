"""Reading certificates: scoped lists for logged-in users, and the public verification view.

Scope follows the enrolment (`bina.training.access.enrolments_for`): one's own, one's reports',
one's unit subtree, the whole Pemda for admins; out of scope answers 404 like missing. A public
visitor (`Actor.public`) reads nothing through those; `certificate_public_for` is what their page shows.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from django.db.models import Exists, OuterRef, QuerySet
from django.utils.crypto import constant_time_compare
from django.utils.translation import gettext as _

from bina.certificates import access
from bina.certificates.models import BatchStatus, Certificate, CertificateBatch
from bina.core.actor import Actor
from bina.core.confirm import Confirmation
from bina.people.nip import mask_nip
from bina.training.facade import classes_for


def certificate_search(
    qs: QuerySet[Certificate], *, year: int | None = None, klass_id: int | None = None
) -> QuerySet[Certificate]:
    if year:
        qs = qs.filter(year=year)
    if klass_id:
        qs = qs.filter(enrolment__klass_id=klass_id)
    return qs.select_related("enrolment__klass").order_by("-issued_at", "-pk")


def class_certificate_count(klass_id: int) -> int:
    return Certificate.objects.filter(enrolment__klass_id=klass_id).count()


def employee_valid_certificates(employee_id: int) -> QuerySet[Certificate]:
    """An employee's certificates that are not revoked, newest first (their own learning page)."""
    return Certificate.objects.filter(enrolment__employee_id=employee_id, revoked_at__isnull=True).order_by(
        "-issued_at"
    )


def latest_batch(klass_id: int) -> CertificateBatch | None:
    return CertificateBatch.objects.filter(klass_id=klass_id).order_by("-created_at", "-pk").first()


def mask_name(name: str) -> str:
    """`Siti Aminah` → `S*** A*****`: enough to recognise, not enough to identify a stranger."""
    return " ".join(word[0] + "*" * (len(word) - 1) for word in name.split() if word)


@dataclass(frozen=True)
class PublicCertificate:
    """What the public check shows anyone: never more personal data than the certificate itself needs.

    The one declaration of the public view: the verify page renders it and the public API answers
    exactly these fields (`GET /api/v1/certificates/verify/{number}`). The holder's name is masked
    unless the QR key is given.
    """

    number: str
    valid: bool
    revoked_at: datetime | None
    course_title: str
    jp: int
    starts_on: date
    ends_on: date
    issuer_name: str
    holder_name: str


@dataclass(frozen=True)
class PublicCertificateCheck(PublicCertificate):
    """The public view plus what only the holder of the paper (the QR key) sees on the verify page."""

    holder_nip: str | None
    key_matches: bool


def certificate_public_for(actor: Actor, number: str, key: str | None = None) -> PublicCertificateCheck | None:
    """What a public page of the actor's Pemda shows about a certificate, or None ("not found", same shape).

    Only the Pemda of the page (`actor.public_pemda_id`): another Pemda's number under this Pemda's address
    is not found, so one Pemda's site never vouches for another's paper.
    """
    cert = access.public_certificate(actor, number)
    return _public_view(cert, key) if cert is not None else None


def certificate_public(number: str, key: str | None = None) -> PublicCertificateCheck | None:
    """The public check by number alone (the API, which has no Pemda in its URL): the number names the Pemda."""
    pemda_id = Certificate.objects.filter(number=number).values_list("pemda_id", flat=True).first()
    if pemda_id is None:
        return None
    return certificate_public_for(Actor.public(pemda_id), number, key)


def certificate_pemda_slug(number: str) -> str | None:
    """Which Pemda's public site checks this number: where the old `/verify/<number>/` links now lead."""
    return Certificate.objects.filter(number=number).values_list("pemda__slug", flat=True).first()


def _public_view(cert: Certificate, key: str | None) -> PublicCertificateCheck:
    matches = bool(key) and constant_time_compare(key or "", cert.verify_key)
    return PublicCertificateCheck(
        number=cert.number,
        valid=cert.is_valid,
        revoked_at=cert.revoked_at,
        course_title=cert.course_title,
        jp=cert.jp,
        starts_on=cert.starts_on,
        ends_on=cert.ends_on,
        issuer_name=cert.issuer_name,
        holder_name=cert.holder_name if matches else mask_name(cert.holder_name),
        holder_nip=mask_nip(cert.holder_nip) if matches else None,
        key_matches=matches,
    )


def certificate_revoke_confirmation(cert: Certificate) -> Confirmation:
    """The confirmation step of revoking (bina.core.confirm): the holder is told and the public check changes."""
    params = {"number": cert.number, "name": cert.holder_name, "course": cert.course_title}
    return Confirmation(
        title=_("Revoke certificate %(number)s?") % params,
        consequence=_(
            "The certificate of %(name)s for %(course)s is revoked: its public verification page and the QR "
            "code on the PDF will say it is no longer valid."
        )
        % params,
        people=_("1 person is told, with your reason: %(name)s.") % params,
        button=_("Yes, revoke the certificate"),
        reason_field="reason",
        reason_label=_("Reason"),
    )


def failed_batches(actor: Actor) -> QuerySet[CertificateBatch]:
    """The latest batch of each class, where it failed: what the admin must run again (scoped like batches)."""
    newer = CertificateBatch.objects.filter(klass_id=OuterRef("klass_id"), created_at__gt=OuterRef("created_at"))
    return (
        CertificateBatch.objects.filter(klass__in=classes_for(actor).values("pk"), status=BatchStatus.FAILED)
        .exclude(Exists(newer))
        .order_by("-created_at", "-pk")
    )
