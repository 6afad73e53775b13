"""Scoped entry points to the competency dictionary: the only way pages, API and other apps reach it.

The dictionary is public inside a Pemda (every ASN may read what each level means); retired
competencies are shown to the admin only. Another Pemda's entries answer 404 like missing ones.
"""

from __future__ import annotations

from django.db.models import Prefetch, QuerySet
from django.utils.translation import gettext as _

from bina.competencies.models import Competency, CompetencyLevel
from bina.core.actor import Actor
from bina.core.errors import NotFound


def competencies_for(actor: Actor) -> QuerySet[Competency]:
    if actor.pemda_id is None:
        return Competency.objects.none()
    qs = Competency.objects.filter(pemda_id=actor.pemda_id)
    return qs if actor.is_admin else qs.filter(is_active=True)


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
