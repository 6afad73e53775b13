"""My learning, the .ics calendar, the supervisor's team view and unit JP compliance (pages, selectors, API)."""

from __future__ import annotations

import csv
import io
from datetime import date, datetime, timedelta
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone

from bina.accounts.services import token_create
from bina.people.factories import EmployeeFactory
from bina.training.classes.models import EnrolmentStatus
from bina.training.factories import EnrolmentFactory, SessionFactory, TrainingClassFactory
from bina.training.learning.ics import build_calendar, escape_text, fold, session_events, unfold
from bina.training.learning.models import JpCredit, JpSource
from bina.training.learning.selectors import jp_year_summary, unit_jp_compliance
from conftest import token_issuer

pytestmark = pytest.mark.django_db


def credit(employee, jp, *, year=None, source=JpSource.CLASS, title="Pelatihan"):
    year = year or timezone.localdate().year
    return JpCredit.objects.create(
        pemda=employee.pemda, employee=employee, year=year, jp=Decimal(jp), source=source, title=title,
        credited_on=date(year, 1, 15),
    )  # fmt: skip


def enrolled_class(world, employee, *, days_ahead=3, status=EnrolmentStatus.ENROLLED, **session_kwargs):
    klass = TrainingClassFactory(course__pemda=world.pemda, starts_on=timezone.localdate() + timedelta(days=days_ahead))
    session = SessionFactory(klass=klass, **session_kwargs)
    enrolment = EnrolmentFactory(klass=klass, employee=employee, status=status)
    return klass, session, enrolment


def bearer(user):
    _, secret = token_create(actor=token_issuer(user), user=user)
    return {"HTTP_AUTHORIZATION": f"Bearer {secret}"}


# --- JP summary -------------------------------------------------------------------------------------


def test_jp_summary_adds_class_and_external_credits_against_the_20_jp_target(world):
    me = world.employees["kel_a1_staff"]
    credit(me, 12)
    credit(me, "8.5", source=JpSource.EXTERNAL)
    credit(me, 30, year=timezone.localdate().year - 1)  # another year does not count
    summary = jp_year_summary(me.pk, timezone.localdate().year)
    assert summary.total == Decimal("20.5")
    assert summary.target == 20
    assert summary.met is True
    assert summary.remaining == 0
    assert summary.percent == 100
    assert len(summary.class_credits) == 1 and len(summary.external_credits) == 1


def test_jp_summary_reports_what_is_left(world):
    me = world.employees["kel_a1_staff"]
    credit(me, 5)
    summary = jp_year_summary(me.pk, timezone.localdate().year)
    assert (summary.total, summary.remaining, summary.percent, summary.met) == (Decimal(5), Decimal(15), 25, False)


# --- my learning page -------------------------------------------------------------------------------


def test_my_learning_shows_my_upcoming_sessions_and_jp_bar(world, client_as_en, django_assert_max_num_queries):
    me = world.employees["kel_a1_staff"]
    _, _session, _ = enrolled_class(world, me, room="Aula Kecamatan", topic="Pelayanan KTP-el")
    _other_klass, _other_session, _ = enrolled_class(world, world.employees["kel_b1_staff"], topic="Rahasia Lain")
    credit(me, 8)
    client = client_as_en(world.users["participant"])
    with django_assert_max_num_queries(20):
        response = client.get(reverse("training:my_learning"))
    body = response.content.decode()
    assert response.status_code == 200
    assert "Pelayanan KTP-el" in body and "Aula Kecamatan" in body
    assert "Rahasia Lain" not in body
    assert "<svg" in body and "8 / 20 JP" in body
    assert 'aria-labelledby="chart-jp-year-title chart-jp-year-desc"' in body and "8 of 20 JP</desc>" in body


def test_my_learning_query_count_does_not_grow_with_history(world, client_as, django_assert_num_queries):
    me = world.employees["kel_a1_staff"]
    client = client_as(world.users["participant"])
    enrolled_class(world, me)
    client.get(reverse("training:my_learning"))  # warm caches (session, content types)
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as first:
        client.get(reverse("training:my_learning"))
    for _ in range(5):
        enrolled_class(world, me)
        credit(me, 2)
    with CaptureQueriesContext(connection) as second:
        client.get(reverse("training:my_learning"))
    assert len(second) == len(first)


