"""Service records at benchmark scale: N queue tickets over three years for every kelurahan and kecamatan.

`build_service_data` fills a Pemda whose org chart and employees exist (the demo generator made them)
with RECORDS service records from 2024-01-01 to 2026-11-30 on working days: each unit's tickets spread
over the default catalogue (KTP-EL and KK most), two or three officers per unit (and some tickets
without one), counter/online/jemput bola, morning peaks and longer Monday queues, 8% cancelled and 4%
refused. Durations and the SLA verdict are derived as a write derives them (`bina.quality.sla`).

Rows go in through the imports' bulk loader (executemany on SQLite, COPY on PostgreSQL), one month at a
time. The rollups are computed from the very rows generated, by the code a refresh runs
(`bina.quality.rollups.compute_day_rows`, then the month tier from the stored day tier), so they are
exactly what `rollups_rebuild` would store; `rebuild=True` runs `rollups_rebuild` instead (slower:
it reads every record back), to measure it.
"""

from __future__ import annotations

import datetime as dt
import time
from dataclasses import asdict, dataclass
from typing import Any
from zoneinfo import ZoneInfo

import numpy as np
from django.db import transaction
from django.utils import timezone

from bina.core.models import Pemda
from bina.core.sql import bulk_insert
from bina.people.models import Employee, OrgUnit, OrgUnitKind
from bina.quality.access import holiday_dates
from bina.quality.models import ServiceDayRollup, ServiceRecord, ServiceType
from bina.quality.rollups import _refresh_months, compute_day_rows, month_end, rollups_rebuild
from bina.quality.workdays import add_working_days

FIRST_DAY, LAST_DAY = dt.date(2024, 1, 1), dt.date(2026, 11, 30)
SERVICE_WEIGHTS = {"KTP-EL": 30, "KK": 25, "AKTA-LAHIR": 12, "KIA": 8, "PINDAH-DATANG": 8, "AKTA-MATI": 4}
BATCH = 50_000


@dataclass
class ServiceDataStats:
    records: int = 0
    day_rollups: int = 0
    month_rollups: int = 0
    units: int = 0
    services: int = 0
    seconds_records: float = 0.0
    seconds_rollups: float = 0.0

    def as_dict(self) -> dict[str, Any]:
        return asdict(self)


def _working_days(holidays: frozenset[dt.date]) -> list[dt.date]:
    days, day = [], FIRST_DAY
    while day <= LAST_DAY:
        if day.weekday() < 5 and day not in holidays:
            days.append(day)
        day += dt.timedelta(days=1)
    return days


