"""Shared fixtures: two Pemda worlds with named personas, and helpers to act as them.

Personas (per Pemda): admin, operator (Dinas subtree), leader (Kecamatan A subtree),
instructor, supervisor (head of Dinas, with direct and indirect reports), participant
(a kelurahan employee), plus the platform superadmin.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field

import pytest
from django.test import Client

from bina.accounts.factories import PASSWORD, RoleAssignmentFactory, UserFactory
from bina.accounts.models import Role, User
from bina.accounts.scope import Actor
from bina.core.factories import PemdaFactory
from bina.core.models import Pemda
from bina.people.factories import EmployeeFactory, OrgUnitFactory
from bina.people.models import Employee, OrgUnit, OrgUnitKind


@dataclass
class World:
    pemda: Pemda
    units: dict[str, OrgUnit]
    employees: dict[str, Employee]
    users: dict[str, User] = field(default_factory=dict)

    def actor(self, persona: str) -> Actor:
        return Actor.for_user(self.users[persona])


def build_world(slug: str, bps_code: str) -> World:
    pemda = PemdaFactory(slug=slug, name=f"Pemerintah {slug.title()}", bps_code=bps_code)
    u: dict[str, OrgUnit] = {}
    p = slug[:3].upper()
    u["setda"] = OrgUnitFactory(pemda=pemda, code=f"{p}-SETDA", name="Sekretariat Daerah", kind=OrgUnitKind.SEKRETARIAT)
    u["bagian"] = OrgUnitFactory(
        pemda=pemda, code=f"{p}-ORG", name="Bagian Organisasi", kind=OrgUnitKind.BAGIAN, parent=u["setda"]
    )
    u["dinas"] = OrgUnitFactory(
        pemda=pemda, code=f"{p}-DKP", name="Dinas Kependudukan dan Pencatatan Sipil", kind=OrgUnitKind.DINAS
    )
    u["bidang"] = OrgUnitFactory(
        pemda=pemda,
        code=f"{p}-DKP-PD",
        name="Bidang Pelayanan Pendaftaran Penduduk",
        kind=OrgUnitKind.BIDANG,
        parent=u["dinas"],
    )
    u["kec_a"] = OrgUnitFactory(pemda=pemda, code=f"{p}-KEC-A", name="Kecamatan Alfa", kind=OrgUnitKind.KECAMATAN)
    u["kel_a1"] = OrgUnitFactory(
        pemda=pemda, code=f"{p}-KEL-A1", name="Kelurahan Alfa Satu", kind=OrgUnitKind.KELURAHAN, parent=u["kec_a"]
    )
    u["kec_b"] = OrgUnitFactory(pemda=pemda, code=f"{p}-KEC-B", name="Kecamatan Beta", kind=OrgUnitKind.KECAMATAN)
    u["kel_b1"] = OrgUnitFactory(
        pemda=pemda, code=f"{p}-KEL-B1", name="Kelurahan Beta Satu", kind=OrgUnitKind.KELURAHAN, parent=u["kec_b"]
    )

    e: dict[str, Employee] = {}
    e["head_dinas"] = EmployeeFactory(
        pemda=pemda, unit=u["dinas"], name="Dr. Kepala Dinas, M.Si.", position_kind="struktural", golongan="IV/b"
    )
    e["head_bidang"] = EmployeeFactory(
        pemda=pemda,
        unit=u["bidang"],
        supervisor=e["head_dinas"],
        name="Kepala Bidang, S.H.",
        position_kind="struktural",
        golongan="IV/a",
    )
    e["staff_bidang"] = EmployeeFactory(
        pemda=pemda, unit=u["bidang"], supervisor=e["head_bidang"], name="Staf Bidang", gender="P"
    )
    e["setda_staff"] = EmployeeFactory(pemda=pemda, unit=u["bagian"], name="Analis Organisasi, S.Sos.")
    e["kel_a1_staff"] = EmployeeFactory(
        pemda=pemda, unit=u["kel_a1"], name="Pelayan Kelurahan Alfa", gender="P", asn_type="PPPK", golongan="IX"
    )
    e["kel_b1_staff"] = EmployeeFactory(pemda=pemda, unit=u["kel_b1"], name="Pelayan Kelurahan Beta")
    e["camat_a"] = EmployeeFactory(
        pemda=pemda, unit=u["kec_a"], name="Camat Alfa, S.STP.", position_kind="struktural", golongan="IV/a"
    )

    w = World(pemda=pemda, units=u, employees=e)

    def user(
        persona: str, role: str | None = None, unit: OrgUnit | None = None, employee: Employee | None = None
    ) -> User:
        usr = UserFactory(username=f"{persona}.{slug}", pemda=pemda, employee=employee)
        if role:
            RoleAssignmentFactory(user=usr, pemda=pemda, role=role, org_unit=unit)
        w.users[persona] = usr
        return usr

    user("admin", Role.ADMIN)
    user("operator", Role.OPERATOR, u["dinas"])
    user("leader", Role.LEADER, u["kec_a"])
    user("instructor", Role.INSTRUCTOR)
    user("supervisor", Role.PARTICIPANT, employee=e["head_dinas"])
    user("participant", Role.PARTICIPANT, employee=e["kel_a1_staff"])
    return w


@pytest.fixture
def world(db: None) -> World:
    return build_world("alfa", "9101")


@pytest.fixture
def other_world(db: None) -> World:
    return build_world("beta", "9102")


@pytest.fixture
def superadmin(db: None) -> User:
    return UserFactory(username="superadmin", pemda=None, is_superadmin=True)


@pytest.fixture
def client_as():
    """`client_as(user)` returns a Django test client logged in as that user (real session, real stack)."""

    def make(user: User) -> Client:
        client = Client()
        client.force_login(user, backend="bina.accounts.backends.NipOrUsernameBackend")
        return client

    return make


@pytest.fixture
def password() -> str:
    return PASSWORD


def pytest_report_header(config: pytest.Config) -> str:
    return f"bina database: {os.environ.get('DATABASE_URL', 'sqlite (default)')}"
