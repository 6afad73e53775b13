"""Service records (issue 10, §2): the one place a record is checked and written.

The import kind `service_records`, `POST /api/v1/service-records` and the demo all go through a
`RecordBook`: one per run (a file, a request), holding the Pemda's units, services, holiday calendar
and the officers looked up so far. A run feeds it batches:

- `check_batch` turns raw fields (the import's columns, the API's fields: `nomor_tiket`, `kode_layanan`,
  `kode_unit`, `nip_petugas`, `waktu_datang`, `waktu_dipanggil`, `waktu_selesai`, `status`, `kanal`) into
  `CheckedRecord`s or `RowError`s (row, column, value, reason, code). Times are `YYYY-MM-DD HH:MM[:SS]` or
  `dd/mm/yyyy HH:MM[:SS]` in the Pemda's zone and are stored aware; wait/processing/total seconds and
  `within_sla` are derived once here (`bina.quality.sla`, the Pemda's holidays).
- `write_batch` finds the stored records of the batch by the key (unit, ticket, arrival date) in one
  query and answers created / updated / unchanged per record; with `write=True` new records go through
  the bulk loader (`bina.core.sql.bulk_insert`: COPY on PostgreSQL), changed ones are updated.
- `warn_batch` adds warnings for suspicious but valid data (not errors: the record is kept); the rollups
  keep their counts per unit × day for the figures page (`bina.quality.data_warnings`).
- `finish` hands the touched (arrival_date, unit_id, service_id) keys to the rollups, in the caller's
  transaction.

No per-record audit: the import writes its one `import.service_records` entry, the API one
`quality.records_write` per batch. A unit outside the actor's write reach is an error naming the
unit, never a write.
"""

from __future__ import annotations

import datetime as dt
import re
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any
from zoneinfo import ZoneInfo

from django.conf import settings
from django.db import IntegrityError, OperationalError, connection
from django.utils import timezone
from django.utils.translation import gettext as _

from bina.core.actor import Actor
from bina.core.errors import RowError
from bina.core.models import Pemda
from bina.core.sql import bulk_insert
from bina.people.models import Employee, OrgUnit
from bina.people.nip import nip_normalise
from bina.quality.access import holiday_dates
from bina.quality.data_warnings import SAME_TIME_RECORDS, SHORT_PROCESS_SECONDS
from bina.quality.models import Channel, RecordStatus, ServiceRecord, ServiceType
from bina.quality.rollups import rollups_lock, rollups_refresh
from bina.quality.sla import durations, within_sla

COLUMNS = (
    "nomor_tiket",
    "kode_layanan",
    "kode_unit",
    "nip_petugas",
    "waktu_datang",
    "waktu_dipanggil",
    "waktu_selesai",
    "status",
    "kanal",
)
CREATED, UPDATED, UNCHANGED = "created", "updated", "unchanged"

# Uncertain thresholds are settings (defaults here): clock drift a queue machine may have, and the
# shapes of data that are valid but worth a second look (`bina.quality.data_warnings`).
FUTURE_TOLERANCE_SECONDS = getattr(settings, "BINA_QUALITY_FUTURE_TOLERANCE_SECONDS", 300)
MAX_WARNINGS_KEPT = getattr(settings, "BINA_QUALITY_MAX_WARNINGS", 1000)
# Touched rollup keys are handed over once this many have gathered (and at the end), not all at once.
ROLLUP_FLUSH_KEYS = 20_000

_ISO = re.compile(r"(\d{4})-(\d{1,2})-(\d{1,2})[ T](\d{1,2}):(\d{2})(?::(\d{2}))?")
_DMY = re.compile(r"(\d{1,2})/(\d{1,2})/(\d{4}) (\d{1,2}):(\d{2})(?::(\d{2}))?")
_STATUSES = {s.value for s in RecordStatus}
_CHANNELS = {c.value for c in Channel}
_TIME_COLUMNS = ("waktu_datang", "waktu_dipanggil", "waktu_selesai")


class TimeInvalid(ValueError):
    pass


