"""Writes of the quality app (public services): the catalogue and the holiday calendar (records: `bina.quality.records`)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from typing import Any

from django.db import transaction
from django.utils.translation import gettext as _

from bina.core.actor import Actor
from bina.core.audit import audit_changes, audit_record, track_changes
from bina.core.dates import format_date
from bina.core.errors import Conflict, PermissionDenied, ValidationFailed
from bina.core.text import TextInvalid, check_text
from bina.people.models import OrgUnitKind
from bina.quality import permissions
from bina.quality.catalogue import DEFAULT_SERVICES
from bina.quality.holidays_data import defaults_for
from bina.quality.models import Channel, Holiday, HolidayKind, ServiceType

SERVICE_TYPE_FIELDS = ("name", "unit_kind", "channels", "sla_minutes", "sla_working_days", "sla_source", "is_active")
HOLIDAY_FIELDS = ("date", "description", "kind")
# Bounds of an SLA a person can type: a counter service within one working day, a document within a year.
SLA_MINUTES_MAX = 24 * 60
SLA_WORKING_DAYS_MAX = 250
HOLIDAY_YEARS = range(2000, 2101)


@transaction.atomic
def service_catalogue_load(*, actor: Actor) -> int:
    """Create the default service types the actor's Pemda is missing; return how many were created.

    Idempotent and never overwrites: a Pemda's edited SLA or name stays as the Pemda set it.
    """
    if not permissions.can_manage_catalogue(actor) or actor.pemda_id is None:
        raise PermissionDenied(_("Only the BKPSDM admin can change the service catalogue."))
    pemda_id = actor.pemda_id
    have = set(ServiceType.objects.filter(pemda_id=pemda_id).values_list("code", flat=True))
    missing = [
        ServiceType(
            pemda_id=pemda_id,
            code=item.code,
            name=item.name,
            unit_kind=item.unit_kind,
            channels=list(item.channels),
            sla_minutes=item.sla_minutes,
            sla_working_days=item.sla_working_days,
            sla_source=item.source,
            order=order,
        )
        for order, item in enumerate(DEFAULT_SERVICES, start=1)
        if item.code not in have
    ]
    ServiceType.objects.bulk_create(missing)
    if missing:
        audit_record(
            action="quality.catalogue_load",
            actor=actor,
            target_label=", ".join(s.code for s in missing),
            detail={"codes": [s.code for s in missing]},
        )
    return len(missing)


def _require_manager(actor: Actor) -> int:
    if not permissions.can_manage_catalogue(actor) or actor.pemda_id is None:
        raise PermissionDenied(_("Only the BKPSDM admin can change the service catalogue."))
    return actor.pemda_id


def _text(data: Mapping[str, Any], field: str, max_length: int, *, required: bool) -> str:
    value = " ".join(str(data.get(field) or "").split())
    try:
        check_text(value)
    except TextInvalid as exc:
        raise ValidationFailed(exc.message, details=[{"field": field}]) from None
    if required and not value:
        raise ValidationFailed(_("Fill in this field."), details=[{"field": field}])
    if len(value) > max_length:
        raise ValidationFailed(
            _("The value is longer than %(max)d characters.") % {"max": max_length}, details=[{"field": field}]
        )
    return value


def service_type_clean(data: Mapping[str, Any], *, partial: bool = False) -> dict[str, Any]:
    """The one rule for a service type's fields (page, API and import alike).

    Exactly one SLA: minutes (1..1440, a counter service) or working days (1..250, a document
    issued later). `partial`: only the fields present are checked (an update); the SLA pair is
    checked whenever either of its fields is present.
    """
    values: dict[str, Any] = {}
    if not partial or "name" in data:
        values["name"] = _text(data, "name", 200, required=True)
    if "unit_kind" in data:
        kind = data.get("unit_kind") or ""
        if kind and kind not in OrgUnitKind.values:
            raise ValidationFailed(
                _("%(value)s is not a unit kind.") % {"value": kind}, details=[{"field": "unit_kind"}]
            )
        values["unit_kind"] = kind
    if "channels" in data:
        channels = list(dict.fromkeys(data.get("channels") or []))
        bad = [c for c in channels if c not in Channel.values]
        if bad:
            raise ValidationFailed(
                _("%(value)s is not a channel. Use loket, online or jemput_bola.") % {"value": bad[0]},
                details=[{"field": "channels"}],
            )
        values["channels"] = [c for c in Channel.values if c in channels]
    if "sla_source" in data:
        values["sla_source"] = _text(data, "sla_source", 300, required=False)
    if "is_active" in data:
        values["is_active"] = bool(data["is_active"])
    if not partial or "sla_minutes" in data or "sla_working_days" in data:
        minutes, days = data.get("sla_minutes"), data.get("sla_working_days")
        if (minutes is None) == (days is None):
            raise ValidationFailed(
                _("Give exactly one SLA: minutes (a counter service) or working days (a document issued later)."),
                details=[{"field": "sla_minutes"}, {"field": "sla_working_days"}],
            )
        if minutes is not None and not 1 <= int(minutes) <= SLA_MINUTES_MAX:
            raise ValidationFailed(
                _("An SLA in minutes is between 1 and %(max)d.") % {"max": SLA_MINUTES_MAX},
                details=[{"field": "sla_minutes"}],
            )
        if days is not None and not 1 <= int(days) <= SLA_WORKING_DAYS_MAX:
            raise ValidationFailed(
                _("An SLA in working days is between 1 and %(max)d.") % {"max": SLA_WORKING_DAYS_MAX},
                details=[{"field": "sla_working_days"}],
            )
        values["sla_minutes"] = None if minutes is None else int(minutes)
        values["sla_working_days"] = None if days is None else int(days)
    return values


def service_code_clean(code: Any) -> str:
    value = str(code or "").strip().upper()
    if not value:
        raise ValidationFailed(_("The service code is required."), details=[{"field": "code"}])
    if len(value) > 32 or not all(ch.isalnum() or ch in "-_." for ch in value):
        raise ValidationFailed(
            _("%(value)s is not a service code: up to 32 letters, digits, dashes or dots.") % {"value": value[:40]},
            details=[{"field": "code"}],
        )
    return value


@transaction.atomic
def service_type_create(*, actor: Actor, data: Mapping[str, Any]) -> ServiceType:
    """Add a service type to the actor's Pemda (code unique in the Pemda)."""
    pemda_id = _require_manager(actor)
    code = service_code_clean(data.get("code"))
    values = service_type_clean(data)
    if ServiceType.objects.filter(pemda_id=pemda_id, code=code).exists():
        raise Conflict(_("Service %(code)s already exists.") % {"code": code}, details=[{"field": "code"}])
    last = ServiceType.objects.filter(pemda_id=pemda_id).order_by("-order").values_list("order", flat=True).first()
    values.setdefault("channels", [Channel.LOKET.value])
    service = ServiceType.objects.create(pemda_id=pemda_id, code=code, order=(last or 0) + 1, **values)
    audit_record(action="quality.service_type_create", actor=actor, target=service, target_label=service.code)
    return service


