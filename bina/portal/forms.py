from __future__ import annotations

from typing import Any

from django import forms
from django.db import models

from bina.portal.models import Publication


class PublicationForm(forms.Form):
    """One checkbox per section, labelled as the model names it (unchecked: not published)."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for model_field in Publication._meta.get_fields():
            if isinstance(model_field, models.BooleanField):
                self.fields[model_field.name] = forms.BooleanField(
                    label=str(model_field.verbose_name).capitalize(), required=False
                )
