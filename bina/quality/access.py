"""Scoped entry points to the service catalogue, the holiday calendar and the service records.

- The catalogue and the holiday calendar are the Pemda's own configuration: every member of the Pemda
  reads them (a public actor reads them through the public selectors of the apps that publish them).
- Records are read within the actor's read reach (unit subtrees; the admin and Pemda-wide leaders the
  whole Pemda) and written within the write reach.
- Rollups (the figures) are read within the read reach too. Per-officer figures are personal data
  (UU 27/2022): only the admin reads them for everyone; an officer reads their own and a supervisor
  those of their direct and indirect reports, wherever those serve (`officer_rollups_for`,
  `bina.quality.permissions.can_read_officer_figures`).
"""

from __future__ import annotations

from datetime import date

from django.db.models import Q, QuerySet
from django.utils.translation import gettext as _

from bina.core.actor import Actor
from bina.core.errors import NotFound
from bina.people.access import reach_q
from bina.people.models import OrgUnit
from bina.people.selectors import reports_subquery
from bina.quality.models import (
    Holiday,
    ServiceDataWarningDay,
    ServiceDayRollup,
    ServiceMonthRollup,
    ServicePemdaMonthRollup,
    ServiceRecord,
    ServiceType,
)


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


def _units_in_reach(actor: Actor, pemda_id: int) -> QuerySet[OrgUnit] | None:
    """Units whose figures the actor reads; None for the whole Pemda (no unit filter needed)."""
    reach = actor.read_reach()
    if reach.whole_pemda:
        return None
    return OrgUnit.objects.filter(reach_q("path", reach), pemda_id=pemda_id)


def day_rollups_for(actor: Actor) -> QuerySet[ServiceDayRollup]:
    """Day rollups of the units in the actor's read reach (a subquery over the small unit table)."""
    if actor.pemda_id is None or actor.read_reach().is_empty:
        return ServiceDayRollup.objects.none()
    qs = ServiceDayRollup.objects.filter(pemda_id=actor.pemda_id)
    units = _units_in_reach(actor, actor.pemda_id)
    return qs if units is None else qs.filter(unit_id__in=units.values("pk"))


def month_rollups_for(actor: Actor) -> QuerySet[ServiceMonthRollup]:
    if actor.pemda_id is None or actor.read_reach().is_empty:
        return ServiceMonthRollup.objects.none()
    qs = ServiceMonthRollup.objects.filter(pemda_id=actor.pemda_id)
    units = _units_in_reach(actor, actor.pemda_id)
    return qs if units is None else qs.filter(unit_id__in=units.values("pk"))


def data_warnings_for(actor: Actor) -> QuerySet[ServiceDataWarningDay]:
    """Data-quality warning counts (unit × day × kind) of the units in the actor's read reach."""
    if actor.pemda_id is None or actor.read_reach().is_empty:
        return ServiceDataWarningDay.objects.none()
    qs = ServiceDataWarningDay.objects.filter(pemda_id=actor.pemda_id)
    units = _units_in_reach(actor, actor.pemda_id)
    return qs if units is None else qs.filter(unit_id__in=units.values("pk"))


def pemda_rollups_for(actor: Actor) -> QuerySet[ServicePemdaMonthRollup]:
    """The Pemda-wide tier: only for an actor who reads the whole Pemda (it cannot be narrowed to units)."""
    if actor.pemda_id is None or not actor.read_reach().whole_pemda:
        return ServicePemdaMonthRollup.objects.none()
    return ServicePemdaMonthRollup.objects.filter(pemda_id=actor.pemda_id)


def officer_rollups_for(actor: Actor) -> QuerySet[ServiceDayRollup]:
    """Day rollups of the officers whose figures the actor may see (UU 27/2022: personal data).

    The admin (and the Pemda's system actor): every officer. Anyone else: their own rows and, for a
    supervisor, those of their direct and indirect reports; a leader's unit reach alone is not enough.
    Rows without an officer are nobody's personal figures and are not part of a per-officer view.
    """
    if actor.pemda_id is None:
        return ServiceDayRollup.objects.none()
    qs = ServiceDayRollup.objects.filter(pemda_id=actor.pemda_id, officer__isnull=False)
    if actor.is_admin:
        return qs
    if actor.employee_id is None:
        return ServiceDayRollup.objects.none()
    mine = Q(officer_id=actor.employee_id)
    if actor.is_supervisor:
        mine |= Q(officer_id__in=reports_subquery(actor.employee_id))
    return qs.filter(mine)
