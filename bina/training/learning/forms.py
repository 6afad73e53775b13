"""Forms of the learning pages."""

from __future__ import annotations

from typing import Any

from django import forms
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from bina.people.forms import UnitChoiceField
from bina.people.models import OrgUnit


class DateInput(forms.DateInput):
    input_type = "date"


def _this_year() -> int:
    return timezone.localdate().year


class ExportForm(forms.Form):
    """The SIASN export: the year (this year by default) and a unit picked from the actor's own units."""

    year = forms.IntegerField(label=_("Year"), min_value=2000, max_value=2100, initial=_this_year)
    unit = UnitChoiceField(
        OrgUnit.objects.none(), label=_("Unit (with its sub-units)"), required=False, empty_label=_("All my units")
    )
    format = forms.ChoiceField(label=_("Format"), choices=[("csv", "CSV"), ("xlsx", "XLSX")], initial="xlsx")

    def __init__(self, *args: Any, units: QuerySet[OrgUnit], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = units  # type: ignore[attr-defined]
