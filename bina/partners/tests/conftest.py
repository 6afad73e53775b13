from __future__ import annotations

from dataclasses import dataclass

import pytest
from django.test import Client

from bina.accounts.factories import RoleAssignmentFactory, UserFactory
from bina.accounts.models import Role, User
from bina.accounts.services import token_create
from bina.partners.factories import AgreementFactory, InstructorFactory, PartnerFactory
from bina.partners.models import Agreement, Instructor, InstructorKind, Partner


@dataclass
class PartnerSetup:
    uni: Partner
    lan: Partner
    uni_agreement: Agreement
    lan_agreement: Agreement
    uni_instructor: Instructor
    lan_instructor: Instructor
    widyaiswara: Instructor
    coordinator: User


def make_setup(world) -> PartnerSetup:
    uni = PartnerFactory(pemda=world.pemda, name="Universitas Airlangga", short_name="UNAIR")
    lan = PartnerFactory(pemda=world.pemda, name="BPSDM Provinsi", kind="lan_bpsdm")
    coordinator = UserFactory(username=f"coord.{world.pemda.slug}", pemda=world.pemda)
    RoleAssignmentFactory(user=coordinator, pemda=world.pemda, role=Role.PARTNER, partner=uni)
    return PartnerSetup(
        uni=uni,
        lan=lan,
        uni_agreement=AgreementFactory(partner=uni, number=f"PKS/UNI/{world.pemda.slug}"),
        lan_agreement=AgreementFactory(partner=lan, number=f"PKS/LAN/{world.pemda.slug}"),
        uni_instructor=InstructorFactory(
            pemda=world.pemda, name="Dr. Dosen Unair", kind=InstructorKind.PARTNER, partner=uni, email="d@unair.ac.id"
        ),
        lan_instructor=InstructorFactory(
            pemda=world.pemda, name="Widyaiswara BPSDM", kind=InstructorKind.PARTNER, partner=lan
        ),
        widyaiswara=InstructorFactory(
            pemda=world.pemda,
            name="Widyaiswara Internal",
            kind=InstructorKind.WIDYAISWARA,
            employee=world.employees["setda_staff"],
            expertise="Pelayanan publik",
        ),
        coordinator=coordinator,
    )


@pytest.fixture
def partners(world) -> PartnerSetup:
    return make_setup(world)


@pytest.fixture
def other_partners(other_world) -> PartnerSetup:
    return make_setup(other_world)


@pytest.fixture
def api_as():
    def make(user) -> Client:
        _, secret = token_create(actor=None, user=user)
        return Client(headers={"Authorization": f"Bearer {secret}"})

    return make
