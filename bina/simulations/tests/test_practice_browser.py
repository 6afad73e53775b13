"""The one browser journey of simulations: a branching practice on a phone, logged in as the participant."""

from __future__ import annotations

import pytest
from django.conf import settings
from playwright.sync_api import expect

from bina.simulations.factories import library
from bina.simulations.models import PracticeChoice
from bina.tests.crawl import log_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_participant_practises_a_scenario_on_a_phone(browser_page, live_server, world, password):
    scenario = library(world.pemda)["KTP-DITOLAK"]
    page = browser_page
    page.context.add_cookies([{"name": settings.LANGUAGE_COOKIE_NAME, "value": "en", "url": live_server.url}])
    log_in(page, world.users["participant"].username, password)
    page.goto(f"/simulations/skenario/{scenario.pk}/")
    page.get_by_role("button", name="Start the branching practice").click()
    expect(page.get_by_text("Ini sudah ketiga kalinya saya datang!")).to_be_visible()
    page.get_by_role("button", name="Diam saja dan memanggil satpam.").click()
    # a poor start branches on the running score to the tense step
    expect(page.get_by_text("Saya viralkan saja biar semua tahu pelayanan di sini!")).to_be_visible()
    page.get_by_role("button", name="Silakan Pak, itu hak Bapak.", exact=False).click()
    page.get_by_role("button", name="Menyebut waktu sesuai standar pelayanan", exact=False).click()
    expect(page.get_by_text("Practice complete")).to_be_visible()
    overflow = page.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth")
    assert overflow <= 1, overflow
    assert list(PracticeChoice.objects.order_by("seq").values_list("step_key", "choice_key")) == [
        ("s1", "c"), ("s2_tegang", "a"), ("s3", "a")
    ]  # fmt: skip
