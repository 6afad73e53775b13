"""Demo SKM responses follow the service given; demo complaints sit at every stage; loading twice adds nothing."""

import datetime as dt

import pytest

from bina.complaints.models import Complaint
from bina.demo import public_voice
from bina.demo.generator import generate
from bina.demo.public_voice import demo_public_voice_load
from bina.demo.service_records import demo_service_records_load
from bina.demo.services import DemoLoadResult, _ensure_pemda_accounts
from bina.demo.training import demo_training_load
from bina.demo.training_data import DEMO_TODAY
from bina.people.models import OrgUnit, OrgUnitKind
from bina.surveys.models import Answer, Response

pytestmark = [pytest.mark.django_db, pytest.mark.slow, pytest.mark.demo]


def test_responses_and_complaints_are_made_once_and_cover_every_stage():
    pemda = generate("serang", employees=400, seed=7).pemda
    _ensure_pemda_accounts(pemda, DemoLoadResult())
    demo_training_load(pemda=pemda, seed=7)
    units = list(OrgUnit.objects.filter(pemda=pemda, kind=OrgUnitKind.KELURAHAN).values_list("code", flat=True))[:4]
    demo_service_records_load(
        pemda=pemda, seed=7, start=dt.date(2026, 5, 1), end=dt.date(2026, 11, 20), volume=3.0, unit_codes=units
    )
    first = demo_public_voice_load(pemda=pemda, seed=7, today=DEMO_TODAY)
    assert first.complaints == public_voice.COMPLAINTS_PER_PEMDA
    # two semesters, four kelurahan, at least the least number of respondents each
    assert first.responses >= 2 * 4 * public_voice.RESPONSES_PER_SEMESTER[0]
    assert Response.objects.filter(pemda=pemda).count() == first.responses
    values = set(Answer.objects.filter(response__pemda=pemda, value__isnull=False).values_list("value", flat=True))
    assert values <= {1, 2, 3, 4} and len(values) >= 3
    assert set(Complaint.objects.filter(pemda=pemda).values_list("stage", flat=True)) >= {
        "diterima", "diverifikasi", "didisposisikan", "ditindaklanjuti",
    }  # fmt: skip
    again = demo_public_voice_load(pemda=pemda, seed=7, today=DEMO_TODAY)
    assert (again.responses, again.complaints) == (0, 0)
