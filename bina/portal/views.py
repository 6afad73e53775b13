"""The transparency portal `/p/<slug>/transparansi/…` (public, no account) and the admin's publication page."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest, HttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from bina.core.errors import NotFound
from bina.core.http import AuthedRequest
from bina.core.models import Pemda
from bina.core.notices import action_notice
from bina.core.public import PublicVisit, public_links_for, public_page, public_url, render_public
from bina.core.views import page, require
from bina.evaluation.selectors import portal_testimonies
from bina.portal import access, permissions, selectors, services
from bina.portal.downloads import table_response
from bina.portal.forms import PublicationForm
from bina.portal.models import SECTION_KEYS, SECTIONS

# The sub-pages: URL segment -> section key.
PAGES = {"pelatihan": "programme", "ikm": "ikm", "layanan": "service", "pengaduan": "complaints", "dampak": "impact"}
SEGMENT = {section: segment for segment, section in PAGES.items()}


def _context(visit: PublicVisit) -> dict[str, Any]:
    publication = access.public_publication(visit.actor)
    published = publication.published()
    data = selectors.portal_data(visit.actor) if published else None
    sections = [(key, label, SEGMENT.get(key, "data")) for key, label in SECTIONS if key in published]
    other = [link for link in public_links_for(visit.pemda) if "/transparansi/" not in link.url]
    return {"data": data, "published": published, "sections": sections, "services": other}


@public_page
@require_GET
def summary(request: HttpRequest, visit: PublicVisit) -> HttpResponseBase:
    """`/p/<slug>/transparansi/`: the headline of each published section, each linking to its page, and the
    participants' testimonies the admin approved and their authors agreed to publish (evaluation's selector)."""
    context = {**_context(visit), "testimonies": portal_testimonies(visit.actor)}
    return render_public(request, visit, "portal/summary.html", context)


@public_page
@require_GET
def section(request: HttpRequest, visit: PublicVisit, segment: str) -> HttpResponseBase:
    """One published section in full (tables and charts); an unpublished one is not found."""
    key = PAGES.get(segment)
    context = _context(visit)
    if key is None or key not in context["published"]:
        raise NotFound(_("This Pemda does not publish this page."))
    context["section"] = key
    context["title"] = dict(SECTIONS)[key]
    context["tables"] = (
        [t for t in selectors.open_data_tables(context["data"], context["published"]) if t.section == key]
        if "open_data" in context["published"]
        else []
    )
    return render_public(request, visit, f"portal/{key}.html", context)


@public_page
@require_GET
def open_data(request: HttpRequest, visit: PublicVisit) -> HttpResponseBase:
    """`/p/<slug>/transparansi/data/`: every published table as CSV and XLSX."""
    context = _context(visit)
    if "open_data" not in context["published"]:
        raise NotFound(_("This Pemda does not publish open data."))
    context["tables"] = selectors.open_data_tables(context["data"], context["published"])
    return render_public(request, visit, "portal/open_data.html", context)


@public_page
@require_GET
def download(request: HttpRequest, visit: PublicVisit, table: str, fmt: str) -> HttpResponseBase:
    """One published table as a file (`<5` where a cell is withheld)."""
    context = _context(visit)
    if "open_data" not in context["published"]:
        raise NotFound(_("This Pemda does not publish open data."))
    found = [t for t in selectors.open_data_tables(context["data"], context["published"]) if t.key == table]
    if not found or fmt not in ("csv", "xlsx"):
        raise NotFound(_("No such table is published."))
    return table_response(found[0], fmt=fmt, pemda_slug=visit.pemda.slug)


@page
@require_http_methods(["GET", "POST"])
def publication(request: AuthedRequest) -> HttpResponse:
    """The admin chooses which sections the portal publishes (`/portal/publication/`)."""
    actor = request.actor
    require(
        permissions.can_manage_publication(actor),
        _("Only the Pemda's admin chooses what the transparency portal publishes."),
    )
    current = access.publication_of(actor.pemda_id or 0)
    form = PublicationForm(request.POST or None, initial={key: getattr(current, key) for key in SECTION_KEYS})
    status = 200
    if request.method == "POST":
        if form.is_valid():
            services.publication_update(actor=actor, data=form.cleaned_data)
            action_notice(request, _("The choice of what the portal publishes was saved."))
            return redirect(reverse("portal:publication"))
        status = 422
    pemda = Pemda.objects.filter(pk=actor.pemda_id or 0).first()
    portal = public_url(pemda, "transparansi:summary") if pemda is not None else ""
    return render(request, "portal/publication.html", {"form": form, "portal_url": portal}, status=status)
