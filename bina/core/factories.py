"""Test factories for tenants (used by the root conftest and every app's tests)."""

from __future__ import annotations

import factory

from bina.core.models import Pemda, PemdaKind, TimeZone


class PemdaFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Pemda
        django_get_or_create = ("slug",)

    slug = factory.Sequence(lambda n: f"kota-{n}")
    name = factory.LazyAttribute(lambda o: f"Pemerintah {o.slug.replace('-', ' ').title()}")
    kind = PemdaKind.KOTA
    bps_code = factory.Sequence(lambda n: f"{9000 + n:04d}")
    timezone = TimeZone.WIB
