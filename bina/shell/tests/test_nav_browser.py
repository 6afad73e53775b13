"""The navigation in real Chromium: a drawer behind *Menu* on a phone, a side menu on a desktop, *Keluar*
always reachable, nothing wider than the screen; and the password change journey.

`BINA_SCREENSHOTS=/tmp/shots pytest -m browser bina/shell/tests/test_nav_browser.py` writes the screenshots.
"""

from __future__ import annotations

import re

import pytest
from django.urls import reverse
from playwright.sync_api import Page, expect

from bina.core.tests.test_browser_journeys import log_in, shot

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

WIDTH_JS = "() => [document.documentElement.scrollWidth, window.innerWidth]"


def assert_no_sideways_scroll(page: Page) -> None:
    scroll_width, inner_width = page.evaluate(WIDTH_JS)
    assert scroll_width <= inner_width, f"{page.url}: {scroll_width}px wide in a {inner_width}px window"


@pytest.mark.viewports("phone", "desktop")
@pytest.mark.parametrize("persona", ["admin", "instructor", "participant"])
def test_menu_shows_the_roles_links_and_logs_out(browser_page, world, password, persona):
    page = browser_page
    user = world.users[persona]
    log_in(page, user.username, password)
    nav = page.get_by_role("navigation", name="Menu utama")
    drawer = page.locator("details.drawer")
    if page.viewport_name == "phone":
        # Closed: the page starts with its content; the Menu button is in the top bar.
        expect(nav).to_be_hidden()
        toggle = page.locator("summary.drawer-toggle")
        expect(toggle).to_be_in_viewport()
        assert toggle.bounding_box()["height"] >= 44
        assert_no_sideways_scroll(page)
        shot(page, f"nav-closed-{persona}")
        toggle.click()
        expect(drawer).to_have_attribute("open", "")
    else:
        # A side menu, open without a click, beside the content; the account and Keluar in the top bar.
        expect(nav).to_be_visible()
        expect(page.locator("summary.drawer-toggle")).to_be_hidden()
        main = page.locator("main").bounding_box()
        assert nav.bounding_box()["x"] + nav.bounding_box()["width"] <= main["x"] + 1
        expect(page.locator(".topbar-account").get_by_role("button", name="Keluar")).to_be_visible()
    expect(nav.get_by_role("link", name="Beranda")).to_be_visible()
    # Each role sees what it can use, and only that.
    programmes = nav.get_by_role("link", name="Program", exact=True)
    organisation = nav.get_by_role("link", name="Organisasi", exact=True)
    if persona == "admin":
        expect(programmes).to_be_visible()
        expect(organisation).to_be_visible()
        expect(nav.get_by_role("heading", name="Kepegawaian")).to_be_visible()
    else:
        expect(programmes).to_have_count(0)
        expect(organisation).to_have_count(0)
    assert_no_sideways_scroll(page)
    shot(page, f"nav-open-{persona}")

    # The name, not the username; and Keluar, one tap away (in the drawer on a phone).
    scope = nav if page.viewport_name == "phone" else page.locator(".topbar-account")
    expect(scope.get_by_text(user.display_name, exact=True)).to_be_visible()
    scope.get_by_role("button", name="Keluar").click()
    expect(page).to_have_url(re.compile(re.escape(reverse("accounts:login")) + "$"))
    page.goto(reverse("shell:home"))
    expect(page).to_have_url(re.compile(re.escape(reverse("accounts:login"))))


@pytest.mark.viewports("phone", "desktop")
def test_drawer_on_a_phone_side_menu_on_a_desktop(browser_page, world, password):
    """On a phone the menu opens from its button and closes on Escape; on a desktop the same menu is a side
    menu that is always open (no button, Escape leaves it). Either way a link leads to its page, marked current."""
    page = browser_page
    log_in(page, "admin.alfa", password)
    toggle = page.locator("summary.drawer-toggle")
    drawer = page.locator("details.drawer")
    nav = page.get_by_role("navigation", name="Menu utama")
    if page.viewport_name == "phone":
        toggle.click()
        page.keyboard.press("Escape")
        expect(drawer).not_to_have_attribute("open", "")
        toggle.click()
    else:
        expect(toggle).to_be_hidden()
        expect(drawer).to_have_attribute("open", "")
        page.keyboard.press("Escape")
        expect(drawer).to_have_attribute("open", "")
    nav.get_by_role("link", name="Pegawai", exact=True).click()
    expect(page).to_have_url(re.compile(r"/people/employees/$"))
    if page.viewport_name == "phone":
        toggle.click()
    else:
        expect(drawer).to_have_attribute("open", "")
    expect(nav.get_by_role("link", name="Pegawai", exact=True)).to_have_attribute("aria-current", "page")
    assert_no_sideways_scroll(page)


@pytest.mark.viewports("phone", "desktop")
def test_password_change_from_the_menu(browser_page, world, password):
    page = browser_page
    user = world.users["participant"]
    log_in(page, user.username, password)
    toggle = page.locator("summary.drawer-toggle")
    if page.viewport_name == "phone":
        toggle.click()
    page.get_by_role("navigation", name="Menu utama").get_by_role("link", name="Ganti kata sandi").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Ganti kata sandi")
    assert_no_sideways_scroll(page)
    new = "Rawon-Setan-2027!"
    page.get_by_label("Kata sandi sekarang").fill(password)
    page.locator("#id_new_password1").fill(new)
    page.get_by_label("Kata sandi baru (sekali lagi)").fill(new)
    expect(page.get_by_label(re.compile(r"^Kata sandi baru"), exact=False).first).to_have_value(new)
    shot(page, "password-change")
    page.get_by_role("button", name="Ganti kata sandi").click()
    expect(page.get_by_role("status")).to_contain_text("Kata sandi Anda berhasil diganti")
    user.refresh_from_db()
    assert user.check_password(new)
