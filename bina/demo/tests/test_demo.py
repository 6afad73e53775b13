"""The demo generator and `load_demo` against the real database, at a small scale."""

from __future__ import annotations

from io import StringIO

import pytest
from django.contrib.auth import authenticate
from django.core.management import call_command
from django.db import transaction
from django.test import RequestFactory

from bina.accounts.models import Role, RoleAssignment, User
from bina.accounts.scope import actor_for_user
from bina.certificates.models import Certificate
from bina.core.models import AuditEvent, Pemda
from bina.demo.data import serang, surabaya
from bina.demo.generator import employee_snapshot, generate
from bina.demo.services import DEMO_PASSWORD, DemoLoadResult, demo_load
from bina.demo.tests.test_demo_training import _assert_consistent
from bina.partners.models import Partner
from bina.people.models import (
    PNS_GOLONGAN,
    PPPK_GRADES,
    AsnType,
    Employee,
    EmploymentRecord,
    OrgUnit,
    OrgUnitKind,
    PositionKind,
)
from bina.people.nip import parse_nip
from bina.quality.models import ServiceRecord
from bina.training.attendance.models import Attendance
from bina.training.classes.models import Enrolment
from bina.training.factories import assert_jp_totals_exact

# Slow (whole demo Pemda built): kept in `make test`, left out by `make test-quick`.
pytestmark = [pytest.mark.django_db, pytest.mark.slow, pytest.mark.demo]

SURABAYA_KECAMATAN = {
    "Asemrowo", "Benowo", "Bubutan", "Bulak", "Dukuh Pakis", "Gayungan", "Genteng", "Gubeng", "Gunung Anyar",
    "Jambangan", "Karang Pilang", "Kenjeran", "Krembangan", "Lakarsantri", "Mulyorejo", "Pabean Cantian", "Pakal",
    "Rungkut", "Sambikerep", "Sawahan", "Semampir", "Simokerto", "Sukolilo", "Sukomanunggal", "Tambaksari", "Tandes",
    "Tegalsari", "Tenggilis Mejoyo", "Wiyung", "Wonocolo", "Wonokromo",
}  # fmt: skip
SERANG_KECAMATAN = {"Serang", "Cipocok Jaya", "Curug", "Kasemen", "Taktakan", "Walantaka"}
# Serang has 106 units; this covers every head plus a few hundred staff.
SMALL = 400


def _names(pemda: Pemda, kind: str) -> set[str]:
    return {
        name.split(" ", 1)[1] for name in OrgUnit.objects.filter(pemda=pemda, kind=kind).values_list("name", flat=True)
    }


def test_surabaya_has_its_real_31_kecamatan_and_154_kelurahan():
    result = generate("surabaya", employees=0)
    pemda = result.pemda
    assert (pemda.slug, pemda.kind, pemda.bps_code, pemda.timezone) == ("surabaya", "kota", "3578", "Asia/Jakarta")
    assert _names(pemda, OrgUnitKind.KECAMATAN) == SURABAYA_KECAMATAN
    assert OrgUnit.objects.filter(pemda=pemda, kind=OrgUnitKind.KELURAHAN).count() == 154
    assert {"Keputih", "Gebang Putih", "Klampis Ngasem"} <= {
        u.name.removeprefix("Kelurahan ") for u in OrgUnit.objects.filter(pemda=pemda, parent__code="SBY-KEC-SUKOLILO")
    }
    assert OrgUnit.objects.get(pemda=pemda, code="SBY-KEL-KEPUTIH").parent.code == "SBY-KEC-SUKOLILO"
    assert OrgUnit.objects.filter(pemda=pemda, code="SBY-DISPENDUKCAPIL", kind=OrgUnitKind.DINAS).exists()
    assert len(surabaya.KECAMATAN) == 31


def test_serang_has_6_kecamatan_and_67_kelurahan_under_kecamatan_with_consistent_paths():
    pemda = generate("serang", employees=0).pemda
    assert _names(pemda, OrgUnitKind.KECAMATAN) == SERANG_KECAMATAN
    kelurahan = OrgUnit.objects.filter(pemda=pemda, kind=OrgUnitKind.KELURAHAN).select_related("parent")
    assert kelurahan.count() == 67 == sum(len(kels) for kels in serang.KECAMATAN.values())
    assert all(kel.parent.kind == OrgUnitKind.KECAMATAN for kel in kelurahan)
    assert OrgUnit.objects.get(pemda=pemda, code="SRG-DISDUKCAPIL").name == "Dinas Kependudukan dan Pencatatan Sipil"

    units = {u.pk: u for u in OrgUnit.objects.filter(pemda=pemda)}
    for unit in units.values():
        if unit.parent_id is None:
            assert (unit.path, unit.depth) == (f"/{unit.pk}/", 0)
        else:
            parent = units[unit.parent_id]
            assert unit.path == f"{parent.path}{unit.pk}/"
            assert unit.depth == parent.depth + 1
        assert len(unit.code) <= 32


