"""Participation figures on worked data: shares, medians, reasons, technology avoidance, answer times; who sees
small cells and names; another Pemda sees nothing; the API refuses what it does not understand."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone

from bina.accounts.factories import RoleAssignmentFactory, UserFactory
from bina.accounts.models import Role
from bina.accounts.scope import actor_for_user
from bina.accounts.services import token_create
from bina.core.errors import NotFound, PermissionDenied, ValidationFailed
from bina.core.models import AuditEvent
from bina.participation.selectors import age_band, participation_people, participation_table
from bina.people.factories import EmployeeFactory
from bina.training.catalogue.models import DeliveryMode
from bina.training.classes.models import EnrolmentSource, EnrolmentStatus
from bina.training.factories import CourseFactory, EnrolmentFactory, TrainingClassFactory
from bina.training.learning.models import JpCredit, JpSource
from conftest import token_issuer

pytestmark = pytest.mark.django_db

YEAR = 2026


def credit(employee, jp, year=YEAR):
    JpCredit.objects.create(
        pemda=employee.pemda, employee=employee, year=year, jp=Decimal(jp), source=JpSource.CLASS,
        title="Pelatihan", credited_on=date(year, 6, 1),
    )  # fmt: skip


def at(month, day):
    return timezone.make_aware(datetime(YEAR, month, day, 9, 0))


def enrol(world, employee, *, mode, status, source=EnrolmentSource.SELF, category="", requested=None, answered=None):
    klass = TrainingClassFactory(
        course=CourseFactory(pemda=world.pemda, delivery_mode=mode), starts_on=date(YEAR, 4, 1)
    )
    return EnrolmentFactory(
        klass=klass, employee=employee, status=status, source=source, reason_category=category,
        requested_at=requested, answered_at=answered,
    )  # fmt: skip


@pytest.fixture
def kec_a(world):
    """Kecamatan Alfa's subtree: the camat, the kelurahan staff member and four more, with known figures."""
    e = world.employees
    unit = world.units["kel_a1"]
    xs = [EmployeeFactory(pemda=world.pemda, unit=unit, name=f"Pelayan {i}") for i in range(1, 5)]
    xs[0].gender = "P"
    xs[0].save()
    people = {"camat": e["camat_a"], "kel": e["kel_a1_staff"], "x1": xs[0], "x2": xs[1], "x3": xs[2], "x4": xs[3]}
    for p, birth in zip(people.values(), [1970, 1980, 1990, 1997, 1996, 1985], strict=True):
        p.birth_date = date(birth, 1, 1)
        p.save(update_fields=["birth_date"])
    # JP this year: 24, 10, 20, 0, 0, 5 -> median 7.5, 4 trained, 2 at 20 JP; x2 trained last year, x3 never.
    credit(people["camat"], "24")
    credit(people["kel"], "10")
    credit(people["x1"], "20")
    credit(people["x2"], "8", year=YEAR - 1)
    credit(people["x4"], "5")
    nomination = EnrolmentSource.NOMINATION
    enrol(world, people["x2"], mode=DeliveryMode.DARING, status=EnrolmentStatus.DECLINED, source=nomination,
          category="technology", requested=at(3, 1), answered=at(3, 3))  # fmt: skip
    enrol(world, people["x3"], mode=DeliveryMode.TATAP_MUKA, status=EnrolmentStatus.NO_SHOW, category="health")
    enrol(world, people["x4"], mode=DeliveryMode.TATAP_MUKA, status=EnrolmentStatus.ENROLLED, source=nomination,
          requested=at(3, 1), answered=at(3, 5))  # fmt: skip
    enrol(world, people["kel"], mode=DeliveryMode.BLENDED, status=EnrolmentStatus.NOMINATED, source=nomination,
          requested=at(3, 1))  # fmt: skip
    enrol(world, people["camat"], mode=DeliveryMode.TATAP_MUKA, status=EnrolmentStatus.COMPLETED)
    # Not counted: a cancelled class, and a class of another year.
    enrol(world, people["x1"], mode=DeliveryMode.DARING, status=EnrolmentStatus.CANCELLED)
    old = enrol(world, people["x1"], mode=DeliveryMode.DARING, status=EnrolmentStatus.DECLINED, category="workload")
    old.klass.starts_on = date(YEAR - 1, 5, 1)
    old.klass.save()
    return people


def _row(table, key):
    return next(r for r in table.rows if r.key == key)


def test_worked_figures_of_a_unit(world, kec_a):
    table = participation_table(world.actor("admin"), year=YEAR, dimension="unit")
    row = _row(table, world.units["kec_a"].code)
    assert (row.people, row.trained, row.at_target, row.untrained_two_years) == (6, 4, 2, 1)
    assert row.jp_median == Decimal("7.5")
    assert (row.trained_pct, row.at_target_pct, row.untrained_two_years_pct) == (66.7, 33.3, 16.7)
    assert row.declines_by_reason == {"technology": 1} and row.no_shows_by_reason == {"health": 1}
    assert (row.declines, row.no_shows) == (1, 1)
    assert (row.technology_enrolments, row.technology_refused, row.technology_refused_pct) == (2, 1, 50.0)
    assert (row.classical_enrolments, row.classical_refused, row.classical_refused_pct) == (3, 1, 33.3)
    assert (row.nominations_answered, row.nominations_open, row.answer_days_median) == (2, 1, 3.0)
    # The admin sees small cells too: the Dinas has three people.
    dinas = _row(table, world.units["dinas"].code)
    assert not dinas.suppressed and dinas.people == 3
    assert table.total.people == 11 and table.people_visible


