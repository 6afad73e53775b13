"""Shared set-up of the complaint tests: a complaint in a given stage, through the services."""

from __future__ import annotations

from datetime import datetime

from bina.complaints import services
from bina.complaints.models import Complaint, Stage
from bina.complaints.services import ComplaintInput
from bina.core.actor import Actor

# The path from receipt to each stage: the actions that lead there.
PATHS: dict[str, list[str]] = {
    Stage.DITERIMA: [],
    Stage.DIVERIFIKASI: ["verify"],
    Stage.DITUNDA: ["postpone"],
    Stage.BUKAN_WEWENANG: ["reject"],
    Stage.DIARSIPKAN: ["archive"],
    Stage.DIDISPOSISIKAN: ["verify", "dispose"],
    Stage.DITINDAKLANJUTI: ["verify", "dispose", "follow-up"],
    Stage.SELESAI: ["verify", "dispose", "follow-up", "close"],
}


def file_complaint(world, *, received_at: datetime | None = None, **kwargs) -> Complaint:
    data = ComplaintInput(
        description=kwargs.pop("description", "Antrean KTP-el terlalu lama dan petugas tidak ramah."),
        name=kwargs.pop("name", "Budi Pelapor Rahasia"),
        contact=kwargs.pop("contact", "0812-5555-0001"),
        received_at=received_at,
        **kwargs,
    )
    return services.complaint_file(actor=Actor.system(world.pemda.pk, label="test"), data=data)


def act(world, complaint: Complaint, action: str, actor: Actor | None = None) -> Complaint:
    actor = actor or Actor.system(world.pemda.pk, label="test")
    return services.complaint_act(
        actor=actor,
        complaint=complaint,
        action=action,
        reason="Alasan staf internal" if action != "follow-up" else "Tanggapan untuk pelapor",
        unit_code=world.units["kel_a1"].code,
    )


def complaint_in(world, stage: str, **kwargs) -> Complaint:
    complaint = file_complaint(world, **kwargs)
    for action in PATHS[stage]:
        complaint = act(world, complaint, action)
    assert complaint.stage == stage
    return complaint
