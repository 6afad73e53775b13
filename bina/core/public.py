"""Public pages: a Pemda's pages for visitors without an account, under `/p/<pemda-slug>/…`.

The tenant comes from the URL, not from a log-in. `public_page` resolves the Pemda by its slug (404 for an
unknown or inactive Pemda), builds `Actor.public` and hands the view a `PublicVisit`. The view reads only
through public selectors, which take that actor and read `actor.public_pemda_id`; every access function
written for members answers nothing for it (see `Actor.public`, and the test
`bina/core/tests/test_public.py::test_public_actor_reads_nothing_through_member_access_functions`).

Rules every public page follows:
- no personal data beyond what the paper itself shows (the certificate check: the holder's name masked);
- never cached: every answer carries `Cache-Control: no-store, private`, so no shared cache keeps a page
  that showed a name (nor the header of a staff member who visits while logged in);
- each app registers its pages with `register_public_page` in its `AppConfig.ready`: the Pemda's landing
  page `/p/<slug>/` links to them and `bina.core.urls_public` mounts the app's URL module at
  `/p/<slug>/<key>/`, so adding a public page edits no other app (example: `bina.certificates`).

Rate limiting is not done here: the pages are cheap indexed reads, and the reverse proxy in front of Bina
limits requests per client address on `/p/`, `/verify/` and `/api/v1/certificates/verify/`
(docs/architecture.md, "How to add a public page").
"""

from __future__ import annotations

import hashlib
import hmac
from collections.abc import Callable
from dataclasses import dataclass
from functools import wraps
from typing import Any, Concatenate, ParamSpec

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.http import HttpRequest, HttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import render
from django.urls import URLPattern, URLResolver, include, path, reverse
from django.utils import translation
from django.utils.cache import add_never_cache_headers
from django.utils.functional import Promise
from django.utils.translation import gettext as _

from bina.core.actor import Actor
from bina.core.audit import client_ip
from bina.core.errors import BinaError, NotFound
from bina.core.models import Pemda

P = ParamSpec("P")

# No figure shown to a visitor or a leader rests on fewer people than this (a cell of 1-4 could name someone).
MIN_CELL_PEOPLE = 5


@dataclass(frozen=True)
class PublicPage:
    """A public service an app offers on every Pemda's public site.

    `key` is both the URL prefix (`/p/<slug>/<key>/`) and the URL namespace (`public:<key>:<name>`);
    `urls` names the app's URL module; `entry` is the URL name (inside that module) the landing page links
    to. `available(pemda)` may hide the page for a Pemda that does not offer it (default: every Pemda).
    """

    key: str
    urls: str
    entry: str
    title: str | Promise
    description: str | Promise
    order: int = 100
    available: Callable[[Pemda], bool] | None = None


@dataclass(frozen=True)
class PublicLink:
    title: str | Promise
    description: str | Promise
    url: str


@dataclass(frozen=True)
class PublicVisit:
    """What a public view is handed: the Pemda of the URL and the visitor's actor (no member of it)."""

    pemda: Pemda
    actor: Actor


_pages: dict[str, PublicPage] = {}


def register_public_page(page: PublicPage) -> None:
    """Offer a page on every Pemda's public site; call it from the app's `AppConfig.ready`."""
    known = _pages.get(page.key)
    if known is not None and known != page:
        raise ImproperlyConfigured(f"Two public pages use the key {page.key!r}: {known.urls} and {page.urls}.")
    _pages[page.key] = page


def registered_public_pages() -> list[PublicPage]:
    return sorted(_pages.values(), key=lambda page: (page.order, page.key))


def public_page_urls() -> list[URLPattern | URLResolver]:
    """Every registered app's URL module, each under its key (mounted by `bina.core.urls_public`)."""
    return [path(f"{page.key}/", include((page.urls, page.key))) for page in registered_public_pages()]


def public_url(pemda: Pemda, name: str, **kwargs: Any) -> str:
    """`public_url(pemda, "verify:certificate", number=...)` → `/p/<slug>/verify/<number>/`."""
    return reverse(f"public:{name}", kwargs={"pemda_slug": pemda.slug, **kwargs})


def public_links_for(pemda: Pemda) -> list[PublicLink]:
    """The landing page's list: the public services this Pemda offers."""
    return [
        PublicLink(title=page.title, description=page.description, url=public_url(pemda, f"{page.key}:{page.entry}"))
        for page in registered_public_pages()
        if page.available is None or page.available(pemda)
    ]


def pemda_for_public_slug(slug: str) -> Pemda:
    """The Pemda of a public URL; unknown and inactive Pemda alike answer 404."""
    pemda = Pemda.objects.filter(slug=slug, is_active=True).first()
    if pemda is None:
        raise NotFound(_("No Pemda with the address %(slug)s offers public pages on Bina.") % {"slug": slug})
    return pemda


def address_key(ip: str | None, scope: str) -> str:
    """A keyed hash of a visitor's address within `scope` (e.g. `skm:<pemda id>`): the one way public forms
    count submissions per address. Enough to count, useless to find the person: the address is never stored."""
    if not ip:
        return ""
    return hmac.new(settings.SECRET_KEY.encode(), f"{scope}:{ip}".encode(), hashlib.sha256).hexdigest()[:32]


def public_actor(request: HttpRequest, pemda: Pemda) -> Actor:
    return Actor.public(pemda.pk, ip=client_ip(request), language=translation.get_language() or "id")


def public_page(
    view: Callable[Concatenate[HttpRequest, PublicVisit, P], HttpResponseBase],
) -> Callable[..., HttpResponseBase]:
    """The one way a public view is written: `@public_page def v(request, visit, **url_kwargs)`.

    No log-in. The Pemda comes from the URL's `pemda_slug`; `request.actor` is replaced by the public actor
    too, so nothing on the page (context processors, template tags) reads with a logged-in staff member's
    scope. A `BinaError` becomes the public error page. Answers are never cached.
    """

    @wraps(view)
    def wrapper(request: HttpRequest, pemda_slug: str, *args: P.args, **kwargs: P.kwargs) -> HttpResponseBase:
        visit: PublicVisit | None = None
        try:
            pemda = pemda_for_public_slug(pemda_slug)
            visit = PublicVisit(pemda=pemda, actor=public_actor(request, pemda))
            setattr(request, "actor", visit.actor)  # noqa: B010 (request.actor is declared by the middleware)
            response = view(request, visit, *args, **kwargs)
        except BinaError as exc:
            response = public_error_response(request, visit, exc)
        add_never_cache_headers(response)
        return response

    wrapper.bina_public = True  # type: ignore[attr-defined]  # read by the URL sweep: public by design
    return wrapper


def render_public(
    request: HttpRequest,
    visit: PublicVisit | None,
    template: str,
    context: dict[str, Any] | None = None,
    *,
    status: int = 200,
) -> HttpResponse:
    """Render a public page; templates extend `core/public/base.html`, which shows the Pemda's name."""
    return render(
        request, template, {"visit": visit, "pemda": visit.pemda if visit else None, **(context or {})}, status=status
    )


def public_error_response(request: HttpRequest, visit: PublicVisit | None, exc: BinaError) -> HttpResponse:
    titles = {404: _("Not found"), 403: _("Not allowed"), 422: _("Please check your input")}
    return render_public(
        request,
        visit,
        "core/public/error.html",
        {"title": titles.get(exc.status, _("Something went wrong")), "error": exc},
        status=exc.status,
    )
