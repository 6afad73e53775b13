"""The public certificate check in real Chromium: a visitor without an account types a number and reads the answer.

Default language (Bahasa Indonesia), on a phone (390x844; desktop in the page-width crawl and `make screenshots`). Screenshots for a visual review:
`BINA_SCREENSHOTS=/tmp/shots pytest -m browser bina/certificates` (nothing is written otherwise).
"""

from __future__ import annotations

import os
from datetime import date
from pathlib import Path

import pytest
from django.urls import reverse
from playwright.sync_api import Page, expect

from bina.certificates.services import certificate_issue
from bina.core.actor import Actor
from bina.training.classes.models import ClassStatus, EnrolmentStatus
from bina.training.factories import EnrolmentFactory, TrainingClassFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def shot(page: Page, name: str) -> None:
    folder = os.environ.get("BINA_SCREENSHOTS")
    if folder:
        Path(folder).mkdir(parents=True, exist_ok=True)
        page.screenshot(path=f"{folder}/public-{name}-{page.viewport_name}.png", full_page=True)


def no_sideways_scroll(page: Page) -> None:
    overflow = page.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth")
    assert overflow <= 1, overflow


def test_a_visitor_types_a_certificate_number_and_sees_the_result(browser_page, world, other_world):
    klass = TrainingClassFactory(
        course__pemda=world.pemda,
        course__title="Pelayanan Prima",
        status=ClassStatus.COMPLETED,
        starts_on=date(2026, 5, 4),
        ends_on=date(2026, 5, 6),
    )
    enrolment = EnrolmentFactory(
        klass=klass, employee=world.employees["kel_a1_staff"], status=EnrolmentStatus.COMPLETED
    )
    cert = certificate_issue(
        enrolment=enrolment, actor=Actor.system(enrolment.pemda_id, label="test"), render_pdf=False
    )
    page = browser_page

    # The Pemda's public site lists the check; no log-in on the way.
    page.goto(reverse("public:home", kwargs={"pemda_slug": world.pemda.slug}))
    expect(page.get_by_role("heading", level=1)).to_have_text(world.pemda.name)
    shot(page, "home")
    no_sideways_scroll(page)
    page.get_by_role("link", name="Verifikasi sertifikat").click()

    box = page.get_by_label("Nomor sertifikat")
    expect(box).to_be_visible()
    shot(page, "verify-empty")
    no_sideways_scroll(page)
    box.fill(cert.number)
    box.press("Enter")
    expect(page.locator('[data-result="valid"]')).to_be_visible()
    expect(page.get_by_text("Pelayanan Prima")).to_be_visible()
    assert cert.holder_name not in page.content()
    shot(page, "verify-valid")
    no_sideways_scroll(page)

    # A number this Pemda did not issue (here: nobody did) is "not found", with the box still there.
    page.get_by_label("Nomor sertifikat").fill("BINA-9101/2026/99999")
    page.get_by_role("search").get_by_role("button").click()
    expect(page.locator('[data-result="not-found"]')).to_be_visible()
    shot(page, "verify-not-found")
    no_sideways_scroll(page)

    # What the QR code opens: the result first, the full name with the key.
    page.goto(f"{reverse('verify:certificate', args=[cert.number])}?k={cert.verify_key}")
    expect(page.locator('[data-result="valid"]')).to_be_visible()
    expect(page.get_by_text(cert.holder_name)).to_be_visible()
    assert f"/p/{world.pemda.slug}/verify/" in page.url
    shot(page, "verify-qr")
    no_sideways_scroll(page)
