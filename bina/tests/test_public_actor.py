"""A public visitor (`Actor.public`) reads nothing through the functions written for members.

Not a hand-kept list of functions: every function of a `bina` app whose first parameter is `actor` and
that reads (everything in `access`, `selectors` and `permissions` modules, and `*_for` / `*_for_user`
functions anywhere else) is called with the public actor of a Pemda full of rows. It must answer no row:
an empty queryset, False, `NotFound` / `PermissionDenied`, or a result in which no row appears. The same
calls made with that Pemda's system actor (the admin's reach) do find the rows, so the sweep would see a
leak. A new function whose arguments the sweep cannot build fails it, saying what to add to `ARGUMENTS`.

What a public page may show comes from public selectors instead (`PUBLIC_SELECTORS`), tested with their page.
"""

from __future__ import annotations

import importlib
import inspect
import pkgutil
from collections.abc import Callable, Iterator
from dataclasses import fields, is_dataclass
from datetime import date, timedelta
from types import ModuleType
from typing import Any

import pytest
from django.apps import apps
from django.core.files.base import ContentFile
from django.db import models
from django.db.models import Q, QuerySet
from django.utils import timezone

from bina.accounts.services import token_create
from bina.analytics.selectors import ImpactQuery
from bina.assessments.factories import choice_question
from bina.assessments.models import Answer, Sitting, Test, TestItem
from bina.certificates.models import CertificateBatch
from bina.certificates.services import certificate_issue
from bina.competencies.factories import CompetencyFactory
from bina.complaints.selectors import ListFilters as ComplaintListFilters
from bina.complaints.services import ComplaintInput, complaint_file
from bina.core.actor import Actor
from bina.core.errors import NotFound, PermissionDenied
from bina.evaluation.models import BehaviourSurvey, ClassSurvey, ReactionInvite, Testimony
from bina.evaluation.services import reaction_instrument_load
from bina.participation.models import Campaign as ParticipationCampaign
from bina.people.models import ImportJob
from bina.quality.models import Holiday, ServiceType
from bina.skm.factories import skm_ready
from bina.surveys.models import Campaign
from bina.training.catalogue.models import ProgrammeStatus
from bina.training.classes.models import ClassStatus, Enrolment, EnrolmentStatus, TrainingClass
from bina.training.external.models import ExternalLearning
from bina.training.factories import EnrolmentFactory, ProgrammeFactory, SessionFactory, TrainingClassFactory

# Read on purpose by public pages; each takes the public actor and reads `actor.public_pemda_id`.
PUBLIC_SELECTORS = {
    "bina.certificates.selectors.certificate_public_for",
    "bina.certificates.access.public_certificate",
    # The SKM form: the open units, active services and questionnaire of the URL's Pemda (the poster shows them).
    "bina.skm.access.public_unit",
    "bina.skm.access.public_units",
    "bina.skm.access.public_services",
    "bina.skm.access.public_service_list",
    "bina.skm.access.public_version",
    "bina.skm.permissions.can_answer_skm",  # the one thing a visitor may do: answer the questionnaire
    # The complaint form and tracking page: read by the URL's Pemda (`public_pemda_id`), never by membership.
    "bina.complaints.access.complaint_public_for",
    "bina.complaints.access.public_units",
    "bina.complaints.access.public_services",
    "bina.complaints.access.public_submissions_since",
    "bina.complaints.selectors.complaint_public",
    # The transparency portal: the URL's Pemda's publication choice and its aggregates (no row, no person).
    "bina.portal.access.public_publication",
    "bina.portal.selectors.portal_data",
    # Evaluation: approved testimonies whose authors consented to publication (byline as consented).
    "bina.evaluation.access.testimonies_public",
    "bina.evaluation.selectors.portal_testimonies",
}
# Describe an object the caller already fetched through a scoped getter (404 to the public, second test):
# the rows they add (a class's sessions) belong to that object.
GIVEN_OBJECT = {
    "bina.training.classes.selectors.class_detail": "a class from get_class_for_user",
    "bina.training.classes.selectors.participant_rows": "enrolments already read through class_participants",
    "bina.skm.selectors.results_compute": "a unit already read through skm.access.get_skm_unit_for_user",
    "bina.skm.selectors.campaign_progress": "a campaign already read through skm.access.get_campaign_for_user",
    "bina.evaluation.selectors.reaction_form": "an invitation already read through get_invite_for_user",
    "bina.evaluation.selectors.behaviour_form": "a questionnaire already read through get_behaviour_survey_for_user",
    "bina.evaluation.selectors.class_reaction_results": "a class already read through get_results_class_for_user",
    "bina.evaluation.selectors.class_behaviour_results": "a class already read through get_results_class_for_user",
    "bina.evaluation.selectors.course_reaction_results": "a course already read through get_results_course_for_user",
    "bina.evaluation.selectors.course_behaviour_results": "a course already read through get_results_course_for_user",
    "bina.evaluation.selectors.enrolment_behaviour_results": "an enrolment read through get_behaviour_enrolment_for_user",
    "bina.evaluation.selectors.instructor_rating": "an instructor read through get_instructor_for_results",
    "bina.evaluation.selectors.partner_rating": "a partner read through get_partner_for_results",
}
SKIPPED_PACKAGES = ("tests", "migrations", "management", "factories", "demo", "bench")
READ_MODULES = ("access", "selectors", "permissions")


