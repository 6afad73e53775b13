from __future__ import annotations

from datetime import date, timedelta

import pytest
from django.core.management import call_command

from bina.accounts.models import Role, RoleAssignment
from bina.accounts.scope import actor_for_user
from bina.competencies.factories import CompetencyFactory
from bina.core.errors import Conflict, PermissionDenied, ValidationFailed
from bina.notifications.models import Notification
from bina.partners import access, selectors, services
from bina.partners.factories import AgreementFactory
from bina.partners.models import AgreementStatus, InstructorKind

TODAY = date(2026, 11, 23)


def test_admin_creates_partner_and_duplicate_name_conflicts(world):
    admin = world.actor("admin")
    partner = services.partner_create(actor=admin, pemda=world.pemda, data={"name": "ITS", "kind": "university"})
    assert partner.pemda == world.pemda
    with pytest.raises(Conflict):
        services.partner_create(actor=admin, pemda=world.pemda, data={"name": "its", "kind": "university"})


@pytest.mark.parametrize("persona", ["operator", "leader", "participant", "instructor"])
def test_non_admin_cannot_create_partner(world, persona):
    with pytest.raises(PermissionDenied):
        services.partner_create(actor=world.actor(persona), pemda=world.pemda, data={"name": "X", "kind": "other"})


def test_coordinator_cannot_edit_its_own_partner(world, partners):
    with pytest.raises(PermissionDenied):
        services.partner_update(actor=actor_for_user(partners.coordinator), partner=partners.uni, data={"name": "Y"})


def test_agreement_dates_are_checked(world, partners):
    with pytest.raises(ValidationFailed) as exc:
        services.agreement_create(
            actor=world.actor("admin"),
            partner=partners.uni,
            data={"number": "PKS/9", "title": "T", "starts_on": date(2027, 1, 1), "ends_on": date(2026, 1, 1)},
        )
    assert exc.value.details == [{"field": "ends_on"}]


def test_active_agreement_past_end_reads_expired(world, partners):
    old = AgreementFactory(partner=partners.uni, number="PKS/OLD", starts_on=date(2024, 1, 1), ends_on=date(2025, 1, 1))
    rows = {a.number: a.current_status for a in access.agreements_for(world.actor("admin"))}
    assert rows["PKS/OLD"] == AgreementStatus.EXPIRED
    assert rows[partners.uni_agreement.number] == AgreementStatus.ACTIVE
    assert selectors.agreement_current_status(old) == "expired"


def test_terminate_then_cannot_edit(world, partners):
    admin = world.actor("admin")
    services.agreement_terminate(actor=admin, agreement=partners.uni_agreement, reason="closed")
    assert partners.uni_agreement.status == AgreementStatus.TERMINATED
    with pytest.raises(Conflict):
        services.agreement_update(actor=admin, agreement=partners.uni_agreement, data={"title": "new"})
    with pytest.raises(Conflict):
        services.agreement_terminate(actor=admin, agreement=partners.uni_agreement)


def test_expiring_selector_lists_active_agreements_within_90_days(world, partners):
    soon = AgreementFactory(partner=partners.uni, number="PKS/SOON", ends_on=TODAY + timedelta(days=60))
    AgreementFactory(partner=partners.uni, number="PKS/DRAFT", ends_on=TODAY + timedelta(days=10), status="draft")
    AgreementFactory(
        partner=partners.uni, number="PKS/PAST", ends_on=TODAY - timedelta(days=1), starts_on=date(2025, 1, 1)
    )
    found = list(selectors.agreements_expiring(world.actor("admin"), today=TODAY))
    assert found == [soon]
    assert list(selectors.agreements_expiring(world.actor("admin"), within_days=30, today=TODAY)) == []


def test_notify_expiring_once_per_threshold(world, other_world, partners):
    agreement = AgreementFactory(partner=partners.uni, number="PKS/N", ends_on=TODAY + timedelta(days=80))
    assert services.agreements_notify_expiring(today=TODAY) == 1
    assert services.agreements_notify_expiring(today=TODAY) == 0  # same threshold: never twice
    notes = Notification.objects.filter(kind="agreement_expiring")
    assert [n.user for n in notes] == [world.users["admin"]]
    assert notes[0].event_key == f"agreement-expiring:{agreement.pk}:90"
    assert services.agreements_notify_expiring(today=TODAY + timedelta(days=55)) == 1  # 25 days left: 30-day warning
    assert set(notes.values_list("event_key", flat=True)) == {
        f"agreement-expiring:{agreement.pk}:90",
        f"agreement-expiring:{agreement.pk}:30",
    }
    assert not Notification.objects.filter(user=other_world.users["admin"]).exists()


