"""Organisation tree and unit pages: head counts, scoping and the manage forms."""

from __future__ import annotations

import pytest
from django.urls import reverse

from bina.core.models import AuditEvent
from bina.people.factories import EmployeeFactory, OrgUnitFactory
from bina.people.models import OrgUnit

TREE = reverse("people:units")


@pytest.fixture
def client_as(client_as_en):
    return client_as_en


def url(name: str, unit: OrgUnit) -> str:
    return reverse(f"people:{name}", args=[unit.code])


# --- tree --------------------------------------------------------------------------------


@pytest.mark.parametrize("persona", ["admin", "operator", "leader", "instructor", "supervisor", "participant"])
def test_every_pemda_user_sees_the_tree_of_their_own_pemda_only(world, other_world, client_as, persona):
    response = client_as(world.users[persona]).get(TREE)
    assert response.status_code == 200
    body = response.content.decode()
    assert world.units["kel_b1"].code in body
    for unit in other_world.units.values():
        assert unit.code not in body


def test_superadmin_has_no_org_tree(world, superadmin, client_as):
    assert client_as(superadmin).get(TREE).status_code == 403


def test_tree_shows_kind_code_own_and_subtree_counts_and_closed(world, client_as):
    closed = OrgUnitFactory(pemda=world.pemda, code="ALF-OLD", name="Unit Lama", parent=world.units["kec_b"])
    OrgUnit.objects.filter(pk=closed.pk).update(closed_on="2024-06-30")
    body = client_as(world.users["admin"]).get(TREE).content.decode()
    # Dinas: 1 own (head), 3 in subtree (head + 2 in the bidang)
    dinas = body[body.index(world.units["dinas"].code) :]
    assert "1 own · 3 in subtree" in dinas[:400]
    assert "Dinas" in dinas[:400]
    assert "closed 30 Jun 2024" in body
    # tree order: the bidang is listed after its dinas
    assert body.index(world.units["dinas"].code) < body.index(world.units["bidang"].code)


def test_tree_folds_each_unit_with_sub_units_under_its_parent(world, client_as):
    body = client_as(world.users["admin"]).get(TREE).content.decode()
    # The dinas is a fold (<details>, closed) whose list holds the bidang; a unit without sub-units is a leaf.
    dinas = body.index(world.units["dinas"].code)
    fold = body.rindex("<details", 0, dinas)
    assert body[fold : fold + 9] == "<details>"  # folded until opened
    assert dinas < body.index(world.units["bidang"].code) < body.index("</details>", dinas)
    leaf = body.index(world.units["kel_b1"].code)
    assert body.rindex("tree-leaf", 0, leaf) > body.rindex("<details", 0, leaf)


def test_tree_search_keeps_matches_and_the_units_above_them_unfolded(world, client_as):
    body = client_as(world.users["admin"]).get(TREE, {"q": "alfa satu"}).content.decode()
    assert "1 unit matches" in body
    assert "<mark>Kelurahan Alfa Satu</mark>" in body
    kecamatan = body.index(world.units["kec_a"].code)
    assert body.rindex("<details", 0, kecamatan) == body.rindex("<details open>", 0, kecamatan)
    for other in ("kec_b", "kel_b1", "dinas", "setda"):
        assert world.units[other].code not in body
    by_code = client_as(world.users["admin"]).get(TREE, {"q": world.units["bidang"].code.lower()}).content.decode()
    assert world.units["bidang"].name in by_code and world.units["dinas"].code in by_code


def test_tree_search_without_a_match_says_so(world, client_as):
    body = client_as(world.users["admin"]).get(TREE, {"q": "zzz" * 50}).content.decode()
    assert "No unit matches" in body
    assert world.units["dinas"].code not in body


def test_tree_query_count_is_constant(world, client_as, django_assert_max_num_queries):
    client = client_as(world.users["admin"])
    client.get(TREE)
    with django_assert_max_num_queries(9):  # +1: unread-notifications badge
        client.get(TREE)
    for i in range(30):
        unit = OrgUnitFactory(pemda=world.pemda, code=f"ALF-X{i}", parent=world.units["kec_b"])
        EmployeeFactory.create_batch(2, pemda=world.pemda, unit=unit)
    with django_assert_max_num_queries(9):  # +1: unread-notifications badge
        assert client.get(TREE).status_code == 200


