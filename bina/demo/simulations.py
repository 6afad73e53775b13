"""Demo simulations: the starter scenario library, role-play in a few classes scored by two observers with
realistic (not perfect) agreement, and branching practice logs. Bulk inserts; idempotent (skips a Pemda that
already has performances)."""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import datetime, time, timedelta
from decimal import Decimal

from django.utils import timezone

from bina.accounts.models import User
from bina.core.actor import Actor
from bina.core.models import Pemda
from bina.simulations import branching
from bina.simulations.models import (
    Criterion,
    Performance,
    PerformanceStatus,
    PracticeChoice,
    PracticeRun,
    PracticeStatus,
    Rating,
    Scenario,
)
from bina.simulations.services import scenario_library_load
from bina.training.facade import (
    ClassStatus,
    Course,
    Enrolment,
    EnrolmentStatus,
    Session,
    TrainingClass,
    jp_credit_practice,
    pemda_zone,
)

ROLEPLAY_CLASSES = 3
OFFICERS_PER_CLASS = 12
PRACTISING = 60  # employees with branching practice per Pemda


@dataclass
class SimulationDemoResult:
    scenarios: int = 0
    performances: int = 0
    ratings: int = 0
    practice_runs: int = 0
    created: bool = False


def _practice_course(pemda: Pemda) -> Course:
    course, _ = Course.objects.get_or_create(
        pemda=pemda,
        code="SIM-MANDIRI",
        defaults={
            "title": "Belajar Mandiri: Simulasi Pelayanan Publik",
            "method": "belajar_mandiri",
            "learning_path": "nonklasikal",
            "delivery_mode": "daring",
            "jp": 2,
            "description": "Latihan bercabang di ponsel: melayani warga langkah demi langkah.",
        },
    )
    return course


def demo_simulations_load(*, pemda: Pemda, seed: int = 2026) -> SimulationDemoResult:
    result = SimulationDemoResult()
    system = Actor.system(pemda.pk, label="demo")
    result.scenarios = scenario_library_load(actor=system, pemda=pemda, practice_course=_practice_course(pemda))
    if Performance.objects.filter(pemda=pemda).exists():
        return result
    result.created = True
    rng = random.Random(f"{seed}-{pemda.slug}-simulations")
    scenarios = list(Scenario.objects.filter(pemda=pemda).order_by("code"))
    criteria = {s.pk: list(Criterion.objects.filter(scenario=s).order_by("order")) for s in scenarios}
    admin = User.objects.filter(username=f"admin.{pemda.slug}").first()
    _roleplay(pemda, rng, scenarios, criteria, admin, result)
    _practice(pemda, rng, scenarios, criteria, result)
    return result


def _roleplay(
    pemda: Pemda,
    rng: random.Random,
    scenarios: list[Scenario],
    criteria: dict[int, list[Criterion]],
    admin: User | None,
    result: SimulationDemoResult,
) -> None:
    taught = (
        Session.objects.filter(pemda=pemda, instructor__user__isnull=False, klass__status__in=(ClassStatus.COMPLETED, ClassStatus.RUNNING))
        .select_related("klass", "instructor")
        .order_by("-klass__starts_on", "starts_at")
    )  # fmt: skip
    chosen: dict[int, Session] = {}
    for session in taught:
        chosen.setdefault(session.klass_id, session)
        if len(chosen) >= ROLEPLAY_CLASSES:
            break
    performances, plan = [], []
    for klass_id, session in chosen.items():
        officers = list(
            Enrolment.objects.filter(
                klass_id=klass_id, status__in=(EnrolmentStatus.COMPLETED, EnrolmentStatus.ENROLLED, EnrolmentStatus.FAILED)
            ).order_by("employee_id").values_list("employee_id", flat=True)[:OFFICERS_PER_CLASS]
        )  # fmt: skip
        if len(officers) < 2:
            continue
        teacher = session.instructor.user_id if session.instructor else None
        observers = [u for u in (teacher, admin.pk if admin else None) if u]
        first, second = rng.sample(scenarios, 2)
        when = timezone.make_aware(datetime.combine(session.starts_at.date(), time(13)), pemda_zone(pemda.pk))
        for i, officer in enumerate(officers):
            ability = rng.gauss(2.4, 0.55)
            for round_no, scenario, gain in ((1, first, 0.0), (2, second, rng.uniform(0.2, 0.7))):
                citizen = officers[(i + 1) % len(officers)]
                performances.append(Performance(
                    pemda=pemda, klass_id=klass_id, session=session, scenario=scenario, round_no=round_no,
                    officer_id=officer, citizen_peer_id=citizen,
                    status=PerformanceStatus.DEBRIEFED if round_no == 1 else PerformanceStatus.SCORED,
                    started_at=when + timedelta(minutes=15 * i), scored_at=when + timedelta(minutes=15 * i + 12),
                    debriefed_at=when + timedelta(days=1) if round_no == 1 else None,
                ))  # fmt: skip
                plan.append((scenario, ability + gain, observers))
    Performance.objects.bulk_create(performances)
    ratings = []
    notes = {1: "Perlu latihan: belum mendengarkan sampai selesai.", 2: "Sudah sopan, penjelasan masih terburu-buru.",
             3: "Jelas dan sesuai standar pelayanan.", 4: "Sangat baik: memeriksa pemahaman warga."}  # fmt: skip
    for performance, (scenario, ability, observers) in zip(performances, plan, strict=True):
        for k, criterion in enumerate(criteria[scenario.pk]):
            true_level = ability + (0.3 if k == 0 else -0.2 * k)
            for j, observer in enumerate(observers):
                bias = 0.25 if j == 1 else 0.0  # the BKPSDM observer is a little more lenient than the instructor
                level = min(4, max(1, round(true_level + bias + rng.gauss(0, 0.35))))
                ratings.append(Rating(
                    pemda=pemda, performance=performance, observer_id=observer, criterion=criterion, level=level,
                    note=notes[level] if rng.random() < 0.35 else "",
                ))  # fmt: skip
    Rating.objects.bulk_create(ratings, batch_size=1000)
    result.performances, result.ratings = len(performances), len(ratings)


