"""The transparency portal in real Chromium, on a phone (390x844): a visitor
without an account goes from the Pemda's landing page to the portal and each published section, charts
and tables fit the screen, and the open data downloads. Screenshots:
`BINA_SCREENSHOTS=/tmp/shots pytest -m browser bina/portal`."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from playwright.sync_api import Page, expect

from bina.portal.models import SECTION_KEYS
from bina.portal.services import publication_update

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def shot(page: Page, name: str) -> None:
    folder = os.environ.get("BINA_SCREENSHOTS")
    if folder:
        Path(folder).mkdir(parents=True, exist_ok=True)
        page.screenshot(path=f"{folder}/portal-{name}-{page.viewport_name}.png", full_page=True)


def no_sideways_scroll(page: Page) -> None:
    overflow = page.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth")
    assert overflow <= 1, overflow


def test_a_visitor_reads_the_portal_on_a_phone(browser_page, portal_world):
    publication_update(actor=portal_world.actor("admin"), data=dict.fromkeys(SECTION_KEYS, True))
    page = browser_page
    base = f"/p/{portal_world.pemda.slug}/transparansi/"
    page.goto(f"/p/{portal_world.pemda.slug}/")
    page.locator(f'a[href="{base}"]').first.click()
    expect(page.get_by_role("heading", level=1)).to_be_visible()
    expect(page.locator("#h-programme")).to_be_visible()
    no_sideways_scroll(page)
    shot(page, "summary")
    for segment, chart in (
        ("pelatihan", True),
        ("ikm", True),
        ("layanan", False),
        ("pengaduan", False),
        ("dampak", False),
    ):
        page.goto(f"{base}{segment}/")
        expect(page.get_by_role("heading", level=1)).to_be_visible()
        if chart:
            expect(page.locator("svg[role=img]").first).to_be_visible()
        no_sideways_scroll(page)
        shot(page, segment)
    page.goto(f"{base}data/")
    no_sideways_scroll(page)
    with page.expect_download() as download:
        page.locator(f'a[href="{base}data/ikm.csv"]').click()
    assert download.value.suggested_filename == f"{portal_world.pemda.slug}-ikm.csv"
