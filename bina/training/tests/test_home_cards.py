"""The home page's training cards on worked data: counts right, and another Pemda's rows never counted."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone

from bina.accounts.factories import RoleAssignmentFactory, UserFactory
from bina.accounts.models import Role
from bina.accounts.scope import actor_for_user
from bina.certificates.models import BatchStatus, CertificateBatch
from bina.core.cards import todo_card
from bina.partners.cards import agreements_todo, coordinator_card
from bina.partners.factories import AgreementFactory
from bina.partners.models import AgreementStatus
from bina.training.attendance.models import Attendance, AttendanceMethod, AttendanceStatus
from bina.training.classes.models import ClassStatus, EnrolmentStatus
from bina.training.external.models import ExternalLearning, ExternalStatus
from bina.training.factories import EnrolmentFactory, SessionFactory, TrainingClassFactory
from bina.training.learning import home
from bina.training.learning.models import JpCredit, JpSource

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def english():
    """The labels are compared in English (the default language is Indonesian)."""
    from django.utils import translation

    with translation.override("en"):
        yield


TODAY = timezone.localdate()
YEAR = TODAY.year


def credit(employee, jp, *, year=YEAR, month=1, source=JpSource.EXTERNAL, enrolment=None):
    return JpCredit.objects.create(
        pemda=employee.pemda, employee=employee, year=year, jp=Decimal(jp), source=source, title="Pelatihan",
        credited_on=date(year, month, 15), enrolment=enrolment,
    )  # fmt: skip


def claim(employee, status=ExternalStatus.SUBMITTED):
    return ExternalLearning.objects.create(
        pemda=employee.pemda, employee=employee, title="Webinar", organiser="LAN", method="seminar",
        starts_on=TODAY - timedelta(days=10), ends_on=TODAY - timedelta(days=9), jp_claimed=Decimal(4), status=status,
    )  # fmt: skip


def at(day, hour=8):
    return timezone.make_aware(datetime.combine(day, time(hour)))


def todo_counts(items):
    return {str(item.label): item.count for item in items}


def admin_fixture(w):
    """In `w`: one pending enrolment, one submitted claim (and a reviewed one), a class past its end still
    running with a past session without attendance, a session with attendance, a completed class."""
    upcoming = TrainingClassFactory(course__pemda=w.pemda, requires_approval=True)
    EnrolmentFactory(klass=upcoming, employee=w.employees["kel_a1_staff"], status=EnrolmentStatus.PENDING)
    EnrolmentFactory(klass=upcoming, employee=w.employees["kel_b1_staff"], status=EnrolmentStatus.ENROLLED)
    claim(w.employees["kel_a1_staff"])
    claim(w.employees["kel_b1_staff"], status=ExternalStatus.APPROVED)
    overdue = TrainingClassFactory(
        course__pemda=w.pemda, starts_on=TODAY - timedelta(days=6), ends_on=TODAY - timedelta(days=5),
        status=ClassStatus.RUNNING,
    )  # fmt: skip
    marked = SessionFactory(klass=overdue, starts_at=at(overdue.starts_on), ends_at=at(overdue.starts_on, 12))
    unmarked = SessionFactory(klass=overdue, starts_at=at(overdue.ends_on), ends_at=at(overdue.ends_on, 12))
    seat = EnrolmentFactory(klass=overdue, employee=w.employees["setda_staff"])
    Attendance.objects.create(
        pemda=w.pemda, session=marked, enrolment=seat, status=AttendanceStatus.PRESENT, method=AttendanceMethod.MANUAL
    )
    done = TrainingClassFactory(
        course__pemda=w.pemda, starts_on=TODAY - timedelta(days=30), ends_on=TODAY - timedelta(days=29),
        status=ClassStatus.COMPLETED,
    )  # fmt: skip
    SessionFactory(klass=done, starts_at=at(done.starts_on), ends_at=at(done.starts_on, 12))  # completed: not to do
    return overdue, unmarked


def test_admin_todo_counts_each_kind_of_waiting_work_in_its_own_pemda(world, other_world):
    overdue, unmarked = admin_fixture(world)
    admin_fixture(other_world)
    admin_fixture(other_world)
    items = home.admin_todo_items(world.actor("admin"))
    assert todo_counts(items) == {
        "enrolments waiting for your approval": 1,
        "external learning claims to review": 1,
        "classes past their end date still running": 1,
        "past sessions without attendance": 1,
    }
    urls = {str(item.label): item.url for item in items}
    assert urls["classes past their end date still running"] == reverse("training:class_detail", args=[overdue.pk])
    assert urls["past sessions without attendance"] == reverse("training:session_attendance", args=[unmarked.pk])
    assert urls["external learning claims to review"] == reverse("training:external_review")


def test_admin_todo_is_the_admins_alone(world):
    admin_fixture(world)
    for persona in ("leader", "operator", "participant", "instructor", "supervisor"):
        assert home.admin_todo_items(world.actor(persona)) == []


def test_todo_card_gathers_every_apps_lines(world, other_world, partners, other_partners):
    admin_fixture(world)
    soon = AgreementFactory(
        partner=partners.uni, ends_on=TODAY + timedelta(days=20), starts_on=TODAY - timedelta(days=300)
    )
    AgreementFactory(
        partner=other_partners.uni, ends_on=TODAY + timedelta(days=10), starts_on=TODAY - timedelta(days=9)
    )
    AgreementFactory(partner=partners.lan, ends_on=TODAY + timedelta(days=400), starts_on=TODAY)  # not soon
    failed_class = TrainingClassFactory(course__pemda=world.pemda, status=ClassStatus.COMPLETED)
    CertificateBatch.objects.create(pemda=world.pemda, klass=failed_class, status=BatchStatus.FAILED)
    retried = TrainingClassFactory(course__pemda=world.pemda, status=ClassStatus.COMPLETED)
    CertificateBatch.objects.create(pemda=world.pemda, klass=retried, status=BatchStatus.FAILED)
    CertificateBatch.objects.create(pemda=world.pemda, klass=retried, status=BatchStatus.DONE)  # retried: done
    other_class = TrainingClassFactory(course__pemda=other_world.pemda, status=ClassStatus.COMPLETED)
    CertificateBatch.objects.create(pemda=other_world.pemda, klass=other_class, status=BatchStatus.FAILED)

    card = todo_card(world.actor("admin"), world.users["admin"])
    assert card is not None
    counts = todo_counts(card["items"])
    assert counts["agreements expiring within 90 days"] == 1
    assert counts["certificate batches failed"] == 1
    assert card["waiting"] == 6
    agreements = agreements_todo(world.actor("admin"))
    assert agreements[0].url == reverse("partners:detail", args=[soon.partner_id])
    assert todo_card(world.actor("participant"), world.users["participant"]) is None


# --- leader ----------------------------------------------------------------------------------------


def test_leader_dashboard_compares_this_year_with_last_within_the_leaders_reach(world, other_world):
    # The world's leader reads Kecamatan Alfa: its camat (PNS) and the Kelurahan Alfa Satu staff (PPPK).
    kel, camat = world.employees["kel_a1_staff"], world.employees["camat_a"]
    credit(kel, 12, month=1)
    credit(kel, 8, month=2)  # 20 JP: met
    credit(camat, 5, month=2)
    credit(camat, 25, year=YEAR - 1)  # last year: camat met, kel not
    credit(world.employees["kel_b1_staff"], 40)  # outside the leader's reach
    credit(other_world.employees["kel_a1_staff"], 40)  # another Pemda
    credit(other_world.employees["camat_a"], 40, year=YEAR - 1)
    ran = TrainingClassFactory(
        course__pemda=world.pemda, starts_on=date(YEAR, 1, 5), ends_on=date(YEAR, 1, 6), status=ClassStatus.COMPLETED,
        budget_planned=Decimal(30_000_000), budget_used=Decimal(27_500_000),
    )  # fmt: skip
    # Graduates carry their class JP credit (as class completion writes it): one in the reach, one outside.
    mine = EnrolmentFactory(klass=ran, employee=kel, status=EnrolmentStatus.COMPLETED)
    theirs = EnrolmentFactory(klass=ran, employee=world.employees["kel_b1_staff"], status=EnrolmentStatus.COMPLETED)
    credit(kel, 0, source=JpSource.CLASS, enrolment=mine)
    credit(world.employees["kel_b1_staff"], 0, source=JpSource.CLASS, enrolment=theirs)
    TrainingClassFactory(
        course__pemda=world.pemda, starts_on=date(YEAR, 1, 5), ends_on=date(YEAR, 1, 6), status=ClassStatus.CANCELLED,
        budget_planned=Decimal(99_000_000),
    )  # fmt: skip
    TrainingClassFactory(
        course__pemda=other_world.pemda, starts_on=date(YEAR, 1, 5), ends_on=date(YEAR, 1, 6),
        status=ClassStatus.COMPLETED, budget_planned=Decimal(77_000_000),
    )  # fmt: skip

    dash = home.leader_dashboard(world.actor("leader"), today=date(YEAR, 3, 10))
    assert dash is not None
    total = dash.this_year.total
    assert (total.employees, total.compliant, total.percent) == (2, 1, 50.0)
    assert (total.pns, total.pns_compliant, total.pppk, total.pppk_compliant) == (1, 0, 1, 1)
    assert (dash.last_year.employees, dash.last_year.compliant, dash.last_year.percent) == (2, 1, 50.0)
    assert dash.change == 0.0
    assert dash.monthly_jp == [Decimal(12), Decimal(13), Decimal(0)]
    assert [p.y for p in dash.trend_chart.points] == [6.0, 12.5, 12.5]
    assert [r.label for r in dash.units] == ["Kelurahan Alfa Satu"]  # below the one kecamatan: its kelurahan
    assert dash.best[0].percent == 100.0 and dash.worst == []
    assert dash.classes_run == 1
    assert dash.participants == 1  # the kel_b1 graduate is outside the reach
    assert (dash.budget_planned, dash.budget_used) == (Decimal(30_000_000), Decimal(27_500_000))
    assert dash.budget_percent == 91.7
    assert dash.certificates == 0
    from django.utils import translation

    with translation.override("id"):
        assert [b.value_label for b in dash.budget_chart.bars] == ["Rp30.000.000", "Rp27.500.000 (91,7%)"]


def test_leader_dashboard_ranks_units_for_a_pemda_wide_leader(world):
    leader = UserFactory(username="sekda.alfa", pemda=world.pemda)
    RoleAssignmentFactory(user=leader, pemda=world.pemda, role=Role.LEADER, org_unit=None)
    credit(world.employees["kel_a1_staff"], 20)
    credit(world.employees["head_dinas"], 20)
    dash = home.leader_dashboard(actor_for_user(leader), today=date(YEAR, 6, 1))
    assert dash is not None
    ranked = {r.label: r.percent for r in dash.units}
    assert ranked == {
        "Sekretariat Daerah": 0.0,
        "Dinas Kependudukan dan Pencatatan Sipil": pytest.approx(33.3),
        "Kecamatan Alfa": 50.0,
        "Kecamatan Beta": 0.0,
    }
    assert [r.label for r in dash.best] == ["Kecamatan Alfa", "Dinas Kependudukan dan Pencatatan Sipil"]
    assert [r.label for r in dash.worst] == ["Kecamatan Beta", "Sekretariat Daerah"]


def test_leader_dashboard_only_for_leaders(world):
    for persona in ("admin", "operator", "participant", "instructor", "supervisor"):
        assert home.leader_dashboard(world.actor(persona)) is None


# --- participant, instructor, partner, supervisor -------------------------------------------------


def test_participant_home_shows_my_jp_next_session_nominations(world, other_world):
    me = world.employees["kel_a1_staff"]
    credit(me, 6)
    today_class = TrainingClassFactory(course__pemda=world.pemda, starts_on=TODAY, ends_on=TODAY)
    session = SessionFactory(klass=today_class, starts_at=at(TODAY, 23), ends_at=at(TODAY, 23) + timedelta(minutes=30))
    EnrolmentFactory(klass=today_class, employee=me)
    later = TrainingClassFactory(course__pemda=world.pemda, starts_on=TODAY + timedelta(days=5))
    SessionFactory(klass=later)
    EnrolmentFactory(klass=later, employee=me, status=EnrolmentStatus.NOMINATED)
    EnrolmentFactory(
        klass=TrainingClassFactory(course__pemda=world.pemda), employee=world.employees["kel_b1_staff"],
        status=EnrolmentStatus.NOMINATED,
    )  # fmt: skip
    mine = home.participant_home(world.actor("participant"))
    assert mine is not None
    assert mine.summary.total == Decimal(6)
    assert mine.next_session == session
    assert mine.session_is_today is True
    assert [e.klass_id for e in mine.nominations] == [later.pk]
    assert mine.certificates == 0
    assert home.participant_home(world.actor("admin")) is None  # an account without an employee record


def test_teaching_home_lists_todays_and_this_weeks_sessions_of_my_classes(world, other_world, partners):
    from bina.partners.factories import InstructorFactory

    me = InstructorFactory(pemda=world.pemda, name="Pengajar", kind="asn", user=world.users["instructor"])
    mine = TrainingClassFactory(course__pemda=world.pemda, starts_on=TODAY, ends_on=TODAY + timedelta(days=3))
    today = SessionFactory(klass=mine, instructor=me, starts_at=at(TODAY, 9), ends_at=at(TODAY, 11))
    week = SessionFactory(
        klass=mine, instructor=me, starts_at=at(TODAY + timedelta(days=3)), ends_at=at(TODAY + timedelta(days=3), 12)
    )
    SessionFactory(
        klass=mine, instructor=me, starts_at=at(TODAY + timedelta(days=9)), ends_at=at(TODAY + timedelta(days=9), 12)
    )
    SessionFactory(klass=TrainingClassFactory(course__pemda=world.pemda, starts_on=TODAY), starts_at=at(TODAY, 9))
    other = TrainingClassFactory(course__pemda=other_world.pemda, starts_on=TODAY)
    SessionFactory(klass=other, starts_at=at(TODAY, 9))
    teaching = home.teaching_home(world.actor("instructor"))
    assert teaching is not None
    assert teaching.today == [today] and teaching.week == [week] and teaching.classes == []
    assert teaching.later is None
    far = home.teaching_home(world.actor("instructor"), today=TODAY - timedelta(days=30))
    assert far is not None and far.today == far.week == [] and far.later == today

    organised = TrainingClassFactory(
        course__pemda=world.pemda, organiser=partners.uni, starts_on=TODAY + timedelta(days=20)
    )
    TrainingClassFactory(course__pemda=other_world.pemda, starts_on=TODAY + timedelta(days=20))
    coordinator = home.teaching_home(actor_for_user(partners.coordinator))
    assert coordinator is not None and coordinator.classes == [organised]
    assert home.teaching_home(world.actor("participant")) is None


def test_coordinator_card_shows_only_its_partners_agreements(world, partners, other_partners):
    AgreementFactory(
        partner=partners.uni, status=AgreementStatus.ACTIVE, ends_on=TODAY + timedelta(days=30), starts_on=TODAY
    )
    card = coordinator_card(actor_for_user(partners.coordinator), partners.coordinator)
    assert card is not None
    assert card["partners"] == [partners.uni]
    assert {a.partner_id for a in card["agreements"]} == {partners.uni.pk}
    assert len(card["agreements"]) == 2 and len(card["expiring"]) == 1
    assert coordinator_card(world.actor("admin"), world.users["admin"]) is None


def test_team_home_counts_my_reports_at_20_jp_and_names_who_is_below(world, other_world):
    # head_dinas supervises head_bidang, who supervises staff_bidang.
    credit(world.employees["staff_bidang"], 20)
    credit(world.employees["head_bidang"], "7.5")
    credit(world.employees["kel_a1_staff"], 1)  # not a report
    team = home.team_home(world.actor("supervisor"))
    assert team is not None
    assert (team.members, team.met, team.percent) == (2, 1, 50.0)
    assert [(p.name, p.jp) for p in team.below] == [("Kepala Bidang, S.H.", Decimal("7.5"))]
    assert home.team_home(world.actor("participant")) is None


# --- the page -------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "persona, heading",
    [
        ("admin", "h-todo"),
        ("leader", "h-dash"),
        ("participant", "h-mine"),
        ("supervisor", "h-team-jp"),
    ],
)
def test_home_page_shows_each_roles_card(world, client_as_en, persona, heading, django_assert_max_num_queries):
    admin_fixture(world)
    credit(world.employees["kel_a1_staff"], 20)
    client = client_as_en(world.users[persona])
    with django_assert_max_num_queries(45):
        response = client.get(reverse("shell:home"))
    assert response.status_code == 200
    assert f'id="{heading}"' in response.content.decode()


def test_admin_records_a_class_budget_on_its_form(world, client_as_en):
    from bina.training.classes.models import TrainingClass
    from bina.training.factories import CourseFactory

    course = CourseFactory(pemda=world.pemda)
    start = TODAY + timedelta(days=7)
    client = client_as_en(world.users["admin"])
    fields = {"course": course.pk, "code": "BUD-1", "name": "Angkatan I", "starts_on": start.isoformat(),
              "ends_on": start.isoformat(), "capacity": 25, "budget_planned": "45000000"}  # fmt: skip
    assert client.post(reverse("training:class_create"), fields).status_code == 302
    klass = TrainingClass.objects.get(code="BUD-1")
    assert (klass.budget_planned, klass.budget_used) == (Decimal(45_000_000), Decimal(0))
    edit = client.post(reverse("training:class_edit", args=[klass.pk]), {**fields, "budget_used": "12500000"})
    assert edit.status_code == 302
    klass.refresh_from_db()
    assert klass.budget_used == Decimal(12_500_000)
    refused = client.post(reverse("training:class_edit", args=[klass.pk]), {**fields, "budget_used": "-1"})
    assert refused.status_code == 422
    klass.refresh_from_db()
    assert klass.budget_used == Decimal(12_500_000)
