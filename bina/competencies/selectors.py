"""Lists of the competency dictionary, built on the scoped queryset of `access`.

The dictionary is public inside a Pemda (every ASN may read what each level means); retired
competencies are shown to the admin only.
"""

from __future__ import annotations

from django.db.models import Q, QuerySet

from bina.competencies.access import competencies_for
from bina.competencies.models import Competency, CompetencyKind
from bina.core.actor import Actor


def competency_list(actor: Actor, *, kind: str = "", search: str = "") -> QuerySet[Competency]:
    """The dictionary in the regulation's order, optionally one type and a part of the name or code."""
    qs = competencies_for(actor).order_by("kind", "order", "name")
    if kind:
        qs = qs.filter(kind=kind)
    if search:
        qs = qs.filter(Q(name__icontains=search) | Q(code__icontains=search))
    return qs


def competency_groups(actor: Actor) -> list[tuple[str, str, list[Competency]]]:
    """(kind, label, competencies) in the regulation's order: managerial, socio-cultural, technical."""
    rows = list(competencies_for(actor).order_by("order", "name"))
    return [
        (kind.value, str(kind.label), [c for c in rows if c.kind == kind.value])
        for kind in (CompetencyKind.MANAGERIAL, CompetencyKind.SOCIOCULTURAL, CompetencyKind.TECHNICAL)
    ]
