"""Forms of the core pages: they parse what the user typed; the rules live in `bina.core.services`."""

from __future__ import annotations

from typing import Any

from django import forms
from django.core.validators import ProhibitNullCharactersValidator
from django.utils.translation import gettext_lazy as _

from bina.core.audit_actions import audit_action_label
from bina.core.models import PemdaKind, TimeZone
from bina.core.selectors import AuditFilters
from bina.core.text import validate_text


class PemdaSettingsForm(forms.Form):
    name = forms.CharField(label=_("Official name"), max_length=200)
    timezone = forms.ChoiceField(label=_("Time zone"), choices=TimeZone.choices)


class PemdaEmblemForm(forms.Form):
    emblem = forms.FileField(
        label=_("Emblem"),
        required=False,
        help_text=_("PNG or JPEG, at most 512 KB. Shown in the header, on PDFs and on certificates."),
        widget=forms.FileInput(attrs={"accept": "image/png,image/jpeg"}),
    )
    remove = forms.BooleanField(label=_("Remove the emblem"), required=False)


class PemdaCreateForm(forms.Form):
    name = forms.CharField(label=_("Official name"), max_length=200, help_text=_("e.g. Pemerintah Kota Serang"))
    slug = forms.CharField(
        label=_("Slug"), max_length=50, help_text=_("Lower-case letters, digits and hyphens, e.g. kota-serang.")
    )
    kind = forms.ChoiceField(label=_("Kind"), choices=PemdaKind.choices)
    bps_code = forms.CharField(
        label=_("BPS region code"), max_length=4, help_text=_("4 digits for a kota/kabupaten, 2 for a provinsi.")
    )
    timezone = forms.ChoiceField(label=_("Time zone"), choices=TimeZone.choices, initial=TimeZone.WIB)

    def clean_slug(self) -> str:
        return str(self.cleaned_data["slug"]).strip().lower()

    def clean_bps_code(self) -> str:
        return str(self.cleaned_data["bps_code"]).strip()


class AuditFilterForm(forms.Form):
    action = forms.ChoiceField(label=_("Action"), required=False)
    user = forms.CharField(label=_("User"), required=False, max_length=150)
    subject = forms.CharField(
        label=_("Person or object"), required=False, max_length=150, help_text=_("A NIP or a name.")
    )
    date_from = forms.DateField(label=_("From"), required=False, widget=forms.DateInput(attrs={"type": "date"}))
    date_to = forms.DateField(label=_("To"), required=False, widget=forms.DateInput(attrs={"type": "date"}))

    def __init__(self, *args: Any, actions: list[str], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["action"].choices = [("", _("All actions")), *((a, audit_action_label(a)) for a in actions)]  # type: ignore[attr-defined]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        start, end = data.get("date_from"), data.get("date_to")
        if start and end and start > end:
            self.add_error("date_to", _("The end date must be on or after the start date."))
        return data

    def filters(self) -> AuditFilters:
        data = self.cleaned_data
        return AuditFilters(
            action=data.get("action") or "",
            user=data.get("user") or "",
            subject=data.get("subject") or "",
            date_from=data.get("date_from"),
            date_to=data.get("date_to"),
        )


class TextField(forms.CharField):
    """A CharField that refuses every control character (`bina.core.text`), with the message the API and
    the imports give, where Django's own check refuses only NUL."""

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.validators = [v for v in self.validators if not isinstance(v, ProhibitNullCharactersValidator)]
        self.validators.append(validate_text)
