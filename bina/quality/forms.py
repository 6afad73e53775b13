"""Forms of the catalogue and holiday pages; the rules (one SLA, bounds, unique code/date) are the services'."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from bina.people.models import OrgUnitKind
from bina.quality.models import Channel, HolidayKind
from bina.quality.services import SLA_MINUTES_MAX, SLA_WORKING_DAYS_MAX

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class ServiceTypeForm(forms.Form):
    code = forms.CharField(
        label=_("Code"), max_length=32, help_text=_("Letters, digits and dashes, e.g. KTP-EL; used in imports.")
    )
    name = forms.CharField(label=_("Name"), max_length=200)
    unit_kind = forms.ChoiceField(
        label=_("Owning unit kind"), choices=[("", "—"), *OrgUnitKind.choices], required=False
    )
    channels = forms.MultipleChoiceField(
        label=_("Channels"), choices=Channel.choices, widget=forms.CheckboxSelectMultiple, required=False
    )
    sla_minutes = forms.IntegerField(
        label=_("SLA in minutes"),
        min_value=1,
        max_value=SLA_MINUTES_MAX,
        required=False,
        help_text=_("For counter services finished while the citizen waits. Fill in this or working days."),
    )
    sla_working_days = forms.IntegerField(
        label=_("SLA in working days"),
        min_value=1,
        max_value=SLA_WORKING_DAYS_MAX,
        required=False,
        help_text=_("For documents issued later; Saturdays, Sundays and the holiday calendar do not count."),
    )
    sla_source = forms.CharField(
        label=_("Source of the SLA"),
        max_length=300,
        required=False,
        help_text=_("The service standard (standar pelayanan) the value comes from."),
    )
    is_active = forms.BooleanField(label=_("Active"), required=False, initial=True)

    def __init__(self, *args: Any, editing: bool = False, **kwargs: Any):
        super().__init__(*args, **kwargs)
        if editing:
            del self.fields["code"]  # the code is the key of imports and records: it does not change

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if (data.get("sla_minutes") is None) == (data.get("sla_working_days") is None) and not self.errors:
            raise forms.ValidationError(
                _("Give exactly one SLA: minutes (a counter service) or working days (a document issued later).")
            )
        return data


class HolidayForm(forms.Form):
    date = forms.DateField(label=_("Date"), widget=DATE)
    description = forms.CharField(label=_("Description"), max_length=200)
    kind = forms.ChoiceField(label=_("Kind"), choices=HolidayKind.choices, initial=HolidayKind.LOCAL.value)
