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
    # 4000-8999: no test names a code there (they use 9xxx, 35xx, 36xx, 1111), and it wraps, so a worker
    # that makes thousands of Pemda never exceeds the 4 digits PostgreSQL enforces.
    bps_code = factory.Sequence(lambda n: f"{4000 + n % 5000:04d}")
    timezone = TimeZone.WIB
