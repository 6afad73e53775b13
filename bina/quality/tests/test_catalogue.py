"""The default service catalogue: loaded for every new Pemda, idempotent, never overwriting a Pemda's edits."""

import pytest

from bina.core.actor import Actor
from bina.core.errors import PermissionDenied
from bina.quality.catalogue import DEFAULT_SERVICES
from bina.quality.models import ServiceType
from bina.quality.services import service_catalogue_load

pytestmark = pytest.mark.django_db


def test_load_creates_every_default_once_and_keeps_edits(world):
    system = Actor.system(world.pemda.pk, label="test")
    ServiceType.objects.filter(pemda=world.pemda).delete()
    assert service_catalogue_load(actor=system) == len(DEFAULT_SERVICES)
    ServiceType.objects.filter(pemda=world.pemda, code="KK").update(sla_working_days=2)
    assert service_catalogue_load(actor=system) == 0
    kk = ServiceType.objects.get(pemda=world.pemda, code="KK")
    assert kk.sla_working_days == 2
    assert {s.code for s in ServiceType.objects.filter(pemda=world.pemda)} >= {
        "KTP-EL",
        "KK",
        "AKTA-LAHIR",
        "AKTA-MATI",
        "PINDAH-DATANG",
        "KIA",
    }
    assert all(s.sla_source for s in ServiceType.objects.filter(pemda=world.pemda))


def test_each_default_has_exactly_one_sla():
    for item in DEFAULT_SERVICES:
        assert (item.sla_minutes is None) != (item.sla_working_days is None), item.code


def test_only_the_admin_loads_the_catalogue(world):
    with pytest.raises(PermissionDenied):
        service_catalogue_load(actor=world.actor("operator"))
    assert ServiceType.objects.filter(pemda=world.pemda).count() in (0, len(DEFAULT_SERVICES))


def test_a_new_pemda_starts_with_the_catalogue():
    from bina.core.services import pemda_create

    pemda = pemda_create(
        actor=Actor.platform(label="test"), slug="kota-baru", name="Kota Baru", kind="kota", bps_code="9998"
    )
    assert ServiceType.objects.filter(pemda=pemda).count() == len(DEFAULT_SERVICES)
