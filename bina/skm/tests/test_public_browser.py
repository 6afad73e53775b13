"""The public SKM form in real Chromium on a phone (390x844): reached from the Pemda's public
site, answered with taps, thanked; and the same with JavaScript switched off."""

from __future__ import annotations

import pytest
from django.urls import reverse
from playwright.sync_api import Page, expect

from bina.skm.factories import skm_ready
from bina.surveys.models import Answer, Response

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def no_sideways_scroll(page: Page) -> None:
    overflow = page.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth")
    assert overflow <= 1, overflow


def answer_and_send(page: Page) -> None:
    for fieldset in page.locator("fieldset.skm-q").all():
        fieldset.locator("label").nth(2).click()  # the third answer: "Sesuai", "Mudah", "Cepat", ...
    page.locator("#q-biaya label").nth(3).click()  # "Gratis"
    page.get_by_label("Jenis kelamin").select_option("P")
    page.get_by_label("Saran dan masukan untuk perbaikan pelayanan").fill("Ruang tunggu nyaman")
    no_sideways_scroll(page)
    page.get_by_role("button", name="Kirim jawaban").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Terima kasih")


def test_a_citizen_answers_on_a_phone(browser_page, world):
    skm_ready(world.pemda)
    page = browser_page
    page.goto(reverse("public:home", kwargs={"pemda_slug": world.pemda.slug}))
    page.get_by_role("link", name="Survei kepuasan").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Survei kepuasan")
    no_sideways_scroll(page)
    page.get_by_role("link", name=world.units["kel_a1"].name).click()
    expect(page.get_by_text("Sangat mahal").first).to_be_visible()
    page.get_by_label("Layanan apa yang Anda gunakan?").select_option("KK")
    answer_and_send(page)
    no_sideways_scroll(page)
    response = Response.objects.get(pemda=world.pemda)
    values = {a.element: a.value for a in Answer.objects.filter(response=response) if a.value}
    assert values["biaya"] == 4 and values["waktu"] == 3 and len(values) == 9
    assert response.subject == "KK"


def test_the_form_works_without_javascript(chromium_browser, live_server, world):
    skm_ready(world.pemda)
    context = chromium_browser.new_context(
        base_url=live_server.url, locale="id-ID", viewport={"width": 390, "height": 844}, java_script_enabled=False
    )
    page = context.new_page()
    page.set_default_timeout(15_000)
    url = reverse("public:skm:form", kwargs={"pemda_slug": world.pemda.slug, "unit_code": world.units["kel_a1"].code})
    page.goto(url + "?layanan=KTP-EL")
    answer_and_send(page)
    assert Response.objects.get(pemda=world.pemda).subject == "KTP-EL"
    context.close()
