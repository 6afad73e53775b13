"""The impact of training through its three faces (selector, command, API), on service records with a
known effect: 16 officers in two kelurahan, half trained in two waves, each trained officer 3 minutes
faster at the counter from the first full month after their class ended."""

from __future__ import annotations

import datetime as dt
import json
import random
from io import StringIO

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from bina.analytics import estimators
from bina.analytics.panels import month_index, unit_treatment_months
from bina.analytics.selectors import impact_estimate, impact_query_parse
from bina.core.errors import NotFound, PermissionDenied, ValidationFailed
from bina.people.factories import EmployeeFactory
from bina.quality.factories import JAKARTA, ServiceRecordFactory, ServiceTypeFactory
from bina.quality.rollups import rollups_rebuild
from bina.training.classes.models import EnrolmentStatus
from bina.training.factories import CourseFactory, EnrolmentFactory, TrainingClassFactory

pytestmark = pytest.mark.django_db
URL = "/api/v1/impact"
EFFECT = -3.0
KEYS = {
    "estimator", "level", "metric", "att", "se", "ci_low", "ci_high", "baseline_mean", "pct_change",
    "n_treated", "n_control", "n_obs", "pre_trend_p", "credible", "event_study",
}  # fmt: skip


def seed(world, *, per_month: int = 3):
    rng = random.Random(11)
    pemda = world.pemda
    service = ServiceTypeFactory(pemda=pemda, code="T-KTP", sla_minutes=25)
    course = CourseFactory(pemda=pemda, code="T-KOM", title="Komunikasi Pelayanan")
    waves = [
        TrainingClassFactory(course=course, starts_on=dt.date(2025, 5, 5), ends_on=dt.date(2025, 5, 9)),
        TrainingClassFactory(course=course, starts_on=dt.date(2025, 8, 11), ends_on=dt.date(2025, 8, 14)),
    ]
    first_treated = {}
    officers = []
    for unit in ["kel_a1", "kel_b1"]:
        for i in range(8):
            officer = EmployeeFactory(pemda=pemda, unit=world.units[unit], name=f"Petugas {unit} {i}")
            officers.append(officer)
            if i % 2 == 0:
                klass = waves[(i // 2) % 2]
                EnrolmentFactory(klass=klass, employee=officer, status=EnrolmentStatus.COMPLETED)
                end = klass.ends_on
                first_treated[officer.pk] = dt.date(end.year + end.month // 12, end.month % 12 + 1, 1)
    n = 0
    for officer in officers:
        speed = rng.uniform(8, 14)
        for month in range(1, 15):
            year, mon = 2025 + (month - 1) // 12, (month - 1) % 12 + 1
            for t in range(per_month):
                day = dt.date(year, mon, 3 + 7 * t)
                process = speed + rng.gauss(0, 1)
                if officer.pk in first_treated and day >= first_treated[officer.pk]:
                    process += EFFECT
                ServiceRecordFactory(
                    unit=officer.unit, service=service, officer=officer, ticket=f"T{n}",
                    arrived_at=dt.datetime.combine(day, dt.time(9, 0), JAKARTA),
                    wait_minutes=rng.uniform(2, 20), process_minutes=process,
                )  # fmt: skip
                n += 1
    rollups_rebuild(pemda_id=pemda.pk)
    return service, course, first_treated


def query(level: str = "officer", metric: str = "process", **over):
    params = {
        "service": "T-KTP", "metric": metric, "level": level, "trainings": ["T-KOM"],
        "start": "2025-01", "end": "2026-02", **over,
    }  # fmt: skip
    return impact_query_parse(**params)


def test_the_admin_finds_the_known_effect_with_its_interval(world):
    seed(world)
    result = impact_estimate(actor=world.actor("admin"), query=query()).as_dict()
    assert set(result) >= KEYS
    assert (result["n_treated"], result["n_control"]) == (8, 8)
    assert result["ci_low"] < EFFECT < result["ci_high"] < 0
    assert result["credible"], result["reasons"]
    assert result["baseline_mean"] == pytest.approx(11.5, abs=2)
    assert result["pct_change"] == pytest.approx(100 * result["att"] / result["baseline_mean"])
    months = [p["e"] for p in result["event_study"]]
    assert months[0] == -6 and 0 in months and max(months) <= 12
    # Treatment starts in the first full month after the class: the same-month tickets are untreated.
    at_zero = next(p for p in result["event_study"] if p["e"] == 0)
    assert at_zero["coef"] == pytest.approx(EFFECT, abs=1.5)


def test_within_sla_is_measured_in_percentage_points(world):
    seed(world)
    result = impact_estimate(actor=world.actor("admin"), query=query(metric="within_sla")).as_dict()
    assert result["outcome_unit"] == "percent"
    # SLA 25 minutes against a wait of 2-20 and a counter time of 8-14: faster counters meet it more often.
    assert 20 < result["baseline_mean"] < 90
    assert result["att"] > 0


def test_a_leader_estimates_over_their_kecamatan_only_and_small_cells_are_withheld(world):
    seed(world)
    result = impact_estimate(actor=world.actor("leader"), query=query()).as_dict()
    assert (result["n_treated"], result["n_control"]) == (4, 4)  # Kelurahan Alfa Satu only
    assert not result["credible"]
    assert {estimators.NOT_ENOUGH_TREATED, estimators.NOT_ENOUGH_CONTROLS} <= set(result["reasons"])
    assert all(p["coef"] is None for p in result["event_study"] if p["n"] < 5)
    assert any(p["n"] < 5 for p in result["event_study"])


def test_other_tenants_and_roles_get_nothing(world, other_world):
    seed(world)
    with pytest.raises(NotFound):  # the service code names nothing in the other Pemda
        impact_estimate(actor=other_world.actor("admin"), query=query())
    ServiceTypeFactory(pemda=other_world.pemda, code="T-KTP")
    empty = impact_estimate(actor=other_world.actor("admin"), query=query()).as_dict()
    assert empty["n_obs"] == 0 and empty["att"] is None and not empty["credible"]
    for persona in ("participant", "operator", "instructor"):
        with pytest.raises(PermissionDenied):
            impact_estimate(actor=world.actor(persona), query=query())


def test_a_unit_is_treated_from_the_first_month_half_its_recent_officers_were_trained(world):
    _, _, first_treated = seed(world)
    admin = world.actor("admin")
    trained = {pk: dt.date(m.year, m.month, 1) - dt.timedelta(days=1) for pk, m in first_treated.items()}
    start, end = month_index(dt.date(2025, 1, 1)), month_index(dt.date(2026, 2, 1))
    firsts = unit_treatment_months(actor=admin, start=start, end=end, trained=trained, threshold=0.5)
    # Each kelurahan: 2 of 8 officers trained by June 2025, 4 of 8 (half) by September 2025.
    assert firsts == {
        world.units["kel_a1"].pk: month_index(dt.date(2025, 9, 1)),
        world.units["kel_b1"].pk: month_index(dt.date(2025, 9, 1)),
    }
    assert unit_treatment_months(actor=admin, start=start, end=end, trained=trained, threshold=0.25) == {
        world.units["kel_a1"].pk: month_index(dt.date(2025, 6, 1)),
        world.units["kel_b1"].pk: month_index(dt.date(2025, 6, 1)),
    }
    # Both kelurahan treated in the same month and none left untrained: no comparison, no estimate.
    result = impact_estimate(actor=admin, query=query(level="unit")).as_dict()
    assert (result["n_treated"], result["n_control"], result["threshold"]) == (0, 0, 0.5)
    assert result["att"] is None and estimators.NOT_ENOUGH_CONTROLS in result["reasons"]


def test_bad_questions_are_refused_naming_each_field():
    with pytest.raises(ValidationFailed) as caught:
        impact_query_parse(
            service="", metric="speed", level="desk", trainings=[" "], start="2025-13", end="2024-01", threshold="2"
        )
    fields = {d["field"] for d in caught.value.details}
    assert fields == {"service", "metric", "level", "training", "from", "threshold"}  # "to" is judged against "from"
    with pytest.raises(ValidationFailed) as caught:
        impact_query_parse(service="K", metric="wait", level="unit", trainings=["A"], start="2026-01", end="2025-01")
    assert [d["field"] for d in caught.value.details] == ["to"]


def test_the_command_prints_one_json_object(world):
    seed(world)
    out = StringIO()
    call_command(
        "impact_estimate", "--pemda", world.pemda.slug, "--service", "T-KTP", "--metric", "process",
        "--level", "officer", "--training", "T-KOM", "--from", "2025-01", "--to", "2026-02", "--format", "json",
        stdout=out,
    )  # fmt: skip
    body = json.loads(out.getvalue())
    assert set(body) >= KEYS and body["ci_low"] < EFFECT < body["ci_high"]
    with pytest.raises(CommandError, match="YYYY-MM"):
        call_command(
            "impact_estimate", "--pemda", world.pemda.slug, "--service", "T-KTP", "--metric", "process",
            "--level", "officer", "--training", "T-KOM", "--from", "2025/01", "--to", "2026-02",
        )  # fmt: skip


def test_the_api_answers_the_same_object_and_refuses_bad_parameters(world, api_as):
    seed(world)
    admin = api_as(world.users["admin"])
    params = {"service": "T-KTP", "metric": "process", "level": "officer", "training": "T-KOM"}
    response = admin.get(URL, {**params, "from": "2025-01", "to": "2026-02"})
    assert response.status_code == 200, response.content
    body = response.json()
    expected = impact_estimate(actor=world.actor("admin"), query=query()).as_dict()
    assert body["att"] == pytest.approx(expected["att"]) and body["n_obs"] == expected["n_obs"]
    assert set(body) >= KEYS

    def refused(extra: dict) -> tuple[int, str]:
        r = admin.get(URL, {**params, "from": "2025-01", "to": "2026-02", **extra})
        return r.status_code, r.json()["error"]["code"]

    assert refused({"from": "2025-1"})[0] == 422
    assert refused({"metric": "speed"})[0] == 422
    assert refused({"threshold": "0"})[0] == 422
    assert refused({"bogus": "1"}) == (422, "invalid_parameter")
    assert refused({"to": "2019-01"}) == (422, "invalid_query")
    participant = api_as(world.users["participant"])
    assert participant.get(URL, {**params, "from": "2025-01", "to": "2026-02"}).status_code == 403


PAGE = "/analytics/impact/"


def form_params(**over):
    return {
        "service": "T-KTP", "metric": "process", "level": "officer", "training": ["T-KOM"],
        "start": "2025-01", "end": "2026-02", "threshold": "0.5", **over,
    }  # fmt: skip


def test_the_page_asks_runs_in_the_background_and_keeps_the_answer_until_the_data_change(
    world, client_as, django_capture_on_commit_callbacks
):
    from bina.analytics.models import ImpactRun

    _, course, _ = seed(world)
    admin = client_as(world.users["admin"])
    blank = admin.get(PAGE)
    assert blank.status_code == 200 and "T-KOM" in blank.content.decode()  # a completed course is offered
    asked = admin.get(PAGE, form_params())
    assert 'action="/analytics/impact/run/"' in asked.content.decode()  # not estimated yet: the button to ask
    assert ImpactRun.objects.count() == 0  # a GET never starts anything
    with django_capture_on_commit_callbacks(execute=True):  # the task is queued once the request commits
        response = admin.post("/analytics/impact/run/", form_params())
    assert response.status_code == 302 and response["Location"].startswith(PAGE + "?")
    run = ImpactRun.objects.get()
    assert run.status == "done" and run.result["n_treated"] == 8  # the immediate task backend ran it
    page = admin.get(response["Location"]).content.decode()
    assert "impact-event-study" in page and 'action="/analytics/impact/run/"' not in page
    assert f"{abs(run.result['att']):.1f}".replace(".", ",") in page  # the effect in minutes, Indonesian decimals
    # Asking again over unchanged data reuses the answer; a new completion is a new version.
    admin.post("/analytics/impact/run/", form_params())
    assert ImpactRun.objects.count() == 1
    klass = TrainingClassFactory(course=course, starts_on=dt.date(2025, 10, 6), ends_on=dt.date(2025, 10, 7))
    EnrolmentFactory(klass=klass, employee=EmployeeFactory(pemda=world.pemda), status=EnrolmentStatus.COMPLETED)
    assert 'action="/analytics/impact/run/"' in admin.get(PAGE, form_params()).content.decode()
    admin.post("/analytics/impact/run/", form_params())
    assert ImpactRun.objects.count() == 2


def test_the_page_refuses_bad_questions_and_other_roles(world, client_as):
    seed(world)
    admin = client_as(world.users["admin"])
    assert admin.get(PAGE, form_params(start="2026-05", end="2025-01")).status_code == 422
    assert admin.post("/analytics/impact/run/", form_params(metric="speed")).status_code == 422
    from bina.analytics.models import ImpactRun

    assert ImpactRun.objects.count() == 0
    participant = client_as(world.users["participant"])
    assert participant.get(PAGE).status_code == 403
    assert participant.post("/analytics/impact/run/", form_params()).status_code == 403


def test_training_imported_from_before_bina_treats_by_course_code_or_exact_name(world):
    from django.utils import timezone

    from bina.training.external.models import TrainingHistory
    from bina.training.facade import training_end_dates

    _, course, first_treated = seed(world, per_month=1)
    from bina.people.models import Employee

    officers = Employee.objects.filter(pemda=world.pemda, name__startswith="Petugas").order_by("pk")
    untrained = [e for e in officers if e.pk not in first_treated]
    common = {"pemda": world.pemda, "jp": 12, "source_file": "riwayat.csv", "imported_at": timezone.now()}
    TrainingHistory.objects.create(
        employee=untrained[0], title="Pelayanan Prima (lama)", course=course,
        starts_on=dt.date(2024, 3, 4), ends_on=dt.date(2025, 3, 6), **common,
    )  # fmt: skip
    TrainingHistory.objects.create(
        employee=untrained[1], title="Komunikasi Pelayanan", starts_on=dt.date(2025, 2, 3),
        ends_on=dt.date(2025, 2, 5), **common,
    )  # fmt: skip
    TrainingHistory.objects.create(
        employee=untrained[2], title="Komunikasi", starts_on=dt.date(2025, 2, 3), ends_on=dt.date(2025, 2, 5), **common
    )
    ends = training_end_dates(world.actor("admin"), trainings=["T-KOM", "Komunikasi Pelayanan"])
    assert ends[untrained[0].pk] == dt.date(2025, 3, 6)  # linked to the course by its kode_kursus
    assert ends[untrained[1].pk] == dt.date(2025, 2, 5)  # the exact name of the training set
    assert untrained[2].pk not in ends  # a different name is a different training
    assert len(ends) == len(first_treated) + 2
    by_code = impact_estimate(actor=world.actor("admin"), query=query()).as_dict()
    assert by_code["n_treated"] == 9  # the 8 of the Bina classes and the record linked to T-KOM
    both = query(trainings=["T-KOM", "Komunikasi Pelayanan"])
    assert impact_estimate(actor=world.actor("admin"), query=both).as_dict()["n_treated"] == 10


def test_the_chain_of_a_kelurahan_shows_its_trained_staff_times_and_training_marks(world, client_as):
    from bina.analytics.chain import unit_chain

    seed(world)
    kel = world.units["kel_a1"].code
    months = dict(start=month_index(dt.date(2025, 1, 1)), end=month_index(dt.date(2026, 2, 1)))
    chain = unit_chain(world.actor("admin"), unit_code=kel, service_code="T-KTP", trainings=("T-KOM",), **months)
    share = {int(p.x): p.y for p in chain.trained_share.points}
    # 8 officers: 2 trained in May (treated from June), 2 more in August (from September).
    assert share[month_index(dt.date(2025, 5, 1))] == 0
    assert share[month_index(dt.date(2025, 6, 1))] == 25
    assert share[month_index(dt.date(2025, 9, 1))] == 50
    assert [m.label for m in chain.trained_share.marks] == chain.training_months and len(chain.training_months) == 2
    process = {int(p.x): p.y for p in chain.process.points}
    assert process[month_index(dt.date(2025, 12, 1))] < process[month_index(dt.date(2025, 2, 1))]
    # The leader of Kecamatan A reads Alfa Satu but not Beta Satu; a participant reads nothing.
    assert unit_chain(world.actor("leader"), unit_code=kel, service_code="T-KTP", trainings=("T-KOM",), **months)
    with pytest.raises(PermissionDenied):  # its figures are outside the leader's reach (as on the figures page)
        unit_chain(
            world.actor("leader"), unit_code=world.units["kel_b1"].code, service_code="T-KTP",
            trainings=("T-KOM",), **months,
        )  # fmt: skip
    with pytest.raises(PermissionDenied):
        unit_chain(world.actor("participant"), unit_code=kel, service_code="T-KTP", trainings=("T-KOM",), **months)
    page = client_as(world.users["admin"]).get(
        "/analytics/chain/",
        {"unit": kel, "service": "T-KTP", "training": "T-KOM", "start": "2025-01", "end": "2026-02"},
    )
    assert page.status_code == 200 and page.content.decode().count("<svg") >= 4
    # The step between training and service: the Bina classes of the set (no reaction or tests in this seed).
    assert chain.classes and all(c.reaction_overall is None and c.gain is None for c in chain.classes)
    assert 'id="h-class-steps"' in page.content.decode()
    assert client_as(world.users["admin"]).get("/analytics/chain/", {"unit": "NOPE"}).status_code == 422


def test_the_home_card_shows_the_latest_estimates_of_the_readers_reach(
    world, client_as, django_capture_on_commit_callbacks
):
    from bina.analytics.cards import impact_card

    seed(world)
    assert impact_card(world.actor("admin"), None) == {"items": [], "subscribed": False}
    assert impact_card(world.actor("participant"), None) is None
    with django_capture_on_commit_callbacks(execute=True):
        client_as(world.users["admin"]).post("/analytics/impact/run/", form_params())
    card = impact_card(world.actor("admin"), None)
    assert len(card["items"]) == 1 and card["items"][0]["sentence"]
    assert impact_card(world.actor("leader"), None)["items"] == []  # an estimate over another reach
    home = client_as(world.users["admin"]).get("/").content.decode()
    assert card["items"][0]["sentence"] in home
