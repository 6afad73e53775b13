"""Training's reports: SIASN riwayat diklat (CSV/XLSX), class participant lists (XLSX/PDF), the attendance
sheet to sign (PDF, per class or per session), JP compliance (CSV/XLSX/PDF).

The rows and the rules live here; the files and the download responses are `bina.reports`' (registered
below under `training.*`, loaded from `TrainingConfig.ready`).

SIASN columns. BKN's SIASN records a PNS's training history under "Riwayat Diklat" (diklat struktural)
and "Riwayat Kursus" (kursus/pelatihan teknis and fungsional); its upload templates carry the NIP, the
type, the name of the training, the organising institution, the certificate number, the start and end
dates, the year and the number of hours (jumlah jam). A search of the reference corpora (pages and docs,
"SIASN riwayat diklat", "riwayat kursus") found no copy of BKN's column list, so the headers below are
the names from `docs` / the domain reference and must be confirmed against the Pemda's SIASN template
before a bulk upload: NIP, Jenis Diklat, Nama Diklat, Institusi Penyelenggara, Nomor Sertifikat,
Tanggal Mulai, Tanggal Selesai, Tahun, Jumlah Jam; Bina adds Sumber (Bina, Eksternal, Diimpor) last.
Dates are written dd-mm-yyyy as SIASN shows them.

NIP is always text (an 18-digit number would lose digits as a spreadsheet number; the reports' XLSX types
the first column as text). Big Pemdas stream: rows come from `iterator(chunk_size=...)`.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from datetime import date
from decimal import Decimal
from typing import Any

from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from bina.core.actor import Actor
from bina.core.audit import audit_record
from bina.core.dates import format_date, format_datetime, format_time
from bina.core.emblem import letterhead_of
from bina.core.errors import NotFound, PermissionDenied
from bina.core.numbers import format_number
from bina.people.access import employees_for
from bina.people.models import OrgUnit
from bina.reports.registry import Report, ReportData, register
from bina.training.catalogue.models import TrainingType
from bina.training.classes.models import Enrolment, EnrolmentStatus, TrainingClass
from bina.training.classes.services import pemda_zone
from bina.training.external.models import ExternalLearning, ExternalStatus, TrainingHistory
from bina.training.permissions import can_export_training_history, can_view_jp_compliance

SIASN_COLUMNS = (
    "NIP",
    "Jenis Diklat",
    "Nama Diklat",
    "Institusi Penyelenggara",
    "Nomor Sertifikat",
    "Tanggal Mulai",
    "Tanggal Selesai",
    "Tahun",
    "Jumlah Jam",
    "Sumber",
)
# Where a row comes from (the last column, after SIASN's own): a class in Bina, an approved external claim, or
# training imported from the Pemda's records (`training_history`), which SIASN usually holds already: a
# BKPSDM filters the column before an upload so nothing is sent twice.
SOURCE_CLASS = "Bina"
SOURCE_EXTERNAL = "Eksternal"
SOURCE_IMPORTED = "Diimpor"
CHUNK = 2000
TYPE_LABELS: dict[str, str] = {
    TrainingType.STRUKTURAL: "Struktural",
    TrainingType.FUNGSIONAL: "Fungsional",
    TrainingType.TEKNIS: "Teknis",
    TrainingType.MANAJERIAL: "Manajerial",
    TrainingType.SOSIAL_KULTURAL: "Sosial Kultural",
}


def _dmy(value: date | None) -> str:
    return value.strftime("%d-%m-%Y") if value else ""


def _hours(value: Decimal | int | None) -> str:
    if value is None:
        return ""
    d = Decimal(value)
    return str(int(d)) if d == d.to_integral_value() else str(d.normalize())


def riwayat_diklat_rows(actor: Actor, *, year: int, unit: OrgUnit | None = None, fmt: str = "") -> Iterator[list[str]]:
    """SIASN rows for completed classes (with the certificate number), approved external learning and training
    imported from before Bina (marked `Diimpor` in the Sumber column), each in the year it ended.

    Scope: `can_export_training_history` (admin, operator) and the employees the actor may read. Checked
    and logged here, before the first row is produced (UU 27/2022 PDP: log access to personal data), so a
    streamed download never starts for someone who may not have it.
    """
    if not can_export_training_history(actor) or actor.pemda_id is None:
        raise PermissionDenied(_("Only a BKPSDM admin or a unit operator can export training history."))
    audit_record(
        action="training.export_riwayat_diklat",
        actor=actor,
        detail={"year": year, "unit": unit.code if unit else None, "format": fmt},
    )
    return _riwayat_rows(actor, year=year, unit=unit)


def _riwayat_rows(actor: Actor, *, year: int, unit: OrgUnit | None) -> Iterator[list[str]]:
    # Rows hang off `employees_for(actor)` (Pemda and unit scope in one place), so no Pemda filter here.
    employees = employees_for(actor)
    if unit is not None:
        employees = employees.filter(unit__path__startswith=unit.path)
    employee_ids = employees.values("pk")
    enrolments = (
        Enrolment.objects.filter(
            status=EnrolmentStatus.COMPLETED,
            klass__ends_on__year=year,
            employee_id__in=employee_ids,
        )
        .order_by("employee__nip", "klass__starts_on", "pk")
        .values_list(
            "employee__nip",
            "klass__course__training_type",
            "klass__course__title",
            "klass__organiser__name",
            "certificate__issuer_name",
            "pemda__name",
            "certificate__number",
            "klass__starts_on",
            "klass__ends_on",
            "klass__course__jp",
        )
    )
    for nip, ttype, title, organiser, issuer, pemda_name, number, starts, ends, jp in enrolments.iterator(
        chunk_size=CHUNK
    ):
        yield [
            nip,
            TYPE_LABELS.get(ttype, ttype),
            title,
            organiser or issuer or pemda_name,
            number or "",
            _dmy(starts),
            _dmy(ends),
            str(ends.year),
            _hours(jp),
            SOURCE_CLASS,
        ]
    external = (
        ExternalLearning.objects.filter(
            status=ExternalStatus.APPROVED, ends_on__year=year, employee_id__in=employee_ids
        )
        .order_by("employee__nip", "starts_on", "pk")
        .values_list(
            "employee__nip",
            "training_type",
            "title",
            "organiser",
            "certificate_number",
            "starts_on",
            "ends_on",
            "jp_approved",
        )
    )
    yield from _record_rows(external, SOURCE_EXTERNAL)
    imported = (
        TrainingHistory.objects.filter(ends_on__year=year, employee_id__in=employee_ids)
        .order_by("employee__nip", "starts_on", "pk")
        .values_list(
            "employee__nip",
            "training_type",
            "title",
            "organiser",
            "certificate_number",
            "starts_on",
            "ends_on",
            "jp",
        )
    )
    yield from _record_rows(imported, SOURCE_IMPORTED)


def _record_rows(records: Any, source: str) -> Iterator[list[str]]:
    """SIASN rows of external or imported training (nip, type, title, organiser, number, start, end, JP)."""
    for nip, ttype, title, organiser, number, starts, ends, hours in records.iterator(chunk_size=CHUNK):
        yield [
            nip,
            TYPE_LABELS.get(ttype, ttype),
            title,
            organiser,
            number,
            _dmy(starts),
            _dmy(ends),
            str(ends.year),
            _hours(hours),
            source,
        ]


# --- class participant lists ----------------------------------------------------------------------


def participant_columns() -> list[str]:
    return [
        _("NIP"),
        _("Name"),
        _("Unit"),
        _("Status"),
        _("Attendance (%)"),
        _("Score"),
        _("Certificate number"),
        _("Reason"),
    ]


def participant_rows(enrolments: QuerySet[Enrolment]) -> list[list[Any]]:
    """One row per enrolment; attendance and score are numbers (sortable in a spreadsheet), NIP text.

    The reason is rendered in the language of whoever downloads the file (`Enrolment.reason_message`)."""
    status_labels = dict(EnrolmentStatus.choices)
    qs = enrolments.select_related("employee", "employee__unit", "certificate").order_by("employee__name", "pk")
    rows = []
    for e in qs:
        certificate = getattr(e, "certificate", None)
        rows.append(
            [
                e.employee.nip,
                e.employee.name,
                e.employee.unit.name,
                str(status_labels.get(e.status, e.status)),
                float(e.attendance_pct) if e.attendance_pct is not None else None,
                float(e.post_test_score) if e.post_test_score is not None else None,
                certificate.number if certificate is not None else "",
                e.reason_message,
            ]
        )
    return rows


def _participants_build(actor: Actor, params: Mapping[str, Any]) -> ReportData:
    """The participant list of one class: the same permission and selector as the page and the API (403/404)."""
    from bina.training.access import get_class_for_user
    from bina.training.classes.selectors import class_participants

    klass = get_class_for_user(actor, params["class_id"])
    enrolments = class_participants(actor, klass)
    if params["format"] != "pdf":
        return ReportData(rows=participant_rows(enrolments), filename=f"participants-{klass.code}", title=klass.code)
    return ReportData(
        rows=participant_rows(enrolments),
        filename=f"participants-{klass.code}",
        title=_("Participant list"),
        letterhead=letterhead_of(klass.pemda),
        subtitle=(
            f"{klass.course.title} — {klass.code} {klass.name}",
            _("Dates: %(start)s to %(end)s · JP: %(jp)s")
            % {
                "start": format_date(klass.starts_on),
                "end": format_date(klass.ends_on),
                "jp": format_number(klass.course.jp),
            },
        ),
    )


# --- the attendance sheet (daftar hadir) to sign ----------------------------------------------------

# Who signs the sheet: everyone holding a seat, and those whose class is over (a sheet printed afterwards).
SHEET_STATUSES = (EnrolmentStatus.ENROLLED, EnrolmentStatus.COMPLETED, EnrolmentStatus.FAILED, EnrolmentStatus.NO_SHOW)


def attendance_sheet_columns() -> list[str]:
    return [_("No."), _("NIP"), _("Name"), _("Unit"), _("Signature")]


def _sheet_build(actor: Actor, params: Mapping[str, Any]) -> ReportData:
    """The daftar hadir of a class (or of one of its sessions): the Pemda's letterhead, one row per participant
    with room to sign, and the organiser's sign-off. Same permission and selector as the participants page."""
    from bina.training.access import get_class_for_user, get_session_for_user
    from bina.training.classes.selectors import class_participants

    klass: TrainingClass = get_class_for_user(actor, params["class_id"])
    enrolments = class_participants(actor, klass).filter(status__in=SHEET_STATUSES)
    lines = [
        f"{klass.course.title} — {klass.code} {klass.name}",
        _("Dates: %(start)s to %(end)s · JP: %(jp)s")
        % {
            "start": format_date(klass.starts_on),
            "end": format_date(klass.ends_on),
            "jp": format_number(klass.course.jp),
        },
    ]
    filename = f"attendance-sheet-{klass.code}"
    if params.get("session_id"):
        session = get_session_for_user(actor, params["session_id"])
        if session.klass_id != klass.pk:
            raise NotFound(_("No session %(key)s was found.") % {"key": params["session_id"]})
        zone = pemda_zone(klass.pemda_id)  # the sheet shows the Pemda's clock, whoever prints it
        start = timezone.localtime(session.starts_at, zone)
        lines.append(
            _("Session: %(topic)s · %(start)s–%(end)s")
            % {
                "topic": session.topic,
                "start": format_datetime(session.starts_at, zone=zone),
                "end": format_time(session.ends_at, zone=zone),
            }
        )
        if session.room:
            lines.append(_("Room: %(room)s") % {"room": session.room})
        filename = f"attendance-sheet-{klass.code}-{start:%Y%m%d-%H%M}"
    elif klass.venue:
        lines.append(_("Venue: %(venue)s") % {"venue": klass.venue})
    rows = [
        [i, e.employee.nip, e.employee.name, e.employee.unit.name, ""]
        for i, e in enumerate(enrolments.order_by("employee__sort_name", "pk"), start=1)
    ]
    return ReportData(
        rows=rows,
        filename=filename,
        title=_("Attendance sheet"),
        subtitle=lines,
        letterhead=letterhead_of(klass.pemda),
        signatures=(_("Organiser"),),
    )


