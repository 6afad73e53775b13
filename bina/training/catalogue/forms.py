"""Forms of the catalogue pages (programmes and courses); the rules live in `services.catalogue`."""

from __future__ import annotations

from typing import Any

from django import forms
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from bina.competencies.models import Competency
from bina.core.limits import MAX_JP
from bina.people.models import OrgUnit, PositionKind
from bina.training.catalogue.models import (
    Course,
    DeliveryMode,
    LearningPath,
    Method,
    Programme,
    ProgrammeGoal,
    ProgrammeStatus,
    TrainingType,
)

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class UnitMultipleChoiceField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        return f"{obj.name} ({obj.code})"


class ProgrammeFilterForm(forms.Form):
    year = forms.TypedChoiceField(label=_("Year"), required=False, coerce=int, empty_value=None)
    goal = forms.ChoiceField(label=_("Goal"), required=False, choices=[("", _("Any")), *ProgrammeGoal.choices])
    status = forms.ChoiceField(label=_("Status"), required=False, choices=[("", _("Any")), *ProgrammeStatus.choices])

    def __init__(self, *args: Any, years: list[int], show_status: bool, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["year"].choices = [("", _("All years")), *[(y, y) for y in years]]  # type: ignore[attr-defined]
        if not show_status:
            del self.fields["status"]


class ProgrammeForm(forms.Form):
    name = forms.CharField(label=_("Name"), max_length=200)
    year = forms.IntegerField(label=_("Budget year"), min_value=2000, max_value=2100)
    description = forms.CharField(label=_("Description"), widget=forms.Textarea(attrs={"rows": 3}), required=False)
    goals = forms.MultipleChoiceField(
        label=_("Goals"), choices=ProgrammeGoal.choices, required=False, widget=forms.CheckboxSelectMultiple
    )
    starts_on = forms.DateField(label=_("Starts on"), widget=DATE)
    ends_on = forms.DateField(label=_("Ends on"), widget=DATE)
    budget = forms.DecimalField(label=_("Budget (Rp)"), min_value=0, decimal_places=0, max_digits=15, initial=0)
    target_units = UnitMultipleChoiceField(OrgUnit.objects.none(), label=_("Target units"), required=False)
    target_position_kinds = forms.MultipleChoiceField(
        label=_("Target positions"),
        choices=PositionKind.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Empty means every position."),
    )

    def __init__(self, *args: Any, units: QuerySet[OrgUnit], programme: Programme | None = None, **kwargs: Any) -> None:
        if programme is not None and "initial" not in kwargs:
            kwargs["initial"] = {
                "name": programme.name,
                "year": programme.year,
                "description": programme.description,
                "goals": programme.goals,
                "starts_on": programme.starts_on,
                "ends_on": programme.ends_on,
                "budget": programme.budget,
                "target_units": list(programme.target_units.all()),
                "target_position_kinds": programme.target_position_kinds,
            }
        super().__init__(*args, **kwargs)
        self.fields["target_units"].queryset = units  # type: ignore[attr-defined]

    def service_data(self) -> dict[str, Any]:
        return {k: v for k, v in self.cleaned_data.items() if k != "target_units"}


class CourseFilterForm(forms.Form):
    q = forms.CharField(label=_("Search by title or code"), required=False, max_length=100)
    method = forms.ChoiceField(label=_("Method"), required=False, choices=[("", _("Any")), *Method.choices])
    learning_path = forms.ChoiceField(
        label=_("Classical or not"), required=False, choices=[("", _("Any")), *LearningPath.choices]
    )
    competency = forms.ModelChoiceField(
        Competency.objects.none(), label=_("Competency"), required=False, empty_label=_("Any")
    )

    def __init__(self, *args: Any, competencies: QuerySet[Competency], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["competency"].queryset = competencies  # type: ignore[attr-defined]


class CourseForm(forms.Form):
    programme = forms.ModelChoiceField(Programme.objects.none(), label=_("Programme"), required=False)
    code = forms.CharField(label=_("Code"), max_length=32)
    title = forms.CharField(label=_("Title"), max_length=200)
    description = forms.CharField(label=_("Description"), widget=forms.Textarea(attrs={"rows": 3}), required=False)
    objectives = forms.CharField(
        label=_("Learning objectives"),
        widget=forms.Textarea(attrs={"rows": 4}),
        required=False,
        help_text=_("What a participant can do afterwards; one per line."),
    )
    method = forms.ChoiceField(
        label=_("Method"),
        choices=Method.choices,
        help_text=_("Decides whether the course counts as classical or non-classical learning."),
    )
    delivery_mode = forms.ChoiceField(label=_("Delivery mode"), choices=DeliveryMode.choices)
    training_type = forms.ChoiceField(
        label=_("Training type"), choices=TrainingType.choices, initial=TrainingType.TEKNIS
    )
    jp = forms.IntegerField(label=_("JP"), min_value=1, max_value=MAX_JP, help_text=_("1 JP = 45 minutes."))
    min_attendance_pct = forms.IntegerField(label=_("Minimum attendance (%)"), min_value=0, max_value=100, initial=80)
    has_post_test = forms.BooleanField(label=_("Has a post-test"), required=False)
    min_post_test_score = forms.DecimalField(
        label=_("Minimum post-test score"), required=False, min_value=0, max_value=100, decimal_places=2
    )
    prerequisites = forms.ModelMultipleChoiceField(
        Course.objects.none(), label=_("Prerequisite courses"), required=False, widget=forms.CheckboxSelectMultiple
    )
    is_active = forms.BooleanField(label=_("Active"), required=False, initial=True)

    def __init__(
        self,
        *args: Any,
        programmes: QuerySet[Programme],
        courses: QuerySet[Course],
        competencies: QuerySet[Competency],
        course: Course | None = None,
        **kwargs: Any,
    ) -> None:
        targets: dict[int, int] = {}
        if course is not None:
            targets = {t.competency_id: t.target_level for t in course.competency_targets.all()}
            if "initial" not in kwargs:
                kwargs["initial"] = {
                    "programme": course.programme_id,
                    "code": course.code,
                    "title": course.title,
                    "description": course.description,
                    "objectives": course.objectives,
                    "method": course.method,
                    "delivery_mode": course.delivery_mode,
                    "training_type": course.training_type,
                    "jp": course.jp,
                    "min_attendance_pct": course.min_attendance_pct,
                    "has_post_test": course.has_post_test,
                    "min_post_test_score": course.min_post_test_score,
                    "prerequisites": list(course.prerequisites.all()),
                    "is_active": course.is_active,
                }
        super().__init__(*args, **kwargs)
        self.fields["programme"].queryset = programmes  # type: ignore[attr-defined]
        self.fields["prerequisites"].queryset = (  # type: ignore[attr-defined]
            courses.exclude(pk=course.pk) if course is not None else courses
        )
        # One "target level" select per competency: empty = the course does not develop it.
        self.competency_fields: list[tuple[Competency, str]] = []
        level_choices = [("", "-"), *[(i, str(i)) for i in range(1, 6)]]
        for competency in competencies:
            name = f"competency_{competency.pk}"
            self.fields[name] = forms.TypedChoiceField(
                label=f"{competency.code} {competency.name}",
                choices=level_choices,
                coerce=int,
                empty_value=None,
                required=False,
                initial=targets.get(competency.pk),
            )
            self.competency_fields.append((competency, name))

    def basic_fields(self) -> list[Any]:
        return [self[name] for name in self.fields if not name.startswith("competency_")]

    def level_fields(self) -> list[Any]:
        return [self[name] for _c, name in self.competency_fields]

    def targets(self) -> dict[Competency, int]:
        return {c: self.cleaned_data[name] for c, name in self.competency_fields if self.cleaned_data.get(name)}

    def service_data(self) -> dict[str, Any]:
        keep = (
            "programme", "code", "title", "description", "objectives", "method", "delivery_mode", "training_type", "jp",
            "min_attendance_pct", "has_post_test", "min_post_test_score",
        )  # fmt: skip
        return {k: self.cleaned_data[k] for k in keep}
