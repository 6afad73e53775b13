"""Forms of the assessment pages: a bank import (GIFT or Moodle XML, pasted or uploaded), a blueprint, a grade."""

from __future__ import annotations

from typing import Any, cast

from django import forms
from django.utils.translation import gettext_lazy

from bina.assessments.models import Difficulty

MAX_BANK_BYTES = 2 * 1024 * 1024


class BankImportForm(forms.Form):
    FORMATS = (("gift", "GIFT"), ("moodle_xml", "Moodle XML"))
    format = forms.ChoiceField(label=gettext_lazy("Format"), choices=FORMATS, initial="gift")
    text = forms.CharField(
        label=gettext_lazy("Questions"),
        required=False,
        max_length=200_000,
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text=gettext_lazy("Paste GIFT or Moodle XML, or upload a file below."),
    )
    file = forms.FileField(label=gettext_lazy("File"), required=False)
    competency = forms.TypedChoiceField(
        label=gettext_lazy("Competency of untagged questions"),
        coerce=int,
        required=False,
        empty_value=0,  # type: ignore[arg-type]
    )
    difficulty = forms.ChoiceField(
        label=gettext_lazy("Difficulty of untagged questions"), choices=Difficulty.choices, initial="medium"
    )

    def __init__(self, *args: Any, competencies: list[tuple[int, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        cast(forms.TypedChoiceField, self.fields["competency"]).choices = [(0, "–"), *competencies]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        upload = data.get("file")
        if upload is not None:
            if upload.size > MAX_BANK_BYTES:
                raise forms.ValidationError(gettext_lazy("The file is larger than 2 MB."))
            raw = upload.read()
            try:
                data["content"] = raw.decode("utf-8-sig")
            except UnicodeDecodeError:
                raise forms.ValidationError(gettext_lazy("The file is not UTF-8 text.")) from None
        else:
            data["content"] = data.get("text") or ""
        if not data["content"].strip():
            raise forms.ValidationError(gettext_lazy("Paste questions or choose a file."))
        return data


class GradeForm(forms.Form):
    score = forms.DecimalField(label=gettext_lazy("Score"), min_value=0, max_value=100, decimal_places=2)


class BlueprintForm(forms.Form):
    """Items per competency × difficulty for both forms, and the time limit."""

    duration_minutes = forms.IntegerField(
        label=gettext_lazy("Time limit (minutes)"), min_value=1, max_value=600, initial=30
    )

    def __init__(
        self, *args: Any, competencies: list[tuple[int, str]], available: dict[tuple[int, str], int], **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        self.cells: list[tuple[str, int, str, str]] = []
        for comp, label in competencies:
            for diff, diff_label in Difficulty.choices:
                name = f"cell_{comp}_{diff}"
                have = available.get((comp, diff), 0)
                self.fields[name] = forms.IntegerField(
                    label=f"{label} · {diff_label} ({have})",
                    min_value=0,
                    max_value=100,
                    initial=have // 2,
                    required=False,
                )
                self.cells.append((name, comp, diff, label))

    def blueprint(self) -> dict[tuple[int, str], int]:
        return {(comp, diff): self.cleaned_data.get(name) or 0 for name, comp, diff, _label in self.cells}