def test_notify_command_runs(world, partners, capsys):
    AgreementFactory(partner=partners.uni, number="PKS/CMD", ends_on=date.today() + timedelta(days=5))
    call_command("notify_expiring_agreements")
    assert "1 notification(s) sent." in capsys.readouterr().out
    assert Notification.objects.filter(event_key__endswith=":7").count() == 1


def test_internal_instructor_needs_an_employee_of_the_pemda(world, other_world):
    admin = world.actor("admin")
    with pytest.raises(ValidationFailed):
        services.instructor_create(actor=admin, pemda=world.pemda, kind=InstructorKind.ASN)
    with pytest.raises(ValidationFailed):
        services.instructor_create(
            actor=admin, pemda=world.pemda, kind=InstructorKind.ASN, employee=other_world.employees["setda_staff"]
        )
    instructor = services.instructor_create(
        actor=admin, pemda=world.pemda, kind=InstructorKind.ASN, employee=world.employees["head_bidang"]
    )
    assert instructor.name == "Kepala Bidang, S.H."


def test_partner_instructor_needs_a_partner(world, partners):
    with pytest.raises(ValidationFailed):
        services.instructor_create(actor=world.actor("admin"), pemda=world.pemda, kind=InstructorKind.PARTNER, name="A")


def test_instructor_login_gets_instructor_role(world, partners):
    user = world.users["leader"]
    comp = CompetencyFactory(pemda=world.pemda)
    instructor = services.instructor_create(
        actor=world.actor("admin"),
        pemda=world.pemda,
        kind=InstructorKind.EXTERNAL,
        name="Praktisi",
        user=user,
        competencies=[comp],
    )
    assert instructor.user == user
    assert RoleAssignment.objects.filter(user=user, role=Role.INSTRUCTOR).exists()
    assert list(instructor.competencies.all()) == [comp]
    with pytest.raises(Conflict):
        services.instructor_create(
            actor=world.actor("admin"), pemda=world.pemda, kind=InstructorKind.EXTERNAL, name="B", user=user
        )


def test_instructor_cannot_link_other_pemda_account_or_competency(world, other_world):
    admin = world.actor("admin")
    with pytest.raises(ValidationFailed):
        services.instructor_create(
            actor=admin, pemda=world.pemda, kind="external", name="X", user=other_world.users["leader"]
        )
    with pytest.raises(ValidationFailed):
        services.instructor_create(
            actor=admin,
            pemda=world.pemda,
            kind="external",
            name="X",
            competencies=[CompetencyFactory(pemda=other_world.pemda)],
        )


def test_instructor_update_changes_and_audits(world, partners):
    from bina.core.models import AuditEvent

    services.instructor_update(
        actor=world.actor("admin"), instructor=partners.uni_instructor, expertise="Etika publik", is_active=False
    )
    partners.uni_instructor.refresh_from_db()
    assert partners.uni_instructor.expertise == "Etika publik" and not partners.uni_instructor.is_active
    assert AuditEvent.objects.filter(action="instructor.update").exists()


def test_scopes(world, other_world, partners, other_partners):
    coordinator = actor_for_user(partners.coordinator)
    assert set(access.partners_for(coordinator)) == {partners.uni}
    assert set(access.agreements_for(coordinator)) == {partners.uni_agreement}
    assert set(access.instructors_for(coordinator)) == {partners.uni_instructor}
    participant = world.actor("participant")
    assert set(access.partners_for(participant)) == {partners.uni, partners.lan}
    assert not access.agreements_for(participant).exists()
    assert partners.widyaiswara in access.instructors_for(participant)
    admin = world.actor("admin")
    assert other_partners.uni not in access.partners_for(admin)
    assert other_partners.uni_agreement not in access.agreements_for(admin)
