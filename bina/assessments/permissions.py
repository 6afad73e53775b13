"""One permission function per assessment action.

- The bank of a course: the BKPSDM admin, and the instructors (and partner coordinators) who teach a class of
  the course, write it.
- A class's tests, grading queue, retakes and results: who may see the class's participants (the admin and
  who teaches the class: `training.facade.can_view_participants`).
- A sitting: only the participant it belongs to answers it.
- A class's learning figures (counts, means, ⟨g⟩; no names): also the leader and the operator, who see the
  class in the leader's dashboard and the chain view.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from bina.training import facade

if TYPE_CHECKING:
    from bina.assessments.models import Sitting
    from bina.core.actor import Actor
    from bina.training.facade import Course, TrainingClass


def _same_pemda(actor: Actor, pemda_id: int | None) -> bool:
    return actor.pemda_id is not None and actor.pemda_id == pemda_id


def can_use_banks(actor: Actor) -> bool:
    """The question banks as a destination (navigation)."""
    return actor.pemda_id is not None and (actor.is_admin or actor.is_instructor or bool(actor.partner_ids))


def can_manage_bank(actor: Actor, course: Course) -> bool:
    if not _same_pemda(actor, course.pemda_id):
        return False
    if actor.is_admin:
        return True
    return facade.classes_taught_by(actor).filter(course_id=course.pk).exists()


def can_manage_tests(actor: Actor, klass: TrainingClass) -> bool:
    return _same_pemda(actor, klass.pemda_id) and facade.can_view_participants(actor, klass)


def can_grade(actor: Actor, klass: TrainingClass) -> bool:
    return can_manage_tests(actor, klass)


def can_view_results(actor: Actor, klass: TrainingClass) -> bool:
    return can_manage_tests(actor, klass)


def can_view_learning_figures(actor: Actor, klass: TrainingClass) -> bool:
    if not _same_pemda(actor, klass.pemda_id):
        return False
    return actor.is_leader or actor.is_operator or can_view_results(actor, klass)


def can_sit(actor: Actor, sitting: Sitting) -> bool:
    return (
        _same_pemda(actor, sitting.pemda_id)
        and actor.employee_id is not None
        and sitting.enrolment.employee_id == actor.employee_id
    )


def can_take_tests(actor: Actor) -> bool:
    """ "My tests" as a destination: every ASN."""
    return actor.pemda_id is not None and actor.employee_id is not None


def can_grade_anything(actor: Actor) -> bool:
    """The grading queue as a destination."""
    return actor.pemda_id is not None and (actor.is_admin or actor.is_instructor or bool(actor.partner_ids))


def can_import_test_scores(actor: Actor) -> bool:
    """Scores of classes run elsewhere are the BKPSDM's record: its admin imports them."""
    return actor.pemda_id is not None and actor.is_admin
