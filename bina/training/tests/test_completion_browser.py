"""Browser test of completing a class safely (issue 9.1): the preview names who fails and why and the session
without attendance, completion is refused until the admin ticks the box, the outcome is not shown in the
success colour, and the completion can be reopened. Real Chromium at 390×844 and 1366×900."""

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

from bina.training.attendance.services import attendance_mark_bulk
from bina.training.classes.models import ClassStatus, EnrolmentStatus
from bina.training.factories import EnrolmentFactory, SessionFactory, TrainingClassFactory
from bina.training.learning.models import JpCredit

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
def ended_class(world):
    """A running class that ended yesterday; its first session was never marked."""
    ends = timezone.localdate() - timedelta(days=1)
    klass = TrainingClassFactory(
        course__pemda=world.pemda,
        course__title="Pelayanan Publik Prima",
        status=ClassStatus.RUNNING,
        starts_on=ends - timedelta(days=1),
        ends_on=ends,
        name="Angkatan I",
    )
    sessions = []
    for i, topic in enumerate(("Standar pelayanan", "Survei kepuasan", "Pengaduan", "Inovasi")):
        s = SessionFactory(klass=klass, topic=topic)
        s.starts_at += timedelta(hours=5 * i)
        s.ends_at += timedelta(hours=5 * i)
        s.save()
        sessions.append(s)
    people = [EnrolmentFactory(klass=klass, employee=world.employees[n]) for n in ("kel_a1_staff", "staff_bidang")]
    admin = world.actor("admin")
    for s in sessions[1:]:
        attendance_mark_bulk(actor=admin, session=s, marks={people[0].pk: "present", people[1].pk: "absent"})
    return klass, sessions, people


def test_admin_previews_confirms_and_reopens_a_completion(browser_page, live_server, world, ended_class, password):
    page = browser_page
    page.context.add_cookies([{"name": settings.LANGUAGE_COOKIE_NAME, "value": "en", "url": live_server.url}])
    klass, sessions, (good, poor) = ended_class
    complete_url = reverse("training:class_complete", args=[klass.pk])
    page.goto(reverse("accounts:login") + "?next=" + reverse("training:class_panel_page", args=[klass.pk]))
    page.get_by_label(re.compile("NIP")).fill(world.users["admin"].username)
    page.get_by_label(re.compile("password", re.I)).fill(password)
    page.get_by_role("button", name=re.compile("log in", re.I)).click()

    # The panel offers a link to the preview, not a one-click form.
    page.locator(f"#attendance-panel a[href='{complete_url}']").click()
    expect(page).to_have_url(re.compile(re.escape(complete_url) + r"$"))
    missing = page.locator("#sessions-without-attendance")
    expect(missing).to_contain_text("Standar pelayanan")
    expect(missing.get_by_role("link", name="Mark attendance")).to_have_attribute(
        "href", reverse("training:session_attendance", args=[sessions[0].pk])
    )
    failing = page.locator("#completion-failing")
    # With the unmarked session counted as missed, both fail: 75% and 0% attendance, each with its reason.
    expect(failing).to_contain_text(good.employee.name)
    expect(failing).to_contain_text("attendance 75% < 80%")
    expect(failing).to_contain_text("attendance 0% < 80%")
    expect(page.locator("#completion-passing")).to_contain_text("Nobody meets the completion rules.")
    no_sideways_scroll(page)
    shot(page, "completion-preview")

    # Confirming without ticking the box is refused, and nothing changed.
    page.locator("#completion-confirm button[type=submit]").click()
    expect(page.locator("#completion-error")).to_contain_text("Standar pelayanan")
    no_sideways_scroll(page)
    shot(page, "completion-refused")
    good.refresh_from_db()
    assert good.status == EnrolmentStatus.ENROLLED

    # The admin goes back and marks the forgotten session: the preview now shows one pass, one fail.
    page.goto(reverse("training:session_attendance", args=[sessions[0].pk]))
    page.locator(f"input[name=status_{good.pk}][value=present]").check()
    page.locator(f"input[name=status_{poor.pk}][value=absent]").check()
    page.get_by_role("button", name="Save attendance").click()
    expect(page.locator(".messages")).to_contain_text("Attendance saved")
    page.goto(complete_url)
    expect(page.locator("#sessions-without-attendance")).to_have_count(0)
    expect(page.locator("#completion-passing")).to_contain_text(good.employee.name)
    expect(page.locator("#completion-failing")).to_contain_text(poor.employee.name)
    expect(page.locator("#completion-failing")).not_to_contain_text(good.employee.name)
    confirm = page.locator("#completion-confirm button[type=submit]")
    expect(confirm).to_have_text("Complete: 1 complete, 1 do not")
    shot(page, "completion-confirm")
    confirm.click()

    message = page.locator(".messages li")
    expect(message).to_contain_text("1 completed, 1 did not complete")
    expect(message).to_have_class(re.compile(r"\bmsg-warning\b"))  # someone failed: not green
    no_sideways_scroll(page)
    shot(page, "completion-done")
    assert JpCredit.objects.filter(enrolment__klass=klass).count() == 1

    # Reopen within the window: the page says what will be withdrawn and asks why.
    page.locator("#attendance-panel a[data-action=reopen]").click()
    expect(page.locator("#reopen-effects")).to_contain_text("1 JP credits")
    no_sideways_scroll(page)
    shot(page, "completion-reopen")
    page.get_by_label(re.compile("Reason for reopening")).fill("Nilai dan presensi dikoreksi")
    page.locator("#reopen-confirm button[type=submit]").click()
    expect(page.locator(".messages li")).to_contain_text("The completion was reopened")
    expect(page.locator(f"#attendance-panel a[href='{complete_url}']")).to_be_visible()
    klass.refresh_from_db()
    assert klass.status == ClassStatus.RUNNING
    assert not JpCredit.objects.filter(enrolment__klass=klass).exists()