def test_nomination_can_be_accepted_from_my_learning(world, client_as):
    me = world.employees["kel_a1_staff"]
    _klass, _, enrolment = enrolled_class(world, me, days_ahead=10, status=EnrolmentStatus.NOMINATED)
    client = client_as(world.users["participant"])
    page = client.get(reverse("training:my_learning"))
    assert reverse("training:my_nomination_respond", args=[enrolment.pk]) in page.content.decode()
    response = client.post(reverse("training:my_nomination_respond", args=[enrolment.pk]), {"answer": "accept"})
    assert response.status_code == 302
    enrolment.refresh_from_db()
    assert enrolment.status in (EnrolmentStatus.ENROLLED, EnrolmentStatus.WAITLISTED, EnrolmentStatus.PENDING)


def test_nomination_can_be_declined_with_a_reason(world, client_as):
    me = world.employees["kel_a1_staff"]
    _, _, enrolment = enrolled_class(world, me, days_ahead=10, status=EnrolmentStatus.NOMINATED)
    client = client_as(world.users["participant"])
    url = reverse("training:my_nomination_respond", args=[enrolment.pk])
    client.post(url, {"answer": "decline", "reason": ""})  # refused: a reason is needed
    enrolment.refresh_from_db()
    assert enrolment.status == EnrolmentStatus.NOMINATED
    assert 'name="category"' in client.get(reverse("training:my_learning")).content.decode()
    client.post(url, {"answer": "decline", "reason": "Bentrok dengan tugas lapangan", "category": "schedule"})
    enrolment.refresh_from_db()
    assert enrolment.status == EnrolmentStatus.DECLINED and enrolment.reason_category == "schedule"


def test_cannot_answer_someone_elses_nomination(world, client_as):
    _, _, enrolment = enrolled_class(world, world.employees["kel_b1_staff"], status=EnrolmentStatus.NOMINATED)
    response = client_as(world.users["participant"]).post(
        reverse("training:my_nomination_respond", args=[enrolment.pk]), {"answer": "accept"}
    )
    assert response.status_code == 404
    enrolment.refresh_from_db()
    assert enrolment.status == EnrolmentStatus.NOMINATED


# --- .ics ---------------------------------------------------------------------------------------------


def test_ics_escapes_text_folds_long_lines_and_uses_crlf():
    assert escape_text("a,b;c\\d\ne") == "a\\,b\\;c\\\\d\\ne"
    long = "SUMMARY:" + "Pelayanan é" * 20
    folded = fold(long)
    for line in folded.split("\r\n"):
        assert len(line.encode("utf-8")) <= 75
    assert unfold(folded) == [long]


def test_my_calendar_lists_only_my_sessions_as_utc_vevents(world, client_as):
    me = world.employees["kel_a1_staff"]
    start = timezone.make_aware(datetime(2030, 5, 6, 8, 0))  # 08:00 WIB = 01:00 UTC
    _, session, _ = enrolled_class(
        world, me, starts_at=start, ends_at=start + timedelta(hours=2), topic="Etika; integritas, dan \\ layanan",
        room="Ruang 1",
    )  # fmt: skip
    _, other_session, _ = enrolled_class(world, world.employees["kel_b1_staff"])
    response = client_as(world.users["participant"]).get(reverse("training:my_calendar"))
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/calendar")
    assert response["Content-Disposition"] == 'attachment; filename="bina-sessions.ics"'
    assert "no-store" in response["Cache-Control"]
    text = response.content.decode()
    assert text.endswith("\r\n") and "\n" not in text.replace("\r\n", "")
    lines = unfold(text)
    assert lines[0] == "BEGIN:VCALENDAR" and lines[-2] == "END:VCALENDAR"
    assert lines.count("BEGIN:VEVENT") == 1
    assert f"UID:session-{session.pk}@testserver" in lines
    assert "DTSTART:20300506T010000Z" in lines
    assert "DTEND:20300506T030000Z" in lines
    assert "LOCATION:Ruang 1" in lines
    summary = next(line for line in lines if line.startswith("SUMMARY:"))
    assert "Etika\\; integritas\\, dan \\\\ layanan" in summary
    assert f"session-{other_session.pk}@" not in text