def parse_local_time(value: Any, tz: dt.tzinfo) -> dt.datetime | None:
    """`YYYY-MM-DD HH:MM[:SS]` or `dd/mm/yyyy HH:MM[:SS]` (or a spreadsheet's date-time cell) in the
    Pemda's zone, as an aware datetime; None for an empty value. A zone offset in the text is refused:
    the Pemda's zone is the only one a record's times are read in."""
    if value is None:
        return None
    if isinstance(value, dt.datetime):
        return value.replace(tzinfo=tz) if value.tzinfo is None else value.astimezone(tz)
    text = str(value).strip()
    if not text:
        return None
    if len(text) in (16, 19) and text[4] == "-" and text[10] == " " and text[13] == ":":
        # The common spelling, read by the C parser (a tenth of the regular expression's cost).
        try:
            moment = dt.datetime.fromisoformat(text)
        except ValueError:
            raise TimeInvalid(text) from None
        if moment.tzinfo is not None or moment.microsecond:
            raise TimeInvalid(text)
        return moment.replace(tzinfo=tz)
    if m := _ISO.fullmatch(text):
        year, month, day, hour, minute, second = m.groups()
    elif m := _DMY.fullmatch(text):
        day, month, year, hour, minute, second = m.groups()
    else:
        raise TimeInvalid(text)
    try:
        return dt.datetime(int(year), int(month), int(day), int(hour), int(minute), int(second or 0), tzinfo=tz)
    except ValueError:
        raise TimeInvalid(text) from None


@dataclass(slots=True)
class CheckedRecord:
    """A valid record, ready to write: `row` is the file's row number (import) or the index (API)."""

    row: int
    unit_id: int
    unit_code: str
    ticket: str
    arrival_date: dt.date
    service_id: int
    officer_id: int | None
    officer_nip: str
    channel: str
    arrived_at: dt.datetime
    called_at: dt.datetime | None
    finished_at: dt.datetime | None
    status: str
    wait_seconds: int | None
    process_seconds: int | None
    total_seconds: int | None
    within_sla: bool | None

    @property
    def key(self) -> tuple[int, str, dt.date]:
        return (self.unit_id, self.ticket, self.arrival_date)

    def values(self) -> dict[str, Any]:
        return {
            "service_id": self.service_id,
            "officer_id": self.officer_id,
            "channel": self.channel,
            "arrived_at": self.arrived_at,
            "called_at": self.called_at,
            "finished_at": self.finished_at,
            "status": self.status,
            "wait_seconds": self.wait_seconds,
            "process_seconds": self.process_seconds,
            "total_seconds": self.total_seconds,
            "within_sla": self.within_sla,
        }


# What decides "unchanged": the recorded facts (the derived values follow from them and the SLA).
_COMPARED = ("service_id", "officer_id", "channel", "arrived_at", "called_at", "finished_at", "status")


def _text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)  # a spreadsheet's number cell (ticket 17.0)
    return str(value).strip()


