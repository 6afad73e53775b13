"""The class evaluation report (`evaluation.class_report`): attendance, L1, L3, testimonies and every section
registered by the apps above (`bina.evaluation.hooks`), as PDF under the class's Pemda letterhead and XLSX.

The report across classes (`evaluation.classes_report`): one row per class of a course, or of a programme's
courses, with evaluation's figures (attendance, L1 overall and responses, testimonies) and the columns the apps
above register (L2 ⟨g⟩ and band, the simulations' mean score)."""

from __future__ import annotations

import io
from collections.abc import Mapping, Sequence
from typing import Any
from xml.sax.saxutils import escape

from django.db.models import Count
from django.utils.translation import gettext as _

from bina.core.actor import Actor
from bina.core.dates import format_date
from bina.core.emblem import letterhead_flowables, letterhead_of
from bina.core.errors import ValidationFailed
from bina.core.numbers import format_number, format_percent
from bina.evaluation import access, permissions, selectors
from bina.evaluation.hooks import (
    ReportSection,
    SectionProvider,
    column_providers,
    register_section,
    section_providers,
)
from bina.reports.formats import pdf_text
from bina.reports.registry import Report, ReportData, register
from bina.training.facade import (
    Attendance,
    AttendanceStatus,
    Enrolment,
    TrainingClass,
    classes_for,
)

KEY = "evaluation.class_report"
CLASSES_KEY = "evaluation.classes_report"
WIDTH = 6  # section title + up to five columns in the XLSX


def _num(value: float | None, digits: int = 2) -> str:
    return "–" if value is None else format_number(value, digits, trim=False)


def _pct(share: float | None) -> str:
    return format_percent(None if share is None else share * 100, 1)


def attendance_section(actor: Actor, klass: TrainingClass) -> ReportSection:
    present = {
        r["enrolment_id"]: r["n"]
        for r in Attendance.objects.filter(
            session__klass=klass, status__in=(AttendanceStatus.PRESENT, AttendanceStatus.LATE)
        )
        .values("enrolment_id")
        .annotate(n=Count("id"))
    }
    sessions = klass.sessions.count()
    rows = [
        [
            e.employee.name,
            e.employee.nip,
            f"{present.get(e.pk, 0)}/{sessions}",
            _num(float(e.attendance_pct) if e.attendance_pct is not None else None, 1),
            e.get_status_display(),
        ]
        for e in Enrolment.objects.filter(klass=klass)
        .exclude(status__in=("rejected", "declined", "withdrawn", "cancelled"))
        .select_related("employee")
        .order_by("employee__sort_name", "pk")
    ]
    return ReportSection(
        _("Attendance"), [_("Name"), _("NIP"), _("Sessions attended"), _("Attendance (%)"), _("Status")], rows
    )


def reaction_section(actor: Actor, klass: TrainingClass) -> ReportSection:
    r = selectors.class_reaction_results(actor, klass)
    notes = [
        _("%(n)s responses of %(m)s attendees (response rate %(p)s).")
        % {"n": r.respondents, "m": r.invited, "p": _pct(r.response_rate)}
    ]
    if not r.visible:
        notes.append(_("Results are shown from %(n)s responses.") % {"n": r.threshold})
        return ReportSection(
            _("Reaction (level 1)"), [_("Question"), _("Mean"), _("Satisfied (4-5)"), _("Answers")], [], notes
        )
    rows: list[list[Any]] = [
        [q.name, _num(q.summary.mean), _pct(q.summary.top_two_share), q.summary.answered] for q in r.questions
    ]
    rows += [[_("Instructor: %(name)s") % {"name": i.name}, _num(i.mean), "", i.answered] for i in r.instructors]
    rows += [[_("Would recommend: %(answer)s") % {"answer": label}, "", "", n] for label, n in r.recommend]
    rows += [[_("Comment"), c, "", ""] for c in (r.comments or [])]
    return ReportSection(
        _("Reaction (level 1)"), [_("Question"), _("Mean"), _("Satisfied (4-5)"), _("Answers")], rows, notes
    )


