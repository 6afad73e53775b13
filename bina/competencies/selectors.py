"""Reads of the competency dictionary, scoped to the actor's Pemda.

The dictionary is public inside a Pemda (every ASN may read what each level means); retired
competencies are shown to the admin only.
"""

from __future__ import annotations

from django.db.models import Prefetch, Q, QuerySet
from django.utils.translation import gettext as _

from bina.competencies.models import Competency, CompetencyKind, CompetencyLevel
from bina.core.actor import Actor
from bina.core.errors import NotFound


def competencies_for(actor: Actor) -> QuerySet[Competency]:
    if actor.pemda_id is None:
        return Competency.objects.none()
    qs = Competency.objects.filter(pemda_id=actor.pemda_id)
    return qs if actor.is_admin else qs.filter(is_active=True)


def competency_list(actor: Actor, *, kind: str = "", search: str = "") -> QuerySet[Competency]:
    """The dictionary in the regulation's order, optionally one type and a part of the name or code."""
    qs = competencies_for(actor).order_by("kind", "order", "name")
    if kind:
        qs = qs.filter(kind=kind)
    if search:
        qs = qs.filter(Q(name__icontains=search) | Q(code__icontains=search))
    return qs


def get_competency_for_user(actor: Actor, pk: int) -> Competency:
    obj = (
        competencies_for(actor)
        .prefetch_related(Prefetch("levels", queryset=CompetencyLevel.objects.order_by("level")))
        .filter(pk=pk)
        .first()
    )
    if obj is None:
        raise NotFound(_("No competency %(key)s was found.") % {"key": pk})
    return obj


def competency_groups(actor: Actor) -> list[tuple[str, str, list[Competency]]]:
    """(kind, label, competencies) in the regulation's order: managerial, socio-cultural, technical."""
    rows = list(competencies_for(actor).order_by("order", "name"))
    return [
        (kind.value, str(kind.label), [c for c in rows if c.kind == kind.value])
        for kind in (CompetencyKind.MANAGERIAL, CompetencyKind.SOCIOCULTURAL, CompetencyKind.TECHNICAL)
    ]
