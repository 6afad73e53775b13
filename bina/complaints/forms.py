"""Forms of the public complaint page and of the staff pages (the rules are in `services`)."""

from __future__ import annotations

from typing import Any, cast

from django import forms
from django.utils.translation import gettext_lazy as _

from bina.complaints.models import Category, Stage


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    """Several files in one input; their content is checked by `bina.complaints.attachments`, not here."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("widget", MultipleFileInput())
        super().__init__(*args, **kwargs)

    def clean(self, data: Any, initial: Any = None) -> Any:
        return None


class ComplaintForm(forms.Form):
    """The citizen's form (and staff filing on a citizen's behalf): only the description is required."""

    kategori = forms.ChoiceField(label=_("Type of report"), choices=Category.choices, initial=Category.PENGADUAN)
    uraian = forms.CharField(
        label=_("What happened?"),
        min_length=10,
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text=_("Where and when, which service, what went wrong. Do not write your ID number here."),
    )
    kode_unit = forms.ChoiceField(label=_("Office or kelurahan (optional)"), required=False)
    kode_layanan = forms.ChoiceField(label=_("Service (optional)"), required=False)
    nomor_tiket = forms.CharField(
        label=_("Queue ticket number (optional)"),
        max_length=40,
        required=False,
        help_text=_("As printed on your queue ticket, if you have it."),
    )
    nama = forms.CharField(
        label=_("Your name (optional)"),
        max_length=120,
        required=False,
        help_text=_("Leave empty to complain anonymously."),
    )
    kontak = forms.CharField(
        label=_("Phone or email (optional)"),
        max_length=120,
        required=False,
        help_text=_("Only the officers handling your complaint see it, to ask you for details."),
    )
    lampiran = MultipleFileField(
        label=_("Photos or documents (optional)"),
        required=False,
        widget=MultipleFileInput(attrs={"accept": "image/png,image/jpeg,application/pdf"}),
        help_text=_("Up to 3 files: PNG or JPEG photos or PDF, at most 2 MB each."),
    )

    def __init__(self, *args: Any, units: list[tuple[str, str]], services: list[tuple[str, str]], **kwargs: Any):
        super().__init__(*args, **kwargs)
        cast(forms.ChoiceField, self.fields["kode_unit"]).choices = [("", _("— not sure —")), *units]
        cast(forms.ChoiceField, self.fields["kode_layanan"]).choices = [("", _("— not sure —")), *services]
        for name in ("uraian", "nomor_tiket", "nama", "kontak"):
            self.fields[name].widget.attrs.setdefault("autocomplete", "off")
        self.fields["nama"].widget.attrs["autocomplete"] = "name"


class StaffComplaintForm(ComplaintForm):
    nip_petugas = forms.CharField(label=_("Officer's NIP (optional)"), max_length=32, required=False)


class TrackForm(forms.Form):
    code = forms.CharField(label=_("Tracking code"), max_length=32, min_length=4)


class ListFilterForm(forms.Form):
    stage = forms.ChoiceField(label=_("Stage"), choices=[("", _("All stages")), *Stage.choices], required=False)
    overdue = forms.BooleanField(label=_("Overdue only"), required=False)
    unit = forms.ChoiceField(label=_("Handling unit"), required=False)
    q = forms.CharField(label=_("Code or words"), max_length=100, required=False)

    def __init__(self, *args: Any, units: list[tuple[str, str]], **kwargs: Any):
        super().__init__(*args, **kwargs)
        cast(forms.ChoiceField, self.fields["unit"]).choices = [("", _("All units")), *units]


class DisposeForm(forms.Form):
    kode_unit = forms.ChoiceField(label=_("Handling unit"))
    nip_petugas = forms.CharField(label=_("Officer's NIP (optional)"), max_length=32, required=False)

    def __init__(self, *args: Any, units: list[tuple[str, str]], **kwargs: Any):
        super().__init__(*args, **kwargs)
        cast(forms.ChoiceField, self.fields["kode_unit"]).choices = units


class NoteForm(forms.Form):
    text = forms.CharField(label=_("Internal note"), max_length=5000, widget=forms.Textarea(attrs={"rows": 3}))


class FiguresForm(forms.Form):
    start = forms.DateField(label=_("From"), widget=forms.DateInput(attrs={"type": "date"}))
    end = forms.DateField(label=_("To"), widget=forms.DateInput(attrs={"type": "date"}))
    unit = forms.ChoiceField(label=_("Unit"), required=False)

    def __init__(self, *args: Any, units: list[tuple[str, str]], **kwargs: Any):
        super().__init__(*args, **kwargs)
        cast(forms.ChoiceField, self.fields["unit"]).choices = [("", _("Whole reach")), *units]

    def clean(self) -> Any:
        data = super().clean() or {}
        if data.get("start") and data.get("end") and data["end"] < data["start"]:
            self.add_error("end", _("The end date is before the start date."))
        return data


class SettingsForm(forms.Form):
    verify_days = forms.IntegerField(label=_("Verification and forwarding (working days)"), min_value=1, max_value=60)
    followup_days = forms.IntegerField(label=_("Follow-up by the unit (working days)"), min_value=1, max_value=60)
    close_days = forms.IntegerField(label=_("Closing without a reply (working days)"), min_value=1, max_value=60)
    settle_days = forms.IntegerField(label=_("Settlement limit (calendar days)"), min_value=1, max_value=365)
    public_limit_per_hour = forms.IntegerField(
        label=_("Public submissions per address per hour"), min_value=1, max_value=1000
    )
