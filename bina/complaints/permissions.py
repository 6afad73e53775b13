"""One permission function per complaint action.

- Reading: the Pemda's admin (whole Pemda), operators and leaders (complaints forwarded to a unit of their
  subtree; leaders only read). The reach itself is `bina.complaints.access.complaints_for`.
- Verification outcomes and forwarding (disposisi) are the admin's (SP4N-LAPOR!: the admin verifies and
  forwards within 3 working days).
- Follow-up, recording the filer's reply and closing: the admin, or an operator whose write reach covers the
  unit the complaint was forwarded to. Notes: the same people.
- Filing on behalf of a citizen: admins and operators. Settings: the admin.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from bina.complaints.models import Complaint
    from bina.core.actor import Actor


def can_read_complaints(actor: Actor) -> bool:
    return actor.pemda_id is not None and not actor.read_reach().is_empty


def can_file_complaint(actor: Actor) -> bool:
    return actor.pemda_id is not None and not actor.write_reach().is_empty


def can_manage_complaint_settings(actor: Actor) -> bool:
    return actor.pemda_id is not None and actor.is_admin


def can_verify_complaint(actor: Actor, complaint: Complaint) -> bool:
    return actor.pemda_id is not None and actor.pemda_id == complaint.pemda_id and actor.is_admin


def can_handle_complaint(actor: Actor, complaint: Complaint) -> bool:
    if actor.pemda_id is None or actor.pemda_id != complaint.pemda_id:
        return False
    if actor.is_admin:
        return True
    unit = complaint.disposed_unit
    return unit is not None and actor.write_reach().covers(unit.path)