def test_admin_creates_top_level_unit_and_errors_keep_input(world, client_as):
    client = client_as(world.users["admin"])
    response = client.post(TREE, {"new-code": "ALF-BARU", "new-name": "Badan Baru", "new-kind": "badan"})
    assert response.status_code == 302
    assert OrgUnit.objects.filter(pemda=world.pemda, code="ALF-BARU", parent=None).exists()
    dup = client.post(TREE, {"new-code": world.units["dinas"].code, "new-name": "Duplikat", "new-kind": "badan"})
    assert dup.status_code == 409
    assert "already exists" in dup.content.decode() and 'value="Duplikat"' in dup.content.decode()
    assert not OrgUnit.objects.filter(name="Duplikat").exists()


def test_operator_cannot_create_top_level_unit(world, client_as):
    response = client_as(world.users["operator"]).post(TREE, {"new-code": "X1", "new-name": "X", "new-kind": "badan"})
    assert response.status_code == 403
    assert not OrgUnit.objects.filter(code="X1").exists()


# --- detail ------------------------------------------------------------------------------


def test_unit_detail_lists_employees_sub_units_and_forms_for_admin(world, client_as):
    body = client_as(world.users["admin"]).get(url("unit_detail", world.units["dinas"])).content.decode()
    assert world.employees["head_dinas"].nip in body
    assert world.employees["staff_bidang"].nip not in body  # serves in the sub-unit, not here
    assert world.units["bidang"].name in body
    for form in ("unit_rename", "unit_move", "unit_close", "unit_create_child"):
        assert url(form, world.units["dinas"]) in body


def test_unit_detail_paginates_employees(world, client_as):
    EmployeeFactory.create_batch(52, pemda=world.pemda, unit=world.units["kec_b"], name="Pegawai Kecamatan")
    client = client_as(world.users["admin"])
    assert client.get(url("unit_detail", world.units["kec_b"])).content.decode().count("Pegawai Kecamatan") == 50
    second = client.get(url("unit_detail", world.units["kec_b"]), {"page": 2}).content.decode()
    assert second.count("Pegawai Kecamatan") == 2


def test_other_pemda_unit_is_404(world, other_world, client_as):
    client = client_as(world.users["admin"])
    assert client.get(url("unit_detail", other_world.units["dinas"])).status_code == 404
    assert client.get(reverse("people:unit_detail", args=["NOPE"])).status_code == 404


def test_operator_sees_other_unit_structure_but_not_its_people_nor_forms(world, client_as):
    response = client_as(world.users["operator"]).get(url("unit_detail", world.units["kec_b"]))
    assert response.status_code == 200
    body = response.content.decode()
    assert world.employees["kel_b1_staff"].nip not in body
    assert url("unit_rename", world.units["kec_b"]) not in body


def test_leader_sees_own_unit_people_read_only(world, client_as):
    body = client_as(world.users["leader"]).get(url("unit_detail", world.units["kel_a1"])).content.decode()
    assert world.employees["kel_a1_staff"].nip in body
    assert url("unit_rename", world.units["kel_a1"]) not in body


@pytest.mark.parametrize("action", ["unit_rename", "unit_move", "unit_close", "unit_create_child"])
def test_operator_actions_on_other_unit_are_404(world, client_as, action):
    unit = world.units["kec_b"]
    response = client_as(world.users["operator"]).post(
        url(action, unit), {"rename-name": "Hacked", "rename-kind": "dinas"}
    )
    assert response.status_code == 404
    unit.refresh_from_db()
    assert unit.name == "Kecamatan Beta" and unit.closed_on is None


@pytest.mark.parametrize("action", ["unit_rename", "unit_close"])
def test_leader_actions_are_404(world, client_as, action):
    unit = world.units["kec_a"]
    assert (
        client_as(world.users["leader"])
        .post(url(action, unit), {"rename-name": "X", "rename-kind": "dinas"})
        .status_code
        == 404
    )
    unit.refresh_from_db()
    assert unit.name == "Kecamatan Alfa"


