"""`POST /api/v1/service-records`: a queue machine's batch of records (issue 10, §2).

The same fields and rules as the `service_records` import (`bina.quality.records`), up to
`MAX_BATCH` records, idempotent by (unit, ticket, arrival date): sending a batch again answers
`unchanged` for each record. The token's actor writes only within its write reach (an operator's
units, an admin's whole Pemda); a record for another unit is a per-record error naming the unit.
All-or-nothing unless `partial`: `written` says whether anything was stored. Codes and NIPs the Pemda
does not hold are not echoed in the answer.
"""

from typing import Literal

from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja import Field, Router, Schema
from pydantic import StrictBool

from bina.core.api import WRITE_ERRORS, InputSchema, actor_of
from bina.core.errors import RowError
from bina.quality.records import RecordResult, service_records_write

router = Router(tags=["service records"])

MAX_BATCH = 1000
_TIME = Field(None, max_length=32, description="YYYY-MM-DD HH:MM[:SS] or dd/mm/yyyy HH:MM[:SS], the Pemda's zone.")


class ServiceRecordIn(InputSchema):
    nomor_tiket: str = Field(..., max_length=40)
    kode_layanan: str = Field(..., max_length=32)
    kode_unit: str = Field(..., max_length=32)
    nip_petugas: str | None = Field(None, max_length=32, description="The officer who served; empty when unknown.")
    waktu_datang: str = Field(..., max_length=32, description="Arrival, in the Pemda's zone.")
    waktu_dipanggil: str | None = _TIME
    waktu_selesai: str | None = _TIME
    status: str = Field(..., max_length=16, description="selesai, batal or ditolak.")
    kanal: str | None = Field(None, max_length=16, description="loket (default), online or jemput_bola.")


class ServiceRecordBatchIn(InputSchema):
    records: list[ServiceRecordIn] = Field(..., min_length=1, max_length=MAX_BATCH)
    partial: StrictBool = Field(False, description="Write the valid records even when others are refused.")


class RecordProblemOut(Schema):
    column: str
    value: str
    reason: str
    code: str


class ServiceRecordResultOut(Schema):
    index: int = Field(description="Position of the record in the batch, from 0.")
    status: Literal["created", "updated", "unchanged", "error"]
    errors: list[RecordProblemOut]
    warnings: list[RecordProblemOut]


class ServiceRecordBatchOut(Schema):
    written: bool = Field(description="False when nothing was stored (a record was refused and not `partial`).")
    created: int
    updated: int
    unchanged: int
    errors: int
    results: list[ServiceRecordResultOut]


def _unknown_reasons() -> dict[str, str]:
    return {
        "unknown_unit": _("No unit with this code in your Pemda."),
        "unknown_service": _("No service with this code in your Pemda's catalogue."),
        "unknown_officer": _("No employee with this NIP in your Pemda."),
    }


def _problems(items: list[RowError]) -> list[RecordProblemOut]:
    """A reference the Pemda does not hold is not echoed back (index and column say which it was): the
    answer for another Pemda's unit or NIP is the same as for one that exists nowhere."""
    unknown = _unknown_reasons()
    return [
        RecordProblemOut(column=e.column, value="", reason=unknown[e.code], code=e.code)
        if e.code in unknown
        else RecordProblemOut(column=e.column, value=e.value, reason=str(e.reason), code=e.code)
        for e in items
    ]


def _result(r: RecordResult) -> ServiceRecordResultOut:
    return ServiceRecordResultOut(
        index=r.index,
        status=r.status,  # type: ignore[arg-type]
        errors=_problems(r.errors),
        warnings=_problems(r.warnings),
    )


@router.post("/service-records", response={200: ServiceRecordBatchOut, **WRITE_ERRORS})
def service_records_post(request: HttpRequest, payload: ServiceRecordBatchIn) -> ServiceRecordBatchOut:
    """Write a batch of queue tickets; answers one result per record."""
    batch = service_records_write(
        actor=actor_of(request),
        records=[r.model_dump() for r in payload.records],
        partial=payload.partial,
    )
    return ServiceRecordBatchOut(
        written=batch.written,
        created=batch.count("created"),
        updated=batch.count("updated"),
        unchanged=batch.count("unchanged"),
        errors=batch.count("error"),
        results=[_result(r) for r in batch.results],
    )
