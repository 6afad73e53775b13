"""A refused class write writes nothing (issue 8.7): quotas are checked with the rest, before the class is saved.

Before, `POST /classes` created the class and only then set its quotas, so a bad quota answered 422 and
left the class behind; a PATCH with a bad quota applied its other fields.
"""

from __future__ import annotations

import json
from datetime import timedelta

import pytest
from django.utils import timezone

from bina.core.audit import AuditEvent
from bina.core.errors import ValidationFailed
from bina.training.classes.models import TrainingClass, UnitQuota
from bina.training.classes.services import class_create, class_update
from bina.training.factories import CourseFactory, TrainingClassFactory


def _snapshot() -> tuple:
    return (
        list(TrainingClass.objects.order_by("pk").values_list()),
        list(UnitQuota.objects.order_by("pk").values_list()),
        list(TrainingClass.eligible_units.through.objects.order_by("pk").values_list()),
        AuditEvent.objects.count(),
    )


def _create_body(world, course, **quotas_and_capacity) -> dict:
    start = timezone.localdate() + timedelta(days=14)
    return {
        "course_id": course.pk,
        "code": "REF-1",
        "name": "Angkatan Ditolak",
        "starts_on": start.isoformat(),
        "ends_on": (start + timedelta(days=1)).isoformat(),
        "capacity": 10,
        "eligible_units": [world.units["dinas"].code],
        **quotas_and_capacity,
    }


def _post(client, path: str, body: dict, method: str = "post"):
    return client.generic(method.upper(), f"/api/v1{path}", json.dumps(body), content_type="application/json")


BAD_QUOTAS = {
    "unknown unit": lambda w, o: {"NO-SUCH-UNIT": 2},
    "negative seats": lambda w, o: {w.units["bidang"].code: -1},
    "seats above capacity": lambda w, o: {w.units["bidang"].code: 11},
    "unit of another Pemda": lambda w, o: {o.units["setda"].code: 1},  # unknown to this admin
}


@pytest.mark.parametrize("case", list(BAD_QUOTAS), ids=str)
def test_post_class_with_bad_quotas_creates_nothing(case, world, other_world, api_as):
    course = CourseFactory(pemda=world.pemda)
    client = api_as(world.users["admin"])
    before = _snapshot()
    response = _post(client, "/classes", _create_body(world, course, quotas=BAD_QUOTAS[case](world, other_world)))
    assert response.status_code == 422, response.content
    error = response.json()["error"]
    assert error["message"] and error["details"], error
    assert _snapshot() == before
    assert not TrainingClass.objects.filter(code="REF-1").exists()


def test_post_class_with_good_quotas_still_creates_both(world, api_as):
    course = CourseFactory(pemda=world.pemda)
    response = _post(
        api_as(world.users["admin"]), "/classes", _create_body(world, course, quotas={world.units["bidang"].code: 10})
    )
    assert response.status_code == 201, response.content
    assert response.json()["quotas"] == [{"unit": world.units["bidang"].code, "seats": 10}]


@pytest.mark.parametrize("case", list(BAD_QUOTAS), ids=str)
def test_patch_class_with_bad_quotas_changes_no_other_field(case, world, other_world, api_as):
    klass = TrainingClassFactory(course=CourseFactory(pemda=world.pemda), code="REF-2", name="Lama", capacity=10)
    UnitQuota.objects.create(klass=klass, unit=world.units["kec_a"], seats=3)
    client = api_as(world.users["admin"])
    before = _snapshot()
    response = _post(
        client,
        f"/classes/{klass.pk}",
        {
            "name": "Baru",
            "venue": "Aula",
            "eligible_units": [world.units["dinas"].code],
            "quotas": BAD_QUOTAS[case](world, other_world),
        },
        method="patch",
    )
    assert response.status_code == 422, response.content
    assert _snapshot() == before
    klass.refresh_from_db()
    assert (klass.name, klass.venue) == ("Lama", "")


def test_patch_quota_is_checked_against_the_new_capacity(world, api_as):
    """Lowering the capacity and setting a quota above the new capacity in one PATCH is refused whole."""
    klass = TrainingClassFactory(course=CourseFactory(pemda=world.pemda), capacity=10)
    client = api_as(world.users["admin"])
    before = _snapshot()
    response = _post(
        client,
        f"/classes/{klass.pk}",
        {"capacity": 4, "quotas": {world.units["bidang"].code: 5}},
        method="patch",
    )
    assert response.status_code == 422, response.content
    assert _snapshot() == before


