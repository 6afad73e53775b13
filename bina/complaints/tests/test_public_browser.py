"""The public complaint form in real Chromium, on a phone (390x844): a citizen
without an account files a complaint without JavaScript help and reads the tracking page; the staff
list and detail fit too. Screenshots: `BINA_SCREENSHOTS=/tmp/shots pytest -m browser bina/complaints`."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from django.urls import reverse
from playwright.sync_api import Page, expect

from bina.complaints.models import Complaint

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def shot(page: Page, name: str) -> None:
    folder = os.environ.get("BINA_SCREENSHOTS")
    if folder:
        Path(folder).mkdir(parents=True, exist_ok=True)
        page.screenshot(path=f"{folder}/complaints-{name}-{page.viewport_name}.png", full_page=True)


def no_sideways_scroll(page: Page) -> None:
    overflow = page.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth")
    assert overflow <= 1, overflow


def test_a_citizen_files_a_complaint_and_follows_it(browser_page, world, client_as, live_server):
    page = browser_page
    page.goto(reverse("public:home", kwargs={"pemda_slug": world.pemda.slug}))
    page.get_by_role("link", name="Pengaduan layanan publik").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Sampaikan pengaduan")
    no_sideways_scroll(page)
    shot(page, "form")
    page.locator("textarea[name=uraian]").fill("Petugas loket meminta biaya tambahan untuk KTP-el.")
    page.locator("select[name=kode_unit]").select_option(world.units["kel_a1"].code)
    page.locator("input[name=nomor_tiket]").fill("A-017")
    page.get_by_role("button", name="Kirim pengaduan").click()
    complaint = Complaint.objects.get()
    expect(page.locator(".complaint-code")).to_have_text(complaint.code)
    expect(page.get_by_text("Diterima").first).to_be_visible()
    no_sideways_scroll(page)
    shot(page, "track")

    # The staff pages, as the admin.
    session = client_as(world.users["admin"]).cookies["sessionid"].value
    page.context.add_cookies([{"name": "sessionid", "value": session, "url": live_server.url}])
    page.goto(reverse("complaints:complaint_list"))
    expect(page.get_by_role("link", name=complaint.code)).to_be_visible()
    no_sideways_scroll(page)
    shot(page, "list")
    page.goto(reverse("complaints:complaint_detail", args=[complaint.pk]))
    page.get_by_role("button", name="Verifikasi").click()
    expect(page.locator("select[name=kode_unit]")).to_be_visible()
    no_sideways_scroll(page)
    shot(page, "detail")
