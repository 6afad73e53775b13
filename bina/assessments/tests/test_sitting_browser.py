"""The participant takes the pre-test on a phone: every answer is autosaved (htmx) as it is given, the page
reloaded shows them, and the test is submitted after the confirmation. Real Chromium at 390x844."""

from __future__ import annotations

import re

import pytest
from django.conf import settings
from playwright.sync_api import expect

from bina.assessments import services
from bina.assessments.factories import build_setup
from bina.assessments.models import Answer, Sitting
from bina.assessments.services import TestsInput
from conftest import VIEWPORTS

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def phone(chromium_browser, live_server):
    context = chromium_browser.new_context(base_url=live_server.url, locale="id-ID", **VIEWPORTS["phone"])
    page = context.new_page()
    page.set_default_timeout(15_000)
    yield page
    context.close()


def test_participant_takes_the_pre_test_on_a_phone(phone, live_server, world, password) -> None:
    setup = build_setup(world, per_cell=2)
    blueprint = {(c.pk, "easy"): 1 for c in setup.competencies}
    created = services.tests_create(actor=world.actor("admin"), klass=setup.klass, data=TestsInput(blueprint, 20))
    page = phone
    page.context.add_cookies([{"name": settings.LANGUAGE_COOKIE_NAME, "value": "en", "url": live_server.url}])
    page.goto("/accounts/login/")
    page.locator("input[name=username]").fill(world.users["participant"].username)
    page.locator("input[name=password]").fill(password)
    page.locator("form:has(input[name=password]) [type=submit]").click()
    page.goto("/assessments/")
    page.get_by_role("button", name="Start the test").first.click()
    expect(page).to_have_url(re.compile(r"/assessments/sittings/\d+/$"))
    sitting = Sitting.objects.get(test__klass=setup.klass, status="in_progress")
    assert sitting.test_id in (created.pre.pk, created.post.pk)
    items = list(sitting.test.items.select_related("question").order_by("position"))
    for item in items:
        card = page.locator(f"#q{item.question_id}")
        card.get_by_label("Benar").check()  # the right choice of the factory's questions
        expect(card.locator(".saved")).to_be_visible()
    assert Answer.objects.filter(sitting=sitting).count() == len(items)
    page.reload()
    for item in items:
        expect(page.locator(f"#q{item.question_id}").get_by_label("Benar")).to_be_checked()
    overflow = page.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth")
    assert overflow <= 1, overflow
    page.get_by_role("button", name="Submit the test").click()
    page.locator("form [type=submit]").filter(has_text="Submit the test").last.click()
    expect(page.locator("[data-sitting-status]")).to_have_text("Graded")
    sitting.refresh_from_db()
    assert sitting.status == "graded" and sitting.score == len(items)
