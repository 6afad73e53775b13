"""Stored enrolment reasons are codes with parameters, rendered in the reader's language (issue 8.5).

Class completion runs as one admin in one language; the participant, another admin, the API client and
the spreadsheet each read the reason in their own. A person's words (a rejection note) stay as typed.
"""

from __future__ import annotations

import importlib
import io
from datetime import date, timedelta
from decimal import Decimal
from html import escape

import pytest
from django.apps import apps as django_apps
from django.urls import reverse
from django.utils import translation
from openpyxl import load_workbook

from bina.notifications.models import Notification
from bina.training.attendance.completion import class_complete
from bina.training.attendance.services import attendance_mark_bulk
from bina.training.classes.enrolment import enrolment_approve, enrolment_reject, enrolment_request
from bina.training.classes.models import ClassStatus, Enrolment, EnrolmentStatus
from bina.training.factories import CourseFactory, EnrolmentFactory, SessionFactory, TrainingClassFactory

ID_TEXT = "kehadiran 62,5% < 80%"
EN_TEXT = "attendance 62.5% < 80%"


@pytest.fixture
def failed(world):
    """A participant failed by attendance (5 of 8 sessions), decided by an admin working in English."""
    klass = TrainingClassFactory(
        course=CourseFactory(pemda=world.pemda, has_post_test=False),
        status=ClassStatus.RUNNING,
        starts_on=date(2026, 3, 2),
        ends_on=date(2026, 3, 4),
    )
    for day in range(8):
        s = SessionFactory(klass=klass)
        s.starts_at += timedelta(hours=5 * day)
        s.ends_at += timedelta(hours=5 * day)
        s.save()
    e = EnrolmentFactory(klass=klass, employee=world.employees["staff_bidang"])
    admin = world.actor("admin")
    for i, session in enumerate(klass.sessions.order_by("starts_at")):
        attendance_mark_bulk(actor=admin, session=session, marks={e.pk: "present" if i < 5 else "absent"})
    with translation.override("en"):
        class_complete(actor=admin, klass=klass)
    e.refresh_from_db()
    assert e.status == EnrolmentStatus.FAILED
    return e


def test_the_stored_reason_is_a_code_and_renders_in_each_readers_language(failed):
    assert (failed.reason_code, failed.reason_params, failed.reason) == (
        "attendance_below_minimum", {"pct": "62.5", "min": "80"}, ""
    )  # fmt: skip
    with translation.override("id"):
        assert failed.reason_message == ID_TEXT
    with translation.override("en"):
        assert failed.reason_message == EN_TEXT


def test_the_participants_page_shows_the_reason_in_the_users_language(world, failed, client_as):
    admin = world.users["admin"]
    url = reverse("training:class_participants", args=[failed.klass_id])
    for language, text in (("id", ID_TEXT), ("en", EN_TEXT)):
        admin.language = language
        admin.save(update_fields=["language"])
        page = client_as(admin).get(url).content.decode()
        assert escape(text) in page, language


def test_the_api_gives_code_params_and_the_message_in_the_requests_language(world, failed, api_as):
    client = api_as(world.users["admin"])
    path = f"/api/v1/enrolments/{failed.pk}"
    english = client.get(path, headers={"Accept-Language": "en"}).json()
    indonesian = client.get(path, headers={"Accept-Language": "id"}).json()
    for body in (english, indonesian):
        assert body["reason_code"] == "attendance_below_minimum"
        assert body["reason_params"] == {"pct": "62.5", "min": "80"}
        assert body["reason"] == ""
    assert (english["reason_message"], indonesian["reason_message"]) == (EN_TEXT, ID_TEXT)


def test_the_participant_export_writes_the_reason_in_the_downloaders_language(world, failed, client_as_en):
    url = reverse("training:class_participants_xlsx", args=[failed.klass_id])
    rows = list(load_workbook(io.BytesIO(client_as_en(world.users["admin"]).get(url).content)).active.values)
    assert rows[0][-1] == "Reason"
    assert rows[1][-1] == EN_TEXT


def test_a_rejection_note_is_the_persons_words_and_stays_as_typed(world, client_as_en):
    klass = TrainingClassFactory(course=CourseFactory(pemda=world.pemda), requires_approval=True)
    SessionFactory(klass=klass)
    e = enrolment_request(
        actor=world.actor("participant"), klass=klass, employee=world.employees["kel_a1_staff"], source="self"
    )
    e = enrolment_reject(actor=world.actor("admin"), enrolment=e, reason="Kuota unit sudah penuh")
    assert (e.reason, e.reason_code, e.reason_params) == ("Kuota unit sudah penuh", "", {})
    with translation.override("en"):
        assert e.reason_message == "Kuota unit sudah penuh"