def _practice(
    pemda: Pemda,
    rng: random.Random,
    scenarios: list[Scenario],
    criteria: dict[int, list[Criterion]],
    result: SimulationDemoResult,
) -> None:
    playable = [s for s in scenarios if s.has_practice]
    employees = list(
        Enrolment.objects.filter(pemda=pemda, status=EnrolmentStatus.COMPLETED)
        .order_by("employee_id")
        .values_list("employee_id", flat=True)
        .distinct()[:PRACTISING]
    )
    if not playable or not employees:
        return
    course = _practice_course(pemda)
    zone = pemda_zone(pemda.pk)
    runs, logs = [], []
    end = TrainingClass.objects.filter(pemda=pemda).order_by("-ends_on").values_list("ends_on", flat=True).first()
    base = timezone.make_aware(datetime.combine(end or timezone.localdate(), time(19)), zone)
    for n, employee_id in enumerate(employees):
        scenario = playable[n % len(playable)]
        weights = {c.key: c.weight for c in criteria[scenario.pk]}
        skill = rng.uniform(0.35, 0.85)
        for attempt in range(1 if rng.random() < 0.6 else 2):
            graph = scenario.practice_graph
            step, earned, chosen_log = branching.resolve(graph, graph["start"], None), [], []
            started = (
                base - timedelta(days=rng.randint(1, 60), minutes=rng.randint(0, 300)) + timedelta(days=attempt * 3)
            )
            while not branching.is_end(graph, step):
                options = graph["steps"][step]["choices"]
                scored = sorted(
                    options, key=lambda c: -sum(c.get("levels", {}).values()) / max(1, len(c.get("levels", {})))
                )
                choice = scored[0] if rng.random() < skill + 0.15 * attempt else rng.choice(options)
                earned.append(choice.get("levels", {}))
                score = branching.path_score(earned, weights)
                chosen_log.append((step, choice, score))
                step = branching.resolve(graph, choice["next"], score)
            run = PracticeRun(
                pemda=pemda, employee_id=employee_id, scenario=scenario, status=PracticeStatus.COMPLETED,
                current_step=step, score=Decimal(f"{chosen_log[-1][2] or 0:.1f}"), started_at=started,
                completed_at=started + timedelta(minutes=4 + len(chosen_log)),
            )  # fmt: skip
            if attempt == 0:
                run.jp_credit = jp_credit_practice(
                    employee_id=employee_id, pemda_id=pemda.pk, jp=Decimal(course.jp),
                    title=f"{course.title}: {scenario.title}", credited_on=timezone.localdate(run.completed_at, zone),
                )  # fmt: skip
            runs.append(run)
            logs.append(chosen_log)
    PracticeRun.objects.bulk_create(runs)
    PracticeChoice.objects.bulk_create(
        [
            PracticeChoice(
                pemda=pemda,
                run=run,
                seq=seq,
                step_key=step,
                choice_key=choice["key"],
                levels=choice.get("levels", {}),
                running_score=Decimal(f"{score or 0:.1f}"),
                chosen_at=run.started_at + timedelta(minutes=seq),
            )
            for run, chosen_log in zip(runs, logs, strict=True)
            for seq, (step, choice, score) in enumerate(chosen_log, start=1)
        ],
        batch_size=1000,
    )
    result.practice_runs = len(runs)
