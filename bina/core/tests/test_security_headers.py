"""Security headers on pages, API answers and downloads; no inline code in templates; no debug page in `make demo`."""

from __future__ import annotations

import os
import re
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest
from django.test import Client
from django.urls import reverse

ROOT = Path(__file__).resolve().parents[3]
TOKEN_URL = "/api/v1/auth/token"


def assert_private(response) -> None:
    cache_control = {part.strip() for part in response["Cache-Control"].split(",")}
    assert {"no-store", "private"} <= cache_control, response["Cache-Control"]


def assert_csp(response) -> None:
    policy = response["Content-Security-Policy"]
    assert "script-src 'self'" in policy
    assert "style-src 'self'" in policy
    assert "frame-ancestors 'none'" in policy
    assert "unsafe-inline" not in policy and "unsafe-eval" not in policy


def test_pages_carry_csp_and_no_store(world, client_as):
    for url in (reverse("shell:home"), reverse("accounts:users"), reverse("accounts:login")):
        response = client_as(world.users["admin"]).get(url, follow=True)
        assert response.status_code == 200
        assert_csp(response)
        assert_private(response)


def test_api_answers_carry_csp_and_no_store(world, password):
    client = Client()
    created = client.post(TOKEN_URL, {"username": "admin.alfa", "password": password}, content_type="application/json")
    assert created.status_code == 200
    assert_private(created)  # the token secret itself
    response = client.get("/api/v1/auth/tokens", HTTP_AUTHORIZATION=f"Bearer {created.json()['token']}")
    assert response.status_code == 200
    assert_csp(response)
    assert_private(response)


def test_downloads_carry_csp_and_no_store(world, client_as):
    # A download with rows (an empty export is a message on the page, not a file): the employee list.
    response = client_as(world.users["admin"]).get(reverse("people:employees"), {"format": "xlsx"})
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    assert_csp(response)
    assert_private(response)


def test_static_files_stay_cacheable(db):
    response = Client().get("/static/bina/bina.js")
    assert response.status_code == 200
    assert "no-store" not in response.get("Cache-Control", "")


INLINE = [
    (re.compile(r"<script(?![^>]*\bsrc=)[^>]*>", re.I), "inline <script>"),
    (re.compile(r"<style\b", re.I), "<style> block"),
    (re.compile(r"\sstyle\s*=", re.I), "style attribute"),
    (re.compile(r"\son[a-z]+\s*=", re.I), "on* handler"),
    (re.compile(r"javascript:", re.I), "javascript: URL"),
]


def test_no_template_has_inline_scripts_styles_or_handlers():
    """The CSP refuses them, so each would be a broken page; they belong in static files."""
    problems = []
    for template in sorted((ROOT / "bina").rglob("templates/**/*.html")):
        text = template.read_text(encoding="utf-8")
        for pattern, what in INLINE:
            # A JSON data block is not code (type="application/json" is never executed).
            for match in pattern.finditer(text):
                if "application/json" in match.group(0):
                    continue
                problems.append(f"{template.relative_to(ROOT)}: {what}: {match.group(0)[:60]}")
    assert problems == []


# --- make demo / make serve never show Django's debug pages -----------------------------------------


def test_make_serve_runs_the_server_and_worker_with_debug_off():
    dry_run = subprocess.run(["make", "-n", "serve"], cwd=ROOT, capture_output=True, text=True, timeout=60)
    assert dry_run.returncode == 0, dry_run.stderr
    lines = [line for line in dry_run.stdout.splitlines() if "runserver" in line or "db_worker" in line]
    assert len(lines) == 2 and all("DEBUG=0 " in line for line in lines), dry_run.stdout


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _get(url: str, headers: dict[str, str] | None = None) -> tuple[int, str]:
    request = urllib.request.Request(url, headers=headers or {})
    try:
        with urllib.request.urlopen(request, timeout=30) as response:
            return response.status, response.read().decode()
    except urllib.error.HTTPError as error:
        return error.code, error.read().decode()


@pytest.fixture
def demo_server(tmp_path):
    """`manage.py runserver` as `make serve` runs it (dev settings, DEBUG=0), on an empty database file.

    The database has no tables, so any request that reaches it fails: a real server error.
    """
    port = _free_port()
    env = {k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "DEBUG", "TEST_DB"))}
    env.update(DJANGO_SETTINGS_MODULE="bina.settings.dev", DEBUG="0", DATABASE_URL=f"sqlite:///{tmp_path / 'x.db'}")
    process = subprocess.Popen(
        [sys.executable, "manage.py", "runserver", f"127.0.0.1:{port}", "--noreload", "--skip-checks"],
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    base = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 90
    while time.monotonic() < deadline:
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=1):
                break
        except OSError:
            assert process.poll() is None, process.stderr.read().decode() if process.stderr else ""
            time.sleep(0.3)
    yield base
    process.terminate()
    process.wait(timeout=30)


def test_demo_server_shows_binas_404_and_500_pages_not_djangos(demo_server):
    status, body = _get(f"{demo_server}/no-such-page/")
    assert status == 404
    assert "· Bina</title>" in body
    assert "Using the URLconf" not in body and "DEBUG = True" not in body
    # A session cookie makes the server read the (missing) session table: an unexpected error.
    status, body = _get(f"{demo_server}/accounts/users/", headers={"Cookie": "sessionid=" + "a" * 32})
    assert status == 500
    assert "· Bina</title>" in body
    assert "Traceback" not in body and "OperationalError" not in body and "DEBUG = True" not in body
