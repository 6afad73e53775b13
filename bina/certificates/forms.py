"""Forms of the certificate pages."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from bina.certificates.models import CertificateSettings


class CertificateSettingsForm(forms.ModelForm):
    class Meta:
        model = CertificateSettings
        fields = ["issuer_name", "signer_name", "signer_title", "signer_nip", "number_prefix", "city"]
        help_texts = {
            "number_prefix": _('Numbers look like "<prefix>/<year>/<serial>"; empty uses BINA-<BPS code>.'),
            "signer_nip": _("18 digits, printed under the signer's name."),
        }


class RevokeForm(forms.Form):
    reason = forms.CharField(
        label=_("Reason for revoking"),
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=2000,
        help_text=_("Kept in the audit log and sent to the holder."),
    )


class CertificateFilterForm(forms.Form):
    year = forms.IntegerField(label=_("Year"), required=False, min_value=2000, max_value=2100)
    klass = forms.IntegerField(label=_("Class"), required=False, min_value=1, widget=forms.HiddenInput)

    def filters(self) -> dict[str, Any]:
        if not self.is_valid():
            return {}
        return {"year": self.cleaned_data.get("year"), "klass_id": self.cleaned_data.get("klass")}


class VerifyForm(forms.Form):
    """The public check's box: a certificate number as printed (a GET form, so the result has its own URL)."""

    number = forms.CharField(
        label=_("Certificate number"),
        max_length=80,
        strip=True,
        # The help (with an example number that must not wrap) is written by the template: verify.html.
        widget=forms.TextInput(
            attrs={
                "aria-describedby": "id_number_helptext",
                "autocomplete": "off",
                "autocapitalize": "characters",
                "spellcheck": "false",
                "enterkeyhint": "search",
                "class": "mono",
            }
        ),
    )

    def number_or_empty(self) -> str:
        """The typed number (inner spaces dropped: a number never has any), or "" while nothing valid was typed."""
        if not self.is_bound or not self.is_valid():
            return ""
        return "".join(self.cleaned_data["number"].split())
