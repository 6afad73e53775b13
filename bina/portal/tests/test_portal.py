"""The transparency portal: aggregates only, small cells withheld, only what the admin publishes, only the
URL's Pemda, computed again when the data change."""

from __future__ import annotations

import csv
import io

import pytest
from django.core.cache import cache
from django.test import Client
from openpyxl import load_workbook

from bina.core.actor import Actor
from bina.core.audit import AuditEvent
from bina.portal import selectors
from bina.portal.models import SECTION_KEYS, Publication
from bina.portal.selectors import ProgrammeRow, _suppress_second, portal_data, uncertainty_words
from bina.portal.services import publication_update
from bina.portal.tests.conftest import impact_run, recent
from bina.skm.elements import ELEMENT_CODES
from bina.skm.factories import responses_add
from bina.training.learning.models import JpCredit

BASE = "/p/alfa/transparansi/"
PAGES = ["", "pelatihan/", "ikm/", "layanan/", "pengaduan/", "data/"]
TABLES = ["jp", "ikm", "service", "service_months", "complaints"]


def publish_all(world) -> None:
    publication_update(actor=world.actor("admin"), data=dict.fromkeys(SECTION_KEYS, True))


def csv_rows(response) -> list[list[str]]:
    text = b"".join(response.streaming_content).decode("utf-8-sig")
    return list(csv.reader(io.StringIO(text)))


def personal_strings(world) -> list[str]:
    """Every employee's name and NIP, and what the complainants gave."""
    from bina.people.models import Employee

    values = []
    for name, nip in Employee.objects.filter(pemda=world.pemda).values_list("name", "nip"):
        values += [name, nip]
    return [*values, "Budi Pelapor Rahasia", "0812-5555-0001"]


def test_every_page_answers_without_an_account_and_names_no_one(portal_world):
    publish_all(portal_world)
    client = Client()
    secret = personal_strings(portal_world)
    for page in [*PAGES, "dampak/"]:
        response = client.get(BASE + page)
        assert response.status_code == 200, page
        assert "no-store" in response["Cache-Control"]
        html = response.content.decode()
        for value in secret:
            assert value not in html, (page, value)
    for table in [*TABLES, "impact"]:
        for fmt in ("csv", "xlsx"):
            response = client.get(f"{BASE}data/{table}.{fmt}")
            assert response.status_code == 200, (table, fmt)
            body = b"".join(response.streaming_content) if response.streaming else response.content
            if fmt == "xlsx":
                sheet = load_workbook(io.BytesIO(body)).active
                body = "\n".join(",".join(str(c) for c in row) for row in sheet.iter_rows(values_only=True)).encode()
            for value in secret:
                assert value.encode() not in body, (table, fmt, value)


def test_the_landing_page_links_to_the_portal(portal_world):
    html = Client().get("/p/alfa/").content.decode()
    assert f'href="{BASE}"' in html


def test_figures_shown_and_small_cells_withheld(portal_world):
    client = Client()
    ikm = csv_rows(client.get(f"{BASE}data/ikm.csv"))
    assert ikm[0][:3] == ["Kode unit", "Unit", "Responden"] or ikm[0][2] in ("Respondents", "Responden")
    rows = {r[0]: r for r in ikm[1:]}
    assert rows["ALF-KEL-A1"][2:5] == ["6", "100.0", "A"]
    assert rows["ALF-KEL-B1"][2:] == ["<5", "<5", "<5"]  # 3 respondents
    service = {r[0]: r for r in csv_rows(client.get(f"{BASE}data/service.csv"))[1:]}
    assert service["ALF-KEL-A1"][3] == "8"
    assert float(service["ALF-KEL-A1"][4]) == pytest.approx(15.0, abs=1)  # 10 min wait + 5 min process
    assert service["ALF-KEL-B1"][3:] == ["<5"] * 4  # 2 transactions
    # Exactly one row withheld: the smallest shown one (the Dinas, 6) is withheld too, so 16 − 8 − 6 hides nothing.
    assert service["ALF-DKP"][3:] == ["<5"] * 4
    jp = {r[0]: r for r in csv_rows(client.get(f"{BASE}data/jp.csv"))[1:]}
    dinas = jp["Dinas Kependudukan dan Pencatatan Sipil"]
    assert dinas[1:4] == ["7", "3", "42.9"]  # 5 added + the head + the bidang's two, 3 at 24 JP
    assert jp["Kecamatan Alfa"][1:] == ["<5"] * 4  # the camat and one kelurahan officer
    html = client.get(f"{BASE}pelatihan/").content.decode()
    assert "42,9%" in html and "&lt;5" in html
    # 3 participants completed a class: withheld on the summary
    summary = client.get(BASE).content.decode()
    assert 'stat-value">&lt;5</span> <span class="stat-label">' in summary
    assert "separuh pengunjung dilayani dalam 15" in summary
    assert (
        portal_data(Actor.public(portal_world.pemda.pk)).programme.jp_delivered is None
    )  # their 72 JP too  # the month of the records, all 16 together


