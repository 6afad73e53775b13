"""Class pages through the real stack: list, detail, htmx enrol/withdraw, admin panel, forms, participants, scoping."""

from __future__ import annotations

from datetime import datetime, timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from bina.training.classes.models import ClassStatus, Enrolment, TrainingClass
from bina.training.factories import CourseFactory, EnrolmentFactory, SessionFactory, TrainingClassFactory


@pytest.fixture
def klass(world):
    k = TrainingClassFactory(course=CourseFactory(pemda=world.pemda, title="Pelayanan Prima"), code="PP-1", capacity=1)
    SessionFactory(klass=k, topic="Standar Pelayanan")
    return k


def test_list_shows_classes_with_seats_and_pins_queries(world, klass, client_as_en, django_assert_max_num_queries):
    for i in range(8):
        TrainingClassFactory(course=klass.course, code=f"PP-X{i}")
    client = client_as_en(world.users["participant"])
    with django_assert_max_num_queries(12):
        response = client.get(reverse("training:classes"))
    assert response.status_code == 200
    body = response.content.decode()
    assert "PP-1" in body and "1 of 1 seats left" in body


def test_list_query_count_is_constant(world, klass, client_as, django_assert_max_num_queries):
    client = client_as(world.users["participant"])
    client.get(reverse("training:classes"))
    for i in range(30):
        TrainingClassFactory(course=klass.course, code=f"PP-Y{i}")
    with django_assert_max_num_queries(12):
        assert client.get(reverse("training:classes")).status_code == 200


def test_drafts_are_hidden_from_participants_and_other_pemda_gets_404(world, other_world, klass, client_as):
    draft = TrainingClassFactory(course=klass.course, code="DRAFT-1", status=ClassStatus.DRAFT)
    participant = client_as(world.users["participant"])
    assert "DRAFT-1" not in participant.get(reverse("training:classes")).content.decode()
    assert participant.get(reverse("training:class_detail", args=[draft.pk])).status_code == 404
    assert (
        client_as(other_world.users["admin"]).get(reverse("training:class_detail", args=[klass.pk])).status_code == 404
    )
    assert client_as(world.users["admin"]).get(reverse("training:class_detail", args=[draft.pk])).status_code == 200


def test_enrol_with_htmx_returns_my_place_then_full_class_waitlists(world, klass, client_as_en):
    client = client_as_en(world.users["participant"])
    response = client.post(reverse("training:class_enrol", args=[klass.pk]), HTTP_HX_REQUEST="true")
    assert response.status_code == 200
    assert 'id="my-place"' in response.content.decode() and "Enrolled" in response.content.decode()
    # the seat counter elsewhere on the page is swapped out of band with the new count
    assert 'id="seats" aria-labelledby="h-seats" hx-swap-oob="true"' in response.content.decode()
    assert "1 of" in response.content.decode()
    e = Enrolment.objects.get(klass=klass, employee=world.employees["kel_a1_staff"])
    assert e.status == "enrolled"
    # second click: refused with the reason, nothing duplicated
    again = client.post(reverse("training:class_enrol", args=[klass.pk]), HTTP_HX_REQUEST="true")
    assert again.status_code == 409 and "already has a place" in again.content.decode()
    # withdraw frees the seat
    out = client.post(reverse("training:enrolment_withdraw", args=[e.pk]), {"reason": "Sakit", "confirmed": "yes"})
    assert out.status_code == 302
    e.refresh_from_db()
    assert e.status == "withdrawn"


def test_detail_shows_sessions_seats_and_admin_panel_only_for_admin(world, klass, client_as_en):
    admin_page = client_as_en(world.users["admin"]).get(reverse("training:class_detail", args=[klass.pk]))
    assert "Standar Pelayanan" in admin_page.content.decode()
    assert "Manage this class" in admin_page.content.decode()
    p_page = client_as_en(world.users["participant"]).get(reverse("training:class_detail", args=[klass.pk]))
    assert "Manage this class" not in p_page.content.decode()
    assert "Enrol" in p_page.content.decode()


