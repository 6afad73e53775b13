"""Role-play workflow, ratings, debrief, class summary and branching practice through the services."""

from decimal import Decimal

import pytest

from bina.core.errors import Conflict, PermissionDenied, ValidationFailed
from bina.simulations import selectors, services
from bina.simulations.factories import library, roleplay_class
from bina.simulations.models import Criterion, Performance, PerformanceStatus, PracticeChoice, Rating, Scenario
from bina.training.factories import CourseFactory, assert_jp_totals_exact
from bina.training.learning.models import JpCredit

pytestmark = pytest.mark.django_db


def test_library_load_is_idempotent_and_ties_criteria_to_competencies(world):
    scenarios = library(world.pemda)
    assert len(scenarios) == 8
    criterion = Criterion.objects.filter(scenario=scenarios["KTP-DITOLAK"], key="komunikasi").get()
    assert criterion.competency.name == "Komunikasi" and criterion.level_4
    from bina.core.actor import Actor

    assert services.scenario_library_load(actor=Actor.system(world.pemda.pk), pemda=world.pemda) == 0


def test_only_the_admin_loads_the_library(world):
    library(world.pemda, items=[])
    with pytest.raises(PermissionDenied):
        services.scenario_library_load(actor=world.actor("instructor"), pemda=world.pemda)
    assert not Scenario.objects.filter(pemda=world.pemda).exists()


def _assign(world, rp, round_no=1, scenario="KTP-DITOLAK"):
    return services.performance_assign(
        actor=world.actor("instructor"),
        klass=rp.klass,
        scenario=rp.scenarios[scenario],
        officer=world.employees["kel_a1_staff"],
        round_no=round_no,
        citizen_peer=rp.peer,
        session=rp.session,
    )


def _sheet(performance, levels):
    criteria = list(Criterion.objects.filter(scenario=performance.scenario).order_by("order"))
    return {c.pk: (level, f"catatan {c.key}") for c, level in zip(criteria, levels, strict=True)}


def test_assign_refuses_outsiders_and_non_participants(world):
    rp = roleplay_class(world)
    with pytest.raises(PermissionDenied):
        services.performance_assign(
            actor=world.actor("participant"), klass=rp.klass, scenario=rp.scenarios["KTP-DITOLAK"],
            officer=world.employees["kel_a1_staff"], round_no=1, citizen_actor="Aktor",
        )  # fmt: skip
    with pytest.raises(ValidationFailed) as refused:
        services.performance_assign(
            actor=world.actor("instructor"), klass=rp.klass, scenario=rp.scenarios["KTP-DITOLAK"],
            officer=world.employees["camat_a"], round_no=1,
        )  # fmt: skip
    assert {d["field"] for d in refused.value.details} == {"officer", "citizen_actor"}
    assert not Performance.objects.exists()


def test_the_workflow_runs_assigned_performing_scored_debriefed(world):
    rp = roleplay_class(world)
    p = _assign(world, rp)
    instructor, peer, officer = world.actor("instructor"), world.actor("peer"), world.actor("participant")
    with pytest.raises(Conflict):  # not started: nobody rates yet
        services.performance_rate(actor=instructor, performance=p, ratings=_sheet(p, [3, 3, 3]))
    with pytest.raises(PermissionDenied):  # the officer does not start their own performance
        services.performance_act(actor=officer, performance=p, action="start")
    p = services.performance_act(actor=instructor, performance=p, action="start")
    assert p.status == PerformanceStatus.PERFORMING
    with pytest.raises(PermissionDenied):  # nobody scores their own performance
        services.performance_rate(actor=officer, performance=p, ratings=_sheet(p, [4, 4, 4]))
    with pytest.raises(Conflict):  # closing needs every criterion rated
        services.performance_act(actor=instructor, performance=p, action="close")
    services.performance_rate(actor=instructor, performance=p, ratings=_sheet(p, [3, 2, 3]))
    services.performance_rate(actor=peer, performance=p, ratings=_sheet(p, [4, 2, 2]))
    services.performance_rate(actor=peer, performance=p, ratings=_sheet(p, [3, 2, 2]))  # replaced, not added
    assert Rating.objects.filter(performance=p).count() == 6
    with pytest.raises(ValidationFailed):
        services.performance_rate(actor=peer, performance=p, ratings={999_999: (3, "")})
    p = services.performance_act(actor=instructor, performance=p, action="close")
    assert services.performance_act(actor=instructor, performance=p, action="close").status == "scored"  # repeat
    p = services.performance_act(actor=instructor, performance=p, action="debrief")
    assert p.status == PerformanceStatus.DEBRIEFED
    with pytest.raises(Conflict):
        services.performance_act(actor=instructor, performance=p, action="start")


