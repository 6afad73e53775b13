"""Seeded service records for every kelurahan of a demo Pemda: the outcome data of issue 10.

What the data looks like (all of it from `random.Random` streams seeded per Pemda, seed and kelurahan,
so the same arguments give the same rows in every process, on SQLite and PostgreSQL):

- **Period**: working days (Monday to Friday, not in the Pemda's holiday calendar) from `RECORDS_START`
  to the day before the demo's today (`DEMO_TODAY`, late November 2026).
- **Volume**: each kelurahan has its own size (a lognormal factor, σ = 0.6, mean 1) times `volume`
  tickets per working day on average, then Monday ×1.45, Tuesday ×1.1, Thursday ×0.95, Friday ×0.65;
  months (school admissions in June–July busier, December quieter, `_MONTH`); the fortnight before
  Idul Fitri ×0.75, the Lebaran week ×0.4 and the three weeks after ×1.3 with many more
  PINDAH-DATANG (people moving after mudik). Daily counts are Poisson.
- **Queue**: counter (loket) arrivals cluster in the morning, more so on Mondays; a day's officers
  (the kelurahan's non-struktural staff on duty, 1–3 of them) serve the queue first come first
  served from 07:30 (Mondays 08:00, after the apel pagi), so Monday mornings really do wait longest. A citizen whose wait exceeds their patience
  leaves (`batal`: not called, no officer). Online requests (Surabaya's Klampid: about a third;
  Serang a sixth) are picked up later; a few jemput bola sessions a month serve KTP-el and KIA.
- **Outcomes**: about 5% of the document services are `ditolak` (incomplete documents, short
  processing); 2% of served tickets have no officer NIP (the queue machine lost the login). Some
  document services are finished on a later working day (blanko shortage, printing): their finish
  is the issuance, so some miss the working-day SLA. Durations and `within_sla` come from
  `bina.quality.sla` over the Pemda's holiday calendar, exactly as an import computes them.

**The true training effect** (what issue 11's estimator must recover): an officer who completed a
public-service class of the demo's 2026 programme (`PUBLIC_SERVICE_COURSES`: KOM, ADU, SIM) is
*treated* from the first day of the month after the end of their first such class
(`treated_from`). Every ticket a treated officer serves on or after that day has its counter
processing time (called → finished of a same-day ticket; the counter part of a document issued
later) multiplied by exactly `1 - TRAINING_EFFECT` = 0.80. Nothing else changes: untrained officers,
and treated officers before their start, draw processing from the same stationary distribution for
the whole period (lognormal per service, σ = 0.45, times a fixed personal speed factor), so their
mean and median do not move. Waits shrink only as a consequence (faster officers empty the queue
sooner). Tickets issued on a later day add an issuance delay that no officer influences: estimate
on same-day tickets, or on medians, which those few tickets hardly move.
"""

from __future__ import annotations

import datetime as dt
import itertools
import math
import random
from collections.abc import Collection, Iterator
from dataclasses import dataclass
from typing import Any
from zoneinfo import ZoneInfo

from django.db import transaction
from django.utils import timezone

from bina.core.models import Pemda
from bina.core.sql import bulk_insert
from bina.demo.training_data import DEMO_TODAY, PROGRAMME_YEAR, SPECS
from bina.people.models import Employee, EmployeeStatus, OrgUnit, OrgUnitKind, PositionKind
from bina.quality.access import holiday_dates
from bina.quality.models import Channel, RecordStatus, ServiceRecord, ServiceType
from bina.quality.records import partitions_ensure
from bina.quality.rollups import rollups_rebuild
from bina.quality.sla import durations, within_sla
from bina.quality.workdays import add_working_days, is_working_day
from bina.training.classes.models import Enrolment, EnrolmentStatus

RECORDS_START = DEMO_TODAY.replace(year=DEMO_TODAY.year - 2)  # two years of records
RECORDS_END = DEMO_TODAY - dt.timedelta(days=1)
# Mean tickets per kelurahan per working day before the weekday/season factors (`make demo` keeps
# under two minutes with this; the generator takes any value).
DEFAULT_VOLUME = 2.0
TRAINING_EFFECT = 0.20
PUBLIC_SERVICE_COURSES = ("KOM", "ADU", "SIM")
BATCH = 20_000