def behaviour_section(actor: Actor, klass: TrainingClass) -> ReportSection:
    b = selectors.class_behaviour_results(actor, klass)
    rows = [
        [
            row.name,
            _num(row.self_change.baseline),
            _num(row.self_change.followup),
            _num(row.supervisor_change.baseline),
            _num(row.supervisor_change.followup),
        ]
        for row in b.rows
    ]
    notes = [
        _("Questionnaires answered: baseline %(b)s, follow-up %(f)s (participants); supervisors %(sb)s and %(sf)s.")
        % {
            "b": b.answered.get("baseline:self", 0),
            "f": b.answered.get("followup:self", 0),
            "sb": b.answered.get("baseline:supervisor", 0),
            "sf": b.answered.get("followup:supervisor", 0),
        }
    ]
    return ReportSection(
        _("Behaviour (level 3), frequency 1-5"),
        [
            _("Competency"),
            _("Self, baseline"),
            _("Self, follow-up"),
            _("Supervisor, baseline"),
            _("Supervisor, follow-up"),
        ],
        rows,
        notes,
    )


def testimony_section(actor: Actor, klass: TrainingClass) -> ReportSection:
    rows = [[t.byline, t.text, t.date] for t in selectors.class_testimonies(klass, limit=100)]
    return ReportSection(_("Testimonies (approved, with consent)"), [_("By"), _("Testimony"), _("Date")], rows)


def register_own_sections() -> None:
    register_section(SectionProvider("evaluation.attendance", 10, attendance_section))
    register_section(SectionProvider("evaluation.reaction", 20, reaction_section))
    register_section(SectionProvider("evaluation.behaviour", 40, behaviour_section))
    register_section(SectionProvider("evaluation.testimonies", 60, testimony_section))


def class_report_sections(actor: Actor, klass: TrainingClass) -> list[ReportSection]:
    out = []
    for provider in section_providers():
        section = provider.build(actor, klass)
        if section is not None:
            out.append(section)
    return out


def build(actor: Actor, params: Mapping[str, Any]) -> ReportData:
    try:
        pk = int(params.get("klass") or 0)
    except (TypeError, ValueError):
        raise ValidationFailed(_("Name a class.")) from None
    klass = access.get_results_class_for_user(actor, pk)
    if not permissions.can_download_class_report(actor):
        from bina.core.errors import PermissionDenied

        raise PermissionDenied(_("You may not download this report."))
    sections = class_report_sections(actor, klass)
    rows: list[list[Any]] = []
    for s in sections:
        rows.append([s.title, *s.columns][:WIDTH])
        for line in s.notes:
            rows.append([s.title, line])
        for row in s.rows:
            rows.append([s.title, *row][:WIDTH])
    return ReportData(
        rows=rows,
        filename=f"evaluasi-{klass.code}",
        title=_("Training evaluation report"),
        subtitle=[
            f"{klass.course.title} · {klass.code} {klass.name}",
            f"{klass.starts_on.isoformat()} – {klass.ends_on.isoformat()}",
        ],
        letterhead=letterhead_of(klass.pemda),
        payload=sections,
    )


def sections_pdf(title: str, subtitle: Sequence[str], sections: Sequence[ReportSection], letterhead: Any) -> bytes:
    from reportlab.lib import colors
    from reportlab.lib.pagesizes import A4
    from reportlab.lib.styles import getSampleStyleSheet
    from reportlab.lib.units import mm
    from reportlab.platypus import Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle

    buffer = io.BytesIO()
    doc = SimpleDocTemplate(
        buffer,
        pagesize=A4,
        leftMargin=15 * mm,
        rightMargin=15 * mm,
        topMargin=12 * mm,
        bottomMargin=12 * mm,
        title=title,
    )
    styles = getSampleStyleSheet()
    cell = styles["BodyText"].clone("cell", fontSize=8, leading=10)
    story: list[Any] = letterhead_flowables(letterhead, doc.width) if letterhead is not None else []
    story.append(Paragraph(escape(title), styles["Title"]))
    for i, line in enumerate(subtitle):
        story.append(Paragraph(escape(line), styles["Heading3" if i == 0 else "Normal"]))
    for s in sections:
        story.append(Spacer(1, 5 * mm))
        story.append(Paragraph(escape(s.title), styles["Heading2"]))
        for line in s.notes:
            story.append(Paragraph(escape(line), styles["Normal"]))
        if not s.rows:
            story.append(Paragraph(escape(_("No data.")), styles["Italic"]))
            continue
        data = [[Paragraph(f"<b>{escape(c)}</b>", cell) for c in s.columns]]
        data += [[Paragraph(escape(pdf_text(v)), cell) for v in row] for row in s.rows]
        table = Table(data, repeatRows=1, colWidths=[doc.width / len(s.columns)] * len(s.columns))
        table.setStyle(
            TableStyle(
                [
                    ("BACKGROUND", (0, 0), (-1, 0), colors.HexColor("#e8eef7")),
                    ("GRID", (0, 0), (-1, -1), 0.4, colors.grey),
                    ("VALIGN", (0, 0), (-1, -1), "TOP"),
                ]
            )
        )
        story.append(table)
    doc.build(story)
    return buffer.getvalue()


