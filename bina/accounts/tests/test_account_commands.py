"""`create_user` and `create_superadmin`: a Pemda set up without the demo; bad input changes nothing."""

from __future__ import annotations

import os
import pty
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection
from django.test import Client
from django.urls import reverse
from django.utils import translation

from bina.accounts.models import RoleAssignment, User
from bina.core.models import AuditEvent

ROOT = Path(__file__).resolve().parents[3]
STRONG = "Kunci-Rahasia-Bina-7391"


def password_file(tmp_path: Path, password: str = STRONG) -> str:
    path = tmp_path / "password.txt"
    path.write_text(password + "\n")
    return str(path)


def snapshot() -> tuple[int, int, int]:
    return User.objects.count(), RoleAssignment.objects.count(), AuditEvent.objects.count()


def test_create_user_makes_an_admin_who_can_log_in(world, tmp_path):
    call_command("create_user", "bkpsdm.kepala", "--pemda", world.pemda.slug, "--role", "admin",
                 "--password-file", password_file(tmp_path))  # fmt: skip
    user = User.objects.get(username="bkpsdm.kepala")
    assert user.pemda_id == world.pemda.pk
    assert list(user.role_assignments.values_list("role", flat=True)) == ["admin"]
    create = AuditEvent.objects.get(action="user.create", target_id=str(user.pk))
    assert create.actor_label == "system:create_user"
    assert AuditEvent.objects.filter(action="role.assign", target_id=str(user.pk), pemda=world.pemda).exists()
    # The trailing newline of the file is not part of the password.
    response = Client().post(reverse("accounts:login"), {"username": "bkpsdm.kepala", "password": STRONG})
    assert response.status_code == 302


def test_create_user_links_the_employee_by_nip_and_the_operator_unit(world, tmp_path):
    employee = world.employees["staff_bidang"]
    call_command("create_user", "operator.baru", "--pemda", world.pemda.slug, "--role", "operator",
                 "--unit", world.units["dinas"].code, "--nip", employee.nip,
                 "--password-file", password_file(tmp_path))  # fmt: skip
    user = User.objects.get(username="operator.baru")
    assert user.employee_id == employee.pk
    assert user.role_assignments.get().org_unit_id == world.units["dinas"].pk


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"--pemda": "atlantis"}, "No Pemda with slug 'atlantis'"),
        ({"--nip": "199001012020121001"}, "No employee with NIP 199001012020121001"),
        ({"--role": "operator"}, "needs the unit"),
        ({"--role": "operator", "--unit": "NOPE"}, "No unit with code NOPE"),
        ({"username": "admin.alfa"}, "taken"),
        ({"password": "password123"}, "too weak"),
        ({"password": "bkpsdm.kepala1"}, "too similar"),
        ({"password": "12345678901234"}, "entirely numeric"),
    ],
)
def test_create_user_refuses_bad_input_and_writes_nothing(world, other_world, tmp_path, change, message):
    options = {"--pemda": world.pemda.slug, "--role": "admin"}
    options.update({k: v for k, v in change.items() if k.startswith("--")})
    if "--nip" in change:
        # An employee of the other Pemda is just as unknown here.
        options["--nip"] = other_world.employees["staff_bidang"].nip
        message = f"No employee with NIP {options['--nip']}"
    args = [change.get("username", "bkpsdm.kepala")]
    for key, value in options.items():
        args += [key, value]
    args += ["--password-file", password_file(tmp_path, change.get("password", STRONG))]
    before = snapshot()
    with translation.override("en"), pytest.raises(CommandError, match=message) as exc:
        call_command("create_user", *args)
    assert "Nothing was created" in str(exc.value) or "create_pemda" in str(exc.value)
    assert snapshot() == before