# Idul Fitri (1 Syawal) of each demo year: the dip before and the surge after follow it.
IDUL_FITRI = (dt.date(2024, 4, 10), dt.date(2025, 3, 31), dt.date(2026, 3, 20))
_WEEKDAY = (1.45, 1.1, 1.0, 0.95, 0.65)
_MONTH = {1: 1.1, 2: 1.0, 3: 1.0, 4: 1.0, 5: 1.0, 6: 1.2, 7: 1.25, 8: 1.0, 9: 0.95, 10: 0.95, 11: 0.95, 12: 0.85}
# Share of requests made online (Surabaya's Klampid is widely used; Serang's online service less).
_ONLINE = {"surabaya": 0.33, "serang": 0.16}


@dataclass(frozen=True)
class _Service:
    code: str
    weight: float  # share of a kelurahan's tickets
    minutes: float  # median counter processing (minutes)
    later: float  # share of completed tickets finished on a later working day (documents only)


_SERVICES = (
    _Service("KTP-EL", 30, 11, 0.06),
    _Service("KK", 22, 10, 0.03),
    _Service("AKTA-LAHIR", 10, 12, 0.03),
    _Service("AKTA-MATI", 4, 9, 0.0),
    _Service("KIA", 10, 7, 0.03),
    _Service("PINDAH-DATANG", 10, 11, 0.02),
    _Service("BIODATA", 6, 9, 0.02),
    _Service("LEGALISIR", 8, 4, 0.0),
)
_SCHOOL = {"KIA", "KK", "AKTA-LAHIR"}  # asked for by school admissions (June-July)
_SERVING_POSITIONS = ("Operator Layanan", "Administrator Kependudukan", "Pengadministrasi Umum")
_SELESAI, _DITOLAK = RecordStatus.SELESAI.value, RecordStatus.DITOLAK.value
_LOKET, _ONLINE_CH, _JEMPUT = Channel.LOKET.value, Channel.ONLINE.value, Channel.JEMPUT_BOLA.value
_PREFIX = {_LOKET: "A", _ONLINE_CH: "B", _JEMPUT: "C"}


@dataclass
class ServiceDemoResult:
    pemda: Pemda
    created: bool = False
    records: int = 0
    rolled_up: int = 0
    units: int = 0
    treated_officers: int = 0


@transaction.atomic
def demo_service_records_load(
    *,
    pemda: Pemda,
    seed: int = 2026,
    start: dt.date | None = None,
    end: dt.date | None = None,
    volume: float | None = None,
    unit_codes: Collection[str] | None = None,
) -> ServiceDemoResult:
    """Generate the Pemda's service records and rebuild its rollups; a Pemda with records is left as it is.

    Defaults: `RECORDS_START`..`RECORDS_END`, `DEFAULT_VOLUME` (read at call time, so a test may shorten
    them); `unit_codes` (default: every kelurahan) and a short period keep tests small.
    """
    start = start or RECORDS_START
    end = end or RECORDS_END
    volume = DEFAULT_VOLUME if volume is None else volume
    result = ServiceDemoResult(pemda=pemda)
    if ServiceRecord.objects.filter(pemda=pemda).exists():
        result.records = ServiceRecord.objects.filter(pemda=pemda).count()
        return result
    world = _World(pemda, seed, start, end, unit_codes)
    result.units = len(world.units)
    result.treated_officers = len(world.treated)
    now = timezone.now()
    # On PostgreSQL every month gets its partition first: rows in DEFAULT would block creating it later.
    partitions_ensure(month for month in _months(start, end))
    batch: list[dict[str, Any]] = []
    for unit in world.units:
        for row in world.unit_records(unit, volume):
            batch.append(row)
            if len(batch) >= BATCH:
                bulk_insert(ServiceRecord, batch, now=now)
                result.records += len(batch)
                batch = []
    bulk_insert(ServiceRecord, batch, now=now)
    result.records += len(batch)
    result.rolled_up = rollups_rebuild(pemda_id=pemda.pk)
    result.created = result.records > 0
    return result


def _months(start: dt.date, end: dt.date) -> list[dt.date]:
    months, day = [], start.replace(day=1)
    while day <= end:
        months.append(day)
        day = (day + dt.timedelta(days=32)).replace(day=1)
    return months


