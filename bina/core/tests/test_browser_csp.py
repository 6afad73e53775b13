"""The Content-Security-Policy breaks nothing: real Chromium reports no violation, and the script behaviours work."""

from __future__ import annotations

import re

import pytest
from django.urls import reverse
from playwright.sync_api import Page, expect

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def watch_csp(page: Page) -> list[str]:
    violations: list[str] = []
    page.on("console", lambda msg: violations.append(msg.text) if "Content Security Policy" in msg.text else None)
    return violations


def test_pages_run_under_the_csp_without_violations(browser_page, live_server, world, password):
    page = browser_page
    violations = watch_csp(page)
    page.goto(reverse("accounts:login"))
    page.get_by_label(re.compile("NIP")).fill("admin.alfa")
    page.get_by_label(re.compile(r"password|sandi", re.I)).fill(password)
    page.get_by_role("button", name=re.compile(r"log in|masuk", re.I)).click()
    expect(page).to_have_url(re.compile(re.escape(reverse("shell:home")) + r"$"))
    for url in (
        reverse("people:employees"),
        reverse("people:units"),
        reverse("accounts:users"),
        reverse("accounts:lockouts"),
        reverse("accounts:tokens"),
    ):
        page.goto(url)
        expect(page.locator("h1").first).to_be_visible()
    # htmx still swaps the search results (its script is a file; it injects no <style>).
    page.goto(reverse("people:employees"))
    page.evaluate("window.__sameDocument = true")
    page.get_by_role("searchbox").first.press_sequentially("kepala bid", delay=30)
    expect(page.locator("#employee-results")).not_to_contain_text(world.employees["kel_b1_staff"].name)
    assert page.evaluate("window.__sameDocument") is True
    # The language switcher submits on change through bina.js (no onchange attribute).
    page.select_option("#lang-select", "en")
    expect(page.locator("html")).to_have_attribute("lang", "en")
    # The API docs (Swagger UI, served from the app's own static files) run under the same policy.
    with page.expect_response(re.compile(r"/api/v1/openapi\.json$")):
        page.goto("/api/v1/docs")
    # (Swagger UI's own rendering, whatever it says of the spec, proves its scripts ran.)
    expect(page.locator("#swagger-ui .swagger-ui")).to_be_attached()
    assert violations == []