def test_admin_actions_on_other_pemda_unit_are_404(world, other_world, client_as):
    unit = other_world.units["kec_b"]
    assert client_as(world.users["admin"]).post(url("unit_close", unit), {}).status_code == 404
    unit.refresh_from_db()
    assert unit.closed_on is None


def test_operator_renames_and_creates_sub_unit_in_subtree(world, client_as):
    client = client_as(world.users["operator"])
    bidang = world.units["bidang"]
    assert (
        client.post(
            url("unit_rename", bidang), {"rename-name": "Bidang Pelayanan", "rename-kind": "bidang"}
        ).status_code
        == 302
    )
    bidang.refresh_from_db()
    assert bidang.name == "Bidang Pelayanan"
    response = client.post(
        url("unit_create_child", bidang),
        {"child-code": "ALF-DKP-PD-1", "child-name": "Seksi Satu", "child-kind": "lainnya"},
    )
    assert response.status_code == 302
    child = OrgUnit.objects.get(code="ALF-DKP-PD-1")
    assert child.parent_id == bidang.pk and child.path.startswith(bidang.path)
    assert AuditEvent.objects.filter(action="org_unit.create", target_id=str(child.pk)).exists()


def test_rename_with_blank_name_is_explained_and_keeps_the_unit(world, client_as):
    bidang = world.units["bidang"]
    response = client_as(world.users["operator"]).post(
        url("unit_rename", bidang), {"rename-name": "  ", "rename-kind": "bidang"}
    )
    assert response.status_code == 422
    assert "Nothing was saved" in response.content.decode()
    bidang.refresh_from_db()
    assert bidang.name == "Bidang Pelayanan Pendaftaran Penduduk"


def test_admin_moves_unit_with_its_subtree(world, client_as):
    kel = world.units["kel_a1"]
    response = client_as(world.users["admin"]).post(url("unit_move", kel), {"move-parent": world.units["kec_b"].code})
    assert response.status_code == 302
    kel.refresh_from_db()
    assert kel.parent_id == world.units["kec_b"].pk and kel.path.startswith(world.units["kec_b"].path)


def test_move_under_own_sub_unit_is_refused_and_nothing_moves(world, client_as):
    dinas = world.units["dinas"]
    old_path = dinas.path
    response = client_as(world.users["admin"]).post(
        url("unit_move", dinas), {"move-parent": world.units["bidang"].code}
    )
    assert response.status_code == 422
    dinas.refresh_from_db()
    assert dinas.path == old_path and dinas.parent_id is None


def test_close_unit_with_people_is_refused_with_reason(world, client_as):
    bidang = world.units["bidang"]
    response = client_as(world.users["operator"]).post(url("unit_close", bidang), {"close-closed_on": ""})
    assert response.status_code == 409
    assert "active employee" in response.content.decode()
    bidang.refresh_from_db()
    assert bidang.closed_on is None


def test_close_empty_unit(world, client_as):
    empty = OrgUnitFactory(pemda=world.pemda, code="ALF-EMPTY", parent=world.units["dinas"])
    client = client_as(world.users["operator"])
    ask = client.post(url("unit_close", empty), {"close-closed_on": "2025-01-31"})  # asks first (issue 9.2)
    assert ask.status_code == 200 and 'data-testid="confirm"' in ask.content.decode()
    empty.refresh_from_db()
    assert empty.closed_on is None
    response = client.post(url("unit_close", empty), {"close-closed_on": "2025-01-31", "confirmed": "yes"})
    assert response.status_code == 302
    empty.refresh_from_db()
    assert str(empty.closed_on) == "2025-01-31"


def test_unit_without_sub_units_says_so(world, client_as):
    response = client_as(world.users["admin"]).get(reverse("people:unit_detail", args=[world.units["kel_b1"].code]))
    assert response.status_code == 200
    assert "No sub-units." in response.content.decode()
    response = client_as(world.users["admin"]).get(reverse("people:unit_detail", args=[world.units["kec_b"].code]))
    assert "No sub-units." not in response.content.decode()
    assert world.units["kel_b1"].name in response.content.decode()
