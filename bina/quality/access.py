"""Scoped entry points to the service catalogue, the holiday calendar and the service records.

- The catalogue and the holiday calendar are the Pemda's own configuration: every member of the Pemda
  reads them (a public actor reads them through the public selectors of the apps that publish them).
- Records are read within the actor's read reach (unit subtrees; the admin and Pemda-wide leaders the
  whole Pemda) and written within the write reach.
"""

from __future__ import annotations

from datetime import date

from django.db.models import QuerySet
from django.utils.translation import gettext as _

from bina.core.actor import Actor
from bina.core.errors import NotFound
from bina.people.access import reach_q
from bina.quality.models import Holiday, ServiceRecord, ServiceType


def service_types_for(actor: Actor) -> QuerySet[ServiceType]:
    if actor.pemda_id is None:
        return ServiceType.objects.none()
    return ServiceType.objects.filter(pemda_id=actor.pemda_id)


def get_service_type_for_user(actor: Actor, service_code: str) -> ServiceType:
    try:
        return service_types_for(actor).get(code=service_code)
    except ServiceType.DoesNotExist:
        raise NotFound(_("No service %(code)s was found.") % {"code": service_code}) from None


def holidays_for(actor: Actor) -> QuerySet[Holiday]:
    if actor.pemda_id is None:
        return Holiday.objects.none()
    return Holiday.objects.filter(pemda_id=actor.pemda_id)


def get_holiday_for_user(actor: Actor, pk: int) -> Holiday:
    obj = holidays_for(actor).filter(pk=pk).first()
    if obj is None:
        raise NotFound(_("No holiday %(key)s was found.") % {"key": pk})
    return obj


def holiday_dates(pemda_id: int, start: date | None = None, end: date | None = None) -> frozenset[date]:
    """The Pemda's holiday calendar as a set of dates (for `bina.quality.workdays`).

    Keyed by the Pemda of the object being measured (a record, a complaint), not by a reader's reach:
    the calendar is configuration every face of the Pemda shares.
    """
    qs = Holiday.objects.filter(pemda_id=pemda_id)
    if start is not None:
        qs = qs.filter(date__gte=start)
    if end is not None:
        qs = qs.filter(date__lte=end)
    return frozenset(qs.values_list("date", flat=True))


def service_records_for(actor: Actor, *, write: bool = False) -> QuerySet[ServiceRecord]:
    if actor.pemda_id is None:
        return ServiceRecord.objects.none()
    reach = actor.write_reach() if write else actor.read_reach()
    if reach.is_empty:
        return ServiceRecord.objects.none()
    return ServiceRecord.objects.filter(reach_q("unit__path", reach), pemda_id=actor.pemda_id)
