"""The `training_history` import kind (docs/imports.md): training employees completed before Bina, in the shape
of SIASN's riwayat diklat: `nip,nama_pelatihan,jenis,penyelenggara,nomor_sertifikat,tanggal_mulai,
tanggal_selesai,jp,kode_kursus`.

Two passes over the file: the first collects the NIPs (looked up in the Pemda in batches), the second checks
every row. Checked rows are matched to stored records by their key (`bina.training.external.history`) and
written through `training_history_import`, which credits their JP. All or nothing unless `partial`; importing
the same file again changes nothing. The run's one audit entry is the import's own
(`import.training_history`).
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from django.db import IntegrityError
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from bina.core.dates import humanize_params
from bina.imports import columns as c
from bina.imports.columns import Column
from bina.imports.common import Run, chunks
from bina.imports.reader import Row, is_blank
from bina.people.access import employees_for
from bina.people.imports.columns import nip_text
from bina.people.nip import NipError, parse_nip
from bina.training.access import courses_for
from bina.training.catalogue.models import TrainingType
from bina.training.external.history import HistoryInput, history_plan, training_history_import
from bina.training.external.services import max_jp_for
from bina.training.permissions import can_import_training_history

COLUMNS = (
    Column("nip", True, ("nipbaru", "nip18", "nomorindukpegawai", "nipppk")),
    Column("nama_pelatihan", True, ("namadiklat", "namakursus", "nama_pelatihan_diklat", "pelatihan", "diklat")),
    Column("jenis", False, ("jenisdiklat", "jeniskursus", "jenispelatihan", "jenis_kursus_sertifikat")),
    Column("penyelenggara", False, ("institusipenyelenggara", "instansipenyelenggara", "lembagapenyelenggara")),
    Column("nomor_sertifikat", False, ("nosertifikat", "nomorsertifikat", "nomorsttpp", "nosttpp", "nomorpiagam")),
    Column("tanggal_mulai", True, ("tglmulai", "tanggalmulaikursus", "tanggalmulaidiklat", "mulai")),
    Column("tanggal_selesai", True, ("tglselesai", "tanggalselesaikursus", "tanggalselesaidiklat", "selesai")),
    Column("jp", True, ("jumlahjam", "jumlahjp", "jam", "jampelajaran", "durasijam")),
    Column("kode_kursus", False, ("kodecourse", "kode_course")),
)
# No single training record holds more (the longest leadership courses are a few hundred JP); a larger
# number is a typing error (minutes, or two values run together).
MAX_JP = Decimal(1000)
FIRST_YEAR = 1960  # before this, a date is a typing error (no serving ASN trained then)
_TYPES: dict[str, str] = {c.normalise(value): value for value in TrainingType.values} | {
    c.normalise(label): value for value, label in TrainingType.choices
}
_TYPES |= {
    "kepemimpinan": TrainingType.STRUKTURAL,
    "pim": TrainingType.STRUKTURAL,
    "sosiokultural": TrainingType.SOSIAL_KULTURAL,
}
_TYPE_PREFIXES = ("diklat", "pelatihan", "kursus")


def parse_training_type(cell: Any) -> str:
    """`Teknis`, `Diklat Fungsional`, `Pelatihan Struktural (Kepemimpinan)`, `manajerial`, `sosial kultural`."""
    value = c.text(cell)
    if not value:
        return ""
    key = c.normalise(value)
    for prefix in _TYPE_PREFIXES:
        if key.startswith(prefix) and key != prefix:
            key = key.removeprefix(prefix)
            break
    found = _TYPES.get(key)
    if found is None:
        raise c.CellError(
            _("%(value)s is not accepted here. Use one of: %(accepted)s.")
            % {"value": value, "accepted": ", ".join(str(label) for _value, label in TrainingType.choices)}
        )
    return found


def _nip_cell(run: Run, cells: Row) -> str:
    return nip_text(run.cell(cells, "nip"))


def import_training_history(run: Run) -> None:
    actor = run.actor
    nips: set[str] = set()
    for _row_no, cells in run.table.rows():
        if not is_blank(cells) and (nip := _nip_cell(run, cells)):
            nips.add(nip)
    employees: dict[str, int] = {}
    for batch in chunks(sorted(nips)):
        employees.update(employees_for(actor).filter(nip__in=batch).values_list("nip", "pk"))
    courses = dict(courses_for(actor).values_list("code", "pk"))

    items: list[tuple[int, HistoryInput]] = []
    seen: dict[tuple[object, ...], int] = {}
    done = 0
    for row_no, cells in run.table.rows():
        done += 1
        run.tick(done, run.table.total_estimate)
        if is_blank(cells):
            continue
        run.report.total_rows += 1
        item = _check_row(run, row_no, cells, employees, courses)
        if item is None:
            continue
        first = seen.get(item.key)
        if first is not None:
            run.error(
                row_no,
                "nomor_sertifikat" if item.certificate_number else "nama_pelatihan",
                item.certificate_number or item.title,
                _("This record also appears in row %(row)d (same NIP and %(key)s); each record must appear once.")
                % {
                    "row": first,
                    "key": _("certificate number") if item.certificate_number else _("name and end date"),
                },
                "duplicate",
            )
            continue
        seen[item.key] = row_no
        items.append((row_no, item))

    plan = history_plan(pemda_id=run.pemda.pk, items=[item for _row, item in items])
    claimed: dict[int, int] = {}
    accepted = []
    for (row_no, item), planned in zip(items, plan, strict=True):
        if planned.stored is not None:
            first = claimed.setdefault(planned.stored.pk, row_no)
            if first != row_no:
                run.error(
                    row_no,
                    "nama_pelatihan",
                    item.title,
                    _("This row and row %(row)d are the same stored record; keep one of them.") % {"row": first},
                    "duplicate",
                )
                continue
        accepted.append(planned)
    report = run.report
    report.created = sum(1 for p in accepted if p.outcome == "created")
    report.updated = sum(1 for p in accepted if p.outcome == "updated")
    report.unchanged = sum(1 for p in accepted if p.outcome == "unchanged")
    if not run.will_write:
        report.written = False
        return
    try:
        created, updated = training_history_import(actor=actor, plan=accepted, source_file=run.file_name)
    except IntegrityError:
        # Another import of the same records ran at the same time: this one rolled back as a whole.
        report.written = False
        report.created = report.updated = report.unchanged = 0
        run.error(
            None,
            "",
            None,
            _(
                "Another import saved some of these records at the same time; nothing was written. Import the file again."
            ),
            "concurrent_write",
        )
        return
    report.written = True
    run.audit_detail["employees"] = len({r.employee_id for r in [*created, *updated]})


def _check_row(
    run: Run, row_no: int, cells: Row, employees: dict[str, int], courses: dict[str, int]
) -> HistoryInput | None:
    ok = True

    def fail(column: str, value: Any, reason: str, code: str = "invalid") -> None:
        nonlocal ok
        run.error(row_no, column, value, reason, code)
        ok = False

    nip = _nip_cell(run, cells)
    employee_id = employees.get(nip) if nip else None
    if not nip:
        fail("nip", "", _("The NIP is required."), "required")
    elif employee_id is None:
        try:
            parse_nip(nip, today=run.today)
        except NipError as exc:
            fail("nip", c.display(run.cell(cells, "nip")), exc.message, "nip")
        else:
            fail("nip", nip, _("No employee with this NIP in the Pemda. Import the employee first."), "unknown_nip")

    title = _text(run, cells, "nama_pelatihan", 200, fail)
    if title == "":
        fail("nama_pelatihan", "", _("The name of the training is required."), "required")
    organiser = _text(run, cells, "penyelenggara", 200, fail) or ""
    certificate = _text(run, cells, "nomor_sertifikat", 100, fail) or ""
    try:
        training_type = parse_training_type(run.cell(cells, "jenis"))
    except c.CellError as exc:
        fail("jenis", c.display(run.cell(cells, "jenis")), exc.reason)
        training_type = ""

    starts_on = _date(run, cells, "tanggal_mulai", fail)
    ends_on = _date(run, cells, "tanggal_selesai", fail)
    if starts_on is not None and ends_on is not None and ends_on < starts_on:
        fail(
            "tanggal_selesai",
            c.display(run.cell(cells, "tanggal_selesai")),
            _("The end date is before the start date. Correct one of the dates."),
            "end_before_start",
        )
        ends_on = None
    if ends_on is not None and ends_on > run.today:
        fail(
            "tanggal_selesai",
            c.display(run.cell(cells, "tanggal_selesai")),
            _("The training has not ended yet (the end date is in the future); only completed training is imported."),
            "future",
        )
        ends_on = None

    jp: Decimal | None = None
    raw_jp = run.cell(cells, "jp")
    try:
        jp = c.parse_decimal(raw_jp, places=1)
    except c.CellError as exc:
        fail("jp", c.display(raw_jp), exc.reason)
    else:
        if jp is None:
            fail("jp", "", _("The JP is required."), "required")
        elif not 0 < jp <= MAX_JP:
            fail(
                "jp",
                c.display(raw_jp),
                _("The JP must be more than 0 and at most %(max)s.") % humanize_params({"max": MAX_JP}),
                "jp_range",
            )
            jp = None
        elif starts_on is not None and ends_on is not None and jp > (limit := max_jp_for(starts_on, ends_on)):
            fail(
                "jp",
                c.display(raw_jp),
                _(
                    "%(jp)s JP is more than these dates can hold (at most %(max)s JP: 8 hours a day, 45 minutes "
                    "per JP). Check the dates or the JP on your certificate."
                )
                % humanize_params({"jp": jp, "max": limit}),
                "jp_range",
            )
            jp = None

    course_id: int | None = None
    code = c.code(run.cell(cells, "kode_kursus"))
    if code:
        course_id = courses.get(code)
        if course_id is None:
            fail("kode_kursus", code, _("No course with this code in the Pemda's catalogue."), "unknown_course")

    if not ok or employee_id is None or title is None or starts_on is None or ends_on is None or jp is None:
        return None
    return HistoryInput(
        employee_id=employee_id,
        title=title,
        training_type=training_type,
        organiser=organiser,
        certificate_number=certificate,
        starts_on=starts_on,
        ends_on=ends_on,
        jp=jp,
        course_id=course_id,
    )


def _text(run: Run, cells: Row, column: str, max_length: int, fail: Any) -> str | None:
    try:
        return c.limited(run.cell(cells, column), max_length)
    except c.CellError as exc:
        fail(column, c.display(run.cell(cells, column)), exc.reason)
        return None


def _date(run: Run, cells: Row, column: str, fail: Any) -> dt.date | None:
    raw = run.cell(cells, column)
    try:
        day = c.parse_date(raw)
    except c.CellError as exc:
        fail(column, c.display(raw), exc.reason)
        return None
    if day is None:
        fail(column, "", _("The date is required."), "required")
        return None
    if day.year < FIRST_YEAR:
        fail(
            column,
            c.display(raw),
            _("%(value)s is before %(year)d; check the year.") % {"value": c.display(raw), "year": FIRST_YEAR},
        )
        return None
    return day


def register_kinds() -> None:
    from bina.imports.registry import ImportKind, register_import_kind

    register_import_kind(
        ImportKind(
            name="training_history",
            label=gettext_lazy("Training history from before Bina"),
            columns=COLUMNS,
            importer=import_training_history,
            can_import=can_import_training_history,
            denied_message=gettext_lazy("Only a BKPSDM admin can import training history."),
            template="training_history.csv",
            description="Training completed before Bina (SIASN riwayat diklat): counted as completed, with its JP.",
        )
    )
