"""Public SKM pages: choose a unit, answer (phone first, no JavaScript needed), thanks.

No personal data is shown or asked beyond the regulation's anonymous profile. A ticket link (`?t=`) fixes
the unit, service and ticket; an answered ticket says so instead of asking again.
"""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.urls import reverse
from django.utils.translation import gettext as _

from bina.core.errors import Conflict, NotFound, ValidationFailed
from bina.core.public import PublicVisit, public_page, render_public
from bina.skm import access, services, tickets
from bina.skm.forms import SERVICE_FIELD, TICKET_FIELD, SkmForm


def _noindex(response: HttpResponse) -> HttpResponse:
    response["X-Robots-Tag"] = "noindex"
    return response


@public_page
def skm_start(request: HttpRequest, visit: PublicVisit) -> HttpResponse:
    """`/p/<slug>/skm/`: the service units whose counters carry the poster."""
    units = access.public_units(visit.actor)
    return _noindex(render_public(request, visit, "skm/public/start.html", {"units": units}))


@public_page
def skm_form(request: HttpRequest, visit: PublicVisit, unit_code: str) -> HttpResponse:
    """`/p/<slug>/skm/<unit>/[?layanan=KODE][&t=TOKEN]`: the questionnaire; POST stores one response."""
    unit = access.public_unit(visit.actor, unit_code)
    version = access.public_version(visit.actor)
    services_list = access.public_service_list(visit.actor)
    service_choices = [(s.code, s.name) for s in services_list]
    data = request.POST if request.method == "POST" else request.GET
    token = str(data.get(TICKET_FIELD, "") or "")[:500]
    ticket = tickets.ticket_read(token) if token else None
    if ticket is not None and ticket.unit_code != unit.code:
        raise NotFound(_("This survey link belongs to another unit."))
    fixed = ticket.service_code if ticket else str(request.GET.get(SERVICE_FIELD, "") or "")
    if fixed and fixed not in dict(service_choices):
        fixed = ""
    questions = access.public_questions(version)
    context = {"unit": unit, "service_name": dict(service_choices).get(fixed, ""), "ticket": ticket}
    if ticket is not None and services.skm_ticket_answered(
        actor=visit.actor, version=version, once_key=ticket.once_key
    ):
        return _noindex(render_public(request, visit, "skm/public/answered.html", context))
    if request.method != "POST":
        form = SkmForm(
            initial={TICKET_FIELD: token}, questions=questions, services=service_choices, fixed_service=fixed
        )
        return _noindex(render_public(request, visit, "skm/public/form.html", {**context, "form": form}))
    form = SkmForm(request.POST, questions=questions, services=service_choices, fixed_service=fixed)
    status = 422
    if form.is_valid():
        code = fixed or form.cleaned_data.get(SERVICE_FIELD, "")
        service = next((s for s in services_list if s.code == code), None)
        try:
            services.skm_response_submit(
                actor=visit.actor,
                version=version,
                unit=unit,
                service=service,
                values=form.values(),
                once_key=ticket.once_key if ticket else "",
                channel="ticket" if ticket else "web",
                questions=questions,
            )
        except Conflict:
            return _noindex(render_public(request, visit, "skm/public/answered.html", context, status=409))
        except ValidationFailed as exc:
            form.add_error(None, str(exc.message))
            for detail in exc.details:
                if detail.get("field") in form.fields:
                    form.add_error(detail["field"], str(detail["message"]))
        else:
            return HttpResponseRedirect(
                reverse("public:skm:thanks", kwargs={"pemda_slug": visit.pemda.slug, "unit_code": unit.code})
            )
    return _noindex(render_public(request, visit, "skm/public/form.html", {**context, "form": form}, status=status))


@public_page
def skm_thanks(request: HttpRequest, visit: PublicVisit, unit_code: str) -> HttpResponse:
    unit = access.public_unit(visit.actor, unit_code)
    return _noindex(render_public(request, visit, "skm/public/thanks.html", {"unit": unit}))