def _riwayat_build(actor: Actor, params: Mapping[str, Any]) -> ReportData:
    year = params["year"]
    rows = riwayat_diklat_rows(actor, year=year, unit=params.get("unit"), fmt=params["format"])
    return ReportData(rows=rows, filename=f"riwayat-diklat-{year}", title="Riwayat Diklat")


def compliance_columns() -> list[str]:
    return [
        _("Unit"), _("Employees"), _("With at least 20 JP"), _("Share compliant"), _("Average JP"),
        _("PNS"), _("PNS compliant"), _("PPPK"), _("PPPK compliant"),
    ]  # fmt: skip


def _compliance_build(actor: Actor, params: Mapping[str, Any]) -> ReportData:
    from bina.training.learning.selectors import unit_jp_compliance

    year = params["year"]
    unit = params.get("unit")
    data = unit_jp_compliance(actor, year, unit)
    # No employee in reach: no file (the total row alone would be an empty report).
    rows = (
        [
            [
                r.label,
                r.employees,
                r.compliant,
                r.percent,
                r.average_jp,
                r.pns,
                r.pns_compliant,
                r.pppk,
                r.pppk_compliant,
            ]
            for r in [*data.rows, data.total]
        ]
        if data.total.employees
        else []
    )
    suffix = f"-{unit.code}" if unit is not None else ""
    if params["format"] != "pdf":
        return ReportData(rows=rows, filename=f"jp-compliance-{year}{suffix}")
    return ReportData(
        rows=rows,
        filename=f"jp-compliance-{year}{suffix}",
        title=_("JP compliance %(year)s") % {"year": year},
        subtitle=[unit.name] if unit is not None else [],
    )


