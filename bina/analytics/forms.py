"""The impact question as a form: the page's face over `bina.analytics.selectors.impact_query_parse`."""

from __future__ import annotations

from typing import Any, cast

from django import forms
from django.utils.translation import gettext_lazy as _

METRIC_CHOICES = [
    ("process", _("Processing time (minutes)")),
    ("wait", _("Waiting time (minutes)")),
    ("total", _("Total time (minutes)")),
    ("within_sla", _("Within the service standard (%)")),
]
LEVEL_CHOICES = [("officer", _("Officers (officer-months)")), ("unit", _("Kelurahan (unit-months)"))]


class ImpactForm(forms.Form):
    service = forms.ChoiceField(label=_("Service"))
    metric = forms.ChoiceField(label=_("Measure"), choices=METRIC_CHOICES)
    level = forms.ChoiceField(label=_("Compare"), choices=LEVEL_CHOICES)
    training = forms.MultipleChoiceField(
        label=_("Training"), widget=forms.CheckboxSelectMultiple, help_text=_("One or more courses: the treatment.")
    )
    start = forms.CharField(label=_("From month"), max_length=7, widget=forms.TextInput(attrs={"type": "month"}))
    end = forms.CharField(label=_("To month"), max_length=7, widget=forms.TextInput(attrs={"type": "month"}))
    threshold = forms.TypedChoiceField(
        label=_("A kelurahan counts as trained at"),
        coerce=float,
        choices=[("0.3", "30%"), ("0.5", "50%"), ("0.7", "70%")],
        initial="0.5",
        required=False,
    )

    def __init__(self, *args: Any, services: list[tuple[str, str]], courses: list[tuple[str, str]], **kwargs: Any):
        super().__init__(*args, **kwargs)
        cast(forms.ChoiceField, self.fields["service"]).choices = services
        cast(forms.MultipleChoiceField, self.fields["training"]).choices = courses


class ChainForm(forms.Form):
    unit = forms.ChoiceField(label=_("Kelurahan"))
    service = forms.ChoiceField(label=_("Service"))
    training = forms.MultipleChoiceField(
        label=_("Training"), widget=forms.CheckboxSelectMultiple, help_text=_("One or more courses: the treatment.")
    )
    start = forms.CharField(label=_("From month"), max_length=7, widget=forms.TextInput(attrs={"type": "month"}))
    end = forms.CharField(label=_("To month"), max_length=7, widget=forms.TextInput(attrs={"type": "month"}))

    def __init__(
        self,
        *args: Any,
        units: list[tuple[str, str]],
        services: list[tuple[str, str]],
        courses: list[tuple[str, str]],
        **kwargs: Any,
    ):
        super().__init__(*args, **kwargs)
        cast(forms.ChoiceField, self.fields["unit"]).choices = units
        cast(forms.ChoiceField, self.fields["service"]).choices = services
        cast(forms.MultipleChoiceField, self.fields["training"]).choices = courses
