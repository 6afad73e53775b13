"""The isolation sweep: every page URL and every API operation, attacked from another Pemda.

Nothing here is a hand-kept list of URLs. The sweep walks Django's URL resolver (every page
pattern, including those under `include()`) and every operation of the OpenAPI spec
(`bina.shell.api.api.get_openapi_schema()`), and for each one and each attacker (every persona of the
other Pemda: admin, operator, leader, instructor, supervisor, participant; and an anonymous visitor):

- fills the URL's parameters with objects of the *victim* Pemda (`FILL`, keyed by the literal path
  segment before the parameter and the parameter's name, falling back to the name alone);
- sends a read (GET) and a write (POST, or the operation's own method; API writes carry a body
  built from the operation's request schema, its references filled with the victim's objects);
- asserts the answer: a URL naming a victim's object answers 403/404 (never 2xx/3xx) and exactly
  what the same URL with a key that does not exist answers, so scope never reveals existence;
  an anonymous visitor is sent to the login page (pages) or gets 401 (API); no 2xx body contains
  a victim-identifying string (NIPs, unit codes, usernames, names of the victim's objects);
- asserts that the victim's rows (every tenant table) are unchanged after all the writes;
- checks that the victim's own admin reaches each filled URL (else a wrong `FILL` would make every
  404 meaningless).

A new URL or operation whose parameters `FILL` cannot fill makes the sweep fail, saying what to
add; pages that are public by design are listed in `PUBLIC` with the reason.
"""

from __future__ import annotations

import functools
import hashlib
import json
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from decimal import Decimal
from typing import Any
from urllib.parse import urlencode
from zoneinfo import ZoneInfo

import pytest
from axes.models import AccessAttempt
from django.apps import apps
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import models, transaction
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from django.urls.resolvers import RegexPattern
from django.utils import timezone

from bina.accounts.models import RoleAssignment
from bina.accounts.services import token_create
from bina.assessments.models import Answer, Question, Sitting, Test, TestItem
from bina.certificates.models import BatchStatus, Certificate, CertificateBatch
from bina.competencies.factories import CompetencyFactory, CompetencyLevelFactory
from bina.complaints.models import ComplaintAttachment
from bina.complaints.services import ComplaintInput, complaint_act, complaint_file
from bina.core.actor import Actor
from bina.core.models import Pemda
from bina.evaluation.models import BehaviourSurvey, Rater, ReactionInvite, Stage, Testimony
from bina.evaluation.services import reaction_surveys_open
from bina.notifications.services import notify
from bina.partners.factories import AgreementFactory, InstructorFactory, PartnerFactory
from bina.partners.models import InstructorKind
from bina.people.models import ImportJob
from bina.quality.factories import ServiceRecordFactory, ServiceTypeFactory
from bina.quality.models import Holiday, ServiceRecord, ServiceType
from bina.quality.rollups import rollups_rebuild
from bina.skm.factories import responses_add, skm_ready
from bina.surveys.models import Campaign
from bina.training.attendance.models import Attendance, AttendanceStatus
from bina.training.attendance.services import session_qr_code
from bina.training.catalogue.models import CourseCompetency, TrainingType
from bina.training.classes.models import ClassStatus, EnrolmentStatus, UnitQuota
from bina.training.external.models import ExternalLearning, ExternalStatus
from bina.training.factories import (
    CourseFactory,
    EnrolmentFactory,
    ProgrammeFactory,
    SessionFactory,
    TrainingClassFactory,
)
from bina.training.learning.models import JpCredit
from conftest import World, build_world, token_issuer

ATTACKERS = ["admin", "operator", "leader", "instructor", "supervisor", "participant", "anonymous"]
# Whose answers are also compared with a key that does not exist (the others' are only checked to be 403/404).
COMPARED = {"admin", "operator", "participant"}
MARK = "Rahasia"  # in the name of every object built for the victim, so a leak is easy to see
WRITE_METHODS = {"POST", "PUT", "PATCH", "DELETE"}
DENIED = {403, 404}


# --- the victim's objects -------------------------------------------------------------------


@dataclass
class Sweep:
    victim: World
    attacker: World
    objects: dict[str, Any]
    secrets: list[str]
    baseline: dict[str, str] = field(default_factory=dict)  # checksums of the victim's rows before each test
    sessions: dict[str, str] = field(default_factory=dict)  # persona -> session key
    tokens: dict[str, str] = field(default_factory=dict)  # persona -> bearer secret


