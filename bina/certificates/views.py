"""Certificate pages: list and detail (scoped), PDF download, revoke, batch progress, settings; and
the public verification page (no login, `noindex`, same page shape whether the number exists or not).
"""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from bina.certificates import access, selectors, services
from bina.certificates.forms import CertificateFilterForm, CertificateSettingsForm, RevokeForm
from bina.certificates.permissions import can_edit_certificate_settings, can_revoke_certificate
from bina.core.http import AuthedRequest
from bina.core.selectors import pemda_of
from bina.core.views import FORM_ERRORS, add_service_error, form_page, page, paginate, require
from bina.reports.responses import download_response
from bina.training.access import get_class_for_user


@page
def certificate_list(request: AuthedRequest) -> HttpResponse:
    actor = request.actor
    form = CertificateFilterForm(request.GET or None)
    qs = selectors.certificate_search(access.certificates_for(actor), **(form.filters() if form.is_bound else {}))
    return render(request, "certificates/list.html", {"form": form, "page_obj": paginate(request, qs)})


@page
def certificate_detail(request: AuthedRequest, pk: int) -> HttpResponse:
    actor = request.actor
    cert = access.get_certificate_for_user(actor, pk)
    return render(
        request,
        "certificates/detail.html",
        {"cert": cert, "can_revoke": can_revoke_certificate(actor, cert.pemda_id), "form": RevokeForm()},
    )


@page
def certificate_pdf(request: AuthedRequest, pk: int) -> HttpResponseBase:
    cert = access.get_certificate_for_user(request.actor, pk)
    # "BKPSDM/2026/0001" → sertifikat-BKPSDM-2026-0001.pdf
    return download_response(services.certificate_pdf_bytes(cert), filename=f"sertifikat-{cert.number}", fmt="pdf")


@page
@require_POST
def certificate_revoke(request: AuthedRequest, pk: int) -> HttpResponse:
    actor = request.actor
    cert = access.get_certificate_for_user(actor, pk)
    require(can_revoke_certificate(actor, cert.pemda_id), _("Only a BKPSDM admin can revoke a certificate."))
    form = RevokeForm(request.POST)
    status = 422
    if form.is_valid():
        try:
            services.certificate_revoke(actor=actor, certificate=cert, reason=form.cleaned_data["reason"])
        except FORM_ERRORS as exc:
            add_service_error(form, exc)
            status = exc.status
        else:
            messages.success(request, _("Certificate %(number)s was revoked.") % {"number": cert.number})
            return redirect("certificates:detail", pk=cert.pk)
    return render(request, "certificates/detail.html", {"cert": cert, "can_revoke": True, "form": form}, status=status)


@page
@require_POST
def batch_create(request: AuthedRequest, class_id: int) -> HttpResponse:
    actor = request.actor
    klass = get_class_for_user(actor, class_id)
    try:
        services.certificate_batch_create(actor=actor, klass=klass)
    except FORM_ERRORS as exc:
        messages.error(request, str(exc.message))
    else:
        messages.success(request, _("Certificates are being generated in the background."))
    return redirect("training:class_panel_page", pk=klass.pk)


@page
def batch_status(request: AuthedRequest, pk: int) -> HttpResponse:
    """Progress partial; htmx polls it every 2 s while the batch is queued or running."""
    batch = access.get_batch_for_user(request.actor, pk)
    return render(request, "certificates/partials/_batch.html", {"batch": batch})


@page
@require_http_methods(["GET", "POST"])
def certificate_settings(request: AuthedRequest) -> HttpResponse:
    actor = request.actor
    require(
        actor.pemda_id is not None and can_edit_certificate_settings(actor, actor.pemda_id),
        _("Only a BKPSDM admin can change the certificate settings."),
    )
    pemda = pemda_of(actor)
    current = services.certificate_settings_for(pemda)
    form = CertificateSettingsForm(request.POST or None, instance=current)
    return form_page(
        request,
        form,
        save=lambda form: services.certificate_settings_update(actor=actor, pemda=pemda, data=form.cleaned_data),
        success=_("The certificate settings were saved."),
        done=lambda _result: redirect("certificates:settings"),
        template="certificates/settings.html",
        context={"pemda": pemda},
    )


def verify_certificate(request: HttpRequest, number: str) -> HttpResponse:
    """Public: anyone holding the paper can check it. Not found answers 404 with the same page shape."""
    info = selectors.certificate_public(number, request.GET.get("k"))
    response = render(
        request, "certificates/verify.html", {"info": info, "number": number}, status=200 if info else 404
    )
    response["X-Robots-Tag"] = "noindex, nofollow"
    response["Referrer-Policy"] = "no-referrer"  # the key in the URL must not leak to linked sites
    return response
