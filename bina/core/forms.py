"""Forms of the core pages: they parse what the user typed; the rules live in `bina.core.services`."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlencode

from django import forms
from django.core.validators import ProhibitNullCharactersValidator
from django.urls import reverse
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


# --- search pickers ---------------------------------------------------------------------------

PICKER_FIELD_NAME = re.compile(r"^[A-Za-z0-9_-]{1,60}$")  # what a picker endpoint accepts as `field`
PICKER_LIMIT = 20  # results per search: a phone screen, and a bounded query on a 60,000-employee Pemda


@dataclass(frozen=True)
class PickerOption:
    value: str
    label: str
    hint: str = ""  # a second line: the unit of an employee, the sub-unit count of a unit


class SearchPicker(forms.Widget):
    """A search box in place of a long select: typing asks `endpoint` (htmx, no inline script) for the
    matching options, shown as radio buttons (one choice) or checkboxes (several); the chosen ones stay
    listed above the results. Without JavaScript the *Cari* button submits the form with `<name>__search`,
    and the page renders the same results (`picker_searching` tells the view not to save).

    The field feeds it `search(term) -> [PickerOption]` and `chosen(values) -> [PickerOption]`, both over
    its scoped queryset (see `bina.people.forms.UnitPickerField`)."""

    template_name = "core/widgets/picker.html"

    def __init__(self, *, endpoint: str, multiple: bool = False, placeholder: Any = "", attrs: Any = None) -> None:
        super().__init__(attrs)
        self.endpoint = endpoint
        self.multiple = multiple
        self.placeholder = placeholder
        self.search: Callable[[str], list[PickerOption]] = lambda term: []
        self.chosen: Callable[[list[str]], list[PickerOption]] = lambda values: []
        self.extra_params: dict[str, str] = {}
        self.query = ""

    def value_from_datadict(self, data: Any, files: Any, name: str) -> Any:
        self.query = str(data.get(f"{name}__q", ""))[:100]
        if self.multiple:
            return data.getlist(name) if hasattr(data, "getlist") else data.get(name)
        return data.get(name)

    def value_omitted_from_data(self, data: Any, files: Any, name: str) -> bool:
        return name not in data

    def format_value(self, value: Any) -> list[str]:
        if value is None or value == "":
            return []
        values = value if isinstance(value, list | tuple) else [value]
        return [str(getattr(v, "pk", v)) if not isinstance(v, str) else v for v in values]

    def get_context(self, name: str, value: Any, attrs: Any) -> dict[str, Any]:
        context = super().get_context(name, value, attrs)
        values = context["widget"]["value"]
        chosen = self.chosen(values) if values else []
        chosen_values = {o.value for o in chosen}
        results = [o for o in self.search(self.query) if o.value not in chosen_values] if self.query else []
        params = {"field": name, "multiple": "1" if self.multiple else "", **self.extra_params}
        context["widget"].update(
            {
                "endpoint": reverse(self.endpoint),
                "params": urlencode(params),
                "multiple": self.multiple,
                "query": self.query,
                "placeholder": self.placeholder,
                "chosen": chosen,
                "results": results,
                "input_type": "checkbox" if self.multiple else "radio",
            }
        )
        return context


def picker_searching(data: Any) -> bool:
    """True when a form was sent by a picker's *Cari* button (no JavaScript): show results, save nothing."""
    return any(str(key).endswith("__search") for key in (data or {}))
