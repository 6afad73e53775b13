"""Sittings end to end through the services: forms, autosave, submit, expiry, grading, retake, the post-test
score reaching the enrolment, and refusals that change nothing."""

from datetime import timedelta
from decimal import Decimal

import pytest
from django.utils import timezone

from bina.assessments import selectors, services
from bina.assessments.factories import build_setup, essay_item, extra_employees
from bina.assessments.models import Answer, ClassScore, Question, Sitting, SittingStatus, Test
from bina.assessments.services import TestsInput
from bina.assessments.workflows import SITTING_WORKFLOW
from bina.core.actor import Actor
from bina.core.errors import Conflict, PermissionDenied, ValidationFailed
from bina.training.classes.models import Enrolment

S = SittingStatus


def _blueprint(setup, n: int = 2):
    return {(c.pk, d): n for c in setup.competencies for d in ("easy", "hard")}


def _right_choice(question: Question) -> int:
    return next(c.pk for c in question.choices.all() if c.fraction > 0)


def _wrong_choice(question: Question) -> int:
    return next(c.pk for c in question.choices.all() if c.fraction <= 0)


@pytest.fixture
def setup(world):
    return build_setup(world)


def test_tests_are_parallel_disjoint_forms(world, setup) -> None:
    created = services.tests_create(
        actor=world.actor("instructor"), klass=setup.klass, data=TestsInput(_blueprint(setup), 20, seed=3)
    )
    pre = set(created.pre.items.values_list("question_id", flat=True))
    post = set(created.post.items.values_list("question_id", flat=True))
    assert len(pre) == len(post) == 8 and pre.isdisjoint(post)
    cells = lambda ids: sorted(Question.objects.filter(pk__in=ids).values_list("competency_id", "difficulty"))  # noqa: E731
    assert cells(pre) == cells(post)
    with pytest.raises(Conflict):
        services.tests_create(actor=world.actor("admin"), klass=setup.klass, data=TestsInput(_blueprint(setup)))


def test_refusals_change_nothing(world, setup) -> None:
    for persona in ("participant", "leader", "operator"):
        with pytest.raises(PermissionDenied):
            services.tests_create(actor=world.actor(persona), klass=setup.klass, data=TestsInput(_blueprint(setup)))
    with pytest.raises(ValidationFailed) as exc:
        services.tests_create(actor=world.actor("admin"), klass=setup.klass, data=TestsInput(_blueprint(setup, 5)))
    assert exc.value.code == "bank_too_small"
    assert not Test.objects.exists()


def test_sitting_journey_scores_and_feeds_post_test(world, setup) -> None:
    created = services.tests_create(actor=world.actor("admin"), klass=setup.klass, data=TestsInput(_blueprint(setup)))
    me = world.actor("participant")
    for test, right in ((created.pre, 2), (created.post, 7)):
        sitting = services.test_start(actor=me, test=test)
        assert sitting.status == S.IN_PROGRESS and sitting.max_score == 8
        for i, item in enumerate(test.items.select_related("question").order_by("position")):
            q = item.question
            pick = _right_choice(q) if i < right else _wrong_choice(q)
            services.answer_save(actor=me, sitting=sitting, question_id=q.pk, choice_ids=[_wrong_choice(q)])
            services.answer_save(actor=me, sitting=sitting, question_id=q.pk, choice_ids=[pick])  # changed mind
        assert Answer.objects.filter(sitting=sitting).count() == 8
        done = services.sitting_submit(actor=me, sitting=sitting)
        assert done.status == S.GRADED and done.score == right
        assert services.sitting_submit(actor=me, sitting=done).status == S.GRADED  # sent twice
    score = ClassScore.objects.get(enrolment=setup.enrolments[0])
    assert (score.pre, score.post) == (Decimal("25.00"), Decimal("87.50"))
    assert Enrolment.objects.get(pk=setup.enrolments[0].pk).post_test_score == Decimal("87.50")
    summary = selectors.class_learning_summary(actor=world.actor("instructor"), klass=setup.klass)
    assert summary.class_gain == pytest.approx((87.5 - 25) / 75)
    assert summary.rows[0].band == "high"
    leader = selectors.class_learning_summary(actor=world.actor("leader"), klass=setup.klass)
    assert leader.paired == 1 and leader.rows == ()
    with pytest.raises(PermissionDenied):
        selectors.class_learning_summary(actor=world.actor("participant"), klass=setup.klass)