def test_calendar_builder_uses_url_for_online_sessions(world):
    session = SessionFactory(klass__course__pemda=world.pemda, room="", online_url="https://zoom.example/j/1")
    lines = unfold(build_calendar(session_events([session], domain="bina.test"), name="Bina"))
    assert "URL:https://zoom.example/j/1" in lines
    assert not any(line.startswith("LOCATION:") for line in lines)


# --- team -------------------------------------------------------------------------------------------


def test_supervisor_sees_direct_and_indirect_reports_with_jp(world, client_as, django_assert_max_num_queries):
    credit(world.employees["staff_bidang"], 21)
    credit(world.employees["head_bidang"], 4)
    credit(world.employees["kel_a1_staff"], 40)
    client = client_as(world.users["supervisor"])
    with django_assert_max_num_queries(15):
        response = client.get(reverse("training:team"))
    assert response.status_code == 200
    members = {m.name: m for m in response.context["members"]}
    assert set(members) == {"Staf Bidang", "Kepala Bidang, S.H."}
    assert members["Staf Bidang"].jp == 21 and members["Staf Bidang"].jp_met
    assert members["Kepala Bidang, S.H."].jp == 4 and not members["Kepala Bidang, S.H."].jp_met
    assert "Pelayan Kelurahan Alfa" not in response.content.decode()


def test_team_lists_open_nominations_of_reports(world, client_as):
    enrolled_class(world, world.employees["staff_bidang"], status=EnrolmentStatus.NOMINATED)
    enrolled_class(world, world.employees["kel_b1_staff"], status=EnrolmentStatus.NOMINATED)
    response = client_as(world.users["supervisor"]).get(reverse("training:team"))
    nominations = response.context["data"].nominations
    assert [e.employee.name for e in nominations] == ["Staf Bidang"]


def test_team_page_refuses_someone_without_reports(world, client_as):
    assert client_as(world.users["participant"]).get(reverse("training:team")).status_code == 403


# --- compliance -------------------------------------------------------------------------------------


def test_admin_compliance_rolls_units_up_by_subtree(world):
    year = timezone.localdate().year
    credit(world.employees["staff_bidang"], 20)
    credit(world.employees["kel_a1_staff"], 25)  # PPPK
    credit(world.employees["camat_a"], 10)
    data = unit_jp_compliance(world.actor("admin"), year)
    rows = {r.unit.code: r for r in data.rows}
    assert set(rows) == {"ALF-SETDA", "ALF-DKP", "ALF-KEC-A", "ALF-KEC-B"}
    dinas = rows["ALF-DKP"]
    assert (dinas.employees, dinas.compliant) == (3, 1)
    assert dinas.average_jp == pytest.approx(6.7, abs=0.05)
    kec_a = rows["ALF-KEC-A"]
    assert (kec_a.employees, kec_a.compliant, kec_a.pppk, kec_a.pppk_compliant, kec_a.pns) == (2, 1, 1, 1, 1)
    assert kec_a.percent == 50.0
    assert data.total.employees == 7 and data.total.compliant == 2


def test_drill_down_shows_children_and_the_units_own_staff(world):
    data = unit_jp_compliance(world.actor("admin"), 2026, world.units["dinas"])
    labels = [r.label for r in data.rows]
    assert labels[0].startswith("Dinas Kependudukan")  # head of dinas sits in the dinas itself
    assert "Bidang Pelayanan Pendaftaran Penduduk" in labels
    assert data.total.employees == 3


def test_leader_sees_only_own_subtree_in_compliance(world, client_as):
    client = client_as(world.users["leader"])
    response = client.get(reverse("training:compliance"))
    assert response.status_code == 200
    assert [r.unit.code for r in response.context["data"].rows] == ["ALF-KEC-A"]
    assert client.get(reverse("training:compliance"), {"unit": "ALF-KEC-B"}).status_code == 404
    assert client.get(reverse("training:compliance"), {"unit": "ALF-KEC-A"}).status_code == 200


