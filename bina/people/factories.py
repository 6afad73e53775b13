"""Test factories for units and employees, producing valid NIPs."""

from __future__ import annotations

import random
from datetime import date

import factory

from bina.core.factories import PemdaFactory
from bina.people.models import AsnType, Employee, EmploymentRecord, OrgUnit, OrgUnitKind, PositionKind
from bina.people.services import sort_name_for

_serial = iter(range(1, 10**9))


def make_nip(
    *, birth: date | None = None, gender: str = "L", asn_type: str = "PNS", rng: random.Random | None = None
) -> str:
    """A NIP that passes `bina.people.nip.parse_nip` (serial numbers are unique per process)."""
    rng = rng or random.Random()
    birth = birth or date(rng.randint(1965, 1998), rng.randint(1, 12), rng.randint(1, 28))
    g = "1" if gender == "L" else "2"
    serial = next(_serial)
    # Spread serials over the birth date's last digit-free room: NNN cycles, the date varies.
    nnn = f"{serial % 999 + 1:03d}"
    if asn_type == "PPPK":
        year = max(birth.year + 22, 2019)
        year = min(year, date.today().year)
        return f"{birth:%Y%m%d}{year}2{rng.randint(1, 3)}{g}{nnn}"
    year = min(birth.year + rng.randint(22, 30), date.today().year - 1)
    return f"{birth:%Y%m%d}{year}{rng.randint(1, 12):02d}{g}{nnn}"


class OrgUnitFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = OrgUnit
        skip_postgeneration_save = True

    pemda = factory.SubFactory(PemdaFactory)
    code = factory.Sequence(lambda n: f"U{n:04d}")
    name = factory.Sequence(lambda n: f"Unit {n}")
    kind = OrgUnitKind.DINAS
    parent = None

    @factory.post_generation
    def set_path(obj: OrgUnit, create: bool, extracted: object, **kwargs: object) -> None:  # noqa: N805
        if obj.parent is None:
            obj.path, obj.depth = f"/{obj.pk}/", 0
        else:
            obj.path, obj.depth = f"{obj.parent.path}{obj.pk}/", obj.parent.depth + 1
        if create:
            obj.save(update_fields=["path", "depth"])


class EmployeeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Employee
        skip_postgeneration_save = True

    pemda = factory.LazyAttribute(lambda o: o.unit.pemda)
    unit = factory.SubFactory(OrgUnitFactory)
    gender = "L"
    asn_type = AsnType.PNS
    birth_date = factory.Sequence(lambda n: date(1970 + n % 25, n % 12 + 1, n % 28 + 1))
    nip = factory.LazyAttribute(lambda o: make_nip(birth=o.birth_date, gender=o.gender, asn_type=o.asn_type))
    name = factory.Sequence(lambda n: f"Pegawai {n}, S.Kom.")
    sort_name = factory.LazyAttribute(lambda o: sort_name_for(o.name))
    golongan = "III/a"
    position_name = "Analis Kebijakan"
    position_kind = PositionKind.PELAKSANA
    appointed_on = factory.LazyAttribute(
        lambda o: date(int(o.nip[8:12]), int(o.nip[12:14]) if o.asn_type == "PNS" else 1, 1)
    )

    @factory.post_generation
    def history(obj: Employee, create: bool, extracted: object, **kwargs: object) -> None:  # noqa: N805
        if create:
            EmploymentRecord.objects.create(
                pemda_id=obj.pemda_id,
                employee=obj,
                unit_id=obj.unit_id,
                position_name=obj.position_name,
                position_kind=obj.position_kind,
                golongan=obj.golongan,
                valid_from=obj.appointed_on or date(2020, 1, 1),
                source="factory",
            )