def test_other_dimensions_group_the_same_people(world, kec_a):
    admin = world.actor("admin")
    ages = participation_table(admin, year=YEAR, dimension="age_band")
    # kec_a's people born 1997 (29 at the end of 2026) is under 30; 1996 is 30.
    assert sum(r.people for r in ages.rows) == 11
    assert _row(ages, "lt30").people == 1
    asn = participation_table(admin, year=YEAR, dimension="asn_type")
    assert _row(asn, "PPPK").people == 1 and _row(asn, "PNS").people == 10


def test_age_band_is_the_age_on_the_last_day_of_the_year():
    assert age_band(date(1996, 12, 31), 2026) == "30_39"
    assert age_band(date(1997, 1, 1), 2026) == "lt30"
    assert age_band(date(1976, 12, 31), 2026) == "ge50"
    assert age_band(date(1977, 1, 1), 2026) == "40_49"


def test_a_leader_sees_cells_of_five_or_more_only(world, kec_a):
    leader = world.actor("leader")  # Kecamatan Alfa's subtree: six people
    units = participation_table(leader, year=YEAR, dimension="unit")
    assert [r.key for r in units.rows] == [world.units["kec_a"].code]
    assert units.rows[0].people == 6 and not units.people_visible
    genders = participation_table(leader, year=YEAR, dimension="gender")
    assert {r.key: r.suppressed for r in genders.rows} == {"L": True, "P": True}  # 4 and 2 people
    assert genders.rows[0].as_dict() == {"key": "L", "label": "Laki-laki", "suppressed": True}
    assert genders.total.people == 6 and not genders.total.suppressed
    # One struktural (the camat) and five pelaksana: the five are withheld too, or 6 - 5 would name the camat.
    kinds = participation_table(leader, year=YEAR, dimension="position_kind")
    assert {r.key: r.suppressed for r in kinds.rows} == {"struktural": True, "pelaksana": True}
    assert not kinds.total.suppressed


def test_only_the_admin_and_supervisors_see_the_people(world, kec_a, client_as):
    code = world.units["kec_a"].code
    admin = participation_people(world.actor("admin"), year=YEAR, dimension="unit", cell=code)
    assert len(admin.people) == 6
    assert AuditEvent.objects.filter(action="participation.people", detail__key=code).exists()
    with pytest.raises(PermissionDenied):
        participation_people(world.actor("leader"), year=YEAR, dimension="unit", cell=code)
    page = client_as(world.users["leader"]).get(
        reverse("participation:people"), {"dimension": "unit", "year": YEAR, "key": code}
    )
    assert page.status_code == 403
    # The supervisor (head of the Dinas): their reports, grouped by their own units; no one of Kecamatan Alfa.
    sup = world.actor("supervisor")
    team = participation_table(sup, year=YEAR, dimension="unit")
    assert {r.key for r in team.rows} == {world.units["dinas"].code, world.units["bidang"].code}
    assert team.people_visible and not any(r.suppressed for r in team.rows)
    bidang = participation_people(sup, year=YEAR, dimension="unit", cell=world.units["bidang"].code)
    assert {p.employee.name for p in bidang.people} == {"Kepala Bidang, S.H.", "Staf Bidang"}
    with pytest.raises(NotFound):
        participation_people(sup, year=YEAR, dimension="unit", cell=code)


def test_a_supervisor_who_leads_sees_only_their_reports_by_name(world, kec_a):
    """The camat leads Kecamatan Alfa and supervises one person there: the names are that person's only."""
    camat = kec_a["camat"]
    kec_a["x1"].supervisor = camat
    kec_a["x1"].save()
    user = UserFactory(pemda=world.pemda, employee=camat)
    RoleAssignmentFactory(user=user, pemda=world.pemda, role=Role.LEADER, org_unit=world.units["kec_a"])
    actor = actor_for_user(user)
    table = participation_table(actor, year=YEAR, dimension="gender")
    assert all(r.suppressed for r in table.rows)  # still a leader: small cells withheld
    cell = participation_people(actor, year=YEAR, dimension="unit", cell=world.units["kec_a"].code)
    assert {p.employee.pk for p in cell.people} == {camat.pk, kec_a["x1"].pk}


def test_another_pemda_sees_nothing_of_this_one(world, other_world, kec_a):
    other = participation_table(other_world.actor("admin"), year=YEAR, dimension="unit")
    assert world.units["kec_a"].code not in {r.key for r in other.rows}
    assert other.total.people == len(other_world.employees)
    with pytest.raises(NotFound):
        participation_people(other_world.actor("admin"), year=YEAR, dimension="unit", cell=world.units["kec_a"].code)


