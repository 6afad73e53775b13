"""Employee import: validate every row first, then write in batches.

Pass 1 reads the file once and keeps only compact per-row state in memory (NIP and supervisor
NIP as 64-bit integers in arrays, a bad-row flag), so a million rows fit in a few tens of MB;
the parsed values of the rows that passed go to a temporary spool file (pickled batches), so
pass 2 neither reads nor parses the file again. Cross-row and database checks follow (unknown
supervisors, reporting loops through the file *and* the stored org chart, operator scope).
Pass 2 reads the spool back and, per batch of rows, fetches the stored employees by NIP in one
query, then inserts new ones with the bulk loader (a supervisor created in the same batch is
inserted first, so its reports get its id on insert) and updates with `bulk_update`; history is
written in bulk too. Supervisors created later in the file are linked at the end via NIP -> id.
The run's one audit entry (`import.employees`, written by the service) lists the NIPs created and
updated; each updated employee also gets its own `employee.update` entry with the changed values.
"""

from __future__ import annotations

import datetime as dt
import pickle
import tempfile
from array import array
from collections.abc import Iterable
from typing import IO, Any

from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from bina.core.audit import audit_record_many, audit_value
from bina.core.dates import format_date
from bina.core.sql import bulk_insert, bulk_set
from bina.imports.common import BATCH_SIZE, Run, batched, chunks
from bina.imports.reader import Row, is_blank
from bina.people.access import employees_for
from bina.people.imports import columns as c
from bina.people.models import Employee, EmploymentRecord, OrgUnit
from bina.people.nip import NipError, looks_like_nip, parse_nip
from bina.people.services import HISTORY_FIELDS, nip_contradictions, record_employment_changes, sort_name_for

# data key -> Employee attribute, for the optional columns (absent column = field left alone).
_OPTIONAL = {
    "golongan": "golongan",
    "jabatan": "position_name",
    "jenis_jabatan": "position_kind",
    "pendidikan": "education",
    "email": "email",
    "telepon": "phone",
}
_ALWAYS = ("name", "gender", "birth_date", "asn_type", "unit_id")
# Levels of supervisor -> report inside one batch inserted in order (each level knows the ids of the
# one before); a deeper chain within a batch is linked at the end like a forward reference.
_INSERT_LEVELS = 8
_CREATED, _UPDATED = 1, 2


class _Units:
    """The Pemda's units by code (the only units a row may name: a Serang file never sees Surabaya)."""

    def __init__(self, run: Run):
        self.by_code: dict[str, tuple[int, str, dt.date | None, str]] = {}
        self.by_upper: dict[str, tuple[int, str, dt.date | None, str] | None] = {}
        for code, pk, path, closed_on, name in OrgUnit.objects.filter(pemda_id=run.pemda.pk).values_list(
            "code", "id", "path", "closed_on", "name"
        ):
            entry = (pk, path, closed_on, name)
            self.by_code[code] = entry
            key = code.upper()
            # A case-insensitive match is used only when it is unambiguous.
            self.by_upper[key] = None if key in self.by_upper else entry

    def get(self, code: str) -> tuple[int, str, dt.date | None, str] | None:
        return self.by_code.get(code) or self.by_upper.get(code.upper())