def build_victim_objects(w: World) -> dict[str, Any]:
    pemda, units, employees, users = w.pemda, w.units, w.employees, w.users
    competency = CompetencyFactory(pemda=pemda, code="RHS", name=f"Kompetensi {MARK} Alfa")
    CompetencyLevelFactory(competency=competency)
    partner = PartnerFactory(pemda=pemda, name=f"Mitra {MARK} Alfa")
    agreement = AgreementFactory(
        partner=partner,
        number=f"PKS/{MARK.upper()}/2026",
        title=f"Kerja sama {MARK}",
        document=SimpleUploadedFile("pks.pdf", b"%PDF-1.4 victim"),
    )
    instructor = InstructorFactory(
        pemda=pemda, name=f"Pengajar {MARK} Alfa", kind=InstructorKind.PARTNER, partner=partner
    )
    programme = ProgrammeFactory(pemda=pemda, name=f"Program {MARK} Alfa")
    course = CourseFactory(pemda=pemda, programme=programme, code="RHS-01", title=f"Kursus {MARK} Alfa")
    klass = TrainingClassFactory(course=course, code="RHS-K1", name=f"Angkatan {MARK}", status=ClassStatus.OPEN)
    UnitQuota.objects.create(klass=klass, unit=units["kec_a"], seats=5)
    session = SessionFactory(klass=klass, topic=f"Materi {MARK}", instructor=instructor)
    enrolment = EnrolmentFactory(klass=klass, employee=employees["kel_a1_staff"], status=EnrolmentStatus.ENROLLED)
    nomination = EnrolmentFactory(klass=klass, employee=employees["kel_b1_staff"], status=EnrolmentStatus.NOMINATED)
    Attendance.objects.create(
        pemda=pemda, session=session, enrolment=enrolment, status=AttendanceStatus.PRESENT, method="manual"
    )
    done = TrainingClassFactory(
        course=course,
        code="RHS-K0",
        name=f"Angkatan {MARK} Lulus",
        status=ClassStatus.COMPLETED,
        starts_on=date(2026, 3, 2),
        ends_on=date(2026, 3, 4),
    )
    graduate = EnrolmentFactory(klass=done, employee=employees["staff_bidang"], status=EnrolmentStatus.COMPLETED)
    certificate = Certificate.objects.create(
        pemda=pemda,
        enrolment=graduate,
        number="BINA-9101/2026/00001",
        year=2026,
        serial=1,
        holder_name=employees["staff_bidang"].name,
        holder_nip=employees["staff_bidang"].nip,
        course_title=course.title,
        jp=16,
        starts_on=done.starts_on,
        ends_on=done.ends_on,
        issuer_name=f"BKPSDM {MARK}",
        signer_name="Kepala",
        signer_title="Kepala BKPSDM",
        issued_at=timezone.now(),
    )
    batch = CertificateBatch.objects.create(pemda=pemda, klass=done, status=BatchStatus.DONE, total=1, done=1)
    JpCredit.objects.create(
        pemda=pemda,
        employee=employees["staff_bidang"],
        year=2026,
        jp=Decimal("16"),
        source="class",
        enrolment=graduate,
        title=course.title,
        credited_on=done.ends_on,
    )
    external = ExternalLearning.objects.create(
        pemda=pemda,
        employee=employees["kel_a1_staff"],
        title=f"Pelatihan Luar {MARK}",
        organiser="LAN RI",
        method="elearning",
        training_type=TrainingType.MANAJERIAL,
        starts_on=date(2026, 5, 1),
        ends_on=date(2026, 5, 3),
        jp_claimed=Decimal("10"),
        certificate_number=f"LAN-{MARK}",
        status=ExternalStatus.SUBMITTED,
        certificate_file=SimpleUploadedFile("c.pdf", b"%PDF-1.4 victim"),
    )
    job = ImportJob.objects.create(
        pemda=pemda,
        kind="employees",
        original_name=f"pegawai-{MARK}.csv",
        file="imports/x.csv",
        created_by=users["admin"],
    )
    notification = notify(
        user=users["participant"], kind="enrolment", event_key=f"sweep-{MARK}", title=f"Pesan {MARK}", email=False
    )
    token, _ = token_create(actor=token_issuer(users["admin"]), user=users["admin"])
    # Public-service records and their rollups: the figures (service-stats) must not reach them.
    service = ServiceTypeFactory(pemda=pemda, code="RHS-LAY", name=f"Layanan {MARK}")
    for i, officer in enumerate([employees["kel_a1_staff"], None]):
        ServiceRecordFactory(
            unit=units["kel_a1"], service=service, officer=officer, ticket=f"{MARK}-{i}", arrived_at=SERVICE_DAY
        )
    rollups_rebuild(pemda_id=pemda.pk)
    holiday = Holiday.objects.create(pemda=pemda, date=date(2026, 4, 16), description=f"Libur {MARK}", kind="lokal")
    # A locked-out account (as after AXES_FAILURE_LIMIT wrong passwords), for the lockouts pages.
    AccessAttempt.objects.create(
        username=users["leader"].username,
        ip_address="127.0.0.1",
        user_agent="sweep",
        http_accept="*/*",
        path_info="/accounts/login/",
        get_data="",
        post_data="",
        failures_since_start=settings.AXES_FAILURE_LIMIT,
    )
    # Public services: a service type and one queue ticket the attackers' batches name (same key).
    service_type = ServiceType.objects.create(pemda=pemda, code="RHS-LYN", name=f"Layanan {MARK}", sla_minutes=60)
    arrived = timezone.now().replace(microsecond=0) - timedelta(days=1)
    service_record = ServiceRecord.objects.create(
        pemda=pemda,
        service=service_type,
        unit=units["bidang"],
        officer=employees["staff_bidang"],
        ticket="RHS-1",
        arrival_date=timezone.localtime(arrived, ZoneInfo(pemda.timezone)).date(),
        arrived_at=arrived,
        status="batal",
    )
    version = skm_ready(pemda)
    skm_campaign = Campaign.objects.create(
        pemda=pemda, version=version, name=f"SKM {MARK}", unit=units["bidang"], start=date(2026, 1, 1),
        end=date(2026, 6, 30), expected=100,
    )  # fmt: skip
    responses_add(units["bidang"], [{"waktu": 3, "saran": f"Saran {MARK}"}] * 5, day=date(2026, 2, 2))
    from bina.participation.services import campaign_create

    outreach = campaign_create(
        actor=w.actor("admin"), name=f"Kampanye {MARK}", message=f"Pesan {MARK}", signed_by="Sekda",
        unit_ids=[units["kel_a1"].pk],
    )  # fmt: skip
    complaint = complaint_file(
        actor=Actor.system(pemda.pk, label="sweep"),
        data=ComplaintInput(description=f"Pengaduan {MARK} tentang antrean", name=f"Pelapor {MARK}", contact="0812"),
    )
    complaint = complaint_act(actor=Actor.system(pemda.pk, label="sweep"), complaint=complaint, action="verify")
    complaint = complaint_act(
        actor=Actor.system(pemda.pk, label="sweep"),
        complaint=complaint,
        action="dispose",
        unit_code=units["bidang"].code,
    )
    complaint_attachment = ComplaintAttachment.objects.create(
        pemda=pemda,
        complaint=complaint,
        file=SimpleUploadedFile("bukti.pdf", b"%PDF-1.4 victim %%EOF"),
        display_name="bukti.pdf",
        content_type="application/pdf",
        size=20,
    )
    # Evaluation: the victim's admin is also an employee who attended a class (the respondent pages' control).
    users["admin"].employee = employees["setda_staff"]
    users["admin"].save(update_fields=["employee"])
    CourseCompetency.objects.create(course=course, competency=competency, target_level=1)
    yesterday = timezone.now() - timedelta(days=1)
    evaluated = TrainingClassFactory(
        course=course, code="RHS-K2", name=f"Angkatan {MARK} Dievaluasi", status=ClassStatus.COMPLETED,
        starts_on=timezone.localdate() - timedelta(days=1), ends_on=timezone.localdate() - timedelta(days=1),
    )  # fmt: skip
    eval_session = SessionFactory(
        klass=evaluated,
        topic=f"Evaluasi {MARK}",
        instructor=instructor,
        starts_at=yesterday - timedelta(hours=3),
        ends_at=yesterday,
    )
    respondent = EnrolmentFactory(klass=evaluated, employee=employees["setda_staff"], status=EnrolmentStatus.COMPLETED)
    Attendance.objects.create(
        pemda=pemda, session=eval_session, enrolment=respondent, status=AttendanceStatus.PRESENT, method="manual"
    )
    reaction_surveys_open(actor=Actor.system(pemda.pk, label="sweep"))
    reaction_invite = ReactionInvite.objects.get(survey__klass=evaluated, employee=employees["setda_staff"])
    behaviour_survey = BehaviourSurvey.objects.create(
        pemda=pemda, enrolment=respondent, stage=Stage.FOLLOWUP, rater=Rater.SELF,
        respondent=employees["setda_staff"], due_on=date(2026, 6, 1),
    )  # fmt: skip
    testimony = Testimony.objects.create(
        pemda=pemda, klass=evaluated, employee=employees["setda_staff"], text=f"Testimoni {MARK}", consent="name"
    )
    simulation = _simulation_objects(pemda, klass, employees, users)
    # Assessments: a bank question, the class's pre-test and the participant's sitting with an open answer.
    question = Question.objects.create(
        pemda=pemda, course=course, kind="essay", text=f"Soal {MARK}", difficulty="easy", points=Decimal(2)
    )
    test = Test.objects.create(pemda=pemda, klass=klass, phase="pre", duration_minutes=600)
    TestItem.objects.create(test=test, question=question, position=1)
    sitting = Sitting.objects.create(
        pemda=pemda, test=test, enrolment=enrolment, status="in_progress", started_at=timezone.now(),
        deadline_at=timezone.now() + timedelta(days=30), max_score=Decimal(2),
    )  # fmt: skip
    answer = Answer.objects.create(sitting=sitting, question=question, text=f"Jawaban {MARK}")
    return {
        **simulation,
        "reaction_invite": reaction_invite,
        "behaviour_survey": behaviour_survey,
        "testimony": testimony,
        "question": question,
        "test": test,
        "sitting": sitting,
        "answer": answer,
        "service_type": service_type,
        "service_record": service_record,
        "complaint": complaint,
        "complaint_attachment": complaint_attachment,
        "locked_user": users["leader"],
        "user": users["operator"],
        "role_assignment": RoleAssignment.objects.get(user=users["operator"]),
        "token": token,
        "unit": units["bidang"],
        "employee": employees["staff_bidang"],
        "competency": competency,
        "partner": partner,
        "agreement": agreement,
        "instructor": instructor,
        "programme": programme,
        "course": course,
        "class": klass,
        "session": session,
        "enrolment": enrolment,
        "nomination": nomination,
        "certificate": certificate,
        "batch": batch,
        "external": external,
        "import_job": job,
        "notification": notification,
        "skm_campaign": skm_campaign,
        "outreach": outreach,
        "service": service,
        "holiday": holiday,
    }


