"""Escalation runs without cron: the periodic loop's `complaints.escalate` task (`manage.py run_periodic`,
started by `make serve` and `make worker`) escalates an overdue complaint once, however often it runs."""

from __future__ import annotations

from datetime import timedelta
from io import StringIO

import pytest
from django.core import mail
from django.core.management import call_command
from django.utils import timezone

from bina.complaints.tests.helpers import file_complaint
from bina.core.audit import AuditEvent
from bina.notifications.models import Notification

pytestmark = pytest.mark.django_db


def run_once() -> str:
    out = StringIO()
    call_command("run_periodic", "--once", "--only", "complaints.escalate", stdout=out)
    return out.getvalue().strip()


def test_the_periodic_task_escalates_an_overdue_complaint_once(world, other_world, django_capture_on_commit_callbacks):
    world.users["admin"].email = "admin@alfa.go.id"
    world.users["admin"].save()
    late = file_complaint(world, received_at=timezone.now() - timedelta(days=20))
    file_complaint(world)  # on time: not escalated
    file_complaint(other_world)  # another Pemda's, on time
    with django_capture_on_commit_callbacks(execute=True):
        first = run_once()
    assert first.startswith("complaints.escalate: escalated=1 closed=0 pemdas=")
    assert Notification.objects.filter(kind="complaint_overdue").count() == 1
    assert len(mail.outbox) == 1 and late.code in mail.outbox[0].subject + mail.outbox[0].body
    with django_capture_on_commit_callbacks(execute=True):
        again = run_once()
    assert again.startswith("complaints.escalate: escalated=0 closed=0")
    assert Notification.objects.filter(kind="complaint_overdue").count() == 1 and len(mail.outbox) == 1
    escalations = AuditEvent.objects.filter(action="complaint.escalate")
    assert escalations.count() == 1 and escalations.get().actor_label == "system:complaints_escalate"


def test_the_command_by_hand_does_the_same_round_for_one_pemda(world, other_world):
    file_complaint(world, received_at=timezone.now() - timedelta(days=20))
    file_complaint(other_world, received_at=timezone.now() - timedelta(days=20))
    out = StringIO()
    call_command("complaints_escalate", "--pemda", world.pemda.slug, stdout=out)
    assert out.getvalue().strip() == f"{world.pemda.slug}: escalated=1 closed=0"
    assert AuditEvent.objects.filter(action="complaint.escalate", pemda=other_world.pemda).count() == 0
    assert run_once().startswith("complaints.escalate: escalated=1")  # the other Pemda's, once
