"""The participation page in real Chromium at 390x844 and 1366x900: no sideways scroll, the group and its
share on screen in each stacked card, and the admin's way to the people behind a group."""

from __future__ import annotations

import re
from datetime import date
from decimal import Decimal

import pytest
from django.conf import settings
from django.urls import reverse
from playwright.sync_api import Page, expect

from bina.people.factories import EmployeeFactory
from bina.training.learning.models import JpCredit, JpSource

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _log_in(page: Page, live_server, username: str, password: str) -> None:
    page.context.add_cookies([{"name": settings.LANGUAGE_COOKIE_NAME, "value": "en", "url": live_server.url}])
    page.goto(reverse("accounts:login"))
    page.get_by_label(re.compile("NIP")).fill(username)
    page.get_by_label(re.compile("password", re.I)).fill(password)
    page.get_by_role("button", name=re.compile("log in", re.I)).click()
    page.wait_for_url(re.compile(re.escape(reverse("shell:home")) + r"$"))


def test_the_admin_reads_the_table_and_opens_a_group(browser_page, live_server, world, password):
    page = browser_page
    for i in range(5):
        person = EmployeeFactory(pemda=world.pemda, unit=world.units["kel_a1"], name=f"Pelayan {i}")
        JpCredit.objects.create(
            pemda=world.pemda, employee=person, year=2026, jp=Decimal(8 * i), source=JpSource.CLASS,
            title="Pelatihan", credited_on=date(2026, 6, 1),
        )  # fmt: skip
    _log_in(page, live_server, world.users["admin"].username, password)
    page.goto(f"{reverse('participation:figures')}?dimension=unit&year=2026")
    expect(page.get_by_role("heading", name=re.compile("Participation in training 2026"))).to_be_visible()
    overflow = page.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth")
    assert overflow <= 1, overflow
    page.locator("#h-trained").scroll_into_view_if_needed()
    page.get_by_role("link", name="Kecamatan Alfa").first.click()
    expect(page.get_by_role("heading", name=re.compile("Kecamatan Alfa"))).to_be_visible()
    expect(page.get_by_text("Pelayan 4")).to_be_visible()
    overflow = page.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth")
    assert overflow <= 1, overflow
