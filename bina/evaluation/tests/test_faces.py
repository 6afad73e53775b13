"""Pages, downloads and API over the same services: the participant answers on the page or the API, the admin
reads results and downloads the class report; the report carries sections registered by other apps."""

from __future__ import annotations

import pytest
from django.urls import reverse

from bina.evaluation import hooks
from bina.evaluation.factories import ended_class
from bina.surveys.models import Response

pytestmark = pytest.mark.django_db

FORM = {
    "relevance": "5",
    "material": "4",
    "method": "4",
    "facilities": "3",
    "organisation": "4",
    "overall": "5",
    "recommend": "ya",
}


@pytest.fixture
def ec(world):
    return ended_class(world.pemda, world.units["kel_a1"], attendees=5, employees=[world.employees["kel_a1_staff"]])


def test_participant_answers_on_the_page(world, client_as, ec):
    client = client_as(world.users["participant"])
    invite = ec.invites[world.employees["kel_a1_staff"].pk]
    assert client.get(reverse("evaluation:mine")).content.decode().count(ec.klass.course.title) >= 1
    url = reverse("evaluation:reaction_answer", args=[invite.pk])
    page = client.get(url)
    assert page.status_code == 200 and "session_" in page.content.decode()
    refused = client.post(url, FORM)  # the instructor of each session not rated
    assert refused.status_code == 422 and Response.objects.count() == 0
    ratings = {f"session_{s.pk}": "4" for s in ec.sessions}
    done = client.post(
        url, {**FORM, **ratings, "comment": "Bagus", "testimony": "Lebih percaya diri", "consent": "initials"}
    )
    assert done.status_code == 302 and Response.objects.count() == 1
    assert 'name="relevance"' not in client.get(url).content.decode()  # answered: no form any more


def test_answer_through_the_api_and_read_results(world, api_as, ec):
    staff = world.employees["kel_a1_staff"]
    client = api_as(world.users["participant"])
    invite = ec.invites[staff.pk]
    form = client.get(f"/api/v1/evaluation/reaction/{invite.pk}").json()
    assert len(form["sessions"]) == 2 and form["answered"] is False
    body = {
        "answers": [{"element": k, "value": v} for k, v in FORM.items()],
        "sessions": [{"session": s["session"], "value": 5} for s in form["sessions"]],
    }
    assert (
        client.post(f"/api/v1/evaluation/reaction/{invite.pk}", body, content_type="application/json").status_code
        == 201
    )
    again = client.post(f"/api/v1/evaluation/reaction/{invite.pk}", body, content_type="application/json")
    assert again.status_code == 409
    results = api_as(world.users["admin"]).get(f"/api/v1/evaluation/classes/{ec.klass.pk}").json()
    assert results["reaction"]["respondents"] == 1 and results["reaction"]["visible"] is False
    assert results["reaction"]["questions"] == []
    # A participant reads no class results.
    assert client.get(f"/api/v1/evaluation/classes/{ec.klass.pk}").status_code == 403


def test_class_page_lists_participants_with_a_follow_up_for_the_admin_only(world, client_as, ec):
    from django.utils import timezone

    from bina.evaluation.models import BehaviourSurvey

    enrolment = ec.enrolments[0]
    BehaviourSurvey.objects.create(
        pemda=world.pemda, enrolment=enrolment, stage="baseline", rater="self", respondent=enrolment.employee,
        due_on=timezone.localdate(), answered_at=timezone.now(),
    )  # fmt: skip
    link = reverse("evaluation:enrolment_behaviour", args=[enrolment.pk])
    assert (
        link
        in client_as(world.users["admin"]).get(reverse("evaluation:class_results", args=[ec.klass.pk])).content.decode()
    )
    # The participant reaches their own results from "My evaluations".
    assert link in client_as(world.users["participant"]).get(reverse("evaluation:mine")).content.decode()
    assert client_as(world.users["participant"]).get(link).status_code == 200


def test_admin_pages_and_report_with_a_registered_section(world, client_as, ec):
    calls = []

    def section(actor, klass):
        calls.append(klass.pk)
        return hooks.ReportSection("Pre-test dan post-test", ["NIP", "g"], [["1", "0,5"]])

    hooks.register_section(hooks.SectionProvider("test.learning", 30, section))
    try:
        client = client_as(world.users["admin"])
        page = client.get(reverse("evaluation:class_results", args=[ec.klass.pk]))
        assert page.status_code == 200 and ec.klass.code in page.content.decode()
        pdf = client.get(reverse("evaluation:class_report_pdf", args=[ec.klass.pk]))
        assert pdf.status_code == 200 and pdf["Content-Type"] == "application/pdf" and pdf.content.startswith(b"%PDF")
        xlsx = client.get(reverse("evaluation:class_report_xlsx", args=[ec.klass.pk]))
        assert xlsx.status_code == 200 and xlsx.content[:2] == b"PK"
        assert calls == [ec.klass.pk, ec.klass.pk]
        for name, args in (
            ("course_results", [ec.klass.course_id]),
            ("classes", []),
            ("testimonies", []),
            ("settings", []),
        ):
            assert client.get(reverse(f"evaluation:{name}", args=args)).status_code == 200, name
        assert client.get(reverse("training:class_detail", args=[ec.klass.pk])).status_code == 200
    finally:
        hooks._SECTIONS.pop("test.learning", None)
    # A participant may not read results nor download the report.
    participant = client_as(world.users["participant"])
    assert participant.get(reverse("evaluation:class_results", args=[ec.klass.pk])).status_code == 403
    assert participant.get(reverse("evaluation:class_report_pdf", args=[ec.klass.pk])).status_code in (403, 404)


def test_admin_rewords_the_questionnaire_into_a_new_version(world, client_as, ec):
    from bina.surveys.models import InstrumentVersion, Question

    client = client_as(world.users["admin"])
    old = InstrumentVersion.objects.get(instrument__pemda=world.pemda, instrument__code="reaksi", is_current=True)
    assert client.get(reverse("evaluation:instrument")).status_code == 200
    answer = client.post(reverse("evaluation:instrument"), {"relevance": "Seberapa sesuai materi dengan tugas Anda?"})
    assert answer.status_code == 302
    new = InstrumentVersion.objects.get(instrument__pemda=world.pemda, instrument__code="reaksi", is_current=True)
    assert new.number == old.number + 1
    assert Question.objects.get(version=new, element="relevance").text == "Seberapa sesuai materi dengan tugas Anda?"
    # The class already opened keeps asking the version it opened with.
    assert ec.invites[ec.enrolments[0].employee_id].survey.campaign.version_id == old.pk
    settings = client.post(
        reverse("evaluation:settings"),
        {"min_responses": "7", "followup_weeks": "10", "reminder_days": "2", "max_reminders": "1"},
    )
    assert settings.status_code == 302
    from bina.evaluation.access import settings_of

    assert settings_of(world.pemda.pk).min_responses == 7
    assert client_as(world.users["participant"]).get(reverse("evaluation:instrument")).status_code == 403


def test_instructor_rating_on_the_instructor_page_for_the_admin_only(world, client_as, ec):
    instructor = ec.sessions[0].instructor
    link = reverse("evaluation:instructor_results", args=[instructor.pk])
    admin_page = client_as(world.users["admin"]).get(reverse("partners:instructor_detail", args=[instructor.pk]))
    assert admin_page.status_code == 200 and link in admin_page.content.decode()
    other = client_as(world.users["participant"]).get(reverse("partners:instructor_detail", args=[instructor.pk]))
    assert link not in other.content.decode()
    assert client_as(world.users["admin"]).get(link).status_code == 200
