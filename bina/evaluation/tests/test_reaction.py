"""The reaction survey (L1): opened for attendees only, answered once and anonymously, shown from 5 responses,
reminders that stop when answered."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone

from bina.core.actor import Actor
from bina.core.audit import AuditEvent
from bina.core.errors import Conflict, NotFound, PermissionDenied, ValidationFailed
from bina.evaluation import access, selectors, services
from bina.evaluation.factories import ended_class
from bina.evaluation.models import ReactionInvite, SessionRating
from bina.evaluation.models import Testimony as TestimonyRow
from bina.notifications.models import Notification
from bina.surveys.models import Response

pytestmark = pytest.mark.django_db

GOOD = {
    "relevance": "5",
    "material": "4",
    "method": "4",
    "facilities": "3",
    "organisation": "4",
    "overall": "5",
    "recommend": "ya",
}


def _actor_for(employee):
    return Actor(
        user_id=None,
        username="p",
        pemda_id=employee.pemda_id,
        employee_id=employee.pk,
        roles=frozenset({"participant"}),
    )


def _answer(ec, employee, **kw):
    invite = ec.invites[employee.pk]
    services.reaction_answer(
        actor=_actor_for(employee), invite=invite, values={**GOOD, **kw}, session_ratings={s.pk: 4 for s in ec.sessions}
    )


def test_only_attendees_are_invited_and_may_answer(world):
    ec = ended_class(world.pemda, world.units["bidang"], attendees=2, absent=1)
    absent = ec.enrolments[2].employee
    assert set(ec.invites) == {e.employee_id for e in ec.enrolments[:2]}
    # Someone who did not come has no invitation; an invitation whose attendance was later removed is refused.
    with pytest.raises(NotFound):
        access.get_invite_for_user(_actor_for(absent), 10**9)
    first = ec.enrolments[0]
    first.attendances.all().delete()
    with pytest.raises(PermissionDenied):
        _answer(ec, first.employee)
    assert Response.objects.count() == 0 and ReactionInvite.objects.filter(answered_at__isnull=False).count() == 0


def test_answer_is_anonymous_and_only_once(world):
    ec = ended_class(world.pemda, world.units["bidang"], attendees=1)
    employee = ec.enrolments[0].employee
    _answer(ec, employee, comment="Sangat bermanfaat")
    response = Response.objects.get()
    assert response.respondent_key == "" and str(employee.nip) not in str(response.__dict__)
    assert SessionRating.objects.filter(response=response).count() == 2
    # Nothing written with the answer carries its instant: the invitation says only "answered that day", and
    # no audit event names the person at that moment.
    answered = ReactionInvite.objects.get().answered_at
    assert (answered.hour, answered.minute, answered.second, answered.microsecond) == (0, 0, 0, 0)
    assert not AuditEvent.objects.filter(action__startswith="evaluation.").exists()
    with pytest.raises(Conflict):
        _answer(ec, employee)
    assert Response.objects.count() == 1


def test_a_refused_answer_changes_nothing(world):
    ec = ended_class(world.pemda, world.units["bidang"], attendees=1)
    employee = ec.enrolments[0].employee
    with pytest.raises(ValidationFailed):
        services.reaction_answer(
            actor=_actor_for(employee), invite=ec.invites[employee.pk], values=GOOD, session_ratings={}
        )
    assert Response.objects.count() == 0 and ReactionInvite.objects.get().answered_at is None


def test_results_hidden_at_four_shown_at_five(world):
    ec = ended_class(world.pemda, world.units["bidang"], attendees=5)
    admin = world.actor("admin")
    for enrolment in ec.enrolments[:4]:
        _answer(ec, enrolment.employee)
    r = selectors.class_reaction_results(admin, ec.klass)
    assert r.respondents == 4 and not r.visible and r.questions == [] and r.comments is None
    _answer(ec, ec.enrolments[4].employee, overall="3", comment="Ruangan panas")
    r = selectors.class_reaction_results(admin, ec.klass)
    assert r.visible and r.respondents == 5
    overall = next(q for q in r.questions if q.element == "overall")
    assert overall.summary.counts == (0, 0, 1, 0, 4) and overall.summary.mean == 4.6
    assert r.comments == ["Ruangan panas"]
    assert r.instructors[0].mean == 4.0 and r.instructors[0].answered == 10


def test_instructor_sees_aggregates_without_comments(world):
    ec = ended_class(world.pemda, world.units["bidang"], attendees=5)
    for enrolment in ec.enrolments:
        _answer(ec, enrolment.employee, comment="catatan")
    ec.sessions[0].instructor.user = world.users["instructor"]
    ec.sessions[0].instructor.save()
    instructor = world.actor("instructor")
    klass = access.get_results_class_for_user(instructor, ec.klass.pk)
    r = selectors.class_reaction_results(instructor, klass)
    assert r.visible and r.comments is None


def test_reminders_stop_when_answered(world):
    ec = ended_class(world.pemda, world.units["bidang"], attendees=2)
    system = Actor.system(world.pemda.pk)
    later = timezone.now() + timedelta(days=4)
    a, b = (e.employee for e in ec.enrolments)
    from bina.accounts.factories import UserFactory

    for e in (a, b):
        UserFactory(username=f"u{e.pk}", pemda=world.pemda, employee=e)
    _answer(ec, a)
    assert services.evaluation_reminders_send(actor=system, now=later) == 1
    assert services.evaluation_reminders_send(actor=system, now=later) == 0  # not again before reminder_days
    assert Notification.objects.filter(user__employee=b, kind="evaluation.reaction").count() == 1
    assert not Notification.objects.filter(user__employee=a).exists()


def test_testimony_published_only_when_approved_and_consented(world):
    ec = ended_class(world.pemda, world.units["bidang"], attendees=3)
    names = []
    for enrolment, consent in zip(ec.enrolments, ("name", "initials", "none"), strict=True):
        enrolment.employee.name = f"Rina {consent.title()} Wulandari"
        enrolment.employee.save()
        names.append(enrolment.employee.name)
        services.reaction_answer(
            actor=_actor_for(enrolment.employee),
            invite=ec.invites[enrolment.employee_id],
            values=GOOD,
            session_ratings={s.pk: 5 for s in ec.sessions},
            testimony=f"Lebih percaya diri ({consent})",
            consent=consent,
        )
    assert selectors.class_testimonies(ec.klass) == []  # nothing before curation
    admin = world.actor("admin")
    for t in TestimonyRow.objects.all():
        services.testimony_curate(actor=admin, testimony=t, status="approved")
    shown = {t.byline for t in selectors.class_testimonies(ec.klass)}
    assert shown == {names[0], "R.I.W."}
    public = selectors.portal_testimonies(Actor.public(world.pemda.pk))
    assert {t.byline for t in public} == shown
    with pytest.raises(PermissionDenied):
        services.testimony_curate(
            actor=world.actor("participant"), testimony=TestimonyRow.objects.first(), status="hidden"
        )
