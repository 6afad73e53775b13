"""User and role management pages for BKPSDM admins and the platform superadmin."""

from __future__ import annotations

import pytest
from django.urls import reverse

from bina.accounts.models import RoleAssignment, User
from bina.core.models import AuditEvent

USERS = reverse("accounts:users")
CREATE = reverse("accounts:user_create")


@pytest.fixture
def client_as(client_as_en):
    return client_as_en


def detail(user: User) -> str:
    return reverse("accounts:user_detail", args=[user.pk])


def test_admin_lists_own_pemda_users_with_roles(world, other_world, client_as):
    response = client_as(world.users["admin"]).get(USERS)
    assert response.status_code == 200
    body = response.content.decode()
    assert "operator.alfa" in body and world.units["dinas"].code in body
    assert "admin.beta" not in body


@pytest.mark.parametrize("persona", ["operator", "leader", "instructor", "supervisor", "participant"])
def test_non_admins_get_403(world, client_as, persona):
    client = client_as(world.users[persona])
    assert client.get(USERS).status_code == 403
    assert client.get(CREATE).status_code == 403
    assert client.get(detail(world.users["admin"])).status_code == 403


def test_other_pemda_user_is_404(world, other_world, client_as):
    client = client_as(world.users["admin"])
    target = other_world.users["operator"]
    assert client.get(detail(target)).status_code == 404
    assert client.post(reverse("accounts:user_set_active", args=[target.pk]), {"active": "0"}).status_code == 404
    assignment = RoleAssignment.objects.get(user=target)
    revoke = reverse("accounts:role_revoke", args=[target.pk, assignment.pk])
    assert client.post(revoke).status_code == 404
    target.refresh_from_db()
    assert target.is_active and RoleAssignment.objects.filter(pk=assignment.pk).exists()


def test_superadmin_lists_users_of_every_pemda(world, other_world, superadmin, client_as):
    body = client_as(superadmin).get(USERS).content.decode()
    assert "admin.alfa" in body and "admin.beta" in body


def test_admin_creates_user_linked_to_employee(world, client_as):
    nip = world.employees["camat_a"].nip
    response = client_as(world.users["admin"]).post(
        CREATE, {"username": "camat.alfa", "email": "camat@example.go.id", "password": "", "employee_nip": nip}
    )
    assert response.status_code == 302
    user = User.objects.get(username="camat.alfa")
    assert user.pemda_id == world.pemda.pk and user.employee_id == world.employees["camat_a"].pk
    assert not user.has_usable_password()
    assert response["Location"] == detail(user)


def test_create_errors_are_explained_and_nothing_is_created(world, other_world, client_as):
    client = client_as(world.users["admin"])
    foreign_nip = other_world.employees["camat_a"].nip
    response = client.post(CREATE, {"username": "new.user", "password": "short", "employee_nip": foreign_nip})
    assert response.status_code == 422
    body = response.content.decode()
    assert "No employee with NIP" in body and "too short" in body
    assert 'value="new.user"' in body
    taken = client.post(CREATE, {"username": "ADMIN.alfa", "password": ""})
    assert taken.status_code == 409 and "is taken" in taken.content.decode()
    already = client.post(CREATE, {"username": "dup", "employee_nip": world.employees["kel_a1_staff"].nip})
    assert already.status_code == 409 and "already has an account" in already.content.decode()
    assert not User.objects.filter(username__in=["new.user", "dup"]).exists()


def test_superadmin_creates_admin_account_of_any_pemda(world, other_world, superadmin, client_as):
    client = client_as(superadmin)
    form = client.get(CREATE, {"pemda": other_world.pemda.slug}).content.decode()
    assert 'name="employee_nip"' not in form  # no personal data for the platform team
    response = client.post(
        CREATE, {"pemda": other_world.pemda.slug, "username": "bkpsdm.beta", "password": "Panjang-sekali-2026"}
    )
    assert response.status_code == 302
    user = User.objects.get(username="bkpsdm.beta")
    assert user.pemda_id == other_world.pemda.pk and user.check_password("Panjang-sekali-2026")
    assert client.post(reverse("accounts:role_assign", args=[user.pk]), {"role": "admin"}).status_code == 302
    assert RoleAssignment.objects.filter(user=user, role="admin", pemda=other_world.pemda).exists()


