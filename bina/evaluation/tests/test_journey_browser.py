"""The participant's whole journey through one class, on a phone (390×844) in real Chromium, as issue 12 asks:
pre-test (autosaved answers) → sessions (marked present) → role-play scored by two observers (the debrief
page) → post-test (the gain) → reaction survey once the last session has ended (stored anonymously) →
behaviour follow-up 12 weeks after completion, compared with the baseline given at enrolment.

What the participant does not do (the instructor taking attendance and scoring, the periodic round opening the
questionnaires) goes through the services; what the participant does goes through the pages."""

from __future__ import annotations

import re
from datetime import timedelta
from typing import Any

import pytest
from django.conf import settings
from django.utils import timezone
from playwright.sync_api import Page, expect

from bina.assessments import selectors as assessment_selectors
from bina.assessments import services as assessment_services
from bina.assessments.factories import choice_question
from bina.assessments.models import Answer, Sitting
from bina.core.actor import Actor
from bina.evaluation import selectors as evaluation_selectors
from bina.evaluation import services as evaluation_services
from bina.evaluation.models import BehaviourSurvey, ReactionInvite
from bina.simulations import services as simulation_services
from bina.simulations.factories import roleplay_class
from bina.simulations.models import Criterion
from bina.surveys.models import Response
from bina.tests.crawl import log_in
from bina.training.attendance.models import Attendance
from bina.training.attendance.services import attendance_mark_bulk
from bina.training.catalogue.models import CourseCompetency
from bina.training.classes.models import ClassStatus, Enrolment, EnrolmentStatus

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _sit(page: Page, test_pk: int, right: int) -> Sitting:
    """Start the test from "My tests", answer the first `right` questions right and the rest wrong, submit."""
    page.goto("/assessments/")
    page.locator(f"form[action$='/tests/{test_pk}/start/'] button").click()
    expect(page).to_have_url(re.compile(r"/assessments/sittings/\d+/$"))
    sitting = Sitting.objects.get(test_id=test_pk, status="in_progress")
    items = list(sitting.test.items.order_by("position"))
    for n, item in enumerate(items):
        card = page.locator(f"#q{item.question_id}")
        card.get_by_label("Benar" if n < right else "Salah").check()
        expect(card.locator(".saved")).to_be_visible()  # autosaved (htmx) before anything is submitted
    assert Answer.objects.filter(sitting=sitting).count() == len(items)
    page.get_by_role("button", name="Submit the test").click()
    page.locator("form [type=submit]").filter(has_text="Submit the test").last.click()
    expect(page.locator("[data-sitting-status]")).to_have_text("Graded")
    sitting.refresh_from_db()
    return sitting


def _no_overflow(page: Page) -> None:
    overflow = page.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth")
    assert overflow <= 1, (page.url, overflow)