def test_one_sitting_unless_retake_allowed(world, setup) -> None:
    created = services.tests_create(actor=world.actor("admin"), klass=setup.klass, data=TestsInput(_blueprint(setup)))
    me = world.actor("participant")
    first = services.sitting_submit(actor=me, sitting=services.test_start(actor=me, test=created.pre))
    with pytest.raises(Conflict):
        services.test_start(actor=me, test=created.pre)
    with pytest.raises(PermissionDenied):
        services.sitting_allow_retake(actor=me, sitting=first)
    services.sitting_allow_retake(actor=world.actor("instructor"), sitting=first)
    second = services.test_start(actor=me, test=created.pre)
    assert second.attempt == 2 and second.is_current
    assert not Sitting.objects.get(pk=first.pk).is_current


def test_only_the_participant_answers(world, setup) -> None:
    created = services.tests_create(actor=world.actor("admin"), klass=setup.klass, data=TestsInput(_blueprint(setup)))
    sitting = services.test_start(actor=world.actor("participant"), test=created.pre)
    q = created.pre.items.first().question
    for persona in ("admin", "instructor", "supervisor"):
        with pytest.raises(PermissionDenied):
            services.answer_save(actor=world.actor(persona), sitting=sitting, question_id=q.pk, choice_ids=[])
    with pytest.raises(PermissionDenied):
        services.test_start(actor=world.actor("supervisor"), test=created.pre)  # not enrolled
    other_q = Question.objects.exclude(pk__in=created.pre.items.values("question_id")).first()
    with pytest.raises(ValidationFailed):
        services.answer_save(actor=world.actor("participant"), sitting=sitting, question_id=other_q.pk)
    assert not Answer.objects.exists()


def test_time_up_expires_and_keeps_saved_answers(world, setup) -> None:
    created = services.tests_create(actor=world.actor("admin"), klass=setup.klass, data=TestsInput(_blueprint(setup)))
    me = world.actor("participant")
    sitting = services.test_start(actor=me, test=created.pre)
    q = created.pre.items.first().question
    services.answer_save(actor=me, sitting=sitting, question_id=q.pk, choice_ids=[_right_choice(q)])
    Sitting.objects.filter(pk=sitting.pk).update(deadline_at=timezone.now() - timedelta(minutes=5))
    sitting.refresh_from_db()
    with pytest.raises(Conflict):
        services.answer_save(actor=me, sitting=sitting, question_id=q.pk, choice_ids=[_wrong_choice(q)])
    assert services.sittings_expire_due(actor=Actor.system(world.pemda.pk)) == 1
    sitting.refresh_from_db()
    assert sitting.status == S.GRADED and sitting.timed_out and sitting.score == 1


def test_essay_waits_in_the_grading_queue(world, setup) -> None:
    services.bank_items_add(
        actor=world.actor("instructor"),
        course=setup.course,
        items=[essay_item(), essay_item("Uraikan.")],
        source="form",
    )
    essays = list(Question.objects.filter(kind="essay"))
    blueprint = {**_blueprint(setup, 1), (0, "medium"): 1}
    created = services.tests_create(actor=world.actor("admin"), klass=setup.klass, data=TestsInput(blueprint))
    me = world.actor("participant")
    sitting = services.test_start(actor=me, test=created.post)
    essay = next(q for q in essays if created.post.items.filter(question=q).exists())
    services.answer_save(actor=me, sitting=sitting, question_id=essay.pk, text="Dengan empati.")
    sitting = services.sitting_submit(actor=me, sitting=sitting)
    assert sitting.status == S.SUBMITTED
    queue = selectors.grading_queue(world.actor("instructor"))
    assert [a.question_id for a in queue] == [essay.pk]
    assert selectors.grading_queue(world.actor("participant")) == []
    with pytest.raises(ValidationFailed):
        services.answer_grade(actor=world.actor("instructor"), answer=queue[0], score=Decimal(5))
    with pytest.raises(PermissionDenied):
        services.answer_grade(actor=world.actor("participant"), answer=queue[0], score=Decimal(3))
    services.answer_grade(actor=world.actor("instructor"), answer=queue[0], score=Decimal(3))
    sitting.refresh_from_db()
    assert sitting.status == S.GRADED and sitting.score == 3 and sitting.max_score == 8
    assert Enrolment.objects.get(pk=setup.enrolments[0].pk).post_test_score == Decimal("37.50")


