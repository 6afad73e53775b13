"""A complaint's handling as one transition table (SP4N-LAPOR!; Perpres 76/2013).

diterima → verify → diverifikasi → dispose (to a unit) → didisposisikan → follow-up → ditindaklanjuti →
close → selesai. At verification the admin may instead postpone (ditunda: details missing; verify resumes
it), answer "not our authority" (bukan wewenang) or archive (diarsipkan). A followed-up complaint whose filer
replies goes back to the unit (reopen); without a reply it closes after the Pemda's `close_days`
(`complaints_escalate` does that). Services enforce this table (`complaint_act`), selectors and the API
show `allowed_actions` from it.
"""

from __future__ import annotations

from django.utils.translation import gettext_lazy

from bina.complaints import permissions
from bina.complaints.models import Complaint, Stage
from bina.core.workflow import Transition, Workflow

S = Stage

ADMIN_ONLY = gettext_lazy("Only the Pemda's admin verifies and forwards complaints.")
HANDLERS_ONLY = gettext_lazy("Only the admin or an operator of the handling unit can do this.")

COMPLAINT_WORKFLOW: Workflow[Complaint] = Workflow(
    "complaint",
    state_of=lambda c: c.stage,
    state_label=lambda s: str(Stage(s).label),
    url_name="complaints:complaint_{action}",
    transitions={
        "verify": Transition(
            sources=(S.DITERIMA, S.DITUNDA),
            target=S.DIVERIFIKASI,
            permission=permissions.can_verify_complaint,
            denied=ADMIN_ONLY,
            label=gettext_lazy("Verify"),
            style="primary",
        ),
        "postpone": Transition(
            sources=(S.DITERIMA,),
            target=S.DITUNDA,
            permission=permissions.can_verify_complaint,
            denied=ADMIN_ONLY,
            label=gettext_lazy("Postpone"),
            reason_label=gettext_lazy("What is missing"),
        ),
        "reject": Transition(
            sources=(S.DITERIMA, S.DITUNDA),
            target=S.BUKAN_WEWENANG,
            permission=permissions.can_verify_complaint,
            denied=ADMIN_ONLY,
            label=gettext_lazy("Not our authority"),
            reason_label=gettext_lazy("Whose authority it is"),
        ),
        "archive": Transition(
            sources=(S.DITERIMA, S.DITUNDA),
            target=S.DIARSIPKAN,
            permission=permissions.can_verify_complaint,
            denied=ADMIN_ONLY,
            label=gettext_lazy("Archive"),
            reason_label=gettext_lazy("Why it is archived"),
        ),
        "dispose": Transition(
            sources=(S.DIVERIFIKASI,),
            target=S.DIDISPOSISIKAN,
            permission=permissions.can_verify_complaint,
            denied=ADMIN_ONLY,
            label=gettext_lazy("Forward to a unit"),
            style="primary",
        ),
        "follow-up": Transition(
            sources=(S.DIDISPOSISIKAN,),
            target=S.DITINDAKLANJUTI,
            permission=permissions.can_handle_complaint,
            denied=HANDLERS_ONLY,
            label=gettext_lazy("Record the follow-up"),
            style="primary",
            reason_label=gettext_lazy("Response to the filer"),
            reason_field="response",
        ),
        "reopen": Transition(
            sources=(S.DITINDAKLANJUTI,),
            target=S.DIDISPOSISIKAN,
            permission=permissions.can_handle_complaint,
            denied=HANDLERS_ONLY,
            label=gettext_lazy("The filer replied"),
            reason_label=gettext_lazy("The filer's reply"),
        ),
        "close": Transition(
            sources=(S.DITINDAKLANJUTI,),
            target=S.SELESAI,
            permission=permissions.can_handle_complaint,
            denied=HANDLERS_ONLY,
            label=gettext_lazy("Close"),
        ),
    },
)

# Actions that need words from the staff (the `reason_field` of their transition).
NEEDS_REASON = frozenset(name for name, t in COMPLAINT_WORKFLOW.transitions.items() if t.needs_reason)