def test_the_participants_journey_on_a_phone(browser_page, live_server, world, password) -> None:
    system = Actor.system(world.pemda.pk, label="test")
    admin, instructor = world.actor("admin"), world.actor("instructor")
    me = world.employees["kel_a1_staff"]
    # A running class (started two days ago, its one session ended yesterday) with a role-play scenario library,
    # two target competencies, a bank for two parallel forms of two questions each.
    rp = roleplay_class(world, name="Angkatan Perjalanan")
    peer = world.actor("peer")
    klass: Any = rp.klass
    today = timezone.localdate()
    type(klass).objects.filter(pk=klass.pk).update(
        status=ClassStatus.RUNNING, starts_on=today - timedelta(days=2), ends_on=today - timedelta(days=1)
    )
    yesterday = timezone.now() - timedelta(days=1)
    type(rp.session).objects.filter(pk=rp.session.pk).update(
        starts_at=yesterday - timedelta(hours=4), ends_at=yesterday
    )
    klass.refresh_from_db()
    course = klass.course
    type(course).objects.filter(pk=course.pk).update(has_post_test=True, min_post_test_score=60)
    scenario = rp.scenarios["KTP-DITOLAK"]
    criteria = list(Criterion.objects.filter(scenario=scenario).order_by("order"))
    competencies = list(dict.fromkeys(c.competency for c in criteria))[:2]
    for c in competencies:
        CourseCompetency.objects.create(course=course, competency=c, target_level=2)
    for n, c in enumerate(competencies * 2):
        choice_question(course, c, "easy", n)
    tests = assessment_services.tests_create(
        actor=admin,
        klass=klass,
        data=assessment_services.TestsInput({(c.pk, "easy"): 1 for c in competencies}, 20),
    )
    assessment_services.test_open_set(actor=instructor, test=tests.post, is_open=False)  # opened after the class
    # At enrolment the periodic round opens the behaviour baseline; the participant rates themself 2 everywhere.
    evaluation_services.behaviour_surveys_open(actor=system)
    baseline = BehaviourSurvey.objects.get(
        enrolment__klass=klass, enrolment__employee=me, stage="baseline", rater="self"
    )
    evaluation_services.behaviour_answer(
        actor=world.actor("participant"), survey=baseline, values={c.pk: 2 for c in competencies}
    )

    page = browser_page
    page.context.add_cookies([{"name": settings.LANGUAGE_COOKIE_NAME, "value": "en", "url": live_server.url}])
    log_in(page, world.users["participant"].username, password)

    # 1. The pre-test: one of two right.
    pre = _sit(page, tests.pre.pk, right=1)
    assert pre.status == "graded" and pre.score == 1
    _no_overflow(page)

    # 2. The sessions: the instructor marks the participant present.
    enrolment = Enrolment.objects.get(klass=klass, employee=me)
    attendance_mark_bulk(actor=instructor, session=rp.session, marks={enrolment.pk: "present"})
    assert Attendance.objects.get(session=rp.session, enrolment=enrolment).status == "present"

    # 3. The role-play: the participant plays the officer, the instructor and a peer observe and score.
    performance = simulation_services.performance_assign(
        actor=instructor, klass=klass, scenario=scenario, officer=me, round_no=1, citizen_peer=rp.peer,
        session=rp.session,
    )  # fmt: skip
    simulation_services.performance_act(actor=instructor, performance=performance, action="start")
    for observer, levels in ((instructor, [3, 2, 4]), (peer, [3, 2, 3])):
        sheet = {c.pk: (level, f"catatan {c.key}") for c, level in zip(criteria, levels, strict=True)}
        simulation_services.performance_rate(actor=observer, performance=performance, ratings=sheet)
    simulation_services.performance_act(actor=instructor, performance=performance, action="close")
    simulation_services.performance_act(actor=instructor, performance=performance, action="debrief")
    page.goto(f"/simulations/kelas/{klass.pk}/peserta/{me.pk}/")
    expect(page.get_by_role("heading", name=f"Debrief: {me.name}")).to_be_visible()
    round_card = page.get_by_role("region", name=re.compile(r"Round 1"))
    expect(round_card).to_contain_text("2 observers")
    expect(round_card).to_contain_text("catatan komunikasi")
    expect(round_card.get_by_role("heading", name="What to practise")).to_be_visible()
    _no_overflow(page)

    # 4. The post-test, opened after the class: both right; the gain is (100 - 50) / (100 - 50) = 1.
    assessment_services.test_open_set(actor=instructor, test=tests.post, is_open=True)
    post = _sit(page, tests.post.pk, right=2)
    assert post.score == 2
    gain = assessment_selectors.class_learning_summary(actor=admin, klass=klass)
    assert (gain.paired, gain.mean_pre, gain.mean_post, gain.class_gain) == (1, 50.0, 100.0, 1.0)

    # 5. The reaction survey, opened once the last session has ended: answered from "My evaluations".
    evaluation_services.reaction_surveys_open(actor=system)
    page.goto("/evaluation/")
    page.get_by_role("link", name=course.title).click()
    expect(page.get_by_text(re.compile("anonymous", re.I)).first).to_be_visible()
    for fieldset in page.locator("form.survey-form fieldset").all():
        radios = fieldset.locator("input[type=radio]")
        if radios.count() and fieldset.locator("input[name=consent]").count() == 0:
            radios.nth(radios.count() - 2 if radios.count() == 5 else 0).check()
    _no_overflow(page)
    page.get_by_role("button", name="Send my answers").click()
    expect(page.get_by_text("Thank you: your answers were recorded anonymously.")).to_be_visible()
    invite = ReactionInvite.objects.get(survey__klass=klass, employee=me)
    response = Response.objects.get(campaign_id=invite.survey.campaign_id)
    assert invite.answered_at is not None and response.respondent_key == ""
    reaction = evaluation_selectors.class_reaction_results(admin, klass)
    assert (reaction.respondents, reaction.invited, reaction.visible) == (1, 1, False)  # one answer: not shown

    # 6. Twelve weeks after completion the periodic round opens the follow-up; the participant rates 4.
    Enrolment.objects.filter(pk=enrolment.pk).update(
        status=EnrolmentStatus.COMPLETED, completed_at=timezone.now() - timedelta(weeks=12, days=1)
    )
    evaluation_services.behaviour_surveys_open(actor=system)
    page.goto("/evaluation/")
    expect(page.get_by_role("link", name=course.title)).to_have_count(1)  # the reaction survey is gone
    page.get_by_role("link", name=course.title).click()
    expect(page).to_have_url(re.compile(r"/evaluation/followup/\d+/$"))
    for c in competencies:
        page.locator(f"input[name=competency_{c.pk}][value='4']").check()
    _no_overflow(page)
    page.get_by_role("button", name="Send my answers").click()
    expect(page.get_by_text("Thank you: your answers were recorded.")).to_be_visible()
    page.get_by_role("link", name=me.name).click()
    behaviour = page.get_by_role("region", name="Behaviour (level 3)")
    expect(behaviour.locator("tbody tr")).to_have_count(len(competencies))
    # the participant's own baseline, follow-up and change; no supervisor has answered yet
    first_row = behaviour.locator("tbody tr").first.locator("td")
    expect(first_row).to_have_text([re.compile(".+"), "2", "4", "2", "–", "–", "–"])
    rows = evaluation_selectors.enrolment_behaviour_results(admin, enrolment).rows
    assert [(r.self_change.baseline, r.self_change.followup, r.self_change.delta) for r in rows] == [
        (2.0, 4.0, 2.0)
    ] * len(competencies)
