"""Browser journeys: real Chromium (Playwright) against the live server, at a phone viewport (mobile-first).

Every test logs in through the real log-in form. The journeys pin English with the language cookie
(the msgids are the stable text, as in the page tests' `en_client`); the language test and the phone
layout test use the default language (Bahasa Indonesia).

Screenshots for a visual review: `BINA_SCREENSHOTS=/tmp/shots pytest -m browser` writes one PNG per page
and viewport (nothing is written otherwise).
"""

from __future__ import annotations

import os
import re
from datetime import date
from pathlib import Path

import pytest
from django.conf import settings
from django.urls import reverse
from playwright.sync_api import Page, expect

from bina.people.factories import EmployeeFactory, make_nip
from bina.people.models import Employee, ImportJob, ImportJobStatus

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

# Log-in controls in either language: the label keeps "NIP", the buttons say log in / masuk.
USERNAME_LABEL = re.compile(r"NIP")
PASSWORD_LABEL = re.compile(r"password|sandi", re.I)
LOGIN_BUTTON = re.compile(r"log in|masuk", re.I)


def shot(page: Page, name: str) -> None:
    """A full-page screenshot for the visual review, when BINA_SCREENSHOTS names a folder."""
    folder = os.environ.get("BINA_SCREENSHOTS")
    if folder:
        Path(folder).mkdir(parents=True, exist_ok=True)
        page.screenshot(path=f"{folder}/{name}-{page.viewport_name}.png", full_page=True)


def use_english(page: Page, live_server) -> None:
    page.context.add_cookies([{"name": settings.LANGUAGE_COOKIE_NAME, "value": "en", "url": live_server.url}])


def log_in(page: Page, username: str, password: str) -> None:
    page.goto(reverse("accounts:login"))
    shot(page, "login")
    page.get_by_label(USERNAME_LABEL).fill(username)
    page.get_by_label(PASSWORD_LABEL).fill(password)
    page.get_by_role("button", name=LOGIN_BUTTON).click()
    expect(page).to_have_url(re.compile(re.escape(reverse("shell:home")) + r"$"))


def main_nav(page: Page, name: str = "Main"):
    """The main navigation, opened as a person would: on a phone it is a drawer behind the Menu button."""
    drawer = page.locator("details.drawer")
    if drawer.get_attribute("open") is None:
        drawer.locator("summary").click()
    return page.get_by_role("navigation", name=name)


def open_from_nav(page: Page, name: str) -> None:
    """Follow a link of the main navigation as a person would (through the drawer on a phone)."""
    link = main_nav(page).get_by_role("link", name=name, exact=True)
    link.scroll_into_view_if_needed()
    expect(link).to_be_in_viewport()
    link.click()


def results(page: Page):
    return page.locator("#employee-results")


# --- 1. log in -> employee search -> profile --------------------------------------------------


