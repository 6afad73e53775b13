"""The `service_records` import kind (docs/imports.md): one row per queue ticket.

One pass over the file in batches of `BATCH_SIZE` rows, inside one transaction: each batch is checked
(`bina.quality.records.RecordBook`), its stored records are found by key in one query, and, while the
run may write, new records go through the bulk loader and changed ones are updated. All-or-nothing by
default: once a row is refused the following batches are only checked and the transaction is rolled
back at the end, so a refused file changes nothing; `partial` keeps the valid rows. Memory is one batch
plus 8 bytes of key hash per record (duplicate tickets across the file). The run's one audit entry is
the import's own (`import.service_records`); no entry per record.
"""

from __future__ import annotations

from typing import Any

from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from bina.imports.columns import Column
from bina.imports.common import Run, batched
from bina.imports.reader import is_blank
from bina.quality.records import CREATED, UPDATED, RecordBook

SERVICE_RECORD_COLUMNS = (
    Column("nomor_tiket", required=True, aliases=("tiket", "no_tiket", "nomor_antrean")),
    Column("kode_layanan", required=True, aliases=("layanan",)),
    Column("kode_unit", required=True, aliases=("unit",)),
    Column("nip_petugas", required=True, aliases=("nip",)),
    Column("waktu_datang", required=True),
    Column("waktu_dipanggil", required=True),
    Column("waktu_selesai", required=True),
    Column("status", required=True),
    Column("kanal", aliases=("channel",)),
)
_NAMES = tuple(c.name for c in SERVICE_RECORD_COLUMNS)


class _Rollback(Exception):
    """Leaves the run's transaction without keeping its writes (a refused all-or-nothing file)."""


def import_service_records(run: Run) -> None:
    book = RecordBook(actor=run.actor, pemda=run.pemda, file_name=run.file_name)
    report = run.report
    columns = {name: run.columns[name] for name in _NAMES if name in run.columns}
    done = 0
    try:
        with transaction.atomic():
            for batch in batched(run.table.rows()):
                items: list[tuple[int, dict[str, Any]]] = []
                for row_no, cells in batch:
                    if is_blank(cells):
                        continue
                    width = len(cells)
                    items.append((row_no, {name: cells[i] if i < width else None for name, i in columns.items()}))
                report.total_rows += len(items)
                records, errors = book.check_batch(items)
                for e in errors:
                    run.error(e.row, e.column, e.value, e.reason, e.code)
                outcomes = book.write_batch(records, write=run.will_write)
                for outcome in outcomes.values():
                    if outcome == CREATED:
                        report.created += 1
                    elif outcome == UPDATED:
                        report.updated += 1
                    else:
                        report.unchanged += 1
                book.warn_batch(records)
                done += len(batch)
                if run.progress is not None:
                    run.progress(done, None)
            report.warnings = book.warnings
            report.warnings_total = sum(book.warning_counts.values())
            if not run.will_write:
                raise _Rollback
            book.finish()
            report.written = True
    except _Rollback:
        report.written = False
    except IntegrityError:
        # A queue machine (`POST /api/v1/service-records`) saved some of the same tickets while this file was
        # read: the whole run rolled back. Said as an error of the file, never a crash; a second run sees
        # those tickets as stored (unchanged, or updated by this file).
        report.written = False
        report.created = report.updated = report.unchanged = 0
        run.error(
            None,
            "",
            None,
            _(
                "Another writer saved some of these tickets at the same time; nothing was written. Import the file again."
            ),
            "concurrent_write",
        )
    run.audit_detail["warnings"] = dict(book.warning_counts)