@dataclass
class RecordBook:
    """The per-run context of checking and writing records for one Pemda, acting as `actor`."""

    actor: Actor
    pemda: Pemda
    file_name: str = ""
    now: dt.datetime = field(default_factory=timezone.now)
    tz: dt.tzinfo = field(init=False)
    warnings: list[RowError] = field(default_factory=list)
    warning_counts: Counter[str] = field(default_factory=Counter)
    touched: set[tuple[dt.date, int, int]] = field(default_factory=set)

    def __post_init__(self) -> None:
        self.tz = ZoneInfo(self.pemda.timezone)
        self.latest = self.now + dt.timedelta(seconds=FUTURE_TOLERANCE_SECONDS)
        reach = self.actor.write_reach() if self.actor.pemda_id == self.pemda.pk else None
        self.units: dict[str, tuple[int, bool]] = {}
        for pk, code, path in OrgUnit.objects.filter(pemda_id=self.pemda.pk).values_list("id", "code", "path"):
            self.units[code] = (pk, reach is not None and not reach.is_empty and reach.covers(path))
        self.units_upper = {code.upper(): entry for code, entry in self.units.items()}
        self.services: dict[str, tuple[int, int | None, int | None]] = {
            code: (pk, minutes, days)
            for pk, code, minutes, days in ServiceType.objects.filter(pemda_id=self.pemda.pk).values_list(
                "id", "code", "sla_minutes", "sla_working_days"
            )
        }
        self.services_upper = {code.upper(): entry for code, entry in self.services.items()}
        self.holidays = holiday_dates(self.pemda.pk)
        self.officers: dict[str, int | None] = {}
        # Keys seen in this run, as hashes (8 bytes of state per record, not the key): a ticket given
        # twice in one file or batch is an error on its second row.
        self.seen: set[int] = set()
        self.officer_last: dict[int, tuple[dt.datetime, dt.datetime, int, str]] = {}
        self.sla_days: dict[tuple[dt.date, dt.date, int], bool | None] = {}

    # --- checking ---------------------------------------------------------------------------

    def _error(self, row: int, column: str, value: Any, reason: str, code: str) -> RowError:
        return RowError(file=self.file_name, row=row, column=column, value=_text(value), reason=reason, code=code)

    def _lookup_officers(self, nips: Iterable[str]) -> None:
        wanted = {n for n in nips if n and n not in self.officers}
        if not wanted:
            return
        found = dict(
            Employee.objects.filter(pemda_id=self.pemda.pk, nip__in=wanted).values_list("nip", "id")  # own Pemda only
        )
        for nip in wanted:
            self.officers[nip] = found.get(nip)

    def check_batch(self, items: Sequence[tuple[int, Mapping[str, Any]]]) -> tuple[list[CheckedRecord], list[RowError]]:
        """Check raw records (row number, fields by column name); every problem of every record is reported."""
        nips = [nip_normalise(v) if (v := _text(raw.get("nip_petugas"))) else "" for _row, raw in items]
        self._lookup_officers(nips)
        records: list[CheckedRecord] = []
        errors: list[RowError] = []
        for (row, raw), nip in zip(items, nips, strict=True):
            result = self.check(row, raw, nip=nip)
            if isinstance(result, CheckedRecord):
                records.append(result)
            else:
                errors.extend(result)
        return records, errors

    def check(self, row: int, raw: Mapping[str, Any], *, nip: str | None = None) -> CheckedRecord | list[RowError]:
        """One record; `nip`: its officer NIP already normalised (a batch does that once)."""
        errors: list[RowError] = []

        def fail(column: str, value: Any, reason: str, code: str) -> None:
            errors.append(self._error(row, column, value, reason, code))

        ticket = _text(raw.get("nomor_tiket"))
        if not ticket:
            fail("nomor_tiket", ticket, _("The ticket number is empty."), "required")
        elif len(ticket) > 40:
            fail("nomor_tiket", ticket, _("A ticket number has at most 40 characters."), "too_long")

        service_code = _text(raw.get("kode_layanan"))
        service = self.services.get(service_code) or self.services_upper.get(service_code.upper())
        if service is None:
            fail(
                "kode_layanan",
                service_code,
                _("No service with code %(code)s in this Pemda's catalogue.") % {"code": service_code}
                if service_code
                else _("The service code is empty."),
                "unknown_service",
            )

        unit_code = _text(raw.get("kode_unit"))
        unit = self.units.get(unit_code) or self.units_upper.get(unit_code.upper())
        if unit is None:
            fail(
                "kode_unit",
                unit_code,
                _("No unit with code %(code)s in this Pemda.") % {"code": unit_code}
                if unit_code
                else _("The unit code is empty."),
                "unknown_unit",
            )
        elif not unit[1]:
            fail(
                "kode_unit",
                unit_code,
                _("Unit %(code)s is outside the units you may write records for.") % {"code": unit_code},
                "out_of_scope",
            )

        raw_nip = _text(raw.get("nip_petugas"))
        if nip is None:
            nip = nip_normalise(raw_nip) if raw_nip else ""
        officer_id: int | None = None
        if nip:
            if nip not in self.officers:
                self._lookup_officers([nip])
            officer_id = self.officers.get(nip)
            if officer_id is None:
                fail(
                    "nip_petugas",
                    raw_nip,
                    _("No employee with NIP %(nip)s in this Pemda.") % {"nip": nip},
                    "unknown_officer",
                )

        times: dict[str, dt.datetime | None] = {}
        for column in _TIME_COLUMNS:
            value = raw.get(column)
            try:
                moment = parse_local_time(value, self.tz)
            except TimeInvalid:
                fail(
                    column,
                    value,
                    _("Not a time: write YYYY-MM-DD HH:MM[:SS] or dd/mm/yyyy HH:MM[:SS] (the Pemda's local time)."),
                    "invalid_time",
                )
                continue
            if moment is not None and moment > self.latest:
                fail(column, value, _("This time is in the future."), "future_time")
            times[column] = moment
        arrived, called, finished = (times.get(c) for c in _TIME_COLUMNS)
        if arrived is None and "waktu_datang" in times:
            fail("waktu_datang", "", _("The arrival time is empty."), "required")
        if arrived is not None and called is not None and called < arrived:
            fail(
                "waktu_dipanggil",
                raw.get("waktu_dipanggil"),
                _("Called before the arrival time."),
                "called_before_arrival",
            )
        if called is not None and finished is not None and finished < called:
            fail(
                "waktu_selesai",
                raw.get("waktu_selesai"),
                _("Finished before the called time."),
                "finished_before_called",
            )
        elif called is None and arrived is not None and finished is not None and finished < arrived:
            fail(
                "waktu_selesai",
                raw.get("waktu_selesai"),
                _("Finished before the arrival time."),
                "finished_before_arrival",
            )

        status = _text(raw.get("status")).lower()
        if status not in _STATUSES:
            fail(
                "status",
                raw.get("status"),
                _("Unknown status: write one of %(values)s.") % {"values": ", ".join(sorted(_STATUSES))},
                "unknown_status",
            )
        elif status == RecordStatus.SELESAI and finished is None and "waktu_selesai" in times:
            fail("waktu_selesai", "", _("A completed (selesai) record needs its finish time."), "finish_required")

        channel = _text(raw.get("kanal")).lower().replace(" ", "_").replace("-", "_") or Channel.LOKET.value
        if channel not in _CHANNELS:
            fail(
                "kanal",
                raw.get("kanal"),
                _("Unknown channel: write one of %(values)s.") % {"values": ", ".join(sorted(_CHANNELS))},
                "unknown_channel",
            )

        if errors or arrived is None or unit is None or service is None:
            return errors
        arrival_date = arrived.date()
        key_hash = hash((unit[0], ticket, arrival_date.toordinal()))
        if key_hash in self.seen:
            return [
                self._error(
                    row,
                    "nomor_tiket",
                    ticket,
                    _("Ticket %(ticket)s of unit %(unit)s on %(date)s is given twice; keep one.")
                    % {"ticket": ticket, "unit": unit_code, "date": arrival_date.isoformat()},
                    "duplicate_ticket",
                )
            ]
        self.seen.add(key_hash)
        wait, process, total = durations(arrived_at=arrived, called_at=called, finished_at=finished)
        return CheckedRecord(
            row=row,
            unit_id=unit[0],
            unit_code=unit_code,
            ticket=ticket,
            arrival_date=arrival_date,
            service_id=service[0],
            officer_id=officer_id,
            officer_nip=nip,
            channel=channel,
            arrived_at=arrived,
            called_at=called,
            finished_at=finished,
            status=status,
            wait_seconds=wait,
            process_seconds=process,
            total_seconds=total,
            within_sla=self._within_sla(arrived, finished, status, service),
        )

    def _within_sla(
        self,
        arrived: dt.datetime,
        finished: dt.datetime | None,
        status: str,
        service: tuple[int, int | None, int | None],
    ) -> bool | None:
        completed = status == RecordStatus.SELESAI
        if service[2] is None or finished is None or not completed:
            return within_sla(
                arrived_at=arrived,
                finished_at=finished,
                completed=completed,
                sla_minutes=service[1],
                sla_working_days=service[2],
                holidays=self.holidays,
            )
        # A working-day SLA depends on the two local dates only: one working-day count per pair.
        key = (arrived.date(), finished.date(), service[2])
        if key not in self.sla_days:
            self.sla_days[key] = within_sla(
                arrived_at=arrived,
                finished_at=finished,
                completed=True,
                sla_minutes=None,
                sla_working_days=service[2],
                holidays=self.holidays,
            )
        return self.sla_days[key]

    # --- writing ----------------------------------------------------------------------------

    def write_batch(self, records: list[CheckedRecord], *, write: bool) -> dict[int, str]:
        """Outcome per record row (created / updated / unchanged); writes them when `write`."""
        if not records:
            return {}
        stored = self._stored(records)
        outcomes: dict[int, str] = {}
        new: list[CheckedRecord] = []
        changed: list[tuple[int, CheckedRecord]] = []
        for record in records:
            found = stored.get(record.key)
            if found is None:
                outcomes[record.row] = CREATED
                new.append(record)
            elif all(found[name] == getattr(record, name) for name in _COMPARED):
                outcomes[record.row] = UNCHANGED
            else:
                outcomes[record.row] = UPDATED
                changed.append((found["id"], record))
                if found["service_id"] != record.service_id:
                    self.touched.add((record.arrival_date, record.unit_id, found["service_id"]))
        if not write:
            return outcomes
        if new:
            partitions_ensure({r.arrival_date for r in new})
            pemda_id = self.pemda.pk
            bulk_insert(
                ServiceRecord,
                (
                    {
                        "pemda_id": pemda_id,
                        "unit_id": r.unit_id,
                        "ticket": r.ticket,
                        "arrival_date": r.arrival_date,
                        **r.values(),
                    }
                    for r in new
                ),
                now=self.now,
            )
        if changed:
            updates = []
            for pk, r in changed:
                obj = ServiceRecord(pk=pk, arrival_date=r.arrival_date, updated_at=self.now, **r.values())
                updates.append(obj)
            ServiceRecord.objects.bulk_update(updates, [*r.values().keys(), "updated_at"], batch_size=500)
        for r in (*new, *(record for _pk, record in changed)):
            self.touched.add((r.arrival_date, r.unit_id, r.service_id))
        if len(self.touched) >= ROLLUP_FLUSH_KEYS:
            self.finish()  # bounded memory: a key touched again later is simply recomputed again
        return outcomes

    def _stored(self, records: list[CheckedRecord]) -> dict[tuple[int, str, dt.date], dict[str, Any]]:
        """The stored records of the batch by key: one query over the batch's units, tickets and dates."""
        dates = [r.arrival_date for r in records]
        names = ("id", "unit_id", "ticket", "arrival_date", *_COMPARED)
        rows = ServiceRecord.objects.filter(
            pemda_id=self.pemda.pk,  # the Pemda the records are written to (a write, not a scope)
            unit_id__in={r.unit_id for r in records},
            ticket__in={r.ticket for r in records},
            arrival_date__gte=min(dates),
            arrival_date__lte=max(dates),
        ).values_list(*names)
        keys = {r.key for r in records}
        out: dict[tuple[int, str, dt.date], dict[str, Any]] = {}
        for values in rows:
            item = dict(zip(names, values, strict=True))
            key = (item["unit_id"], item["ticket"], item["arrival_date"])
            if key in keys:
                out[key] = item
        return out

    # --- warnings ---------------------------------------------------------------------------

    def _warn(self, row: int, column: str, value: Any, reason: str, code: str) -> None:
        self.warning_counts[code] += 1
        if len(self.warnings) < MAX_WARNINGS_KEPT:
            self.warnings.append(self._error(row, column, value, reason, code))

    def warn_batch(self, records: list[CheckedRecord]) -> None:
        """Suspicious but valid: many records of a unit with the same arrival time, processing under
        `SHORT_PROCESS_SECONDS`, an officer serving two tickets at once (checked in called-time order
        within a batch, and against the officer's last ticket of the batches before)."""
        same = Counter((r.unit_id, r.arrived_at) for r in records)
        reported: set[tuple[int, dt.datetime]] = set()
        for r in records:
            key = (r.unit_id, r.arrived_at)
            if same[key] >= SAME_TIME_RECORDS and key not in reported:
                reported.add(key)
                self._warn(
                    r.row,
                    "waktu_datang",
                    r.arrived_at.astimezone(self.tz).strftime("%Y-%m-%d %H:%M:%S"),
                    _("%(count)d records of unit %(unit)s have exactly this arrival time: a clock or export problem?")
                    % {"count": same[key], "unit": r.unit_code},
                    "identical_times",
                )
            if r.process_seconds is not None and r.process_seconds < SHORT_PROCESS_SECONDS:
                self._warn(
                    r.row,
                    "waktu_selesai",
                    r.process_seconds,
                    _("Processing took %(seconds)d seconds, less than %(limit)d.")
                    % {"seconds": r.process_seconds, "limit": SHORT_PROCESS_SECONDS},
                    "short_processing",
                )
        served = sorted(
            (r for r in records if r.officer_id is not None and r.called_at is not None and r.finished_at is not None),
            key=lambda r: (r.officer_id, r.called_at),
        )
        for r in served:
            assert r.officer_id is not None and r.called_at is not None and r.finished_at is not None
            last = self.officer_last.get(r.officer_id)
            if last is not None and r.called_at < last[1] and r.finished_at > last[0]:
                self._warn(
                    r.row,
                    "nip_petugas",
                    r.officer_nip,
                    _("This officer was serving ticket %(ticket)s (row %(row)d) at the same time.")
                    % {"ticket": last[3], "row": last[2]},
                    "officer_overlap",
                )
            if last is None or r.finished_at > last[1]:
                self.officer_last[r.officer_id] = (r.called_at, r.finished_at, r.row, r.ticket)

    # --- after the last batch ---------------------------------------------------------------

    def finish(self) -> None:
        """Keep the rollups current with what this run wrote so far (in the caller's transaction).
        Called by `write_batch` whenever `ROLLUP_FLUSH_KEYS` keys have gathered, and by the run at its end."""
        if self.touched:
            keys = sorted(self.touched)
            self.touched.clear()
            rollups_after_write(pemda_id=self.pemda.pk, keys=keys)