def test_every_nip_is_valid_unique_and_agrees_with_the_person():
    pemda = generate("serang", employees=SMALL, seed=11).pemda
    people = list(Employee.objects.filter(pemda=pemda))
    assert len(people) == SMALL
    assert len({e.nip for e in people}) == SMALL
    for e in people:
        info = parse_nip(e.nip)
        assert (info.birth_date, info.gender, info.asn_type) == (e.birth_date, e.gender, e.asn_type), e.nip
        assert e.appointed_on == info.appointed_on
        if e.asn_type == AsnType.PNS:
            assert e.golongan in PNS_GOLONGAN
        else:
            assert e.golongan in PPPK_GRADES
            assert e.position_kind != PositionKind.STRUKTURAL
    pppk = sum(e.asn_type == AsnType.PPPK for e in people)
    assert 0.08 < pppk / SMALL < 0.35
    records = EmploymentRecord.objects.filter(pemda=pemda, source="demo", valid_to__isnull=True)
    assert records.count() == SMALL
    assert all(r.valid_from == r.employee.appointed_on for r in records.select_related("employee"))


def test_org_chart_every_unit_has_one_head_reporting_up_to_the_sekda():
    pemda = generate("serang", employees=SMALL).pemda
    units = {u.pk: u for u in OrgUnit.objects.filter(pemda=pemda)}
    people = {e.pk: e for e in Employee.objects.filter(pemda=pemda)}
    heads = {}
    for unit in units.values():
        # The head is the unit's struktural post whose supervisor sits outside the unit.
        unit_heads = [
            e
            for e in people.values()
            if e.unit_id == unit.pk
            and e.position_kind == PositionKind.STRUKTURAL
            and (e.supervisor_id is None or people[e.supervisor_id].unit_id != unit.pk)
        ]
        assert len(unit_heads) == 1, unit.code
        heads[unit.pk] = unit_heads[0]
    sekda = heads[next(u.pk for u in units.values() if u.code == "SRG-SETDA")]
    assert sekda.position_name == "Sekretaris Daerah" and sekda.supervisor_id is None
    assert heads[next(u.pk for u in units.values() if u.code == "SRG-KEL-KILASAH")].position_name == "Lurah"

    for e in people.values():
        unit = units[e.unit_id]
        if e is sekda:
            continue
        assert e.supervisor_id in people, e.nip  # same Pemda
        parent_head = heads[unit.parent_id] if unit.parent_id else sekda
        expected = parent_head if heads[unit.pk] is e else heads[unit.pk]
        assert e.supervisor_id == expected.pk, e.nip
        seen = {e.pk}
        current = people[e.supervisor_id]
        while current.supervisor_id is not None:  # walks up to the Sekda without a loop
            assert current.pk not in seen
            seen.add(current.pk)
            current = people[current.supervisor_id]
        assert current is sekda


class _Rollback(Exception):
    pass


def _snapshot_of_run(*steps: int, seed: int) -> list[tuple[object, ...]]:
    """Generate in the real database, read the result by natural keys, and roll everything back."""
    snapshot: list[tuple[object, ...]] = []
    try:
        with transaction.atomic():
            for employees in steps:
                result = generate("serang", employees=employees, seed=seed)
            snapshot = employee_snapshot(result.pemda)
            raise _Rollback
    except _Rollback:
        pass
    assert not Pemda.objects.filter(slug="serang").exists()
    return snapshot


def test_same_seed_gives_the_same_people_and_topping_up_equals_one_run():
    first = _snapshot_of_run(150, seed=5)
    assert len(first) == 150
    assert _snapshot_of_run(150, seed=5) == first
    assert _snapshot_of_run(120, 150, seed=5) == first
    assert _snapshot_of_run(150, seed=6) != first


def test_rerun_with_same_arguments_creates_nothing():
    generate("serang", employees=150)
    counts = (
        OrgUnit.objects.count(),
        Employee.objects.count(),
        EmploymentRecord.objects.count(),
        AuditEvent.objects.count(),
    )
    again = generate("serang", employees=150)
    assert (again.pemda_created, again.units_created, again.employees_created) == (False, 0, 0)
    assert again.employees_total == 150
    assert counts == (
        OrgUnit.objects.count(),
        Employee.objects.count(),
        EmploymentRecord.objects.count(),
        AuditEvent.objects.count(),
    )
    more = generate("serang", employees=180)
    assert more.employees_created == 30 and Employee.objects.count() == 180


def _training_year_holds(result: DemoLoadResult) -> None:
    """The training year and the service records of `load_demo` for both Pemda."""
    assert [t.pemda.slug for t in result.trainings] == ["surabaya", "serang"]
    assert all(t.created for t in result.trainings)
    usernames = {a.username for a in result.accounts}
    assert {"partner.surabaya", "partner.serang", "instructor.surabaya"} <= usernames
    # Every demo account greets a person by name (issue 9.7), staff accounts without an employee record too.
    unnamed = [u.username for u in User.objects.filter(username__in=usernames) if u.display_name == u.username]
    assert unnamed == ["superadmin"]
    for pemda in Pemda.objects.filter(slug__in=("surabaya", "serang")):
        _assert_consistent(pemda)
        assert assert_jp_totals_exact(pemda.pk)
    assert Partner.objects.filter(pemda__slug="surabaya", short_name__in=("UNAIR", "ITS", "UNESA")).count() == 3
    numbers = Certificate.objects.filter(pemda__slug="surabaya").values_list("number", flat=True)
    assert all(n.startswith("BKPSDM-SBY/2026/") for n in numbers)
    # Service records for every kelurahan (the conftest shortens their period), rolled up.
    assert [s.pemda.slug for s in result.services] == ["surabaya", "serang"]
    assert all(s.created and s.records == s.rolled_up > 0 for s in result.services)
    assert [s.units for s in result.services] == [154, 67]


