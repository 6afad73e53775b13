"""A test sitting's lifecycle as one transition table.

not started (Belum mulai) → start → in progress (Sedang dikerjakan) → submit → submitted (Menunggu penilaian)
→ grade → graded (Dinilai); in progress → expire → expired (Waktu habis) when the time limit passes (the
answers saved until then count) → grade → graded. A sitting whose answers are all scored automatically is
graded in the same step as its submission or expiry. On a finished sitting the instructor may allow a
retake: the participant's next start opens a new attempt, the latest attempt counts.

Services enforce this table (`bina.assessments.services.sitting_act` and the services it names); the
sitting and results pages show `actions_for` from it.
"""

from __future__ import annotations

from django.utils import timezone
from django.utils.translation import gettext_lazy

from bina.assessments import permissions
from bina.assessments.models import Sitting, SittingStatus
from bina.core.actor import Actor
from bina.core.errors import BinaError, Conflict
from bina.core.workflow import Transition, Workflow

S = SittingStatus

PARTICIPANT_ONLY = gettext_lazy("Only the participant can answer their own test.")
GRADERS_ONLY = gettext_lazy("Only the admin or an instructor of the class can do this.")
FINISHED = (S.SUBMITTED, S.GRADED, S.EXPIRED)


def _test_open(actor: Actor, sitting: Sitting) -> BinaError | None:
    if not sitting.test.is_open:
        return Conflict(gettext_lazy("This test is closed."), code="test_closed")
    return None


def _time_left(actor: Actor, sitting: Sitting) -> BinaError | None:
    if sitting.deadline_at is not None and timezone.now() > sitting.deadline_at:
        return Conflict(gettext_lazy("The time for this test is up."), code="time_up")
    return None


def _time_up(actor: Actor, sitting: Sitting) -> BinaError | None:
    if sitting.deadline_at is None or timezone.now() <= sitting.deadline_at:
        return Conflict(gettext_lazy("The time for this test is not up yet."), code="time_left")
    return None


def _grader(actor: Actor, sitting: Sitting) -> bool:
    return permissions.can_grade(actor, sitting.test.klass)


def _not_yet_allowed(actor: Actor, sitting: Sitting) -> BinaError | None:
    if sitting.retake_allowed or not sitting.is_current:
        return Conflict(gettext_lazy("A retake is already allowed."), code="retake_allowed")
    return None


def _closer(actor: Actor, sitting: Sitting) -> bool:
    # The clock (the periodic round acts as the system) or the class's instructor closes a sitting.
    return actor.is_system or _grader(actor, sitting)


SITTING_WORKFLOW: Workflow[Sitting] = Workflow(
    "assessment_sitting",
    state_of=lambda s: s.status,
    state_label=lambda s: str(SittingStatus(s).label),
    url_name="assessments:sitting_{action}",
    refused=gettext_lazy("This test sitting is %(status)s; that action is not possible now."),
    transitions={
        "start": Transition(
            sources=(S.NOT_STARTED,),
            target=S.IN_PROGRESS,
            permission=permissions.can_sit,
            denied=PARTICIPANT_ONLY,
            guards=(_test_open,),
            label=gettext_lazy("Start the test"),
            style="primary",
        ),
        "answer": Transition(
            sources=(S.IN_PROGRESS,),
            target=None,
            permission=permissions.can_sit,
            denied=PARTICIPANT_ONLY,
            guards=(_time_left,),
            label=gettext_lazy("Save the answer"),
        ),
        "submit": Transition(
            sources=(S.IN_PROGRESS,),
            target=S.SUBMITTED,
            permission=permissions.can_sit,
            denied=PARTICIPANT_ONLY,
            repeatable=True,  # a form sent twice submits once
            label=gettext_lazy("Submit the test"),
            style="primary",
            confirm=True,
        ),
        "expire": Transition(
            sources=(S.IN_PROGRESS,),
            target=S.EXPIRED,
            permission=_closer,
            denied=GRADERS_ONLY,
            guards=(_time_up,),
            label=gettext_lazy("Close: time is up"),
        ),
        "grade": Transition(
            sources=(S.SUBMITTED, S.EXPIRED),
            target=S.GRADED,
            permission=lambda actor, s: actor.is_system or _grader(actor, s),
            denied=GRADERS_ONLY,
            label=gettext_lazy("Grade"),
        ),
        "allow_retake": Transition(
            sources=FINISHED,
            target=None,
            permission=_grader,
            denied=GRADERS_ONLY,
            guards=(_not_yet_allowed,),
            label=gettext_lazy("Allow a retake"),
        ),
    },
)
