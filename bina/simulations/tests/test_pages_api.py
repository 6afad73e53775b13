"""Simulation pages and API: the same services and rules behind every face."""

import pytest

from bina.accounts.services import token_create
from bina.simulations import services
from bina.simulations.factories import roleplay_class
from bina.simulations.models import Criterion, PerformanceStatus, PracticeChoice, Rating
from conftest import token_issuer

pytestmark = pytest.mark.django_db


@pytest.fixture
def rp(world):
    rp = roleplay_class(world)
    rp.performance = services.performance_assign(
        actor=world.actor("instructor"), klass=rp.klass, scenario=rp.scenarios["KTP-DITOLAK"],
        officer=world.employees["kel_a1_staff"], round_no=1, citizen_actor="Pak Darto (aktor)",
    )  # fmt: skip
    return rp


def _api(world, persona):
    from django.test import Client

    user = world.users[persona]
    secret = token_create(actor=token_issuer(user), user=user)[1]
    return Client(HTTP_AUTHORIZATION=f"Bearer {secret}")


def test_instructor_runs_the_round_and_a_peer_scores_on_the_page(world, rp, client_as):
    instructor = client_as(world.users["instructor"])
    page = instructor.get(f"/simulations/kelas/{rp.klass.pk}/")
    assert page.status_code == 200 and "Pak Darto (aktor)" in page.content.decode()
    assert instructor.post(f"/simulations/penampilan/{rp.performance.pk}/mulai/").status_code == 302
    rp.performance.refresh_from_db()
    assert rp.performance.status == PerformanceStatus.PERFORMING
    peer = client_as(world.users["peer"])
    sheet = peer.get(f"/simulations/penampilan/{rp.performance.pk}/nilai/")
    assert sheet.status_code == 200
    criteria = list(Criterion.objects.filter(scenario=rp.performance.scenario))
    data = {f"level_{c.pk}": "3" for c in criteria} | {f"note_{criteria[0].pk}": "Tenang dan jelas."}
    assert peer.post(f"/simulations/penampilan/{rp.performance.pk}/nilai/", data).status_code == 302
    assert Rating.objects.filter(performance=rp.performance, observer=world.users["peer"]).count() == len(criteria)
    refused = client_as(world.users["participant"]).get(f"/simulations/penampilan/{rp.performance.pk}/nilai/")
    assert refused.status_code == 403  # the officer does not score themselves
    debrief = client_as(world.users["participant"]).get(
        f"/simulations/kelas/{rp.klass.pk}/peserta/{world.employees['kel_a1_staff'].pk}/"
    )
    assert debrief.status_code == 200 and "Tenang dan jelas." in debrief.content.decode()


def test_the_class_page_links_to_its_role_play(world, rp, client_as):
    body = client_as(world.users["participant"]).get(f"/training/classes/{rp.klass.pk}/").content.decode()
    assert f"/simulations/kelas/{rp.klass.pk}/" in body
    assert (
        f"/simulations/kelas/{rp.klass.pk}/"
        not in client_as(world.users["leader"]).get(f"/training/classes/{rp.klass.pk}/").content.decode()
    )


def test_practice_on_the_page_logs_each_choice(world, rp, client_as):
    me = client_as(world.users["participant"])
    started = me.post(f"/simulations/skenario/{rp.scenarios['KTP-DITOLAK'].pk}/latihan/")
    assert started.status_code == 302
    url = started["Location"]
    assert "Ini sudah ketiga kalinya" in me.get(url).content.decode()
    for step, choice in (("s1", "b"), ("s2_tenang", "a"), ("s3", "a")):
        assert me.post(url, {"step": step, "choice": choice}).status_code == 302
    assert me.post(url, {"step": "s3", "choice": "a"}).status_code == 409
    assert PracticeChoice.objects.filter(run__employee=world.employees["kel_a1_staff"]).count() == 3
    assert "100" in me.get(url).content.decode()
    evidence = me.get("/simulations/bukti/", follow=True)
    assert evidence.status_code == 200 and "Komunikasi" in evidence.content.decode()