def _simulation_objects(pemda: Any, klass: Any, employees: dict[str, Any], users: dict[str, Any]) -> dict[str, Any]:
    """The victim's scenario library, a role-play performance with a rating, and a practice run."""
    from bina.competencies.services import competency_dictionary_load
    from bina.simulations.models import Criterion, Performance, PracticeRun, Rating, Scenario
    from bina.simulations.services import scenario_library_load

    competency_dictionary_load(pemda=pemda)
    scenario_library_load(actor=Actor.system(pemda.pk, label="sweep"), pemda=pemda)
    scenario = Scenario.objects.get(pemda=pemda, code="KTP-DITOLAK")
    Scenario.objects.filter(pk=scenario.pk).update(title=f"Skenario {MARK}")
    performance = Performance.objects.create(
        pemda=pemda, klass=klass, scenario=scenario, round_no=1, officer=employees["kel_a1_staff"],
        citizen_actor=f"Aktor {MARK}", status="performing",
    )  # fmt: skip
    criterion = Criterion.objects.filter(scenario=scenario).first()
    Rating.objects.create(
        pemda=pemda, performance=performance, observer=users["admin"], criterion=criterion, level=3, note=MARK
    )
    run = PracticeRun.objects.create(
        pemda=pemda, employee=employees["kel_a1_staff"], scenario=scenario, current_step="s1",
        started_at=SERVICE_DAY,
    )  # fmt: skip
    return {
        "scenario": scenario,
        "criterion": criterion,
        "performance": performance,
        "practice_run": run,
        "officer": employees["kel_a1_staff"],
    }