def _pdf(data: ReportData, letterhead: Any) -> bytes:
    return sections_pdf(data.title, data.subtitle, data.payload, letterhead)


def classes_headers() -> list[str]:
    own_before = [_("Class"), _("Dates"), _("Participants"), _("Attendance (%)"), _("Responses"), _("Overall (1-5)")]
    registered = [h for p in column_providers() for h in p.headers()]
    return [*own_before, *registered, _("Testimonies")]


def classes_table(actor: Actor, classes: list[TrainingClass]) -> list[list[Any]]:
    """One row per class, in `classes_headers()` order: evaluation's figures and the registered columns."""
    figures = selectors.classes_figures(classes)
    registered = [(len(p.headers()), p.build(actor, classes)) for p in column_providers()]
    rows = []
    for f in figures:
        k = f.klass
        row: list[Any] = [
            f"{k.code} {k.name}",
            f"{format_date(k.starts_on)} – {format_date(k.ends_on)}",
            format_number(f.participants),
            _num(f.attendance, 1),
            format_number(f.respondents),
            _num(f.overall) if f.overall is not None else _("withheld") if f.respondents else "–",
        ]
        for width, cells in registered:
            row += list(cells.get(k.pk, ["–"] * width))[:width]
        row.append(format_number(f.testimonies))
        rows.append(row)
    return rows


def classes_scope(actor: Actor, params: Mapping[str, Any]) -> tuple[str, str, Any, list[TrainingClass]]:
    """(file name, subtitle, Pemda, classes) of a `course=` or a `programme=` request, within the actor's reach."""

    def _pk(name: str) -> int | None:
        raw = params.get(name)
        if raw in (None, ""):
            return None
        try:
            return int(raw)
        except (TypeError, ValueError):
            raise ValidationFailed(_("Name a course or a programme.")) from None

    course_pk, programme_pk = _pk("course"), _pk("programme")
    if (course_pk is None) == (programme_pk is None):
        raise ValidationFailed(_("Name a course or a programme."))
    if course_pk is not None:
        course = access.get_results_course_for_user(actor, course_pk)
        classes = selectors.result_classes(actor, classes_for(actor).filter(course=course))
        return f"evaluasi-{course.code or course.pk}", course.title, course.pemda, classes
    programme = access.get_results_programme_for_user(actor, int(programme_pk or 0))
    classes = selectors.result_classes(actor, classes_for(actor).filter(course__programme=programme))
    return f"evaluasi-program-{programme.pk}", f"{programme.name} ({programme.year})", programme.pemda, classes


def build_classes(actor: Actor, params: Mapping[str, Any]) -> ReportData:
    filename, subtitle, pemda, classes = classes_scope(actor, params)
    return ReportData(
        rows=classes_table(actor, classes),
        filename=filename,
        title=_("Training evaluation across classes"),
        subtitle=[subtitle],
        letterhead=letterhead_of(pemda),
    )


def register_reports() -> None:
    register_own_sections()
    register(
        Report(
            key=CLASSES_KEY,
            title=lambda: _("Training evaluation across classes"),
            columns=classes_headers,
            build=build_classes,
            formats=("xlsx", "pdf"),
            permission=permissions.can_download_class_report,
            text_columns=(0, 1),
        )
    )
    register(
        Report(
            key=KEY,
            title=lambda: _("Training evaluation report"),
            columns=lambda: [_("Section"), "1", "2", "3", "4", "5"],
            build=build,
            formats=("xlsx", "pdf"),
            permission=permissions.can_download_class_report,
            text_columns=(0, 1, 2),
            pdf_document=_pdf,
        )
    )