def test_admin_assigns_operator_role_with_unit(world, client_as):
    user = world.users["instructor"]
    client = client_as(world.users["admin"])
    response = client.post(
        reverse("accounts:role_assign", args=[user.pk]), {"role": "operator", "org_unit": world.units["kec_b"].code}
    )
    assert response.status_code == 302
    assert RoleAssignment.objects.filter(user=user, role="operator", org_unit=world.units["kec_b"]).exists()
    assert AuditEvent.objects.filter(action="role.assign", target_id=str(user.pk)).exists()


def test_operator_role_without_unit_is_explained(world, client_as):
    user = world.users["instructor"]
    response = client_as(world.users["admin"]).post(
        reverse("accounts:role_assign", args=[user.pk]), {"role": "operator"}
    )
    assert response.status_code == 422
    assert "needs the unit" in response.content.decode()
    assert not RoleAssignment.objects.filter(user=user, role="operator").exists()


def test_unit_of_other_pemda_cannot_be_assigned(world, other_world, client_as):
    user = world.users["instructor"]
    response = client_as(world.users["admin"]).post(
        reverse("accounts:role_assign", args=[user.pk]), {"role": "leader", "org_unit": other_world.units["kec_a"].code}
    )
    assert response.status_code == 422
    assert not RoleAssignment.objects.filter(user=user, role="leader").exists()


def test_admin_revokes_role(world, client_as):
    user = world.users["operator"]
    assignment = RoleAssignment.objects.get(user=user, role="operator")
    response = client_as(world.users["admin"]).post(reverse("accounts:role_revoke", args=[user.pk, assignment.pk]))
    assert response.status_code == 302
    assert not RoleAssignment.objects.filter(pk=assignment.pk).exists()


def test_last_admin_cannot_revoke_own_admin_role(world, client_as):
    admin = world.users["admin"]
    assignment = RoleAssignment.objects.get(user=admin, role="admin")
    client = client_as(admin)
    response = client.post(reverse("accounts:role_revoke", args=[admin.pk, assignment.pk]), follow=True)
    assert "last admin" in response.content.decode()
    assert RoleAssignment.objects.filter(pk=assignment.pk).exists()


def test_assignment_of_another_user_cannot_be_revoked_through_this_user(world, client_as):
    other_assignment = RoleAssignment.objects.get(user=world.users["leader"])
    url = reverse("accounts:role_revoke", args=[world.users["operator"].pk, other_assignment.pk])
    assert client_as(world.users["admin"]).post(url).status_code == 404
    assert RoleAssignment.objects.filter(pk=other_assignment.pk).exists()


def test_deactivate_and_activate(world, client_as):
    user = world.users["operator"]
    client = client_as(world.users["admin"])
    url = reverse("accounts:user_set_active", args=[user.pk])
    assert client.post(url, {"active": "0"}).status_code == 302
    user.refresh_from_db()
    assert not user.is_active
    assert client.post(url, {"active": "1"}).status_code == 302
    user.refresh_from_db()
    assert user.is_active


def test_admin_cannot_deactivate_self(world, client_as):
    admin = world.users["admin"]
    response = client_as(admin).post(reverse("accounts:user_set_active", args=[admin.pk]), {"active": "0"}, follow=True)
    assert "cannot deactivate your own account" in response.content.decode()
    admin.refresh_from_db()
    assert admin.is_active


def test_user_list_query_count_is_constant(world, client_as, django_assert_max_num_queries):
    from bina.accounts.factories import RoleAssignmentFactory, UserFactory

    client = client_as(world.users["admin"])
    client.get(USERS)
    with django_assert_max_num_queries(10):  # +1: unread-notifications badge
        client.get(USERS)
    for i in range(20):
        RoleAssignmentFactory(
            user=UserFactory(username=f"bulk{i}", pemda=world.pemda),
            pemda=world.pemda,
            role="operator",
            org_unit=world.units["kec_b"],
        )
    with django_assert_max_num_queries(10):  # +1: unread-notifications badge
        assert client.get(USERS).status_code == 200
