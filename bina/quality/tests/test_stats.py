"""The figures: grouping, subtree, scope and precision against exact quantiles over the raw records."""

from __future__ import annotations

import datetime as dt
import json
import random
from collections import defaultdict
from io import StringIO

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from bina.core.actor import Actor
from bina.core.errors import PermissionDenied, ValidationFailed
from bina.quality import histograms as h
from bina.quality.factories import JAKARTA, ServiceRecordFactory, ServiceTypeFactory
from bina.quality.models import RecordStatus, ServiceRecord
from bina.quality.rollups import rollups_rebuild
from bina.quality.stats import completed_count, queue_profile, service_stats

pytestmark = pytest.mark.django_db
URL = "/api/v1/service-stats"


def seed(world, n: int = 300, seed_: int = 7):
    rng = random.Random(seed_)
    pemda = world.pemda
    ktp = ServiceTypeFactory(pemda=pemda, code="T-KTP", sla_minutes=45)
    akta = ServiceTypeFactory(pemda=pemda, code="T-AKTA", sla_minutes=None, sla_working_days=3)
    units = [world.units["kel_a1"], world.units["kec_a"], world.units["kel_b1"], world.units["bidang"]]
    officers = [None, world.employees["kel_a1_staff"], world.employees["kel_b1_staff"], world.employees["staff_bidang"]]
    for i in range(n):
        status = rng.choice([RecordStatus.SELESAI] * 7 + [RecordStatus.BATAL, RecordStatus.DITOLAK])
        day = dt.date(2026, 1, 20) + dt.timedelta(days=rng.randint(0, 75))
        arrived = dt.datetime.combine(day, dt.time(rng.randint(7, 15), rng.randint(0, 59), rng.randint(0, 59)), JAKARTA)
        wait = None if status == RecordStatus.BATAL else rng.expovariate(1 / 20)
        process = rng.expovariate(1 / 15) if status == RecordStatus.SELESAI else None
        if rng.random() < 0.05:
            process = rng.uniform(60 * 24, 60 * 24 * 6)  # a document finished days later
        ServiceRecordFactory(
            unit=rng.choice(units), service=rng.choice([ktp, ktp, akta]), officer=rng.choice(officers),
            status=status, arrived_at=arrived, wait_minutes=wait, process_minutes=process, ticket=f"T{i}",
            channel=rng.choice(["loket", "online"]),
        )  # fmt: skip
    rollups_rebuild(pemda_id=pemda.pk)
    return ktp, akta


def exact(records, group: str) -> dict[str, dict]:
    """The figures computed straight from raw records (exact quantiles), per group key."""
    buckets: dict[str, list[ServiceRecord]] = defaultdict(list)
    for r in records:
        if group == "month":
            key = f"{r.arrival_date:%Y-%m}"
        elif group == "week":
            y, w, _ = r.arrival_date.isocalendar()
            key = f"{y}-W{w:02d}"
        elif group == "day":
            key = r.arrival_date.isoformat()
        elif group == "unit":
            key = r.unit.code
        else:
            if r.officer_id is None:
                continue
            key = r.officer.nip
        buckets[key].append(r)
    out = {}
    for key, rs in buckets.items():
        done = [r for r in rs if r.status == RecordStatus.SELESAI]
        measured = [r for r in done if r.within_sla is not None]
        waits = [r.wait_seconds for r in rs if r.wait_seconds is not None]
        out[key] = {
            "transactions": len(rs),
            "completed": len(done),
            "cancelled": sum(r.status == RecordStatus.BATAL for r in rs),
            "refused": sum(r.status == RecordStatus.DITOLAK for r in rs),
            "wait": waits,
            "process": [r.process_seconds for r in done if r.process_seconds is not None],
            "total": [r.total_seconds for r in done if r.total_seconds is not None],
            "within_sla_pct": round(100 * sum(r.within_sla for r in measured) / len(measured), 1) if measured else None,
        }
    return out


def assert_matches(items, expected: dict[str, dict]):
    got = {i.key: i for i in items if i.transactions}
    assert set(got) == set(expected)
    for key, e in expected.items():
        item = got[key]
        assert (item.transactions, item.completed, item.cancelled, item.refused) == (
            e["transactions"], e["completed"], e["cancelled"], e["refused"],
        ), key  # fmt: skip
        assert item.within_sla_pct == e["within_sla_pct"], key
        for name in ("wait", "process", "total"):
            for q, attr in ((0.5, f"{name}_median_min"), (0.9, f"{name}_p90_min")):
                true = h.exact_quantile(e[name], q)
                value = getattr(item, attr)
                if true is None:
                    assert value is None, (key, attr)
                else:
                    assert abs(value - true) <= 0.55 + 1e-9, (key, attr, value, true)


