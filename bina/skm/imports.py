"""Paper SKM forms: `import_skm_responses FILE --pemda SLUG` (an import kind, `bina.imports`).

Columns `tanggal,kode_unit,kode_layanan,u1..u9,umur,jenis_kelamin,pendidikan,pekerjaan,saran`; u1..u9 in
the element order of docs/skm.md (`bina.skm.elements.U_ORDER`); an empty answer means "not answered".
`umur` is an age in years or a band (`20-29`). Each row is one respondent; its key is the row's content
and number, so importing the same file again changes nothing (`unchanged`).
"""

from __future__ import annotations

import hashlib

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from bina.imports.columns import CellError, Column, code, limited, normalise, parse_date, text
from bina.imports.common import Run
from bina.imports.reader import is_blank
from bina.imports.registry import ImportKind
from bina.skm import permissions
from bina.skm.elements import AGE_BANDS, PROFILE, SUGGESTION, U_ORDER, age_band
from bina.surveys.services import ResponseInput

COLUMNS = (
    Column("tanggal", True, ("date",)),
    Column("kode_unit", True, ("unit", "kodeunit")),
    Column("kode_layanan", False, ("layanan", "service")),
    *(Column(u, False, (f"unsur{u[1:]}",)) for u in U_ORDER),
    Column("umur", False, ("usia",)),
    Column("jenis_kelamin", False, ("jk", "gender")),
    Column("pendidikan", False, ()),
    Column("pekerjaan", False, ()),
    Column(SUGGESTION, False, ("saran_masukan",)),
)
BANDS = {normalise(c): c for c, _label in AGE_BANDS}


def _row_key(row_no: int, cells: object) -> str:
    return "p:" + hashlib.sha256(f"{row_no}|{cells!r}".encode()).hexdigest()[:40]


def import_skm_responses(run: Run) -> None:
    from bina.skm import access
    from bina.skm.services import skm_paper_responses_write
    from bina.surveys.models import Response

    actor = run.actor
    version = access.skm_version_current(run.pemda.pk)
    units = {u.code: u for u in access.skm_units_for(actor, write=True)}
    services = set(access.skm_services_for(actor).values_list("code", flat=True))
    choices = {
        c: {normalise(k): k for k, _l in options} | {normalise(lbl): k for k, lbl in options}
        for c, _n, _t, options in PROFILE
    }
    items: list[ResponseInput] = []
    total = 0
    for row_no, cells in run.table.rows():
        if is_blank(cells):
            continue
        total += 1
        bad = len(run.report.errors)
        try:
            day = parse_date(run.cell(cells, "tanggal"))
        except CellError as exc:
            run.error(row_no, "tanggal", text(run.cell(cells, "tanggal")), exc.reason)
            day = None
        else:
            if day is None:
                run.error(row_no, "tanggal", "", _("The date is required."), "required")
            elif day > run.today:
                run.error(row_no, "tanggal", day.isoformat(), _("The date is in the future."), "future")
        unit_code = code(run.cell(cells, "kode_unit"))
        unit = units.get(unit_code)
        if unit is None:
            run.error(row_no, "kode_unit", unit_code, _("No unit with this code in your reach."), "invalid_reference")
        service_code = code(run.cell(cells, "kode_layanan"))
        if service_code and service_code not in services:
            run.error(row_no, "kode_layanan", service_code, _("No service with this code."), "invalid_reference")
        values: dict[str, object] = {}
        for u, element in U_ORDER.items():
            raw = text(run.cell(cells, u))
            if not raw:
                continue
            if raw not in ("1", "2", "3", "4"):
                run.error(row_no, u, raw, _("Answers are 1, 2, 3 or 4 (empty: not answered)."), "invalid")
                continue
            values[element] = int(raw)
        if not values and len(run.report.errors) == bad:
            run.error(row_no, "u1", "", _("The row answers none of u1 to u9."), "no_answer")
        age = text(run.cell(cells, "umur"))
        if age:
            if age.isdigit() and 10 <= int(age) <= 120:
                values["umur"] = age_band(int(age))
            elif normalise(age) in BANDS:
                values["umur"] = BANDS[normalise(age)]
            else:
                run.error(row_no, "umur", age, _("Write the age in years (10 to 120) or a band such as 20-29."))
        for column in ("jenis_kelamin", "pendidikan", "pekerjaan"):
            raw = text(run.cell(cells, column))
            if not raw:
                continue
            found = choices[column].get(normalise(raw))
            if found is None:
                accepted = ", ".join(k for k, _l in dict((p[0], p[3]) for p in PROFILE)[column])
                run.error(row_no, column, raw, _("Use one of: %(accepted)s.") % {"accepted": accepted})
            else:
                values[column] = found
        try:
            suggestion = limited(run.cell(cells, SUGGESTION), 2000)
        except CellError as exc:
            run.error(row_no, SUGGESTION, text(run.cell(cells, SUGGESTION))[:80], exc.reason)
            suggestion = ""
        if suggestion:
            values[SUGGESTION] = suggestion
        if len(run.report.errors) > bad or unit is None or day is None:
            continue
        items.append(
            ResponseInput(
                answered_on=day,
                values=values,
                unit_id=unit.pk,
                subject=service_code,
                channel="paper",
                once_key=_row_key(row_no, cells),
            )
        )
        run.tick(total, None)
    existing = set(
        Response.objects.filter(
            instrument_id=version.instrument_id, once_key__in=[i.once_key for i in items]
        ).values_list("once_key", flat=True)
    )
    new = [i for i in items if i.once_key not in existing]
    run.report.total_rows = total
    run.report.created = len(new)
    run.report.unchanged = len(items) - len(new)
    if run.will_write and new:
        skm_paper_responses_write(actor=actor, version=version, items=new)
    run.report.written = run.will_write


IMPORT_KIND = ImportKind(
    name="skm_responses",
    label=gettext_lazy("SKM responses (paper forms)"),
    columns=COLUMNS,
    importer=import_skm_responses,
    can_import=permissions.can_import_skm,
    denied_message=gettext_lazy("Admins and operators import SKM responses for their units."),
    template="skm_responses.csv",
    description="Paper SKM questionnaires, one respondent per row (docs/imports.md).",
)

__all__ = ["IMPORT_KIND", "import_skm_responses"]