class EmployeeImport:
    def __init__(self, run: Run, spool: IO[bytes]):
        self.run = run
        self.units = _Units(run)
        self.write_reach = run.actor.write_reach()
        self.has_supervisor = "nip_atasan" in run.columns
        # Compact per-row state, indexed by the position of the row among non-blank rows.
        self.row_numbers = array("l")
        self.nips = array("q")  # 0 when the NIP is invalid
        self.sups = array("q")  # 0 when no supervisor
        self.bad = bytearray()
        self.nip_index: dict[int, int] = {}
        self.duplicate_reported: set[int] = set()
        self.db_edges: dict[int, int] = {}  # stored employees outside the file: NIP -> supervisor NIP (0)
        # Parsed rows that passed pass 1, as pickled batches of (index, data): pass 2 reads them back
        # instead of reading and parsing the file a second time.
        self.spool = spool
        self.spooled = 0  # batches in the spool
        self.sup_cache: dict[str, str | NipError] = {}

    # --- row parsing ------------------------------------------------------------------------

    def parse(self, row_no: int, cells: Row, *, report: bool) -> dict[str, Any] | None:
        """The row as field values, or None when it has errors (reported when `report`)."""
        run = self.run
        ok = True

        def fail(column: str, value: Any, reason: str, code: str = "invalid") -> None:
            nonlocal ok
            ok = False
            if report:
                run.error(row_no, column, value, reason, code)

        data: dict[str, Any] = {}
        raw_nip = run.cell(cells, "nip")
        info = None
        try:
            info = parse_nip(c.nip_text(raw_nip), today=run.today)
            data["nip"] = info.nip
        except NipError as exc:
            fail("nip", c.display(raw_nip), exc.message, "nip")

        try:
            name = c.parse_name(run.cell(cells, "nama"))
            if not name:
                fail("nama", "", _("The name is required."), "required")
            data["name"] = name
        except c.CellError as exc:
            fail("nama", c.display(run.cell(cells, "nama")), exc.reason)

        given: dict[str, Any] = {}
        for column, parser, key in (
            ("jenis_kelamin", c.parse_gender, "gender"),
            ("tanggal_lahir", c.parse_date, "birth_date"),
            ("jenis_asn", c.parse_asn_type, "asn_type"),
        ):
            raw = run.cell(cells, column)
            try:
                value = parser(raw)
            except c.CellError as exc:
                fail(column, c.display(raw), exc.reason)
                continue
            if value:
                given[key] = value
            elif column == "jenis_asn":
                fail(column, "", _("The ASN type is required: PNS or PPPK."), "required")
        if info is not None:
            merged: dict[str, Any] = {
                "gender": info.gender,
                "birth_date": info.birth_date,
                "asn_type": info.asn_type,
            } | given
            column_of = {"gender": "jenis_kelamin", "birth_date": "tanggal_lahir", "asn_type": "jenis_asn"}
            for field, message in nip_contradictions(info, **merged):
                fail(column_of[field], c.display(run.cell(cells, column_of[field])), message, "contradicts_nip")
            data.update(merged)
            data["appointed_on"] = info.appointed_on

        asn_type = data.get("asn_type") or given.get("asn_type", "")
        for column, attr in _OPTIONAL.items():
            if column not in run.columns:
                continue
            raw = run.cell(cells, column)
            try:
                if column == "golongan":
                    data[attr] = c.parse_golongan(raw, asn_type)
                elif column == "jabatan":
                    data[attr] = c.parse_position_name(raw)
                elif column == "jenis_jabatan":
                    data[attr] = c.parse_position_kind(raw)
                elif column == "pendidikan":
                    data[attr] = c.parse_education(raw)
                elif column == "email":
                    data[attr] = c.parse_email(raw)
                else:
                    data[attr] = c.parse_phone(raw)
            except c.CellError as exc:
                fail(column, c.display(raw), exc.reason)

        unit_code = c.code(run.cell(cells, "kode_unit"))
        if not unit_code:
            fail("kode_unit", "", _("The unit code is required."), "required")
        else:
            unit = self.units.get(unit_code)
            if unit is None:
                fail(
                    "kode_unit",
                    unit_code,
                    _("No unit with code %(code)s exists in %(pemda)s. Import the units first or correct the code.")
                    % {"code": unit_code, "pemda": run.pemda.name},
                    "unknown_unit",
                )
            elif unit[2] is not None:
                fail(
                    "kode_unit",
                    unit_code,
                    _("Unit %(unit)s was closed on %(date)s; choose the unit that took over its staff.")
                    % {"unit": unit[3], "date": format_date(unit[2])},
                    "closed_unit",
                )
            elif not self.write_reach.covers(unit[1]):
                fail(
                    "kode_unit",
                    unit_code,
                    _("Unit %(unit)s is outside the units you manage; only employees of your units can be imported.")
                    % {"unit": unit[3]},
                    "out_of_scope",
                )
            else:
                data["unit_id"] = unit[0]

        if self.has_supervisor:
            raw = run.cell(cells, "nip_atasan")
            sup = c.nip_text(raw)
            data["sup_nip"] = ""
            if sup:
                # A head's NIP is named by every report: parse each distinct one once.
                parsed = self.sup_cache.get(sup)
                if parsed is None:
                    try:
                        parsed = parse_nip(sup, today=run.today).nip
                    except NipError as exc:
                        parsed = exc
                    if len(self.sup_cache) < 100_000:
                        self.sup_cache[sup] = parsed
                if isinstance(parsed, NipError):
                    fail("nip_atasan", c.display(raw), parsed.message, "nip")
                else:
                    data["sup_nip"] = parsed
                    if data["sup_nip"] == data.get("nip"):
                        fail("nip_atasan", sup, _("An employee cannot be their own supervisor."), "supervisor_loop")
        return data if ok else None

    # --- pass 1: validate -------------------------------------------------------------------

    def validate(self) -> None:
        run = self.run
        estimate = run.table.total_estimate
        total_steps = 2 * estimate if estimate is not None else None
        index = 0
        parsed: list[tuple[int, dict[str, Any]]] = []
        for row_no, cells in run.table.rows():
            if is_blank(cells):
                continue
            data = self.parse(row_no, cells, report=True)
            if data is not None:
                parsed.append((index, data))
                if len(parsed) >= BATCH_SIZE:
                    self._spool(parsed)
                    parsed = []
            self.row_numbers.append(row_no)
            nip = int(data["nip"]) if data is not None else 0
            if data is None:
                # Keep what could be read so duplicates and references still work.
                raw = c.nip_text(run.cell(cells, "nip"))
                nip = int(raw) if looks_like_nip(raw) else 0
            self.nips.append(nip)
            sup_raw = data.get("sup_nip", "") if data is not None else ""
            self.sups.append(int(sup_raw) if sup_raw else 0)
            self.bad.append(0 if data is not None else 1)
            if nip:
                first = self.nip_index.get(nip)
                if first is None:
                    self.nip_index[nip] = index
                else:
                    self._duplicate(nip, first, index)
            index += 1
            run.tick(index, total_steps if total_steps is None else max(total_steps, 2 * index))
        self._spool(parsed)
        run.report.total_rows = index
        if self.has_supervisor:
            self._check_supervisors()
        if run.partial and self.has_supervisor:
            # Skipping a row keeps its stored supervisor, which can close a loop with the rows that
            # are written; each round only adds skipped rows, so this ends.
            while True:
                skipped = sum(self.bad)
                self._skip_rows_whose_supervisor_is_skipped()
                self._fetch_stored_edges(self.nips[i] for i, flag in enumerate(self.bad) if flag and self.nips[i])
                self._find_loops()
                if sum(self.bad) == skipped:
                    break
        if not self.write_reach.whole_pemda:
            self._check_stored_employees_in_scope()

    def _spool(self, parsed: list[tuple[int, dict[str, Any]]]) -> None:
        if parsed:
            pickle.dump(parsed, self.spool, protocol=pickle.HIGHEST_PROTOCOL)
            self.spooled += 1

    def _spooled_rows(self) -> Iterable[tuple[int, dict[str, Any]]]:
        self.spool.seek(0)
        for _batch in range(self.spooled):
            yield from pickle.load(self.spool)

    def _duplicate(self, nip: int, first: int, index: int) -> None:
        run = self.run
        value = f"{nip:018d}"
        run.error(
            self.row_numbers[index],
            "nip",
            value,
            _("NIP %(nip)s also appears in row %(row)d; each employee must appear once.")
            % {"nip": value, "row": self.row_numbers[first]},
            "duplicate",
        )
        self.bad[index] = 1
        if first not in self.duplicate_reported:
            self.duplicate_reported.add(first)
            run.error(
                self.row_numbers[first],
                "nip",
                value,
                _("NIP %(nip)s also appears in row %(row)d; each employee must appear once.")
                % {"nip": value, "row": self.row_numbers[index]},
                "duplicate",
            )
            self.bad[first] = 1

    def _fetch_stored_edges(self, nips: Iterable[int]) -> None:
        """Stored employees (not in the file) and their supervisors, walking up level by level."""
        pemda_id = self.run.pemda.pk
        frontier = {n for n in nips if self._needs_stored_edge(n)}
        while frontier:
            found: dict[int, int] = {}
            for chunk in chunks(sorted(frontier)):
                for nip, sup_nip in Employee.objects.filter(
                    pemda_id=pemda_id, nip__in=[f"{n:018d}" for n in chunk]
                ).values_list("nip", "supervisor__nip"):
                    found[int(nip)] = int(sup_nip) if sup_nip and sup_nip.isdigit() else 0
            for key in frontier:
                # -1 marks "looked up, not stored" so it is never fetched again.
                self.db_edges[key] = found.get(key, -1)
            frontier = {sup for sup in found.values() if sup > 0 and self._needs_stored_edge(sup)}

    def _skipped(self, index: int) -> bool:
        """A row partial mode will not write: the stored employee (if any) keeps its stored supervisor."""
        return self.run.partial and bool(self.bad[index])

    def _needs_stored_edge(self, nip: int) -> bool:
        if nip in self.db_edges:
            return False
        index = self.nip_index.get(nip)
        return index is None or self._skipped(index)

    def _check_supervisors(self) -> None:
        run = self.run
        # Only supervisors outside the file: a set of every NIP would double the peak memory.
        outside = {s for s in self.sups if s and s not in self.nip_index}
        self._fetch_stored_edges(outside)
        reachable = self._reachable(outside)
        for index, sup in enumerate(self.sups):
            if sup and sup not in self.nip_index and sup not in reachable:
                value = f"{sup:018d}"
                # The same words whether the NIP is missing or outside the importer's reach, so an
                # operator's import cannot probe which NIPs exist elsewhere in the Pemda.
                run.error(
                    self.row_numbers[index],
                    "nip_atasan",
                    value,
                    _(
                        "The supervisor NIP %(nip)s is neither in this file nor among the employees "
                        "of %(pemda)s that you can reach."
                    )
                    % {"nip": value, "pemda": run.pemda.name},
                    "unknown_supervisor",
                )
                self.bad[index] = 1
        self._find_loops()

    def _reachable(self, nips: set[int]) -> set[int]:
        """Stored supervisors the importer may name: those it can read (the same rule as the profile
        form and the API); the system actor (CLI) reads the whole Pemda like its admin."""
        stored = {n for n in nips if self.db_edges.get(n, -1) >= 0}
        actor = self.run.actor
        if not stored:
            return stored
        scoped = employees_for(actor)
        found: set[int] = set()
        for chunk in chunks(sorted(stored)):
            found.update(
                int(n) for n in scoped.filter(nip__in=[f"{n:018d}" for n in chunk]).values_list("nip", flat=True)
            )
        return found

    def _next(self, nip: int) -> int:
        index = self.nip_index.get(nip)
        if index is not None and not self._skipped(index):
            return self.sups[index]
        return max(self.db_edges.get(nip, 0), 0)

    def _find_loops(self) -> None:
        """Reporting loops in the org chart as it would be after the import (file over stored data).

        Each NIP has at most one supervisor, so walking up from every row and colouring nodes
        finds every loop in linear time.
        """
        # Colours: 0 unseen, 1 on the current walk, 2 finished. File rows are coloured in a
        # bytearray by row index (a dict keyed by NIP would cost ~100 MB at a million rows);
        # stored employees reached through the file's supervisors are few and go in a dict.
        row_state = bytearray(len(self.nips))
        stored_state: dict[int, int] = {}

        def colour(nip: int) -> int:
            index = self.nip_index.get(nip)
            return row_state[index] if index is not None else stored_state.get(nip, 0)

        def set_colour(nip: int, value: int) -> None:
            index = self.nip_index.get(nip)
            if index is not None:
                row_state[index] = value
            else:
                stored_state[nip] = value

        run = self.run
        for start in self.nip_index:
            if colour(start):
                continue
            walk: list[int] = []
            node = start
            while node and not colour(node):
                set_colour(node, 1)
                walk.append(node)
                node = self._next(node)
            if node and colour(node) == 1:
                loop = walk[walk.index(node) :]
                text = " → ".join(f"{n:018d}" for n in [*loop, loop[0]])
                for member in loop:
                    index = self.nip_index.get(member)
                    if index is None or not self.sups[index] or self._skipped(index):
                        continue
                    run.error(
                        self.row_numbers[index],
                        "nip_atasan",
                        f"{self.sups[index]:018d}",
                        _("This supervisor would make a reporting loop: %(loop)s.") % {"loop": text},
                        "supervisor_loop",
                    )
                    self.bad[index] = 1
            for member in walk:
                set_colour(member, 2)

    def _skip_rows_whose_supervisor_is_skipped(self) -> None:
        """In partial mode a row whose supervisor's row is skipped cannot be linked: skip it too."""
        run = self.run
        bad_in_file = {self.nips[i] for i, flag in enumerate(self.bad) if flag and self.nips[i]}
        stored = self._stored_nips(bad_in_file & {s for s in self.sups if s})
        changed = True
        while changed:
            changed = False
            for index, sup in enumerate(self.sups):
                if not sup or self.bad[index] or sup in stored:
                    continue
                sup_index = self.nip_index.get(sup)
                if sup_index is not None and self.bad[sup_index]:
                    run.error(
                        self.row_numbers[index],
                        "nip_atasan",
                        f"{sup:018d}",
                        _("The supervisor's row %(row)d has errors, so this row cannot be linked; fix that row first.")
                        % {"row": self.row_numbers[sup_index]},
                        "supervisor_skipped",
                    )
                    self.bad[index] = 1
                    changed = True

    def _stored_nips(self, nips: set[int]) -> set[int]:
        result: set[int] = set()
        for chunk in chunks(sorted(nips)):
            result.update(
                int(n)
                for n in Employee.objects.filter(
                    pemda_id=self.run.pemda.pk, nip__in=[f"{x:018d}" for x in chunk]
                ).values_list("nip", flat=True)
            )
        return result

    def _check_stored_employees_in_scope(self) -> None:
        """Operators may not take over (update) an employee who now works outside their units."""
        run = self.run
        wanted = [n for n, i in self.nip_index.items() if not self.bad[i]]
        for chunk in chunks(wanted):
            for nip, path in Employee.objects.filter(
                pemda_id=run.pemda.pk, nip__in=[f"{n:018d}" for n in chunk]
            ).values_list("nip", "unit__path"):
                if not self.write_reach.covers(path):
                    index = self.nip_index[int(nip)]
                    run.error(
                        self.row_numbers[index],
                        "nip",
                        nip,
                        _("NIP %(nip)s belongs to an employee outside the units you manage; ask the BKPSDM admin.")
                        % {"nip": nip},
                        "out_of_scope",
                    )
                    self.bad[index] = 1

    # --- pass 2: plan and write -------------------------------------------------------------

    def apply(self) -> None:
        run = self.run
        write = run.will_write
        n = run.report.total_rows
        self.ids = array("q", bytes(8 * n))
        # Rows whose supervisor is created in this run, linked at the end. An array of row indexes
        # (the supervisor NIP is in self.sups) keeps a million pending links at 8 MB, not 100+.
        self.pending = array("q")
        self.outcome = bytearray(n)  # _CREATED / _UPDATED per row, for the run's audit entry
        self.now = timezone.now()
        self.effective = timezone.localdate()
        if write and not run.partial:
            with transaction.atomic():
                self._pass2(write=True)
                self._link_pending()
        else:
            self._pass2(write=write)
            if write:
                self._link_pending()
        run.report.written = write
        if write:
            # The run's one audit entry names everyone it created or changed, so the audit log finds
            # a person's import by NIP (one entry per created row cost a tenth of the import's time).
            run.audit_detail["created_nips"] = [
                f"{self.nips[i]:018d}" for i, o in enumerate(self.outcome) if o == _CREATED
            ]
            run.audit_detail["updated_nips"] = [
                f"{self.nips[i]:018d}" for i, o in enumerate(self.outcome) if o == _UPDATED
            ]
        if run.progress is not None:
            run.progress(2 * n, 2 * n)

    def _pass2(self, *, write: bool) -> None:
        run = self.run
        total = 2 * run.report.total_rows
        batch: list[tuple[int, dict[str, Any]]] = []
        for index, data in self._spooled_rows():
            run.tick(run.report.total_rows + index, total)
            if self.bad[index]:  # failed a cross-row or database check after it was parsed
                continue
            batch.append((index, data))
            if len(batch) >= BATCH_SIZE:
                self._flush(batch, write=write)
                batch = []
        if batch:
            self._flush(batch, write=write)

    def _flush(self, batch: list[tuple[int, dict[str, Any]]], *, write: bool) -> None:
        if write and self.run.partial:
            with transaction.atomic():
                self._flush_batch(batch, write=True)
        else:
            self._flush_batch(batch, write=write)

    def _flush_batch(self, batch: list[tuple[int, dict[str, Any]]], *, write: bool) -> None:
        run = self.run
        pemda_id = run.pemda.pk
        existing = {
            e.nip: e
            for e in Employee.objects.filter(pemda_id=pemda_id, nip__in=[d["nip"] for _i, d in batch]).annotate(
                sup_nip=F("supervisor__nip")
            )
        }
        sup_ids = self._supervisor_ids({d["sup_nip"] for _i, d in batch if d.get("sup_nip")})

        to_create: list[tuple[int, dict[str, Any]]] = []
        to_update: list[tuple[Employee, dict[str, list[Any]]]] = []
        update_fields: set[str] = set()
        for index, data in batch:
            employee = existing.get(data["nip"])
            sup_nip = data.get("sup_nip")
            sup_id = sup_ids.get(sup_nip) if sup_nip else None
            if employee is None:
                values = {
                    "pemda_id": pemda_id,
                    "nip": data["nip"],
                    "appointed_on": data["appointed_on"],
                    "supervisor_id": sup_id,
                    "sort_name": sort_name_for(data["name"]),
                }
                values.update((k, data[k]) for k in _ALWAYS)
                values.update((attr, data[attr]) for attr in _OPTIONAL.values() if attr in data)
                # The supervisor NIP still to resolve (created in this batch, later in the file, or by
                # `_link_pending`); not a column.
                values["_sup"] = sup_nip if sup_nip and sup_id is None else ""
                to_create.append((index, values))
                continue
            self.ids[index] = employee.pk
            changes: dict[str, list[Any]] = {}
            for attr in (*_ALWAYS, *(a for a in _OPTIONAL.values() if a in data)):
                old, new = getattr(employee, attr), data[attr]
                if old != new:
                    changes[attr.removesuffix("_id")] = [audit_value(old), audit_value(new)]
                    setattr(employee, attr, new)
                    update_fields.add(attr)
            if sup_nip is not None and (sup_nip or "") != (employee.sup_nip or ""):
                changes["supervisor"] = [employee.sup_nip, sup_nip or None]
                if sup_id is not None or not sup_nip:
                    employee.supervisor_id = sup_id
                    update_fields.add("supervisor_id")
                else:
                    self.pending.append(index)
            if changes:
                to_update.append((employee, changes))
                self.outcome[index] = _UPDATED
            else:
                run.report.unchanged += 1
        run.report.created += len(to_create)
        run.report.updated += len(to_update)
        if not write:
            return

        if to_create:
            ids = self._insert_new(to_create)
            bulk_insert(
                EmploymentRecord,
                (
                    {
                        "pemda_id": pemda_id,
                        "employee_id": ids[v["nip"]],
                        "unit_id": v["unit_id"],
                        "position_name": v.get("position_name", ""),
                        "position_kind": v.get("position_kind", ""),
                        "golongan": v.get("golongan", ""),
                        "valid_from": self.effective,
                        "source": "import",
                        "recorded_by_id": run.user_id,
                    }
                    for _i, v in to_create
                ),
                now=self.now,
            )
            for index, _v in to_create:
                self.outcome[index] = _CREATED
        if to_update:
            employees = [e for e, _ch in to_update]
            for changed, changes in to_update:
                changed.updated_at = self.now
                if "name" in changes:
                    changed.sort_name = sort_name_for(changed.name)
            fields = sorted({*update_fields, "updated_at", "sort_name"})
            Employee.objects.bulk_update(employees, fields, batch_size=500)
            moved = [e for e, ch in to_update if any(f.removesuffix("_id") in ch for f in HISTORY_FIELDS)]
            record_employment_changes(employees=moved, effective=self.effective, source="import", user_id=run.user_id)
            self._audit(
                "employee.update",
                ((employee.pk, str(employee), {"changes": changes}) for employee, changes in to_update),
            )

    def _insert_new(self, to_create: list[tuple[int, dict[str, Any]]]) -> dict[str, int]:
        """Insert the batch's new employees, supervisors before their reports, so a report whose
        supervisor is new in the same batch gets the supervisor's id on insert (no UPDATE after).
        Returns NIP -> id of the inserted rows; their ids go to `self.ids`."""
        pemda_id = self.run.pemda.pk
        new_nips = {v["nip"] for _i, v in to_create}
        ids: dict[str, int] = {}
        level = [(i, v) for i, v in to_create if v["_sup"] not in new_nips]
        waiting = [(i, v) for i, v in to_create if v["_sup"] in new_nips]
        for depth in range(_INSERT_LEVELS):
            if depth == _INSERT_LEVELS - 1:  # a deeper chain: the rest are linked at the end
                level, waiting = level + waiting, []
            for index, v in level:
                if v["_sup"]:
                    self.pending.append(index)
            new_ids = bulk_insert(
                Employee,
                ({k: x for k, x in v.items() if k != "_sup"} for _i, v in level),
                now=self.now,
            )
            nips = [v["nip"] for _i, v in level]
            if new_ids is not None and _ids_match(new_ids, nips):
                ids.update(zip(nips, new_ids, strict=True))
            else:  # no ids from the loader (COPY): read them back by NIP
                ids.update(Employee.objects.filter(pemda_id=pemda_id, nip__in=nips).values_list("nip", "id"))
            for index, v in level:
                self.ids[index] = ids[v["nip"]]
            if not waiting:
                break
            level = []
            still: list[tuple[int, dict[str, Any]]] = []
            for item in waiting:
                sup_id = ids.get(item[1]["_sup"])
                if sup_id is not None:
                    item[1]["supervisor_id"], item[1]["_sup"] = sup_id, ""
                    level.append(item)
                else:
                    still.append(item)
            waiting = still
        return ids

    def _supervisor_ids(self, sup_nips: set[str]) -> dict[str, int]:
        """Ids of supervisors already written in this run or stored before it; the rest link later."""
        result: dict[str, int] = {}
        lookup: list[str] = []
        for nip in sup_nips:
            index = self.nip_index.get(int(nip))
            if index is not None and self.ids[index]:
                result[nip] = self.ids[index]
            else:
                lookup.append(nip)
        if lookup:
            result.update(Employee.objects.filter(pemda_id=self.run.pemda.pk, nip__in=lookup).values_list("nip", "id"))
        return result

    def _audit(self, action: str, items: Iterable[tuple[int, str, dict[str, Any]]]) -> None:
        """One audit entry per changed employee (its old and new values), through the one audit writer, in bulk."""
        run = self.run
        audit_record_many(
            action=action,
            actor=run.actor,
            pemda_id=run.pemda.pk,
            model=Employee,
            items=((pk, label, {**detail, "source": "import", "file": run.file_name}) for pk, label, detail in items),
            insert=lambda model, rows: bulk_insert(model, rows, now=self.now),
        )

    def _link_pending(self) -> None:
        """Supervisors that were created in this run after (or with) their reports."""
        pairs = (
            (self.ids[index], self.ids[self.nip_index[self.sups[index]]])
            for index in self.pending
            if self.ids[index] and self.ids[self.nip_index[self.sups[index]]]
        )
        for chunk in batched(pairs, BATCH_SIZE):
            if self.run.partial:
                with transaction.atomic():
                    bulk_set(Employee, "supervisor", chunk)
            else:
                bulk_set(Employee, "supervisor", chunk)


def import_employees(run: Run) -> None:
    with tempfile.TemporaryFile(prefix="bina-import-") as spool:
        job = EmployeeImport(run, spool)
        job.validate()
        job.apply()


def _ids_match(ids: list[int], nips: list[str]) -> bool:
    """The loader's ids belong to these NIPs, in order: the first and the last row checked, one query.

    Cheap insurance on the consecutive-rowid reasoning (`bulk_insert`): if anything else wrote the table
    in between, the import reads the ids back instead of linking rows to the wrong people."""
    if len(ids) != len(nips):
        return False
    if not ids:
        return True
    found = dict(Employee.objects.filter(pk__in={ids[0], ids[-1]}).values_list("pk", "nip"))
    return found.get(ids[0]) == nips[0] and found.get(ids[-1]) == nips[-1]