def test_admin_finds_an_employee_and_reads_the_profile(browser_page, live_server, world, password):
    page = browser_page
    use_english(page, live_server)
    log_in(page, "admin.alfa", password)
    expect(page.get_by_role("heading", level=1)).to_contain_text("Welcome")
    shot(page, "home-admin")

    open_from_nav(page, "Employees")
    expect(page).to_have_url(re.compile(r"/people/employees/$"))
    expect(page.get_by_role("heading", level=1, name="Employees")).to_be_visible()
    found = results(page)
    # Everyone of the Pemda is listed before searching.
    for key in ("head_bidang", "staff_bidang", "kel_b1_staff"):
        expect(found.get_by_role("link", name=world.employees[key].name, exact=True)).to_be_visible()
    shot(page, "employee-list")

    # Typing swaps only the results (htmx); the rest of the page stays.
    page.evaluate("window.__sameDocument = true")
    page.get_by_label("Search by name or NIP").press_sequentially("kepala bid", delay=30)
    expect(found.get_by_role("link", name="Staf Bidang", exact=True)).to_have_count(0)
    expect(found.get_by_role("link", name=world.employees["kel_b1_staff"].name)).to_have_count(0)
    expect(found.get_by_role("link", name="Dr. Kepala Dinas, M.Si.")).to_have_count(0)
    expect(found.get_by_role("link", name="Kepala Bidang, S.H.", exact=True)).to_be_visible()
    expect(found).to_contain_text("1 employee found")
    assert page.evaluate("window.__sameDocument") is True, "the search reloaded the page instead of swapping results"
    expect(page).to_have_url(re.compile(r"[?&]q=kepala(\+|%20)bid"))  # the search is in the address (shareable)
    shot(page, "employee-search")

    employee = world.employees["head_bidang"]
    found.get_by_role("link", name=employee.name, exact=True).click()
    expect(page).to_have_url(re.compile(re.escape(reverse("people:employee_detail", args=[employee.nip])) + "$"))
    expect(page.get_by_role("heading", level=1)).to_have_text(employee.name)
    profile = page.get_by_role("region", name="Profile", exact=True)
    expect(profile).to_contain_text(employee.nip)
    expect(profile.get_by_role("link", name=employee.unit.name)).to_be_visible()
    history = page.get_by_role("region", name="Employment history").get_by_role("table")
    expect(history.get_by_role("row")).to_have_count(2)  # header + the one period
    row = history.get_by_role("row").nth(1)
    expect(row).to_contain_text(employee.unit.name)
    day = employee.appointed_on
    expect(row).to_contain_text(f"{day.day} {day:%b %Y}")  # English: 12 Dec 2026
    expect(row).to_contain_text("now")
    shot(page, "employee-profile")


def test_operator_does_not_find_or_open_an_employee_of_another_unit(browser_page, live_server, world, password):
    page = browser_page
    own = EmployeeFactory(pemda=world.pemda, unit=world.units["bidang"], name="Pelayan Bidang Dinas")
    other = world.employees["kel_b1_staff"]  # "Pelayan Kelurahan Beta", outside the Dinas subtree
    use_english(page, live_server)
    log_in(page, "operator.alfa", password)

    open_from_nav(page, "Employees")
    found = results(page)
    expect(found.get_by_role("link", name=own.name)).to_be_visible()
    expect(found.get_by_role("link", name=other.name)).to_have_count(0)

    search = page.get_by_label("Search by name or NIP")
    search.press_sequentially("Pelayan", delay=30)
    expect(found).to_contain_text("1 employee found")
    expect(found.get_by_role("link", name=own.name)).to_be_visible()
    expect(found.get_by_role("link", name=other.name)).to_have_count(0)

    # Not by NIP either: the other unit's employee is simply not there.
    search.fill(other.nip)
    expect(found).to_contain_text("0 employees found")
    expect(found).not_to_contain_text(other.nip)

    response = page.goto(reverse("people:employee_detail", args=[other.nip]))
    assert response is not None and response.status == 404
    expect(page.get_by_role("heading", level=1)).to_have_text("Not found")
    expect(page.locator("body")).not_to_contain_text(other.name)
    expect(page.locator("body")).not_to_contain_text(other.unit.name)
    shot(page, "employee-404")


# --- 2. an import file with an error: the report, and nothing written ------------------------

IMPORT_HEADER = "nip,nama,jenis_kelamin,tanggal_lahir,jenis_asn,golongan,jabatan,jenis_jabatan,kode_unit,nip_atasan,pendidikan,email,telepon"


