"""The main training journey in a real browser (Chromium via Playwright) against the live server.

Admin opens a class (desktop) → a participant enrols on a phone → scans the session's QR code →
the admin completes the class → certificates are generated (the task backend runs immediately in the
test settings) → the participant downloads the PDF → anyone checks the certificate publicly.

Two browser contexts share one browser: the BKPSDM admin at a desktop size, the participant at a
390×844 phone size with touch, as in a classroom. Both pin English with the language cookie (the
msgids are the stable text); selectors prefer form actions, ids and `data-` attributes.

Screenshots for a visual review: `BINA_SCREENSHOTS=/tmp/shots pytest -m browser` writes one PNG per step.
"""

from __future__ import annotations

import os
import re
from datetime import timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from django.conf import settings
from django.urls import reverse
from django.utils import timezone
from playwright.sync_api import BrowserContext, Page, expect

from bina.certificates.models import Certificate
from bina.training.attendance.models import Attendance, AttendanceMethod, AttendanceStatus
from bina.training.classes.models import ClassStatus, Enrolment, EnrolmentStatus
from bina.training.factories import CourseFactory, SessionFactory, TrainingClassFactory
from bina.training.learning.models import JpCredit

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PHONE_WIDTH = 390
# The same sizes as the root conftest's `browser_page` fixture.
VIEWPORTS: dict[str, dict] = {
    "phone": {
        "viewport": {"width": PHONE_WIDTH, "height": 844},
        "is_mobile": True,
        "has_touch": True,
        "device_scale_factor": 2,
    },
    "desktop": {"viewport": {"width": 1366, "height": 900}},
}
USERNAME_LABEL = re.compile(r"NIP")
PASSWORD_LABEL = re.compile(r"password|sandi", re.I)
LOGIN_BUTTON = re.compile(r"log in|masuk", re.I)
COURSE_TITLE = "Pelayanan Publik Berbasis Digital"


def shot(page: Page, name: str) -> None:
    """A full-page screenshot for the visual review, when BINA_SCREENSHOTS names a folder."""
    folder = os.environ.get("BINA_SCREENSHOTS")
    if folder:
        Path(folder).mkdir(parents=True, exist_ok=True)
        page.screenshot(path=f"{folder}/training-journey-{name}.png", full_page=True)


def new_page(browser, live_server, viewport: str) -> tuple[BrowserContext, Page]:
    """A fresh context (own cookies: one person) in English at the given viewport."""
    context = browser.new_context(base_url=live_server.url, locale="id-ID", **VIEWPORTS[viewport])
    context.add_cookies([{"name": settings.LANGUAGE_COOKIE_NAME, "value": "en", "url": live_server.url}])
    page = context.new_page()
    page.set_default_timeout(15_000)
    return context, page


def log_in(page: Page, username: str, password: str) -> None:
    page.goto(reverse("accounts:login"))
    page.get_by_label(USERNAME_LABEL).fill(username)
    page.get_by_label(PASSWORD_LABEL).fill(password)
    page.get_by_role("button", name=LOGIN_BUTTON).click()
    expect(page).to_have_url(re.compile(re.escape(reverse("shell:home")) + r"$"))


def lifecycle(page: Page, klass_pk: int, action: str) -> None:
    """Click a state button of the class page (the form is found by its action, the label may change)."""
    # The page is already at the class URL: wait for the POST's own navigation, not for a URL it already has.
    with page.expect_navigation():
        page.locator(
            f"form[action='{reverse(f'training:class_{action}', args=[klass_pk])}'] button[type=submit]"
        ).click()
    expect(page).to_have_url(re.compile(re.escape(reverse("training:class_detail", args=[klass_pk])) + r"$"))


def assert_no_sideways_scroll(page: Page, what: str) -> None:
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= PHONE_WIDTH, f"{what} scrolls sideways on a phone: {width}px > {PHONE_WIDTH}px"


