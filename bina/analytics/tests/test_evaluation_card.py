"""The leader's evaluation card and the chain's class step: the year's reaction (only classes with the minimum
of answers), learning gain and role-play figures, read from the evaluation apps' own selectors."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.utils import timezone

from bina.analytics.cards import evaluation_card
from bina.analytics.chain import class_steps
from bina.assessments.services import ScoreRow, class_scores_import
from bina.core.actor import Actor
from bina.evaluation.factories import ended_class
from bina.evaluation.services import reaction_answer
from bina.simulations import services as simulations
from bina.simulations.factories import roleplay_class
from bina.simulations.models import Criterion
from bina.training.classes.models import TrainingClass

pytestmark = pytest.mark.django_db

ANSWER = {"relevance": "5", "material": "4", "method": "4", "facilities": "3", "organisation": "4", "recommend": "ya"}


def _participant(employee) -> Actor:
    return Actor(user_id=None, username="p", pemda_id=employee.pemda_id, employee_id=employee.pk,
                 roles=frozenset({"participant"}))  # fmt: skip


def _answer_all(ec, overalls: list[str]) -> None:
    for enrolment, overall in zip(ec.enrolments, overalls, strict=True):
        reaction_answer(
            actor=_participant(enrolment.employee),
            invite=ec.invites[enrolment.employee_id],
            values={**ANSWER, "overall": overall},
            session_ratings={s.pk: 4 for s in ec.sessions},
        )


def _this_year(*classes) -> None:
    today = timezone.localdate()
    TrainingClass.objects.filter(pk__in=[k.pk for k in classes]).update(
        starts_on=today - dt.timedelta(days=2), ends_on=today
    )


def test_the_leaders_card_counts_only_classes_with_enough_answers_and_the_gain_and_role_play(world, client_as):
    shown = ended_class(world.pemda, world.units["bidang"], attendees=5)
    _answer_all(shown, ["5", "5", "5", "5", "3"])  # 4.6 from 5 answers
    hidden = ended_class(world.pemda, world.units["bidang"], attendees=4)
    _answer_all(hidden, ["1", "1", "1", "1"])  # 4 answers: below the minimum, not in the mean
    # Level 2: pre 40 → post 70 of 100 for two participants: ⟨g⟩ = 30 / 60 = 0.5, medium.
    admin = world.actor("admin")
    class_scores_import(
        actor=admin,
        klass=shown.klass,
        rows=[ScoreRow(e.pk, Decimal(40), Decimal(70), Decimal(100)) for e in shown.enrolments[:2]],
    )
    # Role-play: one performance scored by the instructor and a peer.
    rp = roleplay_class(world)
    performance = simulations.performance_assign(
        actor=world.actor("instructor"), klass=rp.klass, scenario=rp.scenarios["KTP-DITOLAK"],
        officer=world.employees["kel_a1_staff"], round_no=1, citizen_peer=rp.peer,
    )  # fmt: skip
    simulations.performance_act(actor=world.actor("instructor"), performance=performance, action="start")
    criteria = list(Criterion.objects.filter(scenario=performance.scenario).order_by("order"))
    for persona, levels in (("instructor", [3, 2, 4]), ("peer", [3, 2, 3])):
        simulations.performance_rate(
            actor=world.actor(persona), performance=performance,
            ratings={c.pk: (level, "") for c, level in zip(criteria, levels, strict=True)},
        )  # fmt: skip
    _this_year(shown.klass, hidden.klass, rp.klass)

    card = evaluation_card(world.actor("leader"), world.users["leader"])
    assert card is not None and card["classes"] == 3
    reaction = card["reaction"]
    assert (reaction.responses, reaction.overall, reaction.hidden) == (5, pytest.approx(4.6), 1)
    assert (card["learning"]["classes"], card["learning"]["participants"]) == (1, 2)
    assert card["learning"]["mean_gain"] == pytest.approx(0.5) and card["learning"]["band"] == "medium"
    assert card["simulations"].scored == 1 and card["simulations"].performances == 1
    assert [kind for kind, _value in card["simulations"].agreement] == ["kappa"]
    # Not for a participant; not the other Pemda's classes.
    assert evaluation_card(world.actor("participant"), world.users["participant"]) is None
    home = client_as(world.users["leader"]).get("/").content.decode()
    assert "h-evaluation-card" in home and "4,60" in home and "0,50" in home


def test_the_chain_lists_the_classes_of_the_training_set_with_their_figures(world):
    shown = ended_class(world.pemda, world.units["bidang"], attendees=5)
    _answer_all(shown, ["4", "4", "4", "4", "4"])
    other = ended_class(world.pemda, world.units["bidang"], attendees=1)  # another course: not in the set
    today = timezone.localdate()
    steps = class_steps(
        world.actor("admin"), trainings=(shown.klass.course.code,), first_day=today - dt.timedelta(days=30),
        last_day=today,
    )  # fmt: skip
    assert [(s.code, s.reaction_responses, s.reaction_overall, s.gain) for s in steps] == [
        (shown.klass.code, 5, 4.0, None)
    ]
    assert other.klass.code not in {s.code for s in steps}
    assert class_steps(world.actor("participant"), trainings=(shown.klass.course.code,),
                       first_day=today - dt.timedelta(days=30), last_day=today)[0].reaction_overall is None  # fmt: skip
