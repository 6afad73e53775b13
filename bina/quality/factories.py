"""Test factories for service types and service records (durations and SLA derived as a write would).

`ServiceRecordFactory(unit=..., service=..., arrived_at=..., wait_minutes=..., process_minutes=...)`
builds a consistent ticket: called = arrival + wait, finished = called + processing, the stored
durations and `within_sla` from `bina.quality.sla`. Records created here skip the rollups: call
`bina.quality.rollups.rollups_refresh` (or `rollups_rebuild`) as the real write paths do.
"""

from __future__ import annotations

import datetime as dt
from typing import Any
from zoneinfo import ZoneInfo

import factory

from bina.people.factories import OrgUnitFactory
from bina.quality.access import holiday_dates
from bina.quality.models import Channel, RecordStatus, ServiceRecord, ServiceType
from bina.quality.sla import durations, within_sla

JAKARTA = ZoneInfo("Asia/Jakarta")


class ServiceTypeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ServiceType

    pemda = factory.SubFactory("bina.core.factories.PemdaFactory")
    code = factory.Sequence(lambda n: f"SVC-{n:03d}")
    name = factory.Sequence(lambda n: f"Layanan {n}")
    channels = factory.LazyFunction(lambda: ["loket"])
    sla_minutes = 60
    sla_working_days = None


def _finish(record: ServiceRecord) -> None:
    """Derive the durations and the SLA verdict from the times, as `bina.quality.records` does on write."""
    zone = ZoneInfo(record.pemda.timezone or "Asia/Jakarta")
    arrived = record.arrived_at.astimezone(zone)
    record.arrival_date = arrived.date()
    record.wait_seconds, record.process_seconds, record.total_seconds = durations(
        arrived_at=record.arrived_at, called_at=record.called_at, finished_at=record.finished_at
    )
    finished = record.finished_at.astimezone(zone) if record.finished_at else None
    record.within_sla = within_sla(
        arrived_at=arrived,
        finished_at=finished,
        completed=record.status == RecordStatus.SELESAI,
        sla_minutes=record.service.sla_minutes,
        sla_working_days=record.service.sla_working_days,
        holidays=holiday_dates(record.pemda_id),
    )


class ServiceRecordFactory(factory.django.DjangoModelFactory):
    """Params: `wait_minutes`/`process_minutes` (floats; None leaves the time empty), `status`."""

    class Meta:
        model = ServiceRecord

    class Params:
        wait_minutes: Any = 10.0
        process_minutes: Any = 5.0

    unit = factory.SubFactory(OrgUnitFactory)
    pemda = factory.LazyAttribute(lambda o: o.unit.pemda)
    service = factory.LazyAttribute(lambda o: ServiceTypeFactory(pemda=o.pemda))
    officer = None
    ticket = factory.Sequence(lambda n: f"A{n:05d}")
    channel = Channel.LOKET
    status = RecordStatus.SELESAI
    arrived_at = factory.LazyFunction(lambda: dt.datetime(2026, 3, 2, 8, 0, tzinfo=JAKARTA))
    called_at = factory.LazyAttribute(
        lambda o: None if o.wait_minutes is None else o.arrived_at + dt.timedelta(minutes=o.wait_minutes)
    )
    finished_at = factory.LazyAttribute(
        lambda o: (
            None
            if o.called_at is None or o.process_minutes is None
            else o.called_at + dt.timedelta(minutes=o.process_minutes)
        )
    )
    arrival_date = factory.LazyAttribute(lambda o: o.arrived_at.astimezone(JAKARTA).date())

    @classmethod
    def _create(cls, model_class: type[ServiceRecord], *args: Any, **kwargs: Any) -> ServiceRecord:
        record = model_class(*args, **kwargs)
        _finish(record)
        record.save()
        return record


def record_update(record: ServiceRecord, **changes: Any) -> ServiceRecord:
    """Change a record's fields and re-derive its durations (a test's stand-in for an updating import)."""
    for name, value in changes.items():
        setattr(record, name, value)
    _finish(record)
    record.save()
    return record
