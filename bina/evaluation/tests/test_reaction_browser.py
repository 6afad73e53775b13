"""The participant's reaction survey on a phone (390×844), in real Chromium: from the home page's card to the
form, every question and each session's instructor answered by tapping, a testimony with initials, sent; the
answer is stored anonymously and the survey is no longer offered."""

from __future__ import annotations

import re

import pytest
from django.conf import settings
from django.urls import reverse
from playwright.sync_api import expect

from bina.evaluation.factories import ended_class
from bina.evaluation.models import ReactionInvite, Testimony
from bina.surveys.models import Response
from conftest import VIEWPORTS

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_participant_answers_the_reaction_survey_on_a_phone(chromium_browser, live_server, world, password):
    staff = world.employees["kel_a1_staff"]
    ec = ended_class(world.pemda, world.units["kel_a1"], attendees=1, employees=[staff])
    context = chromium_browser.new_context(base_url=live_server.url, locale="id-ID", **VIEWPORTS["phone"])
    context.add_cookies([{"name": settings.LANGUAGE_COOKIE_NAME, "value": "id", "url": live_server.url}])
    page = context.new_page()
    page.set_default_timeout(15_000)
    page.goto(reverse("accounts:login"))
    page.get_by_label(re.compile("NIP")).fill(world.users["participant"].username)
    page.get_by_label(re.compile("sandi", re.I)).fill(password)
    page.get_by_role("button", name=re.compile("masuk", re.I)).click()
    # The home card leads to the survey.
    page.get_by_role("region", name="Evaluasi yang perlu diisi").get_by_role("link", name=ec.klass.course.title).click()
    expect(page.get_by_text("Jawaban Anda tanpa nama")).to_be_visible()
    for fieldset in page.locator("form.survey-form fieldset").all():
        radios = fieldset.locator("input[type=radio]")
        if radios.count() and fieldset.locator("input[name=consent]").count() == 0:
            radios.nth(radios.count() - 2 if radios.count() == 5 else 0).check()
    page.locator("textarea[name=comment]").fill("Simulasinya sangat membantu")
    page.locator("#id_testimony").fill("Saya lebih percaya diri melayani warga.")
    page.get_by_label("Dengan inisial saja").check()
    overflow = page.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth")
    assert overflow <= 1, overflow
    page.get_by_role("button", name=re.compile("Kirim jawaban")).click()
    expect(page.get_by_text("Terima kasih: jawaban Anda dicatat tanpa nama.")).to_be_visible()
    response = Response.objects.get()
    assert response.respondent_key == "" and ReactionInvite.objects.get().answered_at is not None
    assert Testimony.objects.get().consent == "initials"
    expect(page.get_by_role("link", name=ec.klass.course.title)).to_have_count(0)
    context.close()
