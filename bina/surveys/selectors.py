"""Reads of the survey engine over a set of responses the caller has already scoped.

The engine sits below the apps that know who may read what (`bina.skm.access` scopes by unit reach), so
every function here takes a `QuerySet[Response]` built there and only aggregates it.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Count, QuerySet, Sum

from bina.surveys.models import Answer, InstrumentVersion, Question, QuestionKind, Response


@dataclass(frozen=True)
class Tally:
    """Sum and number of the answers to one element (a scale question)."""

    element: str
    total: int
    answered: int


def counted(responses: QuerySet[Response]) -> QuerySet[Response]:
    """The responses that count: those not set aside (duplicates, floods; see `Response.excluded`)."""
    return responses.filter(excluded="")


def element_tallies(responses: QuerySet[Response]) -> dict[str, Tally]:
    """Per element code: the sum of the scale answers and how many respondents answered it (one query)."""
    rows = (
        Answer.objects.filter(response__in=counted(responses), value__isnull=False)
        .values("element")
        .annotate(total=Sum("value"), answered=Count("id"))
    )
    return {r["element"]: Tally(r["element"], int(r["total"]), int(r["answered"])) for r in rows}


def choice_counts(responses: QuerySet[Response], element: str) -> dict[str, int]:
    rows = (
        Answer.objects.filter(response__in=counted(responses), element=element)
        .exclude(text="")
        .values("text")
        .annotate(n=Count("id"))
    )
    return {r["text"]: int(r["n"]) for r in rows}


def texts(responses: QuerySet[Response], element: str, *, limit: int = 200) -> list[str]:
    qs = (
        Answer.objects.filter(response__in=counted(responses), element=element)
        .exclude(text="")
        .order_by("-response__answered_on", "-id")
    )
    return list(qs.values_list("text", flat=True)[:limit])


def respondent_count(responses: QuerySet[Response]) -> int:
    return counted(responses).count()


def version_questions(version: InstrumentVersion) -> list[Question]:
    return list(Question.objects.filter(version=version).order_by("position"))


def scale_questions(version: InstrumentVersion) -> list[Question]:
    return [q for q in version_questions(version) if q.kind == QuestionKind.SCALE]


def value_counts(responses: QuerySet[Response]) -> dict[str, dict[int, int]]:
    """Per element code: how many respondents gave each scale value (one query)."""
    rows = (
        Answer.objects.filter(response__in=counted(responses), value__isnull=False)
        .values("element", "value")
        .annotate(n=Count("id"))
    )
    out: dict[str, dict[int, int]] = {}
    for r in rows:
        out.setdefault(r["element"], {})[int(r["value"] or 0)] = int(r["n"])
    return out
