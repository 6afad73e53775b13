"""One permission function per evaluation action.

- The reaction survey is answered by the attendee it was opened for; its results are read by the admin, the
  leaders and operators (the Pemda's figures), and by the class's instructors and partner (aggregates only,
  never the free-text comments).
- Behaviour follow-ups are answered by the respondent they name; a participant's results are read by the
  participant, their supervisor and the admin.
- Testimonies are curated by the admin; settings and the instrument belong to the admin.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from bina.core.actor import Actor


def can_answer_surveys(actor: Actor) -> bool:
    return actor.pemda_id is not None and actor.employee_id is not None


def can_read_evaluation(actor: Actor) -> bool:
    """Evaluation results of the Pemda's classes (whole figures, comments included)."""
    return actor.pemda_id is not None and (actor.is_admin or actor.is_leader or actor.is_operator)


def can_read_taught_results(actor: Actor) -> bool:
    """Aggregates of the classes the actor teaches (instructor, partner coordinator)."""
    return actor.pemda_id is not None and (actor.is_instructor or bool(actor.partner_ids))


def can_open_results(actor: Actor) -> bool:
    return can_read_evaluation(actor) or can_read_taught_results(actor)


def can_read_comments(actor: Actor) -> bool:
    return can_read_evaluation(actor)


def can_manage_evaluation(actor: Actor) -> bool:
    return actor.pemda_id is not None and actor.is_admin


def can_download_class_report(actor: Actor) -> bool:
    return can_read_evaluation(actor)
