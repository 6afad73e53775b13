"""`make screenshots`: what Bina looks like, for each demo role, at a phone and a desktop size.

Loads the standard demo into a throw-away SQLite database, serves it on a free port (DEBUG off, as
`make demo`), logs in as each demo role through the log-in form (Bahasa Indonesia, the default) and saves
the role's home page and main page at 390x844 and 1366x900 into docs/screenshots/ (256-colour PNG, the
top of the page up to a few screens). `--url` photographs a server that is already running instead.

    .venv/bin/python scripts/screenshots.py [--out docs/screenshots] [--url http://127.0.0.1:8000]
"""

from __future__ import annotations

import argparse
import io
import os
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bina.tests.crawl import DESKTOP, PHONE, log_in  # noqa: E402

# (file name, username, the role's main pages after its home page)
ROLES = [
    (
        "admin",
        "admin.surabaya",
        [
            ("classes", "/training/classes/"),
            ("org-tree", "/people/units/"),
            ("service-figures", "/quality/figures/"),
            ("skm", "/skm/"),
            ("complaints", "/complaints/"),
        ],
    ),
    ("operator", "operator.surabaya", [("employees", "/people/employees/")]),
    ("leader", "leader.surabaya", [("compliance", "/training/compliance/"), ("service-figures", "/quality/figures/")]),
    ("lurah", "lurah.surabaya", [("service-figures", "/quality/figures/")]),
    ("instructor", "instructor.surabaya", [("classes", "/training/classes/")]),
    ("supervisor", "supervisor.surabaya", [("team", "/training/team/")]),
    ("participant", "participant.surabaya", [("my-learning", "/training/me/")]),
    ("partner", "partner.surabaya", [("partners", "/partners/")]),
    ("superadmin", "superadmin", [("pemda", "/pemda/")]),
    # No log-in: what a citizen sees from the counter's QR poster and the complaint form.
    ("citizen", None, [("skm-units", "/p/surabaya/skm/"), ("complaint", "/p/surabaya/pengaduan/")]),
]
SIZES = {"phone": (PHONE, 3 * 844), "desktop": (DESKTOP, 2 * 900)}  # the tallest part kept, in CSS pixels


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def wait_until_up(url: str, process: subprocess.Popen[bytes], seconds: float = 60) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise SystemExit(f"The server stopped (exit {process.returncode}).")
        try:
            urllib.request.urlopen(f"{url}/accounts/login/", timeout=2)
            return
        except OSError:
            time.sleep(0.5)
    raise SystemExit(f"No answer from {url} after {seconds:.0f} s.")


def serve_demo(workdir: Path) -> tuple[str, subprocess.Popen[bytes]]:
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "bina.settings.dev",
        "DATABASE_URL": f"sqlite:///{workdir / 'screenshots.sqlite3'}",
        "DEBUG": "0",
    }
    python = sys.executable
    for command in (["migrate", "--noinput", "-v0"], ["load_demo"]):
        subprocess.run([python, "manage.py", *command], cwd=ROOT, env=env, check=True, stdout=subprocess.DEVNULL)
    port = free_port()
    process = subprocess.Popen(
        [python, "manage.py", "runserver", f"127.0.0.1:{port}", "--noreload"],
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    url = f"http://127.0.0.1:{port}"
    wait_until_up(url, process)
    return url, process


def compact(png: bytes, target: Path) -> None:
    """A 256-colour PNG: the pages are flat colours and text, so this keeps them sharp at a third of the size."""
    from PIL import Image

    with Image.open(io.BytesIO(png)) as image:
        image.convert("RGB").quantize(colors=256).save(target, optimize=True)


def photograph(url: str, out: Path) -> list[Path]:
    from playwright.sync_api import sync_playwright

    out.mkdir(parents=True, exist_ok=True)
    for old in out.glob("*.png"):
        old.unlink()
    written: list[Path] = []
    executable = os.environ.get("CHROMIUM", "/usr/bin/chromium")
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=executable, args=["--no-sandbox", "--disable-gpu"])
        for role, username, pages in ROLES:
            for size, (options, tallest) in SIZES.items():
                context = browser.new_context(base_url=url, locale="id-ID", **options)
                page = context.new_page()
                page.set_default_timeout(30_000)
                if username is not None:
                    log_in(page, username)
                for name, path in [("home", "/") if username else ("portal", "/p/surabaya/"), *pages]:
                    page.goto(path)
                    page.wait_for_load_state("load")
                    width = options["viewport"]["width"]
                    height = min(page.evaluate("document.documentElement.scrollHeight"), tallest)
                    target = out / f"{role}-{name}-{size}.png"
                    clip = {"x": 0, "y": 0, "width": width, "height": height}
                    compact(page.screenshot(full_page=True, clip=clip), target)
                    written.append(target)
                context.close()
        browser.close()
    return written


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", default=str(ROOT / "docs" / "screenshots"))
    parser.add_argument("--url", help="a running Bina with the demo loaded (default: start one)")
    args = parser.parse_args()
    if args.url:
        written = photograph(args.url.rstrip("/"), Path(args.out))
    else:
        with tempfile.TemporaryDirectory(prefix="bina-shots-") as workdir:
            url, server = serve_demo(Path(workdir))
            try:
                written = photograph(url, Path(args.out))
            finally:
                server.terminate()
                server.wait(timeout=10)
    print(f"{len(written)} screenshots in {args.out}")


if __name__ == "__main__":
    main()