def _login(username: str) -> User | None:
    # Axes (first authentication backend) needs the request to count failures.
    request = RequestFactory().post("/login/")
    return authenticate(request, username=username, password=DEMO_PASSWORD)


def test_load_demo_accounts_log_in_with_their_roles_and_second_run_is_a_no_op():
    """The whole (short-history) demo, loaded once: people, accounts, the training year, service records and the
    portal; a second run through the command changes nothing. One test, because each load takes tens of seconds."""
    result = demo_load()
    assert {"supervisor.surabaya", "partner.serang"} <= {a.username for a in result.accounts}
    _training_year_holds(result)
    # An outreach campaign per Pemda, launched through the services, measured from the requests that followed.
    from bina.participation.campaign_selectors import campaign_result
    from bina.participation.models import Campaign

    for slug, randomised in (("surabaya", True), ("serang", False)):
        campaign = Campaign.objects.get(pemda__slug=slug)
        assert campaign.randomised is randomised and campaign.status == "running"
        measured = campaign_result(actor_for_user(User.objects.get(username=f"admin.{slug}")), campaign)
        assert measured.effect is not None and measured.effect.targeted > 0
    assert Employee.objects.filter(pemda__slug="surabaya").count() == 3000
    assert Employee.objects.filter(pemda__slug="serang").count() == 1500

    superadmin = _login("superadmin")
    assert superadmin is not None and superadmin.is_superadmin and superadmin.pemda_id is None
    operator_units = {"surabaya": "SBY-DISPENDUKCAPIL", "serang": "SRG-KEC-SERANG"}
    for slug in ("surabaya", "serang"):
        roles = {}
        for persona in ("admin", "operator", "leader", "instructor", "supervisor", "participant"):
            user = _login(f"{persona}.{slug}")
            assert user is not None, f"{persona}.{slug}"
            assert user.pemda.slug == slug
            roles[persona] = user
        assert actor_for_user(roles["admin"]).is_admin
        operator = RoleAssignment.objects.get(user=roles["operator"], role=Role.OPERATOR)
        assert operator.org_unit.code == operator_units[slug]
        leader = actor_for_user(roles["leader"])
        assert leader.leader_all and leader.read_reach().whole_pemda
        assert actor_for_user(roles["instructor"]).is_instructor

        supervisor = roles["supervisor"]
        assert supervisor.employee.position_name == "Kepala Dinas"
        assert actor_for_user(supervisor).is_supervisor
        direct = Employee.objects.filter(supervisor=supervisor.employee)
        indirect = Employee.objects.filter(supervisor__in=direct)
        assert direct.exists() and indirect.exists()

        participant = roles["participant"]
        assert participant.employee.unit.kind == OrgUnitKind.KELURAHAN
        assert participant.employee.position_kind != PositionKind.STRUKTURAL
        assert RoleAssignment.objects.filter(user=participant, role=Role.PARTICIPANT).exists()
    assert _login("admin.serang") is not None
    # A populated transparency portal for both Pemda, every section published (impact too).
    from django.test import Client

    from bina.portal.models import Publication

    for slug in ("surabaya", "serang"):
        assert Publication.objects.get(pemda__slug=slug).published()[-2:] == ["impact", "open_data"]
        page = Client().get(f"/p/{slug}/transparansi/pelatihan/")
        assert page.status_code == 200 and "<svg" in page.content.decode()
    assert authenticate(RequestFactory().post("/login/"), username="admin.serang", password="wrong") is None

    users, roles_count = User.objects.count(), RoleAssignment.objects.count()
    total = (Enrolment.objects.count(), Certificate.objects.count(), Attendance.objects.count())
    records = ServiceRecord.objects.count()
    out = StringIO()
    call_command("load_demo", stdout=out)
    assert "already there" in out.getvalue() and "supervisor.surabaya" in out.getvalue()
    assert (Enrolment.objects.count(), Certificate.objects.count(), Attendance.objects.count()) == total
    assert ServiceRecord.objects.count() == records
    assert (User.objects.count(), RoleAssignment.objects.count()) == (users, roles_count)
    assert Employee.objects.count() == 4500


def test_generate_demo_command_reports_what_it_did():
    out = StringIO()
    call_command("generate_demo", "--scale", "120", "--pemda", "serang", "--seed", "3", stdout=out)
    assert "120 employees created" in out.getvalue()
    assert Employee.objects.filter(pemda__slug="serang").count() == 120
    assert not Pemda.objects.filter(slug="surabaya").exists()
