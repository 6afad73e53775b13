"""Learner records as xAPI 1.0.3 statements: the pure builder (required fields, ADL verbs, scores, stable ids)
and the export (scoped: the admin the Pemda's, a participant their own; no name or email; the API and the
downloads)."""

from __future__ import annotations

import datetime as dt
import json
import uuid
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone

from bina.analytics import selectors, xapi
from bina.assessments.models import Sitting, Test
from bina.evaluation.factories import ended_class
from bina.evaluation.tests.test_reaction import _answer

SITE = "https://bina.example.go.id"
AT = dt.datetime(2026, 12, 3, 9, 30, tzinfo=dt.timezone(dt.timedelta(hours=7)))
CLASS = xapi.Activity("/training/classes/12/", "class", "K012 Angkatan I")
COURSE = xapi.Activity("/training/courses/3/", "course", "Pelayanan Prima")


def _event(**kw):
    base = {
        "source": "sitting:5",
        "verb": "scored",
        "nip": "199001012015031001",
        "activity": xapi.Activity("/assessments/tests/9/", "test", "Pre-test K012"),
        "timestamp": AT,
        "parent": CLASS,
        "grouping": COURSE,
        "score": xapi.Score(6, 8),
    }
    return xapi.LearningEvent(**{**base, **kw})


def assert_valid(statement: dict) -> None:
    """The properties xAPI 1.0.3 requires of a statement (Part Two §2.2) and the shapes this export promises."""
    assert uuid.UUID(statement["id"]).version == 5
    assert set(statement["actor"]) == {"objectType", "account"}  # no name, no mbox
    assert set(statement["actor"]["account"]) == {"homePage", "name"}
    assert statement["verb"]["id"].startswith("http://adlnet.gov/expapi/verbs/")
    assert statement["object"]["objectType"] == "Activity" and statement["object"]["id"].startswith("https://")
    assert dt.datetime.fromisoformat(statement["timestamp"].replace("Z", "+00:00")).tzinfo is not None
    score = statement.get("result", {}).get("score")
    if score is not None:
        assert -1 <= score["scaled"] <= 1 and score["min"] <= score["raw"] <= score["max"]


def test_a_statement_has_the_required_fields_and_a_stable_id():
    s = xapi.statement(SITE, _event())
    assert_valid(s)
    assert s["actor"]["account"] == {"homePage": SITE, "name": "199001012015031001"}
    assert s["verb"]["id"] == "http://adlnet.gov/expapi/verbs/scored"
    assert s["object"]["id"] == f"{SITE}/assessments/tests/9/"
    assert s["result"]["score"] == {"scaled": 0.75, "raw": 6, "min": 0.0, "max": 8}
    assert s["timestamp"] == "2026-12-03T02:30:00.000Z"
    assert s["context"]["contextActivities"]["parent"][0]["id"] == f"{SITE}/training/classes/12/"
    assert s["version"] == "1.0.3"
    # The same event gives the same id on every export; another event or verb, another id.
    assert xapi.statement(SITE + "/", _event())["id"] == s["id"]
    assert xapi.statement(SITE, _event(source="sitting:6"))["id"] != s["id"]
    assert xapi.statement(SITE, _event(verb="passed", score=None, success=True))["id"] != s["id"]


def test_the_builder_refuses_what_would_not_be_a_statement():
    with pytest.raises(ValueError):
        xapi.statement(SITE, _event(verb="liked"))
    with pytest.raises(ValueError):
        xapi.statement(SITE, _event(timestamp=AT.replace(tzinfo=None)))
    with pytest.raises(ValueError):
        xapi.statement(SITE, _event(score=xapi.Score(1, 0)))


@pytest.fixture
def records(world, settings):
    settings.SITE_URL = SITE
    me = world.employees["kel_a1_staff"]
    ec = ended_class(world.pemda, world.units["kel_a1"], attendees=2, employees=[me])
    _answer(ec, me)
    test = Test.objects.create(pemda=world.pemda, klass=ec.klass, phase="pre")
    Sitting.objects.create(
        pemda=world.pemda, test=test, enrolment=ec.enrolments[0], status="graded", score=Decimal(6),
        max_score=Decimal(8), graded_at=timezone.now(),
    )  # fmt: skip
    return ec


@pytest.mark.django_db
def test_the_export_is_scoped_and_names_nobody(world, records):
    me = world.employees["kel_a1_staff"]
    other = records.enrolments[1].employee
    admin = selectors.learner_statements(world.actor("admin"), class_id=records.klass.pk).statements
    mine = selectors.learner_statements(world.actor("participant")).statements
    for s in admin:
        assert_valid(s)
    verbs = sorted(s["verb"]["id"].rsplit("/", 1)[1] for s in mine)
    assert verbs == ["attended", "attended", "responded", "scored"]
    assert {s["actor"]["account"]["name"] for s in mine} == {me.nip}
    assert {s["actor"]["account"]["name"] for s in admin} == {me.nip, other.nip}
    text = json.dumps(admin)
    assert me.name not in text and other.name not in text and "@" not in text
    again = selectors.learner_statements(world.actor("admin"), class_id=records.klass.pk).statements
    assert [s["id"] for s in again] == [s["id"] for s in admin]  # a re-export gives the same ids
    # A leader reads figures, not another person's learning record.
    assert selectors.learner_statements(world.actor("leader")).statements == []


@pytest.mark.django_db
def test_api_and_downloads(world, api_as, client_as, records, other_world):
    admin = api_as(world.users["admin"])
    url = "/api/v1/xapi/statements"
    answer = admin.get(url, {"class": records.klass.pk})
    assert answer.status_code == 200 and answer["X-Experience-API-Version"] == "1.0.3"
    body = answer.json()
    assert body["more"] == "" and len(body["statements"]) == 6  # 2 × 2 attendances, a response, a test
    future = (timezone.now() + dt.timedelta(days=1)).isoformat()
    assert admin.get(url, {"since": future}).json()["statements"] == []
    assert admin.get(url, {"class": "x"}).status_code == 422
    assert admin.get(url, {"klass": records.klass.pk}).status_code == 422  # a misspelt filter
    from bina.training.factories import TrainingClassFactory

    other_class = TrainingClassFactory(course__pemda=other_world.pemda)
    assert admin.get(url, {"class": other_class.pk}).status_code == 404
    participant = api_as(world.users["participant"])
    assert len(participant.get(url).json()["statements"]) == 4
    # The downloads: mine on "My evaluations", the class's on the class page (the admin only).
    page = client_as(world.users["participant"]).get(reverse("evaluation:mine")).content.decode()
    assert reverse("analytics:xapi_mine") in page
    mine = client_as(world.users["participant"]).get(reverse("analytics:xapi_mine"))
    assert mine.status_code == 200 and mine["Content-Type"] == "application/json"
    assert len(json.loads(mine.content)["statements"]) == 4
    class_url = reverse("analytics:xapi_class", args=[records.klass.pk])
    assert (
        class_url
        in client_as(world.users["admin"])
        .get(reverse("training:class_detail", args=[records.klass.pk]))
        .content.decode()
    )
    assert len(json.loads(client_as(world.users["admin"]).get(class_url).content)["statements"]) == 6
    assert client_as(world.users["participant"]).get(class_url).status_code in (403, 404)
