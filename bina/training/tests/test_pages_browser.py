"""Issue 9.9/9.11 in real Chromium at 390x844 and 1366x900: the class page reads as a description first, the
below-target list keeps its JP column on screen, and the profile shows the learning record; no page is wider
than the viewport."""

from __future__ import annotations

import re
from decimal import Decimal

import pytest
from django.conf import settings
from django.urls import reverse
from django.utils import timezone
from playwright.sync_api import Page, expect

from bina.training.factories import CourseFactory, SessionFactory, TrainingClassFactory
from bina.training.learning.models import JpCredit, JpSource

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _log_in(page: Page, live_server, username: str, password: str) -> None:
    page.context.add_cookies([{"name": settings.LANGUAGE_COOKIE_NAME, "value": "en", "url": live_server.url}])
    page.goto(reverse("accounts:login"))
    page.get_by_label(re.compile("NIP")).fill(username)
    page.get_by_label(re.compile("password", re.I)).fill(password)
    page.get_by_role("button", name=re.compile("log in", re.I)).click()
    page.wait_for_url(re.compile(re.escape(reverse("shell:home")) + r"$"))


def _no_sideways_scroll(page: Page) -> None:
    overflow = page.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth")
    assert overflow <= 1, overflow


def _inside_viewport(page: Page, selector: str) -> None:
    box = page.locator(selector).first.bounding_box()
    width = page.viewport_size["width"]
    assert box is not None and box["x"] >= 0 and box["x"] + box["width"] <= width, (box, width)


def test_participant_reads_what_the_class_is_first(browser_page, live_server, world, password):
    page = browser_page
    course = CourseFactory(
        pemda=world.pemda, title="Penanganan Pengaduan Masyarakat", description="Bimbingan teknis pengaduan.",
        objectives="Mencatat pengaduan sesuai Perpres 76/2013\nMenindaklanjuti pengaduan di SP4N-LAPOR!",
    )  # fmt: skip
    klass = TrainingClassFactory(course=course, venue="Gedung Diklat BKPSDM")
    klass.eligible_units.set([world.units["kec_a"], world.units["kec_b"]])
    SessionFactory(klass=klass)
    _log_in(page, live_server, world.users["participant"].username, password)
    page.goto(reverse("training:class_detail", args=[klass.pk]))
    about = page.locator("#h-about")
    expect(about).to_be_in_viewport()  # the description is the first thing on the page, at both sizes
    expect(page.get_by_text("Menindaklanjuti pengaduan di SP4N-LAPOR!")).to_be_visible()
    units = page.locator("#eligible-units")
    expect(units.get_by_text("Kecamatan Beta")).to_be_hidden()  # collapsed until asked for
    units.locator("summary").click()
    expect(units.get_by_text("Kecamatan Beta")).to_be_visible()
    _no_sideways_scroll(page)
    page.locator("#course-link").click()
    expect(page).to_have_url(re.compile(re.escape(reverse("training:course_detail", args=[course.pk])) + "$"))


def test_admin_drills_down_to_people_and_opens_a_profile(browser_page, live_server, world, password):
    page = browser_page
    staff = world.employees["kel_a1_staff"]
    JpCredit.objects.create(
        pemda=world.pemda, employee=staff, year=timezone.localdate().year, jp=Decimal(12), source=JpSource.CLASS,
        title="Komunikasi Efektif", credited_on=timezone.localdate(),
    )  # fmt: skip
    _log_in(page, live_server, world.users["admin"].username, password)
    page.goto(reverse("training:compliance") + f"?unit={world.units['kec_a'].code}")
    page.get_by_role("link", name=re.compile("below target")).first.click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Below 20 JP")
    row = page.locator("table.below-target tbody tr", has_text=staff.name)
    expect(row.locator("td.num").first).to_have_text("12")
    _inside_viewport(page, "table.below-target tbody tr td.num")  # the key column, on a phone too
    _no_sideways_scroll(page)
    row.get_by_role("link", name=staff.name).click()
    expect(page.locator("#learning-record")).to_be_visible()
    expect(page.locator("#jp-per-year")).to_contain_text("12")
    _inside_viewport(page, "#jp-per-year td.num")
    _no_sideways_scroll(page)
