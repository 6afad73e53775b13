"""Issue 9.11: compliance drills down to the people below 20 JP (page + XLSX), and the profile's learning record."""

from __future__ import annotations

import io
from datetime import date
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from bina.certificates.models import Certificate
from bina.core.errors import NotFound
from bina.people.factories import EmployeeFactory
from bina.people.models import EmployeeStatus
from bina.training.classes.models import EnrolmentStatus
from bina.training.external.models import ExternalLearning, ExternalStatus
from bina.training.factories import CourseFactory, EnrolmentFactory, TrainingClassFactory
from bina.training.learning.models import JpCredit, JpSource
from bina.training.learning.selectors import employee_learning_profile, employees_below_target

YEAR = timezone.localdate().year


def _credit(world, employee, jp, year=YEAR, **kw):
    return JpCredit.objects.create(
        pemda=world.pemda, employee=employee, year=year, jp=Decimal(jp), source=kw.pop("source", JpSource.CLASS),
        title=kw.pop("title", "Pelatihan"), credited_on=date(year, 3, 1), **kw,
    )  # fmt: skip


@pytest.fixture
def jp(world):
    """Worked data: in Kecamatan Alfa the camat has 24 JP (met), the kelurahan staff 8 + 4 = 12, a retiree 0."""
    e = world.employees
    _credit(world, e["camat_a"], 24)
    _credit(world, e["kel_a1_staff"], 8)
    _credit(world, e["kel_a1_staff"], 4, source=JpSource.EXTERNAL)
    _credit(world, e["kel_a1_staff"], 20, year=YEAR - 1)  # last year's JP does not count this year
    _credit(world, e["staff_bidang"], 19.5)
    EmployeeFactory(pemda=world.pemda, unit=world.units["kel_a1"], name="Pensiunan", status=EmployeeStatus.PENSIUN)
    return world


def test_below_target_lists_the_unit_subtree_lowest_first(jp):
    people = list(employees_below_target(jp.actor("admin"), YEAR, jp.units["kec_a"]).people)
    assert [(p.name, p.jp, p.jp_missing) for p in people] == [
        ("Pelayan Kelurahan Alfa", Decimal("12.0"), Decimal("8.0"))
    ]
    everyone = list(employees_below_target(jp.actor("admin"), YEAR).people)
    # 7 serving employees, the camat met the target; the retiree has no JP right; 19,5 JP is still below 20
    assert len(everyone) == 6 and everyone[-1].name == "Staf Bidang" and everyone[-1].jp == Decimal("19.5")
    assert "Camat Alfa, S.STP." not in {p.name for p in everyone}


def test_below_target_is_scoped_to_the_leaders_subtree(jp, other_world):
    leader = jp.actor("leader")  # Kecamatan Alfa
    assert [p.name for p in employees_below_target(leader, YEAR).people] == ["Pelayan Kelurahan Alfa"]
    with pytest.raises(NotFound):
        employees_below_target(leader, YEAR, jp.units["kec_b"])
    with pytest.raises(NotFound):
        employees_below_target(other_world.actor("admin"), YEAR, jp.units["kec_a"])
    assert list(employees_below_target(other_world.actor("admin"), YEAR).people.filter(pemda=jp.pemda)) == []


def test_compliance_links_each_unit_to_its_people_and_the_page_links_profiles(jp, client_as_en):
    admin = client_as_en(jp.users["admin"])
    top = admin.get(reverse("training:compliance"), {"year": YEAR}).content.decode()
    link = f"{reverse('training:compliance_below')}?year={YEAR}&amp;unit={jp.units['kec_a'].code}"
    assert f'<a class="small" href="{link}">1 person below target</a>' in top
    assert 'id="below-all"' in top
    page = admin.get(reverse("training:compliance_below"), {"year": YEAR, "unit": jp.units["kec_a"].code})
    html = page.content.decode()
    assert page.status_code == 200
    assert f'href="{reverse("people:employee_detail", args=[jp.employees["kel_a1_staff"].nip])}"' in html
    assert "Camat Alfa" not in html and "Pensiunan" not in html
    assert '<td class="num">12</td><td class="num">8</td>' in html
    assert 'id="below-xlsx"' in html


def test_below_target_xlsx_has_the_same_people_with_nip_as_text(jp, client_as):
    admin = client_as(jp.users["admin"])
    response = admin.get(
        reverse("training:compliance_below"), {"year": YEAR, "unit": jp.units["kec_a"].code, "format": "xlsx"}
    )
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    sheet = load_workbook(
        io.BytesIO(b"".join(response.streaming_content) if response.streaming else response.content)
    ).active
    rows = list(sheet.iter_rows(values_only=True))
    staff = jp.employees["kel_a1_staff"]
    assert rows[1][:2] == (staff.nip, staff.name) and rows[1][5:] == (12.0, 8.0) and len(rows) == 2
    assert sheet["A2"].data_type == "s"


def test_an_export_of_nobody_says_so_instead_of_downloading(jp, client_as_en):
    _credit(jp, jp.employees["kel_a1_staff"], 10)  # now 22 JP: Kecamatan Alfa is all done
    response = client_as_en(jp.users["admin"]).get(
        reverse("training:compliance_below"), {"year": YEAR, "unit": jp.units["kec_a"].code, "format": "xlsx"}
    )
    assert response.status_code == 200 and response["Content-Type"].startswith("text/html")
    assert "There is nothing to export" in response.content.decode()


@pytest.mark.parametrize("persona", ["participant", "instructor", "supervisor"])
def test_roles_without_compliance_are_refused(jp, client_as, persona):
    response = client_as(jp.users[persona]).get(reverse("training:compliance_below"), {"year": YEAR})
    assert response.status_code == 403


