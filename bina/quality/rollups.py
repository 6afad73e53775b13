"""Rollups of the service records: what the figures read instead of raw records (issue 10, §2).

Three tiers, all exact:
- `ServiceDayRollup`: one row per day × unit × service × officer (or none) × channel;
- `ServiceMonthRollup`: one row per month × unit × service, the day rows merged (kecamatan figures by
  month read about 30× fewer rows);
- `ServicePemdaMonthRollup`: one row per month × service, every unit merged (Pemda-wide trends).

Every write of records calls `rollups_refresh` with the (arrival_date, unit_id, service_id) keys it
touched (old and new keys of an updated record), inside its own transaction. A refresh recomputes the
rollups of those keys from the raw records and replaces them (delete + insert): recomputed, never
incremented, so a refresh that runs twice, or after a failed import, leaves the same rows.
`rollups_rebuild` does the same for a whole period (the `rebuild_service_rollups` command).

The data-quality warning counts (`ServiceDataWarningDay`, unit × day × kind, `bina.quality.data_warnings`)
are kept by the same two functions: recomputed for every touched day, all its units (an officer's two
tickets at once may lie in two units), with three aggregate queries per chunk of days.

The region actually recomputed is, per chunk of days, days × units × services of the keys given (a
superset of the keys): recomputing a key nobody changed is harmless, it gives the same rows.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable, Iterator
from typing import Any
from zoneinfo import ZoneInfo

import numpy as np
from django.db import connection, transaction
from django.db.models import Count, F, Max, Q, Window
from django.db.models.expressions import RowRange
from django.utils import timezone

from bina.core.models import Pemda
from bina.core.sql import bulk_insert
from bina.quality import histograms as h
from bina.quality.data_warnings import SAME_TIME_RECORDS, SHORT_PROCESS_SECONDS, DataWarningKind
from bina.quality.models import (
    RecordStatus,
    ServiceDataWarningDay,
    ServiceDayRollup,
    ServiceMonthRollup,
    ServicePemdaMonthRollup,
    ServiceRecord,
)

Key = tuple[dt.date, int, int]
# Days per refresh query: keeps each `IN (...)` list short and each batch of raw records small.
_DAY_CHUNK = 31
_COUNTS = ("transactions", "completed", "cancelled", "refused", "sla_measured", "within_sla")
_BLOBS = ("wait_hist", "process_hist", "total_hist", "slots")
_RAW_FIELDS = (
    "arrival_date",
    "unit_id",
    "service_id",
    "officer_id",
    "channel",
    "status",
    "arrived_at",
    "wait_seconds",
    "process_seconds",
    "total_seconds",
    "within_sla",
)


def month_start(day: dt.date) -> dt.date:
    return day.replace(day=1)


def month_end(month: dt.date) -> dt.date:
    nxt = (month.replace(day=28) + dt.timedelta(days=4)).replace(day=1)
    return nxt - dt.timedelta(days=1)


def _utc_offset_seconds(pemda_id: int) -> int:
    """The Pemda's offset from UTC: WIB, WITA and WIT have no daylight saving, so one number per Pemda."""
    name = Pemda.objects.filter(pk=pemda_id).values_list("timezone", flat=True).first() or "Asia/Jakarta"
    offset = dt.datetime(2000, 1, 1, tzinfo=ZoneInfo(name)).utcoffset()
    return int(offset.total_seconds()) if offset else 0


def rollups_lock(pemda_id: int) -> None:
    """Serialise refreshes (and API batch writes) of one Pemda's rollups until the caller commits (PostgreSQL; SQLite has one writer).

    Without it two transactions refreshing one key (or two units of one month: the Pemda tier) could
    both delete nothing new and both insert. One lock per Pemda, re-entrant within a transaction, so
    no two refreshes can wait on each other in a cycle; a refresh is milliseconds of work.
    """
    if connection.vendor != "postgresql":
        return
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_advisory_xact_lock(%s, %s)", [1_070_010, pemda_id])


