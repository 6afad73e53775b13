"""Writes to the training catalogue: programmes and courses. The BKPSDM admin's job.

Courses follow the forms of competency development of PP 11/2017 (art. 210-211) as amended by
PP 17/2020 and Peraturan LAN 10/2018: the method decides whether learning is classical
(klasikal) or not (nonklasikal); `learning_path` is always derived from it (`METHOD_PATH`),
never typed in, so JP reports per path cannot contradict the method.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import date
from decimal import Decimal
from typing import Any

from django.db import transaction
from django.utils.translation import gettext as _

from bina.competencies.models import Competency
from bina.core.actor import Actor
from bina.core.audit import audit_changes, audit_record, track_changes, track_m2m
from bina.core.dates import format_date
from bina.core.errors import Conflict, PermissionDenied, ValidationFailed
from bina.core.models import Pemda
from bina.people.models import OrgUnit, PositionKind
from bina.training.catalogue.models import (
    METHOD_PATH,
    Course,
    CourseCompetency,
    DeliveryMode,
    Method,
    Programme,
    ProgrammeGoal,
    ProgrammeStatus,
    TrainingType,
)
from bina.training.permissions import can_manage_catalogue

_UNSET: Any = object()


def _require_admin(actor: Actor, pemda_id: int) -> None:
    if not (can_manage_catalogue(actor) and actor.pemda_id == pemda_id):
        raise PermissionDenied(_("Only a BKPSDM admin can change programmes and courses."))


def _fail(message: str, field: str) -> ValidationFailed:
    return ValidationFailed(message, details=[{"field": field}])


# --- programmes --------------------------------------------------------------------------


def _check_programme(programme: Programme, target_units: list[OrgUnit] | None) -> None:
    if not programme.name.strip():
        raise _fail(_("A programme needs a name."), "name")
    if not 2000 <= int(programme.year) <= 2100:
        raise _fail(
            _("The year %(year)s is not plausible; use a budget year like 2027.") % {"year": programme.year}, "year"
        )
    bad = [g for g in programme.goals if g not in ProgrammeGoal.values]
    if bad:
        raise _fail(
            _("Unknown goal(s) %(bad)s; choose from: %(choices)s.")
            % {"bad": ", ".join(map(str, bad)), "choices": ", ".join(ProgrammeGoal.values)},
            "goals",
        )
    bad = [k for k in programme.target_position_kinds if k not in PositionKind.values]
    if bad:
        raise _fail(
            _("Unknown position kind(s) %(bad)s; choose from: %(choices)s.")
            % {"bad": ", ".join(map(str, bad)), "choices": ", ".join(PositionKind.values)},
            "target_position_kinds",
        )
    if programme.ends_on < programme.starts_on:
        raise _fail(
            _("The programme ends (%(end)s) before it starts (%(start)s); check the dates.")
            % {"end": format_date(programme.ends_on), "start": format_date(programme.starts_on)},
            "ends_on",
        )
    # A programme belongs to one budget year (APBD): its period stays inside that year.
    if programme.starts_on.year != programme.year or programme.ends_on.year != programme.year:
        raise _fail(
            _("The period must lie inside %(year)s, the programme's budget year.") % {"year": programme.year},
            "starts_on",
        )
    if Decimal(programme.budget) < 0:
        raise _fail(_("The budget cannot be negative."), "budget")
    if target_units is not None and any(u.pemda_id != programme.pemda_id for u in target_units):
        raise _fail(_("A target unit belongs to another Pemda."), "target_units")
    duplicate = Programme.objects.filter(
        pemda_id=programme.pemda_id, year=programme.year, name__iexact=programme.name.strip()
    ).exclude(pk=programme.pk)
    if duplicate.exists():
        raise Conflict(
            _("A programme named %(name)s already exists for %(year)s.")
            % {"name": programme.name, "year": programme.year},
            details=[{"field": "name"}],
        )


def _dedupe(values: Iterable[str] | None) -> list[str]:
    return list(dict.fromkeys(values or []))


@transaction.atomic
def programme_create(
    *,
    actor: Actor,
    pemda: Pemda,
    name: str,
    year: int,
    starts_on: date,
    ends_on: date,
    description: str = "",
    goals: Iterable[str] = (),
    budget: Decimal | int = 0,
    target_units: Iterable[OrgUnit] = (),
    target_position_kinds: Iterable[str] = (),
) -> Programme:
    """A programme starts as a draft: only admins see it until `programme_set_status` activates it."""
    _require_admin(actor, pemda.pk)
    units = list(target_units)
    programme = Programme(
        pemda=pemda,
        name=name.strip(),
        year=year,
        description=description,
        goals=_dedupe(goals),
        starts_on=starts_on,
        ends_on=ends_on,
        budget=budget,
        target_position_kinds=_dedupe(target_position_kinds),
        status=ProgrammeStatus.DRAFT,
        created_by_id=actor.user_id,
    )
    _check_programme(programme, units)
    programme.save()
    programme.target_units.set(units)
    audit_record(action="programme.create", actor=actor, pemda_id=pemda.pk, target=programme)
    return programme


@transaction.atomic
def programme_update(
    *,
    actor: Actor,
    programme: Programme,
    data: Mapping[str, Any],
    target_units: Iterable[OrgUnit] | None = None,
    status: str | None = None,
) -> Programme:
    """Change the fields present in `data` (name, year, description, goals, dates, budget, positions).

    `status` (if given) moves it as `programme_set_status` does, in the same transaction: a refused
    status leaves the other fields unchanged too.
    """
    _require_admin(actor, programme.pemda_id)
    values: dict[str, Any] = {}
    for key in ("name", "year", "description", "goals", "starts_on", "ends_on", "budget", "target_position_kinds"):
        if key in data and data[key] is not None:
            value = data[key]
            if key in ("goals", "target_position_kinds"):
                value = _dedupe(value)
            if key == "name":
                value = value.strip()
            values[key] = value
    changes = track_changes(programme, values)
    units = list(target_units) if target_units is not None else None
    _check_programme(programme, units)
    if changes:
        programme.save()
    if units is not None:
        track_m2m(changes, "target_units", programme.target_units, units, key=lambda unit: unit.code)
    audit_changes(action="programme.update", actor=actor, target=programme, changes=changes)
    if status is not None:
        programme_set_status(actor=actor, programme=programme, status=status)
    return programme


@transaction.atomic
def programme_set_status(*, actor: Actor, programme: Programme, status: str) -> Programme:
    """Draft → active (published to the Pemda) → closed; an active programme may go back to draft
    only while none of its courses has a class past draft."""
    _require_admin(actor, programme.pemda_id)
    if status not in ProgrammeStatus.values:
        raise _fail(_("Status must be one of: %(choices)s.") % {"choices": ", ".join(ProgrammeStatus.values)}, "status")
    if status == programme.status:
        return programme
    if status == ProgrammeStatus.DRAFT:
        if programme.status == ProgrammeStatus.CLOSED:
            raise Conflict(_("A closed programme cannot go back to draft; reopen it as active."))
        from bina.training.classes.models import ClassStatus, TrainingClass

        live = TrainingClass.objects.filter(course__programme=programme).exclude(status=ClassStatus.DRAFT)
        if live.exists():
            raise Conflict(_("Classes of this programme are already published; it cannot go back to draft."))
    previous = programme.status
    programme.status = status
    programme.save(update_fields=["status", "updated_at"])
    audit_record(action="programme.status", actor=actor, target=programme, detail={"from": previous, "to": status})
    return programme


# --- courses -----------------------------------------------------------------------------


def _check_course(course: Course) -> None:
    if not course.code.strip():
        raise _fail(_("A course needs a code."), "code")
    if not course.title.strip():
        raise _fail(_("A course needs a title."), "title")
    if course.method not in Method.values:
        raise _fail(_("Method must be one of: %(choices)s.") % {"choices": ", ".join(Method.values)}, "method")
    if course.delivery_mode not in DeliveryMode.values:
        raise _fail(
            _("Delivery mode must be one of: %(choices)s.") % {"choices": ", ".join(DeliveryMode.values)},
            "delivery_mode",
        )
    if course.training_type not in TrainingType.values:
        raise _fail(
            _("Training type must be one of: %(choices)s.") % {"choices": ", ".join(TrainingType.values)},
            "training_type",
        )
    if int(course.jp) < 1:
        raise _fail(_("A course lasts at least 1 JP (45 minutes)."), "jp")
    if not 0 <= int(course.min_attendance_pct) <= 100:
        raise _fail(_("Minimum attendance is a percentage between 0 and 100."), "min_attendance_pct")
    if course.has_post_test:
        if course.min_post_test_score is None:
            raise _fail(_("A course with a post-test needs its minimum passing score."), "min_post_test_score")
        if not 0 <= Decimal(course.min_post_test_score) <= 100:
            raise _fail(_("The minimum post-test score is between 0 and 100."), "min_post_test_score")
    elif course.min_post_test_score is not None:
        raise _fail(
            _(
                "A minimum post-test score only applies to a course with a post-test; tick the post-test or clear the score."
            ),
            "min_post_test_score",
        )
    if course.programme is not None and course.programme.pemda_id != course.pemda_id:
        raise _fail(_("The programme belongs to another Pemda."), "programme")
    duplicate = Course.objects.filter(pemda_id=course.pemda_id, code__iexact=course.code).exclude(pk=course.pk)
    if duplicate.exists():
        raise Conflict(
            _("A course with code %(code)s already exists; choose another code.") % {"code": course.code},
            details=[{"field": "code"}],
        )


def _clean_targets(pemda_id: int, competencies: Mapping[Competency, int]) -> dict[Competency, int]:
    cleaned: dict[Competency, int] = {}
    for competency, level in competencies.items():
        if competency.pemda_id != pemda_id:
            raise _fail(_("A competency belongs to another Pemda."), "competencies")
        if int(level) not in range(1, 6):
            raise _fail(_("The target level of %(name)s must be 1 to 5.") % {"name": competency.name}, "competencies")
        cleaned[competency] = int(level)
    return cleaned


def _check_prerequisites(course: Course, prerequisites: list[Course]) -> None:
    """Same Pemda, never the course itself, never a cycle (A needs B needs A could never be started)."""
    for item in prerequisites:
        if item.pemda_id != course.pemda_id:
            raise _fail(_("A prerequisite course belongs to another Pemda."), "prerequisites")
        if course.pk is not None and item.pk == course.pk:
            raise _fail(_("A course cannot be its own prerequisite."), "prerequisites")
    if course.pk is None:
        return  # a new course is required by nothing yet, so it cannot close a cycle
    # Walk what the prerequisites themselves require; reaching this course would close a cycle.
    edges: dict[int, set[int]] = {}
    for src, dst in Course.prerequisites.through.objects.filter(from_course__pemda_id=course.pemda_id).values_list(
        "from_course_id", "to_course_id"
    ):
        edges.setdefault(src, set()).add(dst)
    seen: set[int] = set()
    stack = [p.pk for p in prerequisites]
    while stack:
        current = stack.pop()
        if current == course.pk:
            raise _fail(
                _("These prerequisites would form a cycle (a course would require itself); remove one."),
                "prerequisites",
            )
        if current in seen:
            continue
        seen.add(current)
        stack.extend(edges.get(current, ()))


def _set_targets(course: Course, targets: dict[Competency, int]) -> bool:
    before = {(t.competency_id, t.target_level) for t in course.competency_targets.all()}
    after = {(c.pk, level) for c, level in targets.items()}
    if before == after:
        return False
    course.competency_targets.all().delete()
    CourseCompetency.objects.bulk_create(
        CourseCompetency(course=course, competency=c, target_level=level) for c, level in targets.items()
    )
    return True


COURSE_FIELDS = (
    "programme",
    "code",
    "title",
    "description",
    "objectives",
    "method",
    "delivery_mode",
    "training_type",
    "jp",
    "min_attendance_pct",
    "has_post_test",
    "min_post_test_score",
    "is_active",
)


@transaction.atomic
def course_create(
    *,
    actor: Actor,
    pemda: Pemda,
    code: str,
    title: str,
    method: str,
    delivery_mode: str,
    jp: int,
    programme: Programme | None = None,
    description: str = "",
    objectives: str = "",
    training_type: str = TrainingType.TEKNIS,
    min_attendance_pct: int = 80,
    has_post_test: bool = False,
    min_post_test_score: Decimal | None = None,
    competencies: Mapping[Competency, int] | None = None,
    prerequisites: Iterable[Course] = (),
) -> Course:
    _require_admin(actor, pemda.pk)
    course = Course(
        pemda=pemda,
        programme=programme,
        code=code.strip(),
        title=title.strip(),
        description=description,
        objectives=objectives,
        method=method,
        delivery_mode=delivery_mode,
        training_type=training_type,
        jp=jp,
        min_attendance_pct=min_attendance_pct,
        has_post_test=has_post_test,
        min_post_test_score=min_post_test_score,
    )
    _check_course(course)
    course.learning_path = METHOD_PATH[course.method]
    targets = _clean_targets(pemda.pk, competencies or {})
    prereqs = list(prerequisites)
    _check_prerequisites(course, prereqs)
    course.save()
    _set_targets(course, targets)
    course.prerequisites.set(prereqs)
    audit_record(action="course.create", actor=actor, pemda_id=pemda.pk, target=course)
    return course


@transaction.atomic
def course_update(
    *,
    actor: Actor,
    course: Course,
    data: Mapping[str, Any],
    competencies: Mapping[Competency, int] | None = None,
    prerequisites: Iterable[Course] | None = None,
) -> Course:
    """Change the fields present in `data`; `competencies`/`prerequisites` replace the lists when given."""
    _require_admin(actor, course.pemda_id)
    values: dict[str, Any] = {}
    for key in COURSE_FIELDS:
        if key not in data:
            continue
        value = data[key]
        if value is None and key not in ("programme", "min_post_test_score"):
            continue
        if isinstance(value, str) and key in ("code", "title"):
            value = value.strip()
        values[key] = value
    changes = track_changes(course, values)
    # Unticking the post-test drops its passing score rather than refusing the change.
    if "has_post_test" in changes and not course.has_post_test and "min_post_test_score" not in data:
        course.min_post_test_score = None
    _check_course(course)
    course.learning_path = METHOD_PATH[course.method]
    if changes:
        course.save()
    if competencies is not None:
        before = {t.competency.code: t.target_level for t in course.competency_targets.select_related("competency")}
        if _set_targets(course, _clean_targets(course.pemda_id, competencies)):
            changes["competencies"] = [before, {c.code: level for c, level in competencies.items()}]
    if prerequisites is not None:
        prereqs = list(prerequisites)
        _check_prerequisites(course, prereqs)
        track_m2m(changes, "prerequisites", course.prerequisites, prereqs, key=lambda prerequisite: prerequisite.code)
    audit_changes(action="course.update", actor=actor, target=course, changes=changes)
    return course
