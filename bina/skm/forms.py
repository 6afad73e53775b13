"""The public SKM form, built from the questionnaire version's questions (radio buttons, no JavaScript)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import Any

from django import forms
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from bina.people.forms import UnitChoiceField
from bina.people.models import OrgUnit
from bina.skm.models import WeightMode
from bina.surveys.models import Question, QuestionKind

SERVICE_FIELD = "layanan"
TICKET_FIELD = "t"


class SkmForm(forms.Form):
    """One field per question, named by its element code; the scale shows the element's own wording."""

    def __init__(
        self,
        *args: Any,
        questions: Sequence[Question],
        services: Sequence[tuple[str, str]],
        fixed_service: str = "",
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.questions = list(questions)
        if not fixed_service:
            self.fields[SERVICE_FIELD] = forms.ChoiceField(
                label=_("Which service did you use?"),
                choices=[("", _("Choose a service")), *services],
                required=False,
            )
        for q in self.questions:
            if q.kind == QuestionKind.SCALE:
                choices = [(str(v), f"{v}. {label}") for v, label in enumerate(q.options, start=1)]
                self.fields[q.element] = forms.ChoiceField(
                    label=q.text, choices=choices, widget=forms.RadioSelect, required=False
                )
            elif q.kind == QuestionKind.CHOICE:
                self.fields[q.element] = forms.ChoiceField(
                    label=q.text,
                    choices=[("", _("Prefer not to say")), *[(str(c), str(lbl)) for c, lbl in q.options]],
                    required=False,
                )
            else:
                self.fields[q.element] = forms.CharField(
                    label=q.text, widget=forms.Textarea(attrs={"rows": 4}), max_length=2000, required=False
                )
        self.fields[TICKET_FIELD] = forms.CharField(widget=forms.HiddenInput, required=False, max_length=500)

    def scale_fields(self) -> list[forms.BoundField]:
        return [self[q.element] for q in self.questions if q.kind == QuestionKind.SCALE]

    def profile_fields(self) -> list[forms.BoundField]:
        return [self[q.element] for q in self.questions if q.kind == QuestionKind.CHOICE]

    def text_fields(self) -> list[forms.BoundField]:
        return [self[q.element] for q in self.questions if q.kind == QuestionKind.TEXT]

    def values(self) -> dict[str, Any]:
        return {q.element: self.cleaned_data.get(q.element) for q in self.questions}


def _semester_bounds(today: dt.date) -> tuple[dt.date, dt.date]:
    if today.month <= 6:
        return dt.date(today.year, 1, 1), dt.date(today.year, 6, 30)
    return dt.date(today.year, 7, 1), dt.date(today.year, 12, 31)


class ResultsFilterForm(forms.Form):
    """Which unit and period the results page shows (GET; defaults: `default_unit`, else the first unit of
    the tree; this semester)."""

    unit = UnitChoiceField(queryset=OrgUnit.objects.none(), label=_("Unit"), empty_label=None)
    start = forms.DateField(label=_("From"), widget=forms.DateInput(attrs={"type": "date"}))
    end = forms.DateField(label=_("To"), widget=forms.DateInput(attrs={"type": "date"}))
    service = forms.ChoiceField(label=_("Service"), required=False)

    def __init__(
        self,
        data: Any,
        *,
        units: QuerySet[OrgUnit],
        services: Sequence[tuple[str, str]],
        today: dt.date,
        default_unit: str | None = None,
    ) -> None:
        start, end = _semester_bounds(today)
        first = units.order_by("path").first()
        unit = default_unit or (first.code if first else "")
        merged = {"start": start.isoformat(), "end": end.isoformat(), "unit": unit}
        merged.update({k: v for k, v in data.items() if k in ("unit", "start", "end", "service") and v})
        super().__init__(merged)
        self.fields["unit"].queryset = units.order_by("path")  # type: ignore[attr-defined]
        self.fields["service"].choices = [("", _("All services")), *services]  # type: ignore[attr-defined]


class CampaignForm(forms.Form):
    unit = UnitChoiceField(queryset=OrgUnit.objects.none(), label=_("Unit"))
    service = forms.ChoiceField(label=_("Service"), required=False)
    name = forms.CharField(label=_("Name"), max_length=200, required=False)
    start = forms.DateField(label=_("From"), widget=forms.DateInput(attrs={"type": "date"}))
    end = forms.DateField(label=_("To"), widget=forms.DateInput(attrs={"type": "date"}))
    expected = forms.IntegerField(
        label=_("Population (only when there are no service records)"),
        min_value=1,
        max_value=10_000_000,
        required=False,
        help_text=_("Completed transactions in the period; leave empty to count them from the service records."),
    )

    def __init__(
        self, *args: Any, units: QuerySet[OrgUnit], services: Sequence[tuple[str, str]], **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = units.order_by("path")  # type: ignore[attr-defined]
        self.fields["service"].choices = [("", _("All services")), *services]  # type: ignore[attr-defined]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("start") and data.get("end") and data["end"] < data["start"]:
            self.add_error("end", _("The period ends before it starts."))
        return data


class SettingForm(forms.Form):
    weight = forms.ChoiceField(label=_("Weight of each element"), choices=WeightMode.choices, widget=forms.RadioSelect)
