"""Import pages: upload a file, follow the background job, read the report. Thin: the rules are in
`bina.people.imports` (service, jobs)."""

from __future__ import annotations

from typing import Any

from django import forms
from django.conf import settings
from django.http import FileResponse, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_GET, require_http_methods

from bina.core.errors import NotFound, ValidationFailed
from bina.core.views import page, require
from bina.people import permissions
from bina.people.imports import jobs
from bina.people.models import ImportJob, ImportKind

TEMPLATE_FILES = {"units": "units.csv", "employees": "employees.csv"}
RECENT_JOBS = 20


class ImportForm(forms.Form):
    kind = forms.ChoiceField(label=_("What to import"), choices=ImportKind.choices)
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


def _allowed_kinds(request: HttpRequest) -> list[tuple[str, Any]]:
    actor = request.actor  # type: ignore[attr-defined]
    kinds = []
    if permissions.can_import_units(actor):
        kinds.append((ImportKind.UNITS.value, ImportKind.UNITS.label))
    if permissions.can_import_employees(actor):
        kinds.append((ImportKind.EMPLOYEES.value, ImportKind.EMPLOYEES.label))
    require(bool(kinds), gettext("Your role does not allow imports."))
    return kinds


def _job(request: HttpRequest, pk: int) -> ImportJob:
    _allowed_kinds(request)
    return jobs.get_import_job_for_user(request.actor, pk)  # type: ignore[attr-defined]


@page
@require_http_methods(["GET", "POST"])
def import_page(request: HttpRequest) -> HttpResponse:
    kinds = _allowed_kinds(request)
    form = ImportForm(request.POST or None, request.FILES or None, kinds=kinds)
    if request.method == "POST" and form.is_valid():
        try:
            job = jobs.import_job_create(
                actor=request.actor,  # type: ignore[attr-defined]
                kind=form.cleaned_data["kind"],
                upload=form.cleaned_data["file"],
                dry_run=form.cleaned_data["dry_run"],
                partial=form.cleaned_data["partial"],
            )
        except ValidationFailed as exc:
            form.add_error("file", str(exc.message))
        else:
            return redirect("people:import_job", pk=job.pk)
    recent = jobs.import_jobs_for(request.actor).select_related("created_by")[:RECENT_JOBS]  # type: ignore[attr-defined]
    status = 422 if request.method == "POST" else 200
    return render(request, "people/import.html", {"form": form, "jobs": recent}, status=status)


@page
@require_GET
def import_job_page(request: HttpRequest, pk: int) -> HttpResponse:
    job = _job(request, pk)
    return render(request, "people/import_job.html", {"job": job})


@page
@require_GET
def import_job_progress(request: HttpRequest, pk: int) -> HttpResponse:
    job = _job(request, pk)
    return render(request, "people/partials/_import_job.html", {"job": job})


@page
@require_GET
def import_template(request: HttpRequest, kind: str) -> FileResponse:
    _allowed_kinds(request)
    name = TEMPLATE_FILES.get(kind)
    if name is None:
        raise NotFound(gettext("There is no import template for %(kind)s.") % {"kind": kind})
    path = settings.BASE_DIR / "docs" / "templates" / name
    return FileResponse(path.open("rb"), as_attachment=True, filename=name, content_type="text/csv")