@pytest.fixture
def rows(world, partners):
    """One row of every kind a member-scoped function can return, all in `world.pemda`."""
    programme = ProgrammeFactory(pemda=world.pemda, status=ProgrammeStatus.ACTIVE)
    klass = TrainingClassFactory(
        course__pemda=world.pemda,
        course__programme=programme,
        status=ClassStatus.COMPLETED,
        organiser=partners.uni,
        starts_on=date(2026, 8, 17),
        ends_on=date(2026, 8, 19),
    )
    session = SessionFactory(klass=klass, instructor=partners.uni_instructor)
    employee = world.employees["kel_a1_staff"]
    enrolment = EnrolmentFactory(klass=klass, employee=employee, status=EnrolmentStatus.COMPLETED)
    certificate = certificate_issue(
        enrolment=enrolment, actor=Actor.system(enrolment.pemda_id, label="test"), render_pdf=False
    )
    batch = CertificateBatch.objects.create(pemda=world.pemda, klass=klass)
    external = ExternalLearning.objects.create(
        pemda=world.pemda,
        employee=employee,
        title="Pelatihan luar",
        organiser="LAN",
        method="online",
        starts_on=date(2026, 3, 1),
        ends_on=date(2026, 3, 2),
        jp_claimed=8,
        certificate_file=ContentFile(b"%PDF-1.4", name="external.pdf"),
    )
    import_job = ImportJob.objects.create(
        pemda=world.pemda, kind="employees", original_name="pegawai.xlsx", file=ContentFile(b"x", name="p.xlsx")
    )
    token_create(actor=world.actor("admin"), user=world.users["admin"], name="sweep")
    reaction = ClassSurvey.objects.create(
        pemda=world.pemda,
        klass=klass,
        campaign=Campaign.objects.create(
            pemda=world.pemda,
            version=reaction_instrument_load(actor=Actor.system(world.pemda.pk)),
            name="Reaksi",
            start=klass.starts_on,
            end=klass.ends_on,
        ),
    )
    invite = ReactionInvite.objects.create(
        pemda=world.pemda, survey=reaction, employee=employee, opened_at=timezone.now()
    )
    behaviour_survey = BehaviourSurvey.objects.create(
        pemda=world.pemda,
        enrolment=enrolment,
        stage="followup",
        rater="self",
        respondent=employee,
        due_on=date(2026, 11, 1),
    )
    testimony = Testimony.objects.create(
        pemda=world.pemda, klass=klass, employee=employee, text="Lebih percaya diri", consent="name", status="approved"
    )
    simulation = _simulation_rows(world, klass, employee)
    question = choice_question(klass.course, None, "easy", 1)
    test = Test.objects.create(pemda=world.pemda, klass=klass, phase="pre")
    TestItem.objects.create(test=test, question=question, position=1)
    sitting = Sitting.objects.create(pemda=world.pemda, test=test, enrolment=enrolment, status="submitted")
    answer = Answer.objects.create(sitting=sitting, question=question, text="Esai")
    return {
        **simulation,
        "invite": invite,
        "behaviour_survey": behaviour_survey,
        "testimony": testimony,
        "question": question,
        "test": test,
        "sitting": sitting,
        "answer": answer,
        "pemda": world.pemda,
        "user": world.users["admin"],
        "unit": world.units["dinas"],
        "org_unit": world.units["dinas"],
        "employee": employee,
        "partner": partners.uni,
        "agreement": partners.uni_agreement,
        "instructor": partners.uni_instructor,
        "competency": CompetencyFactory(pemda=world.pemda),
        "programme": klass.course.programme,
        "course": klass.course,
        "klass": klass,
        "class": klass,
        "session": session,
        "enrolment": enrolment,
        "certificate": certificate,
        "batch": batch,
        "external": external,
        "import_job": import_job,
        "complaint": complaint_file(
            actor=Actor.system(world.pemda.pk, label="test"),
            data=ComplaintInput(description="Antrean KTP-el terlalu lama.", name="Pelapor"),
        ),
        "service_type": ServiceType.objects.create(
            pemda=world.pemda, code="KTP-EL", name="KTP elektronik", sla_working_days=1
        ),
        "holiday": Holiday.objects.create(pemda=world.pemda, date=date(2026, 8, 17), description="HUT RI"),
        "campaign": Campaign.objects.create(
            pemda=world.pemda,
            version=skm_ready(world.pemda),
            name="SKM",
            unit=world.units["dinas"],
            start=date(2026, 1, 1),
            end=date(2026, 6, 30),
        ),
        "participation_campaign": ParticipationCampaign.objects.create(
            pemda=world.pemda, name="Ayo berlatih", message="Pesan", signed_by="Sekda", created_by=world.users["admin"]
        ),
    }