def rollups_after_write(*, pemda_id: int, keys: Iterable[tuple[dt.date, int, int]]) -> None:
    """The one hand-over from records to the rollups: `bina.quality.rollups.rollups_refresh` recomputes
    the day (and month) rollups of the touched (arrival_date, unit_id, service_id) keys."""
    rollups_refresh(pemda_id=pemda_id, keys=keys)


# --- PostgreSQL: one partition per month of arrival_date (migration 0003) ----------------------

PARTITIONED_TABLE = "quality_servicerecord"
DEFAULT_PARTITION = f"{PARTITIONED_TABLE}_default"


def partition_name(month: dt.date) -> str:
    return f"{PARTITIONED_TABLE}_y{month.year:04d}m{month.month:02d}"


def partitions_ensure(dates: Iterable[dt.date]) -> list[str]:
    """Create the month partitions these arrival dates need (PostgreSQL; nothing on SQLite) before a write,
    so rows never land in the DEFAULT partition (which would block creating their month later).
    Answers the partitions created. Serialised by an advisory lock: two writers may need the same month."""
    if connection.vendor != "postgresql":
        return []
    months = sorted({d.replace(day=1) for d in dates})
    if not months:
        return []
    created: list[str] = []
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT c.relname FROM pg_inherits i JOIN pg_class c ON c.oid = i.inhrelid "
            "WHERE i.inhparent = %s::regclass",
            [PARTITIONED_TABLE],
        )
        have = {name for (name,) in cursor.fetchall()}
        missing = [m for m in months if partition_name(m) not in have]
        if not missing:
            return []
        cursor.execute("SELECT pg_advisory_xact_lock(hashtext(%s))", [PARTITIONED_TABLE])
        for month in missing:
            following = (month + dt.timedelta(days=32)).replace(day=1)
            name = partition_name(month)
            bounds = [month, following]
            cursor.execute("SELECT to_regclass(%s) IS NOT NULL", [name])
            if cursor.fetchone()[0]:
                continue  # created by a writer that held the lock before us
            cursor.execute(
                f'SELECT EXISTS (SELECT 1 FROM "{DEFAULT_PARTITION}" WHERE arrival_date >= %s AND arrival_date < %s)',
                bounds,
            )
            if cursor.fetchone()[0]:
                # Rows written without this function (an ORM save) sit in DEFAULT: move them into the new
                # month, then attach it (PostgreSQL refuses a partition whose rows DEFAULT still holds).
                cursor.execute(
                    f'CREATE TABLE "{name}" (LIKE "{PARTITIONED_TABLE}" INCLUDING DEFAULTS INCLUDING CONSTRAINTS)'
                )
                cursor.execute(
                    f'WITH moved AS (DELETE FROM "{DEFAULT_PARTITION}" WHERE arrival_date >= %s AND arrival_date < %s '
                    f'RETURNING *) INSERT INTO "{name}" SELECT * FROM moved',
                    bounds,
                )
                cursor.execute(
                    f'ALTER TABLE "{PARTITIONED_TABLE}" ATTACH PARTITION "{name}" FOR VALUES FROM (%s) TO (%s)', bounds
                )
            else:
                cursor.execute(
                    f'CREATE TABLE "{name}" PARTITION OF "{PARTITIONED_TABLE}" FOR VALUES FROM (%s) TO (%s)', bounds
                )
            created.append(name)
    return created