def test_an_approval_tells_the_outcome_in_the_employees_language_not_the_approvers(world):
    participant = world.users["participant"]
    participant.language = "id"
    participant.save(update_fields=["language"])
    klass = TrainingClassFactory(course=CourseFactory(pemda=world.pemda), requires_approval=True)
    SessionFactory(klass=klass)
    e = enrolment_request(
        actor=world.actor("participant"), klass=klass, employee=world.employees["kel_a1_staff"], source="self"
    )
    with translation.override("en"):  # the approver works in English
        enrolment_approve(actor=world.actor("admin"), enrolment=e)
    body = Notification.objects.get(kind="approval", user=participant).body
    assert "you are enrolled" not in body
    with translation.override("id"):
        assert str(translation.gettext("you are enrolled")) in body


# --- the data migration ---------------------------------------------------------------------------

MIGRATION = importlib.import_module("bina.training.migrations.0005_enrolment_reason_codes_from_text")


@pytest.mark.parametrize(
    ("text", "code", "params"),
    [
        ("attendance 62.5% < 80%", "attendance_below_minimum", {"pct": "62.5", "min": "80"}),
        ("kehadiran 50% < 80%", "attendance_below_minimum", {"pct": "50", "min": "80"}),
        ("tidak ada nilai post-test", "post_test_missing", {}),
        ("post-test 65.5 < 70", "post_test_below_minimum", {"score": "65.5", "min": "70"}),
        (
            "attendance 50% < 80%; no post-test score",
            "several",
            {
                "reasons": [
                    {"code": "attendance_below_minimum", "params": {"pct": "50", "min": "80"}},
                    {"code": "post_test_missing", "params": {}},
                ]
            },
        ),
    ],
)
def test_the_migration_recognises_what_completion_used_to_write(text, code, params):
    assert MIGRATION.parse_reason(text) == (code, params)


def test_the_migration_converts_old_reasons_and_keeps_anything_else_as_typed(world):
    klass = TrainingClassFactory(course=CourseFactory(pemda=world.pemda))
    old = EnrolmentFactory(
        klass=klass, employee=world.employees["staff_bidang"], status=EnrolmentStatus.FAILED,
        reason="kehadiran 62.5% < 80%",
    )  # fmt: skip
    typed = EnrolmentFactory(
        klass=klass, employee=world.employees["kel_a1_staff"], status=EnrolmentStatus.FAILED,
        reason="Tidak ikut ujian karena sakit",
    )  # fmt: skip
    declined = EnrolmentFactory(
        klass=klass, employee=world.employees["camat_a"], status=EnrolmentStatus.DECLINED,
        reason="attendance 10% < 80%",  # a person's words, even when they look like completion's
    )  # fmt: skip
    MIGRATION.forwards(django_apps, None)
    for e in (old, typed, declined):
        e.refresh_from_db()
    assert (old.reason_code, old.reason_params, old.reason) == (
        "attendance_below_minimum", {"pct": "62.5", "min": "80"}, ""
    )  # fmt: skip
    with translation.override("en"):
        assert old.reason_message == EN_TEXT
    assert (typed.reason_code, typed.reason) == ("", "Tidak ikut ujian karena sakit")
    assert (declined.reason_code, declined.reason) == ("", "attendance 10% < 80%")
    # And back: a rollback writes the reason as text again, in the default language.
    MIGRATION.backwards(django_apps, None)
    old.refresh_from_db()
    assert old.reason == ID_TEXT


def test_an_unknown_stored_code_renders_safely_everywhere(world, client_as, api_as):
    klass = TrainingClassFactory(course=CourseFactory(pemda=world.pemda))
    e = EnrolmentFactory(
        klass=klass, employee=world.employees["staff_bidang"], status=EnrolmentStatus.FAILED,
        reason_code="retired_code", reason_params={"x": "1"},
    )  # fmt: skip
    assert e.reason_message == "retired_code"
    page = client_as(world.users["admin"]).get(reverse("training:class_participants", args=[klass.pk]))
    assert page.status_code == 200 and "retired_code" in page.content.decode()
    body = api_as(world.users["admin"]).get(f"/api/v1/enrolments/{e.pk}").json()
    assert (body["reason_code"], body["reason_message"]) == ("retired_code", "retired_code")


def test_two_unmet_criteria_are_one_several_code_read_in_either_language(world):
    from bina.training.attendance.completion import enrolment_outcome

    klass = TrainingClassFactory(
        course=CourseFactory(pemda=world.pemda, has_post_test=True, min_post_test_score=Decimal("70"))
    )
    e = Enrolment(klass=klass, attendance_pct=Decimal("50"), post_test_score=Decimal("65.25"))
    ok, code, params = enrolment_outcome(e, klass)
    assert not ok and code == "several"
    assert [part["code"] for part in params["reasons"]] == ["attendance_below_minimum", "post_test_below_minimum"]
    e.reason_code, e.reason_params = code, params
    with translation.override("id"):
        assert e.reason_message == "kehadiran 50% < 80%; post-test 65,25 < 70"
    with translation.override("en"):
        assert e.reason_message == "attendance 50% < 80%; post-test 65.25 < 70"
