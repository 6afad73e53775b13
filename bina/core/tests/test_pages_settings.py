"""Pemda settings (admin) and the Pemda list (platform superadmin)."""

from __future__ import annotations

import pytest
from django.urls import reverse

from bina.core.models import AuditEvent, Pemda

SETTINGS = reverse("core:pemda_settings")
PEMDAS = reverse("core:pemda_list")


@pytest.fixture
def client_as(client_as_en):
    return client_as_en


def test_admin_sees_own_pemda_settings_with_read_only_identity(world, other_world, client_as):
    response = client_as(world.users["admin"]).get(SETTINGS)
    assert response.status_code == 200
    body = response.content.decode()
    assert world.pemda.bps_code in body and world.pemda.slug in body
    assert 'name="bps_code"' not in body and 'name="slug"' not in body
    assert other_world.pemda.name not in body


@pytest.mark.parametrize("persona", ["operator", "leader", "instructor", "supervisor", "participant"])
def test_other_roles_cannot_open_settings(world, client_as, persona):
    assert client_as(world.users[persona]).get(SETTINGS).status_code == 403


def test_admin_updates_name_and_time_zone(world, client_as):
    response = client_as(world.users["admin"]).post(
        SETTINGS, {"name": "Pemerintah Kota Alfa", "timezone": "Asia/Makassar"}
    )
    assert response.status_code == 302
    world.pemda.refresh_from_db()
    assert (world.pemda.name, world.pemda.timezone) == ("Pemerintah Kota Alfa", "Asia/Makassar")
    assert AuditEvent.objects.filter(action="pemda.update", pemda_id=world.pemda.pk).exists()


def test_bad_time_zone_is_explained_and_nothing_changes(world, client_as):
    old = (world.pemda.name, world.pemda.timezone)
    response = client_as(world.users["admin"]).post(SETTINGS, {"name": "New Name", "timezone": "Europe/Paris"})
    assert response.status_code == 422
    assert 'value="New Name"' in response.content.decode()
    world.pemda.refresh_from_db()
    assert (world.pemda.name, world.pemda.timezone) == old


def test_settings_post_only_touches_own_pemda(world, other_world, client_as):
    client_as(world.users["admin"]).post(SETTINGS, {"name": "Renamed", "timezone": "Asia/Jakarta"})
    other_world.pemda.refresh_from_db()
    assert other_world.pemda.name != "Renamed"


def test_operator_of_other_unit_cannot_post_settings(world, client_as):
    response = client_as(world.users["operator"]).post(SETTINGS, {"name": "X", "timezone": "Asia/Jakarta"})
    assert response.status_code == 403
    world.pemda.refresh_from_db()
    assert world.pemda.name != "X"


def test_superadmin_settings_redirects_to_pemda_list(superadmin, client_as):
    response = client_as(superadmin).get(SETTINGS)
    assert response.status_code == 302 and response["Location"] == PEMDAS


# --- Pemda list (superadmin) ---------------------------------------------------------------


def test_superadmin_lists_every_pemda(world, other_world, superadmin, client_as):
    body = client_as(superadmin).get(PEMDAS).content.decode()
    assert world.pemda.name in body and other_world.pemda.name in body
    assert f"{reverse('accounts:user_create')}?pemda={world.pemda.slug}" in body


@pytest.mark.parametrize("persona", ["admin", "operator", "participant"])
def test_pemda_users_cannot_list_pemda(world, other_world, client_as, persona):
    response = client_as(world.users[persona]).get(PEMDAS)
    assert response.status_code == 403
    assert other_world.pemda.name not in response.content.decode()


def test_superadmin_creates_pemda(superadmin, client_as):
    data = {
        "name": "Pemerintah Kota Serang",
        "slug": "Kota-Serang",
        "kind": "kota",
        "bps_code": "3673",
        "timezone": "Asia/Jakarta",
    }
    response = client_as(superadmin).post(PEMDAS, data)
    assert response.status_code == 302
    pemda = Pemda.objects.get(slug="kota-serang")
    assert pemda.bps_code == "3673"


def test_bad_bps_code_and_duplicates_are_explained(world, superadmin, client_as):
    client = client_as(superadmin)
    bad = client.post(
        PEMDAS, {"name": "Prov X", "slug": "prov-x", "kind": "provinsi", "bps_code": "3673", "timezone": "Asia/Jakarta"}
    )
    assert bad.status_code == 422 and "2 digits" in bad.content.decode()
    assert 'value="Prov X"' in bad.content.decode()
    dup = client.post(
        PEMDAS,
        {"name": "Dup", "slug": "dup", "kind": "kota", "bps_code": world.pemda.bps_code, "timezone": "Asia/Jakarta"},
    )
    assert dup.status_code == 409 and "already exists" in dup.content.decode()
    assert not Pemda.objects.filter(slug__in=["prov-x", "dup"]).exists()


def test_admin_cannot_create_pemda(world, client_as):
    data = {"name": "Nope", "slug": "nope", "kind": "kota", "bps_code": "1111", "timezone": "Asia/Jakarta"}
    assert client_as(world.users["admin"]).post(PEMDAS, data).status_code == 403
    assert not Pemda.objects.filter(slug="nope").exists()
