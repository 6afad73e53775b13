"""SKM results through every face: selector, API, command (JSON/XLSX/PDF); the weight setting; the population."""

import datetime as dt
import json
from io import StringIO

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.utils import timezone

from bina.core.actor import Actor
from bina.core.errors import NotFound
from bina.quality.models import RecordStatus, ServiceRecord, ServiceType
from bina.quality.rollups import rollups_rebuild
from bina.skm.elements import ELEMENT_CODES
from bina.skm.factories import responses_add, skm_ready
from bina.skm.selectors import skm_results
from bina.skm.services import skm_campaign_create, skm_setting_update

pytestmark = pytest.mark.django_db

START, END = dt.date(2026, 1, 1), dt.date(2026, 6, 30)
KEYS = {
    "respondents",
    "elements",
    "ikm",
    "ikm_converted",
    "mutu",
    "kinerja",
    "weight",
    "population",
    "sample_min",
    "sample_met",
}


def near_bound(world, n=40):
    """40 respondents whose IKM is 88,33 with 1/9 and 88,25 with 0,111 (see test_index)."""
    skm_ready(world.pemda)
    rows = []
    for i in range(n):
        # Element sums: 141 for eight elements (21 fours, 19 threes), 144 for the ninth (24 fours, 16 threes).
        row = {code: (4 if i < 21 else 3) for code in ELEMENT_CODES[:8]}
        row[ELEMENT_CODES[8]] = 4 if i < 24 else 3
        row["jenis_kelamin"] = "L" if i < 30 else "P"
        row["umur"] = "30-39" if i < 38 else "60+"
        if i == 0:
            row["saran"] = "Antrean di hari Senin terlalu panjang."
        rows.append(row)
    responses_add(world.units["kel_a1"], rows)


def test_results_of_a_unit_include_its_subtree_and_follow_the_rule(world):
    near_bound(world)
    results = skm_results(world.actor("admin"), unit_code=world.units["kec_a"].code, start=START, end=END)
    body = results.as_json()
    assert body.keys() >= KEYS
    assert body["respondents"] == 40
    assert body["ikm_converted"] == 88.33
    assert (body["mutu"], body["kinerja"], body["weight"]) == ("A", "Sangat Baik", "1/9")
    assert [e["code"] for e in body["elements"]] == list(ELEMENT_CODES)
    assert body["elements"][0]["nrr"] == 3.525
    assert body["population"] is None and body["sample_min"] is None and body["sample_met"] is None
    gender = next(p for p in results.profile if p.code == "jenis_kelamin")
    assert [(r.code, r.count) for r in gender.rows] == [("L", 30), ("P", 10)]
    age = next(p for p in results.profile if p.code == "umur")
    assert dict((r.code, r.count) for r in age.rows)["60+"] is None  # 2 people: withheld
    assert results.suggestions == ["Antrean di hari Senin terlalu panjang."]


def test_the_printed_weight_setting_flips_the_category_and_says_so(world):
    near_bound(world)
    skm_setting_update(actor=world.actor("admin"), weight="printed")
    body = skm_results(world.actor("admin"), unit_code=world.units["kel_a1"].code, start=START, end=END).as_json()
    assert (body["ikm_converted"], body["mutu"], body["kinerja"], body["weight"]) == (88.25, "B", "Baik", "0.111")


def test_nothing_is_shown_below_five_respondents(world):
    skm_ready(world.pemda)
    responses_add(world.units["kel_a1"], [{c: 4 for c in ELEMENT_CODES}] * 4)
    body = skm_results(world.actor("admin"), unit_code=world.units["kel_a1"].code, start=START, end=END).as_json()
    assert body["respondents"] == 4
    assert body["ikm"] is None and body["ikm_converted"] is None and body["mutu"] is None
    assert all(e["nrr"] is None for e in body["elements"])


def test_set_aside_responses_are_not_counted(world):
    skm_ready(world.pemda)
    responses_add(world.units["kel_a1"], [{c: 4 for c in ELEMENT_CODES}] * 5)
    responses_add(world.units["kel_a1"], [{c: 1 for c in ELEMENT_CODES}] * 5, excluded="duplicate")
    results = skm_results(world.actor("admin"), unit_code=world.units["kel_a1"].code, start=START, end=END)
    assert results.respondents == 5 and results.set_aside == 5
    assert results.as_json()["ikm_converted"] == 100.0


def _record(world, unit, n, status=RecordStatus.SELESAI):
    service = ServiceType.objects.get(pemda=world.pemda, code="KK")
    at = timezone.make_aware(dt.datetime(2026, 2, 3, 9, 0))
    ServiceRecord.objects.bulk_create(
        ServiceRecord(
            pemda=world.pemda,
            service=service,
            unit=unit,
            ticket=f"A{i:03d}",
            arrival_date=at.date(),
            arrived_at=at,
            called_at=at,
            finished_at=at,
            status=status,
        )
        for i in range(n)
    )


