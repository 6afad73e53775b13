"""One permission function per training action; they agree with the scoped querysets in `access`.

Roles (see README "Roles"): the BKPSDM admin runs the catalogue, classes and certificates; supervisors
nominate their (direct and indirect) reports; every ASN self-registers and sees their own learning;
instructors take attendance in the sessions they teach; a partner coordinator reads the classes its
institution organises and its instructors.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from bina.core.actor import Actor
    from bina.people.models import Employee
    from bina.training.classes.models import Enrolment, Session, TrainingClass


def _same_pemda(actor: Actor, pemda_id: int | None) -> bool:
    return actor.pemda_id is not None and actor.pemda_id == pemda_id


def can_manage_catalogue(actor: Actor) -> bool:
    """Programmes and courses belong to the BKPSDM (the competency dictionary: `bina.competencies.permissions`)."""
    return actor.pemda_id is not None and actor.is_admin


def can_manage_class(actor: Actor, klass: TrainingClass) -> bool:
    return _same_pemda(actor, klass.pemda_id) and actor.is_admin


def can_create_class(actor: Actor) -> bool:
    return actor.pemda_id is not None and actor.is_admin


def can_self_enrol(actor: Actor) -> bool:
    return actor.pemda_id is not None and actor.employee_id is not None


def can_nominate(actor: Actor, employee: Employee) -> bool:
    """A supervisor nominates their direct and indirect reports (never themselves)."""
    if not _same_pemda(actor, employee.pemda_id) or actor.employee_id is None or actor.employee_id == employee.pk:
        return False
    from bina.people.selectors import is_report_of

    return is_report_of(employee_id=employee.pk, supervisor_id=actor.employee_id)


def can_assign(actor: Actor, employee: Employee) -> bool:
    """Assignment (penugasan) is the BKPSDM admin's."""
    return _same_pemda(actor, employee.pemda_id) and actor.is_admin


def can_decide_enrolment(actor: Actor, enrolment: Enrolment) -> bool:
    """Approve or reject a pending request, record a no-show: the BKPSDM admin."""
    return _same_pemda(actor, enrolment.pemda_id) and actor.is_admin


def can_answer_nomination(actor: Actor, enrolment: Enrolment) -> bool:
    """Accept or decline a nomination: the nominee only."""
    return (
        _same_pemda(actor, enrolment.pemda_id)
        and actor.employee_id is not None
        and (actor.employee_id == enrolment.employee_id)
    )


def can_view_participants(actor: Actor, klass: TrainingClass) -> bool:
    """Who may see a class's participant list (page, XLSX/PDF, API): the admin, and who teaches the class.

    "Teaches": an instructor account with a session in the class, or a partner coordinator whose partner
    organises it or whose instructors teach in it. Everyone else who can see the class (participants,
    supervisors, operators, leaders, other instructors) is refused with 403 on every face; a class they
    cannot see at all is a 404 before this is asked.
    """
    if can_manage_class(actor, klass):
        return True
    if not _same_pemda(actor, klass.pemda_id) or not (actor.is_instructor or actor.partner_ids):
        return False
    from bina.training.access import classes_taught_by

    return classes_taught_by(actor).filter(pk=klass.pk).exists()


def can_withdraw(actor: Actor, enrolment: Enrolment) -> bool:
    """The enrollee withdraws themselves; an admin may withdraw anyone (with a reason)."""
    if not _same_pemda(actor, enrolment.pemda_id):
        return False
    return actor.is_admin or (actor.employee_id is not None and actor.employee_id == enrolment.employee_id)


def can_take_attendance(actor: Actor, session: Session) -> bool:
    """Admins, and the instructor of this very session (linked to the instructor's account)."""
    if not _same_pemda(actor, session.pemda_id):
        return False
    if actor.is_admin:
        return True
    instructor = session.instructor
    return instructor is not None and actor.user_id is not None and instructor.user_id == actor.user_id


def can_view_class_attendance(actor: Actor, klass: TrainingClass, sessions: list[Session] | None = None) -> bool:
    """Admins, and instructors who take attendance in at least one session of the class."""
    if can_manage_class(actor, klass):
        return True
    sessions = sessions if sessions is not None else list(klass.sessions.select_related("instructor"))
    return any(can_take_attendance(actor, s) for s in sessions)


def can_browse_catalogue(actor: Actor) -> bool:
    """The programme and course catalogue as a destination: those who plan, run or fund training.

    Participants and instructors reach a course from their class; the catalogue itself is no task of theirs.
    """
    return actor.pemda_id is not None and (
        actor.is_admin or actor.is_operator or actor.is_leader or actor.is_partner_coordinator
    )


def can_review_external(actor: Actor) -> bool:
    return actor.pemda_id is not None and actor.is_admin


def can_import_training_history(actor: Actor) -> bool:
    """Training history from before Bina (issue 11 §1) is the BKPSDM's record: its admin imports it."""
    return actor.pemda_id is not None and actor.is_admin


def can_submit_external(actor: Actor) -> bool:
    return actor.pemda_id is not None and actor.employee_id is not None


def can_view_jp_compliance(actor: Actor) -> bool:
    """Unit JP compliance: admin (whole Pemda), leader and operator (their subtrees)."""
    return actor.pemda_id is not None and (actor.is_admin or actor.is_leader or actor.is_operator)


def can_export_training_history(actor: Actor) -> bool:
    return actor.pemda_id is not None and (actor.is_admin or actor.is_operator)
