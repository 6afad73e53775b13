"""The survey engine: versioned questionnaires, answers checked against their question, one answer per row."""

import datetime as dt

import pytest

from bina.core.actor import Actor
from bina.core.errors import Conflict, PermissionDenied
from bina.core.services import pemda_create
from bina.skm.elements import ELEMENT_CODES, INSTRUMENT_CODE, skm_questions
from bina.skm.factories import skm_ready
from bina.surveys import services as engine
from bina.surveys.models import Answer, Instrument, InstrumentVersion, Question, QuestionKind, Response

pytestmark = pytest.mark.django_db


def test_every_new_pemda_gets_the_skm_questionnaire(db):
    from bina.core.models import PemdaKind

    pemda = pemda_create(
        actor=Actor.platform(label="test"), name="Kota Contoh", slug="contoh", kind=PemdaKind.KOTA, bps_code="9999"
    )
    version = InstrumentVersion.objects.get(instrument__pemda=pemda, instrument__code=INSTRUMENT_CODE)
    assert version.number == 1 and version.is_current
    assert Question.objects.filter(version=version).count() == 9 + 4 + 1


def test_the_instrument_has_nine_elements_by_code_the_profile_and_a_suggestion(world):
    version = skm_ready(world.pemda)
    questions = list(Question.objects.filter(version=version).order_by("position"))
    scale = [q for q in questions if q.kind == QuestionKind.SCALE]
    assert [q.element for q in scale] == list(ELEMENT_CODES)
    assert all(q.scale_max == 4 and len(q.options) == 4 for q in scale)
    biaya = next(q for q in scale if q.element == "biaya")
    assert biaya.options[0] == "Sangat mahal" and biaya.options[3] == "Gratis"
    assert biaya.text.startswith("Bagaimana pendapat Saudara")
    assert {q.element for q in questions if q.kind == QuestionKind.CHOICE} == {
        "umur",
        "jenis_kelamin",
        "pendidikan",
        "pekerjaan",
    }
    assert [q.element for q in questions if q.kind == QuestionKind.TEXT] == ["saran"]


def test_loading_again_changes_nothing_and_a_change_makes_a_new_version(world):
    v1 = skm_ready(world.pemda)
    assert skm_ready(world.pemda).pk == v1.pk
    system = Actor.system(world.pemda.pk, label="test")
    version = v1
    from bina.skm.factories import responses_add

    responses_add(world.units["kel_a1"], [{"waktu": 3}])
    changed = skm_questions()
    changed[2] = engine.QuestionSpec(
        "waktu", "Waktu Penyelesaian", "Seberapa cepat pelayanan kami?", QuestionKind.SCALE, 4, changed[2].options
    )
    v2 = engine.instrument_version_create(actor=system, code=INSTRUMENT_CODE, name="SKM", questions=changed)
    assert v2.number == 2 and v2.is_current
    version.refresh_from_db()
    assert not version.is_current
    old = Response.objects.get(pemda=world.pemda)
    assert old.version_id == v1.pk  # the old response keeps its version and its question's text
    answer = Answer.objects.get(response=old)
    assert answer.question.text.startswith("Bagaimana pendapat Saudara tentang kecepatan")
    assert InstrumentVersion.objects.filter(instrument__pemda=world.pemda, is_current=True).count() == 1


def test_answers_are_checked_against_their_question(world):
    version = skm_ready(world.pemda)
    questions = list(Question.objects.filter(version=version))
    rows, errors = engine.answers_check(
        questions, {"waktu": 5, "biaya": "2", "jenis_kelamin": "X", "umur": "", "planet": 1, "saran": "  Bagus  "}
    )
    assert {e for e, _m in errors} == {"waktu", "jenis_kelamin", "planet"}
    assert sorted((a.element, a.value, a.text) for a in rows) == [("biaya", 2, ""), ("saran", None, "Bagus")]


def test_one_response_per_once_key(world):
    version = skm_ready(world.pemda)
    questions = list(Question.objects.filter(version=version))
    system = Actor.system(world.pemda.pk, label="test")
    item = engine.ResponseInput(answered_on=dt.date(2026, 3, 2), values={"waktu": 4}, once_key="t:1")
    engine.responses_create(actor=system, version=version, items=[item], questions=questions)
    with pytest.raises(Conflict):
        engine.responses_create(actor=system, version=version, items=[item], questions=questions)
    assert Response.objects.filter(once_key="t:1").count() == 1


def test_another_pemda_cannot_write_into_a_questionnaire(world, other_world):
    version = skm_ready(world.pemda)
    with pytest.raises(PermissionDenied):
        engine.responses_create(
            actor=Actor.system(other_world.pemda.pk, label="test"),
            version=version,
            items=[engine.ResponseInput(answered_on=dt.date(2026, 3, 2), values={"waktu": 4})],
            questions=list(Question.objects.filter(version=version)),
        )
    assert not Response.objects.exists()
    assert Instrument.objects.filter(pemda=other_world.pemda).count() == 0
