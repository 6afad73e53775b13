"""Forms of the organisation and employee pages.

They turn what the user typed into the values the services take (units by code, supervisors by
NIP) and explain what is wrong; the rules themselves live in `bina.people.services`.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django import forms
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from bina.core.forms import PICKER_LIMIT, PickerOption, SearchPicker, TextField
from bina.people import validators
from bina.people.models import (
    PNS_GOLONGAN,
    PPPK_GRADES,
    AsnType,
    Education,
    Employee,
    EmployeeStatus,
    OrgUnit,
    OrgUnitKind,
    PositionKind,
)
from bina.people.nip import NipError, nip_normalise, parse_nip
from bina.people.selectors import EmployeeFilters, employee_pick, unit_pick

INDENT = "\u2003"  # an em space: indentation that survives inside <option>
GOLONGAN_CHOICES = [
    ("", _("Any")),
    (_("PNS"), [(g, g) for g in PNS_GOLONGAN]),
    (_("PPPK"), [(g, g) for g in PPPK_GRADES]),
]


class UnitChoiceField(forms.ModelChoiceField):
    """Units by code, indented by depth so the select reads like the tree."""

    def __init__(self, queryset: QuerySet[OrgUnit], **kwargs: Any) -> None:
        super().__init__(queryset=queryset, to_field_name="code", **kwargs)

    def label_from_instance(self, obj: Any) -> str:
        closed = " ✕" if obj.closed_on else ""
        return f"{INDENT * obj.depth}{obj.name} ({obj.code}){closed}"


def unit_options(units: QuerySet[OrgUnit], term: str) -> list[PickerOption]:
    """The unit picker's options: name, then code and how many sub-units come with it."""
    options = []
    for unit, below in unit_pick(units, term, PICKER_LIMIT):
        hint = unit.code
        if below:
            hint += " · " + str(_("with %(count)s sub-units") % {"count": below})
        options.append(PickerOption(unit.code, unit.name, hint))
    return options


def employee_options(employees: QuerySet[Employee], term: str) -> list[PickerOption]:
    return [
        PickerOption(e.nip, e.name, f"{e.nip} · {e.unit.name}") for e in employee_pick(employees, term, PICKER_LIMIT)
    ]


class UnitPickerField(forms.ModelMultipleChoiceField):
    """Several units of a big tree, by search (`SearchPicker` over `people:pick_units`), sent by code;
    a unit stands for its whole subtree. The choices are the queryset given (already scoped)."""

    def __init__(self, queryset: QuerySet[OrgUnit], **kwargs: Any) -> None:
        kwargs.setdefault(
            "widget",
            SearchPicker(endpoint="people:pick_units", multiple=True, placeholder=_("Type a unit's name or code")),
        )
        super().__init__(queryset, to_field_name="code", **kwargs)

    def _set_queryset(self, queryset: Any) -> None:
        super()._set_queryset(queryset)  # type: ignore[misc]
        units = self.queryset
        widget: SearchPicker = self.widget
        widget.search = lambda term: unit_options(units, term)
        widget.chosen = lambda codes: [
            PickerOption(u.code, u.name, u.code) for u in units.filter(code__in=codes[:200]).order_by("path")
        ]

    # Django's own property, with a setter that also hands the scoped queryset to the widget's search.
    queryset = property(forms.ModelChoiceField._get_queryset, _set_queryset)  # type: ignore[attr-defined]


class EmployeePickerField(forms.ModelChoiceField):
    """One employee by name or NIP (`SearchPicker` over `people:pick_employees`), sent by NIP. `scope`
    tells the endpoint which employees to search: "" (whom the actor may read) or "reports" (a
    supervisor's team); the field's queryset is the rule, the endpoint only helps to find a value."""

    def __init__(self, queryset: QuerySet[Employee], *, scope: str = "", **kwargs: Any) -> None:
        widget = SearchPicker(endpoint="people:pick_employees", placeholder=_("Type a name or a NIP"))
        if scope:
            widget.extra_params = {"scope": scope}
        kwargs.setdefault("widget", widget)
        super().__init__(queryset, to_field_name="nip", **kwargs)

    def _set_queryset(self, queryset: Any) -> None:
        super()._set_queryset(queryset)  # type: ignore[misc]
        employees = self.queryset
        widget: SearchPicker = self.widget
        widget.search = lambda term: employee_options(employees, term)
        widget.chosen = lambda nips: [
            PickerOption(e.nip, e.name, f"{e.nip} · {e.unit.name}")
            for e in employees.filter(nip__in=nips[:1]).select_related("unit")
        ]

    def to_python(self, value: Any) -> Any:
        return super().to_python(nip_normalise(value) if isinstance(value, str) else value)

    # Django's own property, with a setter that also hands the scoped queryset to the widget's search.
    queryset = property(forms.ModelChoiceField._get_queryset, _set_queryset)  # type: ignore[attr-defined]


