"""Writes to units and employees. Every change is atomic, audited, and keeps history."""

from __future__ import annotations

import re
from collections.abc import Sequence
from datetime import date, timedelta
from typing import Any

from django.db import transaction
from django.db.models import F, Value
from django.db.models.functions import Concat, Substr
from django.utils import timezone
from django.utils.translation import gettext as _

from bina.core.actor import Actor
from bina.core.audit import audit_changes, audit_record, track_changes
from bina.core.errors import Conflict, PermissionDenied, ValidationFailed
from bina.core.models import Pemda
from bina.people import permissions
from bina.people.models import Employee, EmployeeStatus, EmploymentRecord, OrgUnit
from bina.people.nip import NipError, NipInfo, nip_normalise, parse_nip
from bina.people.validators import FieldInvalid, clean_employee_fields

# Academic and professional titles, before or after the name ("Dr. Ir. BUDI, S.T., M.M.").
_TITLE_TOKEN = re.compile(r"^(dr|drs|dra|ir|h|hj|prof|apt|ns|drg)\.?$", re.IGNORECASE)


def sort_name_for(name: str) -> str:
    """The name without academic titles, lower-cased: what people sort and search by."""
    core = name.split(",")[0]
    words = [w for w in core.replace(".", ". ").split() if not _TITLE_TOKEN.match(w)]
    return " ".join(words).lower()[:200]


# --- organisation units -----------------------------------------------------------------


def _unit_path(unit: OrgUnit) -> tuple[str, int]:
    if unit.parent is None:
        return f"/{unit.pk}/", 0
    return f"{unit.parent.path}{unit.pk}/", unit.parent.depth + 1


@transaction.atomic
def org_unit_create(
    *, actor: Actor, pemda: Pemda, code: str, name: str, kind: str, parent: OrgUnit | None = None
) -> OrgUnit:
    if parent is not None and parent.pemda_id != pemda.pk:
        raise ValidationFailed(_("The parent unit belongs to another Pemda."))
    if parent is None and not (actor.is_admin and actor.pemda_id == pemda.pk):
        raise PermissionDenied(_("Only a BKPSDM admin can create a top-level unit."))
    if parent is not None and not permissions.can_manage_org_unit(actor, parent):
        raise PermissionDenied(_("You cannot add units under %(unit)s.") % {"unit": parent.name})
    if OrgUnit.objects.filter(pemda=pemda, code=code).exists():
        raise Conflict(_("A unit with code %(code)s already exists.") % {"code": code})
    unit = OrgUnit.objects.create(pemda=pemda, code=code, name=name, kind=kind, parent=parent)
    unit.path, unit.depth = _unit_path(unit)
    unit.save(update_fields=["path", "depth"])
    audit_record(action="org_unit.create", actor=actor, pemda_id=pemda.pk, target=unit)
    return unit


@transaction.atomic
def org_unit_update(*, actor: Actor, unit: OrgUnit, name: str | None = None, kind: str | None = None) -> OrgUnit:
    if not permissions.can_manage_org_unit(actor, unit):
        raise PermissionDenied(_("You cannot change this unit."))
    given = {key: value for key, value in (("name", name), ("kind", kind)) if value is not None}
    changes = track_changes(unit, given)
    if changes:
        unit.save(update_fields=["name", "kind", "updated_at"])
        audit_changes(action="org_unit.update", actor=actor, target=unit, changes=changes)
    return unit


