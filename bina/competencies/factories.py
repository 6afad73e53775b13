from __future__ import annotations

import factory

from bina.competencies.models import Competency, CompetencyKind, CompetencyLevel
from bina.core.factories import PemdaFactory


class CompetencyFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Competency

    pemda = factory.SubFactory(PemdaFactory)
    code = factory.Sequence(lambda n: f"T{n:03d}")
    name = factory.Sequence(lambda n: f"Kompetensi Teknis {n}")
    kind = CompetencyKind.TECHNICAL
    definition = "Kemampuan teknis yang diuji."


class CompetencyLevelFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = CompetencyLevel

    competency = factory.SubFactory(CompetencyFactory)
    level = 1
    description = "Deskripsi level."
