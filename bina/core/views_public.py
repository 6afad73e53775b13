"""A Pemda's public landing page (`/p/<slug>/`): its name, emblem and the public services it offers."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.http.response import HttpResponseBase
from django.views.decorators.http import require_GET

from bina.core.emblem import emblem_response
from bina.core.public import PublicVisit, public_links_for, public_page, render_public


@public_page
def pemda_home(request: HttpRequest, visit: PublicVisit) -> HttpResponse:
    return render_public(request, visit, "core/public/home.html", {"links": public_links_for(visit.pemda)})


@require_GET
@public_page
def pemda_emblem(request: HttpRequest, visit: PublicVisit) -> HttpResponseBase:
    """The Pemda's emblem on its public pages (the letterhead's sign; no log-in)."""
    return emblem_response(visit.pemda)
