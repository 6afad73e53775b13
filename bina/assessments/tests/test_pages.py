"""The pages and API as each role uses them: draw tests, take one with autosave, grade, read the results;
banks imported and exported; other Pemda's objects are not found."""

from decimal import Decimal

import pytest

from bina.assessments import services
from bina.assessments.factories import build_setup
from bina.assessments.models import Answer, Question, Sitting, Test
from bina.assessments.services import TestsInput
from bina.assessments.tests.test_pure import GIFT_SAMPLE


@pytest.fixture
def setup(world):
    return build_setup(world)


def _blueprint_post(setup) -> dict[str, str]:
    data = {"duration_minutes": "15"}
    for c in setup.competencies:
        for d in ("easy", "hard"):
            data[f"cell_{c.pk}_{d}"] = "2"
    return data


def test_instructor_draws_tests_and_participant_takes_one(world, setup, client_as) -> None:
    teacher = client_as(world.users["instructor"])
    url = f"/assessments/classes/{setup.klass.pk}/"
    assert teacher.get(url).status_code == 200
    assert teacher.post(url, _blueprint_post(setup)).status_code == 302
    pre = Test.objects.get(klass=setup.klass, phase="pre")
    me = client_as(world.users["participant"])
    assert f"/assessments/tests/{pre.pk}/start/" in me.get("/assessments/").content.decode()
    response = me.post(f"/assessments/tests/{pre.pk}/start/")
    sitting = Sitting.objects.get(test=pre)
    assert response["Location"] == f"/assessments/sittings/{sitting.pk}/"
    page = me.get(response["Location"]).content.decode()
    item = pre.items.select_related("question").first()
    right = item.question.choices.get(fraction=1)
    assert f'name="question" value="{item.question.pk}"' in page
    saved = me.post(
        f"/assessments/sittings/{sitting.pk}/answer/",
        {"question": item.question.pk, "choice": right.pk},
        headers={"HX-Request": "true"},
    )
    assert saved.status_code == 200 and 'class="saved"' in saved.content.decode()
    assert Answer.objects.get(sitting=sitting).score == 1
    # Submitting asks once more, then closes the sitting.
    ask = me.post(f"/assessments/sittings/{sitting.pk}/submit/")
    assert ask.status_code == 200 and Sitting.objects.get(pk=sitting.pk).status == "in_progress"
    me.post(f"/assessments/sittings/{sitting.pk}/submit/", {"confirmed": "yes"})
    assert Sitting.objects.get(pk=sitting.pk).status == "graded"
    # Another person's sitting is not found; the instructor reads the results.
    assert client_as(world.users["supervisor"]).get(f"/assessments/sittings/{sitting.pk}/").status_code == 404
    results = teacher.get(f"/assessments/classes/{setup.klass.pk}/results/")
    assert results.status_code == 200 and "<svg" in results.content.decode()
    assert (
        client_as(world.users["participant"]).get(f"/assessments/classes/{setup.klass.pk}/results/").status_code == 403
    )


def test_bank_import_and_moodle_export(world, setup, client_as) -> None:
    admin = client_as(world.users["admin"])
    url = f"/assessments/banks/{setup.course.pk}/"
    before = Question.objects.count()
    response = admin.post(url, {"format": "gift", "text": GIFT_SAMPLE, "difficulty": "hard", "competency": ""})
    assert response.status_code == 302
    assert Question.objects.count() == before + 6
    assert Question.objects.filter(difficulty="hard", kind="essay").count() == 1
    bad = admin.post(url, {"format": "gift", "text": "no braces", "difficulty": "medium"})
    assert bad.status_code == 422
    export = admin.get(f"/assessments/banks/{setup.course.pk}/moodle.xml")
    assert export.status_code == 200 and b"<quiz>" in export.content
    assert client_as(world.users["participant"]).get(url).status_code == 404


