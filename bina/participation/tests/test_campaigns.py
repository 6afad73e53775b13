"""Campaigns (issue 11, §3): who is reached, the randomised draw, notices and reminders that stop once a person
enrols, the result with Newcombe's interval, and refusals that write nothing."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from bina.accounts.factories import UserFactory
from bina.core.actor import Actor
from bina.core.errors import Conflict, PermissionDenied, ValidationFailed
from bina.notifications.models import Notification
from bina.participation import campaign_selectors as selectors
from bina.participation import services
from bina.participation.experiment import campaign_effect
from bina.participation.models import Arm, Campaign, CampaignMember, CampaignStatus
from bina.people.factories import EmployeeFactory
from bina.people.models import Employee
from bina.training.classes.models import EnrolmentStatus
from bina.training.factories import EnrolmentFactory, TrainingClassFactory


def test_the_interval_is_newcombes_on_his_published_example():
    """Newcombe (1998), Statistics in Medicine 17:873, example (a): 56/70 vs 48/80, method 10: 0.0524 to 0.3339."""
    e = campaign_effect(targeted=70, targeted_enrolled=56, comparison=80, comparison_enrolled=48, randomised=True)
    assert e.difference == pytest.approx(0.2)
    assert (round(e.low, 4), round(e.high, 4)) == (0.0524, 0.3339)
    assert e.clear
    none = campaign_effect(targeted=10, targeted_enrolled=3, comparison=0, comparison_enrolled=0, randomised=False)
    assert not none.estimable and none.targeted_pct == 30
    same = campaign_effect(targeted=20, targeted_enrolled=5, comparison=20, comparison_enrolled=5, randomised=True)
    assert same.difference == 0 and not same.clear
    with pytest.raises(ValueError):
        campaign_effect(targeted=5, targeted_enrolled=6, comparison=5, comparison_enrolled=0, randomised=True)


@pytest.fixture(autouse=True)
def _participant_is_fungsional(request):
    """The world's kelurahan participant is a pelaksana; make her fungsional so each test's groups are its own."""
    if "world" in request.fixturenames:
        world = request.getfixturevalue("world")
        Employee.objects.filter(pk=world.employees["kel_a1_staff"].pk).update(position_kind="fungsional")


def _staff(world, n: int, unit: str = "kel_a1") -> list:
    return [EmployeeFactory(pemda=world.pemda, unit=world.units[unit], position_kind="pelaksana") for _ in range(n)]


def _create(world, persona: str = "admin", **kwargs):
    defaults = {"name": "Ayo ikut pelatihan digital", "message": "Pelayanan digital dimulai bulan depan.",
                "signed_by": "Sekretaris Daerah"}  # fmt: skip
    return services.campaign_create(actor=world.actor(persona), **{**defaults, **kwargs})


def test_a_randomised_launch_tells_half_and_keeps_the_other_half_as_comparison(world):
    people = _staff(world, 20)
    for person in people[:6]:
        UserFactory(pemda=world.pemda, employee=person)
    campaign = _create(world, unit_ids=[world.units["kel_a1"].pk], position_kinds=["pelaksana"], randomised=True)
    assert campaign.status == CampaignStatus.DRAFT and not campaign.members.exists()
    launched = services.campaign_launch(actor=world.actor("admin"), campaign=campaign)
    assert launched.status == CampaignStatus.RUNNING and launched.launched_at is not None
    arms = dict(CampaignMember.objects.filter(campaign=campaign).values_list("employee_id", "arm"))
    pelaksana = set(
        Employee.objects.filter(unit=world.units["kel_a1"], position_kind="pelaksana").values_list("pk", flat=True)
    )
    assert set(arms) == pelaksana and {p.pk for p in people} <= pelaksana  # only the unit's pelaksana
    targeted = {pk for pk, arm in arms.items() if arm == Arm.TARGETED}
    assert len(targeted) == (len(pelaksana) + 1) // 2
    # The notice reaches exactly the targeted people who have an account, once.
    told = set(
        Notification.objects.filter(event_key=f"campaign:{campaign.pk}:notice:0").values_list(
            "user__employee_id", flat=True
        )
    )
    assert told == targeted & {p.pk for p in people[:6]}
    # A second campaign toward the same people leaves out those a running campaign already targets.
    second = _create(world, unit_ids=[world.units["kel_a1"].pk], position_kinds=["pelaksana"], randomised=True)
    drawn = services.campaign_groups(actor=world.actor("admin"), campaign=second, today=timezone.localdate())
    assert set(drawn[0]) | set(drawn[1]) == pelaksana - targeted
    with pytest.raises(Conflict):
        services.campaign_launch(actor=world.actor("admin"), campaign=launched)
    assert CampaignMember.objects.filter(campaign=campaign).count() == len(pelaksana)


def test_without_randomisation_the_comparison_matches_the_criteria_outside_the_targeted_units(world):
    inside, outside = _staff(world, 6), _staff(world, 7, unit="kel_b1")
    campaign = _create(world, unit_ids=[world.units["kec_a"].pk], position_kinds=["pelaksana"])
    services.campaign_launch(actor=world.actor("admin"), campaign=campaign)
    arms = dict(CampaignMember.objects.filter(campaign=campaign).values_list("employee_id", "arm"))
    assert {pk for pk, a in arms.items() if a == Arm.TARGETED} == {p.pk for p in inside}
    assert {pk for pk, a in arms.items() if a == Arm.COMPARISON} >= {p.pk for p in outside}


def test_reminders_stop_once_a_person_enrols_and_at_the_maximum_and_the_window_closes_the_campaign(world):
    people = _staff(world, 3)
    for person in people:
        UserFactory(pemda=world.pemda, employee=person)
    campaign = _create(world, unit_ids=[world.units["kel_a1"].pk], position_kinds=["pelaksana"], max_reminders=1)
    services.campaign_launch(actor=world.actor("admin"), campaign=campaign)
    klass = TrainingClassFactory(course__pemda=world.pemda)
    EnrolmentFactory(klass=klass, employee=people[0], status=EnrolmentStatus.ENROLLED, requested_at=timezone.now())
    system = Actor.system(world.pemda.pk)
    later = timezone.now() + dt.timedelta(days=8)
    assert services.campaign_reminders_send(actor=system, now=later) == 2  # not the one who enrolled
    assert services.campaign_reminders_send(actor=system, now=later) == 0  # a second round tells nobody twice
    assert services.campaign_reminders_send(actor=system, now=later + dt.timedelta(days=8)) == 0  # the maximum
    reminded = Notification.objects.filter(event_key=f"campaign:{campaign.pk}:notice:1")
    assert set(reminded.values_list("user__employee_id", flat=True)) == {people[1].pk, people[2].pk}
    services.campaign_reminders_send(actor=system, now=later + dt.timedelta(weeks=8))
    assert Campaign.objects.get(pk=campaign.pk).status == CampaignStatus.CLOSED


def test_the_result_counts_enrolments_in_the_window_and_leaders_do_not_see_small_groups(world):
    people = _staff(world, 12)
    draft = _create(world, unit_ids=[world.units["kel_a1"].pk], position_kinds=["pelaksana"], randomised=True)
    campaign = services.campaign_launch(actor=world.actor("admin"), campaign=draft)
    targeted = list(campaign.members.filter(arm=Arm.TARGETED).values_list("employee_id", flat=True))
    klass = TrainingClassFactory(course__pemda=world.pemda)
    soon = timezone.now() + dt.timedelta(days=3)
    for pk in targeted[:4]:
        EnrolmentFactory(klass=klass, employee_id=pk, status=EnrolmentStatus.ENROLLED, requested_at=soon)
    declined = next(p for p in people if p.pk not in targeted)
    EnrolmentFactory(klass=klass, employee=declined, status=EnrolmentStatus.DECLINED, requested_at=soon)
    result = selectors.campaign_result(world.actor("admin"), campaign, now=soon + dt.timedelta(days=1))
    assert (result.effect.targeted, result.effect.targeted_enrolled) == (6, 4)
    assert (result.effect.comparison, result.effect.comparison_enrolled) == (6, 0)  # a decline is no enrolment
    assert "Randomised" in result.sentence or "Acak" in result.sentence
    assert result.chart is not None and not result.window_over
    # A leader of Kecamatan Alfa reads it; with one group of 3 it would be withheld.
    small = _create(world, persona="leader", unit_ids=[world.units["kel_a1"].pk], position_kinds=["struktural"])
    EmployeeFactory.create_batch(3, pemda=world.pemda, unit=world.units["kel_a1"], position_kind="struktural")
    small = services.campaign_launch(actor=world.actor("leader"), campaign=small)
    assert selectors.campaign_result(world.actor("leader"), small).withheld
    assert not selectors.campaign_result(world.actor("admin"), small).withheld


def test_refused_campaigns_write_nothing(world, other_world):
    _staff(world, 3)
    before = Campaign.objects.count()
    with pytest.raises(ValidationFailed):
        _create(world, unit_ids=[other_world.units["kel_a1"].pk])
    with pytest.raises(ValidationFailed):
        _create(world, persona="leader", unit_ids=[world.units["kel_b1"].pk])  # outside the leader's reach
    with pytest.raises(ValidationFailed):
        _create(world, window_weeks=0)
    with pytest.raises(ValidationFailed):
        _create(world, position_kinds=["direktur"])
    with pytest.raises(PermissionDenied):
        _create(world, persona="participant")
    assert Campaign.objects.count() == before
    empty = _create(world, unit_ids=[world.units["kel_b1"].pk], position_kinds=["fungsional"])
    with pytest.raises(ValidationFailed):
        services.campaign_launch(actor=world.actor("admin"), campaign=empty)  # nobody matches
    assert Campaign.objects.get(pk=empty.pk).status == CampaignStatus.DRAFT and not empty.members.exists()


def test_the_pages_ask_before_launching_and_say_to_how_many(world, client_as):
    _staff(world, 8)
    admin = client_as(world.users["admin"])
    page = admin.get(reverse("participation:campaigns"))
    assert page.status_code == 200
    made = admin.post(
        reverse("participation:campaigns"),
        {"name": "Sosialisasi SIASN", "message": "Mari belajar.", "signed_by": "Sekda", "units": [world.units["kel_a1"].pk],
         "position_kinds": ["pelaksana"], "window_weeks": 8, "reminder_days": 7, "max_reminders": 2},
    )  # fmt: skip
    assert made.status_code == 302
    campaign = Campaign.objects.get(name="Sosialisasi SIASN")
    launch = reverse("participation:campaign_launch", args=[campaign.pk])
    asked = admin.post(launch)
    assert asked.status_code == 200 and "8" in asked.content.decode()
    assert Campaign.objects.get(pk=campaign.pk).status == CampaignStatus.DRAFT
    admin.post(launch, {"confirmed": "yes"})
    assert Campaign.objects.get(pk=campaign.pk).status == CampaignStatus.RUNNING
    detail = admin.get(reverse("participation:campaign", args=[campaign.pk]))
    assert detail.status_code == 200 and "<svg" in detail.content.decode()
    assert client_as(world.users["participant"]).get(reverse("participation:campaigns")).status_code == 403


def test_the_api_creates_launches_and_reads_and_other_pemda_get_404(world, other_world, api_as):
    _staff(world, 6)
    api = api_as(world.users["admin"])
    body = {"name": "Nudge", "message": "Ikut ya.", "signed_by": "Sekda", "unit_ids": [world.units["kel_a1"].pk],
            "position_kinds": ["pelaksana"], "randomised": True}  # fmt: skip
    created = api.post("/api/v1/campaigns", body, content_type="application/json")
    assert created.status_code == 201, created.content
    pk = created.json()["id"]
    assert created.json()["allowed_actions"] == ["launch", "cancel"]
    launched = api.post(f"/api/v1/campaigns/{pk}/launch", {}, content_type="application/json")
    assert launched.status_code == 200 and launched.json()["result"]["targeted"] == 3
    assert api.post(f"/api/v1/campaigns/{pk}/launch", {}, content_type="application/json").status_code == 409
    assert api.post(f"/api/v1/campaigns/{pk}/fly", {}, content_type="application/json").status_code == 422
    stranger = api_as(other_world.users["admin"])
    assert stranger.get(f"/api/v1/campaigns/{pk}").status_code == 404
    bad = api.post("/api/v1/campaigns", {**body, "window_weeks": True}, content_type="application/json")
    assert bad.status_code == 422