def victim_secrets(w: World, objects: dict[str, Any]) -> list[str]:
    """Strings that identify the victim Pemda: both worlds share people's and units' names, not these."""
    return [
        MARK,
        w.pemda.name,
        *(e.nip for e in w.employees.values()),
        *(u.code for u in w.units.values()),
        *(u.username for u in w.users.values()),
        objects["certificate"].number,
    ]


@pytest.fixture(scope="module")
def sweep(django_db_setup, django_db_blocker):
    """Both worlds and the victim's objects, built once for the module and rolled back after it."""
    with django_db_blocker.unblock(), transaction.atomic():
        victim, attacker = build_world("alfa", "9101"), build_world("beta", "9102")
        objects = build_victim_objects(victim)
        result = Sweep(victim=victim, attacker=attacker, objects=objects, secrets=victim_secrets(victim, objects))
        # The attackers, and the victim's own admin ("owner"): the control that the filled URL is real.
        for persona, user in [(p, attacker.users[p]) for p in ATTACKERS[:-1]] + [("owner", victim.users["admin"])]:
            client = Client()
            client.force_login(user, backend="bina.accounts.backends.NipOrUsernameBackend")
            result.sessions[persona] = client.cookies[settings.SESSION_COOKIE_NAME].value
            result.tokens[persona] = token_create(actor=token_issuer(user), user=user)[1]
        result.baseline = victim_checksum(result)  # each test's changes roll back to this
        yield result
        transaction.set_rollback(True)


# --- filling URL parameters ------------------------------------------------------------------

# (literal segment before the parameter, parameter name) -> (the victim's value, a key that does not exist).
# The segment is None for names that mean the same everywhere. A value of `CONSTANT` names no
# tenant object (the URL is then swept like a URL without parameters).
CONSTANT = object()


def _pk(key: str) -> tuple[Callable[[Sweep], Any], Any]:
    return (lambda s: s.objects[key].pk), 999_999_999


FILL: dict[tuple[str | None, str], tuple[Callable[[Sweep], Any], Any]] = {
    # a Pemda's public site (/p/<slug>/...): its pages are PUBLIC, the slug is the victim's
    ("p", "pemda_slug"): ((lambda s: s.victim.pemda.slug), "no-such-pemda"),
    # people
    (None, "nip"): ((lambda s: s.objects["employee"].nip), "199001012015011999"),
    ("units", "code"): ((lambda s: s.objects["unit"].code), "NO-SUCH-UNIT"),
    ("org-units", "code"): ((lambda s: s.objects["unit"].code), "NO-SUCH-UNIT"),
    ("jobs", "pk"): _pk("import_job"),
    ("jobs", "job_id"): _pk("import_job"),
    ("templates", "kind"): ((lambda s: "employees"), CONSTANT),
    # accounts
    ("users", "pk"): _pk("user"),
    ("roles", "assignment_pk"): _pk("role_assignment"),
    ("tokens", "pk"): _pk("token"),
    ("tokens", "token_id"): _pk("token"),
    ("lockouts", "pk"): _pk("locked_user"),
    # competencies, partners
    ("competencies", "pk"): _pk("competency"),
    ("partners", "pk"): _pk("partner"),
    ("agreements", "pk"): _pk("agreement"),
    ("instructors", "pk"): _pk("instructor"),
    # training
    ("programmes", "pk"): _pk("programme"),
    ("courses", "pk"): _pk("course"),
    ("classes", "pk"): _pk("class"),
    ("classes", "class_id"): _pk("class"),
    ("sessions", "pk"): _pk("session"),
    ("sessions", "session_id"): _pk("session"),
    ("checkin", "session_id"): _pk("session"),
    ("checkin", "code"): ((lambda s: session_qr_code(s.objects["session"])), "000000"),
    ("enrolments", "pk"): _pk("enrolment"),
    ("enrolments", "enrolment_id"): _pk("enrolment"),
    ("enrolments", "action"): ((lambda s: "withdraw"), CONSTANT),
    ("nominations", "pk"): _pk("nomination"),
    ("external", "pk"): _pk("external"),
    ("external-learning", "item_id"): _pk("external"),
    # certificates, notifications
    ("certificates", "pk"): _pk("certificate"),
    ("certificates", "number"): ((lambda s: s.objects["certificate"].number), "BINA-0000/2026/99999"),
    ("verify", "number"): ((lambda s: s.objects["certificate"].number), "BINA-0000/2026/99999"),
    ("batches", "pk"): _pk("batch"),
    ("certificate-batches", "batch_id"): _pk("batch"),
    ("notifications", "pk"): _pk("notification"),
    ("notifications", "notification_id"): _pk("notification"),
    # public services: the catalogue (by code) and the holiday calendar
    ("services", "code"): ((lambda s: s.objects["service"].code), "NO-SUCH-SERVICE"),
    ("service-types", "code"): ((lambda s: s.objects["service"].code), "NO-SUCH-SERVICE"),
    ("holidays", "pk"): _pk("holiday"),
    # SKM: the public form's unit (PUBLIC), the counter poster, campaigns
    ("skm", "unit_code"): ((lambda s: s.objects["unit"].code), "NO-SUCH-UNIT"),
    ("poster", "unit_code"): ((lambda s: s.objects["unit"].code), "NO-SUCH-UNIT"),
    ("kampanye", "pk"): _pk("skm_campaign"),
    ("campaigns", "pk"): _pk("outreach"),
    ("campaigns", "campaign_id"): _pk("outreach"),
    ("campaigns", "action"): ((lambda s: "close"), CONSTANT),
    # complaints (staff pages by pk, the API by tracking code)
    ("complaints", "pk"): _pk("complaint"),
    # assessments
    ("banks", "pk"): _pk("course"),
    ("banks", "course_id"): _pk("course"),
    ("questions", "pk"): _pk("question"),
    ("tests", "pk"): _pk("test"),
    ("tests", "test_id"): _pk("test"),
    ("sittings", "pk"): _pk("sitting"),
    ("sittings", "sitting_id"): _pk("sitting"),
    ("answers", "pk"): _pk("answer"),
    ("answers", "answer_id"): _pk("answer"),
    ("answers", "question_id"): _pk("question"),
    ("actions", "action"): ((lambda s: "submit"), CONSTANT),
    ("files", "attachment_pk"): _pk("complaint_attachment"),
    ("complaints", "code"): ((lambda s: s.objects["complaint"].code), "NOSUCHCODE"),
    ("public", "pemda_slug"): ((lambda s: s.victim.pemda.slug), "no-such-pemda"),
    # simulations (pages in Indonesian, the API in English)
    ("skenario", "pk"): _pk("scenario"),
    ("kelas", "pk"): _pk("class"),
    ("peserta", "employee_pk"): _pk("officer"),
    ("penampilan", "pk"): _pk("performance"),
    ("latihan", "pk"): _pk("practice_run"),
    ("bukti", "pk"): _pk("officer"),
    ("scenarios", "pk"): _pk("scenario"),
    ("performances", "pk"): _pk("performance"),
    ("practice", "pk"): _pk("practice_run"),
    # evaluation
    ("reaction", "pk"): _pk("reaction_invite"),
    ("reaction", "invite_id"): _pk("reaction_invite"),
    ("followup", "pk"): _pk("behaviour_survey"),
    ("followups", "survey_id"): _pk("behaviour_survey"),
    ("testimonies", "pk"): _pk("testimony"),
    ("testimonies", "testimony_id"): _pk("testimony"),
}

