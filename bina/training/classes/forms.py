"""Forms of the class pages: they turn what the admin typed into service arguments; rules live in the services."""

from __future__ import annotations

from typing import Any

from django import forms
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from bina.core.limits import MAX_CAPACITY
from bina.partners.forms import InstructorPickerField
from bina.partners.models import Instructor, Partner
from bina.people.forms import EmployeePickerField, UnitChoiceField, UnitPickerField
from bina.people.models import Employee, OrgUnit, PositionKind
from bina.training.catalogue.models import Course
from bina.training.classes.models import ClassStatus, EnrolmentStatus, TrainingClass

DATETIME_WIDGET = forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M")
DATE_WIDGET = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class ClassFilterForm(forms.Form):
    q = forms.CharField(label=_("Search by code, name or course"), required=False, max_length=100)
    status = forms.ChoiceField(label=_("Status"), required=False, choices=[("", _("Any")), *ClassStatus.choices])
    course = forms.ModelChoiceField(Course.objects.none(), label=_("Course"), required=False, empty_label=_("Any"))
    open_for_me = forms.BooleanField(label=_("Only classes I can register for now"), required=False)

    def __init__(self, *args: Any, courses: QuerySet[Course], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["course"].queryset = courses  # type: ignore[attr-defined]


class ClassForm(forms.Form):
    course = forms.ModelChoiceField(Course.objects.none(), label=_("Course"))
    code = forms.CharField(label=_("Code"), max_length=40)
    name = forms.CharField(label=_("Name"), max_length=200, help_text=_('For example "Angkatan I".'))
    starts_on = forms.DateField(label=_("Starts on"), widget=DATE_WIDGET)
    ends_on = forms.DateField(label=_("Ends on"), widget=DATE_WIDGET)
    capacity = forms.IntegerField(label=_("Capacity (seats)"), min_value=1, max_value=MAX_CAPACITY)
    registration_opens_at = forms.DateTimeField(label=_("Registration opens"), required=False, widget=DATETIME_WIDGET)
    registration_closes_at = forms.DateTimeField(label=_("Registration closes"), required=False, widget=DATETIME_WIDGET)
    allow_self_registration = forms.BooleanField(label=_("Open self-registration"), required=False, initial=True)
    allow_nomination = forms.BooleanField(label=_("Nomination by supervisor"), required=False, initial=True)
    requires_approval = forms.BooleanField(label=_("Requests need approval"), required=False)
    eligible_units = UnitPickerField(
        OrgUnit.objects.none(),
        label=_("Eligible units (with their sub-units)"),
        required=False,
        help_text=_(
            "Search by name or code and tick the units; a unit brings all its sub-units. Leave empty to let every unit take part."
        ),
    )
    eligible_position_kinds = forms.MultipleChoiceField(
        label=_("Eligible positions"), required=False, choices=PositionKind.choices, widget=forms.CheckboxSelectMultiple
    )
    venue = forms.CharField(label=_("Venue"), max_length=200, required=False)
    organiser = forms.ModelChoiceField(
        Partner.objects.none(), label=_("Partner organiser"), required=False, empty_label=_("BKPSDM itself")
    )
    # Whole Rupiah; what the leader's home sums (planned from the DPA, used as spent so far).
    budget_planned = forms.IntegerField(label=_("Budget planned (Rp)"), min_value=0, max_value=10**14, required=False)
    budget_used = forms.IntegerField(
        label=_("Budget used (Rp)"),
        min_value=0,
        max_value=10**14,
        required=False,
        help_text=_("Or enter the costs by kind below: the budget used is then their sum."),
    )
    cost_honoraria = forms.IntegerField(label=_("Honoraria (Rp)"), min_value=0, max_value=10**14, required=False)
    cost_venue = forms.IntegerField(label=_("Venue (Rp)"), min_value=0, max_value=10**14, required=False)
    cost_consumption = forms.IntegerField(label=_("Consumption (Rp)"), min_value=0, max_value=10**14, required=False)
    cost_other = forms.IntegerField(label=_("Other costs (Rp)"), min_value=0, max_value=10**14, required=False)

    def __init__(
        self,
        *args: Any,
        courses: QuerySet[Course],
        units: QuerySet[OrgUnit],
        partners: QuerySet[Partner],
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.fields["course"].queryset = courses  # type: ignore[attr-defined]
        self.fields["eligible_units"].queryset = units  # type: ignore[attr-defined]
        self.fields["organiser"].queryset = partners  # type: ignore[attr-defined]

    @staticmethod
    def initial_for(klass: TrainingClass) -> dict[str, Any]:
        values: dict[str, Any] = {
            name: getattr(klass, name)
            for name in (
                "course", "code", "name", "starts_on", "ends_on", "capacity", "registration_opens_at",
                "registration_closes_at", "allow_self_registration", "allow_nomination", "requires_approval",
                "eligible_position_kinds", "venue", "organiser", "budget_planned", "budget_used", "cost_honoraria",
                "cost_venue", "cost_consumption", "cost_other",
            )
        }  # fmt: skip
        values["eligible_units"] = list(klass.eligible_units.all())
        return values

    def service_data(self) -> tuple[dict[str, Any], list[OrgUnit]]:
        data = dict(self.cleaned_data)
        units = list(data.pop("eligible_units") or [])
        data["eligible_position_kinds"] = list(data.get("eligible_position_kinds") or [])
        data["venue"] = data.get("venue") or ""
        for name in ("budget_planned", "budget_used", "cost_honoraria", "cost_venue", "cost_consumption", "cost_other"):
            data[name] = data.get(name) or 0
        return data, units


class SessionForm(forms.Form):
    starts_at = forms.DateTimeField(label=_("Starts at"), widget=DATETIME_WIDGET)
    ends_at = forms.DateTimeField(label=_("Ends at"), widget=DATETIME_WIDGET)
    topic = forms.CharField(label=_("Topic"), max_length=200)
    instructor = InstructorPickerField(
        Instructor.objects.none(),
        label=_("Instructor"),
        required=False,
        help_text=_("Search by name or NIP; leave empty when nobody is assigned yet."),
    )
    room = forms.CharField(label=_("Room"), max_length=120, required=False)
    online_url = forms.URLField(label=_("Online link"), required=False, assume_scheme="https")

    def __init__(self, *args: Any, instructors: QuerySet[Instructor], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["instructor"].queryset = instructors  # type: ignore[attr-defined]


class QuotaForm(forms.Form):
    unit = UnitChoiceField(OrgUnit.objects.none(), label=_("Unit (with sub-units)"))
    seats = forms.IntegerField(label=_("Seats (0 removes the quota)"), min_value=0, max_value=MAX_CAPACITY)

    def __init__(self, *args: Any, units: QuerySet[OrgUnit], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = units  # type: ignore[attr-defined]


class ReasonForm(forms.Form):
    reason = forms.CharField(label=_("Reason"), max_length=1000, widget=forms.Textarea(attrs={"rows": 2}))


class NipForm(forms.Form):
    nip = forms.CharField(
        label=_("NIP of the employee"),
        max_length=24,
        widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "off"}),
    )


class EmployeePickForm(forms.Form):
    """Assign or nominate: one employee found by name or NIP among `employees` (already scoped)."""

    nip = EmployeePickerField(
        Employee.objects.none(),
        label=_("Employee"),
        help_text=_("Search by name or NIP, then choose the person."),
        error_messages={
            "required": _("Choose the employee: search by name or NIP."),
            "invalid_choice": _("No employee with this NIP can be chosen here: search by name or NIP again."),
        },
    )

    def __init__(self, *args: Any, employees: QuerySet[Employee], scope: str = "", **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field: EmployeePickerField = self.fields["nip"]  # type: ignore[assignment]
        field.queryset = employees
        if scope:
            field.widget.extra_params = {"scope": scope}


class ParticipantFilterForm(forms.Form):
    status = forms.ChoiceField(label=_("Status"), required=False, choices=[("", _("Any")), *EnrolmentStatus.choices])
