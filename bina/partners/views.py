"""Partner, agreement and instructor pages. Thin: scope through `selectors`, rules in `services`."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.http import FileResponse, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from bina.accounts.access import users_for
from bina.competencies.access import competencies_for
from bina.core.errors import NotFound
from bina.core.forms import PICKER_FIELD_NAME as FIELD_NAME
from bina.core.forms import PICKER_LIMIT
from bina.core.http import AuthedRequest
from bina.core.notices import action_notice
from bina.core.selectors import pemda_of
from bina.core.views import FORM_ERRORS, form_page, page, paginate, require
from bina.partners import access, selectors, services
from bina.partners.forms import AgreementForm, InstructorForm, PartnerForm, instructor_options
from bina.partners.hooks import hooks
from bina.partners.models import Agreement, Instructor, Partner
from bina.partners.permissions import can_manage_partners
from bina.people.access import employees_for


def _member(request: AuthedRequest) -> Any:
    actor = request.actor
    require(actor.pemda_id is not None, _("Partners belong to a Pemda; your account has none."))
    return actor


def _manager(request: AuthedRequest) -> Any:
    actor = _member(request)
    require(can_manage_partners(actor), _("Only a BKPSDM admin can manage partners, agreements and instructors."))
    return actor


@page
def partner_list(request: AuthedRequest) -> HttpResponse:
    actor = _member(request)
    search = request.GET.get("q", "").strip()[:100]
    context = {
        "page_obj": paginate(request, selectors.partner_list(actor, search=search)),
        "q": search,
        "expiring": list(selectors.agreements_expiring(actor)),
        "can_manage": can_manage_partners(actor),
    }
    return render(request, "partners/list.html", context)


@page
def partner_detail(request: AuthedRequest, pk: int) -> HttpResponse:
    actor = _member(request)
    partner = access.get_partner_for_user(actor, pk)
    can_agreements = access.can_read_agreements(actor)
    context = {
        "partner": partner,
        "agreements": list(access.agreements_for(actor).filter(partner=partner)) if can_agreements else None,
        "expiring": list(selectors.agreements_expiring(actor).filter(partner=partner)) if can_agreements else [],
        "instructors": list(access.instructors_for(actor).filter(partner=partner).order_by("name")),
        "can_manage": can_manage_partners(actor),
        "show_contact": selectors.can_read_partner_contacts(actor, partner),
        "extras": [x for section in hooks.partner_sections if (x := section(actor, partner)) is not None],
    }
    return render(request, "partners/detail.html", context)


def _partner_form_page(request: AuthedRequest, partner: Partner | None) -> HttpResponse:
    actor = _manager(request)
    initial = {f: getattr(partner, f) for f in (*services.PARTNER_FIELDS, "is_active")} if partner else None
    form = PartnerForm(request.POST or None, initial=initial)

    def save(form: PartnerForm) -> Partner:
        if partner is None:
            return services.partner_create(actor=actor, pemda=pemda_of(actor), data=form.cleaned_data)
        services.partner_update(actor=actor, partner=partner, data=form.cleaned_data)
        return partner

    return form_page(
        request,
        form,
        save=save,
        success=lambda saved: _("%(name)s was saved.") % {"name": saved.name},
        done=lambda saved: redirect("partners:detail", pk=saved.pk),
        template="partners/form.html",
        context={"partner": partner},
    )


@page
@require_http_methods(["GET", "POST"])
def partner_create(request: AuthedRequest) -> HttpResponse:
    return _partner_form_page(request, None)


@page
@require_http_methods(["GET", "POST"])
def partner_edit(request: AuthedRequest, pk: int) -> HttpResponse:
    actor = _manager(request)
    return _partner_form_page(request, access.get_partner_for_user(actor, pk))


def _agreement_form_page(request: AuthedRequest, partner: Partner, agreement: Agreement | None) -> HttpResponse:
    actor = _manager(request)
    initial = None
    if agreement is not None:
        initial = {f: getattr(agreement, f) for f in services.AGREEMENT_FIELDS}
    form = AgreementForm(request.POST or None, request.FILES or None, initial=initial)

    def save(form: AgreementForm) -> Agreement:
        document = form.cleaned_data.get("document")
        if agreement is None:
            return services.agreement_create(actor=actor, partner=partner, data=form.service_data(), document=document)
        services.agreement_update(actor=actor, agreement=agreement, data=form.service_data(), document=document)
        return agreement

    return form_page(
        request,
        form,
        save=save,
        success=lambda saved: _("Agreement %(number)s was saved.") % {"number": saved.number},
        done=lambda saved: redirect("partners:detail", pk=partner.pk),
        template="partners/agreement_form.html",
        context={"partner": partner, "agreement": agreement},
    )


@page
@require_http_methods(["GET", "POST"])
def agreement_create(request: AuthedRequest, pk: int) -> HttpResponse:
    actor = _manager(request)
    return _agreement_form_page(request, access.get_partner_for_user(actor, pk), None)


@page
@require_http_methods(["GET", "POST"])
def agreement_edit(request: AuthedRequest, pk: int) -> HttpResponse:
    actor = _manager(request)
    agreement = access.get_agreement_for_user(actor, pk)
    return _agreement_form_page(request, agreement.partner, agreement)


@page
def agreement_document(request: AuthedRequest, pk: int) -> FileResponse:
    """The signed agreement, served through the scope check (media URLs are not access-controlled)."""
    actor = _member(request)
    agreement = access.get_agreement_for_user(actor, pk)  # 404 for readers without agreement access
    if not agreement.document:
        raise NotFound(_("Agreement %(number)s has no document yet.") % {"number": agreement.number})
    filename = (agreement.document.name or "").rsplit("/", 1)[-1]
    response = FileResponse(agreement.document.open("rb"), filename=filename, content_type="application/pdf")
    response["X-Content-Type-Options"] = "nosniff"
    return response


@page
@require_POST
def agreement_terminate(request: AuthedRequest, pk: int) -> HttpResponse:
    actor = _manager(request)
    agreement = access.get_agreement_for_user(actor, pk)
    try:
        services.agreement_terminate(actor=actor, agreement=agreement, reason=request.POST.get("reason", "")[:500])
    except FORM_ERRORS as exc:
        messages.error(request, str(exc.message))
    else:
        action_notice(
            request, _("Agreement %(number)s was terminated.") % {"number": agreement.number}, level="warning"
        )
    return redirect("partners:detail", pk=agreement.partner_id)


# --- instructors ---------------------------------------------------------------------------


@page
def instructor_list(request: AuthedRequest) -> HttpResponse:
    actor = _member(request)
    search = request.GET.get("q", "").strip()[:100]
    context = {
        "page_obj": paginate(request, selectors.instructor_list(actor, search=search)),
        "q": search,
        "can_manage": can_manage_partners(actor),
    }
    return render(request, "partners/instructor_list.html", context)


@page
def instructor_detail(request: AuthedRequest, pk: int) -> HttpResponse:
    actor = _member(request)
    instructor = access.get_instructor_for_user(actor, pk)
    context = {
        "instructor": instructor,
        "show_contact": selectors.can_read_instructor_contacts(actor, instructor),
        "can_manage": can_manage_partners(actor),
        "extras": [x for section in hooks.instructor_sections if (x := section(actor, instructor)) is not None],
    }
    return render(request, "partners/instructor_detail.html", context)


def _instructor_form(request: HttpRequest, actor: Any, instructor: Instructor | None) -> InstructorForm:
    initial = None
    if instructor is not None:
        initial = {
            "kind": instructor.kind,
            "name": instructor.name,
            "employee_nip": instructor.employee.nip if instructor.employee else "",
            "partner": instructor.partner_id,
            "username": instructor.user.username if instructor.user else "",
            "email": instructor.email,
            "phone": instructor.phone,
            "expertise": instructor.expertise,
            "competencies": list(instructor.competencies.all()),
            "is_active": instructor.is_active,
        }
    return InstructorForm(
        request.POST or None,
        initial=initial,
        partners=access.partners_for(actor),
        competencies=competencies_for(actor).filter(is_active=True).order_by("kind", "order", "name"),
        employees=employees_for(actor),
        users=users_for(actor).filter(is_active=True),
    )


def _instructor_form_page(request: AuthedRequest, instructor: Instructor | None) -> HttpResponse:
    actor = _manager(request)
    form = _instructor_form(request, actor, instructor)

    def save(form: InstructorForm) -> Instructor:
        kwargs = form.service_kwargs()
        if instructor is None:
            return services.instructor_create(actor=actor, pemda=pemda_of(actor), **kwargs)
        services.instructor_update(
            actor=actor, instructor=instructor, is_active=form.cleaned_data["is_active"], **kwargs
        )
        return instructor

    return form_page(
        request,
        form,
        save=save,
        success=lambda saved: _("%(name)s was saved.") % {"name": saved.name},
        done=lambda saved: redirect("partners:instructor_detail", pk=saved.pk),
        template="partners/instructor_form.html",
        context={"instructor": instructor},
    )


@page
@require_http_methods(["GET", "POST"])
def instructor_create(request: AuthedRequest) -> HttpResponse:
    return _instructor_form_page(request, None)


@page
@require_http_methods(["GET", "POST"])
def instructor_edit(request: AuthedRequest, pk: int) -> HttpResponse:
    actor = _manager(request)
    return _instructor_form_page(request, access.get_instructor_for_user(actor, pk))


@page
def pick_instructors(request: AuthedRequest) -> HttpResponse:
    """An instructor picker's results (`bina.core.forms.SearchPicker`): the instructors the actor may
    name (`access.instructors_for`, active ones), by name or NIP, at most PICKER_LIMIT."""
    actor = request.actor
    require(actor.pemda_id is not None, _("Instructors belong to a Pemda; your account has none."))
    field = request.GET.get("field", "")
    field = field if FIELD_NAME.match(field) else "instructor"
    term = (request.GET.get(f"{field}__q") or request.GET.get("q") or "")[:100]
    chosen = set(request.GET.getlist(field))
    options = [
        o
        for o in instructor_options(access.instructors_for(actor).filter(is_active=True), term)
        if o.value not in chosen
    ]
    context = {
        "options": options,
        "name": field,
        "query": term,
        "input_type": "radio",
        "more": len(options) >= PICKER_LIMIT,
    }
    return render(request, "core/widgets/_picker_options.html", context)
