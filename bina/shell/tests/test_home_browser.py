"""Each role's home page in real Chromium at 390×844 and 1366×900: its card is there, its charts are
drawn, and the page is never wider than the screen."""

from __future__ import annotations

import os
import re
from datetime import date, datetime, time, timedelta
from decimal import Decimal
from pathlib import Path

import pytest
from django.conf import settings
from django.urls import reverse
from django.utils import timezone
from playwright.sync_api import Page, expect

from bina.accounts.factories import RoleAssignmentFactory, UserFactory
from bina.accounts.models import Role
from bina.partners.factories import InstructorFactory
from bina.training.classes.models import ClassStatus, EnrolmentStatus
from bina.training.factories import EnrolmentFactory, SessionFactory, TrainingClassFactory
from bina.training.learning.models import JpCredit, JpSource

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def shot(page: Page, name: str) -> None:
    folder = os.environ.get("BINA_SCREENSHOTS")
    if folder:
        Path(folder).mkdir(parents=True, exist_ok=True)
        page.screenshot(path=f"{folder}/{name}-{page.viewport_name}.png", full_page=True)


def credit(employee, jp, year):
    JpCredit.objects.create(
        pemda=employee.pemda, employee=employee, year=year, jp=Decimal(jp), source=JpSource.CLASS, title="Pelatihan",
        credited_on=date(year, 1, 15),
    )  # fmt: skip


@pytest.fixture
def busy_world(world, partners):
    """Something on every card: credits this year and last, a class today taught by the instructor with the
    participant in it, a nomination, a pending approval, budget; a Pemda-wide leader."""
    today = timezone.localdate()
    for key, jp in (("kel_a1_staff", 20), ("camat_a", 8), ("staff_bidang", 24), ("head_bidang", 3)):
        credit(world.employees[key], jp, today.year)
        credit(world.employees[key], jp // 2 + 10, today.year - 1)
    instructor = InstructorFactory(pemda=world.pemda, name="Pengajar Internal", user=world.users["instructor"])
    klass = TrainingClassFactory(
        course__pemda=world.pemda, starts_on=today, ends_on=today + timedelta(days=2), status=ClassStatus.RUNNING,
        organiser=partners.uni, budget_planned=Decimal(45_000_000), budget_used=Decimal(30_250_000),
    )  # fmt: skip
    # A session that is surely today whatever the hour the test runs (local time): the whole day.
    day_start = timezone.make_aware(datetime.combine(today, time(0, 1)))
    day_end = timezone.make_aware(datetime.combine(today, time(23, 59)))
    SessionFactory(klass=klass, instructor=instructor, starts_at=day_start, ends_at=day_end)
    SessionFactory(
        klass=klass, instructor=instructor, starts_at=day_start + timedelta(days=2), ends_at=day_end + timedelta(days=2)
    )
    EnrolmentFactory(klass=klass, employee=world.employees["kel_a1_staff"])
    later = TrainingClassFactory(
        course__pemda=world.pemda, starts_on=today + timedelta(days=10), requires_approval=True
    )
    EnrolmentFactory(klass=later, employee=world.employees["kel_a1_staff"], status=EnrolmentStatus.NOMINATED)
    EnrolmentFactory(klass=later, employee=world.employees["kel_b1_staff"], status=EnrolmentStatus.PENDING)
    sekda = UserFactory(username=f"sekda.{world.pemda.slug}", pemda=world.pemda)
    RoleAssignmentFactory(user=sekda, pemda=world.pemda, role=Role.LEADER, org_unit=None)
    world.users["sekda"] = sekda
    world.users["partner"] = partners.coordinator
    return world


# persona, what its card says (English UI)
ROLES = [
    ("admin", "To do"),
    ("sekda", "How we are doing in"),
    ("participant", "My learning"),
    ("instructor", "My teaching"),
    ("partner", "Your institution"),
    ("supervisor", "Team JP in"),
]


@pytest.mark.parametrize("persona, heading", ROLES)
def test_each_roles_home_page_fits_the_screen(browser_page, live_server, busy_world, password, persona, heading):
    page = browser_page
    page.context.add_cookies([{"name": settings.LANGUAGE_COOKIE_NAME, "value": "en", "url": live_server.url}])
    page.goto(reverse("accounts:login"))
    page.get_by_label(re.compile("NIP")).fill(busy_world.users[persona].username)
    page.get_by_label(re.compile("password", re.I)).fill(password)
    page.get_by_role("button", name=re.compile("log in", re.I)).click()
    expect(page).to_have_url(re.compile(re.escape(reverse("shell:home")) + r"$"))
    expect(page.get_by_role("heading", name=re.compile(heading), level=2)).to_be_visible()
    if persona == "admin":
        expect(page.get_by_role("link", name=re.compile("1 enrolments waiting for your approval"))).to_be_visible()
    if persona == "sekda":
        for chart in (
            "chart-home-years",
            "chart-home-trend",
            "chart-home-best",
            "chart-home-asn-type",
            "chart-home-budget",
        ):
            svg = page.locator(f"svg[id^='{chart}']")
            expect(svg).to_have_count(1)
            box = svg.bounding_box()
            assert box is not None and box["width"] <= page.viewport_size["width"]
    if persona == "participant":
        expect(page.get_by_role("link", name="Presensi")).to_be_visible()  # the session is today
    if persona == "instructor":
        expect(page.get_by_role("link", name="Show QR")).to_be_visible()
    if persona == "supervisor":
        card = page.locator("section[aria-labelledby='h-team-jp']")
        expect(card.get_by_role("link", name="Kepala Bidang, S.H.")).to_be_visible()  # 3 JP: below the target
    widths = page.evaluate("[document.documentElement.scrollWidth, window.innerWidth]")
    assert widths[0] <= widths[1], widths
    shot(page, f"home-{persona}")
