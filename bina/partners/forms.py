"""Forms of the partner pages; references (employee by NIP, account by username) are resolved in the Pemda."""

from __future__ import annotations

from typing import Any

from django import forms
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from bina.accounts.models import User
from bina.competencies.models import Competency
from bina.core.forms import PICKER_LIMIT, PickerOption, SearchPicker
from bina.partners.models import AgreementStatus, Instructor, InstructorKind, Partner, PartnerKind
from bina.partners.selectors import instructor_pick
from bina.people.forms import employee_by_nip
from bina.people.models import Employee

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class PartnerForm(forms.Form):
    name = forms.CharField(label=_("Name"), max_length=200)
    short_name = forms.CharField(label=_("Short name"), max_length=40, required=False)
    kind = forms.ChoiceField(label=_("Kind"), choices=PartnerKind.choices)
    address = forms.CharField(label=_("Address"), widget=forms.Textarea(attrs={"rows": 2}), required=False)
    contact_name = forms.CharField(label=_("Contact person"), max_length=120, required=False)
    contact_email = forms.EmailField(label=_("Contact email"), required=False)
    contact_phone = forms.CharField(label=_("Contact phone"), max_length=32, required=False)
    website = forms.URLField(label=_("Website"), required=False, assume_scheme="https")
    is_active = forms.BooleanField(label=_("Active"), required=False, initial=True)


class AgreementForm(forms.Form):
    number = forms.CharField(label=_("Number"), max_length=100)
    title = forms.CharField(label=_("Title"), max_length=200)
    scope = forms.CharField(label=_("Scope"), widget=forms.Textarea(attrs={"rows": 3}), required=False)
    signed_on = forms.DateField(label=_("Signed on"), required=False, widget=DATE)
    starts_on = forms.DateField(label=_("Valid from"), widget=DATE)
    ends_on = forms.DateField(label=_("Valid until"), widget=DATE)
    status = forms.ChoiceField(
        label=_("Status"),
        choices=[
            (AgreementStatus.DRAFT.value, AgreementStatus.DRAFT.label),
            (AgreementStatus.ACTIVE.value, AgreementStatus.ACTIVE.label),
        ],
    )
    document = forms.FileField(label=_("Document (PDF)"), required=False)

    def clean_document(self) -> Any:
        doc = self.cleaned_data.get("document")
        if doc and not str(doc.name).lower().endswith(".pdf"):
            raise forms.ValidationError(_("Upload the signed agreement as a PDF file."))
        return doc

    def service_data(self) -> dict[str, Any]:
        return {k: v for k, v in self.cleaned_data.items() if k != "document"}


class InstructorForm(forms.Form):
    kind = forms.ChoiceField(label=_("Kind"), choices=InstructorKind.choices)
    name = forms.CharField(
        label=_("Name"), max_length=200, required=False, help_text=_("Taken from the employee when left empty.")
    )
    employee_nip = forms.CharField(
        label=_("Employee NIP"), max_length=24, required=False, help_text=_("For widyaiswara and ASN instructors.")
    )
    partner = forms.ModelChoiceField(Partner.objects.none(), label=_("Partner"), required=False)
    username = forms.CharField(
        label=_("Login account (username)"),
        max_length=150,
        required=False,
        help_text=_("Optional: an existing account of this Pemda; it gets the instructor role."),
    )
    email = forms.EmailField(label=_("Email"), required=False)
    phone = forms.CharField(label=_("Phone"), max_length=32, required=False)
    expertise = forms.CharField(label=_("Expertise"), widget=forms.Textarea(attrs={"rows": 2}), required=False)
    competencies = forms.ModelMultipleChoiceField(
        Competency.objects.none(), label=_("Competencies"), required=False, widget=forms.CheckboxSelectMultiple
    )
    is_active = forms.BooleanField(label=_("Active"), required=False, initial=True)

    def __init__(
        self,
        *args: Any,
        partners: QuerySet[Partner],
        competencies: QuerySet[Competency],
        employees: QuerySet[Employee],
        users: QuerySet[User],
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.fields["partner"].queryset = partners  # type: ignore[attr-defined]
        self.fields["competencies"].queryset = competencies  # type: ignore[attr-defined]
        self.employees = employees
        self.users = users

    def clean_employee_nip(self) -> Employee | None:
        return employee_by_nip(self.employees, self.cleaned_data.get("employee_nip"))

    def clean_username(self) -> User | None:
        username = str(self.cleaned_data.get("username") or "").strip()
        if not username:
            return None
        user = self.users.filter(username=username).first()
        if user is None:
            raise forms.ValidationError(
                _("No account %(username)s was found in this Pemda; create it on the users page first.")
                % {"username": username}
            )
        return user

    def service_kwargs(self) -> dict[str, Any]:
        d = self.cleaned_data
        return {
            "kind": d["kind"],
            "name": d["name"],
            "employee": d["employee_nip"],
            "partner": d["partner"],
            "user": d["username"],
            "email": d["email"],
            "phone": d["phone"],
            "expertise": d["expertise"],
            "competencies": list(d["competencies"]),
        }


def instructor_options(instructors: QuerySet[Instructor], term: str) -> list[PickerOption]:
    return [_instructor_option(i) for i in instructor_pick(instructors, term, PICKER_LIMIT)]


def _instructor_option(instructor: Instructor) -> PickerOption:
    hint = [str(instructor.get_kind_display())]
    if instructor.employee is not None:
        hint.append(instructor.employee.nip)
    if instructor.partner is not None:
        hint.append(instructor.partner.name)
    return PickerOption(str(instructor.pk), instructor.name, " · ".join(hint))


class InstructorPickerField(forms.ModelChoiceField):
    """One instructor by name or NIP (`SearchPicker` over `partners:pick_instructors`) among the queryset."""

    def __init__(self, queryset: QuerySet[Instructor], **kwargs: Any) -> None:
        kwargs.setdefault(
            "widget", SearchPicker(endpoint="partners:pick_instructors", placeholder=_("Type a name or a NIP"))
        )
        super().__init__(queryset, **kwargs)

    def _set_queryset(self, queryset: Any) -> None:
        super()._set_queryset(queryset)  # type: ignore[misc]
        instructors = self.queryset
        widget: SearchPicker = self.widget
        widget.search = lambda term: instructor_options(instructors, term)
        widget.chosen = lambda pks: [
            _instructor_option(i)
            for i in instructors.filter(pk__in=[p for p in pks[:1] if p.isdigit()]).select_related(
                "partner", "employee"
            )
        ]

    queryset = property(forms.ModelChoiceField._get_queryset, _set_queryset)  # type: ignore[attr-defined]
