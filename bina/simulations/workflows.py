"""A role-play performance's lifecycle as one transition table.

assigned (Ditugaskan) → start → performing (Sedang tampil) → close → scored (Dinilai) → debrief →
debriefed (Sudah debriefing). Observers rate while the performance runs and until it is debriefed (`rate`,
which keeps the state); closing needs every criterion rated by at least one observer. The runners of the
class (admin, its instructors) start, close and debrief; observers rate. Services enforce this table
(`bina.simulations.services`), selectors turn it into the page's buttons and the API's `allowed_actions`.
"""

from __future__ import annotations

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from bina.core.actor import Actor
from bina.core.errors import BinaError, Conflict
from bina.core.workflow import Transition, Workflow
from bina.simulations import permissions
from bina.simulations.models import Criterion, Performance, PerformanceStatus, Rating

S = PerformanceStatus

RUNNERS_ONLY = gettext_lazy("Only who teaches the class can do this.")


def _run(actor: Actor, p: Performance) -> bool:
    return permissions.can_run_roleplay(actor, p.klass)


def fully_rated(actor: Actor, p: Performance) -> BinaError | None:
    """Every criterion of the scenario has at least one observer's level."""
    criteria = set(Criterion.objects.filter(scenario_id=p.scenario_id).values_list("pk", flat=True))
    rated = set(Rating.objects.filter(performance=p).values_list("criterion_id", flat=True))
    if criteria - rated:
        return Conflict(
            _("Not every criterion has been scored yet (%(missing)s missing).") % {"missing": len(criteria - rated)},
            code="not_scored",
        )
    return None


PERFORMANCE_WORKFLOW: Workflow[Performance] = Workflow(
    "simulation_performance",
    state_of=lambda p: p.status,
    state_label=lambda s: str(PerformanceStatus(s).label),
    url_name="simulations:performance_{action}",
    refused=gettext_lazy("This performance is %(status)s; that action is not possible now."),
    transitions={
        "start": Transition(
            sources=(S.ASSIGNED,),
            target=S.PERFORMING,
            permission=_run,
            denied=RUNNERS_ONLY,
            label=gettext_lazy("Start"),
            style="primary",
        ),
        "rate": Transition(
            sources=(S.PERFORMING, S.SCORED),
            target=None,
            permission=permissions.can_observe,
            denied=gettext_lazy("Only the class's instructors and peers other than the officer score a performance."),
            label=gettext_lazy("Score"),
        ),
        "close": Transition(
            sources=(S.PERFORMING,),
            target=S.SCORED,
            permission=_run,
            denied=RUNNERS_ONLY,
            guards=(fully_rated,),
            repeatable=True,
            label=gettext_lazy("Close scoring"),
        ),
        "debrief": Transition(
            sources=(S.SCORED,),
            target=S.DEBRIEFED,
            permission=_run,
            denied=RUNNERS_ONLY,
            repeatable=True,
            label=gettext_lazy("Mark debriefed"),
        ),
    },
)

# Actions offered as buttons posting to their URL; "rate" is a form page of its own.
BUTTON_ACTIONS = ("start", "close", "debrief")
