from __future__ import annotations

import pytest

from bina.competencies.models import Competency, CompetencyKind, CompetencyLevel
from bina.competencies.services import (
    competency_create,
    competency_dictionary_load,
    competency_set_active,
    competency_update,
)
from bina.core.errors import Conflict, PermissionDenied, ValidationFailed
from bina.core.services import pemda_create

LEVELS = {i: f"Deskripsi level {i}" for i in range(1, 6)}


def test_new_pemda_gets_nine_standard_competencies_with_five_levels(superadmin):
    from bina.accounts.scope import actor_for_user

    pemda = pemda_create(
        actor=actor_for_user(superadmin), slug="kota-baru", name="Kota Baru", kind="kota", bps_code="9190"
    )
    comps = Competency.objects.filter(pemda=pemda)
    assert comps.count() == 9
    assert comps.filter(kind=CompetencyKind.MANAGERIAL).count() == 8
    assert comps.get(kind=CompetencyKind.SOCIOCULTURAL).name == "Perekat Bangsa"
    assert CompetencyLevel.objects.filter(competency__pemda=pemda).count() == 45
    assert all(c.is_standard for c in comps)


def test_reload_is_idempotent_and_keeps_edits(world):
    assert competency_dictionary_load(pemda=world.pemda) == 54
    integritas = Competency.objects.get(pemda=world.pemda, name="Integritas")
    competency_update(
        actor=world.actor("admin"), competency=integritas, name="Integritas ASN", levels={1: "Versi lokal"}
    )
    CompetencyLevel.objects.filter(competency=integritas, level=5).delete()
    assert competency_dictionary_load(pemda=world.pemda) == 1  # only the deleted level comes back
    integritas.refresh_from_db()
    assert integritas.name == "Integritas ASN"
    assert integritas.levels.get(level=1).description == "Versi lokal"
    assert Competency.objects.filter(pemda=world.pemda).count() == 9


def test_admin_creates_technical_competency(world):
    comp = competency_create(
        actor=world.actor("admin"), pemda=world.pemda, code="T.01", name="Administrasi Kependudukan", levels=LEVELS
    )
    assert comp.kind == CompetencyKind.TECHNICAL and not comp.is_standard
    assert list(comp.levels.values_list("level", flat=True)) == [1, 2, 3, 4, 5]


def test_create_requires_all_five_levels(world):
    with pytest.raises(ValidationFailed):
        competency_create(actor=world.actor("admin"), pemda=world.pemda, code="T.02", name="X", levels={1: "a", 2: "b"})


def test_duplicate_code_conflicts(world):
    competency_create(actor=world.actor("admin"), pemda=world.pemda, code="T.01", name="A", levels=LEVELS)
    with pytest.raises(Conflict):
        competency_create(actor=world.actor("admin"), pemda=world.pemda, code="T.01", name="B", levels=LEVELS)


def test_standard_competency_keeps_its_code(world):
    competency_dictionary_load(pemda=world.pemda)
    comp = Competency.objects.get(pemda=world.pemda, code="M.1")
    with pytest.raises(ValidationFailed):
        competency_update(actor=world.actor("admin"), competency=comp, code="X.1")


@pytest.mark.parametrize("persona", ["operator", "leader", "participant", "instructor"])
def test_only_admin_changes_dictionary(world, persona):
    with pytest.raises(PermissionDenied):
        competency_create(actor=world.actor(persona), pemda=world.pemda, code="T.9", name="Y", levels=LEVELS)


def test_other_pemda_admin_cannot_edit(world, other_world):
    competency_dictionary_load(pemda=world.pemda)
    comp = Competency.objects.get(pemda=world.pemda, code="M.1")
    with pytest.raises(PermissionDenied):
        competency_set_active(actor=other_world.actor("admin"), competency=comp, active=False)


def test_set_active_is_audited(world):
    from bina.core.models import AuditEvent

    comp = competency_create(actor=world.actor("admin"), pemda=world.pemda, code="T.01", name="A", levels=LEVELS)
    competency_set_active(actor=world.actor("admin"), competency=comp, active=False)
    comp.refresh_from_db()
    assert not comp.is_active
    assert AuditEvent.objects.filter(action="competency.deactivate", target_id=str(comp.pk)).exists()


def test_data_migration_loads_existing_pemdas(world):
    from importlib import import_module

    from django.apps import apps

    migration = import_module("bina.competencies.migrations.0002_cat_load_dictionary")
    migration.load(apps, None)
    migration.load(apps, None)  # idempotent
    assert Competency.objects.filter(pemda=world.pemda).count() == 9
    assert CompetencyLevel.objects.filter(competency__pemda=world.pemda).count() == 45