def employee_by_nip(employees: QuerySet[Employee], raw: object) -> Employee | None:
    """The employee a form's NIP field names among `employees` (already scoped); None when left empty."""
    nip = nip_normalise(raw)
    if not nip:
        return None
    employee = employees.filter(nip=nip).first()
    if employee is None:
        raise forms.ValidationError(_("No employee with NIP %(nip)s was found in this Pemda.") % {"nip": nip})
    return employee


def _with_blank(choices: list[tuple[str, Any]], blank: Any) -> list[tuple[str, Any]]:
    return [("", blank), *choices]


class EmployeeFilterForm(forms.Form):
    q = forms.CharField(
        label=_("Search by name or NIP"),
        required=False,
        max_length=100,
        widget=forms.TextInput(attrs={"type": "search", "autocomplete": "off", "inputmode": "search"}),
    )
    unit = UnitChoiceField(
        OrgUnit.objects.none(), label=_("Unit (with sub-units)"), required=False, empty_label=_("All units")
    )
    asn_type = forms.ChoiceField(label=_("ASN type"), required=False, choices=_with_blank(AsnType.choices, _("Any")))
    golongan = forms.ChoiceField(label=_("Golongan"), required=False, choices=GOLONGAN_CHOICES)
    position_kind = forms.ChoiceField(
        label=_("Position kind"), required=False, choices=_with_blank(PositionKind.choices, _("Any"))
    )
    status = forms.ChoiceField(label=_("Status"), required=False, choices=_with_blank(EmployeeStatus.choices, _("Any")))

    def __init__(self, *args: Any, units: QuerySet[OrgUnit], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = units  # type: ignore[attr-defined]

    def filters(self) -> EmployeeFilters:
        """The valid filters; a filter the user got wrong is reported on the form and left out."""
        data = getattr(self, "cleaned_data", {})
        return EmployeeFilters(
            search=data.get("q") or "",
            unit=data.get("unit"),
            asn_type=data.get("asn_type") or "",
            golongan=data.get("golongan") or "",
            position_kind=data.get("position_kind") or "",
            status=data.get("status") or "",
        )


class EmployeeEditForm(forms.Form):
    """The field rules are `bina.people.validators`: what the import and the API accept, with their messages."""

    name = TextField(label=_("Full name with titles"), max_length=200)
    unit = UnitChoiceField(OrgUnit.objects.none(), label=_("Unit"))
    position_name = TextField(label=_("Position"), max_length=200, required=False)
    position_kind = forms.ChoiceField(
        label=_("Position kind"), required=False, choices=_with_blank(PositionKind.choices, _("(not set)"))
    )
    golongan = forms.ChoiceField(label=_("Golongan/grade"), required=False)
    supervisor_nip = forms.CharField(
        label=_("Direct supervisor (NIP)"),
        required=False,
        max_length=24,
        help_text=_("The 18-digit NIP of the direct supervisor; leave empty for none."),
        widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "off"}),
    )
    education = forms.ChoiceField(
        label=_("Education level"), required=False, choices=_with_blank(Education.choices, _("(not set)"))
    )
    status = forms.ChoiceField(label=_("Status"), choices=EmployeeStatus.choices)
    email = TextField(label=_("Email"), max_length=254, required=False, widget=forms.EmailInput)
    phone = TextField(label=_("Phone"), max_length=32, required=False)

    def __init__(
        self, *args: Any, employee: Employee, units: QuerySet[OrgUnit], supervisors: QuerySet[Employee], **kwargs: Any
    ) -> None:
        self.employee = employee
        self.supervisors = supervisors
        kwargs.setdefault(
            "initial",
            {
                "name": employee.name,
                "unit": employee.unit.code,
                "position_name": employee.position_name,
                "position_kind": employee.position_kind,
                "golongan": employee.golongan,
                "supervisor_nip": employee.supervisor.nip if employee.supervisor else "",
                "education": employee.education,
                "status": employee.status,
                "email": employee.email,
                "phone": employee.phone,
            },
        )
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = units  # type: ignore[attr-defined]
        choices: list[Any] = list(GOLONGAN_CHOICES)
        choices[0] = ("", _("(not set)"))
        known = set(PNS_GOLONGAN) | set(PPPK_GRADES)
        if employee.golongan and employee.golongan not in known:
            # Keep a value an import brought in, so saving other fields does not lose it.
            choices.append((employee.golongan, employee.golongan))
        self.fields["golongan"].choices = choices  # type: ignore[attr-defined]

    def _rule(self, field: str, rule: Callable[[str], str]) -> str:
        try:
            return rule(str(self.cleaned_data[field] or ""))
        except validators.FieldInvalid as exc:
            raise forms.ValidationError(exc.message, code=exc.code) from None

    def clean_name(self) -> str:
        return self._rule("name", validators.employee_name)

    def clean_position_name(self) -> str:
        return self._rule("position_name", validators.employee_position_name)

    def clean_email(self) -> str:
        return self._rule("email", validators.employee_email)

    def clean_phone(self) -> str:
        return self._rule("phone", validators.employee_phone)

    def clean_golongan(self) -> str:
        golongan = str(self.cleaned_data.get("golongan") or "")
        if golongan == self.employee.golongan:
            return golongan  # unchanged (an import may have brought a value the list lacks): kept
        return self._rule(
            "golongan", lambda value: validators.employee_golongan(value, asn_type=self.employee.asn_type)
        )

    def clean_supervisor_nip(self) -> Employee | None:
        nip = nip_normalise(self.cleaned_data.get("supervisor_nip"))
        current = self.employee.supervisor
        if not nip:
            return None
        if current is not None and nip == current.nip:
            # Unchanged: keep the supervisor even if they serve outside the editor's reach.
            return current
        try:
            parse_nip(nip)
        except NipError as exc:
            raise forms.ValidationError(exc.message) from exc
        if nip == self.employee.nip:
            raise forms.ValidationError(_("An employee cannot supervise themselves."))
        supervisor = self.supervisors.filter(nip=nip).first()
        if supervisor is None:
            raise forms.ValidationError(
                _("No employee with NIP %(nip)s was found among the people you can see.") % {"nip": nip}
            )
        return supervisor

    def service_data(self) -> dict[str, Any]:
        data = dict(self.cleaned_data)
        data["supervisor"] = data.pop("supervisor_nip")
        return data


