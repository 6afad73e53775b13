"""Test helpers: a Pemda ready for SKM, and responses written as the paper import writes them."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from typing import Any

from bina.core.actor import Actor
from bina.core.models import Pemda
from bina.people.models import OrgUnit
from bina.quality.services import service_catalogue_load
from bina.skm.access import skm_version_current
from bina.skm.services import skm_instrument_load
from bina.surveys import services as engine
from bina.surveys.models import InstrumentVersion, Question


def skm_ready(pemda: Pemda) -> InstrumentVersion:
    system = Actor.system(pemda.pk, label="test")
    service_catalogue_load(actor=system)
    return skm_instrument_load(actor=system)


def responses_add(
    unit: OrgUnit,
    rows: Sequence[Mapping[str, Any]],
    *,
    day: dt.date = dt.date(2026, 3, 2),
    service: str = "",
    excluded: str = "",
) -> None:
    """One response per row ({element code or profile code: value}), straight through the engine."""
    version = skm_version_current(unit.pemda_id)
    questions = list(Question.objects.filter(version=version))
    items = [
        engine.ResponseInput(answered_on=day, values=row, unit_id=unit.pk, subject=service, excluded=excluded)
        for row in rows
    ]
    engine.responses_create(
        actor=Actor.system(unit.pemda_id, label="test"), version=version, items=items, questions=questions
    )
