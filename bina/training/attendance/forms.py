"""Forms of the attendance pages: one field pair per enrollee, built from the class list."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from bina.training.attendance.models import AttendanceStatus
from bina.training.classes.models import Enrolment


class SessionAttendanceForm(forms.Form):
    """Status (radio) and note for every enrollee; an enrollee left unmarked stays unmarked."""

    def __init__(self, *args: Any, enrolments: list[Enrolment], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.enrolments = enrolments
        for e in enrolments:
            self.fields[f"status_{e.pk}"] = forms.ChoiceField(
                label=e.employee.name, choices=AttendanceStatus.choices, required=False, widget=forms.RadioSelect
            )
            self.fields[f"note_{e.pk}"] = forms.CharField(label=_("Note"), max_length=200, required=False)

    def rows(self) -> list[tuple[Enrolment, forms.BoundField, forms.BoundField]]:
        return [(e, self[f"status_{e.pk}"], self[f"note_{e.pk}"]) for e in self.enrolments]

    def marks(self) -> tuple[dict[int, str], dict[int, str]]:
        marks, notes = {}, {}
        for e in self.enrolments:
            status = self.cleaned_data.get(f"status_{e.pk}")
            if status:
                marks[e.pk] = status
                notes[e.pk] = self.cleaned_data.get(f"note_{e.pk}", "")
        return marks, notes


class ClassScoresForm(forms.Form):
    """Post-test score (0–100) for every enrollee; empty means no score yet."""

    def __init__(self, *args: Any, enrolments: list[Enrolment], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.enrolments = enrolments
        for e in enrolments:
            self.fields[f"score_{e.pk}"] = forms.DecimalField(
                label=e.employee.name,
                required=False,
                min_value=Decimal(0),
                max_value=Decimal(100),
                max_digits=5,
                decimal_places=2,
                widget=forms.NumberInput(attrs={"inputmode": "decimal", "step": "0.01"}),
            )

    def rows(self) -> list[tuple[Enrolment, forms.BoundField]]:
        return [(e, self[f"score_{e.pk}"]) for e in self.enrolments]

    def scores(self) -> dict[int, Decimal | None]:
        return {e.pk: self.cleaned_data.get(f"score_{e.pk}") for e in self.enrolments}


class CheckInCodeForm(forms.Form):
    """The short code from the projector, typed when the camera fails (case and spaces do not matter)."""

    code = forms.CharField(
        label=_("Code on the screen"),
        max_length=12,
        widget=forms.TextInput(
            attrs={"autocomplete": "off", "autocapitalize": "characters", "spellcheck": "false", "inputmode": "text"}
        ),
    )

    def clean_code(self) -> str:
        return "".join(self.cleaned_data["code"].split()).upper()