def test_debrief_and_class_summary(world):
    rp = roleplay_class(world)
    instructor, peer = world.actor("instructor"), world.actor("peer")
    first = _assign(world, rp, 1)
    last = _assign(world, rp, 2, scenario="AKTA-KEMATIAN-LANSIA")
    for p, mine, theirs in ((first, [2, 2, 3], [2, 1, 3]), (last, [4, 3, 3], [3, 3, 4])):
        services.performance_act(actor=instructor, performance=p, action="start")
        services.performance_rate(actor=instructor, performance=p, ratings=_sheet(p, mine))
        services.performance_rate(actor=peer, performance=p, ratings=_sheet(p, theirs))
    d = selectors.debrief(world.actor("participant"), rp.klass, world.employees["kel_a1_staff"].pk)
    # KTP-DITOLAK weights komunikasi 3, pelayanan 3, keputusan 2; mean levels 2, 1.5, 3 → 33.3, 16.7, 66.7
    assert d.first.score == pytest.approx((3 * 100 / 3 + 3 * 50 / 3 + 2 * 200 / 3) / 8)
    assert d.last is not None and d.change is not None and d.change > 0
    assert [row.criterion.key for row in d.first.to_practise] == ["pelayanan", "komunikasi"]
    assert d.first.criteria[0].notes == [(world.users["instructor"].get_full_name() or "instructor.alfa", "catatan komunikasi"),
                                         (world.users["peer"].get_full_name() or "peer.alfa", "catatan komunikasi")]  # fmt: skip
    with pytest.raises(PermissionDenied):  # a peer sees scores to give, not another's debrief
        selectors.debrief(peer, rp.klass, world.employees["kel_a1_staff"].pk)
    summary = selectors.class_simulation_summary(actor=instructor, klass=rp.klass)
    assert summary["performances"] == 2 and summary["scored"] == 2
    assert summary["agreement"]["method"] == "weighted kappa (linear weights)"
    assert summary["agreement"]["items"] == 6 and summary["agreement"]["value"] is not None
    assert summary["first_last"]["participants"] == 1
    assert summary["first_last"]["last_mean"] > summary["first_last"]["first_mean"]
    with pytest.raises(PermissionDenied):
        selectors.class_simulation_summary(actor=peer, klass=rp.klass)


def test_practice_logs_every_choice_branches_and_credits_jp_once(world):
    course = CourseFactory(pemda=world.pemda, method="belajar_mandiri", jp=2, title="Belajar Mandiri Pelayanan")
    scenarios = library(world.pemda, practice_course=course)
    me = world.actor("participant")
    scenario = scenarios["KTP-DITOLAK"]
    run = services.practice_start(actor=me, scenario=scenario)
    assert run.current_step == "s1"
    with pytest.raises(PermissionDenied):
        services.practice_choose(actor=world.actor("supervisor"), run=run, step_key="s1", choice_key="b")
    run = services.practice_choose(actor=me, run=run, step_key="s1", choice_key="a")
    assert run.current_step == "s2_tegang"  # a poor start branches to the tense step (running score below 50)
    with pytest.raises(Conflict):  # the same form sent twice
        services.practice_choose(actor=me, run=run, step_key="s1", choice_key="a")
    run = services.practice_choose(actor=me, run=run, step_key="s2_tegang", choice_key="a")
    run = services.practice_choose(actor=me, run=run, step_key="s3", choice_key="a")
    assert run.status == "completed" and run.jp_credit is not None
    assert run.jp_credit.jp == Decimal("2") and run.jp_credit.source == "simulation"
    assert list(PracticeChoice.objects.filter(run=run).values_list("step_key", flat=True)) == ["s1", "s2_tegang", "s3"]
    again = services.practice_start(actor=me, scenario=scenario)
    for step, choice in (("s1", "b"), ("s2_tenang", "a"), ("s3", "a")):
        again = services.practice_choose(actor=me, run=again, step_key=step, choice_key=choice)
    assert again.status == "completed" and again.jp_credit is None  # counted once per scenario
    assert again.score > run.score
    assert JpCredit.objects.filter(employee=world.employees["kel_a1_staff"]).count() == 1
    assert_jp_totals_exact(world.pemda.pk)


