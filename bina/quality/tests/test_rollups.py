"""Rollups equal the raw records exactly: after inserts, updates and deletes, and rebuild = refresh."""

from __future__ import annotations

import datetime as dt
import random
from collections import Counter, defaultdict

import pytest
from django.core.management import call_command

from bina.quality import histograms as h
from bina.quality.factories import JAKARTA, ServiceRecordFactory, ServiceTypeFactory, record_update
from bina.quality.models import (
    RecordStatus,
    ServiceDayRollup,
    ServiceMonthRollup,
    ServicePemdaMonthRollup,
    ServiceRecord,
)
from bina.quality.rollups import rollups_rebuild, rollups_refresh

pytestmark = pytest.mark.django_db


def expected_day_rollups(pemda_id: int) -> dict[tuple, dict]:
    """The day rollups recomputed by a plain, independent reading of the raw records."""
    out: dict[tuple, dict] = defaultdict(
        lambda: {
            "transactions": 0, "completed": 0, "cancelled": 0, "refused": 0, "sla_measured": 0, "within_sla": 0,
            "wait": Counter(), "process": Counter(), "total": Counter(), "slots": Counter(),
        }
    )  # fmt: skip
    for r in ServiceRecord.objects.filter(pemda_id=pemda_id):
        row = out[(r.arrival_date, r.unit_id, r.service_id, r.officer_id, r.channel)]
        row["transactions"] += 1
        row["completed"] += r.status == RecordStatus.SELESAI
        row["cancelled"] += r.status == RecordStatus.BATAL
        row["refused"] += r.status == RecordStatus.DITOLAK
        local = r.arrived_at.astimezone(JAKARTA)
        row["slots"][(local.weekday() * 24 + local.hour)] += 1
        if r.wait_seconds is not None:
            row["wait"][r.wait_seconds // 60] += 1
        if r.status == RecordStatus.SELESAI:
            if r.process_seconds is not None:
                row["process"][r.process_seconds // 60] += 1
            if r.total_seconds is not None:
                row["total"][r.total_seconds // 60] += 1
            if r.within_sla is not None:
                row["sla_measured"] += 1
                row["within_sla"] += r.within_sla
    return dict(out)


def stored_day_rollups(pemda_id: int) -> dict[tuple, dict]:
    out = {}
    for r in ServiceDayRollup.objects.filter(pemda_id=pemda_id):
        key = (r.day, r.unit_id, r.service_id, r.officer_id, r.channel)
        assert key not in out, "one row per key"

        def counter(blob):
            keys, counts = h.decode(bytes(blob))
            return Counter(dict(zip(keys.tolist(), counts.tolist(), strict=True)))

        slots = bytes(r.slots)
        quads = [tuple(x) for x in __import__("numpy").frombuffer(slots, "<i4").reshape(-1, 4).tolist()]
        out[key] = {
            "transactions": r.transactions, "completed": r.completed, "cancelled": r.cancelled,
            "refused": r.refused, "sla_measured": r.sla_measured, "within_sla": r.within_sla,
            "wait": counter(r.wait_hist), "process": counter(r.process_hist), "total": counter(r.total_hist),
            "slots": Counter({q[0]: q[1] for q in quads}),
        }  # fmt: skip
    return out


def month_totals(pemda_id: int) -> dict[tuple, tuple]:
    """The month tier, and the Pemda tier (unit None), as comparable tuples."""
    tiers = {
        (m.month, m.unit_id, m.service_id): (m.transactions, m.completed, m.within_sla, bytes(m.total_hist))
        for m in ServiceMonthRollup.objects.filter(pemda_id=pemda_id)
    }
    for p in ServicePemdaMonthRollup.objects.filter(pemda_id=pemda_id):
        assert (p.month, None, p.service_id) not in tiers
        tiers[(p.month, None, p.service_id)] = (p.transactions, p.completed, p.within_sla, bytes(p.total_hist))
    return tiers


def expected_month_totals(pemda_id: int) -> dict[tuple, tuple]:
    acc: dict[tuple, list] = defaultdict(lambda: [0, 0, 0, Counter()])
    for key, row in expected_day_rollups(pemda_id).items():
        for unit in (key[1], None):
            m = acc[(key[0].replace(day=1), unit, key[2])]
            m[0] += row["transactions"]
            m[1] += row["completed"]
            m[2] += row["within_sla"]
            m[3].update(row["total"])
    return {
        k: (v[0], v[1], v[2], h.encode_pairs(sorted(v[3]), [v[3][x] for x in sorted(v[3])])) for k, v in acc.items()
    }


def key_of(r: ServiceRecord) -> tuple[dt.date, int, int]:
    return (r.arrival_date, r.unit_id, r.service_id)


def make_records(world, n: int, seed: int = 1) -> list[ServiceRecord]:
    rng = random.Random(seed)
    units = [world.units["kel_a1"], world.units["kel_b1"], world.units["kec_a"]]
    pemda = world.pemda
    services = [
        ServiceTypeFactory(pemda=pemda, sla_minutes=30),
        ServiceTypeFactory(pemda=pemda, sla_minutes=None, sla_working_days=3),
    ]
    officers = [None, world.employees["kel_a1_staff"], world.employees["kel_b1_staff"]]
    records = []
    for i in range(n):
        status = rng.choice([RecordStatus.SELESAI] * 6 + [RecordStatus.BATAL, RecordStatus.DITOLAK])
        arrived = dt.datetime(
            2026,
            rng.choice([2, 3]),
            rng.randint(1, 28),
            rng.randint(7, 15),
            rng.randint(0, 59),
            rng.randint(0, 59),
            tzinfo=JAKARTA,
        )
        wait = None if status == RecordStatus.BATAL else rng.uniform(0, 90)
        process = (
            rng.uniform(0, 120)
            if status == RecordStatus.SELESAI
            else (rng.uniform(0, 5) if status == RecordStatus.DITOLAK and rng.random() < 0.5 else None)
        )
        records.append(
            ServiceRecordFactory(
                unit=rng.choice(units), service=rng.choice(services), officer=rng.choice(officers),
                channel=rng.choice(["loket", "loket", "online"]), status=status, arrived_at=arrived,
                wait_minutes=wait, process_minutes=process, ticket=f"T{i}",
            )
        )  # fmt: skip
    return records


def test_refresh_is_exact_after_inserts_updates_and_deletes(world):
    records = make_records(world, 120)
    pemda_id = world.pemda.pk
    rollups_refresh(pemda_id=pemda_id, keys={key_of(r) for r in records})
    assert stored_day_rollups(pemda_id) == expected_day_rollups(pemda_id)
    assert month_totals(pemda_id) == expected_month_totals(pemda_id)

    # Updates: a changed duration, a record moved to another day and unit (old and new keys refreshed).
    moved, changed = records[0], records[1]
    old_keys = {key_of(moved), key_of(changed)}
    record_update(changed, finished_at=changed.arrived_at + dt.timedelta(hours=7), status=RecordStatus.SELESAI)
    shift = dt.datetime(2026, 4, 6, 9, 0, tzinfo=JAKARTA) - moved.arrived_at
    record_update(
        moved,
        unit=world.units["kel_b1"],
        arrived_at=moved.arrived_at + shift,
        called_at=moved.called_at and moved.called_at + shift,
        finished_at=moved.finished_at and moved.finished_at + shift,
    )
    rollups_refresh(pemda_id=pemda_id, keys=old_keys | {key_of(moved), key_of(changed)})
    assert stored_day_rollups(pemda_id) == expected_day_rollups(pemda_id)
    assert month_totals(pemda_id) == expected_month_totals(pemda_id)

    # Deletes: every record of one key goes; its rollup rows go with the refresh.
    gone = key_of(records[5])
    ServiceRecord.objects.filter(arrival_date=gone[0], unit_id=gone[1], service_id=gone[2]).delete()
    rollups_refresh(pemda_id=pemda_id, keys=[gone])
    assert stored_day_rollups(pemda_id) == expected_day_rollups(pemda_id)
    assert not ServiceDayRollup.objects.filter(day=gone[0], unit_id=gone[1], service_id=gone[2]).exists()
    assert month_totals(pemda_id) == expected_month_totals(pemda_id)

    # Refreshing again changes nothing (recomputed, never incremented).
    before = stored_day_rollups(pemda_id)
    rollups_refresh(pemda_id=pemda_id, keys={key_of(r) for r in ServiceRecord.objects.all()})
    assert stored_day_rollups(pemda_id) == before


def test_rebuild_equals_incremental_and_respects_the_period(world, other_world):
    records = make_records(world, 80, seed=2)
    other = make_records(other_world, 10, seed=3)
    pemda_id = world.pemda.pk
    for r in records:  # one refresh per record, as a slow trickle of API writes would do
        rollups_refresh(pemda_id=pemda_id, keys=[key_of(r)])
    rollups_refresh(pemda_id=other_world.pemda.pk, keys={key_of(r) for r in other})
    incremental, inc_months = stored_day_rollups(pemda_id), month_totals(pemda_id)
    other_before = stored_day_rollups(other_world.pemda.pk)
    ServiceDayRollup.objects.filter(pemda_id=pemda_id).delete()
    ServiceMonthRollup.objects.filter(pemda_id=pemda_id).delete()
    assert rollups_rebuild(pemda_id=pemda_id) == 80
    assert stored_day_rollups(pemda_id) == incremental
    assert month_totals(pemda_id) == inc_months
    assert stored_day_rollups(other_world.pemda.pk) == other_before

    # A period rebuild touches only its days, and the months it crosses stay whole.
    march = [r for r in records if r.arrival_date.month == 3]
    ServiceRecord.objects.filter(pk=march[0].pk).delete()
    assert rollups_rebuild(pemda_id=pemda_id, start=dt.date(2026, 3, 10), end=dt.date(2026, 3, 31)) == len(
        [r for r in march[1:] if r.arrival_date.day >= 10]
    )
    expected = expected_day_rollups(pemda_id)
    stored = stored_day_rollups(pemda_id)
    if march[0].arrival_date.day >= 10:
        assert stored == expected
    else:  # outside the period: the stale day stays as it was until its own refresh
        assert {k: v for k, v in stored.items() if k[0].day >= 10 or k[0].month != 3} == {
            k: v for k, v in expected.items() if k[0].day >= 10 or k[0].month != 3
        }
    assert {k: v for k, v in month_totals(pemda_id).items() if k[0].month == 2} == {
        k: v for k, v in expected_month_totals(pemda_id).items() if k[0].month == 2
    }


def test_rebuild_command(world, capsys):
    records = make_records(world, 15, seed=4)
    call_command("rebuild_service_rollups", "--pemda", world.pemda.slug)
    assert capsys.readouterr().out.startswith("records=15 ")
    assert stored_day_rollups(world.pemda.pk) == expected_day_rollups(world.pemda.pk)
    assert len(records) == 15


def test_rebuild_command_refuses_bad_input(world):
    from django.core.management.base import CommandError

    with pytest.raises(CommandError):
        call_command("rebuild_service_rollups", "--pemda", "nope")
    with pytest.raises(CommandError):
        call_command("rebuild_service_rollups", "--pemda", world.pemda.slug, "--from", "31/01/2026")
    with pytest.raises(CommandError):
        call_command(
            "rebuild_service_rollups", "--pemda", world.pemda.slug, "--from", "2026-02-01", "--to", "2026-01-01"
        )
    rollups_refresh(pemda_id=world.pemda.pk, keys=[])  # nothing to do, nothing written
    assert not ServiceDayRollup.objects.exists()
