"""The demo's service records: seeded, valid per the record rules, with a training effect that is really there."""

from __future__ import annotations

import datetime as dt
import statistics
from collections import defaultdict
from collections.abc import Iterator
from zoneinfo import ZoneInfo

import pytest
from django.db import transaction
from django.db.models import Sum

from bina.core.models import Pemda
from bina.demo.generator import generate
from bina.demo.service_records import TRAINING_EFFECT, demo_service_records_load, treated_from
from bina.demo.services import DemoLoadResult, _ensure_pemda_accounts
from bina.demo.training import demo_training_load
from bina.people.models import Employee, OrgUnit, OrgUnitKind
from bina.quality.access import holiday_dates
from bina.quality.models import (
    RecordStatus,
    ServiceDayRollup,
    ServiceMonthRollup,
    ServicePemdaMonthRollup,
    ServiceRecord,
)
from bina.quality.sla import durations, within_sla
from bina.quality.workdays import is_working_day

pytestmark = [pytest.mark.django_db, pytest.mark.slow, pytest.mark.demo]

START, END = dt.date(2025, 12, 1), dt.date(2026, 11, 22)
SAME_DAY = 4 * 3600  # longer processing means the document was issued on a later day


@pytest.fixture(scope="module")
def pemda(django_db_setup, django_db_blocker) -> Iterator[Pemda]:
    """A small Serang with its training year, built once for the module and rolled back after it (each
    test's own writes roll back to it, as in the isolation sweep)."""
    with django_db_blocker.unblock(), transaction.atomic():
        pemda = generate("serang", employees=400, seed=7).pemda
        _ensure_pemda_accounts(pemda, DemoLoadResult())
        demo_training_load(pemda=pemda, seed=7)
        yield pemda
        transaction.set_rollback(True)


