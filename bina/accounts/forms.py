"""Forms of the account pages: parsing and user-fixable checks; rules live in `bina.accounts.services`."""

from __future__ import annotations

from typing import Any

from django import forms
from django.conf import settings
from django.contrib.auth.password_validation import validate_password
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from bina.accounts.models import Role, RoleAssignment
from bina.core.models import Pemda
from bina.people.forms import UnitChoiceField
from bina.people.models import Employee, OrgUnit


class UserCreateForm(forms.Form):
    pemda = forms.ModelChoiceField(Pemda.objects.none(), label=_("Pemda"), to_field_name="slug")
    username = forms.CharField(label=_("Username"), max_length=150)
    email = forms.EmailField(label=_("Email"), required=False)
    password = forms.CharField(
        label=_("Initial password"),
        required=False,
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
        help_text=_("At least 10 characters. Leave empty for an account that cannot log in with a password yet."),
    )
    employee_nip = forms.CharField(
        label=_("Link to employee (NIP)"),
        required=False,
        max_length=24,
        help_text=_("Optional. The employee can then log in with their NIP and gets the participant role."),
        widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "off"}),
    )

    def __init__(
        self, *args: Any, pemdas: QuerySet[Pemda], employees: QuerySet[Employee], choose_pemda: bool, **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        self.employees = employees
        self.fields["pemda"].queryset = pemdas  # type: ignore[attr-defined]
        if not choose_pemda:
            # An admin creates accounts in their own Pemda only.
            del self.fields["pemda"]
            self.fixed_pemda = pemdas.first()
        else:
            # The platform superadmin holds no personal data of a Pemda, so links no employee.
            del self.fields["employee_nip"]
            self.fixed_pemda = None

    def clean_username(self) -> str:
        username = str(self.cleaned_data["username"]).strip()
        if any(c.isspace() for c in username):
            raise forms.ValidationError(_("A username cannot contain spaces."))
        return username

    def clean_employee_nip(self) -> Employee | None:
        nip = "".join(str(self.cleaned_data.get("employee_nip") or "").split())
        if not nip:
            return None
        employee = self.employees.filter(nip=nip).first()
        if employee is None:
            raise forms.ValidationError(_("No employee with NIP %(nip)s was found in this Pemda.") % {"nip": nip})
        return employee

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        password = data.get("password")
        if password:
            try:
                validate_password(password)
            except forms.ValidationError as exc:
                self.add_error("password", exc)
        return data

    def service_kwargs(self) -> dict[str, Any]:
        data = self.cleaned_data
        return {
            "pemda": data.get("pemda") or self.fixed_pemda,
            "username": data["username"],
            "email": data.get("email") or "",
            "password": data.get("password") or None,
            "employee": data.get("employee_nip"),
        }


class RoleAssignForm(forms.Form):
    role = forms.ChoiceField(label=_("Role"), choices=Role.choices)
    org_unit = UnitChoiceField(
        OrgUnit.objects.none(),
        label=_("Unit (subtree)"),
        required=False,
        empty_label=_("(none: whole Pemda)"),
        help_text=_("Required for an operator; for a leader, empty means the whole Pemda."),
    )

    partner = forms.ModelChoiceField(
        RoleAssignment._meta.get_field("partner").related_model._default_manager.none(),  # type: ignore[union-attr]
        label=_("Partner institution"),
        required=False,
        help_text=_("Required for a partner coordinator: the institution whose classes and instructors it sees."),
    )

    def __init__(
        self, *args: Any, units: QuerySet[OrgUnit], partners: QuerySet[Any] | None = None, **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        self.fields["org_unit"].queryset = units  # type: ignore[attr-defined]
        self.fields["partner"].queryset = partners if partners is not None else self.fields["partner"].queryset  # type: ignore[attr-defined]


class TokenCreateForm(forms.Form):
    name = forms.CharField(
        label=_("Token name"), max_length=100, required=False, help_text=_("What the token is for, e.g. SIMPEG sync.")
    )


class LanguageForm(forms.Form):
    language = forms.ChoiceField(label=_("Preferred language"), choices=settings.LANGUAGES)