def test_supervisor_sees_and_uses_the_nomination_form(world, klass, client_as_en):
    client = client_as_en(world.users["supervisor"])
    page = client.get(reverse("training:class_detail", args=[klass.pk]))
    assert "Nominate a member of my team" in page.content.decode()
    # The picker searches the team by name (here without JavaScript: the *Cari* button re-renders the page).
    for name in (world.employees["staff_bidang"].name, world.employees["kel_b1_staff"].name):
        found = client.post(
            reverse("training:class_nominate", args=[klass.pk]),
            {"nominate-nip__q": name.split()[0], "nominate-nip__search": "1"},
        )
        assert found.status_code == 200
        assert not Enrolment.objects.filter(klass=klass).exists()  # a search saves nothing
    found = client.post(
        reverse("training:class_nominate", args=[klass.pk]),
        {"nominate-nip__q": world.employees["staff_bidang"].name, "nominate-nip__search": "1"},
    ).content.decode()
    assert f'value="{world.employees["staff_bidang"].nip}"' in found
    endpoint = client.get(
        reverse("people:pick_employees"),
        {"scope": "reports", "field": "nominate-nip", "nominate-nip__q": world.employees["kel_b1_staff"].name},
    )
    assert world.employees["kel_b1_staff"].nip not in endpoint.content.decode()  # not a report
    outsider = client.post(
        reverse("training:class_nominate", args=[klass.pk]), {"nominate-nip": world.employees["kel_b1_staff"].nip}
    )
    assert outsider.status_code == 422 and not Enrolment.objects.filter(klass=klass).exists()
    response = client.post(
        reverse("training:class_nominate", args=[klass.pk]), {"nominate-nip": world.employees["staff_bidang"].nip}
    )
    assert response.status_code == 302
    assert Enrolment.objects.get(klass=klass, employee=world.employees["staff_bidang"]).status == "nominated"


def test_admin_assigns_by_nip_and_unknown_nip_is_explained(world, klass, client_as_en):
    client = client_as_en(world.users["admin"])
    ok = client.post(reverse("training:class_assign", args=[klass.pk]), {"assign-nip": world.employees["camat_a"].nip})
    assert ok.status_code == 302
    assert Enrolment.objects.get(klass=klass, employee=world.employees["camat_a"]).source == "assignment"
    bad = client.post(reverse("training:class_assign", args=[klass.pk]), {"assign-nip": "199001012020011999"})
    assert bad.status_code == 422 and "No employee" in bad.content.decode()


def test_admin_lifecycle_buttons_and_cancel(world, client_as_en):
    k = TrainingClassFactory(course=CourseFactory(pemda=world.pemda), status=ClassStatus.DRAFT)
    client = client_as_en(world.users["admin"])
    client.post(reverse("training:class_open", args=[k.pk]), follow=True)
    k.refresh_from_db()
    assert k.status == "draft"  # no session yet: refused with a message
    SessionFactory(klass=k)
    client.post(reverse("training:class_open", args=[k.pk]))
    k.refresh_from_db()
    assert k.status == "open"
    # cancelling asks first (issue 9.2), then does it
    ask = client.post(reverse("training:class_cancel", args=[k.pk]), {"cancel-reason": "Anggaran dialihkan"})
    assert ask.status_code == 200 and 'data-testid="confirm"' in ask.content.decode()
    k.refresh_from_db()
    assert k.status == "open"
    client.post(
        reverse("training:class_cancel", args=[k.pk]), {"cancel-reason": "Anggaran dialihkan", "confirmed": "yes"}
    )
    k.refresh_from_db()
    assert k.status == "cancelled" and k.cancelled_reason == "Anggaran dialihkan"


def test_participant_cannot_use_admin_actions(world, klass, client_as):
    client = client_as(world.users["participant"])
    assert client.post(reverse("training:class_start", args=[klass.pk])).status_code == 403
    assert client.get(reverse("training:class_edit", args=[klass.pk])).status_code == 403
    assert client.get(reverse("training:class_create")).status_code == 403
    assert client.get(reverse("training:class_participants", args=[klass.pk])).status_code == 403


