"""Forms of external learning claims and their review."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from bina.training.catalogue.models import Method, TrainingType
from bina.training.learning.forms import DateInput


class ExternalLearningForm(forms.Form):
    title = forms.CharField(label=_("Title of the learning"), max_length=200)
    organiser = forms.CharField(label=_("Organiser"), max_length=200)
    method = forms.ChoiceField(label=_("Method"), choices=Method.choices)
    training_type = forms.ChoiceField(label=_("Training type"), choices=TrainingType.choices, initial="teknis")
    starts_on = forms.DateField(label=_("Starts on"), widget=DateInput)
    ends_on = forms.DateField(label=_("Ends on"), widget=DateInput)
    jp_claimed = forms.DecimalField(
        label=_("JP claimed"),
        min_value=0.5,
        max_digits=6,
        decimal_places=1,
        help_text=_("1 JP = 45 minutes; at most 8 hours a day."),
    )
    certificate_number = forms.CharField(label=_("Certificate number"), max_length=100, required=False)
    certificate_file = forms.FileField(
        label=_("Certificate (PDF, JPG or PNG, at most 5 MB)"),
        widget=forms.ClearableFileInput(attrs={"accept": ".pdf,.jpg,.jpeg,.png,application/pdf,image/jpeg,image/png"}),
    )


class ExternalReviewForm(forms.Form):
    decision = forms.ChoiceField(
        label=_("Decision"), choices=[("approve", _("Approve")), ("reject", _("Reject"))], widget=forms.RadioSelect
    )
    jp_approved = forms.DecimalField(
        label=_("JP approved"), min_value=0.5, max_digits=6, decimal_places=1, required=False
    )
    note = forms.CharField(label=_("Note to the employee"), widget=forms.Textarea(attrs={"rows": 3}), required=False)
