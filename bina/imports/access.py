"""Scoped entry points to import jobs: admins see every job of their Pemda, others only those they started,
and only for the kinds they may import."""

from __future__ import annotations

from django.db.models import QuerySet
from django.utils.translation import gettext as _

from bina.core.actor import Actor
from bina.core.errors import NotFound
from bina.imports.models import ImportJob
from bina.imports.registry import import_kinds


def import_jobs_for(actor: Actor) -> QuerySet[ImportJob]:
    kinds = [k.name for k in import_kinds() if k.can_import(actor)]
    if actor.pemda_id is None or not kinds:
        return ImportJob.objects.none()
    qs = ImportJob.objects.filter(pemda_id=actor.pemda_id)
    if not actor.is_admin:
        qs = qs.filter(created_by_id=actor.user_id)
    return qs


def get_import_job_for_user(actor: Actor, job_id: int) -> ImportJob:
    job = import_jobs_for(actor).filter(pk=job_id).first()
    if job is None:
        raise NotFound(_("No such import."))
    return job