def _units(pemda: Pemda, count: int = 8) -> list[str]:
    """Half the kelurahan with the most trained staff, half with the most untrained staff."""
    treated = treated_from(pemda)
    trained: dict[str, int] = defaultdict(int)
    untrained: dict[str, int] = defaultdict(int)
    staff = Employee.objects.filter(pemda=pemda, unit__kind=OrgUnitKind.KELURAHAN).exclude(position_kind="struktural")
    for pk, code in staff.values_list("pk", "unit__code"):
        (trained if pk in treated else untrained)[code] += 1
    kelurahan = list(OrgUnit.objects.filter(pemda=pemda, kind=OrgUnitKind.KELURAHAN).values_list("code", flat=True))
    chosen = sorted(kelurahan, key=lambda c: (-trained[c], c))[: count // 2]
    rest = [c for c in sorted(kelurahan, key=lambda c: (-untrained[c], c)) if c not in chosen]
    return chosen + rest[: count - len(chosen)]


def _load(pemda: Pemda, units: list[str], volume: float = 6.0) -> int:
    return demo_service_records_load(
        pemda=pemda, seed=11, start=START, end=END, volume=volume, unit_codes=units
    ).records


def _snapshot(pemda: Pemda) -> list[tuple[object, ...]]:
    return list(
        ServiceRecord.objects.filter(pemda=pemda)
        .order_by("unit__code", "arrival_date", "ticket")
        .values_list(
            "unit__code", "arrival_date", "ticket", "service__code", "officer__nip", "channel", "status",
            "arrived_at", "called_at", "finished_at", "within_sla",
        )
    )  # fmt: skip


def test_records_are_seeded_and_a_second_load_changes_nothing(pemda):
    units = _units(pemda, 3)
    assert _load(pemda, units, volume=3.0) > 500
    first = _snapshot(pemda)
    rollups = ServiceDayRollup.objects.filter(pemda=pemda).count()
    again = demo_service_records_load(pemda=pemda, seed=11, start=START, end=END, volume=3.0, unit_codes=units)
    assert not again.created and again.records == len(first)
    assert _snapshot(pemda) == first and ServiceDayRollup.objects.filter(pemda=pemda).count() == rollups

    for model in (ServicePemdaMonthRollup, ServiceMonthRollup, ServiceDayRollup, ServiceRecord):
        model.objects.filter(pemda=pemda).delete()
    assert _load(pemda, units, volume=3.0) == len(first)
    assert _snapshot(pemda) == first  # same seed, same rows


def test_every_record_keeps_the_rules_and_the_rollups_hold_them_all(pemda):
    units = _units(pemda, 4)
    count = _load(pemda, units, volume=4.0)
    zone = ZoneInfo(pemda.timezone)
    holidays = holiday_dates(pemda.pk)
    staff = dict(Employee.objects.filter(pemda=pemda).values_list("pk", "unit_id"))
    records = list(ServiceRecord.objects.filter(pemda=pemda).select_related("service", "unit"))
    assert len(records) == count
    statuses: dict[str, int] = defaultdict(int)
    for r in records:
        statuses[r.status] += 1
        assert r.unit.code in units and r.unit.kind == OrgUnitKind.KELURAHAN
        assert r.arrived_at.astimezone(zone).date() == r.arrival_date and is_working_day(r.arrival_date, holidays)
        assert START <= r.arrival_date <= END
        assert r.channel in r.service.channels
        if r.officer_id is not None:
            assert staff[r.officer_id] == r.unit_id  # the kelurahan's own staff serve it
        if r.status == RecordStatus.BATAL:
            assert r.called_at is None and r.finished_at is None and r.officer_id is None
        else:
            assert r.arrived_at <= r.called_at <= r.finished_at
        assert (r.wait_seconds, r.process_seconds, r.total_seconds) == durations(
            arrived_at=r.arrived_at, called_at=r.called_at, finished_at=r.finished_at
        )
        assert r.within_sla == within_sla(
            arrived_at=r.arrived_at.astimezone(zone),
            finished_at=r.finished_at.astimezone(zone) if r.finished_at else None,
            completed=r.status == RecordStatus.SELESAI,
            sla_minutes=r.service.sla_minutes,
            sla_working_days=r.service.sla_working_days,
            holidays=holidays,
        )
    assert statuses[RecordStatus.SELESAI] > 0.8 * count
    assert statuses[RecordStatus.BATAL] > 0 and statuses[RecordStatus.DITOLAK] > 0
    assert any(r.officer_id is None and r.status != RecordStatus.BATAL for r in records)
    assert any(r.within_sla is False for r in records) and any(r.within_sla for r in records)
    assert {r.channel for r in records} == {"loket", "online", "jemput_bola"}
    assert len({r.service.code for r in records}) >= 7

    # Mondays are busiest and wait longest in the morning; Fridays are quiet.
    per_weekday: dict[int, int] = defaultdict(int)
    for r in records:
        per_weekday[r.arrival_date.weekday()] += 1
    assert per_weekday[0] > per_weekday[2] > per_weekday[4]
    counter = [r for r in records if r.channel == "loket" and r.wait_seconds is not None]
    monday_morning = [
        r.wait_seconds for r in counter if r.arrival_date.weekday() == 0 and r.arrived_at.astimezone(zone).hour < 10
    ]
    other = [r.wait_seconds for r in counter if r.arrival_date.weekday() != 0]
    assert statistics.mean(monday_morning) > 1.5 * statistics.mean(other)

    # Every record is in the rollups (rebuilt after the load).
    assert ServiceDayRollup.objects.filter(pemda=pemda).aggregate(n=Sum("transactions"))["n"] == count
    assert ServicePemdaMonthRollup.objects.filter(pemda=pemda).aggregate(n=Sum("transactions"))["n"] == count


def _ratios(pemda: Pemda, split: dict[int, dt.date]) -> list[float]:
    """Per officer: mean same-day processing of completed tickets on/after their split day ÷ before it."""
    before: dict[int, list[int]] = defaultdict(list)
    after: dict[int, list[int]] = defaultdict(list)
    rows = ServiceRecord.objects.filter(
        pemda=pemda, status=RecordStatus.SELESAI, officer_id__in=split, process_seconds__lt=SAME_DAY
    ).values_list("officer_id", "arrival_date", "process_seconds")
    for officer, day, seconds in rows:
        (after if day >= split[officer] else before)[officer].append(seconds)
    return [
        statistics.mean(after[o]) / statistics.mean(before[o])
        for o in split
        if len(before[o]) >= 30 and len(after[o]) >= 30
    ]


def test_trained_officers_serve_faster_from_the_month_after_their_class_and_the_others_do_not(pemda):
    units = _units(pemda, 8)
    _load(pemda, units)
    treated = treated_from(pemda)
    assert treated and all(day.day == 1 for day in treated.values())
    serving = set(ServiceRecord.objects.filter(pemda=pemda, officer__isnull=False).values_list("officer_id", flat=True))
    trained = {o: day for o, day in treated.items() if o in serving}
    untrained = {o: dt.date(2026, 6, 1) for o in serving - set(treated)}
    assert len(trained) >= 4 and len(untrained) >= 3

    trained_ratios, untrained_ratios = _ratios(pemda, trained), _ratios(pemda, untrained)
    assert len(trained_ratios) >= 3 and len(untrained_ratios) >= 3
    assert statistics.median(trained_ratios) == pytest.approx(1 - TRAINING_EFFECT, abs=0.05)
    assert statistics.median(untrained_ratios) == pytest.approx(1.0, abs=0.05)