def annual_columns() -> list[str]:
    return [
        _("Unit"), _("Employees"), _("With at least 20 JP"), _("Share compliant"), _("Average JP"),
        _("Participants completed"), _("Class JP earned"), _("Budget used (Rp, shared per participant)"),
    ]  # fmt: skip


def annual_rows(actor: Actor, year: int) -> list[list[Any]]:
    """The yearly report on competency development per OPD (issue 11, §4): the JP compliance of each OPD
    (`unit_jp_compliance`, the one 20 JP rule), the participants who completed a class that year and the
    class JP they earned (their class credits), and the classes' budget used, shared equally among each
    class's completed participants so that OPDs add up to what was spent on them."""
    from django.db.models import Count, Q

    from bina.training.access import classes_for, jp_credits_for
    from bina.training.learning.models import JpSource
    from bina.training.learning.selectors import unit_jp_compliance

    data = unit_jp_compliance(actor, year, None)
    if not data.total.employees:
        return []
    units = [r for r in data.rows if r.unit is not None]
    credits = list(
        jp_credits_for(actor)
        .filter(year=year, source=JpSource.CLASS)
        .values_list("employee__unit__path", "jp", "enrolment__klass_id")
    )
    class_ids = {k for _p, _jp, k in credits if k is not None}
    per_class = {
        c["pk"]: (c["budget_used"], c["graduates"])
        for c in classes_for(actor)
        .filter(pk__in=class_ids)
        .annotate(graduates=Count("enrolments", filter=Q(enrolments__status=EnrolmentStatus.COMPLETED)))
        .values("pk", "budget_used", "graduates")
    }
    totals: dict[int | None, list[Decimal]] = {}
    for path, jp, klass_id in credits:
        row = next((r for r in units if r.unit is not None and (path or "").startswith(r.unit.path)), None)
        key = row.unit.pk if row is not None and row.unit is not None else None
        budget, graduates = per_class.get(klass_id, (Decimal(0), 0))
        share = Decimal(budget) / graduates if graduates else Decimal(0)
        bucket = totals.setdefault(key, [Decimal(0), Decimal(0), Decimal(0)])
        bucket[0] += 1
        bucket[1] += Decimal(jp or 0)
        bucket[2] += share
    out: list[list[Any]] = []
    for r in [*units, data.total]:
        if r.unit is None:
            got = [sum((b[i] for b in totals.values()), Decimal(0)) for i in range(3)]
        else:
            got = totals.get(r.unit.pk, [Decimal(0)] * 3)
        out.append(
            [r.label, r.employees, r.compliant, r.percent, r.average_jp, int(got[0]), float(got[1]),
             int(got[2].quantize(Decimal(1)))]
        )  # fmt: skip
    return out


