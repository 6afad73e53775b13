"""Catalogue pages: programmes and courses. Everyone in the Pemda reads what is published; the admin edits."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.db.models import Q
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from bina.competencies.access import competencies_for
from bina.core.http import AuthedRequest
from bina.core.selectors import pemda_of
from bina.core.views import FORM_ERRORS, form_page, page, page_or_partial, paginate, require
from bina.people.access import org_units_for
from bina.training.access import courses_for, get_course_for_user, get_programme_for_user, programmes_for
from bina.training.catalogue import selectors, services
from bina.training.catalogue.forms import CourseFilterForm, CourseForm, ProgrammeFilterForm, ProgrammeForm
from bina.training.catalogue.models import Course, Programme, ProgrammeStatus
from bina.training.hooks import hooks
from bina.training.permissions import can_manage_catalogue


def _member(request: AuthedRequest) -> Any:
    actor = request.actor
    require(actor.pemda_id is not None, _("The training catalogue belongs to a Pemda; your account has none."))
    return actor


def _manager(request: AuthedRequest) -> Any:
    actor = _member(request)
    require(can_manage_catalogue(actor), _("Only a BKPSDM admin can change programmes and courses."))
    return actor


# --- programmes ----------------------------------------------------------------------------


@page
def catalogue(request: AuthedRequest) -> HttpResponse:
    """Programmes of a year (this year by default), filtered by goal and, for admins, status."""
    actor = _member(request)
    years = selectors.programme_years(actor)
    data = request.GET.copy()
    if "year" not in data:
        this_year = timezone.localdate().year
        data["year"] = str(this_year) if this_year in years else (str(years[0]) if years else "")
    form = ProgrammeFilterForm(data, years=years, show_status=actor.is_admin)
    form.is_valid()
    cleaned = getattr(form, "cleaned_data", {})
    filters = selectors.ProgrammeFilters(
        year=cleaned.get("year"), goal=cleaned.get("goal") or "", status=cleaned.get("status") or ""
    )
    context = {
        "form": form,
        "page_obj": paginate(request, selectors.programme_list(actor, filters)),
        "can_manage": can_manage_catalogue(actor),
    }
    return render(request, "training/catalogue/programme_list.html", context)


@page
def programme_detail(request: AuthedRequest, pk: int) -> HttpResponse:
    actor = _member(request)
    programme, courses = selectors.programme_detail(actor, pk)
    context = {
        "programme": programme,
        "courses": courses,
        "target_units": list(programme.target_units.order_by("path")),
        "can_manage": can_manage_catalogue(actor),
        "statuses": ProgrammeStatus.choices,
        "programme_links": [link for hook in hooks.programme_links if (link := hook(actor, programme)) is not None],
    }
    return render(request, "training/catalogue/programme_detail.html", context)


def _programme_form_page(request: AuthedRequest, programme: Programme | None) -> HttpResponse:
    actor = _manager(request)
    units = org_units_for(actor).filter(closed_on__isnull=True).order_by("path")
    form = ProgrammeForm(request.POST or None, units=units, programme=programme)

    def save(form: ProgrammeForm) -> Programme:
        if programme is None:
            return services.programme_create(
                actor=actor,
                pemda=pemda_of(actor),
                target_units=form.cleaned_data["target_units"],
                **form.service_data(),
            )
        services.programme_update(
            actor=actor,
            programme=programme,
            data=form.service_data(),
            target_units=form.cleaned_data["target_units"],
        )
        return programme

    return form_page(
        request,
        form,
        save=save,
        success=lambda saved: _("%(name)s was saved.") % {"name": saved.name},
        done=lambda saved: redirect("training:programme_detail", pk=saved.pk),
        template="training/catalogue/programme_form.html",
        context={"programme": programme},
    )


@page
@require_http_methods(["GET", "POST"])
def programme_create(request: AuthedRequest) -> HttpResponse:
    return _programme_form_page(request, None)


@page
@require_http_methods(["GET", "POST"])
def programme_edit(request: AuthedRequest, pk: int) -> HttpResponse:
    actor = _manager(request)
    return _programme_form_page(request, get_programme_for_user(actor, pk))


@page
@require_POST
def programme_set_status(request: AuthedRequest, pk: int) -> HttpResponse:
    actor = _manager(request)
    programme = get_programme_for_user(actor, pk)
    try:
        services.programme_set_status(actor=actor, programme=programme, status=request.POST.get("status", ""))
    except FORM_ERRORS as exc:
        messages.error(request, str(exc.message))
    else:
        messages.success(request, _("The status was changed."))
    return redirect("training:programme_detail", pk=programme.pk)


# --- courses -------------------------------------------------------------------------------


@page
def course_list(request: AuthedRequest) -> HttpResponse:
    actor = _member(request)
    form = CourseFilterForm(request.GET or None, competencies=competencies_for(actor).order_by("kind", "order", "name"))
    cleaned = form.cleaned_data if form.is_bound and form.is_valid() else {}
    competency = cleaned.get("competency")
    filters = selectors.CourseFilters(
        method=cleaned.get("method") or "",
        learning_path=cleaned.get("learning_path") or "",
        competency_id=competency.pk if competency else None,
        search=cleaned.get("q") or "",
    )
    context = {
        "form": form,
        "page_obj": paginate(request, selectors.course_list(actor, filters)),
        "can_manage": can_manage_catalogue(actor),
    }
    return page_or_partial(
        request,
        page="training/catalogue/course_list.html",
        partial="training/catalogue/partials/_course_results.html",
        context=context,
    )


@page
def course_detail(request: AuthedRequest, pk: int) -> HttpResponse:
    actor = _member(request)
    course, classes = selectors.course_detail(actor, pk)
    extras = [x for section in hooks.course_sections if (x := section(actor, course)) is not None]
    context = {"course": course, "classes": classes, "can_manage": can_manage_catalogue(actor), "extras": extras}
    return render(request, "training/catalogue/course_detail.html", context)


def _course_form_page(request: AuthedRequest, course: Course | None) -> HttpResponse:
    actor = _manager(request)
    extra: dict[str, Any] = {} if course is not None else {"initial": {"programme": request.GET.get("programme")}}
    form = CourseForm(
        request.POST or None,
        programmes=programmes_for(actor).order_by("-year", "name"),
        courses=courses_for(actor).order_by("title"),
        # Retired competencies stay listed where the course already targets them, so saving keeps them.
        competencies=competencies_for(actor)
        .filter(Q(is_active=True) | (Q(course_targets__course=course) if course is not None else Q(pk__in=[])))
        .distinct()
        .order_by("kind", "order", "name"),
        course=course,
        **extra,
    )

    def save(form: CourseForm) -> Course:
        if course is None:
            return services.course_create(
                actor=actor,
                pemda=pemda_of(actor),
                competencies=form.targets(),
                prerequisites=form.cleaned_data["prerequisites"],
                **form.service_data(),
            )
        data = form.service_data()
        data["is_active"] = form.cleaned_data["is_active"]
        services.course_update(
            actor=actor,
            course=course,
            data=data,
            competencies=form.targets(),
            prerequisites=form.cleaned_data["prerequisites"],
        )
        return course

    return form_page(
        request,
        form,
        save=save,
        success=lambda saved: _("%(title)s was saved.") % {"title": saved.title},
        done=lambda saved: redirect("training:course_detail", pk=saved.pk),
        template="training/catalogue/course_form.html",
        context={"course": course},
    )


@page
@require_http_methods(["GET", "POST"])
def course_create(request: AuthedRequest) -> HttpResponse:
    return _course_form_page(request, None)


@page
@require_http_methods(["GET", "POST"])
def course_edit(request: AuthedRequest, pk: int) -> HttpResponse:
    actor = _manager(request)
    return _course_form_page(request, get_course_for_user(actor, pk))