def build_service_data(
    *, pemda: Pemda, records: int, seed: int = 2026, rebuild: bool = False, raw: bool = True
) -> ServiceDataStats:
    """`raw=False` writes only the rollups of the generated tickets (computed from them exactly as a refresh
    would), not the tickets themselves: the figures read rollups only, and 10,000,000 raw rows take an hour
    to write on this machine."""
    stats = ServiceDataStats()
    rng = np.random.default_rng(seed)
    zone = ZoneInfo(pemda.timezone)
    offset = int(dt.datetime(2025, 1, 1, tzinfo=zone).utcoffset().total_seconds())  # type: ignore[union-attr]
    units = list(
        OrgUnit.objects.filter(pemda=pemda, kind__in=[OrgUnitKind.KELURAHAN, OrgUnitKind.KECAMATAN])
        .order_by("pk")
        .values_list("pk", "kind")
    )
    unit_ids = np.array([u for u, _ in units], dtype=np.int64)
    unit_weights = np.array([1.5 if k == OrgUnitKind.KECAMATAN else 1.0 for _, k in units])
    unit_weights /= unit_weights.sum()
    officers: dict[int, list[int]] = {}
    for employee_id, unit_id in (
        Employee.objects.filter(pemda=pemda, unit_id__in=unit_ids.tolist()).order_by("pk").values_list("pk", "unit_id")
    ):
        if len(officers.setdefault(unit_id, [])) < 3:
            officers[unit_id].append(employee_id)
    # Officer table: row per unit, 3 columns, 0 = no officer.
    officer_table = np.zeros((len(units), 3), dtype=np.int64)
    for i, (unit_id, _) in enumerate(units):
        for j, emp in enumerate(officers.get(unit_id, [])):
            officer_table[i, j] = emp
    services = list(ServiceType.objects.filter(pemda=pemda).order_by("order", "code"))
    service_ids = np.array([s.pk for s in services], dtype=np.int64)
    weights = np.array([SERVICE_WEIGHTS.get(s.code, 2) for s in services], dtype=float)
    weights /= weights.sum()
    sla_minutes = np.array([s.sla_minutes or -1 for s in services], dtype=np.int64)
    sla_days = np.array([s.sla_working_days or -1 for s in services], dtype=np.int64)
    holidays = holiday_dates(pemda.pk)
    days = _working_days(holidays)
    stats.units, stats.services = len(units), len(services)

    # Records per working day: seasonal (more in January and July: school and new-year documents).
    season = np.array([1.0 + 0.25 * (d.month in (1, 7)) - 0.15 * (d.month == 12) for d in days])
    per_day = rng.multinomial(records, season / season.sum())
    due_cache: dict[tuple[dt.date, int], dt.date] = {}
    now = timezone.now()
    months: dict[dt.date, list[int]] = {}
    for i, d in enumerate(days):
        months.setdefault(d.replace(day=1), []).append(i)

    started = time.perf_counter()
    ticket_base = 0
    for month, indexes in months.items():
        counts = per_day[indexes]
        n = int(counts.sum())
        if n == 0:
            continue
        day_index = np.repeat(np.array(indexes, dtype=np.int64), counts)
        weekday = np.array([days[i].weekday() for i in indexes], dtype=np.int64)[
            np.repeat(np.arange(len(indexes)), counts)
        ]
        unit_idx = rng.choice(len(units), size=n, p=unit_weights)
        service_idx = rng.choice(len(services), size=n, p=weights)
        officer = officer_table[unit_idx, rng.integers(0, 3, size=n)]
        officer[rng.random(n) < 0.1] = 0
        channel = rng.choice(np.array(["loket", "online", "jemput_bola"]), size=n, p=[0.85, 0.12, 0.03])
        status = rng.choice(np.array(["selesai", "batal", "ditolak"]), size=n, p=[0.88, 0.08, 0.04])
        # Arrival: 07:30-15:00 local, peaking around 09:00.
        minute_of_day = np.clip(rng.normal(9.2 * 60, 100, size=n), 7.5 * 60, 15 * 60).astype(np.int64)
        second = rng.integers(0, 60, size=n)
        monday = weekday == 0
        wait = (rng.exponential(14 * 60, size=n) * np.where(monday, 1.6, 1.0)).astype(np.int64)
        process = (rng.lognormal(np.log(9 * 60), 0.6, size=n)).astype(np.int64)
        documents = sla_days[service_idx] > 0
        # A document is finished later: on the same day or up to 6 working days after (1 in 10 late).
        later_days = np.where(documents, rng.choice([0, 0, 1, 2, 3, 4, 6], size=n), 0)
        day_ordinals = np.array([days[i].toordinal() for i in range(len(days))], dtype=np.int64)[day_index]
        epoch_local = (day_ordinals - dt.date(1970, 1, 1).toordinal()) * 86400 + minute_of_day * 60 + second
        arrived = epoch_local - offset
        has_called = status != "batal"
        finished = status == "selesai"
        process_total = process + later_days * 86400
        total = wait + process_total
        rows: list[dict[str, Any]] = []
        tuples: list[tuple[Any, ...]] = []
        # Plain lists: indexing numpy arrays per ticket costs more than the rest of the loop.
        arrived_l, wait_l, proc_l, total_l = arrived.tolist(), wait.tolist(), process_total.tolist(), total.tolist()
        day_l = [days[i] for i in day_index.tolist()]
        unit_l, service_l = unit_ids[unit_idx].tolist(), service_ids[service_idx].tolist()
        officer_l, channel_l, status_l = officer.tolist(), channel.tolist(), status.tolist()
        sla_min_l, sla_day_l = sla_minutes[service_idx].tolist(), sla_days[service_idx].tolist()
        called_l, done_l = has_called.tolist(), finished.tolist()
        for k in range(n):
            day = day_l[k]
            arrived_at = dt.datetime.fromtimestamp(arrived_l[k], tz=dt.UTC)
            done = done_l[k]
            w = wait_l[k] if called_l[k] else None
            p = proc_l[k] if done else None
            t = total_l[k] if done else None
            within: bool | None = None
            if done:
                if sla_min_l[k] > 0:
                    within = total_l[k] <= sla_min_l[k] * 60
                else:
                    key = (day, sla_day_l[k])
                    due = due_cache.get(key)
                    if due is None:
                        due = due_cache[key] = add_working_days(day, sla_day_l[k], holidays)
                    finish_local = dt.date.fromordinal(719163 + (arrived_l[k] + offset + total_l[k]) // 86400)
                    within = finish_local <= due
            if not raw:
                tuples.append(
                    (day, unit_l[k], service_l[k], officer_l[k] or None, channel_l[k], status_l[k], arrived_at, w, p, t, within)
                )  # fmt: skip
                continue
            row = {
                "pemda_id": pemda.pk,
                "service_id": service_l[k],
                "unit_id": unit_l[k],
                "officer_id": officer_l[k] or None,
                "ticket": str(ticket_base + k),
                "channel": channel_l[k],
                "arrival_date": day,
                "arrived_at": arrived_at,
                "called_at": arrived_at + dt.timedelta(seconds=w) if w is not None else None,
                "finished_at": arrived_at + dt.timedelta(seconds=t) if t is not None else None,
                "status": status_l[k],
                "wait_seconds": w,
                "process_seconds": p,
                "total_seconds": t,
                "within_sla": within,
            }
            rows.append(row)
            if not rebuild:
                tuples.append(
                    (day, row["unit_id"], row["service_id"], row["officer_id"], row["channel"], row["status"],
                     arrived_at, w, p, t, within)
                )  # fmt: skip
        ticket_base += n
        with transaction.atomic():
            for b in range(0, len(rows), BATCH):
                bulk_insert(ServiceRecord, rows[b : b + BATCH], now=now)
        stats.records += n
        if not rebuild:
            t0 = time.perf_counter()
            day_rows = compute_day_rows(pemda.pk, tuples, offset)
            with transaction.atomic():
                for b in range(0, len(day_rows), BATCH):
                    bulk_insert(ServiceDayRollup, day_rows[b : b + BATCH], now=now)
            stats.day_rollups += len(day_rows)
            stats.seconds_rollups += time.perf_counter() - t0
        del rows, tuples
        assert month_end(month) >= month
    stats.seconds_records = time.perf_counter() - started - stats.seconds_rollups
    t0 = time.perf_counter()
    if rebuild and raw:
        rollups_rebuild(pemda_id=pemda.pk)
        stats.day_rollups = ServiceDayRollup.objects.filter(pemda=pemda).count()
    else:
        with transaction.atomic():
            _refresh_months(pemda.pk, list(months), None, None)
    stats.seconds_rollups += time.perf_counter() - t0
    from bina.quality.models import ServiceMonthRollup

    stats.month_rollups = ServiceMonthRollup.objects.filter(pemda=pemda).count()
    return stats


def build_month_tiers(*, pemda: Pemda, records: int, seed: int = 2026) -> ServiceDataStats:
    """The month and Pemda tiers of RECORDS tickets drawn from the same distributions as `build_service_data`,
    generated straight into the rollups (numpy, seconds instead of an hour): what the month figures read.

    No raw tickets and no day tier are written, so only the month cases can be measured on it. The SLA
    verdict of a document is "finished within N working days" taken as its days-later draw ≤ N.
    """
    from bina.quality import histograms as h
    from bina.quality.models import ServiceMonthRollup, ServicePemdaMonthRollup
    from bina.quality.rollups import compute_pemda_rows

    stats = ServiceDataStats()
    started = time.perf_counter()
    rng = np.random.default_rng(seed)
    units = list(
        OrgUnit.objects.filter(pemda=pemda, kind__in=[OrgUnitKind.KELURAHAN, OrgUnitKind.KECAMATAN])
        .order_by("pk")
        .values_list("pk", "kind")
    )
    unit_weights = np.array([1.5 if k == OrgUnitKind.KECAMATAN else 1.0 for _, k in units])
    unit_weights /= unit_weights.sum()
    services = list(ServiceType.objects.filter(pemda=pemda).order_by("order", "code"))
    weights = np.array([SERVICE_WEIGHTS.get(s.code, 2) for s in services], dtype=float)
    weights /= weights.sum()
    sla_minutes = np.array([s.sla_minutes or -1 for s in services], dtype=np.int64)
    sla_days = np.array([s.sla_working_days or -1 for s in services], dtype=np.int64)
    days = _working_days(holiday_dates(pemda.pk))
    season = np.array([1.0 + 0.25 * (d.month in (1, 7)) - 0.15 * (d.month == 12) for d in days])
    per_day = rng.multinomial(records, season / season.sum())
    months: dict[dt.date, list[int]] = {}
    for i, d in enumerate(days):
        months.setdefault(d.replace(day=1), []).append(i)
    stats.units, stats.services = len(units), len(services)
    n_groups = len(units) * len(services)
    now = timezone.now()
    month_rows: list[dict[str, Any]] = []
    for month, indexes in months.items():
        counts = per_day[indexes]
        n = int(counts.sum())
        weekday = np.array([days[i].weekday() for i in indexes], dtype=np.int64)[
            np.repeat(np.arange(len(indexes)), counts)
        ]
        unit_idx = rng.choice(len(units), size=n, p=unit_weights)
        service_idx = rng.choice(len(services), size=n, p=weights)
        status = rng.choice(3, size=n, p=[0.88, 0.08, 0.04])  # selesai, batal, ditolak
        hour = np.clip(rng.normal(9.2 * 60, 100, size=n), 7.5 * 60, 15 * 60).astype(np.int64) // 60
        wait = (rng.exponential(14 * 60, size=n) * np.where(weekday == 0, 1.6, 1.0)).astype(np.int64)
        process = rng.lognormal(np.log(9 * 60), 0.6, size=n).astype(np.int64)
        documents = sla_days[service_idx] > 0
        later = np.where(documents, rng.choice([0, 0, 1, 2, 3, 4, 6], size=n), 0)
        process = process + later * 86400
        total = wait + process
        done, called = status == 0, status != 1
        within = np.where(documents, later <= sla_days[service_idx], total <= sla_minutes[service_idx] * 60)
        g = unit_idx * len(services) + service_idx
        per = {
            "transactions": np.bincount(g, minlength=n_groups),
            "completed": np.bincount(g[done], minlength=n_groups),
            "cancelled": np.bincount(g[status == 1], minlength=n_groups),
            "refused": np.bincount(g[status == 2], minlength=n_groups),
            "sla_measured": np.bincount(g[done], minlength=n_groups),
            "within_sla": np.bincount(g[done & within], minlength=n_groups),
        }
        blobs = {
            "wait_hist": h.encode_grouped(g[called], h.minute_bins(wait[called]), n_groups),
            "process_hist": h.encode_grouped(g[done], h.minute_bins(process[done]), n_groups),
            "total_hist": h.encode_grouped(g[done], h.minute_bins(total[done]), n_groups),
            "slots": h.encode_slots_grouped(g, weekday * 24 + hour, wait, called, n_groups),
        }
        for gi in np.flatnonzero(per["transactions"]).tolist():
            row: dict[str, Any] = {
                "pemda_id": pemda.pk,
                "month": month,
                "unit_id": units[gi // len(services)][0],
                "service_id": services[gi % len(services)].pk,
            }
            row.update({name: int(values[gi]) for name, values in per.items()})
            row.update({name: blob[gi] for name, blob in blobs.items()})
            month_rows.append(row)
        stats.records += n
    with transaction.atomic():
        for b in range(0, len(month_rows), BATCH):
            bulk_insert(ServiceMonthRollup, month_rows[b : b + BATCH], now=now)
        names = ("month", "unit_id", "service_id", "transactions", "completed", "cancelled", "refused",
                 "sla_measured", "within_sla", "wait_hist", "process_hist", "total_hist", "slots")  # fmt: skip
        pemda_rows = compute_pemda_rows(pemda.pk, [tuple(r[k] for k in names) for r in month_rows])
        bulk_insert(ServicePemdaMonthRollup, pemda_rows, now=now)
    stats.month_rollups = len(month_rows)
    stats.seconds_rollups = time.perf_counter() - started
    return stats
