"""A Pemda with something to publish in every section, some of it on fewer than 5 people."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest
from django.core.cache import cache
from django.utils import timezone

from bina.analytics.models import ImpactRun
from bina.complaints.tests.helpers import complaint_in
from bina.core.actor import Actor
from bina.jobs.models import JobStatus
from bina.people.factories import EmployeeFactory
from bina.quality.factories import ServiceRecordFactory
from bina.quality.models import ServiceType
from bina.quality.rollups import rollups_rebuild
from bina.skm.elements import ELEMENT_CODES
from bina.skm.factories import responses_add, skm_ready
from bina.training.learning.models import JpCredit, JpSource

JAKARTA = ZoneInfo("Asia/Jakarta")


def recent(days: int) -> dt.date:
    return timezone.localdate() - dt.timedelta(days=days)


def impact_run(pemda, *, credible: bool = True, n_treated: int = 12, service: str = "KTP-EL", **query) -> ImpactRun:
    result = {
        "credible": credible,
        "att": -6.5,
        "ci_low": -9.1,
        "ci_high": -3.9,
        "pct_change": -21.0,
        "metric": "process",
        "level": "officer",
        "outcome_unit": "minutes",
        "n_treated": n_treated,
        "n_control": 30,
        "service": service,
        "event_study": [],
    }
    return ImpactRun.objects.create(
        pemda=pemda,
        key=f"k{ImpactRun.objects.count()}",
        query={"service": service, "metric": "process", "level": "officer", **query},
        reach={"whole_pemda": True, "paths": []},
        data_version="v",
        status=JobStatus.DONE,
        result=result,
        finished_at=timezone.now(),
    )


def fill(world) -> None:
    """Dinas: 6 employees (3 at 20 JP); Kecamatan Alfa: 2 (withheld). Kelurahan Alfa Satu: 6 SKM answers,
    8 service records and 6 complaints; Kelurahan Beta Satu: 3 answers and 2 records (withheld); the Dinas
    6 records (withheld too: the smallest row shown when exactly one is withheld). A credible impact run."""
    pemda = world.pemda
    u = world.units
    year = timezone.localdate().year
    staff = [EmployeeFactory(pemda=pemda, unit=u["dinas"], name=f"Pegawai Rahasia {i}") for i in range(4)]
    staff.append(world.employees["head_dinas"])
    for i, employee in enumerate(staff[:3]):
        JpCredit.objects.create(
            pemda=pemda,
            employee=employee,
            year=year,
            jp=Decimal(24),
            source=JpSource.CLASS,
            title="Pelatihan Pelayanan Prima",
            credited_on=dt.date(year, 1, 10 + i),
        )
    skm_ready(pemda)
    responses_add(u["kel_a1"], [dict.fromkeys(ELEMENT_CODES, 4)] * 6, day=recent(20))
    responses_add(u["kel_b1"], [dict.fromkeys(ELEMENT_CODES, 2)] * 3, day=recent(20))
    service = ServiceType.objects.get(pemda=pemda, code="KTP-EL")  # the default catalogue (skm_ready loads it)
    day = recent(15)
    arrived = dt.datetime(day.year, day.month, day.day, 8, 0, tzinfo=JAKARTA)
    for unit, count in ((u["kel_a1"], 8), (u["kel_b1"], 2), (u["dinas"], 6)):
        for i in range(count):
            ServiceRecordFactory(unit=unit, service=service, arrived_at=arrived + dt.timedelta(minutes=i))
    rollups_rebuild(pemda_id=pemda.pk)
    for _ in range(6):
        complaint_in(world, "selesai", received_at=timezone.now() - dt.timedelta(days=10))
    impact_run(pemda)


@pytest.fixture
def portal_world(world):
    cache.clear()
    fill(world)
    return world


@pytest.fixture
def system_actor(world):
    return Actor.system(world.pemda.pk, label="test")