@pytest.mark.parametrize("group", ["month", "week", "day", "unit", "officer"])
def test_figures_match_the_raw_records_within_a_minute(world, group):
    seed(world)
    admin = world.actor("admin")
    # The period starts and ends mid-month: edges come from the day tier, February from the month tier.
    start, end = dt.date(2026, 1, 25), dt.date(2026, 3, 28)
    items = service_stats(actor=admin, service_code=None, unit_code=None, start=start, end=end, group=group)
    raw = ServiceRecord.objects.filter(pemda=world.pemda, arrival_date__range=(start, end)).select_related(
        "unit", "officer"
    )
    assert_matches(items, exact(raw, group))
    if group in ("month", "week", "day"):
        keys = [i.key for i in items]
        assert keys == sorted(keys) and len(keys) == len(set(keys))
        assert keys[0] == {"month": "2026-01", "week": "2026-W04", "day": "2026-01-25"}[group]


def test_unit_means_its_subtree_and_service_narrows(world):
    ktp, _ = seed(world, n=200, seed_=3)
    admin = world.actor("admin")
    start, end = dt.date(2026, 1, 1), dt.date(2026, 4, 30)
    items = service_stats(
        actor=admin, service_code="T-KTP", unit_code=world.units["kec_a"].code, start=start, end=end, group="month"
    )
    raw = ServiceRecord.objects.filter(
        unit__in=[world.units["kec_a"], world.units["kel_a1"]], service=ktp, arrival_date__range=(start, end)
    )
    assert raw.exists()
    assert_matches(items, exact(raw, "month"))
    assert [i.key for i in items] == ["2026-01", "2026-02", "2026-03", "2026-04"]
    by_unit = service_stats(
        actor=admin, service_code=None, unit_code=world.units["kec_a"].code, start=start, end=end, group="unit"
    )
    assert {i.key for i in by_unit} <= {world.units["kec_a"].code, world.units["kel_a1"].code}
    completed = raw.filter(status=RecordStatus.SELESAI).count()
    assert (
        completed_count(actor=admin, unit_code=world.units["kec_a"].code, service_code="T-KTP", start=start, end=end)
        == completed
    )


def test_scope_of_a_leader(world, other_world):
    seed(world, n=150, seed_=5)
    leader = world.actor("leader")  # leader of Kecamatan Alfa
    start, end = dt.date(2026, 1, 1), dt.date(2026, 4, 30)
    mine = service_stats(actor=leader, service_code=None, unit_code=None, start=start, end=end, group="unit")
    assert {i.key for i in mine} <= {world.units["kec_a"].code, world.units["kel_a1"].code}
    assert (
        sum(i.transactions for i in mine)
        == ServiceRecord.objects.filter(unit__in=[world.units["kec_a"], world.units["kel_a1"]]).count()
    )
    with pytest.raises(PermissionDenied):
        service_stats(
            actor=leader, service_code=None, unit_code=world.units["kec_b"].code, start=start, end=end, group="month"
        )
    with pytest.raises(ValidationFailed) as exc:
        service_stats(
            actor=leader,
            service_code=None,
            unit_code=other_world.units["kec_a"].code,
            start=start,
            end=end,
            group="month",
        )
    assert exc.value.code == "invalid_reference"
    with pytest.raises(ValidationFailed):
        service_stats(actor=leader, service_code="NOPE", unit_code=None, start=start, end=end, group="month")
    # A leader's unit reach gives no per-officer figures.
    with pytest.raises(PermissionDenied):
        service_stats(actor=leader, service_code=None, unit_code=None, start=start, end=end, group="officer")
    # Another Pemda's admin sees none of these records.
    other = service_stats(
        actor=other_world.actor("admin"), service_code=None, unit_code=None, start=start, end=end, group="month"
    )
    assert sum(i.transactions for i in other) == 0


def test_officer_figures_are_for_the_officer_their_supervisors_and_the_admin(world):
    seed(world, n=200, seed_=11)
    start, end = dt.date(2026, 1, 1), dt.date(2026, 4, 30)

    def officers(actor):
        items = service_stats(actor=actor, service_code=None, unit_code=None, start=start, end=end, group="officer")
        return {i.key for i in items}

    e = world.employees
    assert officers(world.actor("admin")) == {e["kel_a1_staff"].nip, e["kel_b1_staff"].nip, e["staff_bidang"].nip}
    assert officers(world.actor("participant")) == {e["kel_a1_staff"].nip}  # their own
    assert officers(world.actor("supervisor")) == {e["staff_bidang"].nip}  # head of Dinas: reports only
    # A participant has no unit reach: no figures other than their own.
    with pytest.raises(PermissionDenied):
        service_stats(
            actor=world.actor("participant"), service_code=None, unit_code=None, start=start, end=end, group="month"
        )


def test_invalid_periods_and_groups(world):
    admin = world.actor("admin")
    with pytest.raises(ValidationFailed):
        service_stats(
            actor=admin,
            service_code=None,
            unit_code=None,
            start=dt.date(2026, 2, 1),
            end=dt.date(2026, 1, 1),
            group="month",
        )
    with pytest.raises(ValidationFailed):
        service_stats(
            actor=admin,
            service_code=None,
            unit_code=None,
            start=dt.date(2026, 1, 1),
            end=dt.date(2026, 1, 2),
            group="year",
        )
    with pytest.raises(ValidationFailed):
        service_stats(
            actor=admin,
            service_code=None,
            unit_code=None,
            start=dt.date(2020, 1, 1),
            end=dt.date(2026, 1, 2),
            group="day",
        )


