"""Scoped entry points to certificates and certificate batches: the only way pages, API and commands reach them.

Scope follows the enrolment (`bina.training.access.enrolment_scope`): one's own, one's reports',
one's unit subtree, the whole Pemda for admins; out of scope answers 404 like missing. A public
visitor (`Actor.public`) reaches one certificate by its number, in the Pemda of the page it is on.
"""

from __future__ import annotations

from django.db.models import QuerySet
from django.utils.translation import gettext as _

from bina.certificates.models import Certificate, CertificateBatch
from bina.core.actor import Actor
from bina.core.errors import NotFound
from bina.training.facade import classes_for, enrolment_scope


def certificates_for(actor: Actor) -> QuerySet[Certificate]:
    if actor.pemda_id is None:
        return Certificate.objects.none()
    # Scope subqueries are limited to the actor's Pemda already; see `bina.training.access.enrolments_for`
    # for why the Pemda filter is not repeated here.
    return Certificate.objects.filter(enrolment_scope(actor, prefix="enrolment__", pemda_field="pemda_id"))


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


def public_certificate(actor: Actor, number: str) -> Certificate | None:
    """The certificate a public page of the actor's Pemda may check, by its number.

    Only the Pemda of the page (`actor.public_pemda_id`): another Pemda's number under this Pemda's address
    is not found, so one Pemda's site never vouches for another's paper.
    """
    if actor.public_pemda_id is None or not number:
        return None
    return Certificate.objects.filter(number=number, pemda_id=actor.public_pemda_id).first()


def certificates_issued_count(actor: Actor, year: int) -> int:
    """Certificates issued in `year` to the employees the actor reads. A reach over the whole Pemda counts on
    the `(pemda, -issued_at)` index instead of walking every enrolment of the Pemda."""
    if actor.pemda_id is None:
        return 0
    qs = Certificate.objects.filter(issued_at__year=year)
    if actor.read_reach().whole_pemda:
        return qs.filter(pemda_id=actor.pemda_id).count()
    return qs.filter(enrolment_scope(actor, prefix="enrolment__", pemda_field="pemda_id")).count()
