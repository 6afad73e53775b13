"""A Pemda's public landing page (`/p/<slug>/`): its name and the public services it offers."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse

from bina.core.public import PublicVisit, public_links_for, public_page, render_public


@public_page
def pemda_home(request: HttpRequest, visit: PublicVisit) -> HttpResponse:
    return render_public(request, visit, "core/public/home.html", {"links": public_links_for(visit.pemda)})
