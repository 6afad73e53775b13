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
from bina.accounts.scope import actor_for_user
from bina.accounts.services import token_create
from bina.core.actor import Actor
from bina.core.factories import PemdaFactory
from bina.core.models import Pemda
from bina.partners.factories import AgreementFactory, InstructorFactory, PartnerFactory
from bina.partners.models import Agreement, Instructor, InstructorKind, Partner
from bina.people.factories import EmployeeFactory, OrgUnitFactory
from bina.people.models import Employee, OrgUnit, OrgUnitKind


@dataclass
class World:
    pemda: Pemda
    units: dict[str, OrgUnit]
    employees: dict[str, Employee]
    users: dict[str, User] = field(default_factory=dict)

    def actor(self, persona: str) -> Actor:
        return actor_for_user(self.users[persona])


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
def client_as_en(client_as):
    """`client_as` with the English UI, for tests that assert wording (the default language stays id)."""
    from django.conf import settings

    def make(user: User) -> Client:
        client = client_as(user)
        client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
        return client

    return make


@pytest.fixture
def password() -> str:
    return PASSWORD


def pytest_report_header(config: pytest.Config) -> str:
    return f"bina database: {os.environ.get('DATABASE_URL', 'sqlite (default)')}"


# --- browser tests (real Chromium through Playwright) -------------------------------------

CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
VIEWPORTS = {
    "phone": {
        "viewport": {"width": 390, "height": 844},
        "is_mobile": True,
        "has_touch": True,
        "device_scale_factor": 2,
    },
    "desktop": {"viewport": {"width": 1366, "height": 900}},
}


@pytest.fixture(scope="session")
def chromium_browser():
    """Debian's Chromium driven by Playwright. Missing Chromium fails the test: it is never skipped."""
    # Playwright's sync API runs an event loop in this thread; the live server's ORM calls happen
    # in its own threads, but fixtures that touch the ORM here need the async-safety check relaxed.
    os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
    from playwright.sync_api import sync_playwright

    executable = os.environ.get("CHROMIUM", "/usr/bin/chromium")
    if not os.path.exists(executable):
        pytest.fail(f"Chromium not found at {executable}: install Debian's 'chromium' package (see .ci/run).")
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=executable, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture(params=list(VIEWPORTS))
def browser_page(request, chromium_browser, live_server):
    """A fresh browser context per test, at a phone and at a desktop viewport."""
    context = chromium_browser.new_context(base_url=live_server.url, locale="id-ID", **VIEWPORTS[request.param])
    page = context.new_page()
    page.set_default_timeout(15_000)
    page.viewport_name = request.param
    yield page
    context.close()


# --- partners: two institutions, their agreements and instructors, and a partner coordinator ---
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
        _, secret = token_create(actor=actor_for_user(user), user=user)
        return Client(headers={"Authorization": f"Bearer {secret}"})

    return make