def test_class_journey_from_opening_to_public_certificate_check(chromium_browser, live_server, world, password):
    # --- 1. a draft class of today whose only session runs now (in the Pemda's time zone) ----------
    zone = ZoneInfo(world.pemda.timezone)
    now = timezone.now()
    session_start, session_end = now - timedelta(minutes=10), now + timedelta(hours=2)
    course = CourseFactory(pemda=world.pemda, title=COURSE_TITLE, jp=16, min_attendance_pct=80)
    klass = TrainingClassFactory(
        course=course,
        name="Angkatan I",
        status=ClassStatus.DRAFT,
        capacity=5,
        allow_self_registration=True,
        starts_on=timezone.localtime(session_start, zone).date(),
        ends_on=timezone.localtime(session_end, zone).date(),
    )
    session = SessionFactory(
        klass=klass, starts_at=session_start, ends_at=session_end, topic="Pengantar layanan digital"
    )
    employee = world.employees["kel_a1_staff"]
    class_url = reverse("training:class_detail", args=[klass.pk])

    admin_context, admin = new_page(chromium_browser, live_server, "desktop")
    phone_context, phone = new_page(chromium_browser, live_server, "phone")
    public_context, public = new_page(chromium_browser, live_server, "phone")
    try:
        # --- 2. the admin opens registration -----------------------------------------------------
        log_in(admin, world.users["admin"].username, password)
        admin.goto(class_url)
        expect(admin.locator("#class-status")).to_have_text("Draft")
        lifecycle(admin, klass.pk, "open")
        expect(admin.locator("#class-status")).to_have_text("Open for registration")
        expect(admin.locator(".messages")).to_contain_text("Open for registration")
        shot(admin, "1-admin-opened")

        # --- 3. the participant enrols on the phone (htmx swaps "my place") ----------------------
        log_in(phone, world.users["participant"].username, password)
        phone.goto(class_url)
        my_place = phone.locator("#my-place")
        phone.evaluate("window.__sameDocument = true")
        enrol = my_place.locator(
            f"form[action='{reverse('training:class_enrol', args=[klass.pk])}'] button[type=submit]"
        )
        expect(enrol).to_have_text("Enrol")
        enrol.tap()
        expect(my_place.locator("[data-status=enrolled]")).to_be_visible()
        expect(my_place.locator("[data-status=enrolled]")).to_have_text("Enrolled")
        assert phone.evaluate("window.__sameDocument") is True, "enrolling reloaded the page instead of swapping"
        # The seat counter is swapped out of band in the same response: the phone shows the seat taken at once.
        expect(phone.locator("#seats")).to_contain_text("1 of 5 seats taken")
        assert_no_sideways_scroll(phone, "the class page")
        shot(phone, "2-participant-enrolled")
        enrolment = Enrolment.objects.get(klass=klass, employee=employee)
        assert enrolment.status == EnrolmentStatus.ENROLLED
        klass.refresh_from_db()
        assert klass.enrolled_count == 1
        # The admin's next look at the page shows the seat taken too.
        admin.reload()
        expect(admin.locator("section[aria-labelledby=h-seats]")).to_contain_text("1 of 5 seats taken")

        # --- 4. QR check-in: the admin projects the code, the phone "scans" it -------------------
        admin.goto(reverse("training:session_qr", args=[session.pk]))
        qr_box = admin.locator("#qr-box")
        expect(qr_box.locator("svg")).to_be_visible()
        code = qr_box.locator("[data-testid=qr-code]").inner_text().strip()
        assert re.fullmatch(r"[A-Z2-9]{6}", code), code
        expect(qr_box).not_to_contain_text("Check-in is open from")  # the session runs now: window open
        shot(admin, "3-admin-qr")

        response = phone.goto(reverse("training:checkin", args=[session.pk, code]))
        assert response is not None and response.status == 200
        result = phone.locator(".att-result")
        expect(result).to_have_attribute("data-result", "present")
        expect(result).to_contain_text("Checked in — present")
        assert_no_sideways_scroll(phone, "the check-in page")
        shot(phone, "4-participant-checked-in")
        attendance = Attendance.objects.get(session=session, enrolment=enrolment)
        assert attendance.status == AttendanceStatus.PRESENT
        assert attendance.method == AttendanceMethod.QR

        # --- 5. the admin starts and completes the class; certificates are generated -------------
        admin.goto(class_url)
        lifecycle(admin, klass.pk, "close")
        expect(admin.locator("#class-status")).to_have_text("Registration closed")
        lifecycle(admin, klass.pk, "start")
        expect(admin.locator("#class-status")).to_have_text("Running")
        # The attendance panel loads into the class page with htmx; its button opens the completion preview,
        # where the admin confirms.
        complete = admin.locator(f"#attendance-panel a[href='{reverse('training:class_complete', args=[klass.pk])}']")
        expect(complete).to_be_visible()
        complete.click()
        expect(admin.locator("#completion-passing")).to_contain_text(employee.name)
        admin.locator("#completion-confirm button[type=submit]").click()
        expect(admin).to_have_url(re.compile(re.escape(reverse("training:class_panel_page", args=[klass.pk])) + r"$"))
        expect(admin.locator(".messages")).to_contain_text("1 completed, 0 did not complete")
        expect(admin.locator("#attendance-panel")).to_contain_text("Certificates issued: 1 of 1 completed.")
        shot(admin, "5-admin-completed")

        enrolment.refresh_from_db()
        klass.refresh_from_db()
        assert klass.status == ClassStatus.COMPLETED
        assert enrolment.status == EnrolmentStatus.COMPLETED
        assert enrolment.attendance_pct == 100
        credit = JpCredit.objects.get(enrolment=enrolment)
        assert (credit.employee_id, credit.jp, credit.year) == (employee.pk, 16, klass.ends_on.year)
        certificate = Certificate.objects.get(enrolment=enrolment)
        assert certificate.holder_name == employee.name
        assert certificate.course_title == COURSE_TITLE

        # --- 6. the participant finds the certificate and downloads the PDF on the phone ---------
        phone.goto(reverse("training:my_learning"))
        expect(phone.locator("section[aria-labelledby=h-cert]")).to_contain_text(certificate.number)
        expect(phone.locator("section[aria-labelledby=h-done]")).to_contain_text(COURSE_TITLE)
        assert_no_sideways_scroll(phone, "my learning")
        shot(phone, "6-participant-my-learning")

        phone.goto(reverse("certificates:list"))
        phone.get_by_role("link", name=certificate.number, exact=True).tap()
        expect(phone).to_have_url(re.compile(re.escape(reverse("certificates:detail", args=[certificate.pk])) + "$"))
        expect(phone.get_by_role("heading", level=1)).to_contain_text(certificate.number)
        assert_no_sideways_scroll(phone, "the certificate page")
        shot(phone, "7-participant-certificate")
        with phone.expect_download() as download_info:
            phone.locator(f"a[href='{reverse('certificates:pdf', args=[certificate.pk])}']").tap()
        download = download_info.value
        assert download.suggested_filename.endswith(".pdf"), download.suggested_filename
        pdf = Path(download.path()).read_bytes()
        assert pdf.startswith(b"%PDF"), pdf[:20]
        assert len(pdf) > 1000

        # --- 7. anyone verifies it: the QR target shows the name, the bare number masks it --------
        verify_url = reverse("verify:certificate", args=[certificate.number])
        response = public.goto(f"{verify_url}?k={certificate.verify_key}")
        assert response is not None and response.status == 200
        expect(public.locator("[data-result]")).to_have_attribute("data-result", "valid")
        expect(public.locator("[data-result]")).to_contain_text("Valid certificate")
        card = public.locator("main .card, .card").first
        expect(card).to_contain_text(COURSE_TITLE)
        expect(card).to_contain_text(employee.name)
        assert_no_sideways_scroll(public, "the verification page")
        shot(public, "8-public-verify-with-key")

        response = public.goto(verify_url)
        assert response is not None and response.status == 200
        expect(public.locator("[data-result]")).to_have_attribute("data-result", "valid")
        expect(card).to_contain_text(COURSE_TITLE)
        expect(public.locator("body")).not_to_contain_text(employee.name)
        expect(public.locator("body")).not_to_contain_text(employee.nip)
        shot(public, "9-public-verify-masked")
    finally:
        for context in (admin_context, phone_context, public_context):
            context.close()
