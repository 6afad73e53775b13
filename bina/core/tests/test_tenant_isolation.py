"""No user of one Pemda ever sees a row of another, on any page or endpoint.

For every persona of the *other* Pemda (and the platform superadmin):
- list pages and list endpoints never contain a NIP or name of this Pemda's employees;
- each URL naming one of this Pemda's objects answers exactly like the same URL with a key that
  does not exist (same status code, never 200), so scope never reveals existence;
- writes (POST/PATCH) to this Pemda's objects change nothing.
"""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from bina.accounts.services import token_create
from bina.people.models import Employee, ImportJob, OrgUnit
from conftest import token_issuer

PERSONAS = ["admin", "operator", "leader", "instructor", "supervisor", "participant"]

LIST_PAGES = [
    ("shell:home", {}),
    ("core:audit", {}),
    ("core:pemda_settings", {}),
    ("people:units", {}),
    ("people:employees", {}),
    ("people:employees", {"q": "a"}),
    ("people:import", {}),
    ("accounts:users", {}),
    ("accounts:tokens", {}),
]
LIST_ENDPOINTS = ["/api/v1/employees", "/api/v1/employees?page_size=200", "/api/v1/org-units", "/api/v1/auth/tokens"]


@pytest.fixture
def victim(world):
    """This Pemda's objects that the other Pemda must never reach."""
    job = ImportJob.objects.create(
        pemda=world.pemda,
        kind="employees",
        original_name="pegawai.csv",
        file="imports/x.csv",
        created_by=world.users["admin"],
    )
    return {
        "employee": world.employees["staff_bidang"],
        "unit": world.units["bidang"],
        "user": world.users["operator"],
        "job": job,
        # Both test worlds use the same people's names, so what identifies this Pemda's rows are
        # the NIPs and unit codes (prefixed ALF- here, BET- there).
        "secrets": [e.nip for e in world.employees.values()] + [u.code for u in world.units.values()],
    }


def object_urls(victim) -> list[tuple[str, str]]:
    """(URL of a real object of the victim Pemda, the same URL with a key that does not exist)."""
    e, u, usr, job = victim["employee"], victim["unit"], victim["user"], victim["job"]
    return [
        (
            reverse("people:employee_detail", args=[e.nip]),
            reverse("people:employee_detail", args=["199001012015011999"]),
        ),
        (reverse("people:unit_detail", args=[u.code]), reverse("people:unit_detail", args=["NO-SUCH-UNIT"])),
        (reverse("accounts:user_detail", args=[usr.pk]), reverse("accounts:user_detail", args=[10**9])),
        (reverse("people:import_job", args=[job.pk]), reverse("people:import_job", args=[10**9])),
        (reverse("people:import_job_progress", args=[job.pk]), reverse("people:import_job_progress", args=[10**9])),
        (f"/api/v1/employees/{e.nip}", "/api/v1/employees/199001012015011999"),
        (f"/api/v1/org-units/{u.code}", "/api/v1/org-units/NO-SUCH-UNIT"),
    ]


def clients_of(other_world, superadmin):
    for persona in PERSONAS:
        user = other_world.users[persona]
        yield f"{persona} (page)", user, "page"
        yield f"{persona} (api)", user, "api"
    yield "superadmin (page)", superadmin, "page"
    yield "superadmin (api)", superadmin, "api"


def make_client(user, kind: str) -> Client:
    if kind == "api":
        _, secret = token_create(actor=token_issuer(user), user=user)
        return Client(headers={"Authorization": f"Bearer {secret}"})
    client = Client()
    client.force_login(user, backend="bina.accounts.backends.NipOrUsernameBackend")
    return client


def test_no_list_shows_another_pemdas_rows(world, other_world, superadmin, victim):
    for label, user, kind in clients_of(other_world, superadmin):
        client = make_client(user, kind)
        urls = [
            reverse(name) + ("?" + "&".join(f"{k}={v}" for k, v in q.items()) if q else "") for name, q in LIST_PAGES
        ]
        for url in urls if kind == "page" else LIST_ENDPOINTS:
            if label.startswith("superadmin") and url.startswith("/accounts/users/"):
                continue  # accounts (not employees) of every Pemda are the superadmin's to manage
            response = client.get(url)
            body = response.content.decode()
            leaked = [s for s in victim["secrets"] if s in body]
            assert not leaked, f"{label} sees {leaked[:3]} at {url}"


def test_foreign_objects_answer_like_missing_ones(world, other_world, superadmin, victim):
    for label, user, kind in clients_of(other_world, superadmin):
        client = make_client(user, kind)
        for real, missing in object_urls(victim):
            if real.startswith("/api/") != (kind == "api"):
                continue
            if label.startswith("superadmin") and real.startswith("/accounts/users/"):
                continue  # the platform superadmin manages every Pemda's accounts by design
            got, expected = client.get(real).status_code, client.get(missing).status_code
            assert got == expected, f"{label}: {real} answered {got}, a missing key answers {expected}"
            assert got in (403, 404), f"{label}: {real} answered {got}"


def test_foreign_writes_change_nothing(world, other_world, victim):
    employee, unit = victim["employee"], victim["unit"]
    admin = other_world.users["admin"]
    page = make_client(admin, "page")
    api = make_client(admin, "api")
    responses = [
        page.post(reverse("people:employee_detail", args=[employee.nip]), {"name": "Diubah"}),
        page.post(reverse("people:unit_rename", args=[unit.code]), {"name": "Diubah"}),
        page.post(reverse("people:unit_close", args=[unit.code]), {}),
        page.post(reverse("accounts:user_set_active", args=[victim["user"].pk]), {"active": "0"}),
        api.patch(f"/api/v1/employees/{employee.nip}", {"name": "Diubah"}, content_type="application/json"),
    ]
    assert all(r.status_code in (403, 404) for r in responses), [r.status_code for r in responses]
    assert Employee.objects.get(pk=employee.pk).name == employee.name
    unit_now = OrgUnit.objects.get(pk=unit.pk)
    assert (unit_now.name, unit_now.closed_on) == (unit.name, None)
    victim["user"].refresh_from_db()
    assert victim["user"].is_active