def test_a_classical_course_is_refused_as_practice_credit(world):
    scenarios = library(world.pemda)
    with pytest.raises(ValidationFailed):
        services.scenario_update(
            actor=world.actor("admin"), scenario=scenarios["KTP-DITOLAK"], time_limit_minutes=10, is_active=True,
            practice_course=CourseFactory(pemda=world.pemda, method="workshop"),
        )  # fmt: skip


def test_competency_evidence_collects_roleplay_and_practice(world):
    rp = roleplay_class(world)
    p = _assign(world, rp)
    services.performance_act(actor=world.actor("instructor"), performance=p, action="start")
    services.performance_rate(actor=world.actor("instructor"), performance=p, ratings=_sheet(p, [4, 2, 3]))
    _employee, rows = selectors.competency_evidence(world.actor("participant"), world.employees["kel_a1_staff"].pk)
    by_name = {r.competency: r for r in rows}
    assert by_name["Komunikasi"].roleplay_mean == 4 and by_name["Pelayanan Publik"].roleplay_mean == 2
    from bina.core.errors import NotFound

    with pytest.raises(NotFound):
        selectors.competency_evidence(world.actor("peer"), world.employees["kel_a1_staff"].pk)


def test_the_command_loads_the_library_for_a_new_pemda(world):
    from io import StringIO

    from django.core.management import call_command

    from bina.competencies.services import competency_dictionary_load

    competency_dictionary_load(pemda=world.pemda)
    out = StringIO()
    call_command("load_simulation_scenarios", "--pemda", world.pemda.slug, stdout=out)
    assert out.getvalue().strip() == "alfa: 8 scenarios added"
    call_command("load_simulation_scenarios", "--pemda", world.pemda.slug, stdout=out)
    assert out.getvalue().strip().endswith("alfa: 0 scenarios added")


def test_the_class_evaluation_report_carries_the_role_play_section(world):
    from bina.evaluation.reports import class_report_sections

    rp = roleplay_class(world)
    instructor, peer = world.actor("instructor"), world.actor("peer")
    performance = _assign(world, rp, 1)
    services.performance_act(actor=instructor, performance=performance, action="start")
    services.performance_rate(actor=instructor, performance=performance, ratings=_sheet(performance, [2, 3, 4]))
    services.performance_rate(actor=peer, performance=performance, ratings=_sheet(performance, [2, 3, 3]))
    sections = {s.title: s for s in class_report_sections(world.actor("admin"), rp.klass)}
    roleplay = next(
        s for title, s in sections.items() if "role-play" in title.lower() or "bermain peran" in title.lower()
    )
    assert len(roleplay.rows) == 3 and {row[2] for row in roleplay.rows} == {"2,00", "3,00", "3,50"}
    # Whoever does not run the class's role-play reads the report without it, not a refusal.
    from bina.simulations.report import simulation_report_section

    assert simulation_report_section(world.actor("leader"), rp.klass) is None


def test_the_employee_profile_shows_the_simulation_evidence(world, client_as):
    from django.urls import reverse

    rp = roleplay_class(world)
    p = _assign(world, rp)
    services.performance_act(actor=world.actor("instructor"), performance=p, action="start")
    services.performance_rate(actor=world.actor("instructor"), performance=p, ratings=_sheet(p, [4, 2, 3]))
    officer = world.employees["kel_a1_staff"]
    page = client_as(world.users["admin"]).get(reverse("people:employee_detail", args=[officer.nip]))
    body = page.content.decode()
    assert page.status_code == 200 and 'id="simulation-evidence"' in body and "Komunikasi" in body
    # Someone without a simulation score has no such section.
    other = client_as(world.users["admin"]).get(
        reverse("people:employee_detail", args=[world.employees["camat_a"].nip])
    )
    assert 'id="simulation-evidence"' not in other.content.decode()