def test_population_comes_from_completed_records_else_from_the_campaign(world):
    near_bound(world)
    unit = world.units["kel_a1"]
    admin = world.actor("admin")
    skm_campaign_create(actor=admin, unit=unit, service=None, name="", start=START, end=END, expected=1000)
    body = skm_results(admin, unit_code=unit.code, start=START, end=END).as_json()
    assert (body["population"], body["population_source"], body["sample_min"], body["sample_met"]) == (
        1000,
        "manual",
        278,
        False,
    )
    _record(world, unit, 50)
    _record(world, world.units["kel_b1"], 7)  # another subtree
    ServiceRecord.objects.filter(ticket="A000", unit=unit).update(status=RecordStatus.BATAL)
    rollups_rebuild(pemda_id=world.pemda.pk)  # the records were written around the services
    body = skm_results(admin, unit_code=world.units["kec_a"].code, start=START, end=END).as_json()
    assert (body["population"], body["population_source"]) == (49, "records")
    assert body["sample_min"] == 44  # 49 between rows 45 and 50: formula 43,5… rounded up
    assert body["sample_met"] is False  # the 40 respondents


def test_a_unit_outside_the_reach_or_pemda_is_not_found(world, other_world):
    near_bound(world)
    with pytest.raises(NotFound):
        skm_results(other_world.actor("admin"), unit_code=world.units["kel_a1"].code, start=START, end=END)
    with pytest.raises(NotFound):  # the leader reaches kecamatan Alfa only
        skm_results(world.actor("leader"), unit_code=world.units["kel_b1"].code, start=START, end=END)
    assert (
        skm_results(world.actor("leader"), unit_code=world.units["kel_a1"].code, start=START, end=END).respondents == 40
    )


def test_api_answers_the_results(world, api_as):
    near_bound(world)
    client = api_as(world.users["admin"])
    url = f"/api/v1/skm/results?unit={world.units['kel_a1'].code}&from=2026-01-01&to=2026-06-30"
    response = client.get(url)
    assert response.status_code == 200, response.content
    body = response.json()
    assert body.keys() >= KEYS and body["ikm_converted"] == 88.33
    assert body["elements"][8] == {
        "code": "pengaduan",
        "u": "U9",
        "name": "Penanganan Pengaduan, Saran dan Masukan",
        "answered": 40,
        "nrr": 3.6,
    }
    assert client.get(url.replace("2026-06-30", "2025-06-30")).status_code == 422
    assert client.get(url.replace(world.units["kel_a1"].code, "NOPE")).status_code == 404


def test_api_refuses_another_pemdas_unit(world, other_world, api_as):
    near_bound(world)
    client = api_as(other_world.users["admin"])
    response = client.get(f"/api/v1/skm/results?unit={world.units['kel_a1'].code}&from=2026-01-01&to=2026-06-30")
    assert response.status_code == 404
    assert "88.33" not in response.content.decode()


def test_command_prints_json_and_writes_xlsx_and_pdf(world, tmp_path):
    near_bound(world)
    args = [
        "--pemda",
        world.pemda.slug,
        "--unit",
        world.units["kel_a1"].code,
        "--from",
        "2026-01-01",
        "--to",
        "2026-06-30",
    ]
    out = StringIO()
    call_command("skm_report", *args, "--format", "json", stdout=out)
    body = json.loads(out.getvalue())
    assert body["ikm_converted"] == 88.33 and body["weight"] == "1/9"
    xlsx = tmp_path / "skm.xlsx"
    call_command("skm_report", *args, "--format", "xlsx", "--output", str(xlsx))
    from openpyxl import load_workbook

    sheet = load_workbook(xlsx).active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[1][:4] == ("U1", "Persyaratan", 40, 141)
    pdf = tmp_path / "skm.pdf"
    call_command("skm_report", *args, "--format", "pdf", "--output", str(pdf))
    data = pdf.read_bytes()
    assert data.startswith(b"%PDF")
    from pypdf import PdfReader

    text = "".join(page.extract_text() for page in PdfReader(str(pdf)).pages)
    for words in ("88,33", "Sangat Baik", "1/9", "Antrean di hari Senin", "tindak lanjut", "Laki-laki", "< 5"):
        assert words in text, words


def test_command_refuses_an_unknown_unit(world):
    skm_ready(world.pemda)
    with pytest.raises(CommandError):
        call_command(
            "skm_report", "--pemda", world.pemda.slug, "--unit", "NOPE", "--from", "2026-01-01", "--to", "2026-06-30"
        )


def test_only_the_admin_changes_the_weight(world):
    from bina.core.errors import PermissionDenied

    with pytest.raises(PermissionDenied):
        skm_setting_update(actor=world.actor("operator"), weight="printed")
    with pytest.raises(PermissionDenied):
        skm_setting_update(actor=Actor.public(world.pemda.pk), weight="printed")
