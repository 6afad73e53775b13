"""No page is wider than a phone, and tables keep their key column in view (real Chromium, 390x844).

The width test loads the standard demo and walks, for each demo role, every page of its navigation and the
first page of each kind linked from them (`bina.tests.crawl`); it fails naming each page that scrolls
sideways and the element that sticks out. Content inside a scrolling box (the menu row) is not counted.
"""

from __future__ import annotations

import re

import pytest
from django.conf import settings
from playwright.sync_api import expect

from bina.demo.services import demo_load
from bina.tests.crawl import DESKTOP, PHONE, WIDTH_PROBE, log_in, overflow_here, walk

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

# Every role of the demo: Surabaya's personas (Serang's are the same roles) and the platform superadmin.
DEMO_ROLES = [
    "admin.surabaya",
    "operator.surabaya",
    "leader.surabaya",
    "instructor.surabaya",
    "supervisor.surabaya",
    "participant.surabaya",
    "partner.surabaya",
    "superadmin",
]


@pytest.mark.slow
def test_no_page_a_demo_role_reaches_is_wider_than_a_phone(chromium_browser, live_server, small_demo):
    demo_load()
    problems, measured = [], {}
    for username in DEMO_ROLES:
        context = chromium_browser.new_context(base_url=live_server.url, locale="id-ID", **PHONE)
        page = context.new_page()
        page.set_default_timeout(30_000)
        log_in(page, username)
        measured[username] = 0
        for path in walk(page):
            measured[username] += 1
            if (overflow := overflow_here(page, username, path)) is not None:
                problems.append(overflow)
        context.close()
    # The walk really went somewhere: each role's navigation and some detail pages.
    assert all(count >= 5 for count in measured.values()), measured
    assert not problems, "\n".join(map(str, problems))


@pytest.mark.viewports("phone", "desktop")
def test_the_width_probe_sees_a_page_that_scrolls_sideways(browser_page, live_server, world, password):
    """The probe itself can fail: a page with something wider than the phone is reported, with its culprit."""
    page = browser_page
    log_in(page, "admin.alfa", password)
    assert page.evaluate(WIDTH_PROBE)["over"] == 0
    page.evaluate(
        "() => { const d = document.createElement('div'); d.id = 'too-wide'; d.textContent = 'x';"
        " d.style.width = '2000px'; document.querySelector('main').append(d); }"
    )
    result = page.evaluate(WIDTH_PROBE)
    assert result["over"] > 0 and result["culprit"] == "div#too-wide"


@pytest.mark.parametrize("viewport", ["phone", "desktop"])
def test_compliance_table_keeps_its_share_column_in_view(chromium_browser, live_server, world, password, viewport):
    """On a phone each unit is a card whose compliance share is on screen, labelled, without scrolling sideways;
    on a desktop it is still a table with its heading row."""
    size = PHONE if viewport == "phone" else DESKTOP
    context = chromium_browser.new_context(base_url=live_server.url, locale="en-US", **size)
    context.add_cookies([{"name": settings.LANGUAGE_COOKIE_NAME, "value": "en", "url": live_server.url}])
    page = context.new_page()
    log_in(page, "admin.alfa", password)
    page.goto("/training/compliance/?year=2026")
    table = page.locator("main table").first
    first_row = table.locator("tbody tr").first
    # The fourth column: Unit, Employees, With at least 20 JP, Share compliant, ...
    share = first_row.locator("td").nth(3)
    expect(share).to_have_attribute("data-label", "Share compliant")
    expect(share).to_have_text(re.compile(r"^\d+(\.\d)?%$"))
    share.scroll_into_view_if_needed()
    expect(share).to_be_in_viewport()
    box = share.bounding_box()
    width = size["viewport"]["width"]
    assert box is not None and box["x"] >= 0 and box["x"] + box["width"] <= width
    assert page.evaluate(WIDTH_PROBE)["over"] == 0
    header = table.locator("thead")
    if viewport == "phone":
        # The column's name is written next to the value (the heading row is only for screen readers).
        label = share.evaluate("td => getComputedStyle(td, '::before').content")
        assert label == '"Share compliant"'
        assert header.bounding_box()["height"] <= 1
    else:
        expect(header).to_be_visible()
        assert share.evaluate("td => getComputedStyle(td, '::before').content") in ("none", "normal")
    context.close()
