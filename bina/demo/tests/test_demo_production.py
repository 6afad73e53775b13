"""Demo data (accounts with the published password) can never be loaded under production settings."""

import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.test import override_settings

from bina.accounts.models import User

ROOT = Path(__file__).resolve().parents[3]
# It loads nothing into the test database (its own SQLite file in a subprocess): one engine is enough.
pytestmark = pytest.mark.demo


def prod_env(tmp_path: Path, **extra: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "DATABASE_URL", "TEST_DB"))}
    env.update(
        DJANGO_SETTINGS_MODULE="bina.settings.prod",
        SECRET_KEY="test-only-" + "abcdefghij0123456789" * 3,
        ALLOWED_HOSTS="bina.example.go.id",
        DATABASE_URL=f"sqlite:///{tmp_path / 'prod.sqlite3'}",
        EMAIL_HOST="smtp.example.go.id",
        SITE_URL="https://bina.example.go.id",
    )
    env.update(extra)
    return env


def manage(env: dict[str, str], *args: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "manage.py", *args], cwd=ROOT, env=env, capture_output=True, text=True, timeout=120
    )


def test_production_settings_install_neither_demo_nor_bench(tmp_path):
    script = "import django; django.setup(); from django.conf import settings; print(settings.INSTALLED_APPS)"
    result = subprocess.run(
        [sys.executable, "-c", script], cwd=ROOT, env=prod_env(tmp_path), capture_output=True, text=True, timeout=60
    )
    assert result.returncode == 0, result.stderr
    assert "bina.shell" in result.stdout
    assert "bina.demo" not in result.stdout
    assert "bina.bench" not in result.stdout


@pytest.mark.parametrize("command", ["load_demo", "generate_demo"])
def test_demo_commands_do_not_exist_under_production_settings(tmp_path, command):
    args = [command] if command == "load_demo" else [command, "--scale", "10"]
    result = manage(prod_env(tmp_path), *args)
    assert result.returncode != 0
    assert f"Unknown command: '{command}'" in result.stderr
    # Nothing was written: the production database was never even opened.
    assert not (tmp_path / "prod.sqlite3").exists()


def test_load_demo_refuses_production_settings_even_when_the_app_is_added(tmp_path):
    """Someone adding bina.demo to a production settings file still meets a clear refusal."""
    (tmp_path / "prod_with_demo.py").write_text(
        "from bina.settings.prod import *  # noqa\nINSTALLED_APPS = [*INSTALLED_APPS, 'bina.demo']\n"
    )
    env = prod_env(tmp_path, DJANGO_SETTINGS_MODULE="prod_with_demo", PYTHONPATH=str(tmp_path))
    result = manage(env, "load_demo")
    assert result.returncode != 0
    assert "CommandError: Demo data is refused under these settings (production)" in result.stderr
    assert "published demo password" in result.stderr
    assert "bina-demo-2026" not in result.stdout + result.stderr
    assert not (tmp_path / "prod.sqlite3").exists()


@pytest.mark.django_db
@override_settings(DEMO_DATA_ALLOWED=False)
def test_load_demo_writes_nothing_when_demo_data_is_not_allowed():
    with pytest.raises(CommandError, match="refused under these settings"):
        call_command("load_demo")
    assert not User.objects.exists()
