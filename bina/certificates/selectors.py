"""Reading certificates: scoped lists for logged-in users, and the public verification view.

Scope follows the enrolment (`bina.training.access.enrolments_for`): one's own, one's reports',
one's unit subtree, the whole Pemda for admins; out of scope answers 404 like missing.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from django.db.models import QuerySet
from django.utils.crypto import constant_time_compare
from django.utils.translation import gettext as _

from bina.certificates.models import Certificate, CertificateBatch
from bina.core.actor import Actor
from bina.core.errors import NotFound
from bina.people.nip import mask_nip
from bina.training.access import classes_for, enrolment_scope


def certificates_for(actor: Actor) -> QuerySet[Certificate]:
    if actor.pemda_id is None:
        return Certificate.objects.none()
    scope = enrolment_scope(actor, prefix="enrolment__")
    if scope is None:
        return Certificate.objects.filter(pemda_id=actor.pemda_id)
    # Scope subqueries are limited to the actor's Pemda already; see `bina.training.access.enrolments_for`
    # for why the Pemda filter is not repeated here.
    return Certificate.objects.filter(scope)


def certificate_search(
    qs: QuerySet[Certificate], *, year: int | None = None, klass_id: int | None = None
) -> QuerySet[Certificate]:
    if year:
        qs = qs.filter(year=year)
    if klass_id:
        qs = qs.filter(enrolment__klass_id=klass_id)
    return qs.select_related("enrolment__klass").order_by("-issued_at", "-pk")


def get_certificate_for_user(actor: Actor, pk: int) -> Certificate:
    obj = (
        certificates_for(actor)
        .select_related("enrolment", "enrolment__klass", "enrolment__employee")
        .filter(pk=pk)
        .first()
    )
    if obj is None:
        raise NotFound(_("No certificate %(key)s was found.") % {"key": pk})
    return obj


def get_certificate_by_number_for_user(actor: Actor, number: str) -> Certificate:
    obj = certificates_for(actor).select_related("enrolment", "enrolment__klass").filter(number=number).first()
    if obj is None:
        raise NotFound(_("No certificate %(key)s was found.") % {"key": number})
    return obj


def get_batch_for_user(actor: Actor, pk: int) -> CertificateBatch:
    obj = CertificateBatch.objects.filter(pk=pk, klass__in=classes_for(actor).values("pk")).first()
    if obj is None or not actor.is_admin:
        raise NotFound(_("No certificate batch %(key)s was found.") % {"key": pk})
    return obj


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
    """What the public check may show: never more personal data than the certificate itself needs."""

    number: str
    valid: bool
    revoked_at: datetime | None
    course_title: str
    jp: int
    starts_on: date
    ends_on: date
    issuer_name: str
    holder_name: str
    holder_nip: str | None
    key_matches: bool


def certificate_public(number: str, key: str | None = None) -> PublicCertificate | None:
    """The public view of a certificate, or None (the caller answers "not found", same shape)."""
    cert = Certificate.objects.filter(number=number).first()
    if cert is None:
        return None
    matches = bool(key) and constant_time_compare(key or "", cert.verify_key)
    return PublicCertificate(
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
