"""The impact page in real Chromium at 390x844 and 1366x900 (Bahasa Indonesia): a leader's question is
estimated in the background and answered in one sentence with the event-study chart, without sideways
scrolling; then the chain of a kelurahan. Screenshots go to var/screenshots/."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from django.conf import settings
from playwright.sync_api import expect

from bina.analytics.tests.test_impact import seed
from bina.quality.tests.test_quality_browser import _log_in, _no_sideways_scroll

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
SHOTS = Path(settings.BASE_DIR) / "var" / "screenshots"
QUESTION = "service=T-KTP&metric=process&level=officer&training=T-KOM&start=2025-01&end=2026-02&threshold=0.5"


def test_an_admin_asks_and_reads_the_answer_then_the_chain(browser_page, world, password):
    page = browser_page
    seed(world)
    _log_in(page, world.users["admin"].username, password)
    page.goto(f"/analytics/impact/?{QUESTION}")
    # The test settings run tasks inline: the POST answers once the estimate is made (pyfixest warms up first).
    page.get_by_role("button", name="Hitung sekarang").click(timeout=120_000)
    headline = page.locator(".headline")
    expect(headline).to_contain_text(
        "Setelah pelatihan, waktu proses T-KTP oleh petugas yang dilatih turun", timeout=60_000
    )
    expect(headline).to_contain_text("interval 95%")
    expect(page.locator("svg[role=img]").first).to_be_visible()
    _no_sideways_scroll(page)
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / f"impact-admin-{page.viewport_name}.png"), full_page=True)
    page.get_by_role("link", name=re.compile("rantai per kelurahan", re.I)).click()
    expect(page.get_by_role("heading", name=re.compile("dari pelatihan ke warga", re.I))).to_be_visible()
    assert page.locator("svg[role=img]").count() >= 4
    _no_sideways_scroll(page)
    page.screenshot(path=str(SHOTS / f"chain-admin-{page.viewport_name}.png"), full_page=True)