def test_an_unpublished_section_is_not_found_and_not_offered(portal_world):
    client = Client()
    assert client.get(f"{BASE}dampak/").status_code == 404  # impact: not published by default
    assert client.get(f"{BASE}data/impact.csv").status_code == 404
    publication_update(actor=portal_world.actor("admin"), data={"ikm": False, "impact": True})
    assert client.get(f"{BASE}ikm/").status_code == 404
    assert client.get(f"{BASE}data/ikm.xlsx").status_code == 404
    html = client.get(BASE).content.decode()
    assert f"{BASE}ikm/" not in html and "Kelurahan Alfa Satu" not in html
    impact = client.get(f"{BASE}dampak/").content.decode()
    assert "6,5" in impact and "3,9" in impact and "9,1" in impact  # the change and its interval
    publication_update(actor=portal_world.actor("admin"), data={"open_data": False})
    assert client.get(f"{BASE}data/").status_code == 404
    assert client.get(f"{BASE}data/jp.csv").status_code == 404
    assert "/data/" not in client.get(f"{BASE}pelatihan/").content.decode()
    assert client.get(f"{BASE}no-such-page/").status_code == 404
    assert client.get(f"{BASE}data/jp.pdf").status_code == 404


def test_nothing_published_says_so(portal_world):
    publication_update(actor=portal_world.actor("admin"), data=dict.fromkeys(SECTION_KEYS, False))
    response = Client().get(BASE)
    assert response.status_code == 200
    assert "Kelurahan" not in response.content.decode()


def test_another_pemdas_portal_shows_none_of_this_pemdas_figures(portal_world, other_world):
    client = Client()
    for page in PAGES:
        html = client.get(f"/p/beta/transparansi/{page}").content.decode()
        # (the two test worlds share unit names; codes, the Pemda's name and the figures differ)
        assert "Pemerintah Alfa" not in html and "ALF-" not in html and "42,9" not in html, page
    rows = csv_rows(client.get("/p/beta/transparansi/data/ikm.csv"))
    assert rows[1:] == []
    assert client.get("/p/no-such-pemda/transparansi/").status_code == 404


def test_only_credible_latest_whole_pemda_estimates_are_published(portal_world):
    pemda = portal_world.pemda
    public = Actor.public(pemda.pk)
    assert [i.service_code for i in portal_data(public).impacts] == ["KTP-EL"]
    # a later answer to the same question that is not credible replaces the credible one
    impact_run(pemda, credible=False)
    assert portal_data(public).impacts == []
    impact_run(pemda, service="AKTA-LAHIR")
    run = impact_run(pemda, service="KK")
    run.reach = {"whole_pemda": False, "paths": ["/1/"]}  # a leader's subtree: not the Pemda's figure
    run.save()
    assert [i.service_code for i in portal_data(public).impacts] == ["AKTA-LAHIR"]


def test_the_cache_serves_until_the_data_change(portal_world, monkeypatch, django_assert_max_num_queries):
    public = Actor.public(portal_world.pemda.pk)
    computed = []
    original = selectors.portal_compute
    monkeypatch.setattr(selectors, "portal_compute", lambda *a, **k: computed.append(1) or original(*a, **k))
    first = portal_data(public)
    with django_assert_max_num_queries(8):  # the version's aggregates only
        assert portal_data(public) == first
    assert len(computed) == 1
    responses_add(portal_world.units["kel_b1"], [dict.fromkeys(ELEMENT_CODES, 2)] * 2, day=recent(5))
    second = portal_data(public)
    assert len(computed) == 2
    assert {r.code: r.respondents for r in second.ikm}["ALF-KEL-B1"] == 5  # now shown
    JpCredit.objects.filter(pemda=portal_world.pemda).first().delete()
    third = portal_data(public)
    assert len(computed) == 3
    assert third.programme.units[0].compliant == 2
    cache.clear()


def test_uncertainty_in_plain_words():
    result = {"outcome_unit": "minutes", "ci_low": -9.1, "ci_high": -3.9, "n_treated": 12, "n_control": 30}
    text = uncertainty_words(result)
    assert "3,9" in text and "9,1" in text and "12" in text and "30" in text
    crossing = uncertainty_words({**result, "ci_low": -2.0, "ci_high": 1.5})
    assert crossing != text and "2" in crossing and "1,5" in crossing


def test_secondary_suppression_only_when_one_row_is_withheld():
    def blank(r):
        return ProgrammeRow(r.name, None, None, None, None)

    rows = [
        ProgrammeRow("a", 10, 1, 10.0, 1.0),
        ProgrammeRow("b", 6, 1, 1.0, 1.0),
        ProgrammeRow("c", None, None, None, None),
    ]
    out = _suppress_second(rows, "employees", blank)
    assert [r.employees for r in out] == [10, None, None]
    two_hidden = [*rows[:1], rows[2], rows[2]]
    assert _suppress_second(two_hidden, "employees", blank) == two_hidden