def treated_from(pemda: Pemda) -> dict[int, dt.date]:
    """Employee id -> the first day of the month after the end of their first completed public-service class."""
    code = SPECS[pemda.slug].code
    courses = [f"{code}-{key}-{PROGRAMME_YEAR}" for key in PUBLIC_SERVICE_COURSES]
    ends: dict[int, dt.date] = {}
    rows = Enrolment.objects.filter(
        pemda=pemda, status=EnrolmentStatus.COMPLETED, klass__course__code__in=courses
    ).values_list("employee_id", "klass__ends_on")
    for employee_id, ends_on in rows:
        if ends_on is not None and (employee_id not in ends or ends_on < ends[employee_id]):
            ends[employee_id] = ends_on
    return {employee_id: _next_month(day) for employee_id, day in ends.items()}


def _next_month(day: dt.date) -> dt.date:
    return dt.date(day.year + day.month // 12, day.month % 12 + 1, 1)


@dataclass
class _Officer:
    id: int
    speed: float  # personal factor on processing time (fixed for the whole period)
    treated_from: dt.date | None


class _World:
    def __init__(
        self, pemda: Pemda, seed: int, start: dt.date, end: dt.date, unit_codes: Collection[str] | None
    ) -> None:
        self.pemda, self.seed, self.start, self.end = pemda, seed, start, end
        self.zone = ZoneInfo(pemda.timezone or "Asia/Jakarta")
        self.online_share = _ONLINE.get(pemda.slug, 0.15)
        kelurahan = OrgUnit.objects.filter(pemda=pemda, kind=OrgUnitKind.KELURAHAN)
        if unit_codes is not None:
            kelurahan = kelurahan.filter(code__in=list(unit_codes))
        self.units = list(kelurahan.order_by("code"))
        types = {t.code: t for t in ServiceType.objects.filter(pemda=pemda, code__in=[s.code for s in _SERVICES])}
        self.services = [(s, types[s.code]) for s in _SERVICES if s.code in types]
        # Cumulative weights of the service mix by (school admissions, weeks after Lebaran).
        self.mix = {
            (school, after): list(
                itertools.accumulate(
                    s.weight
                    * (1.5 if school and s.code in _SCHOOL else 1.0)
                    * (3.0 if after and s.code == "PINDAH-DATANG" else 1.0)
                    for s, _ in self.services
                )
            )
            for school in (False, True)
            for after in (False, True)
        }
        self.holidays = holiday_dates(pemda.pk)
        self.treated = treated_from(pemda)
        self.staff: dict[int, list[int]] = {}
        rows = (
            Employee.objects.filter(pemda=pemda, unit__in=self.units, status=EmployeeStatus.AKTIF)
            .exclude(position_kind=PositionKind.STRUKTURAL)
            .order_by("nip")
            .values_list("unit_id", "id", "position_name")
        )
        serving: dict[int, list[int]] = {}
        for unit_id, employee_id, position in rows:
            self.staff.setdefault(unit_id, []).append(employee_id)
            if position.startswith(_SERVING_POSITIONS):
                serving.setdefault(unit_id, []).append(employee_id)
        for unit_id, ids in serving.items():
            if len(ids) >= 2:
                self.staff[unit_id] = ids  # the counter staff serve; others only when too few
        self.days = [d for d in _days(start, end) if is_working_day(d, self.holidays)]

    def _rng(self, unit: OrgUnit) -> random.Random:
        # A string seed is hashed (SHA-512): the same stream in every process and Python run.
        return random.Random(f"{self.pemda.slug}:{self.seed}:services:{unit.code}")

    def unit_records(self, unit: OrgUnit, volume: float) -> Iterator[dict[str, Any]]:
        rng = self._rng(unit)
        size = rng.lognormvariate(-0.18, 0.6) * volume  # E[lognormal(-σ²/2, σ)] = 1
        officers = [_Officer(i, rng.lognormvariate(0.0, 0.2), self.treated.get(i)) for i in self.staff.get(unit.pk, [])]
        for day in self.days:
            yield from self._day(rng, unit, day, size, officers)

    # --- one day ----------------------------------------------------------------------------

    def _day(
        self, rng: random.Random, unit: OrgUnit, day: dt.date, size: float, officers: list[_Officer]
    ) -> Iterator[dict[str, Any]]:
        lebaran = _lebaran_factor(day)
        expected = size * _WEEKDAY[day.weekday()] * _MONTH[day.month] * lebaran
        count = _poisson(rng, expected)
        on_duty = self._on_duty(rng, officers, expected)
        tickets: list[dict[str, Any]] = []
        counter: list[tuple[float, _Service, ServiceType]] = []
        for _ in range(count):
            spec, service = self._pick_service(rng, day, lebaran)
            online = _ONLINE_CH in service.channels and rng.random() < self.online_share
            if online:
                tickets.append(self._online(rng, unit, day, spec, service, on_duty))
            else:
                counter.append((_arrival_minute(rng, day), spec, service))
        tickets += self._queue(rng, unit, day, sorted(counter, key=lambda c: c[0]), on_duty)
        if on_duty and rng.random() < 0.03:
            tickets += self._jemput_bola(rng, unit, day, on_duty)
        numbers: dict[str, int] = {}
        for ticket in sorted(tickets, key=lambda t: (t["channel"], t["arrived_at"])):
            prefix = _PREFIX[ticket["channel"]]
            numbers[prefix] = numbers.get(prefix, 0) + 1
            ticket["ticket"] = f"{prefix}{numbers[prefix]:03d}"
            yield ticket

    def _on_duty(self, rng: random.Random, officers: list[_Officer], expected: float) -> list[_Officer]:
        wanted = 1 + (expected >= 5) + (expected >= 12)
        present = [o for o in officers if rng.random() < 0.9]  # leave, training, field work
        return rng.sample(present, min(wanted, len(present)))

    def _pick_service(self, rng: random.Random, day: dt.date, lebaran: float) -> tuple[_Service, ServiceType]:
        return rng.choices(self.services, cum_weights=self.mix[(day.month in (6, 7), lebaran > 1)])[0]

    def _process_seconds(self, rng: random.Random, spec: _Service, officer: _Officer | None, day: dt.date) -> float:
        minutes = spec.minutes * rng.lognormvariate(0.0, 0.45)
        if officer is not None:
            minutes *= officer.speed
            if officer.treated_from is not None and day >= officer.treated_from:
                minutes *= 1 - TRAINING_EFFECT
        return max(minutes * 60, 45.0)

    def _queue(
        self,
        rng: random.Random,
        unit: OrgUnit,
        day: dt.date,
        arrivals: list[tuple[float, _Service, ServiceType]],
        on_duty: list[_Officer],
    ) -> list[dict[str, Any]]:
        """First come, first served by the day's officers (a kelurahan with no staff: one unnamed desk)."""
        desks: list[_Officer | None] = list(on_duty) or [None]
        # Counters open at 07:30, on Mondays after the morning assembly (apel pagi) at 08:00.
        free_at = [(8.0 if day.weekday() == 0 else 7.5) * 60] * len(desks)
        out = []
        for arrival, spec, service in arrivals:
            desk = min(range(len(desks)), key=free_at.__getitem__)
            start = max(arrival, free_at[desk])
            wait = start - arrival
            patience = rng.expovariate(1 / 75)
            if wait > patience + 10 or rng.random() < 0.01:
                out.append(self._record(unit, day, service, None, _LOKET, arrival, None, None, "batal"))
                continue
            officer = desks[desk]
            refused = service.sla_working_days is not None and rng.random() < 0.05
            process = self._process_seconds(rng, spec, officer, day) / 60
            if refused:
                process *= 0.35
            free_at[desk] = start + process
            finish: float | dt.datetime = start + process
            if not refused and spec.later and rng.random() < spec.later:
                finish = self._issued_later(rng, day, service)
            named = officer if rng.random() >= 0.02 else None
            out.append(
                self._record(
                    unit,
                    day,
                    service,
                    named,
                    _LOKET,
                    arrival,
                    start,
                    finish,
                    _DITOLAK if refused else _SELESAI,
                )
            )
        return out

    def _online(
        self,
        rng: random.Random,
        unit: OrgUnit,
        day: dt.date,
        spec: _Service,
        service: ServiceType,
        on_duty: list[_Officer],
    ) -> dict[str, Any]:
        """An online request: submitted during the day, verified by an officer some hours later."""
        arrival = rng.uniform(6 * 60, 15 * 60)
        called = max(arrival, 8 * 60) + rng.expovariate(1 / 120)
        officer = rng.choice(on_duty) if on_duty else None
        if rng.random() < 0.04:
            return self._record(unit, day, service, None, _ONLINE_CH, arrival, None, None, "batal")
        refused = rng.random() < 0.07  # uploads unreadable or incomplete
        process = self._process_seconds(rng, spec, officer, day) / 60 * (0.35 if refused else 0.6)
        status = _DITOLAK if refused else _SELESAI
        return self._record(unit, day, service, officer, _ONLINE_CH, arrival, called, called + process, status)

    def _jemput_bola(
        self, rng: random.Random, unit: OrgUnit, day: dt.date, on_duty: list[_Officer]
    ) -> list[dict[str, Any]]:
        """A morning at a school, hospital or home for the elderly: KTP-el and KIA, one officer."""
        officer = rng.choice(on_duty)
        offered = [(s, t) for s, t in self.services if _JEMPUT in t.channels and s.code in ("KTP-EL", "KIA")]
        if not offered:
            return []
        clock = 9 * 60.0
        out = []
        for _ in range(rng.randint(5, 12)):
            spec, service = rng.choice(offered)
            arrival = clock + rng.uniform(0, 5)
            process = self._process_seconds(rng, spec, officer, day) / 60
            out.append(
                self._record(unit, day, service, officer, _JEMPUT, arrival, arrival, arrival + process, "selesai")
            )
            clock = arrival + process
        return out

    def _issued_later(self, rng: random.Random, day: dt.date, service: ServiceType) -> dt.datetime:
        sla = service.sla_working_days or 1
        delay = rng.choice(range(1, sla + 3))
        issued = add_working_days(day, delay, self.holidays)
        return dt.datetime.combine(issued, dt.time(10), tzinfo=self.zone) + dt.timedelta(minutes=rng.uniform(0, 300))

    def _record(
        self,
        unit: OrgUnit,
        day: dt.date,
        service: ServiceType,
        officer: _Officer | None,
        channel: str,
        arrival: float,
        called: float | None,
        finished: float | dt.datetime | None,
        status: str,
    ) -> dict[str, Any]:
        midnight = dt.datetime.combine(day, dt.time(0), tzinfo=self.zone)
        arrived_at = midnight + dt.timedelta(seconds=round(arrival * 60))
        called_at = None if called is None else midnight + dt.timedelta(seconds=round(called * 60))
        if isinstance(finished, dt.datetime):
            finished_at: dt.datetime | None = finished.replace(microsecond=0)
        else:
            finished_at = None if finished is None else midnight + dt.timedelta(seconds=round(finished * 60))
        wait, process, total = durations(arrived_at=arrived_at, called_at=called_at, finished_at=finished_at)
        return {
            "pemda_id": unit.pemda_id,
            "service_id": service.id,
            "unit_id": unit.pk,
            "officer_id": officer.id if officer is not None else None,
            "channel": channel,
            "arrival_date": day,
            "arrived_at": arrived_at,
            "called_at": called_at,
            "finished_at": finished_at,
            "status": status,
            "wait_seconds": wait,
            "process_seconds": process,
            "total_seconds": total,
            "within_sla": within_sla(
                arrived_at=arrived_at,
                finished_at=finished_at,
                completed=status == _SELESAI,
                sla_minutes=service.sla_minutes,
                sla_working_days=service.sla_working_days,
                holidays=self.holidays,
            ),
        }


def _days(start: dt.date, end: dt.date) -> Iterator[dt.date]:
    day = start
    while day <= end:
        yield day
        day += dt.timedelta(days=1)


def _lebaran_factor(day: dt.date) -> float:
    for idul_fitri in IDUL_FITRI:
        offset = (day - idul_fitri).days
        if -14 <= offset < -3:
            return 0.75
        if -3 <= offset <= 7:
            return 0.4
        if 7 < offset <= 28:
            return 1.3
    return 1.0


def _arrival_minute(rng: random.Random, day: dt.date) -> float:
    """Minutes after midnight: citizens queue from 07:00; mornings busiest (Mondays most), Friday closes early."""
    friday = day.weekday() == 4
    morning = 0.8 if day.weekday() == 0 else 0.6
    if rng.random() < morning:
        return 7 * 60 + min(abs(rng.gauss(0, 80)), (11 if friday else 12) * 60 - 7 * 60)
    return rng.uniform(13 * 60, (14 if friday else 15) * 60)


def _poisson(rng: random.Random, lam: float) -> int:
    """Knuth's method (lam is at most a few dozen here)."""
    if lam <= 0:
        return 0
    limit, k, p = math.exp(-lam), 0, rng.random()
    while p > limit:
        k += 1
        p *= rng.random()
    return k