@transaction.atomic
def service_type_update(*, actor: Actor, service: ServiceType, data: Mapping[str, Any]) -> ServiceType:
    """Change the fields present in `data`; the SLA stays exactly one of minutes or working days."""
    pemda_id = _require_manager(actor)
    if service.pemda_id != pemda_id:
        raise PermissionDenied(_("Only the BKPSDM admin can change the service catalogue."))
    values = service_type_clean(data, partial=True)
    changes = track_changes(service, values, SERVICE_TYPE_FIELDS)
    if changes:
        service.save()
        audit_changes(action="quality.service_type_update", actor=actor, target=service, changes=changes)
    return service


def holiday_clean(data: Mapping[str, Any], *, partial: bool = False) -> dict[str, Any]:
    values: dict[str, Any] = {}
    if not partial or "date" in data:
        day = data.get("date")
        if not isinstance(day, dt.date):
            raise ValidationFailed(_("The date is required."), details=[{"field": "date"}])
        if day.year not in HOLIDAY_YEARS:
            raise ValidationFailed(
                _("%(date)s is outside the years a calendar holds (2000-2100).") % {"date": day.isoformat()},
                details=[{"field": "date"}],
            )
        values["date"] = day
    if not partial or "description" in data:
        values["description"] = _text(data, "description", 200, required=True)
    if not partial or "kind" in data:
        kind = data.get("kind") or HolidayKind.NATIONAL.value
        if kind not in HolidayKind.values:
            raise ValidationFailed(
                _("%(value)s is not a kind of holiday.") % {"value": kind}, details=[{"field": "kind"}]
            )
        values["kind"] = kind
    return values