def test_admin_creates_class_then_adds_a_session(world, client_as_en):
    course = CourseFactory(pemda=world.pemda)
    start = timezone.localdate() + timedelta(days=7)
    client = client_as_en(world.users["admin"])
    assert client.get(reverse("training:class_create")).status_code == 200
    response = client.post(
        reverse("training:class_create"),
        {"course": course.pk, "code": "NEW-7", "name": "Angkatan VII", "starts_on": start.isoformat(),
         "ends_on": (start + timedelta(days=1)).isoformat(), "capacity": 25, "allow_self_registration": "on"},
    )  # fmt: skip
    assert response.status_code == 302
    k = TrainingClass.objects.get(code="NEW-7")
    day = datetime.combine(start, datetime.min.time())
    created = client.post(
        reverse("training:session_create", args=[k.pk]),
        {"starts_at": day.replace(hour=8).strftime("%Y-%m-%dT%H:%M"),
         "ends_at": day.replace(hour=12).strftime("%Y-%m-%dT%H:%M"), "topic": "Pembukaan"},
    )  # fmt: skip
    assert created.status_code == 302 and k.sessions.get().topic == "Pembukaan"
    edit = client.post(
        reverse("training:class_edit", args=[k.pk]),
        {"course": course.pk, "code": "NEW-7", "name": "Angkatan VII", "starts_on": start.isoformat(),
         "ends_on": start.isoformat(), "capacity": 0},
    )  # fmt: skip
    assert edit.status_code == 422


def test_participants_page_paginates_and_filters(world, klass, client_as_en, django_assert_max_num_queries):
    EnrolmentFactory(klass=klass, employee=world.employees["camat_a"], status="enrolled")
    EnrolmentFactory(klass=klass, employee=world.employees["setda_staff"], status="waitlisted")
    client = client_as_en(world.users["admin"])
    with django_assert_max_num_queries(12):
        page = client.get(reverse("training:class_participants", args=[klass.pk]), {"status": "waitlisted"})
    body = page.content.decode()
    assert world.employees["setda_staff"].name in body and world.employees["camat_a"].name not in body
    assert (
        client_as_en(world.users["operator"]).get(reverse("training:class_participants", args=[klass.pk])).status_code
        == 403
    )


def test_other_pemda_cannot_act_on_enrolment(world, other_world, klass, client_as):
    e = EnrolmentFactory(klass=klass, employee=world.employees["kel_a1_staff"], status="enrolled")
    response = client_as(other_world.users["admin"]).post(
        reverse("training:enrolment_withdraw", args=[e.pk]), {"reason": "x"}
    )
    assert response.status_code == 404
    e.refresh_from_db()
    assert e.status == "enrolled"


def test_open_for_me_lists_only_classes_my_unit_may_join(world, klass, client_as):
    elsewhere = TrainingClassFactory(course=klass.course, code="ONLY-B")
    elsewhere.eligible_units.set([world.units["kec_b"]])
    mine = TrainingClassFactory(course=klass.course, code="FOR-A")
    mine.eligible_units.set([world.units["kec_a"]])  # the participant works in a kelurahan under it
    body = client_as(world.users["participant"]).get(reverse("training:classes"), {"open_for_me": "on"}).content
    assert b"FOR-A" in body and b"PP-1" in body and b"ONLY-B" not in body


def test_detail_query_count_does_not_grow_with_sessions(world, klass, client_as, django_assert_max_num_queries):
    client = client_as(world.users["admin"])
    for _ in range(10):
        SessionFactory(klass=klass)
    with django_assert_max_num_queries(25):
        assert client.get(reverse("training:class_detail", args=[klass.pk])).status_code == 200


def test_nominee_accepts_with_htmx(world, klass, client_as_en):
    e = EnrolmentFactory(klass=klass, employee=world.employees["kel_a1_staff"], status="nominated", source="nomination")
    client = client_as_en(world.users["participant"])
    page = client.get(reverse("training:class_detail", args=[klass.pk])).content.decode()
    assert "Accept the nomination" in page
    response = client.post(reverse("training:enrolment_accept", args=[e.pk]), HTTP_HX_REQUEST="true")
    assert response.status_code == 200 and "Enrolled" in response.content.decode()
    e.refresh_from_db()
    klass.refresh_from_db()
    assert e.status == "enrolled" and klass.enrolled_count == 1


def test_someone_else_cannot_accept_my_nomination(world, klass, client_as):
    e = EnrolmentFactory(klass=klass, employee=world.employees["kel_a1_staff"], status="nominated", source="nomination")
    # the supervisor of another branch cannot even see this enrolment
    response = client_as(world.users["supervisor"]).post(reverse("training:enrolment_accept", args=[e.pk]))
    assert response.status_code == 404
    e.refresh_from_db()
    assert e.status == "nominated"