class UnitRenameForm(forms.Form):
    name = forms.CharField(label=_("Name"), max_length=200)
    kind = forms.ChoiceField(label=_("Kind"), choices=OrgUnitKind.choices)

    def clean_name(self) -> str:
        return " ".join(str(self.cleaned_data["name"]).split())


class UnitMoveForm(forms.Form):
    parent = UnitChoiceField(OrgUnit.objects.none(), label=_("New parent unit"), required=False, empty_label=None)

    def __init__(self, *args: Any, targets: QuerySet[OrgUnit], allow_top_level: bool, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["parent"]
        field.queryset = targets  # type: ignore[attr-defined]
        field.required = not allow_top_level
        if allow_top_level:
            field.empty_label = _("(top level, no parent)")  # type: ignore[attr-defined]


class UnitCloseForm(forms.Form):
    closed_on = forms.DateField(
        label=_("Closed on"),
        required=False,
        help_text=_("Leave empty for today."),
        widget=forms.DateInput(attrs={"type": "date"}),
    )


class UnitCreateForm(forms.Form):
    code = forms.CharField(label=_("Code"), max_length=32, help_text=_("Unique in the Pemda, e.g. DKP-PD."))
    name = forms.CharField(label=_("Name"), max_length=200)
    kind = forms.ChoiceField(label=_("Kind"), choices=OrgUnitKind.choices)

    def clean_code(self) -> str:
        code = str(self.cleaned_data["code"]).strip()
        if "/" in code or " " in code:
            raise forms.ValidationError(_("A unit code cannot contain spaces or slashes."))
        return code

    def clean_name(self) -> str:
        return " ".join(str(self.cleaned_data["name"]).split())