def test_services_check_quotas_before_writing(world):
    """The services themselves (not only the API) refuse a bad quota before saving the class."""
    admin = world.actor("admin")
    course = CourseFactory(pemda=world.pemda)
    start = timezone.localdate() + timedelta(days=14)
    data = {"course": course, "code": "SRV-1", "name": "X", "starts_on": start, "ends_on": start, "capacity": 5}
    before = _snapshot()
    with pytest.raises(ValidationFailed, match=r"\(5\)"):
        class_create(actor=admin, pemda_id=world.pemda.pk, data=data, quotas={world.units["bidang"]: 6})
    klass = TrainingClassFactory(course=course, name="Lama", capacity=5)
    before = _snapshot()
    with pytest.raises(ValidationFailed, match=r"\(5\)"):
        class_update(actor=admin, klass=klass, data={"name": "Baru"}, quotas={world.units["bidang"]: -1})
    assert _snapshot() == before


@pytest.mark.parametrize("seats", ["-1", "11"])
def test_quota_page_refuses_bad_seats_and_changes_nothing(seats, world, client_as):
    klass = TrainingClassFactory(course=CourseFactory(pemda=world.pemda), capacity=10)
    UnitQuota.objects.create(klass=klass, unit=world.units["kec_a"], seats=3)
    client = client_as(world.users["admin"])
    before = _snapshot()
    response = client.post(
        f"/training/classes/{klass.pk}/quotas/", {"quota-unit": world.units["bidang"].code, "quota-seats": seats}
    )
    assert response.status_code == 422
    assert _snapshot() == before


def test_quota_page_refuses_a_unit_of_another_pemda(world, other_world, client_as):
    klass = TrainingClassFactory(course=CourseFactory(pemda=world.pemda), capacity=10)
    client = client_as(world.users["admin"])
    before = _snapshot()
    response = client.post(
        f"/training/classes/{klass.pk}/quotas/", {"quota-unit": other_world.units["bidang"].code, "quota-seats": "2"}
    )
    assert response.status_code == 422
    assert _snapshot() == before


# --- the class form pages: a refusal of the service (after the form's own checks) writes nothing ----------


def _form_data(course, **extra) -> dict:
    start = timezone.localdate() + timedelta(days=14)
    return {
        "course": course.pk,
        "code": "PG-1",
        "name": "Angkatan Halaman",
        "starts_on": start.isoformat(),
        "ends_on": (start + timedelta(days=1)).isoformat(),
        "capacity": "10",
        **extra,
    }


def test_create_page_refused_by_the_service_creates_nothing(world, client_as):
    course = CourseFactory(pemda=world.pemda)
    client = client_as(world.users["admin"])
    before = _snapshot()
    late = (timezone.localdate() + timedelta(days=20)).isoformat() + "T08:00"
    response = client.post("/training/classes/new/", _form_data(course, registration_closes_at=late))
    assert response.status_code == 422
    assert _snapshot() == before


def test_edit_page_refused_by_the_service_changes_no_field(world, client_as):
    from bina.training.classes.models import EnrolmentStatus
    from bina.training.factories import EnrolmentFactory

    course = CourseFactory(pemda=world.pemda)
    klass = TrainingClassFactory(course=course, code="PG-2", name="Lama", capacity=2)
    EnrolmentFactory(klass=klass, employee=world.employees["staff_bidang"], status=EnrolmentStatus.ENROLLED)
    EnrolmentFactory(klass=klass, employee=world.employees["setda_staff"], status=EnrolmentStatus.ENROLLED)
    TrainingClass.objects.filter(pk=klass.pk).update(enrolled_count=2)
    client = client_as(world.users["admin"])
    before = _snapshot()
    data = _form_data(
        course,
        code="PG-2",
        name="Baru",
        capacity="1",
        starts_on=klass.starts_on.isoformat(),
        ends_on=klass.ends_on.isoformat(),
    )
    response = client.post(f"/training/classes/{klass.pk}/edit/", data)
    assert response.status_code == 422
    assert _snapshot() == before
    klass.refresh_from_db()
    assert klass.name == "Lama"


def test_capacity_below_a_kept_quota_is_refused(world, api_as):
    """A unit quota never exceeds the capacity: lowering the capacity under a quota kept is refused whole."""
    klass = TrainingClassFactory(course=CourseFactory(pemda=world.pemda), name="Lama", capacity=10)
    UnitQuota.objects.create(klass=klass, unit=world.units["kec_a"], seats=6)
    client = api_as(world.users["admin"])
    before = _snapshot()
    response = _post(client, f"/classes/{klass.pk}", {"name": "Baru", "capacity": 5}, method="patch")
    assert response.status_code == 422, response.content
    assert response.json()["error"]["details"][0]["field"] == "capacity"
    assert _snapshot() == before
    fits = _post(client, f"/classes/{klass.pk}", {"capacity": 6}, method="patch")
    assert fits.status_code == 200, fits.content
