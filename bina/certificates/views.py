"""Certificate pages: list and detail (scoped), PDF download, revoke, batch progress, settings; and
the public check under the Pemda's public site (`/p/<slug>/verify/`: no login, `noindex`, never cached,
same page shape whether the number exists or not), with the old `/verify/<number>/` redirecting there.
"""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpRequest, HttpResponse, HttpResponsePermanentRedirect
from django.http.response import HttpResponseBase
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.cache import add_never_cache_headers
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from bina.certificates import access, selectors, services
from bina.certificates.forms import CertificateFilterForm, CertificateSettingsForm, RevokeForm, VerifyForm
from bina.certificates.permissions import can_edit_certificate_settings, can_revoke_certificate
from bina.core.confirm import confirm_page, is_confirmed
from bina.core.http import AuthedRequest
from bina.core.notices import action_notice
from bina.core.public import PublicVisit, public_page, render_public
from bina.core.selectors import pemda_of
from bina.core.views import FORM_ERRORS, add_service_error, form_page, page, paginate, require
from bina.reports.responses import download_response
from bina.training.facade import get_class_for_user


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
    if form.is_valid() and not cert.revoked_at and not is_confirmed(request):
        back = reverse("certificates:detail", args=[cert.pk])
        return confirm_page(request, selectors.certificate_revoke_confirmation(cert), back_url=back)
    if form.is_valid():
        try:
            services.certificate_revoke(actor=actor, certificate=cert, reason=form.cleaned_data["reason"])
        except FORM_ERRORS as exc:
            add_service_error(form, exc)
            status = exc.status
        else:
            # The holder loses a certificate: told as a warning, never in the success colour.
            action_notice(request, _("Certificate %(number)s was revoked.") % {"number": cert.number}, level="warning")
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


# --- public: the certificate check (no login; the Pemda comes from the URL) --------------------------


def _verify_page(
    request: HttpRequest,
    visit: PublicVisit | None,
    *,
    form: VerifyForm | None,
    number: str,
    info: selectors.PublicCertificate | None,
    status: int,
    from_qr: bool = False,
) -> HttpResponse:
    response = render_public(
        request,
        visit,
        "certificates/verify.html",
        {"form": form, "number": number, "info": info, "from_qr": from_qr},
        status=status,
    )
    return _verify_headers(response)


def _verify_headers(response: HttpResponse) -> HttpResponse:
    response["X-Robots-Tag"] = "noindex, nofollow"
    response["Referrer-Policy"] = "no-referrer"  # the key in the URL must not leak to linked sites
    return response


@public_page
def verify_search(request: HttpRequest, visit: PublicVisit) -> HttpResponse:
    """`/p/<slug>/verify/?number=…`: type a number, see whether this Pemda issued it (404 when it did not)."""
    # Bound only once a number was sent: other query parameters (a stray `k`, tracking tags) show the empty box.
    form = VerifyForm(request.GET if "number" in request.GET else None)
    number = form.number_or_empty()
    info = selectors.certificate_public_for(visit.actor, number) if number else None
    status = 422 if form.is_bound and not form.is_valid() else 404 if number and info is None else 200
    return _verify_page(request, visit, form=form, number=number, info=info, status=status)


@public_page
def verify_certificate(request: HttpRequest, visit: PublicVisit, number: str) -> HttpResponse:
    """`/p/<slug>/verify/<number>/?k=…`: what the QR code opens. With the key, the holder's full name."""
    info = selectors.certificate_public_for(visit.actor, number, request.GET.get("k"))
    form = VerifyForm()
    return _verify_page(request, visit, form=form, number=number, info=info, status=200 if info else 404, from_qr=True)


def verify_certificate_legacy(request: HttpRequest, number: str) -> HttpResponse:
    """`/verify/<number>/`, printed in the QR codes of certificates issued before public pages had a Pemda.

    Redirects permanently to the Pemda's page (the number names the Pemda), the key kept; an unknown number
    answers the same "not found" page as before, there being no Pemda to send it to.
    """
    slug = selectors.certificate_pemda_slug(number)
    if slug is None:
        response = _verify_page(request, None, form=None, number=number, info=None, status=404)
        add_never_cache_headers(response)
        return response
    target = reverse("public:verify:certificate", kwargs={"pemda_slug": slug, "number": number})
    query = request.GET.urlencode()
    return _verify_headers(HttpResponsePermanentRedirect(f"{target}?{query}" if query else target))