def test_queue_profile_by_weekday_and_hour(world):
    service = ServiceTypeFactory(pemda=world.pemda, code="Q")
    unit = world.units["kel_a1"]
    monday = dt.datetime(2026, 3, 2, 8, 10, tzinfo=JAKARTA)
    ServiceRecordFactory(unit=unit, service=service, arrived_at=monday, wait_minutes=10, ticket="1")
    ServiceRecordFactory(
        unit=unit, service=service, arrived_at=monday + dt.timedelta(minutes=20), wait_minutes=30, ticket="2"
    )
    ServiceRecordFactory(
        unit=unit,
        service=service,
        arrived_at=monday + dt.timedelta(days=2, hours=3),
        wait_minutes=None,
        status=RecordStatus.BATAL,
        ticket="3",
    )
    rollups_rebuild(pemda_id=world.pemda.pk)
    slots = queue_profile(
        actor=world.actor("admin"),
        unit_code=unit.code,
        service_code=None,
        start=dt.date(2026, 3, 1),
        end=dt.date(2026, 3, 31),
    )
    by = {(s.weekday, s.hour): s for s in slots if s.arrivals}
    assert set(by) == {(0, 8), (2, 11)}
    assert by[(0, 8)].arrivals == 2 and by[(0, 8)].mean_wait_min == 20.0
    assert by[(2, 11)].arrivals == 1 and by[(2, 11)].mean_wait_min is None


# --- faces -----------------------------------------------------------------------------------------


def test_api_answers_the_figures_and_validates_strictly(world, other_world, api_as):
    seed(world, n=120, seed_=13)
    admin = api_as(world.users["admin"])
    unit = world.units["kec_a"].code
    response = admin.get(URL, {"unit": unit, "from": "2026-01-01", "to": "2026-04-30", "group": "month"})
    assert response.status_code == 200, response.content
    body = response.json()
    assert body["from"] == "2026-01-01" and body["group"] == "month" and body["unit"] == unit
    expected = service_stats(
        actor=world.actor("admin"),
        service_code=None,
        unit_code=unit,
        start=dt.date(2026, 1, 1),
        end=dt.date(2026, 4, 30),
        group="month",
    )
    assert [i["key"] for i in body["items"]] == [i.key for i in expected]
    assert body["items"][1]["transactions"] == expected[1].transactions
    assert set(body["items"][0]) >= {
        "key", "transactions", "completed", "cancelled", "refused", "wait_median_min", "wait_p90_min",
        "process_median_min", "process_p90_min", "total_median_min", "total_p90_min", "within_sla_pct",
    }  # fmt: skip

    def status(params):
        r = admin.get(URL, params)
        return r.status_code, r.json()["error"]["code"]

    base = {"from": "2026-01-01", "to": "2026-01-31"}
    assert status({**base, "unit": other_world.units["kec_a"].code}) == (422, "invalid_reference")
    assert status({**base, "service": "NOPE"}) == (422, "invalid_reference")
    assert status({**base, "group": "year"})[0] == 422
    assert status({"from": "01/01/2026", "to": "2026-01-31"})[0] == 422
    assert status({**base, "extra": "1"}) == (422, "invalid_parameter")
    assert admin.get(URL + "?from=2026-01-01&to=2026-01-31&unit=A&unit=B").status_code == 422
    assert status({"to": "2026-01-31"})[0] == 422
    assert status({**base, "unit": "x" * 33})[0] == 422
    assert status({"from": "2026-02-01", "to": "2026-01-31"})[0] == 422
    leader = api_as(world.users["leader"])
    assert leader.get(URL, {**base, "unit": world.units["kec_b"].code}).status_code == 403
    assert leader.get(URL, {**base, "group": "officer"}).status_code == 403


def test_command_prints_json_as_the_system_actor(world):
    seed(world, n=60, seed_=17)
    out = StringIO()
    call_command(
        "service_stats", "--pemda", world.pemda.slug, "--service", "T-KTP", "--from", "2026-02-01", "--to", "2026-03-31",
        "--group", "month", "--format", "json", stdout=out,
    )  # fmt: skip
    rows = json.loads(out.getvalue())
    system = Actor.system(world.pemda.pk)
    expected = service_stats(
        actor=system,
        service_code="T-KTP",
        unit_code=None,
        start=dt.date(2026, 2, 1),
        end=dt.date(2026, 3, 31),
        group="month",
    )
    assert [r["key"] for r in rows] == ["2026-02", "2026-03"]
    assert rows[0]["transactions"] == expected[0].transactions > 0
    assert rows[0]["total_p90_min"] == expected[0].total_p90_min
    with pytest.raises(CommandError):
        call_command(
            "service_stats", "--pemda", world.pemda.slug, "--unit", "NOPE", "--from", "2026-02-01", "--to", "2026-03-31"
        )
    with pytest.raises(CommandError):
        call_command("service_stats", "--pemda", "nope", "--from", "2026-02-01", "--to", "2026-03-31")