def test_create_user_refuses_an_unknown_role(world, tmp_path):
    before = snapshot()
    with pytest.raises(CommandError, match="invalid choice: 'kepala'"):
        call_command("create_user", "x.y", "--pemda", world.pemda.slug, "--role", "kepala",
                     "--password-file", password_file(tmp_path))  # fmt: skip
    assert snapshot() == before


def test_create_user_refuses_a_missing_or_empty_password_file(world, tmp_path):
    before = snapshot()
    with pytest.raises(CommandError, match="Cannot read the password file"):
        call_command("create_user", "x.y", "--pemda", world.pemda.slug, "--role", "admin",
                     "--password-file", str(tmp_path / "none.txt"))  # fmt: skip
    with pytest.raises(CommandError, match="is empty"):
        call_command("create_user", "x.y", "--pemda", world.pemda.slug, "--role", "admin",
                     "--password-file", password_file(tmp_path, ""))  # fmt: skip
    assert snapshot() == before


def test_create_superadmin_makes_a_platform_account(db, tmp_path):
    call_command("create_superadmin", "platform.admin", "--password-file", password_file(tmp_path))
    user = User.objects.get(username="platform.admin")
    assert (user.is_superadmin, user.pemda_id) == (True, None)
    event = AuditEvent.objects.get(action="user.create", target_id=str(user.pk))
    assert (event.actor_label, event.pemda_id) == ("system:create_superadmin", None)
    client = Client()
    assert client.post(reverse("accounts:login"), {"username": "platform.admin", "password": STRONG}).status_code == 302


def test_create_superadmin_refuses_a_weak_password(db, tmp_path):
    before = snapshot()
    with translation.override("en"), pytest.raises(CommandError, match="too short"):
        call_command("create_superadmin", "platform.admin", "--password-file", password_file(tmp_path, "bina2026"))
    assert snapshot() == before


def _env_for_test_database() -> dict[str, str]:
    """The environment of a `manage.py` process that works on this test's (committed) database."""
    db = connection.settings_dict
    if connection.vendor == "postgresql":
        url = f"postgres://{db['USER']}@{db['HOST']}:{db['PORT']}/{db['NAME']}"
    else:
        url = f"sqlite:///{db['NAME']}"
    env = {k: v for k, v in os.environ.items() if not k.startswith("DJANGO_")}
    return {**env, "DJANGO_SETTINGS_MODULE": "bina.settings.test", "DATABASE_URL": url}


@pytest.mark.django_db(transaction=True)
def test_create_superadmin_reads_the_password_from_a_prompt_in_a_real_process():
    controller, terminal = pty.openpty()
    process = subprocess.Popen(
        [sys.executable, "manage.py", "create_superadmin", "prompted.admin"],
        cwd=ROOT,
        env=_env_for_test_database(),
        stdin=terminal,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        start_new_session=True,  # no controlling terminal: getpass reads the pty on stdin
    )
    os.close(terminal)
    assert process.stderr is not None
    seen = b""
    for prompt in (b"Password: ", b"Password (again): "):
        # Type only once the prompt is there: getpass flushes what was typed before it.
        while not seen.endswith(prompt):
            chunk = os.read(process.stderr.fileno(), 1024)
            assert chunk, seen
            seen += chunk
        os.write(controller, f"{STRONG}\n".encode())
    out, err = process.communicate(timeout=120)
    os.close(controller)
    assert process.returncode == 0, err.decode()
    assert b"Created the superadmin prompted.admin" in out
    assert User.objects.get(username="prompted.admin").check_password(STRONG)


@pytest.mark.django_db(transaction=True)
def test_create_user_without_a_password_source_fails_in_a_real_process(world):
    before = snapshot()
    result = subprocess.run(
        [sys.executable, "manage.py", "create_user", "x.y", "--pemda", world.pemda.slug, "--role", "admin"],
        cwd=ROOT,
        env=_env_for_test_database(),
        stdin=subprocess.DEVNULL,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 1
    assert "No password given: use --password-file PATH" in result.stderr
    assert snapshot() == before
