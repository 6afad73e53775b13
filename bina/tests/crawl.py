"""Walk what a demo account can reach, in a real browser, opening each page once (the page-width test).

Plain Playwright (no Django): log in through the form, read the links of the navigation (the menu, the
drawer on a phone, the account links in the header), and from each of those pages the first link of each
kind in the page's content (a class, a unit, an employee...), so detail pages are measured too.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from urllib.parse import urlsplit

from playwright.sync_api import Error as PlaywrightError
from playwright.sync_api import Page

DEMO_PASSWORD = "bina-demo-2026"
PHONE = {"viewport": {"width": 390, "height": 844}, "is_mobile": True, "has_touch": True, "device_scale_factor": 1}
DESKTOP = {"viewport": {"width": 1366, "height": 900}}

# Links that are not pages to look at: files, the API, language and log-out, other sites.
_SKIP = re.compile(r"^/(api|static|media|i18n)/|logout|/export|download|[./](xlsx|csv|pdf|ics|svg|png)/?$|format=")
# Segments that name an object: the rest of the path is the kind of page (`/training/classes/7/` ~ `/14/`).
_KEY = re.compile(r"/(\d+|[0-9A-Za-z]*\d[0-9A-Za-z._-]*)(?=/|$)")

# What a page is wider than its viewport by: 0 when nothing scrolls sideways. Measured on the document
# and, for a clearer report, naming the widest element that sticks out (not counting content inside a
# scrolling container, which a person scrolls on purpose).
WIDTH_PROBE = """() => {
  const width = document.documentElement.clientWidth;
  const over = Math.max(document.documentElement.scrollWidth, document.body.scrollWidth) - width;
  let culprit = "";
  if (over > 0) {
    let worst = 0;
    for (const el of document.body.querySelectorAll("*")) {
      const right = el.getBoundingClientRect().right;
      let p = el.parentElement, clipped = false;
      while (p && p !== document.body) {
        const o = getComputedStyle(p).overflowX;
        if (o === "auto" || o === "scroll" || o === "hidden") { clipped = true; break; }
        p = p.parentElement;
      }
      if (!clipped && right - width > worst) {
        worst = right - width;
        culprit = el.tagName.toLowerCase() + (el.id ? "#" + el.id : "") + (el.className && typeof el.className === "string" ? "." + el.className.trim().split(/\\s+/).join(".") : "");
      }
    }
  }
  return {over, culprit};
}"""


@dataclass(frozen=True)
class Overflow:
    username: str
    path: str
    over: int
    culprit: str

    def __str__(self) -> str:
        return f"{self.username} {self.path}: {self.over}px wider than the viewport ({self.culprit})"


def log_in(page: Page, username: str, password: str = DEMO_PASSWORD) -> None:
    page.goto("/accounts/login/")
    page.locator("input[name=username]").fill(username)
    page.locator("input[name=password]").fill(password)
    page.locator("form:has(input[name=password]) [type=submit]").click()
    page.wait_for_load_state()
    if "/login" in page.url:
        raise AssertionError(f"{username} could not log in")


def _local_paths(page: Page, selector: str) -> list[str]:
    hrefs = page.eval_on_selector_all(
        selector, "els => els.filter(a => !a.hasAttribute('download')).map(a => a.getAttribute('href'))"
    )
    paths: list[str] = []
    for href in hrefs:
        if not href or href.startswith("#"):
            continue
        parts = urlsplit(href)
        if parts.netloc and parts.netloc != urlsplit(page.url).netloc:
            continue
        path = parts.path + (f"?{parts.query}" if parts.query else "")
        if path.startswith("/") and not _SKIP.search(path) and path not in paths:
            paths.append(path)
    return paths


def navigation_paths(page: Page) -> list[str]:
    """The pages of the account's navigation, as its home page offers them (menu, drawer, header)."""
    page.goto("/")
    return ["/", *[p for p in _local_paths(page, "nav a[href], header a[href]") if p != "/"]]


def _open(page: Page, path: str) -> bool:
    """Go to `path`; True when it is an HTML page (a link may also be a file being downloaded)."""
    try:
        response = page.goto(path)
    except PlaywrightError as error:
        if "Download is starting" in str(error):
            return False
        raise
    if response is None or "text/html" not in (response.headers.get("content-type") or ""):
        return False
    page.wait_for_load_state("load")
    return True


def walk(page: Page, per_page: int = 6) -> Iterator[str]:
    """Open the navigation's pages, then from each the first link of each kind found in its content, each
    page once; yields each path while its page is open, so the caller measures or photographs it there."""
    nav = navigation_paths(page)
    seen_kinds = {_KEY.sub("/<key>", p.split("?")[0]) for p in nav}
    details: list[str] = []
    for path in nav:
        if not _open(page, path):
            continue
        yield path
        found = 0
        for link in _local_paths(page, "main a[href]"):
            kind = _KEY.sub("/<key>", link.split("?")[0])
            if kind in seen_kinds:
                continue
            seen_kinds.add(kind)
            details.append(link)
            found += 1
            if found >= per_page:
                break
    for link in details:
        if _open(page, link):
            yield link


def overflow_here(page: Page, username: str, path: str) -> Overflow | None:
    """Measure the open page; None when it fits the viewport."""
    result = page.evaluate(WIDTH_PROBE)
    if result["over"] > 0:
        return Overflow(username, path, int(result["over"]), result["culprit"])
    return None
