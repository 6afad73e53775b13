"""The portal's open data as JSON: `GET /api/v1/public/{pemda_slug}/portal` (no account).

The same tables as the CSV/XLSX downloads, of the published sections only; a cell about fewer than 5 people
is the string `"<5"`. 404 for an unknown Pemda, and when the Pemda does not publish open data.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja import Router, Schema

from bina.core.api import ErrorOut
from bina.core.errors import NotFound
from bina.core.public import pemda_for_public_slug, public_actor
from bina.portal import access, selectors

router = Router(tags=["portal"])


class TableOut(Schema):
    key: str
    section: str
    title: str
    header: list[str]
    rows: list[list[Any]]


class PortalOut(Schema):
    pemda: str
    start: date
    end: date
    published: list[str]
    tables: list[TableOut]


@router.get(
    "/public/{pemda_slug}/portal",
    response={200: PortalOut, 404: ErrorOut},
    auth=None,
    summary='Public: the transparency portal\'s aggregate tables (no login; cells under 5 people are "<5")',
)
def public_portal(request: HttpRequest, pemda_slug: str) -> PortalOut:
    pemda = pemda_for_public_slug(pemda_slug)
    actor = public_actor(request, pemda)
    published = access.public_publication(actor).published()
    data = selectors.portal_data(actor)
    if "open_data" not in published or data is None:
        raise NotFound(_("This Pemda does not publish open data."))
    tables = selectors.open_data_tables(data, published)
    return PortalOut(
        pemda=pemda.slug,
        start=data.start,
        end=data.end,
        published=published,
        tables=[TableOut(key=t.key, section=t.section, title=t.title, header=t.header, rows=t.rows) for t in tables],
    )
