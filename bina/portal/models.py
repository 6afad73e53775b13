"""What a Pemda publishes on its transparency portal (`/p/<slug>/transparansi/`).

One row per Pemda, written by its admin (`services.publication_update`); until the admin saves one, the
defaults below apply: every section is published except the impact estimates, which an admin publishes on
purpose once the analysts have read them (a credible estimate is still a claim the Pemda makes in public).
"""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from bina.core.models import TenantModel

# The sections, in the order the portal shows them: (field, label). The field is also the section's key.
SECTIONS = (
    ("programme", _("Training programme")),
    ("ikm", _("Satisfaction index (IKM)")),
    ("service", _("Service times")),
    ("complaints", _("Complaints")),
    ("impact", _("Impact of training")),
    ("open_data", _("Open data downloads")),
)
SECTION_KEYS = tuple(key for key, _label in SECTIONS)


class Publication(TenantModel):
    programme = models.BooleanField(_("training programme"), default=True)
    ikm = models.BooleanField(_("satisfaction index (IKM)"), default=True)
    service = models.BooleanField(_("service times"), default=True)
    complaints = models.BooleanField(_("complaints"), default=True)
    impact = models.BooleanField(_("impact of training"), default=False)
    open_data = models.BooleanField(_("open data downloads"), default=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["pemda"], name="publication_one_per_pemda")]
        verbose_name = _("portal publication")

    def published(self) -> list[str]:
        return [key for key in SECTION_KEYS if getattr(self, key)]