def test_grading_page(world, setup, client_as) -> None:
    from bina.assessments.factories import essay_item

    services.bank_items_add(
        actor=world.actor("admin"), course=setup.course, items=[essay_item(), essay_item("B")], source="form"
    )
    bp = {(c.pk, d): 1 for c in setup.competencies for d in ("easy", "hard")} | {(0, "medium"): 1}
    created = services.tests_create(actor=world.actor("admin"), klass=setup.klass, data=TestsInput(bp))
    me = world.actor("participant")
    sitting = services.test_start(actor=me, test=created.pre)
    essay = created.pre.items.get(question__kind="essay").question
    services.answer_save(actor=me, sitting=sitting, question_id=essay.pk, text="Jawaban saya")
    services.sitting_submit(actor=me, sitting=sitting)
    teacher = client_as(world.users["instructor"])
    page = teacher.get("/assessments/grading/").content.decode()
    assert "Jawaban saya" in page
    answer = Answer.objects.get(question=essay)
    teacher.post(f"/assessments/answers/{answer.pk}/grade/", {"score": "3"})
    assert Answer.objects.get(pk=answer.pk).score == Decimal(3)
    assert (
        client_as(world.users["participant"])
        .post(f"/assessments/answers/{answer.pk}/grade/", {"score": "4"})
        .status_code
        == 404
    )


def test_api_take_a_test(world, setup, api_as) -> None:
    created = services.tests_create(
        actor=world.actor("admin"), klass=setup.klass, data=TestsInput({(setup.competencies[0].pk, "easy"): 2})
    )
    admin = api_as(world.users["admin"])
    summary = admin.get(f"/api/v1/assessments/classes/{setup.klass.pk}/learning")
    assert summary.status_code == 200 and summary.json()["paired"] == 0
    questions = admin.get(f"/api/v1/assessments/banks/{setup.course.pk}/questions")
    assert questions.status_code == 200 and len(questions.json()) == 16
    imported = admin.post(
        f"/api/v1/assessments/banks/{setup.course.pk}/import",
        {"format": "gift", "content": "::A:: Benar? {T}"},
        content_type="application/json",
    )
    assert imported.status_code == 201 and imported.json() == {"created": 1}
    # A participant's session is what the phone uses; the API works with the same services.
    me = world.actor("participant")
    sitting = services.test_start(actor=me, test=created.pre)
    answer = admin.put(
        f"/api/v1/assessments/sittings/{sitting.pk}/answers/{created.pre.items.first().question_id}",
        {"choices": []},
        content_type="application/json",
    )
    assert answer.status_code == 403  # only the participant answers
    detail = admin.get(f"/api/v1/assessments/sittings/{sitting.pk}")
    assert detail.status_code == 200 and detail.json()["allowed_actions"] == []


def test_api_draws_tests_and_grades(world, setup, api_as) -> None:
    from bina.assessments.factories import essay_item

    services.bank_items_add(
        actor=world.actor("admin"), course=setup.course, items=[essay_item(), essay_item("B")], source="form"
    )
    admin = api_as(world.users["admin"])
    cells = [{"competency_id": c.pk, "difficulty": "easy", "count": 2} for c in setup.competencies]
    cells.append({"competency_id": 0, "difficulty": "medium", "count": 1})
    drawn = admin.post(
        f"/api/v1/assessments/classes/{setup.klass.pk}/tests",
        {"blueprint": cells, "duration_minutes": 20},
        content_type="application/json",
    )
    assert drawn.status_code == 201, drawn.content
    assert drawn.json()["pre"]["items"] == drawn.json()["post"]["items"] == 5 and drawn.json()["shared_questions"] == []
    pre = Test.objects.get(pk=drawn.json()["pre"]["id"])
    me = world.actor("participant")
    sitting = services.test_start(actor=me, test=pre)
    essay = pre.items.get(question__kind="essay").question
    services.answer_save(actor=me, sitting=sitting, question_id=essay.pk, text="Dengan sabar")
    services.sitting_submit(actor=me, sitting=sitting)
    answer = Answer.objects.get(sitting=sitting, question=essay)
    graded = admin.put(
        f"/api/v1/assessments/answers/{answer.pk}/grade", {"score": 3.5}, content_type="application/json"
    )
    assert graded.status_code == 200 and graded.json()["scored"]
    assert Sitting.objects.get(pk=sitting.pk).status == "graded"