# --- the API's batch write ---------------------------------------------------------------------


@dataclass
class RecordResult:
    index: int
    status: str  # created / updated / unchanged / error
    errors: list[RowError] = field(default_factory=list)
    warnings: list[RowError] = field(default_factory=list)


@dataclass
class BatchResult:
    written: bool
    results: list[RecordResult]

    def count(self, status: str) -> int:
        return sum(1 for r in self.results if r.status == status)


class _Refused(Exception):
    pass


CONCURRENT_ATTEMPTS = 3
RETRY_SQLSTATES = {"40P01", "40001"}  # deadlock detected, serialization failure


def service_records_write(*, actor: Actor, records: list[Mapping[str, Any]], partial: bool = False) -> BatchResult:
    """Check and write one batch of records (a queue machine's), idempotent by (unit, ticket, arrival date).

    All-or-nothing unless `partial`: when any record is refused nothing is written and the others answer
    what they would have done. Records for units outside the actor's write reach are refused, naming
    the unit. One audit entry per batch that wrote something."""
    from bina.core.errors import Conflict, PermissionDenied
    from bina.quality.permissions import can_write_records

    if not can_write_records(actor) or actor.pemda_id is None:
        raise PermissionDenied(_("Only BKPSDM admins and unit operators can write service records."))
    pemda = Pemda.objects.get(pk=actor.pemda_id)
    # Two queue machines may send the same tickets at once: writers of one Pemda take its lock first (see
    # `_records_write_once`), so the later one sees the rows. A writer that still meets the unique key or
    # loses a deadlock while another Pemda creates the month's partition is rolled back and checked again;
    # only one that keeps losing gets a 409 to retry, never a server error.
    for _attempt in range(CONCURRENT_ATTEMPTS):
        try:
            return _records_write_once(actor=actor, pemda=pemda, records=records, partial=partial)
        except IntegrityError:
            continue
        except OperationalError as exc:
            # Two first writes of a month both create its partition: PostgreSQL picks one as the deadlock
            # victim and rolls it back; by its next attempt the partition exists.
            if getattr(exc.__cause__, "sqlstate", None) not in RETRY_SQLSTATES:
                raise
            continue
    raise Conflict(_("Another writer was saving the same tickets at the same time; send the batch again."))