# Body fields and query parameters of API operations that reference an object: filled with the
# victim's, so an operation cannot reach another Pemda's object through its body or filters either.
REFS: dict[str, Callable[[Sweep], Any]] = {
    "search": lambda s: MARK,
    "class_id": lambda s: s.objects["class"].pk,
    "class": lambda s: s.objects["class"].pk,  # GET /api/v1/xapi/statements?class=
    "competency_id": lambda s: s.objects["competency"].pk,
    "unit": lambda s: s.objects["unit"].code,
    "unit_code": lambda s: s.objects["unit"].code,
    "parent": lambda s: s.objects["unit"].code,
    "parent_code": lambda s: s.objects["unit"].code,
    "supervisor": lambda s: s.objects["employee"].nip,
    "supervisor_nip": lambda s: s.objects["employee"].nip,
    "nips": lambda s: [s.objects["employee"].nip],
    "employee": lambda s: s.objects["employee"].nip,
    "employee_nip": lambda s: s.objects["employee"].nip,
    "employee_id": lambda s: s.objects["employee"].pk,
    "employee_ids": lambda s: [s.objects["employee"].pk],
    "course_id": lambda s: s.objects["course"].pk,
    "programme_id": lambda s: s.objects["programme"].pk,
    "partner_id": lambda s: s.objects["partner"].pk,
    "instructor_id": lambda s: s.objects["instructor"].pk,
    "competency_ids": lambda s: [s.objects["competency"].pk],
    "enrolment_id": lambda s: s.objects["enrolment"].pk,
    "service": lambda s: s.objects["service"].code,
    "kode_unit": lambda s: s.objects["unit"].code,
    "nip_petugas": lambda s: s.objects["employee"].nip,
    "scenario_id": lambda s: s.objects["scenario"].pk,
    "criterion_id": lambda s: s.objects["criterion"].pk,
    "session_id": lambda s: s.objects["session"].pk,
    "officer_nip": lambda s: s.objects["officer"].nip,
}
# Required query parameters that name no object (a period): a value that makes the request valid.
SERVICE_DAY = datetime(2026, 3, 2, 8, 0, tzinfo=ZoneInfo("Asia/Jakarta"))
QUERY_VALUES: dict[str, Any] = {"from": "2026-01-01", "to": "2026-12-31"}

# Public by design: swept for server errors only. Keys are URL names, namespaces ("public:") or
# "METHOD /api/v1/path" of operations.
PUBLIC = {
    "public:": "a Pemda's public site (bina.core.public): anyone may read it, as the public actor",
    "accounts:login": "the login page",
    "accounts:password_reset": "asking for a reset link: same answer for every address, before any login",
    "accounts:password_reset_done": "'check your email', the same page for everyone",
    "accounts:password_reset_confirm": "the emailed link: its signed token is the only key (Django's view)",
    "accounts:password_reset_complete": "'password saved', the same page for everyone",
    "verify:certificate": "whoever holds the paper checks it; the holder's name is masked without the key",
    "set_language": "switches the caller's UI language (django.conf.urls.i18n)",
    "GET /api/v1/certificates/verify/{number}": "the public check of a certificate (masked holder name)",
    "public:transparansi:": "the transparency portal: aggregates only, cells of fewer than 5 people withheld",
    "public:pengaduan:": "the complaint form and tracking page: anyone files; the code shows stages and dates only",
    "POST /api/v1/public/{pemda_slug}/complaints": "citizens file complaints without an account (limited per address)",
    "GET /api/v1/public/{pemda_slug}/portal": "the transparency portal's open data: aggregates, small cells withheld",
    "GET /api/v1/public/{pemda_slug}/complaints/{code}": "whoever holds the tracking code follows it (no personal data)",
}


def is_public(name: str) -> bool:
    return name in PUBLIC or any(name.startswith(key) for key in PUBLIC if key.endswith(":"))


