import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from bina.core.models import AuditEvent, Pemda

ROOT = Path(__file__).resolve().parents[3]
PROD_ENV = {
    "DJANGO_SETTINGS_MODULE": "bina.settings.prod",
    "SECRET_KEY": "test-only-" + "abcdefghij0123456789" * 3,
    "ALLOWED_HOSTS": "bina.example.go.id",
    "DATABASE_URL": "sqlite:////tmp/bina-prod-check.sqlite3",
    "EMAIL_HOST": "smtp.example.go.id",
    "SITE_URL": "https://bina.example.go.id",
}


def run_check(env_overrides: dict[str, str | None]) -> subprocess.CompletedProcess:
    # Not the browser tests' DJANGO_ALLOW_ASYNC_UNSAFE (conftest's Chromium fixture sets it for this process):
    # a deployment never has it, and `check --deploy` rightly refuses it.
    env = {k: v for k, v in os.environ.items() if k not in PROD_ENV and k != "DJANGO_ALLOW_ASYNC_UNSAFE"}
    for key, value in {**PROD_ENV, **env_overrides}.items():
        if value is not None:
            env[key] = value
    return subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )


@pytest.mark.parametrize("missing", ["SECRET_KEY", "ALLOWED_HOSTS", "DATABASE_URL", "EMAIL_HOST", "SITE_URL"])
def test_production_refuses_to_start_without_a_required_setting(missing):
    result = run_check({missing: None})
    assert result.returncode != 0
    assert missing in result.stderr


def test_production_settings_pass_check_deploy():
    result = run_check({})
    assert result.returncode == 0, result.stderr


@pytest.mark.django_db
def test_create_pemda_command_creates_tenant(capsys):
    call_command("create_pemda", "kab-contoh", name="Pemerintah Kabupaten Contoh", kind="kabupaten", bps_code="3601")
    pemda = Pemda.objects.get(slug="kab-contoh")
    assert (pemda.kind, pemda.bps_code, pemda.timezone) == ("kabupaten", "3601", "Asia/Jakarta")
    assert AuditEvent.objects.filter(action="pemda.create", pemda=pemda).exists()
    assert "kab-contoh" in capsys.readouterr().out


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("args", "message"),
    [
        (dict(kind="kota", bps_code="35"), "4"),
        (dict(kind="provinsi", bps_code="3578"), "2"),
    ],
)
def test_create_pemda_refuses_bad_bps_code(args, message):
    with pytest.raises(CommandError) as exc:
        call_command("create_pemda", "kota-x", name="Kota X", **args)
    assert message in str(exc.value)
    assert not Pemda.objects.filter(slug="kota-x").exists()


@pytest.mark.django_db
def test_create_pemda_refuses_duplicate_slug():
    call_command("create_pemda", "kota-y", name="Kota Y", kind="kota", bps_code="3501")
    with pytest.raises(CommandError):
        call_command("create_pemda", "kota-y", name="Kota Y", kind="kota", bps_code="3502")


@pytest.mark.django_db
def test_audit_log_is_append_only(world):
    event = AuditEvent.objects.create(action="test.event", pemda=world.pemda)
    with pytest.raises(TypeError):
        event.save()
    with pytest.raises(TypeError):
        event.delete()
    with pytest.raises(TypeError):
        AuditEvent.objects.filter(pk=event.pk).update(action="x")
    with pytest.raises(TypeError):
        AuditEvent.objects.all().delete()


def test_audit_address_ignores_forwarded_header_without_trusted_proxies(rf, settings):
    from bina.core.audit import client_ip

    settings.TRUSTED_PROXY_COUNT = 0
    request = rf.get("/", HTTP_X_FORWARDED_FOR="6.6.6.6", REMOTE_ADDR="10.0.0.5")
    assert client_ip(request) == "10.0.0.5"


def test_audit_address_behind_one_proxy_is_the_hop_it_appended(rf, settings):
    from bina.core.audit import client_ip

    settings.TRUSTED_PROXY_COUNT = 1
    # The client sent a forged header; the load balancer appended the real client address.
    request = rf.get("/", HTTP_X_FORWARDED_FOR="6.6.6.6, 203.0.113.7", REMOTE_ADDR="10.0.0.1")
    assert client_ip(request) == "203.0.113.7"


def _site_url(env_overrides: dict[str, str | None]) -> str:
    env = {k: v for k, v in os.environ.items() if k not in ("SITE_URL", "HOST", "PORT", "DJANGO_SETTINGS_MODULE")}
    env["DJANGO_SETTINGS_MODULE"] = "bina.settings.dev"
    env.update({k: v for k, v in env_overrides.items() if v is not None})
    result = subprocess.run(
        [sys.executable, "-c", "from django.conf import settings; print(settings.SITE_URL)"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 0, result.stderr
    return result.stdout.strip()


def test_site_url_follows_the_served_host_and_port_unless_set():
    assert _site_url({}) == "http://127.0.0.1:8000"
    assert _site_url({"PORT": "8080"}) == "http://127.0.0.1:8080"
    assert _site_url({"HOST": "0.0.0.0", "PORT": "8081"}) == "http://127.0.0.1:8081"
    assert _site_url({"HOST": "192.168.1.5", "PORT": "9000"}) == "http://192.168.1.5:9000"
    assert _site_url({"PORT": "8080", "SITE_URL": "https://bina.example.go.id"}) == "https://bina.example.go.id"


def test_make_passes_host_and_port_to_the_settings():
    """`PORT=8080 make demo` runs manage.py with HOST and PORT in its environment (the Makefile exports them)."""
    probe = (
        "print-site-url: ; @$(PY) -c 'import django; django.setup(); "
        "from django.conf import settings; print(settings.SITE_URL)'"
    )

    def make_site_url(**env: str) -> str:
        # Not the flags of a `make test` this runs under (they make a nested make print its directory).
        dropped = ("SITE_URL", "HOST", "PORT", "MAKEFLAGS", "MFLAGS", "MAKELEVEL")
        base = {k: v for k, v in os.environ.items() if k not in dropped}
        result = subprocess.run(
            ["make", "-s", "--no-print-directory", f"--eval={probe}", "print-site-url"],
            cwd=ROOT,
            env={**base, "DJANGO_SETTINGS_MODULE": "bina.settings.dev", **env},
            capture_output=True,
            text=True,
            timeout=60,
        )
        assert result.returncode == 0, result.stderr
        return result.stdout.strip().splitlines()[-1]

    assert make_site_url() == "http://127.0.0.1:8000"
    assert make_site_url(PORT="8080") == "http://127.0.0.1:8080"
