"""Who may take part in a class: the one definition behind "open for me" and the enrolment services.

Peraturan LAN 10/2018 lets the organiser set who may take part: target units (with their sub-units) and
target position kinds; and only an active employee (status `aktif`) takes part. `eligibility_refusal` is
the rule, a pure function of the class, its eligible units and the employee, the same on every database
engine: `check_eligibility` raises its answer, `eligible_class_ids` keeps the classes it lets through.
Refusals name choices by their labels ("Struktural", "Cuti"), never by their codes.
"""

from __future__ import annotations

from collections.abc import Iterable

from django.db.models import Prefetch, QuerySet
from django.utils.translation import gettext as _

from bina.core.errors import ValidationFailed
from bina.people.models import Employee, EmployeeStatus, OrgUnit, PositionKind
from bina.training.classes.models import TrainingClass


def _kind_label(code: str) -> str:
    try:
        return str(PositionKind(code).label)
    except ValueError:  # a code no longer in the choices: show it as it is rather than fail
        return code


def eligibility_refusal(
    klass: TrainingClass, employee: Employee, eligible_units: Iterable[OrgUnit]
) -> ValidationFailed | None:
    """Why `employee` may not take part in `klass` (its `eligible_units` given), or None when they may."""
    if employee.pemda_id != klass.pemda_id:
        return ValidationFailed(_("The employee belongs to another Pemda."))
    if employee.status != EmployeeStatus.AKTIF:
        return ValidationFailed(
            _("%(name)s is not active (%(status)s) and cannot take part.")
            % {"name": employee.name, "status": employee.get_status_display()},
            code="not_eligible",
        )
    units = list(eligible_units)
    if units and not any(employee.unit.path.startswith(u.path) for u in units):
        return ValidationFailed(
            _("%(klass)s is for %(units)s; %(name)s works in %(unit)s.")
            % {
                "klass": str(klass),
                "units": ", ".join(u.name for u in units),
                "name": employee.name,
                "unit": employee.unit.name,
            },
            code="not_eligible",
        )
    kinds = klass.eligible_position_kinds or []
    if kinds and employee.position_kind not in kinds:
        return ValidationFailed(
            _("%(klass)s is for these positions only: %(kinds)s.")
            % {"klass": str(klass), "kinds": ", ".join(_kind_label(k) for k in kinds)},
            code="not_eligible",
        )
    return None


def check_eligibility(klass: TrainingClass, employee: Employee) -> None:
    """Raise the refusal (422 `not_eligible`) unless the employee may take part."""
    refusal = eligibility_refusal(klass, employee, klass.eligible_units.all())
    if refusal is not None:
        raise refusal


def eligible_class_ids(employee: Employee, classes: QuerySet[TrainingClass]) -> list[int]:
    """The classes of `classes` the employee may take part in (two queries: the classes and their units)."""
    units = Prefetch("eligible_units", queryset=OrgUnit.objects.only("pk", "path", "name"))
    return [
        klass.pk
        for klass in classes.prefetch_related(units)
        if eligibility_refusal(klass, employee, klass.eligible_units.all()) is None
    ]
