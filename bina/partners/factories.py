from __future__ import annotations

from datetime import date

import factory

from bina.core.factories import PemdaFactory
from bina.partners.models import Agreement, AgreementStatus, Instructor, InstructorKind, Partner, PartnerKind


class PartnerFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Partner

    pemda = factory.SubFactory(PemdaFactory)
    name = factory.Sequence(lambda n: f"Universitas Mitra {n}")
    kind = PartnerKind.UNIVERSITY


class AgreementFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Agreement

    pemda = factory.SelfAttribute("partner.pemda")
    partner = factory.SubFactory(PartnerFactory)
    number = factory.Sequence(lambda n: f"PKS/{n:03d}/2026")
    title = "Kerja sama pengembangan kompetensi ASN"
    starts_on = date(2026, 1, 1)
    ends_on = date(2027, 12, 31)
    status = AgreementStatus.ACTIVE


class InstructorFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Instructor

    pemda = factory.SubFactory(PemdaFactory)
    name = factory.Sequence(lambda n: f"Dr. Pengajar {n}, M.Si.")
    kind = InstructorKind.WIDYAISWARA