_PARAM = re.compile(r"<(?:(?P<conv>[^>:]+):)?(?P<name>[^>]+)>|\{(?P<api>[^}:]+)(?::[^}]+)?\}")


def params_of(route: str) -> list[tuple[str | None, str]]:
    """(literal segment before it, name) for each parameter of a route or an OpenAPI path."""
    out: list[tuple[str | None, str]] = []
    literal: str | None = None
    for segment in route.strip("/").split("/"):
        names = [m.group("name") or m.group("api") for m in _PARAM.finditer(segment)]
        if not names:
            literal = segment
        out.extend((literal, name) for name in names)
    return out


def fill_entry(segment: str | None, name: str) -> tuple[Callable[[Sweep], Any], Any] | None:
    return FILL.get((segment, name)) or FILL.get((None, name))


def unfillable(route: str) -> list[str]:
    return [f"({seg!r}, {name!r})" for seg, name in params_of(route) if fill_entry(seg, name) is None]


def build_url(route: str, sweep: Sweep, *, missing: bool = False) -> tuple[str, bool]:
    """The route with the victim's values (or non-existent keys); and whether it names a victim's object."""
    names_object = False
    values: dict[str, str] = {}
    for segment, name in params_of(route):
        entry = fill_entry(segment, name)
        assert entry is not None
        value, absent = entry
        if absent is CONSTANT:
            values[name] = str(value(sweep))
        else:
            names_object = True
            values[name] = str(absent if missing else value(sweep))
    url = _PARAM.sub(lambda m: values[m.group("name") or m.group("api")], route)
    return ("/" + url.lstrip("/")), names_object


# --- what to sweep ---------------------------------------------------------------------------


@dataclass(frozen=True)
class Page:
    route: str
    name: str
    regex_groups: int = 0  # a re_path with groups: the sweep cannot fill it

    def __str__(self) -> str:
        return f"{self.name} /{self.route}"


def walk(resolvers: list, prefix: str = "", namespace: str = "") -> list[Page]:
    pages: list[Page] = []
    for entry in resolvers:
        if isinstance(entry, URLResolver):
            if entry.namespace == "api":
                continue  # the API is swept by its OpenAPI operations
            ns = f"{namespace}{entry.namespace}:" if entry.namespace else namespace
            pages += walk(entry.url_patterns, prefix + str(entry.pattern), ns)
        elif isinstance(entry, URLPattern):
            route = prefix + str(entry.pattern)
            groups = entry.pattern.regex.groups if isinstance(entry.pattern, RegexPattern) else 0
            pages.append(Page(route=route, name=f"{namespace}{entry.name}", regex_groups=groups))
    return pages


def page_patterns() -> list[Page]:
    return walk(get_resolver().url_patterns)


@functools.cache
def api_spec() -> dict[str, Any]:
    from bina.shell.api import api

    return api.get_openapi_schema()


def api_operations() -> list[tuple[str, str]]:
    return [(method.upper(), path) for path, ops in api_spec()["paths"].items() for method in ops]


# --- checks ----------------------------------------------------------------------------------


_CLIENTS: dict[tuple[str, bool], Client] = {}


def client_for(sweep: Sweep, persona: str, *, api: bool) -> Client:
    """One client per persona and face for the whole module (a new client rebuilds the middleware
    stack, WhiteNoise's file index included), with its credentials set afresh for each request."""
    client = _CLIENTS.setdefault((persona, api), Client())
    client.cookies.clear()
    client.defaults.pop("HTTP_AUTHORIZATION", None)
    if persona == "anonymous":
        return client
    if api:
        client.defaults["HTTP_AUTHORIZATION"] = f"Bearer {sweep.tokens[persona]}"
    else:
        client.cookies[settings.SESSION_COOKIE_NAME] = sweep.sessions[persona]
    return client


@functools.cache
def tenant_models() -> list[tuple[type[models.Model], str]]:
    """(model, lookup to its Pemda) for every model of Bina's apps that belongs to a Pemda."""
    out: list[tuple[type[models.Model], str]] = []
    for model in apps.get_models():
        if not model.__module__.startswith("bina."):
            continue
        if model is Pemda:
            out.append((model, "pk"))
            continue
        names = {f.name: f for f in model._meta.get_fields() if getattr(f, "concrete", False)}
        if "pemda" in names:
            out.append((model, "pemda"))
            continue
        for f in names.values():
            target = f.related_model if f.is_relation and f.many_to_one else None
            if target is not None and any(g.name == "pemda" for g in target._meta.get_fields()):
                out.append((model, f"{f.name}__pemda"))
                break
    return out


def victim_checksum(sweep: Sweep) -> dict[str, str]:
    out = {}
    for model, lookup in tenant_models():
        rows = list(model.objects.filter(**{lookup: sweep.victim.pemda.pk}).order_by("pk").values_list())
        out[model._meta.label] = hashlib.sha256(repr(rows).encode()).hexdigest()
    return out


def body_text(response) -> str:
    if response.streaming:
        return b"".join(response.streaming_content).decode("utf-8", "replace")
    return response.content.decode("utf-8", "replace")


def leaked(sweep: Sweep, response) -> list[str]:
    if not 200 <= response.status_code < 300:
        return []
    text = body_text(response)
    return [s for s in sweep.secrets if s in text]


def is_login_redirect(response) -> bool:
    return response.status_code == 302 and response["Location"].startswith(reverse(settings.LOGIN_URL))


def unchanged_or_fail(sweep: Sweep, what: str) -> None:
    after = victim_checksum(sweep)
    changed = sorted(k for k in sweep.baseline if sweep.baseline[k] != after.get(k))
    assert not changed, f"{what}: an attacker's write changed the victim's {changed}"


