"""The complaint workflow is one table (`COMPLAINT_WORKFLOW`): every (stage, action) pair of the services,
the detail page and the API agrees with it; who may act; an unknown action is a 422 `unknown_action`."""

from __future__ import annotations

import re

import pytest
from django.db import transaction
from django.urls import reverse

from bina.complaints import services
from bina.complaints.models import Complaint, ComplaintEvent, Stage
from bina.complaints.tests.helpers import act, complaint_in
from bina.complaints.workflows import COMPLAINT_WORKFLOW
from bina.core.errors import BinaError, Conflict, PermissionDenied, ValidationFailed


class _RollBack(Exception):
    pass


def _accepted(world, complaint: Complaint, action: str) -> bool:
    try:
        with transaction.atomic():
            act(world, complaint, action)
            raise _RollBack
    except _RollBack:
        return True
    except Conflict:
        return False


@pytest.mark.django_db
@pytest.mark.parametrize("stage", list(Stage.values))
def test_every_stage_action_pair_follows_the_table(world, stage):
    complaint = complaint_in(world, stage)
    for action in COMPLAINT_WORKFLOW.actions:
        expected = stage in COMPLAINT_WORKFLOW.transition(action).sources
        assert _accepted(world, complaint, action) == expected, (stage, action)
    # The admin sees exactly the allowed actions on the page and in the API.
    allowed = [a for a in COMPLAINT_WORKFLOW.actions if stage in COMPLAINT_WORKFLOW.transition(action := a).sources]
    assert COMPLAINT_WORKFLOW.allowed_actions(complaint, world.actor("admin")) == allowed


@pytest.mark.django_db
def test_page_and_api_offer_what_the_table_allows(world, client_as, api_as):
    admin = world.users["admin"]
    for stage in Stage.values:
        complaint = complaint_in(world, stage)
        html = client_as(admin).get(reverse("complaints:complaint_detail", args=[complaint.pk])).content.decode()
        shown = set(re.findall(r'data-action="([a-z-]+)"', html))
        allowed = set(COMPLAINT_WORKFLOW.allowed_actions(complaint, world.actor("admin")))
        assert shown == allowed, stage
        body = api_as(admin).get(f"/api/v1/complaints/{complaint.code}").json()
        assert set(body["allowed_actions"]) == allowed


@pytest.mark.django_db
def test_a_whole_journey_writes_the_history(world):
    complaint = complaint_in(world, Stage.SELESAI)
    steps = list(ComplaintEvent.objects.filter(complaint=complaint).values_list("to_stage", flat=True))
    assert steps == [Stage.DITERIMA, Stage.DIVERIFIKASI, Stage.DIDISPOSISIKAN, Stage.DITINDAKLANJUTI, Stage.SELESAI]
    complaint.refresh_from_db()
    assert complaint.resolved_at == complaint.followed_up_at
    assert complaint.disposed_unit == world.units["kel_a1"]


@pytest.mark.django_db
def test_only_the_admin_verifies_and_the_handling_unit_follows_up(world, other_world):
    complaint = complaint_in(world, Stage.DITERIMA)
    with pytest.raises(PermissionDenied):
        services.complaint_act(actor=world.actor("operator"), complaint=complaint, action="verify")
    with pytest.raises(PermissionDenied):
        services.complaint_act(actor=world.actor("leader"), complaint=complaint, action="verify")
    # Forwarded to the dinas's bidang: the dinas's operator follows it up; the leader only reads.
    complaint = act(world, complaint, "verify")
    complaint = services.complaint_act(
        actor=world.actor("admin"), complaint=complaint, action="dispose", unit_code=world.units["bidang"].code
    )
    with pytest.raises(PermissionDenied):
        services.complaint_act(actor=world.actor("leader"), complaint=complaint, action="follow-up", reason="x")
    done = services.complaint_act(
        actor=world.actor("operator"), complaint=complaint, action="follow-up", reason="Sudah kami perbaiki."
    )
    assert done.stage == Stage.DITINDAKLANJUTI
    # Another Pemda's admin cannot act on it (its permission is per Pemda).
    with pytest.raises(PermissionDenied):
        services.complaint_act(actor=other_world.actor("admin"), complaint=done, action="close")


@pytest.mark.django_db
def test_reasons_and_units_are_required_and_a_refusal_changes_nothing(world):
    complaint = complaint_in(world, Stage.DITERIMA)
    admin = world.actor("admin")
    with pytest.raises(ValidationFailed):
        services.complaint_act(actor=admin, complaint=complaint, action="postpone", reason="  ")
    complaint = act(world, complaint, "verify")
    with pytest.raises(ValidationFailed):
        services.complaint_act(actor=admin, complaint=complaint, action="dispose", unit_code="")
    with pytest.raises(ValidationFailed) as exc:
        services.complaint_act(actor=admin, complaint=complaint, action="dispose", unit_code="NO-SUCH")
    assert exc.value.code == "invalid_reference"
    complaint.refresh_from_db()
    assert complaint.stage == Stage.DIVERIFIKASI
    assert complaint.events.count() == 2


@pytest.mark.django_db
def test_unknown_action_is_422_everywhere(world, api_as):
    complaint = complaint_in(world, Stage.DITERIMA)
    with pytest.raises(BinaError) as exc:
        services.complaint_act(actor=world.actor("admin"), complaint=complaint, action="teleport")
    assert exc.value.code == "unknown_action" and exc.value.status == 422
    response = api_as(world.users["admin"]).post(
        f"/api/v1/complaints/{complaint.code}/actions", {"action": "teleport"}, content_type="application/json"
    )
    assert response.status_code == 422 and response.json()["error"]["code"] == "unknown_action"
    response = api_as(world.users["admin"]).post(
        f"/api/v1/complaints/{complaint.code}/actions", {"action": "verify"}, content_type="application/json"
    )
    assert response.status_code == 200 and response.json()["stage"] == Stage.DIVERIFIKASI
    # A refused action is a 409 naming the stage.
    response = api_as(world.users["admin"]).post(
        f"/api/v1/complaints/{complaint.code}/actions", {"action": "verify"}, content_type="application/json"
    )
    assert response.status_code == 409
