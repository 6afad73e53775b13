"""Demo tests build whole Pemda: their service records cover the last weeks only (the generator's own
tests choose their periods), so `demo_load` stays quick while every step still runs."""

from __future__ import annotations

import datetime as dt

import pytest

from bina.demo import public_voice, service_records


@pytest.fixture(autouse=True)
def _short_service_records(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(service_records, "RECORDS_START", service_records.RECORDS_END - dt.timedelta(days=20))
    # And a handful of SKM respondents and complaints: enough for every stage, not a whole city's voice.
    monkeypatch.setattr(public_voice, "RESPONSES_PER_SEMESTER", (5, 6))
    monkeypatch.setattr(public_voice, "COMPLAINTS_PER_PEMDA", 8)