@transaction.atomic
def org_unit_move(*, actor: Actor, unit: OrgUnit, new_parent: OrgUnit | None) -> OrgUnit:
    """Re-hang a unit (and its whole subtree) under another parent with one UPDATE of the paths."""
    if not permissions.can_manage_org_unit(actor, unit):
        raise PermissionDenied(_("You cannot move this unit."))
    if new_parent is not None and not permissions.can_manage_org_unit(actor, new_parent):
        raise PermissionDenied(_("You cannot move units under %(unit)s.") % {"unit": new_parent.name})
    if new_parent is not None:
        if new_parent.pemda_id != unit.pemda_id:
            raise ValidationFailed(_("A unit cannot move to another Pemda."))
        if new_parent.path.startswith(unit.path):
            raise ValidationFailed(_("A unit cannot be moved under itself or one of its own sub-units."))
        if new_parent.closed_on is not None:
            raise ValidationFailed(_("%(unit)s is closed; units cannot be moved under it.") % {"unit": new_parent.name})
    old_path, old_depth = unit.path, unit.depth
    old_parent_id = unit.parent_id
    unit.parent = new_parent
    new_path, new_depth = _unit_path(unit)
    OrgUnit.objects.filter(pemda_id=unit.pemda_id, path__startswith=old_path).update(
        path=Concat(Value(new_path), Substr(F("path"), len(old_path) + 1)),
        depth=F("depth") + (new_depth - old_depth),
    )
    OrgUnit.objects.filter(pk=unit.pk).update(parent=new_parent)
    unit.refresh_from_db()
    audit_changes(
        action="org_unit.move",
        actor=actor,
        target=unit,
        changes={"parent": [old_parent_id, new_parent.pk if new_parent else None]},
    )
    return unit


@transaction.atomic
def org_unit_close(*, actor: Actor, unit: OrgUnit, on: date | None = None) -> OrgUnit:
    """Close a unit. History keeps pointing at it; it must be empty of active people and units first."""
    if not permissions.can_manage_org_unit(actor, unit):
        raise PermissionDenied(_("You cannot close this unit."))
    if unit.closed_on is not None:
        return unit
    active_children = OrgUnit.objects.filter(parent=unit, closed_on__isnull=True).count()
    if active_children:
        raise Conflict(
            _("%(unit)s still has %(n)d open sub-unit(s); move or close them first.")
            % {"unit": unit.name, "n": active_children}
        )
    people = Employee.objects.filter(unit=unit).exclude(status__in=[EmployeeStatus.PENSIUN, EmployeeStatus.BERHENTI])
    count = people.count()
    if count:
        raise Conflict(
            _("%(unit)s still has %(n)d active employee(s); move them to another unit first.")
            % {"unit": unit.name, "n": count}
        )
    unit.closed_on = on or timezone.localdate()
    unit.save(update_fields=["closed_on", "updated_at"])
    audit_record(action="org_unit.close", actor=actor, target=unit, detail={"closed_on": unit.closed_on.isoformat()})
    return unit


@transaction.atomic
def org_unit_delete(*, actor: Actor, unit: OrgUnit) -> None:
    """Delete only a unit nothing points at (a mistake just made); otherwise close it."""
    if not permissions.can_manage_org_unit(actor, unit):
        raise PermissionDenied(_("You cannot delete this unit."))
    if (
        unit.children.exists()
        or unit.employees.exists()
        or unit.employment_records.exists()
        or unit.role_assignments.exists()
    ):
        raise Conflict(
            _("%(unit)s has sub-units, people or history; close it instead of deleting it.") % {"unit": unit.name}
        )
    audit_record(action="org_unit.delete", actor=actor, target=unit)
    unit.delete()


# --- employees --------------------------------------------------------------------------

EMPLOYEE_FIELDS = (
    "name",
    "gender",
    "birth_date",
    "asn_type",
    "golongan",
    "position_name",
    "position_kind",
    "unit",
    "supervisor",
    "education",
    "status",
    "email",
    "phone",
)
# A change to any of these closes the current employment record and opens a new one.
HISTORY_FIELDS = ("unit", "position_name", "position_kind", "golongan")