def test_import_with_an_unknown_unit_reports_the_row_and_writes_nothing(
    browser_page, live_server, world, password, tmp_path
):
    page = browser_page
    good_nip = make_nip(birth=date(1990, 5, 17), gender="P")
    bad_nip = make_nip(birth=date(1992, 8, 9), gender="L")
    csv_file = tmp_path / "pegawai-baru.csv"
    csv_file.write_text(
        "\n".join(
            [
                IMPORT_HEADER,
                f'{good_nip},"Rina Wulandari, S.E.",P,17-05-1990,PNS,III/a,Analis SDM,pelaksana,ALF-DKP-PD,,S1,rina@example.go.id,081234567890',
                f"{bad_nip},Bayu Pratama,L,09-08-1992,PNS,II/c,Pengadministrasi Umum,pelaksana,ALF-NOPE,,SMA,,",
            ]
        )
        + "\n",
        encoding="utf-8",
    )
    employees_before = Employee.objects.count()
    use_english(page, live_server)
    log_in(page, "admin.alfa", password)

    open_from_nav(page, "Import")
    expect(page.get_by_role("heading", level=1)).to_be_visible()
    shot(page, "import")
    page.get_by_label("What to import").select_option("employees")
    page.get_by_label("File (CSV or XLSX)").set_input_files(str(csv_file))
    page.get_by_role("button", name="Upload and import").click()

    expect(page).to_have_url(re.compile(r"/people/import/jobs/\d+/$"))
    expect(page.get_by_role("heading", level=1)).to_contain_text("pegawai-baru.csv")
    errors = page.get_by_role("table")
    expect(errors).to_be_visible()  # the tasks run immediately in the test settings: the report is there
    shot(page, "import-report")

    header = [c.strip() for c in errors.get_by_role("columnheader").all_inner_texts()]
    assert {"Row", "Column", "Value", "Problem"} <= set(header), header
    rows = errors.locator("tbody").get_by_role("row")
    expect(rows).to_have_count(1)
    cells = dict(zip(header, [c.strip() for c in rows.first.get_by_role("cell").all_inner_texts()], strict=True))
    assert cells["Row"] == "3"  # the header is row 1, the good row 2
    assert cells["Column"] == "kode_unit"
    assert cells["Value"] == "ALF-NOPE"
    assert len(cells["Problem"]) > 10, cells  # a reason a person can act on, not an empty cell

    # All-or-nothing: the good row was not written either.
    job = ImportJob.objects.get()
    assert job.status == ImportJobStatus.DONE
    assert not Employee.objects.filter(nip__in=[good_nip, bad_nip]).exists()
    assert Employee.objects.count() == employees_before


# --- 3. language ------------------------------------------------------------------------------


