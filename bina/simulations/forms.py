"""Forms of the simulation pages; the querysets come from the view (already scoped), the rules from services."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy

from bina.people.models import Employee
from bina.simulations.models import Criterion, Scenario
from bina.simulations.services import MAX_NOTE
from bina.training.facade import Course, Session


class AssignForm(forms.Form):
    scenario: forms.ModelChoiceField[Scenario] = forms.ModelChoiceField(
        queryset=Scenario.objects.none(), label=gettext_lazy("Scenario")
    )
    round_no = forms.IntegerField(label=gettext_lazy("Round"), min_value=1, max_value=50, initial=1)
    officer: forms.ModelChoiceField[Employee] = forms.ModelChoiceField(
        queryset=Employee.objects.none(), label=gettext_lazy("Officer (participant)")
    )
    citizen_peer: forms.ModelChoiceField[Employee] = forms.ModelChoiceField(
        queryset=Employee.objects.none(), required=False, label=gettext_lazy("Citizen played by a peer")
    )
    citizen_actor = forms.CharField(required=False, max_length=120, label=gettext_lazy("…or by an actor (name)"))
    session: forms.ModelChoiceField[Session] = forms.ModelChoiceField(
        queryset=Session.objects.none(), required=False, label=gettext_lazy("Session")
    )

    def __init__(self, *args: Any, scenarios: Any, participants: Any, sessions: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for name, qs in (
            ("scenario", scenarios),
            ("officer", participants),
            ("citizen_peer", participants),
            ("session", sessions),
        ):
            field = self.fields[name]
            assert isinstance(field, forms.ModelChoiceField)
            field.queryset = qs


LEVEL_CHOICES = [(str(n), str(n)) for n in (1, 2, 3, 4)]


class RatingForm(forms.Form):
    """One level (1-4, radio buttons: thumb-sized on a phone) and a note per criterion of the rubric."""

    def __init__(self, *args: Any, criteria: list[Criterion], initial_levels: dict[int, Any], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.criteria = criteria
        for criterion in criteria:
            earlier = initial_levels.get(criterion.pk)
            self.fields[f"level_{criterion.pk}"] = forms.TypedChoiceField(
                choices=LEVEL_CHOICES,
                coerce=int,
                widget=forms.RadioSelect,
                label=criterion.name,
                required=False,
                initial=str(earlier.level) if earlier else None,
            )
            self.fields[f"note_{criterion.pk}"] = forms.CharField(
                required=False,
                max_length=MAX_NOTE,
                widget=forms.Textarea(attrs={"rows": 2}),
                label=gettext_lazy("Note"),
                initial=earlier.note if earlier else "",
            )

    def ratings(self) -> dict[int, tuple[int, str]]:
        out = {}
        for criterion in self.criteria:
            level = self.cleaned_data.get(f"level_{criterion.pk}")
            if level:
                out[criterion.pk] = (int(level), self.cleaned_data.get(f"note_{criterion.pk}", ""))
        return out

    def rows(self) -> list[tuple[Criterion, Any, Any]]:
        return [(c, self[f"level_{c.pk}"], self[f"note_{c.pk}"]) for c in self.criteria]


class ScenarioSettingsForm(forms.Form):
    """What the admin changes on a library scenario: its time limit, whether it is offered, the practice course."""

    time_limit_minutes = forms.IntegerField(label=gettext_lazy("Time limit (minutes)"), min_value=1, max_value=120)
    is_active = forms.BooleanField(label=gettext_lazy("Offered"), required=False)
    practice_course: forms.ModelChoiceField[Course] = forms.ModelChoiceField(
        queryset=Course.objects.none(),
        required=False,
        label=gettext_lazy("Course credited for practice"),
        help_text=gettext_lazy("A non-classical course: a completed practice counts once for its JP."),
    )

    def __init__(self, *args: Any, courses: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["practice_course"]
        assert isinstance(field, forms.ModelChoiceField)
        field.queryset = courses