def _simulation_rows(world: Any, klass: Any, employee: Any) -> dict[str, Any]:
    from bina.simulations.factories import library
    from bina.simulations.models import Performance, PracticeRun

    scenario = library(world.pemda)["KTP-DITOLAK"]
    performance = Performance.objects.create(
        pemda=world.pemda, klass=klass, scenario=scenario, round_no=1, officer=employee, citizen_actor="Aktor"
    )
    run = PracticeRun.objects.create(
        pemda=world.pemda, employee=employee, scenario=scenario, current_step="s1", started_at=timezone.now()
    )
    return {
        "scenario": scenario,
        "performance": performance,
        "run": run,
        "practice_run": run,
        "roleplay_class": klass,
        "evidence_employee": employee,
    }


# How to build a required argument (after `actor`) from the rows, by parameter name.
ARGUMENTS: dict[str, Callable[[dict[str, Any]], Any]] = {
    "pemda_id": lambda r: r["pemda"].pk,
    "nip": lambda r: r["employee"].nip,
    "number": lambda r: r["certificate"].number,
    "year": lambda r: 2026,
    "dimension": lambda r: "unit",
    "cell": lambda r: r["unit"].code,
    "qs": lambda r: TrainingClass.objects.all(),
    "class_ids": lambda r: [r["klass"].pk],
    "job_id": lambda r: r["import_job"].pk,
    "enrolments": lambda r: Enrolment.objects.all(),
    "user_pk": lambda r: r["user"].pk,
    "service_code": lambda r: r["service_type"].code,
    "code": lambda r: r["unit"].code,
    "unit_code": lambda r: r["unit"].code,
    "start": lambda r: date(2026, 1, 1),
    "end": lambda r: date(2026, 12, 31),
    "filters": lambda r: ComplaintListFilters(),
    "complaint_pk": lambda r: r["complaint"].pk,
    "employee_id": lambda r: r["employee"].pk,
    "klass_id": lambda r: r["klass"].pk,
    "attachment_pk": lambda r: 1,
    "trainings": lambda r: [r["klass"].course.code],
    "mine": lambda r: None,
    "before": lambda r: timezone.now() + timedelta(days=1),
    "classes": lambda r: [r["klass"]],
    "query": lambda r: ImpactQuery(
        r["service_type"].code, "process", "officer", (r["klass"].course.code,), 24300, 24311
    ),
}
# `pk` / `key` name the entity in the function's name (`get_<entity>_for_user`); these say it otherwise.
KEY_OF = {
    "get_participation_campaign_for_user": "participation_campaign",
    "complaint_detail": "complaint",
    "programme_detail": "programme",
    "course_detail": "course",
    "class_participants": "klass",
    "scenario_detail": "scenario",
    "get_results_class_for_user": "klass",
    "get_results_course_for_user": "course",
    "get_results_programme_for_user": "programme",
    "get_instructor_for_results": "instructor",
    "get_partner_for_results": "partner",
    "get_behaviour_enrolment_for_user": "enrolment",
    "get_bank_course_for_user": "course",
    "get_answer_for_grader": "answer",
}


def _modules() -> Iterator[ModuleType]:
    for config in apps.get_app_configs():
        if not config.name.startswith("bina."):
            continue
        package = importlib.import_module(config.name)
        yield package
        for info in pkgutil.walk_packages(package.__path__, prefix=f"{config.name}."):
            if any(part in SKIPPED_PACKAGES for part in info.name.split(".")[2:]):
                continue
            yield importlib.import_module(info.name)


def _is_read(module: ModuleType, name: str) -> bool:
    parts = module.__name__.split(".")
    if any(part in READ_MODULES for part in parts[2:]):
        return True
    return name.endswith(("_for", "_for_user"))


def member_functions() -> list[Callable[..., Any]]:
    found: dict[str, Callable[..., Any]] = {}
    for module in _modules():
        for name, fn in vars(module).items():
            if name.startswith("_") or not inspect.isfunction(fn) or fn.__module__ != module.__name__:
                continue
            params = list(inspect.signature(fn).parameters)
            if params[:1] != ["actor"] or not _is_read(module, name):
                continue
            qualified = f"{module.__name__}.{name}"
            if qualified not in PUBLIC_SELECTORS and qualified not in GIVEN_OBJECT:
                found[qualified] = fn
    return list(found.values())


