"""Browser journeys for attendance: a participant scans the QR on a phone (logging in on the way), the
instructor shows the QR and marks the list. Real Chromium at phone width."""

from __future__ import annotations

import os
import re
from datetime import timedelta
from pathlib import Path

import pytest
from django.conf import settings
from django.urls import reverse
from django.utils import timezone
from playwright.sync_api import Page, expect

from bina.partners.factories import InstructorFactory
from bina.training.attendance.models import Attendance
from bina.training.attendance.services import session_qr_code
from bina.training.classes.models import ClassStatus
from bina.training.factories import EnrolmentFactory, SessionFactory, TrainingClassFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def shot(page: Page, name: str) -> None:
    folder = os.environ.get("BINA_SCREENSHOTS")
    if folder:
        Path(folder).mkdir(parents=True, exist_ok=True)
        page.screenshot(path=f"{folder}/{name}-{page.viewport_name}.png", full_page=True)


def no_sideways_scroll(page: Page) -> None:
    overflow = page.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth")
    assert overflow <= 1, overflow


@pytest.fixture
def live_class(world):
    klass = TrainingClassFactory(course__pemda=world.pemda, status=ClassStatus.RUNNING)
    instructor = InstructorFactory(pemda=world.pemda, user=world.users["instructor"])
    now = timezone.now()
    session = SessionFactory(
        klass=klass, instructor=instructor, starts_at=now - timedelta(minutes=5), ends_at=now + timedelta(hours=2)
    )
    mine = EnrolmentFactory(klass=klass, employee=world.employees["kel_a1_staff"])
    other = EnrolmentFactory(klass=klass, employee=world.employees["staff_bidang"])
    return session, mine, other


def test_participant_scans_logs_in_and_is_checked_in(browser_page, live_server, world, live_class, password):
    page = browser_page
    page.context.add_cookies([{"name": settings.LANGUAGE_COOKIE_NAME, "value": "en", "url": live_server.url}])
    session, mine, _ = live_class
    page.goto(reverse("training:checkin", args=[session.pk, session_qr_code(session)]))
    # not logged in: the log-in form, which brings the participant back to the check-in
    page.get_by_label(re.compile("NIP")).fill(world.users["participant"].username)
    page.get_by_label(re.compile("password", re.I)).fill(password)
    page.get_by_role("button", name=re.compile("log in", re.I)).click()
    expect(page.get_by_text("Checked in — present")).to_be_visible()
    shot(page, "checkin")
    no_sideways_scroll(page)
    assert Attendance.objects.get(enrolment=mine).method == "qr"


def test_instructor_shows_qr_and_marks_the_list(browser_page, live_server, world, live_class, password):
    page = browser_page
    page.context.add_cookies([{"name": settings.LANGUAGE_COOKIE_NAME, "value": "en", "url": live_server.url}])
    session, mine, other = live_class
    page.goto(reverse("accounts:login") + "?next=" + reverse("training:session_qr", args=[session.pk]))
    page.get_by_label(re.compile("NIP")).fill(world.users["instructor"].username)
    page.get_by_label(re.compile("password", re.I)).fill(password)
    page.get_by_role("button", name=re.compile("log in", re.I)).click()
    expect(page.locator("#qr-box svg")).to_be_visible()
    expect(page.get_by_test_id("qr-code")).to_have_text(re.compile(r"^[A-Z0-9]{6}$"))
    # The timer drains over the seconds left, set by bina.js (the CSP allows no inline style).
    page.wait_for_function(
        "() => { const t = document.querySelector('#qr-box [data-drain-seconds]');"
        " return t && getComputedStyle(t.firstElementChild).animationDuration === `${t.dataset.drainSeconds}s`; }"
    )
    shot(page, "session-qr")
    no_sideways_scroll(page)

    page.goto(reverse("training:session_attendance", args=[session.pk]))
    page.get_by_role("link", name="Mark all present").click()
    page.get_by_role("radiogroup", name=f"Status of {other.employee.name}").get_by_label("Excused").check()
    shot(page, "session-attendance")
    page.get_by_role("button", name="Save attendance").click()
    expect(page.get_by_text("Attendance saved for 2 participants.")).to_be_visible()
    assert dict(Attendance.objects.values_list("enrolment_id", "status")) == {mine.pk: "present", other.pk: "excused"}


def test_public_verification_page_on_a_phone(browser_page, world):
    from datetime import date

    from bina.certificates.services import certificate_issue
    from bina.core.actor import Actor
    from bina.training.classes.models import EnrolmentStatus

    klass = TrainingClassFactory(
        course__pemda=world.pemda, status=ClassStatus.COMPLETED, starts_on=date(2026, 5, 4), ends_on=date(2026, 5, 6)
    )
    enrolment = EnrolmentFactory(
        klass=klass, employee=world.employees["kel_a1_staff"], status=EnrolmentStatus.COMPLETED
    )
    cert = certificate_issue(
        enrolment=enrolment, actor=Actor.system(enrolment.pemda_id, label="test"), render_pdf=False
    )
    page = browser_page
    page.goto(reverse("verify:certificate", args=[cert.number]))
    expect(page.locator('[data-result="valid"]')).to_be_visible()
    expect(page.get_by_text(cert.course_title)).to_be_visible()
    assert cert.holder_name not in page.content()
    shot(page, "verify")
    no_sideways_scroll(page)
