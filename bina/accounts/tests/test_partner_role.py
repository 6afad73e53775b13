"""The partner coordinator role: tied to one partner of the same Pemda; sees that partner only."""

from __future__ import annotations

import pytest

from bina.accounts.factories import UserFactory
from bina.accounts.models import Role, RoleAssignment
from bina.accounts.scope import actor_for_user
from bina.accounts.services import role_assign
from bina.core.errors import Conflict, ValidationFailed
from bina.partners.factories import InstructorFactory, PartnerFactory


@pytest.fixture
def setup(world, other_world):
    uni = PartnerFactory(pemda=world.pemda, name="Universitas A")
    other = PartnerFactory(pemda=world.pemda, name="Universitas B")
    foreign = PartnerFactory(pemda=other_world.pemda, name="Universitas C")
    user = UserFactory(username="coord", pemda=world.pemda)
    return uni, other, foreign, user


def test_admin_grants_partner_role_with_partner(world, setup):
    uni, _other, _foreign, user = setup
    assignment = role_assign(actor=world.actor("admin"), user=user, role=Role.PARTNER, partner=uni)
    assert assignment.partner == uni
    assert actor_for_user(user).partner_ids == (uni.pk,)


def test_partner_role_requires_partner(world, setup):
    _uni, _other, _foreign, user = setup
    with pytest.raises(ValidationFailed):
        role_assign(actor=world.actor("admin"), user=user, role=Role.PARTNER)


def test_partner_refused_for_other_roles(world, setup):
    uni, _other, _foreign, user = setup
    with pytest.raises(ValidationFailed):
        role_assign(actor=world.actor("admin"), user=user, role=Role.INSTRUCTOR, partner=uni)


def test_partner_of_other_pemda_refused(world, setup):
    _uni, _other, foreign, user = setup
    with pytest.raises(ValidationFailed):
        role_assign(actor=world.actor("admin"), user=user, role=Role.PARTNER, partner=foreign)


def test_second_partner_conflicts(world, setup):
    uni, other, _foreign, user = setup
    role_assign(actor=world.actor("admin"), user=user, role=Role.PARTNER, partner=uni)
    assert role_assign(actor=world.actor("admin"), user=user, role=Role.PARTNER, partner=uni).partner == uni
    with pytest.raises(Conflict):
        role_assign(actor=world.actor("admin"), user=user, role=Role.PARTNER, partner=other)


def test_users_page_form_grants_partner_role(world, setup, client_as):
    uni, _other, _foreign, user = setup
    client = client_as(world.users["admin"])
    from django.urls import reverse

    detail = client.get(reverse("accounts:user_detail", args=[user.pk]))
    assert detail.status_code == 200 and "Universitas A" in detail.content.decode()
    response = client.post(reverse("accounts:role_assign", args=[user.pk]), {"role": "partner", "partner": uni.pk})
    assert response.status_code == 302
    assert RoleAssignment.objects.filter(user=user, role=Role.PARTNER, partner=uni).exists()
    missing = client.post(reverse("accounts:role_assign", args=[user.pk]), {"role": "partner"})
    assert missing.status_code == 422


def test_coordinator_sees_own_partner_and_instructors_only(world, other_world, setup, client_as):
    uni, other, foreign, user = setup
    role_assign(actor=world.actor("admin"), user=user, role=Role.PARTNER, partner=uni)
    mine = InstructorFactory(pemda=world.pemda, name="Dosen A", kind="partner", partner=uni)
    theirs = InstructorFactory(pemda=world.pemda, name="Dosen B", kind="partner", partner=other)
    foreign_instructor = InstructorFactory(pemda=other_world.pemda, name="Dosen C", kind="partner", partner=foreign)
    client = client_as(user)
    assert client.get(f"/partners/{uni.pk}/").status_code == 200
    assert client.get(f"/partners/{other.pk}/").status_code == 404
    assert client.get(f"/partners/{foreign.pk}/").status_code == 404
    assert client.get(f"/partners/instructors/{mine.pk}/").status_code == 200
    assert client.get(f"/partners/instructors/{theirs.pk}/").status_code == 404
    assert client.get(f"/partners/instructors/{foreign_instructor.pk}/").status_code == 404


def test_coordinator_cannot_list_employees(world, setup, client_as):
    uni, _other, _foreign, user = setup
    role_assign(actor=world.actor("admin"), user=user, role=Role.PARTNER, partner=uni)
    from django.urls import reverse

    assert client_as(user).get(reverse("people:employees")).status_code == 403
