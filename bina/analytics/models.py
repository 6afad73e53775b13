"""Impact estimates computed in the background and kept for as long as the data they read do not change."""

from __future__ import annotations

from django.conf import settings
from django.db import models

from bina.core.models import TenantModel
from bina.jobs.models import Job


class ImpactRun(TenantModel, Job):
    """One estimate (`bina.analytics.selectors.ImpactQuery`) over one reach, at one version of the data.

    `key` hashes the question, the reach it was asked over and the data version (rollups and
    completions): the same question over unchanged data is answered from `result` without estimating
    again; new records or a new completion give a new version, hence a new run.
    """

    key = models.CharField(max_length=64)
    query = models.JSONField()
    reach = models.JSONField()
    data_version = models.CharField(max_length=120)
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        indexes = [models.Index(fields=["pemda", "key", "-created_at"], name="impactrun_pemda_key")]


class MonthlyReportSubscription(TenantModel):
    """A leader (or admin) who receives the monthly one-page report: a notice with its link on the 1st."""

    user = models.OneToOneField(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
