"""Staff faces: who sees which complaint, notes, escalation sent once, the LAPOR! import, figures, to-do."""

from __future__ import annotations

from datetime import date, timedelta
from io import StringIO

import pytest
from django.core import mail
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from bina.complaints import selectors, services
from bina.complaints.models import Complaint, Stage
from bina.complaints.tests.helpers import act, complaint_in, file_complaint
from bina.core.actor import Actor
from bina.notifications.models import Notification


def _dispose_to(world, complaint, unit_key):
    return services.complaint_act(
        actor=world.actor("admin"), complaint=complaint, action="dispose", unit_code=world.units[unit_key].code
    )


@pytest.mark.django_db
def test_scope_admin_all_operator_and_leader_their_subtree(world, other_world, client_as, api_as):
    to_dinas = _dispose_to(world, complaint_in(world, Stage.DIVERIFIKASI), "bidang")
    to_kel = _dispose_to(world, complaint_in(world, Stage.DIVERIFIKASI), "kel_a1")
    fresh = complaint_in(world, Stage.DITERIMA)
    complaint_in(other_world, Stage.DITERIMA)
    seen = {
        persona: set(
            selectors.complaint_list(world.actor(persona), selectors.ListFilters()).values_list("pk", flat=True)
        )
        for persona in ("admin", "operator", "leader")
    }
    assert seen["admin"] == {to_dinas.pk, to_kel.pk, fresh.pk}
    assert seen["operator"] == {to_dinas.pk}  # operator of the dinas
    assert seen["leader"] == {to_kel.pk}  # leader of kecamatan Alfa
    assert (
        client_as(world.users["operator"]).get(reverse("complaints:complaint_detail", args=[to_kel.pk])).status_code
        == 404
    )
    assert client_as(world.users["participant"]).get(reverse("complaints:complaint_list")).status_code == 403
    assert (
        client_as(other_world.users["admin"]).get(reverse("complaints:complaint_detail", args=[fresh.pk])).status_code
        == 404
    )
    listing = api_as(world.users["leader"]).get("/api/v1/complaints").json()
    assert [item["code"] for item in listing["items"]] == [to_kel.code]
    # Filters: stage and unit.
    page = client_as(world.users["admin"]).get(reverse("complaints:complaint_list"), {"stage": "diterima"})
    assert fresh.code in page.content.decode() and to_kel.code not in page.content.decode()
    page = client_as(world.users["admin"]).get(
        reverse("complaints:complaint_list"), {"unit": world.units["dinas"].code}
    )
    assert to_dinas.code in page.content.decode() and to_kel.code not in page.content.decode()


@pytest.mark.django_db
def test_pages_act_and_keep_notes(world, client_as):
    complaint = complaint_in(world, Stage.DITERIMA)
    client = client_as(world.users["admin"])
    assert client.post(reverse("complaints:complaint_verify", args=[complaint.pk])).status_code == 302
    response = client.post(
        reverse("complaints:complaint_dispose", args=[complaint.pk]), {"kode_unit": world.units["kel_a1"].code}
    )
    assert response.status_code == 302
    client.post(reverse("complaints:complaint_note", args=[complaint.pk]), {"text": "Hubungi lurah"})
    complaint.refresh_from_db()
    assert complaint.stage == Stage.DIDISPOSISIKAN and complaint.notes.get().text == "Hubungi lurah"
    page = client.get(reverse("complaints:complaint_detail", args=[complaint.pk])).content.decode()
    assert "Hubungi lurah" in page
    # The leader reads but cannot add notes.
    leader = client_as(world.users["leader"])
    assert leader.post(reverse("complaints:complaint_note", args=[complaint.pk]), {"text": "x y"}).status_code == 403
    assert complaint.notes.count() == 1


@pytest.mark.django_db
def test_staff_file_on_behalf(world, client_as):
    response = client_as(world.users["admin"]).post(
        reverse("complaints:complaint_new"),
        {
            "kategori": "aspirasi",
            "uraian": "Mohon loket dibuka hari Sabtu.",
            "nama": "Warga",
            "kode_unit": world.units["kel_a1"].code,
        },
    )
    assert response.status_code == 302
    complaint = Complaint.objects.get()
    assert complaint.source == "staff" and complaint.category == "aspirasi"


