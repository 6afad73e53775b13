"""Forms of the competency pages: one field per level, so every level 1-5 gets its description."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from bina.competencies.models import LEVELS, Competency


class CompetencyForm(forms.Form):
    code = forms.CharField(label=_("Code"), max_length=20)
    name = forms.CharField(label=_("Name"), max_length=120)
    definition = forms.CharField(label=_("Definition"), widget=forms.Textarea(attrs={"rows": 3}), required=False)

    def __init__(self, *args: Any, competency: Competency | None = None, **kwargs: Any) -> None:
        if competency is not None and "initial" not in kwargs:
            initial: dict[str, Any] = {
                "code": competency.code,
                "name": competency.name,
                "definition": competency.definition,
            }
            for lv in competency.levels.all():
                initial[f"level_{lv.level}"] = lv.description
            kwargs["initial"] = initial
        super().__init__(*args, **kwargs)
        for level in LEVELS:
            self.fields[f"level_{level}"] = forms.CharField(
                label=_("Level %(level)s") % {"level": level}, widget=forms.Textarea(attrs={"rows": 2})
            )
        if competency is not None and competency.is_standard:
            # The code names the regulation's entry (PermenPANRB 38/2017); shown but not editable.
            self.fields["code"].disabled = True
            self.fields["code"].help_text = _("Standard competency of PermenPANRB 38/2017: the code cannot change.")

    def levels(self) -> dict[int, str]:
        return {level: self.cleaned_data[f"level_{level}"] for level in LEVELS}