def nip_contradictions(info: NipInfo, *, birth_date: date, gender: str, asn_type: str) -> list[tuple[str, str]]:
    """Fields whose value contradicts what the NIP encodes, as (field, message) pairs.

    The NIP carries birth date, gender and PNS/PPPK (shared/domain "NIP"; PP 11/2017), so a
    record that disagrees with its own NIP is wrong in one of the two and must not be stored.
    """
    problems: list[tuple[str, str]] = []
    if birth_date != info.birth_date:
        problems.append(
            (
                "birth_date",
                _("birth date %(value)s differs from the NIP (%(nip)s).")
                % {"value": birth_date, "nip": info.birth_date},
            )
        )
    if gender != info.gender:
        problems.append(
            ("gender", _("gender %(value)s differs from the NIP (%(nip)s).") % {"value": gender, "nip": info.gender})
        )
    if asn_type != info.asn_type:
        problems.append(
            (
                "asn_type",
                _("ASN type %(value)s differs from the NIP (%(nip)s).") % {"value": asn_type, "nip": info.asn_type},
            )
        )
    return problems


def _check_consistent_with_nip(nip: str, data: dict[str, Any]) -> dict[str, Any]:
    """Fill birth date, gender, ASN type and TMT from the NIP; refuse values that contradict it."""
    try:
        info = parse_nip(nip)
    except NipError as exc:
        raise ValidationFailed(exc.message, details=[{"field": "nip", "part": exc.part}]) from exc
    data.setdefault("birth_date", info.birth_date)
    data.setdefault("gender", info.gender)
    data.setdefault("asn_type", info.asn_type)
    problems = nip_contradictions(info, birth_date=data["birth_date"], gender=data["gender"], asn_type=data["asn_type"])
    if problems:
        raise ValidationFailed(" ".join(message for _field, message in problems), details=[{"field": "nip"}])
    data["appointed_on"] = info.appointed_on
    return data


def _checked_fields(values: dict[str, Any], *, asn_type: str) -> dict[str, Any]:
    """The field rules of `bina.people.validators`, the import's: a refusal is a 422 naming the field."""
    try:
        return clean_employee_fields(values, asn_type=asn_type)
    except FieldInvalid as exc:
        raise ValidationFailed(exc.message, details=[{"field": exc.field, "code": exc.code}]) from None


@transaction.atomic
def employee_create(*, actor: Actor, pemda: Pemda, nip: str, data: dict[str, Any]) -> Employee:
    unit: OrgUnit = data["unit"]
    if unit.pemda_id != pemda.pk:
        raise ValidationFailed(_("The unit belongs to another Pemda."))
    if not permissions.can_create_employee(actor, unit):
        raise PermissionDenied(_("You cannot add employees to %(unit)s.") % {"unit": unit.name})
    nip = nip_normalise(nip)
    data = _check_consistent_with_nip(nip, dict(data))
    data = _checked_fields(data, asn_type=data["asn_type"])
    if Employee.objects.filter(pemda=pemda, nip=nip).exists():
        raise Conflict(_("An employee with NIP %(nip)s already exists.") % {"nip": nip})
    supervisor = data.get("supervisor")
    if supervisor is not None and supervisor.pemda_id != pemda.pk:
        raise ValidationFailed(_("The supervisor belongs to another Pemda."))
    employee = Employee(pemda=pemda, nip=nip, **data)
    employee.sort_name = sort_name_for(employee.name)
    employee.save()
    EmploymentRecord.objects.create(
        pemda=pemda,
        employee=employee,
        unit=unit,
        position_name=employee.position_name,
        position_kind=employee.position_kind,
        golongan=employee.golongan,
        valid_from=timezone.localdate(),
        source="manual",
        recorded_by_id=actor.user_id,
    )
    audit_record(action="employee.create", actor=actor, pemda_id=pemda.pk, target=employee)
    return employee


def supervisor_creates_loop(employee: Employee, supervisor: Employee | None) -> bool:
    """True when making `supervisor` the employee's supervisor would close a reporting loop."""
    seen: set[int] = set()
    current = supervisor
    while current is not None:
        if current.pk == employee.pk:
            return True
        if current.pk in seen:
            return True
        seen.add(current.pk)
        current = current.supervisor
    return False