def compute_day_rows(pemda_id: int, records: list[tuple[Any, ...]], offset: int) -> list[dict[str, Any]]:
    """Day rollup rows (dicts for `bulk_insert`) from raw records given as `_RAW_FIELDS` tuples."""
    if not records:
        return []
    groups: dict[tuple[Any, ...], int] = {}
    gid = np.empty(len(records), dtype=np.int64)
    n = len(records)
    status = np.empty(n, dtype=np.int8)
    slot = np.empty(n, dtype=np.int64)
    wait = np.empty(n, dtype=np.int64)
    process = np.empty(n, dtype=np.int64)
    total = np.empty(n, dtype=np.int64)
    sla = np.empty(n, dtype=np.int8)
    present = np.ones((n, 3), dtype=bool)  # wait, process, total not NULL (a negative one still counts)
    codes = {RecordStatus.SELESAI.value: 0, RecordStatus.BATAL.value: 1, RecordStatus.DITOLAK.value: 2}
    for i, (day, unit, service, officer, channel, st, arrived, w, p, t, within) in enumerate(records):
        gid[i] = groups.setdefault((day, unit, service, officer, channel), len(groups))
        status[i] = codes.get(st, 3)
        hour = int((arrived.timestamp() + offset) // 3600) % 24
        slot[i] = day.weekday() * 24 + hour
        wait[i] = 0 if w is None else w
        process[i] = 0 if p is None else p
        total[i] = 0 if t is None else t
        present[i] = (w is not None, p is not None, t is not None)
        sla[i] = -1 if within is None else int(within)
    count = len(groups)
    completed = status == 0
    has_wait = present[:, 0]
    done_process = completed & present[:, 1]
    done_total = completed & present[:, 2]
    measured = completed & (sla >= 0)
    per = {
        "transactions": np.bincount(gid, minlength=count),
        "completed": np.bincount(gid[completed], minlength=count),
        "cancelled": np.bincount(gid[status == 1], minlength=count),
        "refused": np.bincount(gid[status == 2], minlength=count),
        "sla_measured": np.bincount(gid[measured], minlength=count),
        "within_sla": np.bincount(gid[measured & (sla == 1)], minlength=count),
    }
    blobs = {
        "wait_hist": h.encode_grouped(gid[has_wait], h.minute_bins(wait[has_wait]), count),
        "process_hist": h.encode_grouped(gid[done_process], h.minute_bins(process[done_process]), count),
        "total_hist": h.encode_grouped(gid[done_total], h.minute_bins(total[done_total]), count),
        "slots": h.encode_slots_grouped(gid, slot, wait, has_wait, count),
    }
    rows = []
    for (day, unit, service, officer, channel), g in groups.items():
        row: dict[str, Any] = {
            "pemda_id": pemda_id,
            "day": day,
            "unit_id": unit,
            "service_id": service,
            "officer_id": officer,
            "channel": channel,
        }
        for name in _COUNTS:
            row[name] = int(per[name][g])
        for name in _BLOBS:
            row[name] = blobs[name][g]
        rows.append(row)
    return rows


def compute_month_rows(pemda_id: int, day_rows: list[tuple[Any, ...]]) -> list[dict[str, Any]]:
    """Month rollup rows from day rollups given as (day, unit_id, service_id, *counts, *blobs) tuples."""
    return _merge_rows(
        pemda_id, day_rows, ("month", "unit_id", "service_id"), lambda r: (month_start(r[0]), r[1], r[2])
    )


def compute_pemda_rows(pemda_id: int, month_rows: list[tuple[Any, ...]]) -> list[dict[str, Any]]:
    """Pemda rollup rows from month rollups given as (month, unit_id, service_id, *counts, *blobs) tuples."""
    return _merge_rows(pemda_id, month_rows, ("month", "service_id"), lambda r: (r[0], r[2]))


def _merge_rows(
    pemda_id: int, day_rows: list[tuple[Any, ...]], names: tuple[str, ...], key: Any
) -> list[dict[str, Any]]:
    if not day_rows:
        return []
    groups: dict[tuple[Any, ...], int] = {}
    gid = np.fromiter((groups.setdefault(key(r), len(groups)) for r in day_rows), dtype=np.int64, count=len(day_rows))
    count = len(groups)
    counts = np.array([r[3 : 3 + len(_COUNTS)] for r in day_rows], dtype=np.int64).reshape(-1, len(_COUNTS))
    sums = np.zeros((count, len(_COUNTS)), dtype=np.int64)
    np.add.at(sums, gid, counts)
    base = 3 + len(_COUNTS)
    blobs = {
        name: h.merge_grouped_blobs(gid, [r[base + i] for r in day_rows], count) for i, name in enumerate(_BLOBS[:3])
    }
    blobs["slots"] = h.merge_grouped_slot_blobs(gid, [r[base + 3] for r in day_rows], count)
    rows = []
    for values, g in groups.items():
        row: dict[str, Any] = {"pemda_id": pemda_id, **dict(zip(names, values, strict=True))}
        for i, name in enumerate(_COUNTS):
            row[name] = int(sums[g, i])
        for name in _BLOBS:
            row[name] = blobs[name][g]
        rows.append(row)
    return rows


def _chunks(days: list[dt.date], size: int) -> Iterator[list[dt.date]]:
    for i in range(0, len(days), size):
        yield days[i : i + size]


def _refresh_months(
    pemda_id: int, months: Iterable[dt.date], unit_ids: set[int] | None, service_ids: set[int] | None
) -> None:
    """Recompute the month tier of months × units × services (None: all) from the day tier."""
    now = timezone.now()
    for month in sorted(set(months)):
        day_filter: dict[str, Any] = {"pemda_id": pemda_id, "day__gte": month, "day__lte": month_end(month)}
        month_filter: dict[str, Any] = {"pemda_id": pemda_id, "month": month}
        if unit_ids is not None:
            day_filter["unit_id__in"] = month_filter["unit_id__in"] = sorted(unit_ids)
        if service_ids is not None:
            day_filter["service_id__in"] = month_filter["service_id__in"] = sorted(service_ids)
        ServiceMonthRollup.objects.filter(**month_filter).delete()
        day_rows = list(
            ServiceDayRollup.objects.filter(**day_filter).values_list("day", "unit_id", "service_id", *_COUNTS, *_BLOBS)
        )
        bulk_insert(ServiceMonthRollup, compute_month_rows(pemda_id, day_rows), now=now)
        # The Pemda tier of the month: every unit of the services touched.
        pemda_filter: dict[str, Any] = {"pemda_id": pemda_id, "month": month}
        if service_ids is not None:
            pemda_filter["service_id__in"] = sorted(service_ids)
        ServicePemdaMonthRollup.objects.filter(**pemda_filter).delete()
        month_rows = list(
            ServiceMonthRollup.objects.filter(**pemda_filter).values_list(
                "month", "unit_id", "service_id", *_COUNTS, *_BLOBS
            )
        )
        bulk_insert(ServicePemdaMonthRollup, compute_pemda_rows(pemda_id, month_rows), now=now)


def data_warnings_compute(pemda_id: int, days: Q) -> dict[tuple[dt.date, int, str], int]:
    """(day, unit_id, kind) -> count over the stored records whose `arrival_date` matches `days`
    (rules: `bina.quality.data_warnings`)."""
    counts: dict[tuple[dt.date, int, str], int] = defaultdict(int)
    records = ServiceRecord.objects.filter(days, pemda_id=pemda_id).order_by()
    short = (
        records.filter(process_seconds__lt=SHORT_PROCESS_SECONDS)
        .values_list("arrival_date", "unit_id")
        .annotate(n=Count("id"))
    )
    for day, unit_id, n in short:
        counts[(day, unit_id, DataWarningKind.SHORT_PROCESSING.value)] += n
    same = (
        records.values_list("arrival_date", "unit_id", "arrived_at")
        .annotate(n=Count("id"))
        .filter(n__gte=SAME_TIME_RECORDS)
    )
    for day, unit_id, _arrived, _n in same:
        counts[(day, unit_id, DataWarningKind.IDENTICAL_TIMES.value)] += 1
    # Called while a ticket the officer was called to before (that day, any unit) was not finished yet.
    overlaps = (
        records.filter(officer_id__isnull=False, called_at__isnull=False, finished_at__isnull=False)
        .annotate(
            open_until=Window(
                Max("finished_at"),
                partition_by=[F("officer_id"), F("arrival_date")],
                order_by=[F("called_at").asc(), F("id").asc()],
                frame=RowRange(start=None, end=-1),
            )
        )
        .filter(called_at__lt=F("open_until"))
        .values_list("arrival_date", "unit_id")
    )
    for day, unit_id in overlaps:
        counts[(day, unit_id, DataWarningKind.OFFICER_OVERLAP.value)] += 1
    return counts


def data_warnings_refresh(pemda_id: int, days: Iterable[dt.date]) -> None:
    """Replace the warning counts of these days with the counts of their stored records (caller's transaction)."""
    for chunk in _chunks(sorted(set(days)), _DAY_CHUNK):
        _data_warnings_replace(pemda_id, Q(arrival_date__in=chunk), Q(day__in=chunk))


def _data_warnings_replace(pemda_id: int, records: Q, stored: Q) -> None:
    counts = data_warnings_compute(pemda_id, records)
    ServiceDataWarningDay.objects.filter(stored, pemda_id=pemda_id).delete()
    ServiceDataWarningDay.objects.bulk_create(
        ServiceDataWarningDay(pemda_id=pemda_id, day=day, unit_id=unit_id, kind=kind, count=n)
        for (day, unit_id, kind), n in sorted(counts.items())
    )


@transaction.atomic
def rollups_refresh(*, pemda_id: int, keys: Iterable[Key]) -> None:
    """Recompute the day rollups of these (arrival_date, unit_id, service_id) keys, and their months, exactly.

    Runs in the caller's transaction (a savepoint inside it): the records and their rollups commit
    together or not at all. Give both the old and the new key of a record that moved.
    """
    by_day: dict[dt.date, set[tuple[int, int]]] = defaultdict(set)
    for day, unit_id, service_id in keys:
        by_day[day].add((unit_id, service_id))
    if not by_day:
        return
    rollups_lock(pemda_id)
    offset = _utc_offset_seconds(pemda_id)
    now = timezone.now()
    months: dict[dt.date, tuple[set[int], set[int]]] = {}
    for days in _chunks(sorted(by_day), _DAY_CHUNK):
        units = {u for d in days for u, _ in by_day[d]}
        services = {s for d in days for _, s in by_day[d]}
        region: dict[str, Any] = {
            "pemda_id": pemda_id,
            "arrival_date__in": days,
            "unit_id__in": sorted(units),
            "service_id__in": sorted(services),
        }
        records = list(ServiceRecord.objects.filter(**region).values_list(*_RAW_FIELDS).iterator(chunk_size=5000))
        ServiceDayRollup.objects.filter(
            pemda_id=pemda_id, day__in=days, unit_id__in=region["unit_id__in"], service_id__in=region["service_id__in"]
        ).delete()
        bulk_insert(ServiceDayRollup, compute_day_rows(pemda_id, records, offset), now=now)
        for day in days:
            m_units, m_services = months.setdefault(month_start(day), (set(), set()))
            m_units.update(units)
            m_services.update(services)
    for month, (m_units, m_services) in sorted(months.items()):
        _refresh_months(pemda_id, [month], m_units, m_services)
    data_warnings_refresh(pemda_id, by_day)


@transaction.atomic
def rollups_rebuild(*, pemda_id: int, start: dt.date | None = None, end: dt.date | None = None) -> int:
    """Rebuild both tiers of the Pemda from its raw records, for arrival dates in [start, end] (None: open).

    Returns the number of raw records rolled up. Reads the records one month at a time, so memory
    stays bounded by the busiest month, not the whole table.
    """
    rollups_lock(pemda_id)
    records = ServiceRecord.objects.filter(pemda_id=pemda_id)
    rollups = ServiceDayRollup.objects.filter(pemda_id=pemda_id)
    if start is not None:
        records, rollups = records.filter(arrival_date__gte=start), rollups.filter(day__gte=start)
    if end is not None:
        records, rollups = records.filter(arrival_date__lte=end), rollups.filter(day__lte=end)
    bounds = records.order_by().values_list("arrival_date", flat=True)
    first = bounds.order_by("arrival_date").first()
    last = bounds.order_by("-arrival_date").first()
    months = {month_start(d) for d in rollups.order_by().values_list("day", flat=True).distinct()}
    rollups.delete()
    period = Q(day__gte=start) if start is not None else Q()
    if end is not None:
        period &= Q(day__lte=end)
    ServiceDataWarningDay.objects.filter(period, pemda_id=pemda_id).delete()
    if first is None or last is None:
        _refresh_months(pemda_id, months, None, None)
        return 0
    offset = _utc_offset_seconds(pemda_id)
    now = timezone.now()
    done = 0
    month = month_start(first)
    while month <= last:
        lo = max(month, start) if start else month
        hi = min(month_end(month), end) if end else month_end(month)
        chunk = list(records.filter(arrival_date__range=(lo, hi)).values_list(*_RAW_FIELDS).iterator(chunk_size=20000))
        done += len(chunk)
        rows = compute_day_rows(pemda_id, chunk, offset)
        for i in range(0, len(rows), 50_000):
            bulk_insert(ServiceDayRollup, rows[i : i + 50_000], now=now)
        _data_warnings_replace(pemda_id, Q(arrival_date__range=(lo, hi)), Q(day__range=(lo, hi)))
        months.add(month)
        month = month_end(month) + dt.timedelta(days=1)
    _refresh_months(pemda_id, months, None, None)
    return done
