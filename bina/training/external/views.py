"""External learning pages: claim with evidence, list, review."""

from __future__ import annotations

from django.http import FileResponse, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from bina.core.confirm import confirm_page, is_confirmed
from bina.core.http import AuthedRequest
from bina.core.notices import Level
from bina.core.views import form_page, page, paginate, require
from bina.training import permissions
from bina.training.access import get_external_for_user
from bina.training.external import services as external_services
from bina.training.external.forms import ExternalLearningForm, ExternalReviewForm
from bina.training.external.models import ExternalStatus
from bina.training.learning import selectors as sel
from bina.training.learning.views import _actor


@page
def external_list(request: AuthedRequest) -> HttpResponse:
    actor = _actor(request)
    items = sel.my_external(actor)
    return render(
        request,
        "training/learning/external_list.html",
        {
            "items": paginate(request, items),
            "can_review": permissions.can_review_external(actor),
        },
    )


@page
@require_http_methods(["GET", "POST"])
def external_create(request: AuthedRequest) -> HttpResponse:
    actor = _actor(request)
    require(
        permissions.can_submit_external(actor), _("Only an ASN with an employee record can submit external learning.")
    )
    form = ExternalLearningForm(request.POST or None, request.FILES or None)
    return form_page(
        request,
        form,
        save=lambda form: external_services.external_submit(actor=actor, **form.cleaned_data),
        success=_("Your external learning was submitted for review."),
        done=lambda _result: redirect("training:external_list"),
        template="training/learning/external_form.html",
    )


@page
def external_review(request: AuthedRequest) -> HttpResponse:
    actor = _actor(request)
    require(permissions.can_review_external(actor), _("Only a BKPSDM admin reviews external learning."))
    return render(
        request,
        "training/learning/external_review.html",
        {"items": paginate(request, sel.external_review_queue(actor))},
    )


@page
@require_http_methods(["GET", "POST"])
def external_detail(request: AuthedRequest, pk: int) -> HttpResponse:
    actor = _actor(request)
    item = get_external_for_user(actor, pk)
    can_review = permissions.can_review_external(actor) and item.status == ExternalStatus.SUBMITTED
    form = ExternalReviewForm(request.POST or None, initial={"jp_approved": item.jp_claimed})
    if request.method == "POST":
        require(permissions.can_review_external(actor), _("Only a BKPSDM admin reviews external learning."))
        rejecting = can_review and form.is_valid() and form.cleaned_data["decision"] == "reject"
        if rejecting and not is_confirmed(request):
            back = reverse("training:external_detail", args=[item.pk])
            return confirm_page(request, sel.external_reject_confirmation(item), back_url=back)

    def save(form: ExternalReviewForm) -> tuple[str, Level]:
        """Record the decision; the success message depends on it."""
        data = form.cleaned_data
        if data["decision"] == "approve":
            external_services.external_approve(
                actor=actor, item=item, jp_approved=data["jp_approved"], note=data["note"]
            )
            return _("The claim was approved and its JP credited."), "success"
        external_services.external_reject(actor=actor, item=item, note=data["note"])
        return _("The claim was rejected."), "warning"  # the claimant loses the JP they asked for

    return form_page(
        request,
        form,
        save=save,
        success=lambda outcome: outcome[0],
        level=lambda outcome: outcome[1],
        done=lambda _outcome: redirect("training:external_review"),
        template="training/learning/external_detail.html",
        context={"item": item, "can_review": can_review},
    )


@page
def external_file(request: AuthedRequest, pk: int) -> FileResponse:
    """The uploaded certificate, for the claimant and the reviewing admin only (scoped like the claim)."""
    item = get_external_for_user(_actor(request), pk)
    name = (item.certificate_file.name or "").rsplit("/", 1)[-1]
    return FileResponse(item.certificate_file.open("rb"), as_attachment=False, filename=name)
