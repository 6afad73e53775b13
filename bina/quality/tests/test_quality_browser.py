"""The quality pages in real Chromium at 390x844 and 1366x900 (Bahasa Indonesia): the unit figures page and
the catalogue and holiday calendar read without sideways scrolling; screenshots go to var/screenshots/."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from django.conf import settings
from django.urls import reverse
from playwright.sync_api import Page, expect

from bina.quality.tests.conftest import load_defaults
from bina.quality.tests.test_figures_pages import PERIOD
from bina.quality.tests.test_figures_pages import records as records

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
SHOTS = Path(settings.BASE_DIR) / "var" / "screenshots"


def _log_in(page: Page, username: str, password: str) -> None:
    page.goto(reverse("accounts:login"))
    page.get_by_label(re.compile("NIP")).fill(username)
    page.get_by_label(re.compile("sandi", re.I)).fill(password)
    page.get_by_role("button", name=re.compile("masuk", re.I)).click()
    page.wait_for_url(re.compile(re.escape(reverse("shell:home")) + r"$"))


def _no_sideways_scroll(page: Page) -> None:
    overflow = page.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth")
    assert overflow <= 1, overflow


def _shot(page: Page, name: str) -> None:
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / f"{name}-{page.viewport_name}.png"), full_page=True)


@pytest.mark.parametrize("persona", ["admin", "leader"])
@pytest.mark.viewports("phone", "desktop")
def test_unit_figures_page_on_a_phone_and_a_desktop(browser_page, records, password, persona):
    page = browser_page
    load_defaults(records.pemda.pk)
    _log_in(page, records.users[persona].username, password)
    page.goto(f"{reverse('quality:figures')}?unit={records.units['kec_a'].code}&{PERIOD}")
    expect(page.get_by_role("heading", name=re.compile("Angka layanan"))).to_be_visible()
    expect(page.locator("svg[role=img]").first).to_be_visible()
    expect(page.get_by_role("link", name="Kelurahan Alfa Satu").first).to_be_visible()
    _no_sideways_scroll(page)
    _shot(page, f"figures-{persona}")
    page.goto(reverse("quality:service_types"))
    expect(page.get_by_text("30 menit").first).to_be_visible()
    _no_sideways_scroll(page)
    _shot(page, f"catalogue-{persona}")
    page.goto(f"{reverse('quality:holidays')}?year=2026")
    expect(page.get_by_text("Hari Kemerdekaan Republik Indonesia")).to_be_visible()
    _no_sideways_scroll(page)
    _shot(page, f"holidays-{persona}")