def _annual_build(actor: Actor, params: Mapping[str, Any]) -> ReportData:
    year = params["year"]
    return ReportData(
        rows=annual_rows(actor, year),
        filename=f"pengembangan-kompetensi-{year}",
        title=_("Competency development %(year)s") % {"year": year},
        subtitle=[_("Per OPD: JP compliance, participants, class JP and budget")],
    )


# The SIASN rows check the permission and log the export themselves (see `riwayat_diklat_rows`).
RIWAYAT_DIKLAT = register(
    Report(
        key="training.riwayat_diklat",
        title=lambda: "Riwayat Diklat",
        columns=lambda: SIASN_COLUMNS,
        build=_riwayat_build,
        formats=("csv", "xlsx"),
    )
)
CLASS_PARTICIPANTS = register(
    Report(
        key="training.class_participants",
        title=lambda: _("Participant list"),
        columns=participant_columns,
        build=_participants_build,
        formats=("xlsx", "pdf"),
        pdf_column_widths_mm=(38, 55, 60, 30, 22, 18, 50),
        empty_message=lambda: _("This class has no participants to export yet."),
    )
)
ATTENDANCE_SHEET = register(
    Report(
        key="training.attendance_sheet",
        title=lambda: _("Attendance sheet"),
        columns=attendance_sheet_columns,
        build=_sheet_build,
        formats=("pdf",),
        text_columns=(1,),
        pdf_landscape=False,
        pdf_column_widths_mm=(10, 40, 55, 45, 36),
        pdf_row_height_mm=11,
        empty_message=lambda: _("No participant holds a seat in this class yet: there is no one to sign."),
    )
)
JP_COMPLIANCE = register(
    Report(
        key="training.jp_compliance",
        title=lambda: _("JP compliance"),
        columns=compliance_columns,
        build=_compliance_build,
        formats=("csv", "xlsx", "pdf"),
        permission=can_view_jp_compliance,
        empty_message=lambda: _("No employee is in your reach for this year: there is nothing to export."),
        pdf_column_widths_mm=(70, 24, 26, 24, 22, 22, 24, 22, 24),
        denied_message=lambda: _("Only admins, leaders and operators see JP compliance."),
        text_columns=(),
    )
)
ANNUAL_DEVELOPMENT = register(
    Report(
        key="training.annual_development",
        title=lambda: _("Competency development report"),
        columns=annual_columns,
        build=_annual_build,
        formats=("xlsx", "pdf"),
        permission=can_view_jp_compliance,
        empty_message=lambda: _("No employee is in your reach for this year: there is nothing to export."),
        pdf_column_widths_mm=(70, 24, 26, 24, 22, 28, 26, 40),
        denied_message=lambda: _("Only admins, leaders and operators see JP compliance."),
        text_columns=(),
    )
)