def test_workflow_table_matches_services(world, setup) -> None:
    created = services.tests_create(actor=world.actor("admin"), klass=setup.klass, data=TestsInput(_blueprint(setup)))
    me = world.actor("participant")
    sitting = services.test_start(actor=me, test=created.pre)
    assert SITTING_WORKFLOW.allowed_actions(sitting, me) == ["answer", "submit"]
    assert "expire" not in SITTING_WORKFLOW.allowed_actions(sitting, world.actor("instructor"))  # time left
    with pytest.raises(Conflict):
        services.sitting_expire(actor=world.actor("instructor"), sitting=sitting)
    sitting = services.sitting_submit(actor=me, sitting=sitting)
    assert SITTING_WORKFLOW.allowed_actions(sitting, world.actor("instructor")) == ["allow_retake"]
    assert SITTING_WORKFLOW.allowed_actions(sitting, me) == []


def test_bank_import_refuses_a_competency_the_course_does_not_target(world, setup) -> None:
    from bina.assessments.interchange import gift_parse

    items = gift_parse("::A:: Benar? {T}\n\n::B:: Dua? {=2}")
    items[0].competency_code = "NOPE"
    before = Question.objects.count()
    with pytest.raises(ValidationFailed) as exc:
        services.bank_items_add(actor=world.actor("admin"), course=setup.course, items=items, source="gift")
    assert exc.value.details[0]["item"] == 1
    assert Question.objects.count() == before
    items[0].competency_code = setup.competencies[0].code
    added = services.bank_items_add(actor=world.actor("admin"), course=setup.course, items=items, source="gift")
    assert [q.kind for q in added] == ["truefalse", "short"]


def test_class_figures_with_many_participants(world) -> None:
    people = extra_employees(world, 3)
    setup = build_setup(world, participants=people)
    for e, (pre, post) in zip(setup.enrolments, ((40, 70), (100, 100), (20, None)), strict=True):
        ClassScore.objects.create(pemda=world.pemda, klass=setup.klass, enrolment=e, pre=pre, post=post)
    figures = selectors.classes_learning_figures(actor=world.actor("admin"), classes=[setup.klass])
    s = figures[setup.klass.pk]
    assert (s.participants, s.with_pre, s.with_post, s.paired, s.undefined_gains) == (3, 3, 2, 2, 1)
    assert s.mean_individual_gain == pytest.approx(0.5)
    assert s.class_gain == pytest.approx((85 - 70) / 30)


def test_periodic_round_closes_sittings_whose_time_is_up(world, setup) -> None:
    from io import StringIO

    from django.core.management import call_command

    created = services.tests_create(actor=world.actor("admin"), klass=setup.klass, data=TestsInput(_blueprint(setup)))
    sitting = services.test_start(actor=world.actor("participant"), test=created.pre)
    Sitting.objects.filter(pk=sitting.pk).update(deadline_at=timezone.now() - timedelta(minutes=2))
    out = StringIO()
    call_command("run_periodic", "--once", "--only", "assessments.expire", stdout=out)
    sitting.refresh_from_db()
    assert sitting.status == S.GRADED and sitting.timed_out and sitting.score == 0
    assert "expired=1" in out.getvalue()
