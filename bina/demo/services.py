"""The standard demo: Surabaya and Serang with their people, and one account per persona.

Idempotent: every step creates only what is missing, so `load_demo` can run on every deploy
of a demo server. Accounts are created through the accounts services, audited as `system:demo`
(`Actor.system` inside a Pemda, `Actor.platform` for the superadmin account).
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.conf import settings
from django.db import transaction

from bina.accounts.models import Role, User
from bina.accounts.services import role_assign, user_create
from bina.core.actor import Actor
from bina.core.errors import PermissionDenied
from bina.core.models import Pemda
from bina.demo.assessments import AssessmentDemoResult, demo_assessments_load
from bina.demo.campaigns import CampaignDemoResult, demo_campaigns_load
from bina.demo.data import DEMO_SLUGS, get_spec
from bina.demo.evaluation import EvaluationDemoResult, demo_evaluation_load
from bina.demo.generator import GenerationResult, generate
from bina.demo.public_voice import VoiceDemoResult, demo_public_voice_load
from bina.demo.service_records import ServiceDemoResult, demo_service_records_load
from bina.demo.simulations import SimulationDemoResult, demo_simulations_load
from bina.demo.training import TrainingDemoResult, demo_training_load
from bina.demo.training_data import DEMO_TODAY
from bina.people.models import Employee, OrgUnit, OrgUnitKind, PositionKind
from bina.portal.models import SECTION_KEYS
from bina.portal.services import publication_update

DEMO_PASSWORD = "bina-demo-2026"
# Employees per Pemda in the standard demo: big enough for real-looking lists and reports.
DEMO_EMPLOYEES = {"surabaya": 3000, "serang": 1500}


@dataclass(frozen=True)
class DemoAccount:
    username: str
    pemda: str  # slug, or "" for the platform account
    role: str
    reach: str
    employee: str = ""


@dataclass
class DemoLoadResult:
    generations: list[GenerationResult] = field(default_factory=list)
    accounts: list[DemoAccount] = field(default_factory=list)
    accounts_created: int = 0
    trainings: list[TrainingDemoResult] = field(default_factory=list)
    services: list[ServiceDemoResult] = field(default_factory=list)
    voices: list[VoiceDemoResult] = field(default_factory=list)
    simulations: list[SimulationDemoResult] = field(default_factory=list)
    evaluations: list[EvaluationDemoResult] = field(default_factory=list)
    campaigns: list[CampaignDemoResult] = field(default_factory=list)
    assessments: list[AssessmentDemoResult] = field(default_factory=list)

    @property
    def already_there(self) -> bool:
        return (
            self.accounts_created == 0
            and not any(t.created for t in self.trainings)
            and not any(s.created for s in self.services)
            and not any(g.pemda_created or g.units_created or g.employees_created for g in self.generations)
        )


def demo_data_check_allowed() -> None:
    """Demo data creates `superadmin` and persona accounts with the published DEMO_PASSWORD: anyone who read
    the README could log in. Only the dev, test and bench settings allow it (DEMO_DATA_ALLOWED)."""
    if not getattr(settings, "DEMO_DATA_ALLOWED", False):
        raise PermissionDenied(
            "Demo data is refused under these settings (production): it creates accounts with the published "
            "demo password. Set up a real installation with create_pemda, create_superadmin and create_user."
        )


@transaction.atomic
def demo_load(*, seed: int = 2026) -> DemoLoadResult:
    demo_data_check_allowed()
    result = DemoLoadResult()
    superadmin, created = _ensure_user(username="superadmin", pemda=None, is_superadmin=True)
    result.accounts_created += created
    result.accounts.append(DemoAccount(superadmin.username, "", "superadmin", "platform"))
    for slug in DEMO_SLUGS:
        generation = generate(slug, employees=DEMO_EMPLOYEES[slug], seed=seed)
        result.generations.append(generation)
        _ensure_pemda_accounts(generation.pemda, result)
        # Training year 2026 (programme, partners, classes, results) and the instructor/partner accounts.
        training = demo_training_load(pemda=generation.pemda, seed=seed)
        result.trainings.append(training)
        for account in training.accounts:
            result.accounts = [a for a in result.accounts if a.username != account.username]
            result.accounts.append(
                DemoAccount(account.username, account.pemda, account.role, account.reach, account.detail)
            )
        # Two years of kelurahan service records (after the training year: trained officers serve faster).
        result.services.append(demo_service_records_load(pemda=generation.pemda, seed=seed))
        # Question banks and pre/post-test sittings with believable gains for the completed classes.
        result.assessments.append(demo_assessments_load(pemda=generation.pemda, seed=seed))
        # What citizens said: SKM responses that follow the service given, and complaints at every stage.
        result.voices.append(demo_public_voice_load(pemda=generation.pemda, seed=seed, today=DEMO_TODAY))
        # Simulations: the scenario library, role-play scored by two observers, branching practice logs.
        result.simulations.append(demo_simulations_load(pemda=generation.pemda, seed=seed))
        # Evaluation of the completed classes: reaction surveys, behaviour follow-ups, testimonies (issue 12).
        result.evaluations.append(demo_evaluation_load(pemda=generation.pemda, seed=seed))
        # Outreach campaigns toward people who do not train (randomised in Surabaya), launched six weeks ago.
        result.campaigns.append(demo_campaigns_load(pemda=generation.pemda, seed=seed))
        # The transparency portal publishes every section in the demo, the impact estimates too.
        publication_update(
            actor=Actor.system(generation.pemda.pk, label="demo"), data=dict.fromkeys(SECTION_KEYS, True)
        )
    return result


def _ensure_pemda_accounts(pemda: Pemda, result: DemoLoadResult) -> None:
    spec = get_spec(pemda.slug)
    operator_unit = OrgUnit.objects.get(pemda=pemda, code=spec.operator_unit_code)
    supervisor = _head_of(pemda, spec.supervisor_unit_code)
    participant = (
        Employee.objects.filter(pemda=pemda, unit__kind=OrgUnitKind.KELURAHAN)
        .exclude(position_kind=PositionKind.STRUKTURAL)
        .order_by("unit__code", "id")
        .first()
    )
    if participant is None:
        raise RuntimeError(f"{pemda.slug} has no kelurahan staff to link the participant account to.")
    personas: list[tuple[str, str, OrgUnit | None, Employee | None, str]] = [
        ("admin", Role.ADMIN, None, None, "whole Pemda (read/write)"),
        ("operator", Role.OPERATOR, operator_unit, None, f"{operator_unit.name} subtree"),
        ("leader", Role.LEADER, None, None, "whole Pemda (read-only)"),
        ("instructor", Role.INSTRUCTOR, None, None, "own classes"),
        ("supervisor", Role.PARTICIPANT, None, supervisor, "self + direct and indirect reports"),
        ("participant", Role.PARTICIPANT, None, participant, "self"),
        # The Lurah of the participant's kelurahan: their staff's service figures (officer figures go to supervisors).
        ("lurah", Role.PARTICIPANT, None, _head_of(pemda, participant.unit.code), "self + kelurahan staff"),
    ]
    for persona, role, unit, employee, reach in personas:
        user, created = _ensure_user(
            username=f"{persona}.{pemda.slug}",
            pemda=pemda,
            employee=employee,
            first_name=STAFF_NAMES.get((pemda.slug, persona), ""),
        )
        role_assign(actor=Actor.system(pemda.pk, label="demo"), user=user, role=role, org_unit=unit)
        result.accounts_created += created
        label = f"{persona} (participant)" if persona in ("supervisor", "lurah") else str(role)
        result.accounts.append(
            DemoAccount(
                user.username,
                pemda.slug,
                label,
                reach,
                f"{employee.name}, {employee.position_name}" if employee else "",
            )
        )


def _head_of(pemda: Pemda, unit_code: str) -> Employee:
    head = (
        Employee.objects.filter(pemda=pemda, unit__code=unit_code, position_kind=PositionKind.STRUKTURAL)
        .order_by("id")
        .first()
    )
    if head is None:
        raise RuntimeError(f"Unit {unit_code} of {pemda.slug} has no head yet.")
    return head


# Accounts of BKPSDM staff with no employee record in the demo still greet a person, not a username.
STAFF_NAMES = {
    ("surabaya", "admin"): "Rina Wulandari",
    ("surabaya", "operator"): "Agus Prasetyo",
    ("surabaya", "leader"): "Ir. Bambang Hartono, M.Si.",
    ("serang", "admin"): "Siti Nurhasanah",
    ("serang", "operator"): "Dedi Supriadi",
    ("serang", "leader"): "Drs. Ahmad Fauzi, M.Si.",
}


def _ensure_user(
    *,
    username: str,
    pemda: Pemda | None,
    employee: Employee | None = None,
    is_superadmin: bool = False,
    first_name: str = "",
) -> tuple[User, bool]:
    existing = User.objects.filter(username__iexact=username).first()
    if existing is not None:
        return existing, False
    user = user_create(
        actor=Actor.system(pemda.pk, label="demo") if pemda is not None else Actor.platform(label="demo"),
        pemda=pemda,
        username=username,
        password=DEMO_PASSWORD,
        employee=employee,
        is_superadmin=is_superadmin,
        first_name=first_name,
    )
    return user, True