@pytest.mark.django_db
def test_escalation_is_sent_once_per_deadline(world, django_capture_on_commit_callbacks):
    world.users["admin"].email = "admin@alfa.go.id"
    world.users["admin"].save()
    late = file_complaint(world, received_at=timezone.now() - timedelta(days=20))
    on_time = file_complaint(world)
    system = Actor.system(world.pemda.pk, label="complaints_escalate")
    with django_capture_on_commit_callbacks(execute=True):
        first = services.complaints_escalate(actor=system)
    with django_capture_on_commit_callbacks(execute=True):
        again = services.complaints_escalate(actor=system)
    assert (first.escalated, again.escalated) == (1, 0)
    assert Notification.objects.filter(kind="complaint_overdue").count() == 1
    assert len(mail.outbox) == 1 and late.code in mail.outbox[0].subject + mail.outbox[0].body
    assert on_time.code not in mail.outbox[0].body
    # Verification keeps the one window of verification and forwarding: the same deadline, not sent again.
    late.refresh_from_db()
    late = act(world, late, "verify")
    assert services.complaints_escalate(actor=system).escalated == 0


@pytest.mark.django_db
def test_followed_up_complaints_close_after_the_quiet_days(world):
    complaint = complaint_in(world, Stage.DITINDAKLANJUTI)
    system = Actor.system(world.pemda.pk, label="complaints_escalate")
    assert services.complaints_escalate(actor=system).closed == 0
    result = services.complaints_escalate(actor=system, now=complaint.due_at + timedelta(seconds=1))
    complaint.refresh_from_db()
    assert result.closed == 1 and complaint.stage == Stage.SELESAI


@pytest.mark.django_db
def test_the_admins_todo_counts_overdue(world, client_as):
    file_complaint(world, received_at=timezone.now() - timedelta(days=20))
    from bina.complaints.cards import overdue_todo

    items = overdue_todo(world.actor("admin"))
    assert items[0].count == 1 and items[0].tone == "alert"
    assert overdue_todo(world.actor("operator")) == []


@pytest.mark.django_db
def test_lapor_import_creates_once_and_refuses_bad_rows(world, tmp_path):
    good = tmp_path / "lapor.csv"
    good.write_text(
        "nomor_laporan,tanggal_laporan,kategori,isi_laporan,kode_unit,nama_pelapor\n"
        f"LPR-1,2026-03-02 09:15,Pengaduan,Antrean KTP-el terlalu lama.,{world.units['kel_a1'].code},Siti\n"
        "LPR-2,02/03/2026,Aspirasi,Tambah loket untuk lansia.,,\n",
        encoding="utf-8",
    )
    out = StringIO()
    call_command("import_lapor", str(good), "--pemda", world.pemda.slug, stdout=out)
    assert out.getvalue().strip().splitlines()[-1] == "created=2 updated=0 unchanged=0 errors=0"
    again = StringIO()
    call_command("import_lapor", str(good), "--pemda", world.pemda.slug, stdout=again)
    assert again.getvalue().strip().splitlines()[-1] == "created=0 updated=0 unchanged=2 errors=0"
    first = Complaint.objects.get(lapor_id="LPR-1")
    assert first.source == "lapor" and first.received_at.astimezone(timezone.get_current_timezone()).date() == date(
        2026, 3, 2
    )
    bad = tmp_path / "bad.csv"
    bad.write_text(
        "nomor_laporan,tanggal_laporan,kategori,isi_laporan,kode_unit\n"
        "LPR-3,2099-01-01,Pengaduan,Tanggal di masa depan.,\n"
        "LPR-4,2026-03-02,Gosip,Kategori tidak dikenal.,\n"
        "LPR-5,2026-03-02,Pengaduan,Unit tidak dikenal sama sekali.,NO-UNIT\n",
        encoding="utf-8",
    )
    with pytest.raises(SystemExit):
        call_command("import_lapor", str(bad), "--pemda", world.pemda.slug, stdout=StringIO())
    assert Complaint.objects.count() == 2


@pytest.mark.django_db
def test_figures_per_unit(world, api_as, client_as):
    from zoneinfo import ZoneInfo

    now = timezone.localtime(timezone.now(), ZoneInfo("Asia/Jakarta"))
    fast = complaint_in(world, Stage.SELESAI)  # resolved at once
    late = file_complaint(world, received_at=now - timedelta(days=20))  # open and overdue
    rows = selectors.complaint_figures(world.actor("admin"), start=(now - timedelta(days=30)).date(), end=now.date())
    total = rows[0]
    assert (total.unit_code, total.received, total.resolved, total.resolved_in_time, total.open_overdue) == (
        "",
        2,
        1,
        1,
        1,
    )
    assert total.median_days_to_resolve == 0.0
    kel = next(r for r in rows if r.unit_code == world.units["kel_a1"].code)
    assert (kel.received, kel.resolved) == (1, 1)
    body = (
        api_as(world.users["admin"])
        .get("/api/v1/complaint-stats", {"from": str((now - timedelta(days=30)).date()), "to": str(now.date())})
        .json()
    )
    assert body[0]["received"] == 2
    page = client_as(world.users["admin"]).get(reverse("complaints:complaint_figures"))
    assert page.status_code == 200
    assert fast.pk and late.pk