def test_compliance_refuses_participants_and_other_pemda_units(world, other_world, client_as):
    assert client_as(world.users["participant"]).get(reverse("training:compliance")).status_code == 403
    response = client_as(world.users["admin"]).get(reverse("training:compliance"), {"unit": "BET-KEC-A"})
    assert response.status_code == 404


def test_compliance_csv_download_parses(world, client_as):
    credit(world.employees["kel_a1_staff"], 20)
    response = client_as(world.users["admin"]).get(reverse("training:compliance"), {"format": "csv"})
    assert response.status_code == 200
    year = timezone.localdate().year
    assert response["Content-Disposition"] == f'attachment; filename="jp-compliance-{year}.csv"'
    text = b"".join(response.streaming_content).decode("utf-8-sig")
    rows = list(csv.reader(io.StringIO(text)))
    assert len(rows) == 1 + 4 + 1  # header, four top units, total
    assert any(r[0] == "Kecamatan Alfa" and r[2] == "1" for r in rows)


def test_compliance_query_count_is_constant(world, client_as, django_assert_max_num_queries):
    for _ in range(10):
        e = EmployeeFactory(pemda=world.pemda, unit=world.units["kel_b1"])
        credit(e, 21)
    client = client_as(world.users["admin"])
    with django_assert_max_num_queries(12):
        assert client.get(reverse("training:compliance")).status_code == 200


# --- API --------------------------------------------------------------------------------------------


def test_api_me_learning_returns_jp_sessions_and_nominations(world, client_as):
    me = world.employees["kel_a1_staff"]
    enrolled_class(world, me, topic="Sesi API")
    enrolled_class(world, me, status=EnrolmentStatus.NOMINATED)
    credit(me, 6)
    body = client_as(world.users["participant"]).get("/api/v1/me/learning").json()
    assert body["jp"]["total"] == 6 and body["jp"]["target"] == 20 and body["jp"]["met"] is False
    assert [s["topic"] for s in body["upcoming_sessions"]] == ["Sesi API"]
    assert sorted(e["action_needed"] for e in body["enrolments"]) == ["", "accept_or_decline"]


def test_api_calendar_is_ics(world, client_as):
    enrolled_class(world, world.employees["kel_a1_staff"])
    response = client_as(world.users["participant"]).get("/api/v1/me/calendar.ics")
    assert response.status_code == 200
    assert unfold(response.content.decode())[0] == "BEGIN:VCALENDAR"
    assert "no-store" in response["Cache-Control"]


def test_api_employee_jp_is_scoped(world, other_world, client_as):
    credit(world.employees["staff_bidang"], 9)
    supervisor = client_as(world.users["supervisor"])
    ok = supervisor.get(f"/api/v1/employees/{world.employees['staff_bidang'].nip}/jp")
    assert ok.status_code == 200 and ok.json()["jp"]["total"] == 9
    assert supervisor.get(f"/api/v1/employees/{world.employees['kel_b1_staff'].nip}/jp").status_code == 404
    admin = client_as(world.users["admin"])
    assert admin.get(f"/api/v1/employees/{other_world.employees['staff_bidang'].nip}/jp").status_code == 404


def test_api_compliance_scoped_for_leader_and_refused_for_participant(world, client_as):
    body = client_as(world.users["leader"]).get("/api/v1/jp-compliance").json()
    assert [r["unit"] for r in body["rows"]] == ["ALF-KEC-A"]
    assert client_as(world.users["leader"]).get("/api/v1/jp-compliance?unit=ALF-DKP").status_code == 404
    assert client_as(world.users["participant"]).get("/api/v1/jp-compliance").status_code == 403


def test_my_learning_links_my_certificate_pdf(world, client_as):
    from bina.certificates.services import certificate_issue
    from bina.core.actor import Actor

    me = world.employees["kel_a1_staff"]
    enrolment = EnrolmentFactory(employee=me, status=EnrolmentStatus.COMPLETED)
    certificate = certificate_issue(
        enrolment=enrolment, actor=Actor.system(enrolment.pemda_id, label="test"), render_pdf=False
    )
    response = client_as(world.users["participant"]).get(reverse("training:my_learning"))
    assert response.status_code == 200
    content = response.content.decode()
    assert certificate.number in content
    assert reverse("certificates:pdf", args=[certificate.pk]) in content