def _records_write_once(*, actor: Actor, pemda: Pemda, records: list[Mapping[str, Any]], partial: bool) -> BatchResult:
    from django.db import transaction

    from bina.core.audit import audit_record

    book = RecordBook(actor=actor, pemda=pemda)
    results = [RecordResult(index=i, status="error") for i in range(len(records))]
    written = False
    try:
        with transaction.atomic():
            # Taken first, not only by the rollup refresh at the end: two machines sending the same tickets
            # then write one after the other, and the later one sees the rows as unchanged instead of
            # meeting the unique key (the retry below stays for a partition created by another Pemda).
            rollups_lock(pemda.pk)
            checked, errors = book.check_batch(list(enumerate(records)))
            for e in errors:
                results[e.row or 0].errors.append(e)
            will_write = partial or not errors
            for index, outcome in book.write_batch(checked, write=will_write).items():
                results[index].status = outcome
            book.warn_batch(checked)
            for w in book.warnings:
                results[w.row or 0].warnings.append(w)
            if not will_write:
                raise _Refused
            book.finish()
            written = True
            changed = [r for r in results if r.status in (CREATED, UPDATED)]
            if changed:
                audit_record(
                    action="quality.records_write",
                    actor=actor,
                    pemda_id=pemda.pk,
                    target_label=_("%(count)d service records") % {"count": len(changed)},
                    detail={
                        "records": len(records),
                        "created": sum(1 for r in changed if r.status == CREATED),
                        "updated": sum(1 for r in changed if r.status == UPDATED),
                        "errors": sum(1 for r in results if r.status == "error"),
                    },
                )
    except _Refused:
        written = False
    return BatchResult(written=written, results=results)