@transaction.atomic
def employee_update(
    *,
    actor: Actor,
    employee: Employee,
    data: dict[str, Any],
    effective: date | None = None,
    source: str = "manual",
) -> Employee:
    """Change an employee; unit/position/golongan changes close the current history record."""
    if not permissions.can_edit_employee(actor, employee):
        raise PermissionDenied(_("You cannot change this employee."))
    new_unit = data.get("unit")
    if new_unit is not None:
        if new_unit.pemda_id != employee.pemda_id:
            raise ValidationFailed(_("The unit belongs to another Pemda."))
        if new_unit.pk != employee.unit_id and not permissions.can_create_employee(actor, new_unit):
            raise PermissionDenied(_("You cannot move employees to %(unit)s.") % {"unit": new_unit.name})
    if "supervisor" in data and data["supervisor"] is not None:
        sup = data["supervisor"]
        if sup.pemda_id != employee.pemda_id:
            raise ValidationFailed(_("The supervisor belongs to another Pemda."))
        if supervisor_creates_loop(employee, sup):
            raise ValidationFailed(
                _("%(sup)s cannot supervise %(emp)s: that would make a reporting loop.")
                % {"sup": sup.name, "emp": employee.name},
                details=[{"field": "supervisor"}],
            )
    merged = {name: data.get(name, getattr(employee, name)) for name in ("birth_date", "gender", "asn_type")}
    _check_consistent_with_nip(employee.nip, merged)
    # Only changed values meet the rules: a value an older import stored stays editable around.
    changed = {name: value for name, value in data.items() if value != getattr(employee, name, None)}
    if merged["asn_type"] != employee.asn_type:
        changed.setdefault("golongan", data.get("golongan", employee.golongan))
    data = {**data, **_checked_fields(changed, asn_type=merged["asn_type"])}

    changes = track_changes(employee, data, EMPLOYEE_FIELDS)
    if not changes:
        return employee
    employee.sort_name = sort_name_for(employee.name)
    employee.save()
    if any(name in changes for name in HISTORY_FIELDS):
        record_employment_change(
            employee=employee,
            effective=effective or timezone.localdate(),
            source=source,
            user_id=actor.user_id,
        )
    audit_changes(action="employee.update", actor=actor, target=employee, changes=changes)
    return employee


def record_employment_change(*, employee: Employee, effective: date, source: str, user_id: int | None) -> None:
    """Close the open record the day before `effective` and open one for the current unit/position."""
    record_employment_changes(employees=[employee], effective=effective, source=source, user_id=user_id)


def record_employment_changes(
    *, employees: Sequence[Employee], effective: date, source: str, user_id: int | None
) -> None:
    """`record_employment_change` for many employees in a fixed number of queries (imports).

    For each employee the open record is closed the day before `effective`, or amended when it
    opened on or after that day (a same-day correction must not leave a zero-length period).
    """
    if not employees:
        return
    by_id = {e.pk: e for e in employees}
    open_records: dict[int, EmploymentRecord] = {}
    for record in EmploymentRecord.objects.filter(employee_id__in=list(by_id), valid_to__isnull=True).order_by(
        "employee_id", "-valid_from", "-id"
    ):
        open_records.setdefault(record.employee_id, record)
    amended: list[EmploymentRecord] = []
    closed: list[EmploymentRecord] = []
    created: list[EmploymentRecord] = []
    for employee in employees:
        current = open_records.get(employee.pk)
        if current is not None and current.valid_from >= effective:
            current.unit_id = employee.unit_id
            current.position_name = employee.position_name
            current.position_kind = employee.position_kind
            current.golongan = employee.golongan
            amended.append(current)
            continue
        if current is not None:
            current.valid_to = effective - timedelta(days=1)
            closed.append(current)
        created.append(
            EmploymentRecord(
                pemda_id=employee.pemda_id,
                employee=employee,
                unit_id=employee.unit_id,
                position_name=employee.position_name,
                position_kind=employee.position_kind,
                golongan=employee.golongan,
                valid_from=effective,
                source=source,
                recorded_by_id=user_id,
            )
        )
    if amended:
        EmploymentRecord.objects.bulk_update(amended, ["unit", "position_name", "position_kind", "golongan"])
    if closed:
        EmploymentRecord.objects.bulk_update(closed, ["valid_to"])
    if created:
        EmploymentRecord.objects.bulk_create(created)
