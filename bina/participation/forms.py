"""The campaign form: whom to reach, with what message, how often to remind, and whether to randomise."""

from __future__ import annotations

from typing import Any

from django import forms
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from bina.participation.services import LIMITS
from bina.people.forms import INDENT
from bina.people.models import OrgUnit, PositionKind


class UnitsField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        return f"{INDENT * obj.depth}{obj.name} ({obj.code})"


class CampaignForm(forms.Form):
    name = forms.CharField(label=_("Name"), max_length=200)
    message = forms.CharField(
        label=_("Message from the leader"),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=_("Why this training matters for the people reading it; it goes out in Bina and by email."),
    )
    signed_by = forms.CharField(label=_("Signed by"), max_length=200, help_text=_("e.g. Sekretaris Daerah"))
    units = UnitsField(
        queryset=OrgUnit.objects.none(),
        required=False,
        label=_("Units"),
        help_text=_("People in these units and the units under them; none: everyone in your reach."),
        widget=forms.SelectMultiple(attrs={"size": 8}),
    )
    position_kinds = forms.MultipleChoiceField(
        choices=PositionKind.choices,
        required=False,
        label=_("Position kinds"),
        widget=forms.CheckboxSelectMultiple,
        help_text=_("None ticked: every position kind."),
    )
    never_trained = forms.BooleanField(required=False, label=_("Only people never trained in two years"))
    declined_technology = forms.BooleanField(
        required=False, label=_("Only people who declined or missed a technology-based course this year")
    )
    randomised = forms.BooleanField(
        required=False,
        label=_("Randomised rollout"),
        help_text=_("Half of the group, drawn at random, is told first; the other half is the comparison."),
    )
    window_weeks = forms.IntegerField(
        label=_("Weeks to count enrolments"),
        min_value=LIMITS["window_weeks"][0],
        max_value=LIMITS["window_weeks"][1],
        initial=8,
    )
    reminder_days = forms.IntegerField(
        label=_("Days between reminders"),
        min_value=LIMITS["reminder_days"][0],
        max_value=LIMITS["reminder_days"][1],
        initial=7,
    )
    max_reminders = forms.IntegerField(
        label=_("Reminders at most"),
        min_value=LIMITS["max_reminders"][0],
        max_value=LIMITS["max_reminders"][1],
        initial=2,
    )
    sosialisasi_class = forms.ModelChoiceField(
        queryset=OrgUnit.objects.none(), required=False, label=_("Sosialisasi class"), empty_label=_("None")
    )

    def __init__(self, *args: Any, units: QuerySet[OrgUnit], classes: QuerySet[Any], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["units"].queryset = units  # type: ignore[attr-defined]
        self.fields["sosialisasi_class"].queryset = classes  # type: ignore[attr-defined]
