"""Demo outreach campaigns (issue 11, §3): one randomised in Surabaya, one against a comparison group in Serang.

Each is prepared and launched through the participation services as the Pemda's leader (the same draw, the same
notices as a real campaign), then dated back six weeks before `DEMO_TODAY` so its window is part over. What the
people did next is made up as the rest of the demo is: some targeted and fewer comparison people ask for a place
in an upcoming class (pending requests, which take no seat) within the window; the campaign page then measures
the difference, with its interval, from those rows as it would from real ones.
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import datetime, time, timedelta

from django.db import transaction
from django.utils import timezone

from bina.accounts.models import User
from bina.accounts.scope import actor_for_user
from bina.core.models import Pemda
from bina.demo.training_data import DEMO_TODAY
from bina.participation.models import Arm, Campaign, CampaignMember
from bina.participation.services import campaign_create, campaign_launch
from bina.people.models import OrgUnit, OrgUnitKind
from bina.training.classes.models import ClassStatus, Enrolment, EnrolmentSource, EnrolmentStatus, TrainingClass

# Share of each group that asks for a class within the window: the made-up effect of being told.
ASK_RATE: dict[str, float] = {Arm.TARGETED.value: 0.30, Arm.COMPARISON.value: 0.12}


@dataclass
class CampaignDemoResult:
    pemda: Pemda
    created: bool = False
    targeted: int = 0
    comparison: int = 0
    asked: int = 0


@transaction.atomic
def demo_campaigns_load(*, pemda: Pemda, seed: int) -> CampaignDemoResult:
    result = CampaignDemoResult(pemda=pemda)
    if Campaign.objects.filter(pemda=pemda).exists():
        return result
    leader = actor_for_user(User.objects.get(username=f"leader.{pemda.slug}"))
    if pemda.slug == "surabaya":
        draft = campaign_create(
            actor=leader,
            name="Ayo Melek Digital 2026",
            message=(
                "Layanan adminduk kita makin banyak yang daring. Mari ikut pelatihan literasi digital tahun ini: "
                "kelasnya singkat, dekat kantor, dan membantu kita melayani warga lebih cepat."
            ),
            signed_by="Sekretaris Daerah Kota Surabaya",
            position_kinds=["pelaksana"],
            never_trained=True,
            randomised=True,
            window_weeks=8,
        )
    else:
        kecamatan = OrgUnit.objects.filter(pemda=pemda, kind=OrgUnitKind.KECAMATAN).order_by("code").first()
        draft = campaign_create(
            actor=leader,
            name="Sosialisasi pelatihan pelayanan prima",
            message="Warga menilai layanan kita lewat SKM. Mari perkuat pelayanan prima bersama-sama.",
            signed_by="Sekretaris Daerah Kota Serang",
            unit_ids=[kecamatan.pk] if kecamatan else [],
            position_kinds=["pelaksana"],
            window_weeks=8,
        )
    campaign = campaign_launch(actor=leader, campaign=draft)
    zone = timezone.get_default_timezone()
    launched = timezone.make_aware(datetime.combine(DEMO_TODAY - timedelta(weeks=6), time(9, 0)), zone)
    Campaign.objects.filter(pk=campaign.pk).update(launched_at=launched)
    CampaignMember.objects.filter(campaign=campaign, arm=Arm.TARGETED).update(notified_at=launched)

    classes = list(
        TrainingClass.objects.filter(pemda=pemda, status=ClassStatus.OPEN, starts_on__gt=DEMO_TODAY).order_by("pk")
    )
    members = list(CampaignMember.objects.filter(campaign=campaign).values_list("employee_id", "arm"))
    result.created = True
    result.targeted = sum(1 for _e, arm in members if arm == Arm.TARGETED)
    result.comparison = len(members) - result.targeted
    if not classes:
        return result
    taken = set(Enrolment.objects.filter(klass__in=classes).values_list("klass_id", "employee_id"))
    rng = random.Random(f"{seed}:{pemda.slug}:campaign")
    window_days = (DEMO_TODAY - launched.date()).days
    rows = []
    for employee_id, arm in members:
        if rng.random() >= ASK_RATE[arm]:
            continue
        klass = rng.choice(classes)
        if (klass.pk, employee_id) in taken:
            continue
        taken.add((klass.pk, employee_id))
        asked_at = launched + timedelta(days=rng.randint(1, window_days), hours=rng.randint(0, 8))
        rows.append(
            Enrolment(
                pemda=pemda,
                klass=klass,
                employee_id=employee_id,
                status=EnrolmentStatus.PENDING,
                source=EnrolmentSource.SELF,
                requested_at=asked_at,
            )
        )
    Enrolment.objects.bulk_create(rows)
    result.asked = len(rows)
    return result