# --- the admin's publication page ------------------------------------------------------------------------------


def test_the_admin_chooses_what_is_published_and_it_is_audited(world, client_as):
    client = client_as(world.users["admin"])
    page = client.get("/portal/publication/")
    assert page.status_code == 200
    assert 'name="impact"' in page.content.decode()
    response = client.post("/portal/publication/", {"programme": "on", "ikm": "on", "impact": "on"})
    assert response.status_code == 302
    saved = Publication.objects.get(pemda=world.pemda)
    assert saved.published() == ["programme", "ikm", "impact"]
    event = AuditEvent.objects.get(action="portal.publication_update")
    assert event.detail["changes"]["impact"] == [False, True]
    assert event.detail["changes"]["service"] == [True, False]
    client.post("/portal/publication/", {"programme": "on", "ikm": "on", "impact": "on"})
    assert AuditEvent.objects.filter(action="portal.publication_update").count() == 1  # no change, no entry


@pytest.mark.parametrize("persona", ["operator", "leader", "participant"])
def test_others_may_not_change_the_publication(world, client_as, persona):
    client = client_as(world.users[persona])
    assert client.get("/portal/publication/").status_code == 403
    assert client.post("/portal/publication/", {"impact": "on"}).status_code == 403
    assert not Publication.objects.exists()
    assert not AuditEvent.objects.filter(action="portal.publication_update").exists()


def test_an_admin_changes_only_their_own_pemda(world, other_world):
    publication_update(actor=other_world.actor("admin"), data={"impact": True})
    assert Publication.objects.get().pemda == other_world.pemda
    assert not Publication.objects.filter(pemda=world.pemda).exists()


def test_the_public_actor_cannot_write(world):
    from bina.core.errors import PermissionDenied

    with pytest.raises(PermissionDenied):
        publication_update(actor=Actor.public(world.pemda.pk), data={"impact": True})
    assert not Publication.objects.exists()


def test_the_open_data_api(portal_world):
    client = Client()
    body = client.get("/api/v1/public/alfa/portal").json()
    assert body["pemda"] == "alfa"
    assert "impact" not in body["published"]
    tables = {t["key"]: t for t in body["tables"]}
    assert set(tables) == set(TABLES)
    ikm = {row[0]: row for row in tables["ikm"]["rows"]}
    assert ikm["ALF-KEL-A1"][2] == 6 and ikm["ALF-KEL-B1"][2] == "<5"
    text = client.get("/api/v1/public/alfa/portal").content.decode()
    for value in personal_strings(portal_world):
        assert value not in text
    publication_update(actor=portal_world.actor("admin"), data={"open_data": False})
    assert client.get("/api/v1/public/alfa/portal").json()["error"]["code"]
    assert client.get("/api/v1/public/alfa/portal").status_code == 404
    assert client.get("/api/v1/public/no-such/portal").status_code == 404


def test_the_command_publishes_and_withdraws(world):
    from io import StringIO

    from django.core.management import CommandError, call_command

    out = StringIO()
    call_command(
        "portal_publication", "--pemda", "alfa", "--publish", "impact", "--withdraw", "ikm,service", stdout=out
    )
    assert "impact\tpublished" in out.getvalue() and "ikm\tnot published" in out.getvalue()
    assert Publication.objects.get(pemda=world.pemda).published() == ["programme", "complaints", "impact", "open_data"]
    assert AuditEvent.objects.get(action="portal.publication_update").actor_label == "system:portal_publication"
    with pytest.raises(CommandError, match="Unknown section"):
        call_command("portal_publication", "--pemda", "alfa", "--publish", "everything")
    with pytest.raises(CommandError, match="No Pemda"):
        call_command("portal_publication", "--pemda", "nowhere")
    assert AuditEvent.objects.filter(action="portal.publication_update").count() == 1


def test_the_ikm_per_unit_is_the_one_the_skm_page_computes(portal_world, system_actor):
    from bina.skm.selectors import skm_ikm_by_unit, skm_results

    start, end = recent(60), recent(0)
    grouped = skm_ikm_by_unit(system_actor, start=start, end=end)
    for key in ("kel_a1", "kel_b1"):
        unit = portal_world.units[key]
        page = skm_results(system_actor, unit_code=unit.code, start=start, end=end)
        assert grouped[unit.pk].respondents == page.respondents
        assert grouped[unit.pk].result.converted == page.result.converted
        assert grouped[unit.pk].shown == page.shown
    assert skm_ikm_by_unit(Actor.public(portal_world.pemda.pk), start=start, end=end) == {}