def test_refusals(world):
    with pytest.raises(PermissionDenied):
        participation_table(world.actor("participant"), year=YEAR, dimension="unit")
    with pytest.raises(PermissionDenied):
        participation_table(world.actor("instructor"), year=YEAR, dimension="unit")
    with pytest.raises(ValidationFailed):
        participation_table(world.actor("admin"), year=1999, dimension="unit")
    with pytest.raises(ValidationFailed):
        participation_table(world.actor("admin"), year=YEAR, dimension="nip")


def test_the_page_for_a_leader_withholds_and_links_nobody(world, kec_a, client_as):
    client = client_as(world.users["leader"])
    html = client.get(reverse("participation:figures"), {"dimension": "gender", "year": YEAR}).content.decode()
    assert "Partisipasi" in html or "Participation" in html
    assert reverse("participation:people") not in html
    assert "Laki-laki" in html
    admin_html = (
        client_as(world.users["admin"])
        .get(reverse("participation:figures"), {"dimension": "unit", "year": YEAR})
        .content.decode()
    )
    assert reverse("participation:people") in admin_html and "Kecamatan Alfa" in admin_html
    bad = client_as(world.users["admin"]).get(reverse("participation:figures"), {"year": "20x6"})
    assert bad.status_code == 422
    assert client_as(world.users["participant"]).get(reverse("participation:figures")).status_code == 403


def test_the_downloads(world, kec_a, client_as):
    client = client_as(world.users["admin"])
    csv = client.get(reverse("participation:figures_csv"), {"dimension": "unit", "year": YEAR})
    assert csv.status_code == 200
    body = b"".join(csv.streaming_content).decode("utf-8-sig") if csv.streaming else csv.content.decode()
    assert "Kecamatan Alfa" in body
    xlsx = client.get(reverse("participation:figures_xlsx"), {"dimension": "unit", "year": YEAR})
    assert xlsx.status_code == 200 and xlsx["Content-Type"].startswith("application/vnd.openxmlformats")


@pytest.fixture
def api(client):
    def call(user, query):
        _, token = token_create(actor=token_issuer(user), user=user)
        return client.get("/api/v1/participation", query, HTTP_AUTHORIZATION=f"Bearer {token}")

    return call


def test_the_api_gives_the_table(world, kec_a, api):
    body = api(world.users["admin"], {"dimension": "unit", "year": str(YEAR)}).json()
    row = next(r for r in body["rows"] if r["key"] == world.units["kec_a"].code)
    assert row["people"] == 6 and row["jp_median"] == 7.5 and row["at_target_pct"] == 33.3
    assert row["declines_by_reason"]["technology"] == 1 and row["no_shows_by_reason"]["health"] == 1
    assert body["target"] == 20 and body["min_cell"] == 5
    leader = api(world.users["leader"], {"dimension": "gender", "year": str(YEAR)}).json()
    assert all(r["suppressed"] and r["people"] is None for r in leader["rows"])


@pytest.mark.parametrize(
    "query",
    [
        {"dimension": "unit", "year": "2026", "unit": "X"},  # unknown parameter
        {"dimension": "nip"},
        {"year": "20x6"},
        {"year": "1999"},
        {"year": "12345"},
    ],
)
def test_the_api_refuses_what_it_does_not_understand(world, api, query):
    response = api(world.users["admin"], query)
    assert response.status_code == 422


def test_the_api_refuses_roles_without_the_figures(world, api):
    assert api(world.users["participant"], {}).status_code == 403
    assert api(world.users["leader"], {}).status_code == 200


def test_the_answer_time_counts_from_the_latest_request(world):
    """A reused enrolment row (asked again after a decline) counts from the new request, not its creation."""
    e = enrol(world, world.employees["kel_b1_staff"], mode=DeliveryMode.DARING, status=EnrolmentStatus.ENROLLED,
              source=EnrolmentSource.NOMINATION, requested=at(3, 10), answered=at(3, 11))  # fmt: skip
    type(e).objects.filter(pk=e.pk).update(created_at=at(3, 10) - timedelta(days=60))
    table = participation_table(world.actor("admin"), year=YEAR, dimension="unit")
    assert _row(table, world.units["kec_b"].code).answer_days_median == 1.0


def test_the_table_reads_in_a_fixed_number_of_queries(world, kec_a):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    def count(dimension):
        actor = world.actor("admin")
        with CaptureQueriesContext(connection) as ctx:
            participation_table(actor, year=YEAR, dimension=dimension)
        return len(ctx.captured_queries)

    before = {d: count(d) for d in ("unit", "gender")}
    for i in range(6):
        person = EmployeeFactory(pemda=world.pemda, unit=world.units["kel_b1"], name=f"Tambahan {i}")
        credit(person, "3")
        enrol(world, person, mode=DeliveryMode.DARING, status=EnrolmentStatus.DECLINED, category="schedule")
    assert {d: count(d) for d in ("unit", "gender")} == before
    assert before["unit"] <= 4