def owner_control(sweep: Sweep, url: str, absent_url: str, *, api: bool) -> None:
    """The victim's own admin must reach the filled URL (GET), or the sweep's 404s prove nothing."""
    owner = client_for(sweep, "owner", api=api)
    got = owner.get(url).status_code
    assert got == 405 or got != owner.get(absent_url).status_code, (
        f"control: the victim's own admin gets {got} at {url} too, like a key that does not exist; "
        "FILL gives a wrong key for this URL, so the attackers' 404 proves nothing"
    )


# --- pages -----------------------------------------------------------------------------------


@pytest.mark.parametrize("page", page_patterns(), ids=str)
def test_page_is_isolated(page: Page, sweep: Sweep, db) -> None:
    if is_public(page.name):
        url, _ = build_url(page.route, sweep) if not unfillable(page.route) else ("/" + page.route, False)
        for persona in ATTACKERS:
            client = client_for(sweep, persona, api=False)
            assert client.get(url).status_code < 500, f"{persona}: GET {url}"
        return
    missing = unfillable(page.route) + (["regex groups: write it with path()"] if page.regex_groups else [])
    assert not missing, (
        f"The isolation sweep cannot fill {missing} in {page} ({page.name}): add an entry to FILL in "
        f"{__file__} (the victim's object and a key that does not exist), or list the page in PUBLIC with a reason."
    )
    url, names_object = build_url(page.route, sweep)
    absent_url, _ = build_url(page.route, sweep, missing=True)
    problems: list[str] = []
    for persona in ATTACKERS:
        statuses: set[int] = set()
        for method in ("GET", "POST"):
            client = client_for(sweep, persona, api=False)
            response = client.generic(method, url)
            status = response.status_code
            where = f"{persona}: {method} {url} answered {status}"
            if status >= 500:
                problems.append(where)
            elif persona == "anonymous":
                if not (is_login_redirect(response) or status in (*DENIED, 405)):
                    problems.append(f"{where}, not a redirect to the login page")
            elif names_object:
                statuses.add(status)
                if status not in (*DENIED, 405):
                    problems.append(f"{where} for another Pemda's object (expected 403/404)")
                elif persona in COMPARED:
                    absent = client_for(sweep, persona, api=False).generic(method, absent_url).status_code
                    if absent != status:
                        problems.append(f"{where}, but a key that does not exist answers {absent}")
            if found := leaked(sweep, response):
                problems.append(f"{where} showing the victim's {found[:3]}")
        if statuses == {405}:
            problems.append(f"{persona}: {url} answered 405 to GET and POST; the sweep proves nothing for it")
    assert not problems, "\n".join(problems)
    unchanged_or_fail(sweep, str(page))
    if names_object:  # last: the owner's reads may write (audit of a personal-data view, a rendered PDF)
        owner_control(sweep, url, absent_url, api=False)


# --- API operations --------------------------------------------------------------------------


def _resolve(spec: dict, schema: dict) -> dict:
    while "$ref" in schema:
        schema = spec["components"]["schemas"][schema["$ref"].rsplit("/", 1)[-1]]
    return schema


def example_value(spec: dict, schema: dict, name: str = "") -> Any:
    """A small value that satisfies `schema` (enough for ninja to call the operation)."""
    schema = _resolve(spec, schema)
    for key in ("anyOf", "oneOf", "allOf"):
        if key in schema:
            options = [o for o in schema[key] if _resolve(spec, o).get("type") != "null"]
            return example_value(spec, options[0], name)
    if "enum" in schema:
        return schema["enum"][0]
    if "const" in schema:
        return schema["const"]
    kind, fmt = schema.get("type"), schema.get("format")
    if kind == "string":
        if fmt == "date":
            return (timezone.localdate() + timedelta(days=30)).isoformat()
        if fmt == "date-time":
            hours = 10 if "end" in name else 8
            return (timezone.now() + timedelta(days=30)).replace(hour=hours, minute=0, second=0).isoformat()
        if fmt == "email":
            return "sweep@example.go.id"
        return "x" * max(schema.get("minLength", 1), 8)
    if kind == "integer":
        return max(schema.get("minimum", 1), 1)
    if kind == "number":
        return max(schema.get("minimum", 1), 1)
    if kind == "boolean":
        return False
    if kind == "array":
        return [example_value(spec, schema.get("items", {}), name)] if schema.get("minItems") else []
    if kind == "object" or "properties" in schema:
        props = schema.get("properties", {})
        return {k: example_value(spec, props[k], k) for k in schema.get("required", [])}
    return None


def _victim_record(s: Sweep) -> dict[str, Any]:
    record: ServiceRecord = s.objects["service_record"]
    local = timezone.localtime(record.arrived_at, ZoneInfo(s.victim.pemda.timezone))
    return {
        "nomor_tiket": record.ticket,
        "kode_layanan": s.objects["service_type"].code,
        "kode_unit": s.objects["unit"].code,
        "nip_petugas": s.objects["employee"].nip,
        "waktu_datang": local.strftime("%Y-%m-%d %H:%M:%S"),
        "waktu_dipanggil": local.strftime("%Y-%m-%d %H:%M:%S"),
        "waktu_selesai": local.strftime("%Y-%m-%d %H:%M:%S"),
        "status": "selesai",
    }


# Batch writes that answer 200 with one result per item (a refusal is per item, not the status code):
# the body names the victim's objects, and every item must come back refused with nothing written.
BATCH_BODIES: dict[str, Callable[[Sweep], dict[str, Any]]] = {
    "POST /api/v1/service-records": lambda s: {"records": [_victim_record(s)], "partial": True},
}


def batch_refused(response: Any) -> bool:
    body = response.json()
    return body.get("written") is not True or all(r["status"] == "error" for r in body["results"])