def test_login_page_is_indonesian_by_default_and_the_footer_switches_to_english(
    browser_page, live_server, world, password
):
    page = browser_page
    page.goto(reverse("accounts:login"))
    expect(page.locator("html")).to_have_attribute("lang", "id")
    expect(page.get_by_role("heading", level=1)).to_have_text("Masuk ke Bina")
    expect(page.get_by_label("Nama pengguna atau NIP")).to_be_visible()
    switcher = page.get_by_role("contentinfo").get_by_label("Bahasa", exact=True)
    expect(switcher).to_have_value("id")

    switcher.select_option("en")  # submits on change, back to the same page
    expect(page.locator("html")).to_have_attribute("lang", "en")
    expect(page).to_have_url(re.compile(re.escape(reverse("accounts:login")) + "$"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Log in to Bina")
    expect(page.get_by_role("contentinfo").get_by_label("Language")).to_have_value("en")

    # The choice outlives the log-in, although the account's saved language is Indonesian.
    assert world.users["admin"].language == "id"
    log_in(page, "admin.alfa", password)
    expect(page.locator("html")).to_have_attribute("lang", "en")
    expect(main_nav(page)).to_be_visible()

    page.get_by_role("contentinfo").get_by_label("Language").select_option("id")
    expect(page.locator("html")).to_have_attribute("lang", "id")
    expect(main_nav(page, "Menu utama").get_by_role("link", name="Beranda")).to_be_visible()
    expect(page).to_have_url(re.compile(re.escape(reverse("shell:home")) + "$"))


# --- 4. layout: nothing scrolls sideways, controls are big enough to tap ---------------------

MIN_CONTROL_HEIGHT = 40  # px; the style sheet aims at 44

# Visible controls whose box (for a check box or radio: its label, the real tap target) is too short.
SMALL_CONTROLS_JS = """(minHeight) => {
  const selector = 'button, a.button, input:not([type=hidden]), select, textarea, nav a, .pagination a';
  const small = [];
  for (const el of document.querySelectorAll(selector)) {
    if (el.closest('.visually-hidden, .skip-link')) continue;
    const style = getComputedStyle(el);
    if (style.display === 'none' || style.visibility === 'hidden') continue;
    const choice = el.type === 'checkbox' || el.type === 'radio';
    const target = choice && el.labels && el.labels.length ? el.labels[0] : el;
    const box = target.getBoundingClientRect();
    if (box.width === 0 && box.height === 0) continue;
    if (box.height < minHeight) {
      small.push(`${el.tagName.toLowerCase()}${el.name ? '[name=' + el.name + ']' : ''} "${(target.innerText || el.value || '').trim().slice(0, 30)}" ${Math.round(box.height)}px`);
    }
  }
  return small;
}"""


def assert_fits(page: Page, name: str) -> None:
    """The page does not scroll sideways and its controls are tall enough; then a screenshot."""
    page.wait_for_load_state("load")
    widths = page.evaluate("[document.documentElement.scrollWidth, window.innerWidth]")
    assert widths[0] <= widths[1], f"{name} scrolls sideways at {page.viewport_name}: {widths[0]}px > {widths[1]}px"
    small = page.evaluate(SMALL_CONTROLS_JS, MIN_CONTROL_HEIGHT)
    assert not small, f"{name}: controls shorter than {MIN_CONTROL_HEIGHT}px at {page.viewport_name}: {small}"
    shot(page, name)


@pytest.mark.viewports("phone", "desktop")
def test_journey_pages_fit_the_screen_and_controls_are_tall_enough(
    browser_page, live_server, world, password, tmp_path
):
    """In the default language (Indonesian), every page of the journeys, at a phone and a desktop."""
    page = browser_page
    page.goto(reverse("accounts:login"))
    assert_fits(page, "layout-login")
    log_in(page, "admin.alfa", password)
    assert_fits(page, "layout-home")

    employee = world.employees["head_bidang"]
    for name, url in [
        ("layout-employees", reverse("people:employees")),
        ("layout-search", reverse("people:employees") + "?q=kepala"),
        ("layout-profile", reverse("people:employee_detail", args=[employee.nip])),
        ("layout-org-tree", reverse("people:units")),
        ("layout-unit", reverse("people:unit_detail", args=[employee.unit.code])),
        ("layout-my-account", reverse("accounts:tokens")),
        ("layout-404", reverse("people:employee_detail", args=["199001012015011999"])),
        ("layout-import", reverse("people:import")),
    ]:
        page.goto(url)
        assert_fits(page, name)

    # The htmx search swaps the results in place: the swapped page must fit too.
    page.goto(reverse("people:employees"))
    page.get_by_role("searchbox").press_sequentially("pelayan", delay=30)
    expect(page).to_have_url(re.compile(r"q=pelayan"))
    expect(page.locator("#employee-results tbody tr")).to_have_count(2)
    assert_fits(page, "layout-search-swapped")

    # An import report with an error (long reason text in a table).
    csv_file = tmp_path / "data pegawai dengan nama berkas yang panjang sekali.csv"
    csv_file.write_text(
        IMPORT_HEADER
        + "\n"
        + f"{make_nip(birth=date(1991, 1, 2))},Bayu Pratama,L,02-01-1991,PNS,II/c,Pengadministrasi Umum,pelaksana,ALF-TIDAK-ADA-SAMA-SEKALI,,SMA,,\n",
        encoding="utf-8",
    )
    page.goto(reverse("people:import"))
    page.locator("select[name=kind]").select_option("employees")
    page.locator("input[type=file]").set_input_files(str(csv_file))
    page.locator("form[enctype] [type=submit]").click()
    expect(page).to_have_url(re.compile(r"/people/import/jobs/\d+/$"))
    expect(page.locator("#import-job table")).to_be_visible()
    assert_fits(page, "layout-import-report")
