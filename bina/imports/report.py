"""The result of one import run: counts, every row error, and a sentence a person can act on."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Literal

from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from bina.core.errors import RowError

ImportStatus = Literal["accepted", "rejected", "partial", "dry_run"]


@dataclass
class ImportReport:
    kind: str
    file_name: str
    dry_run: bool = False
    partial: bool = False
    total_rows: int = 0
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    errors: list[RowError] = field(default_factory=list)
    written: bool = False
    # A file-level problem (unreadable file, missing column): no row could be considered.
    file_rejected: bool = False
    # Suspicious but valid rows a kind reports (kept, not refused): the first ones, and how many in all.
    warnings: list[RowError] = field(default_factory=list)
    warnings_total: int = 0

    @property
    def status(self) -> ImportStatus:
        if self.dry_run:
            return "dry_run"
        if not self.errors:
            return "accepted"
        if self.partial and self.written:
            return "partial"
        return "rejected"

    @property
    def error_rows(self) -> int:
        """Rows with at least one error (a row may have several)."""
        return len({e.row for e in self.errors if e.row is not None})

    def stored(self) -> tuple[int, int, int]:
        """(created, updated, unchanged) as stored: all zero when nothing was written.

        `created`/`updated`/`unchanged` count what the valid rows do, written or not (a check, or
        an all-or-nothing file refused for its other rows)."""
        if self.written:
            return self.created, self.updated, self.unchanged
        return 0, 0, 0

    def summary_line(self) -> str:
        """The machine-readable last line of the CLI: what was written, and the errors."""
        created, updated, unchanged = self.stored()
        return f"created={created} updated={updated} unchanged={unchanged} errors={len(self.errors)}"

    def would_line(self) -> str:
        """When nothing was written but the valid rows would have changed something, what they would have."""
        if self.written or self.file_rejected or not (self.created or self.updated or self.unchanged):
            return ""
        return _(
            "Nothing was stored; the valid rows would have given: "
            "created=%(created)d updated=%(updated)d unchanged=%(unchanged)d"
        ) % {"created": self.created, "updated": self.updated, "unchanged": self.unchanged}

    def message(self) -> str:
        rows = self.error_rows
        if self.file_rejected:
            return _("Nothing was written: the file cannot be imported as it is. See the errors below.")
        if self.dry_run:
            if self.errors:
                return ngettext(
                    "Check only, nothing was written: %(count)d row has errors.",
                    "Check only, nothing was written: %(count)d rows have errors.",
                    rows,
                ) % {"count": rows}
            return _(
                "Check only, nothing was written. The file is valid: %(created)d would be created, "
                "%(updated)d updated, %(unchanged)d unchanged."
            ) % {"created": self.created, "updated": self.updated, "unchanged": self.unchanged}
        status = self.status
        if status == "rejected":
            return ngettext(
                "Nothing was written because %(count)d row has errors.",
                "Nothing was written because %(count)d rows have errors.",
                rows,
            ) % {"count": rows}
        if status == "partial":
            return ngettext(
                "The valid rows were written (%(created)d created, %(updated)d updated, %(unchanged)d unchanged); "
                "%(count)d row with errors was skipped.",
                "The valid rows were written (%(created)d created, %(updated)d updated, %(unchanged)d unchanged); "
                "%(count)d rows with errors were skipped.",
                rows,
            ) % {"created": self.created, "updated": self.updated, "unchanged": self.unchanged, "count": rows}
        if self.created == 0 and self.updated == 0:
            return _("No changes: every row matches what is stored.")
        return _("Import complete: %(created)d created, %(updated)d updated, %(unchanged)d unchanged.") % {
            "created": self.created,
            "updated": self.updated,
            "unchanged": self.unchanged,
        }

    def as_dict(self, *, max_errors: int | None = None, report_url: str = "") -> dict[str, Any]:
        """The report as the API answers and a job stores it. `max_errors`: only the first errors (a
        response), with `errors_total` and `report_url`, where the full list is downloadable."""
        shown = self.errors if max_errors is None else self.errors[:max_errors]
        return {
            "kind": self.kind,
            "file_name": self.file_name,
            "dry_run": self.dry_run,
            "partial": self.partial,
            "total_rows": self.total_rows,
            "created": self.created,
            "updated": self.updated,
            "unchanged": self.unchanged,
            "written": self.written,
            "status": self.status,
            "message": self.message(),
            "summary": self.summary_line(),
            "would": self.would_line(),
            "errors": [e.as_dict() for e in shown],
            "errors_total": len(self.errors),
            "errors_truncated": len(shown) < len(self.errors),
            **({"report_url": report_url} if report_url else {}),
            **(
                {"warnings": [w.as_dict() for w in self.warnings[:max_errors]], "warnings_total": self.warnings_total}
                if self.warnings_total
                else {}
            ),
        }


REPORT_CSV_COLUMNS = ("file", "row", "column", "value", "reason", "code")


def errors_csv(errors: list[dict[str, Any]]) -> str:
    """Every error of a stored report as CSV (the downloadable full report), UTF-8 with BOM for Excel."""
    import csv
    import io

    buffer = io.StringIO()
    buffer.write("\ufeff")
    writer = csv.writer(buffer)
    writer.writerow(REPORT_CSV_COLUMNS)
    for error in errors:
        writer.writerow(["" if error.get(k) is None else _safe_cell(str(error.get(k))) for k in REPORT_CSV_COLUMNS])
    return buffer.getvalue()


def _safe_cell(value: str) -> str:
    # A value from the user's file must not become a formula when the report is opened in Excel.
    return "'" + value if value[:1] in ("=", "+", "-", "@") else value


def format_error_line(error: RowError) -> str:
    """`file:row:column: value — reason`, the shape compilers use, so editors can jump to it."""
    row = "-" if error.row is None else str(error.row)
    return f"{error.file}:{row}:{error.column or '-'}: {error.value} — {error.reason}"