def request_body(spec: dict, operation: dict, sweep: Sweep) -> tuple[dict[str, Any], str | None, bool]:
    """(body, content type, whether it references a victim's object)."""
    content = operation.get("requestBody", {}).get("content", {})
    if not content:
        return {}, None, False
    content_type = next(iter(content))
    schema = _resolve(spec, content[content_type]["schema"])
    body = example_value(spec, schema) or {}
    refs = False
    for prop in schema.get("properties", {}):
        if prop in REFS:
            body[prop] = REFS[prop](sweep)
            refs = True
    if content_type == "multipart/form-data":
        for prop, sub in schema.get("properties", {}).items():
            if _resolve(spec, sub).get("format") == "binary":
                body[prop] = SimpleUploadedFile(f"{prop}.pdf", b"%PDF-1.4 sweep")
    return body, content_type, refs


def send(client: Client, method: str, url: str, body: dict, content_type: str | None):
    if content_type == "multipart/form-data":
        return client.generic(method, url) if method != "POST" else client.post(url, body)
    if content_type:
        return client.generic(method, url, json.dumps(body), content_type="application/json")
    return client.generic(method, url)


@pytest.mark.parametrize(("method", "path"), api_operations(), ids=lambda v: v)
def test_api_operation_is_isolated(method: str, path: str, sweep: Sweep, db) -> None:
    spec = api_spec()
    operation = spec["paths"][path][method.lower()]
    key = f"{method} {path}"
    missing = unfillable(path)
    if key in PUBLIC:
        url, _ = build_url(path, sweep) if not missing else (path, False)
        for persona in ATTACKERS:
            assert client_for(sweep, persona, api=True).generic(method, url).status_code < 500
        return
    assert not missing, (
        f"The isolation sweep cannot fill {missing} in {key}: add an entry to FILL in {__file__} "
        f"(the victim's object and a key that does not exist), or list the operation in PUBLIC with a reason."
    )
    url, names_object = build_url(path, sweep)
    absent_url, _ = build_url(path, sweep, missing=True)
    query_params = [p for p in operation.get("parameters", []) if p["in"] == "query"]
    params = [p["name"] for p in query_params if p["name"] in REFS]
    needed = {p["name"]: QUERY_VALUES[p["name"]] for p in query_params if p["name"] in QUERY_VALUES}
    if params or needed:  # filters naming the victim's objects must not reach them either
        query = "?" + urlencode({**needed, **{name: REFS[name](sweep) for name in params}})
        url, absent_url = url + query, absent_url + query
    problems: list[str] = []
    for persona in ATTACKERS:
        client = client_for(sweep, persona, api=True)
        body, content_type, refs = (
            request_body(spec, operation, sweep) if method in WRITE_METHODS else ({}, None, False)
        )
        if key in BATCH_BODIES:
            body, content_type, refs = BATCH_BODIES[key](sweep), "application/json", False
        response = send(client, method, url, body, content_type)
        status = response.status_code
        where = f"{persona}: {key} as {url} answered {status}"
        if status >= 500:
            problems.append(where)
        elif persona == "anonymous" and operation.get("security"):
            if status != 401:
                problems.append(f"{where}, not 401")
        elif names_object:
            if status == 422:
                problems.append(
                    f"{where} (validation: {response.content[:300]!r}) before the scope check could answer; "
                    "make the sweep's generated body valid (example_value/REFS) so it proves 403/404"
                )
            elif status not in DENIED:
                problems.append(f"{where} for another Pemda's object (expected 403/404)")
            elif persona in COMPARED:
                body2, ct2, _ = request_body(spec, operation, sweep) if method in WRITE_METHODS else ({}, None, False)
                absent = send(client_for(sweep, persona, api=True), method, absent_url, body2, ct2).status_code
                if absent != status:
                    problems.append(f"{where}, but a key that does not exist answers {absent}")
        elif refs and 200 <= status < 300:
            problems.append(f"{where} for a body naming another Pemda's objects (expected 4xx)")
        elif key in BATCH_BODIES and 200 <= status < 300 and not batch_refused(response):
            problems.append(f"{where} and wrote items naming another Pemda's objects: {response.content[:300]!r}")
        if found := leaked(sweep, response):
            problems.append(f"{where} showing the victim's {found[:3]}")
    assert not problems, "\n".join(problems)
    if method in WRITE_METHODS:
        unchanged_or_fail(sweep, key)
    if names_object and method == "GET":
        owner_control(sweep, url, absent_url, api=True)


def test_sweep_covers_every_page_and_operation() -> None:
    """The sweep is generated from the resolver and the spec: it cannot silently cover less."""
    pages = {p.name for p in page_patterns()}
    assert {"people:employee_detail", "training:class_detail", "certificates:pdf", "accounts:user_detail"} <= pages
    assert len(api_operations()) >= 80
    assert ("GET", "/api/v1/employees/{nip}") in api_operations()
    assert ("GET", "/api/v1/service-stats") in api_operations()


def test_a_url_the_table_cannot_fill_fails_the_sweep() -> None:
    """A new page or operation with a parameter FILL does not know is reported, not skipped."""
    assert unfillable("training/classes/<int:pk>/") == []
    assert unfillable("/api/v1/classes/{class_id}/enrolments") == []
    assert unfillable("training/classes/<int:pk>/surveys/<int:survey_id>/") == ["('surveys', 'survey_id')"]
    assert unfillable("/api/v1/complaints/{complaint_id}") == ["('complaints', 'complaint_id')"]
    assert params_of("people/units/<str:code>/rename/") == [("units", "code")]
    assert params_of("training/checkin/<int:session_id>/<str:code>/") == [
        ("checkin", "session_id"),
        ("checkin", "code"),
    ]