def test_other_pemda_and_out_of_reach_units_answer_404(jp, other_world, client_as):
    assert (
        client_as(other_world.users["admin"])
        .get(reverse("training:compliance_below"), {"unit": jp.units["kec_a"].code})
        .status_code
        == 404
    )
    leader = client_as(jp.users["leader"])
    assert leader.get(reverse("training:compliance_below"), {"unit": jp.units["kec_b"].code}).status_code == 404
    assert leader.get(reverse("training:compliance_below"), {"unit": jp.units["kec_a"].code}).status_code == 200


# --- the profile's learning record ----------------------------------------------------------------


@pytest.fixture
def record(jp):
    e = jp.employees["kel_a1_staff"]
    course = CourseFactory(pemda=jp.pemda, title="Penanganan Pengaduan", jp=24)
    done = TrainingClassFactory(course=course, code="ADU-1", status="completed")
    enrolment = EnrolmentFactory(klass=done, employee=e, status=EnrolmentStatus.COMPLETED)
    failed = EnrolmentFactory(
        klass=TrainingClassFactory(course=course, code="ADU-2"), employee=e, status=EnrolmentStatus.FAILED
    )
    Certificate.objects.create(
        pemda=jp.pemda, enrolment=enrolment, number="BKPSDM/2026/0001", year=YEAR, serial=1, holder_name=e.name,
        holder_nip=e.nip, course_title=course.title, jp=24, starts_on=done.starts_on, ends_on=done.ends_on,
        issuer_name="BKPSDM", signer_name="Kepala", signer_title="Kepala BKPSDM", issued_at=timezone.now(),
    )  # fmt: skip
    claim = ExternalLearning.objects.create(
        pemda=jp.pemda, employee=e, title="Webinar SP4N-LAPOR!", organiser="KemenPANRB", method="seminar",
        starts_on=date(YEAR, 2, 1), ends_on=date(YEAR, 2, 1), jp_claimed=Decimal(4), jp_approved=Decimal(4),
        status=ExternalStatus.APPROVED, certificate_file=SimpleUploadedFile("s.pdf", b"%PDF-1.4"),
    )  # fmt: skip
    return e, done, failed, claim


def test_profile_record_has_jp_per_year_history_certificates_and_claims(record, jp):
    e, _done, _failed, claim = record
    p = employee_learning_profile(jp.actor("admin"), e)
    assert [(y.year, y.jp, y.met) for y in p.years] == [
        (YEAR, Decimal("12.0"), False),
        (YEAR - 1, Decimal("20.0"), True),
    ]
    assert {(x.klass.code, x.status) for x in p.enrolments} == {("ADU-1", "completed"), ("ADU-2", "failed")}
    assert [c.number for c in p.certificates] == ["BKPSDM/2026/0001"]
    assert [c.title for c in p.claims] == ["Webinar SP4N-LAPOR!"] and p.open_claim_ids == {claim.pk}
    assert [b.value for b in p.chart.bars] == [20.0, 12.0]


def test_profile_record_is_refused_outside_the_actors_reach(record, jp, other_world):
    e = record[0]
    with pytest.raises(NotFound):
        employee_learning_profile(other_world.actor("admin"), e)
    with pytest.raises(NotFound):
        employee_learning_profile(jp.actor("operator"), e)  # the operator's reach is the Dinas
    # the supervisor (head of the Dinas) reads their team's records, not someone outside the team
    with pytest.raises(NotFound):
        employee_learning_profile(jp.actor("supervisor"), e)
    team = employee_learning_profile(jp.actor("supervisor"), jp.employees["staff_bidang"])
    assert [(y.year, y.jp) for y in team.years] == [(YEAR, Decimal("19.5"))]
    # a participant sees their own record; the claim opens for the claimant too
    own = employee_learning_profile(jp.actor("participant"), e)
    assert own.open_claim_ids == {record[3].pk}


def test_profile_page_shows_the_record_to_each_role_in_reach(record, jp, client_as_en, other_world):
    e, done, failed, claim = record
    url = reverse("people:employee_detail", args=[e.nip])
    for persona in ("admin", "leader", "participant"):
        html = client_as_en(jp.users[persona]).get(url).content.decode()
        assert 'id="learning-record"' in html, persona
        assert f'href="{reverse("training:class_detail", args=[done.pk])}"' in html
        # `failed` is the enrolment: its class is linked (the ids only coincide in a fresh database)
        assert f'href="{reverse("training:class_detail", args=[failed.klass_id])}"' in html, persona
        assert '<span class="badge">Did not complete</span>' in html  # the outcome, in words
        assert "BKPSDM/2026/0001" in html and "Webinar SP4N-LAPOR!" in html
        assert "<td>12</td>" not in html and '<td class="num">12</td>' in html
    # the leader reads the claim's title and JP but cannot open its evidence
    leader_html = client_as_en(jp.users["leader"]).get(url).content.decode()
    assert reverse("training:external_detail", args=[claim.pk]) not in leader_html
    admin_html = client_as_en(jp.users["admin"]).get(url).content.decode()
    assert reverse("training:external_detail", args=[claim.pk]) in admin_html
    # someone else's profile stays closed to a participant and to another Pemda
    other = reverse("people:employee_detail", args=[jp.employees["kel_b1_staff"].nip])
    assert client_as_en(jp.users["participant"]).get(other).status_code == 404
    assert client_as_en(other_world.users["admin"]).get(url).status_code == 404
