"""The service-figures page (kelurahan → kecamatan → Pemda), its exports and who sees per-officer figures."""

import datetime as dt
from zoneinfo import ZoneInfo

import pytest

from bina.quality.factories import ServiceRecordFactory, ServiceTypeFactory
from bina.quality.rollups import rollups_rebuild

pytestmark = pytest.mark.django_db
JAKARTA = ZoneInfo("Asia/Jakarta")
PERIOD = "from=2026-01-01&to=2026-06-30"


@pytest.fixture
def records(world):
    service = ServiceTypeFactory(pemda=world.pemda, code="AKTA-MATI", name="Akta kematian", sla_minutes=30)
    officer = world.employees["kel_a1_staff"]
    for i in range(6):  # Monday 2 March 2026, 08:00 + i hours; the last two take longer than the SLA
        arrived = dt.datetime(2026, 3, 2, 8 + i, 0, tzinfo=JAKARTA)
        ServiceRecordFactory(
            unit=world.units["kel_a1"],
            service=service,
            officer=officer,
            ticket=f"A{i}",
            arrived_at=arrived,
            called_at=arrived + dt.timedelta(minutes=5),
            finished_at=arrived + dt.timedelta(minutes=20 if i < 4 else 50),
        )
    arrived = dt.datetime(2026, 4, 7, 9, 0, tzinfo=JAKARTA)
    ServiceRecordFactory(
        unit=world.units["kel_b1"],
        service=service,
        ticket="B1",
        arrived_at=arrived,
        called_at=arrived + dt.timedelta(minutes=2),
        finished_at=arrived + dt.timedelta(minutes=10),
    )
    rollups_rebuild(pemda_id=world.pemda.pk)
    return world


def test_admin_sees_the_pemda_with_charts_units_queue_and_officers(records, client_as):
    html = client_as(records.users["admin"]).get(f"/quality/figures/?{PERIOD}").content.decode()
    assert "Kelurahan Alfa Satu" in html and "Kelurahan Beta Satu" in html
    assert html.count("<svg") >= 4  # trend, SLA line, hour of day, day of week
    assert "Mar 2026" in html and "Apr 2026" in html  # the months as a reader writes them, not ISO keys
    assert "2026-03" not in html.split("<main", 1)[1].split("<form", 1)[1].split("</form>", 1)[1]
    officer = records.employees["kel_a1_staff"]
    assert officer.nip in html and officer.name in html  # per officer, by name with the NIP, for the admin


def test_drill_down_to_a_kecamatan_and_the_leader_sees_only_their_reach(records, client_as):
    leader = client_as(records.users["leader"])  # leader of Kecamatan Alfa
    html = leader.get(f"/quality/figures/?unit={records.units['kec_a'].code}&{PERIOD}").content.decode()
    assert "Kelurahan Alfa Satu" in html and "Kelurahan Beta Satu" not in html
    assert records.employees["kel_a1_staff"].nip not in html  # a leader's reach gives no officer figures
    assert leader.get(f"/quality/figures/?unit={records.units['kec_b'].code}&{PERIOD}").status_code == 403
    whole = leader.get(f"/quality/figures/?{PERIOD}").content.decode()
    assert "Kelurahan Beta Satu" not in whole
    # With no unit asked, a reach of one subtree is that unit's figures, titled with its name (not the Pemda).
    title = whole.split("<h1>", 1)[1].split("</h1>", 1)[0]
    assert "Kecamatan Alfa" in title and "Seluruh Pemda" not in title


def test_kelurahan_page_shows_the_breadcrumb_and_breaches(records, client_as):
    html = (
        client_as(records.users["admin"])
        .get(f"/quality/figures/?unit={records.units['kel_a1'].code}&{PERIOD}")
        .content.decode()
    )
    assert "Kecamatan Alfa" in html  # the breadcrumb up to the kecamatan
    assert "2 diselesaikan melewati SLA" in html or "2 completed later than the SLA" in html


def test_bad_input_is_a_clear_answer_not_a_500(records, client_as):
    client = client_as(records.users["admin"])
    assert client.get("/quality/figures/?from=kemarin").status_code == 422
    assert client.get("/quality/figures/?from=2026-05-01&to=2026-01-01").status_code == 422
    assert client.get("/quality/figures/?unit=NO-SUCH").status_code == 404
    assert client.get("/quality/figures/?service=NO-SUCH").status_code == 404


def test_exports_are_files_and_an_empty_period_sends_back(records, client_as):
    client = client_as(records.users["admin"])
    xlsx = client.get(f"/quality/figures.xlsx?{PERIOD}")
    assert xlsx.status_code == 200 and xlsx["Content-Type"].startswith("application/vnd.openxmlformats")
    pdf = client.get(f"/quality/figures.pdf?{PERIOD}")
    assert pdf.status_code == 200 and b"".join(pdf.streaming_content if pdf.streaming else [pdf.content]).startswith(
        b"%PDF"
    )
    empty = client.get("/quality/figures.xlsx?from=2020-01-01&to=2020-02-01")
    assert empty.status_code == 302


def test_a_participant_without_reach_is_refused(records, client_as):
    response = client_as(records.users["instructor"]).get(f"/quality/figures/?{PERIOD}")
    assert response.status_code == 403


def test_the_officer_sees_only_their_own_figures_and_no_unit_figures(records, client_as):
    officer = records.users["participant"]  # linked to kel_a1_staff, who served the March tickets
    client = client_as(officer)
    html = client.get(f"/quality/figures/?{PERIOD}").content.decode()
    assert records.employees["kel_a1_staff"].nip in html
    assert "Kelurahan Beta Satu" not in html and "<svg" not in html  # no unit figures without a unit reach
    assert client.get(f"/quality/figures.xlsx?{PERIOD}").status_code == 403