def _check_date_free(pemda_id: int, day: dt.date, *, exclude_pk: int | None = None) -> None:
    taken = Holiday.objects.filter(pemda_id=pemda_id, date=day)
    if exclude_pk is not None:
        taken = taken.exclude(pk=exclude_pk)
    if taken.exists():
        raise Conflict(
            _("%(date)s is already in the holiday calendar.") % {"date": format_date(day)}, details=[{"field": "date"}]
        )


@transaction.atomic
def holiday_create(*, actor: Actor, data: Mapping[str, Any]) -> Holiday:
    pemda_id = _require_manager(actor)
    values = holiday_clean(data)
    _check_date_free(pemda_id, values["date"])
    holiday = Holiday.objects.create(pemda_id=pemda_id, **values)
    audit_record(action="quality.holiday_create", actor=actor, target=holiday, target_label=holiday.date.isoformat())
    return holiday


@transaction.atomic
def holiday_update(*, actor: Actor, holiday: Holiday, data: Mapping[str, Any]) -> Holiday:
    pemda_id = _require_manager(actor)
    if holiday.pemda_id != pemda_id:
        raise PermissionDenied(_("Only the BKPSDM admin can change the service catalogue."))
    values = holiday_clean(data, partial=True)
    if "date" in values:
        _check_date_free(pemda_id, values["date"], exclude_pk=holiday.pk)
    changes = track_changes(holiday, values, HOLIDAY_FIELDS)
    if changes:
        holiday.save()
        audit_changes(action="quality.holiday_update", actor=actor, target=holiday, changes=changes)
    return holiday


@transaction.atomic
def holiday_delete(*, actor: Actor, holiday: Holiday) -> None:
    pemda_id = _require_manager(actor)
    if holiday.pemda_id != pemda_id:
        raise PermissionDenied(_("Only the BKPSDM admin can change the service catalogue."))
    audit_record(
        action="quality.holiday_delete",
        actor=actor,
        target_label=f"{holiday.date.isoformat()} {holiday.description}",
        detail={"date": holiday.date.isoformat(), "description": holiday.description, "kind": holiday.kind},
    )
    holiday.delete()


@transaction.atomic
def holidays_load(*, actor: Actor, years: Iterable[int]) -> int:
    """Add the default national holidays and cuti bersama of `years` that the Pemda's calendar lacks.

    Idempotent and never overwrites: a date the Pemda already has (edited, or its own local day off)
    stays as it is. Years without default data (`bina.quality.holidays_data.SOURCES`) add nothing.
    """
    pemda_id = _require_manager(actor)
    wanted = sorted(set(years))
    have = set(Holiday.objects.filter(pemda_id=pemda_id, date__year__in=wanted).values_list("date", flat=True))
    missing = [
        Holiday(pemda_id=pemda_id, date=h.date, description=h.stored_description, kind=h.kind)
        for h in defaults_for(wanted)
        if h.date not in have
    ]
    Holiday.objects.bulk_create(missing)
    if missing:
        audit_record(
            action="quality.holidays_load",
            actor=actor,
            target_label=", ".join(str(y) for y in wanted),
            detail={"years": wanted, "created": len(missing)},
        )
    return len(missing)
