"""The unit picker of the class form in a real browser, at phone size: typing searches (htmx,
no inline script), ticking a result and saving stores the unit; the downloads sit on the participants page."""

from __future__ import annotations

import re

import pytest
from django.conf import settings
from django.urls import reverse
from playwright.sync_api import expect

from bina.training.classes.models import TrainingClass
from bina.training.factories import TrainingClassFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_admin_picks_an_eligible_unit_by_searching(browser_page, live_server, world, password):
    page = browser_page
    page.context.add_cookies([{"name": settings.LANGUAGE_COOKIE_NAME, "value": "en", "url": live_server.url}])
    klass = TrainingClassFactory(course__pemda=world.pemda, code="PICK-B")
    page.goto(reverse("accounts:login"))
    page.get_by_label(re.compile(r"NIP")).fill(world.users["admin"].username)
    page.get_by_label(re.compile(r"password|sandi", re.I)).fill(password)
    page.get_by_role("button", name=re.compile(r"log in|masuk", re.I)).click()
    expect(page).to_have_url(re.compile(re.escape(reverse("shell:home")) + r"$"))

    page.goto(reverse("training:class_edit", args=[klass.pk]))
    search = page.locator("input[name=eligible_units__q]")
    search.fill("Kelurahan Alfa")
    option = page.locator("#id_eligible_units_results input[value='ALF-KEL-A1']")
    expect(option).to_be_visible()  # came from the endpoint, no page load
    expect(page.locator("#id_eligible_units_results input[value^='BET-']")).to_have_count(0)
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= page.viewport_size["width"]
    option.check()
    page.get_by_role("button", name="Save").click()
    expect(page).to_have_url(re.compile(re.escape(reverse("training:class_detail", args=[klass.pk])) + r"$"))
    assert [u.code for u in TrainingClass.objects.get(pk=klass.pk).eligible_units.all()] == ["ALF-KEL-A1"]

    page.goto(reverse("training:class_participants", args=[klass.pk]))
    expect(page.get_by_role("link", name="Attendance sheet for the class (PDF)")).to_be_visible()