def _entity(fn: Callable[..., Any]) -> str:
    name = fn.__name__
    if name in KEY_OF:
        return KEY_OF[name]
    return name.removeprefix("get_").removesuffix("_for_user").removesuffix("_for")


def arguments(fn: Callable[..., Any], rows: dict[str, Any]) -> dict[str, Any]:
    """The required arguments after `actor`, built from the rows (optional ones keep their defaults)."""
    built: dict[str, Any] = {}
    for name, param in list(inspect.signature(fn).parameters.items())[1:]:
        if param.default is not inspect.Parameter.empty:
            continue
        if name in ARGUMENTS:
            built[name] = ARGUMENTS[name](rows)
        elif name in rows:
            built[name] = rows[name]
        elif name in ("pk", "key") and _entity(fn) in rows:
            built[name] = rows[_entity(fn)].pk
        else:
            pytest.fail(f"{fn.__module__}.{fn.__name__}: add to ARGUMENTS how to build its parameter {name!r}")
    return built


def rows_in(value: Any, depth: int = 0) -> list[Any]:
    """Every row a result holds: querysets evaluated, containers and dataclasses walked."""
    if depth > 4 or value is None or isinstance(value, str | int | float | date):
        return []
    if isinstance(value, models.Model):
        return [value]
    if isinstance(value, QuerySet):
        return list(value[:5])
    if isinstance(value, dict):
        return [row for item in value.items() for row in rows_in(item, depth + 1)]
    if isinstance(value, list | tuple | set | frozenset):
        return [row for item in value for row in rows_in(item, depth + 1)]
    if is_dataclass(value) and not isinstance(value, type):
        return [row for f in fields(value) if not f.name.startswith("_") for row in rows_in(getattr(value, f.name))]
    return []


def answer(fn: Callable[..., Any], actor: Actor, kwargs: dict[str, Any], **extra: Any) -> tuple[str, Any]:
    """("refused", exc) | ("granted", True/False) | ("rows", [...]) for one call; the arguments are no rows read."""
    try:
        result = fn(actor=actor, **kwargs, **extra)
    except (NotFound, PermissionDenied) as exc:
        return "refused", exc
    if isinstance(result, bool):
        return "granted", result
    if isinstance(result, Q):
        # A scope filter (`enrolment_scope`): only the filter that matches nothing reads nothing.
        return "rows", [] if result == Q(pk__in=[]) else [result]
    if result is None:
        return "rows", ["None (the whole Pemda)"]
    given = [value for value in kwargs.values() if isinstance(value, models.Model)]
    return "rows", [row for row in rows_in(result) if row not in given]


def calls(fn: Callable[..., Any]) -> list[dict[str, Any]]:
    """Reads and, where a function has one, its `write=True` variant."""
    return [{}, {"write": True}] if "write" in inspect.signature(fn).parameters else [{}]


def test_public_actor_reads_nothing_through_member_access_functions(rows):
    pemda = rows["pemda"]
    public = Actor.public(pemda.pk, ip="203.0.113.7")
    system = Actor.system(pemda.pk, label="sweep")
    functions = member_functions()
    assert len(functions) > 60, "the discovery walked too few modules to mean anything"

    leaks: list[str] = []
    seen_by_system = 0
    for fn in functions:
        kwargs = arguments(fn, rows)
        for extra in calls(fn):
            kind, value = answer(fn, public, kwargs, **extra)
            label = f"{fn.__module__}.{fn.__name__}({', '.join(extra)})"
            if (kind == "granted" and value) or (kind == "rows" and value):
                leaks.append(f"{label} -> {value!r:.120}")
            control, control_value = answer(fn, system, kwargs, **extra)
            seen_by_system += bool(control_value) and control != "refused"
    assert not leaks, "a public visitor read through a member function:\n" + "\n".join(leaks)
    # The control: with the admin's reach the same calls find rows, so the rows and keys above are real.
    assert seen_by_system >= len(functions) // 2


def test_every_get_for_user_is_refused_with_not_found_to_the_public(rows):
    """Objects answer 404 to the public, the same answer as a missing object (and never 403)."""
    public = Actor.public(rows["pemda"].pk)
    system = Actor.system(rows["pemda"].pk)
    getters = [fn for fn in member_functions() if fn.__name__.startswith("get_") and fn.__name__.endswith("_for_user")]
    assert len(getters) >= 10
    for fn in getters:
        kwargs = arguments(fn, rows)
        assert answer(fn, system, kwargs)[0] == "rows", f"{fn.__name__}: the key does not name a real row"
        with pytest.raises(NotFound):
            fn(public, **kwargs)
