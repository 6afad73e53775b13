"""Import pages: upload a file of any registered kind, follow the background job, read the report.
Thin: the rules are in `bina.imports` (service, jobs) and in each kind's registration.

The pages are mounted by the people app's URLconf (`people:import`, `/people/import/...`) so the
addresses users know keep working."""

from __future__ import annotations

from typing import Any

from django import forms
from django.conf import settings
from django.http import FileResponse, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_GET, require_http_methods

from bina.core.errors import NotFound, ValidationFailed
from bina.core.http import AuthedRequest
from bina.core.views import page, require
from bina.imports import access, jobs
from bina.imports.models import ImportJob
from bina.imports.registry import import_kind_or_none, import_kinds
from bina.imports.report import errors_csv
from bina.imports.service import ImportTooLarge

RECENT_JOBS = 20


class ImportForm(forms.Form):
    kind = forms.ChoiceField(label=_("What to import"), choices=())
    file = forms.FileField(label=_("File (CSV or XLSX)"))
    dry_run = forms.BooleanField(label=_("Check only, write nothing (dry run)"), required=False)
    partial = forms.BooleanField(
        label=_("Write the valid rows even if other rows have errors"),
        required=False,
        help_text=_("Without this, nothing is written when any row has an error."),
    )

    def __init__(self, *args: Any, kinds: list[tuple[str, Any]], **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.fields["kind"].choices = kinds  # type: ignore[attr-defined]
        self.fields["file"].widget.attrs["accept"] = ".csv,.xlsx"


def _allowed_kinds(request: AuthedRequest) -> list[tuple[str, Any]]:
    actor = request.actor
    kinds: list[tuple[str, Any]] = [(k.name, k.label) for k in import_kinds() if k.can_import(actor)]
    require(bool(kinds), gettext("Your role does not allow imports."))
    return kinds


def _job(request: AuthedRequest, pk: int) -> ImportJob:
    _allowed_kinds(request)
    return access.get_import_job_for_user(request.actor, pk)


@page
@require_http_methods(["GET", "POST"])
def import_page(request: AuthedRequest) -> HttpResponse:
    kinds = _allowed_kinds(request)
    form = ImportForm(request.POST or None, request.FILES or None, kinds=kinds)
    status = 422 if request.method == "POST" else 200
    if request.method == "POST" and form.is_valid():
        try:
            job = jobs.import_job_create(
                actor=request.actor,
                kind=form.cleaned_data["kind"],
                upload=form.cleaned_data["file"],
                dry_run=form.cleaned_data["dry_run"],
                partial=form.cleaned_data["partial"],
            )
        except (ValidationFailed, ImportTooLarge) as exc:
            form.add_error("file", str(exc.message))
            status = exc.status
        else:
            return redirect("people:import_job", pk=job.pk)
    recent = access.import_jobs_for(request.actor).select_related("created_by")[:RECENT_JOBS]
    allowed = {name for name, _label in kinds}
    templates = [(k.name, k.label) for k in import_kinds() if k.name in allowed and k.template]
    return render(request, "imports/import.html", {"form": form, "jobs": recent, "templates": templates}, status=status)


@page
@require_GET
def import_job_page(request: AuthedRequest, pk: int) -> HttpResponse:
    job = _job(request, pk)
    return render(request, "imports/import_job.html", {"job": job})


@page
@require_GET
def import_job_progress(request: AuthedRequest, pk: int) -> HttpResponse:
    job = _job(request, pk)
    return render(request, "imports/partials/_import_job.html", {"job": job})


@page
@require_GET
def import_job_report(request: AuthedRequest, pk: int) -> HttpResponse:
    """Every error of the job's report as CSV: the page shows only the first ones."""
    job = _job(request, pk)
    response = HttpResponse(
        errors_csv(job.report.get("errors", []) if isinstance(job.report, dict) else []),
        content_type="text/csv; charset=utf-8",
    )
    response["Content-Disposition"] = f'attachment; filename="import-{job.pk}-errors.csv"'
    return response


@page
@require_GET
def import_template(request: AuthedRequest, kind: str) -> FileResponse:
    allowed = {name for name, _label in _allowed_kinds(request)}
    spec = import_kind_or_none(kind)
    # A kind the reader may not import is refused like any page of their role (instructors import question banks).
    require(spec is None or spec.name in allowed, gettext("Your role does not allow this import."))
    name = spec.template if spec is not None else ""
    if not name:
        raise NotFound(gettext("There is no import template for %(kind)s.") % {"kind": kind})
    path = settings.BASE_DIR / "docs" / "templates" / name
    return FileResponse(path.open("rb"), as_attachment=True, filename=name, content_type="text/csv")