def test_competency_page_links_to_my_evidence(world, rp, client_as):
    from bina.competencies.models import Competency

    komunikasi = Competency.objects.get(pemda=world.pemda, code="M.3")
    body = client_as(world.users["participant"]).get(f"/competencies/{komunikasi.pk}/").content.decode()
    assert f"/simulations/bukti/{world.employees['kel_a1_staff'].pk}/" in body


def test_api_role_play_ratings_and_summary(world, rp):
    instructor = _api(world, "instructor")
    assert instructor.post(
        f"/api/v1/simulations/performances/{rp.performance.pk}/transitions", {"action": "start"},
        content_type="application/json",
    ).json()["status"] == "performing"  # fmt: skip
    criteria = list(Criterion.objects.filter(scenario=rp.performance.scenario))
    for persona, levels in (("instructor", [3, 2, 4]), ("peer", [3, 3, 4])):
        answer = _api(world, persona).put(
            f"/api/v1/simulations/performances/{rp.performance.pk}/ratings",
            {"ratings": [{"criterion_id": c.pk, "level": n} for c, n in zip(criteria, levels, strict=True)]},
            content_type="application/json",
        )
        assert answer.status_code == 200 and answer.json()["rated"] == 3
    body = instructor.get(f"/api/v1/simulations/classes/{rp.klass.pk}/performances").json()
    assert body["agreement_method"] == "weighted_kappa_linear"
    assert body["performances"][0]["allowed_actions"] == ["close", "rate"]
    summary = instructor.get(f"/api/v1/simulations/classes/{rp.klass.pk}/summary").json()
    assert summary["agreement"]["items"] == 3
    assert _api(world, "peer").get(f"/api/v1/simulations/classes/{rp.klass.pk}/summary").status_code == 403
    assigned = instructor.post(
        f"/api/v1/simulations/classes/{rp.klass.pk}/performances",
        {"scenario_id": rp.scenarios["PENGADUAN-VIRAL"].pk, "round_no": 2,
         "officer_nip": world.employees["kel_a1_staff"].nip, "citizen_peer_nip": rp.peer.nip},
        content_type="application/json",
    )  # fmt: skip
    assert assigned.status_code == 201 and assigned.json()["status"] == "assigned"


def test_api_practice(world, rp):
    me = _api(world, "participant")
    run = me.post(f"/api/v1/simulations/scenarios/{rp.scenarios['AKTA-KEMATIAN-LANSIA'].pk}/practice").json()
    assert run["step"] == "s1" and len(run["choices"]) == 2
    for step, choice in (("s1", "a"), ("s2", "a"), ("s3", "a")):
        run = me.post(
            f"/api/v1/simulations/practice/{run['id']}/choices", {"step": step, "choice": choice},
            content_type="application/json",
        ).json()  # fmt: skip
    # perekat 4 (w 3) → 100; komunikasi (3 + 4) / 2 (w 2) and pelayanan (4 + 3) / 2 (w 3) → 83.3
    assert run["status"] == "completed" and run["score"] == round((3 * 100 + 5 * 250 / 3) / 8, 1)
    assert _api(world, "peer").get(f"/api/v1/simulations/practice/{run['id']}").status_code == 404


def test_admin_links_a_practice_course_on_the_scenario_page(world, rp, client_as):
    from bina.training.factories import CourseFactory

    course = CourseFactory(pemda=world.pemda, method="belajar_mandiri", jp=2)
    classical = CourseFactory(pemda=world.pemda, method="workshop")
    scenario = rp.scenarios["KTP-DITOLAK"]
    admin = client_as(world.users["admin"])
    url = f"/simulations/skenario/{scenario.pk}/ubah/"
    assert (
        admin.post(url, {"time_limit_minutes": "12", "is_active": "on", "practice_course": classical.pk}).status_code
        == 422
    )
    assert (
        admin.post(url, {"time_limit_minutes": "12", "is_active": "on", "practice_course": course.pk}).status_code
        == 302
    )
    scenario.refresh_from_db()
    assert scenario.practice_course == course and scenario.time_limit_minutes == 12
    assert client_as(world.users["instructor"]).get(url).status_code == 403
