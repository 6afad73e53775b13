"""Reads of the catalogue (programmes and courses), always through `bina.training.access`."""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Count, OuterRef, Prefetch, Q, QuerySet, Subquery
from django.db.models.functions import Coalesce

from bina.core.actor import Actor
from bina.training.access import classes_for, courses_for, get_course_for_user, get_programme_for_user, programmes_for
from bina.training.catalogue.models import Course, CourseCompetency, Programme
from bina.training.classes.models import TrainingClass


@dataclass(frozen=True)
class ProgrammeFilters:
    year: int | None = None
    goal: str = ""
    status: str = ""
    search: str = ""


@dataclass(frozen=True)
class CourseFilters:
    method: str = ""
    learning_path: str = ""
    competency_id: int | None = None
    programme_id: int | None = None
    search: str = ""


def programme_list(actor: Actor, filters: ProgrammeFilters | None = None) -> QuerySet[Programme]:
    """Programmes with `course_count` and `class_count` (classes the actor may see) in one query."""
    filters = filters or ProgrammeFilters()
    qs = programmes_for(actor)
    if filters.year:
        qs = qs.filter(year=filters.year)
    if filters.status:
        qs = qs.filter(status=filters.status)
    if filters.goal:
        qs = qs.filter(goals__icontains=f'"{filters.goal}"')
    if filters.search:
        qs = qs.filter(name__icontains=filters.search)
    visible_courses = courses_for(actor).filter(programme_id=OuterRef("pk"))
    course_count = visible_courses.order_by().values("programme_id").annotate(n=Count("pk")).values("n")
    class_count = (
        classes_for(actor)
        .filter(course__programme_id=OuterRef("pk"))
        .order_by()
        .values("course__programme_id")
        .annotate(n=Count("pk"))
        .values("n")
    )
    return qs.annotate(
        course_count=Coalesce(Subquery(course_count), 0),
        class_count=Coalesce(Subquery(class_count), 0),
    ).order_by("-year", "name")


def programme_years(actor: Actor) -> list[int]:
    return list(programmes_for(actor).order_by("-year").values_list("year", flat=True).distinct())


def programme_detail(actor: Actor, pk: int) -> tuple[Programme, QuerySet[Course]]:
    programme = get_programme_for_user(actor, pk)
    courses = course_list(actor, CourseFilters(programme_id=programme.pk))
    return programme, courses


def course_list(actor: Actor, filters: CourseFilters | None = None) -> QuerySet[Course]:
    filters = filters or CourseFilters()
    qs = courses_for(actor).select_related("programme")
    if filters.method:
        qs = qs.filter(method=filters.method)
    if filters.learning_path:
        qs = qs.filter(learning_path=filters.learning_path)
    if filters.competency_id:
        qs = qs.filter(competency_targets__competency_id=filters.competency_id)
    if filters.programme_id:
        qs = qs.filter(programme_id=filters.programme_id)
    if filters.search:
        qs = qs.filter(Q(title__icontains=filters.search) | Q(code__icontains=filters.search))
    # A draft programme's course stays hidden from non-admins through its programme.
    if not actor.is_admin:
        qs = qs.filter(Q(programme__isnull=True) | Q(programme__in=programmes_for(actor).values("pk")))
    class_count = (
        classes_for(actor)
        .filter(course_id=OuterRef("pk"))
        .order_by()
        .values("course_id")
        .annotate(n=Count("pk"))
        .values("n")
    )
    return qs.annotate(class_count=Coalesce(Subquery(class_count), 0)).order_by("title").distinct()


def course_detail(actor: Actor, pk: int) -> tuple[Course, QuerySet[TrainingClass]]:
    """The course with its competency targets and prerequisites, and the classes the actor may see."""
    course = get_course_for_user(actor, pk)
    if not actor.is_admin and course.programme_id is not None:
        get_programme_for_user(actor, course.programme_id)  # a draft programme's course is not published
    course = (
        Course.objects.select_related("programme")
        .prefetch_related(
            Prefetch(
                "competency_targets",
                queryset=CourseCompetency.objects.select_related("competency").order_by(
                    "competency__kind", "competency__order", "competency__name"
                ),
            ),
            Prefetch("prerequisites", queryset=courses_for(actor).order_by("title")),
        )
        .get(pk=course.pk)
    )
    classes = classes_for(actor).filter(course=course).order_by("-starts_on", "code")
    return course, classes
