"""The command face of imports: `manage.py import_data <kind> FILE --pemda SLUG` for any registered
kind, and the base of per-kind commands (`import_units`, `import_employees`).

Exit codes: 0 every row accepted, 1 any row rejected, 2 usage error (missing file, unknown
Pemda or kind, unsupported format). The last line is always `created=N updated=N unchanged=N errors=N`,
counting what was written; when nothing was, the line before says what the valid rows would have done.
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import translation

from bina.core.actor import Actor
from bina.core.models import Pemda
from bina.imports.reader import file_format, unsupported_format_message
from bina.imports.registry import import_kind_or_none, import_kinds
from bina.imports.report import format_error_line
from bina.imports.service import import_file


class ImportCommand(BaseCommand):
    # Set by a per-kind command; empty: the kind is the first argument.
    kind: str = ""

    def add_arguments(self, parser: CommandParser) -> None:
        if not self.kind:
            parser.add_argument("kind", help="what to import: " + ", ".join(k.name for k in import_kinds()))
        parser.add_argument("file", help="CSV or XLSX file (templates in docs/templates/)")
        parser.add_argument("--pemda", required=True, help="slug of the Pemda the rows belong to")
        parser.add_argument("--dry-run", action="store_true", help="check every row, write nothing")
        parser.add_argument("--partial", action="store_true", help="write the valid rows even if others fail")
        self.add_kind_arguments(parser)

    def add_kind_arguments(self, parser: CommandParser) -> None:
        """A per-kind command's own options (`import_test_scores --class KODE`)."""

    def kind_options(self, options: dict[str, Any]) -> dict[str, str]:
        """What the per-kind options give the run (`Run.options`)."""
        return {}

    def handle(self, *args: Any, **options: Any) -> None:
        translation.activate(settings.LANGUAGE_CODE)
        kind = self.kind or options["kind"]
        if import_kind_or_none(kind) is None:
            raise CommandError(f"Unknown import kind {kind!r}.", returncode=2)
        path = Path(options["file"])
        if not path.is_file():
            raise CommandError(f"{path}: no such file.", returncode=2)
        if file_format(path.name) is None:
            raise CommandError(unsupported_format_message(path.name), returncode=2)
        pemda = Pemda.objects.filter(slug=options["pemda"]).first()
        if pemda is None:
            raise CommandError(f"No Pemda with slug {options['pemda']!r}.", returncode=2)
        report = import_file(
            actor=Actor.system(pemda.pk, label=f"import_{self.kind}"),
            pemda=pemda,
            kind=kind,
            path=path,
            file_name=path.name,
            dry_run=options["dry_run"],
            partial=options["partial"],
            options=self.kind_options(options),
        )
        for error in report.errors:
            self.stdout.write(format_error_line(error))
        for warning in report.warnings:
            self.stdout.write("warning: " + format_error_line(warning))
        if report.warnings_total > len(report.warnings):
            self.stdout.write(f"warnings={report.warnings_total} (the first {len(report.warnings)} are listed)")
        self.stdout.write(report.message())
        if would := report.would_line():
            self.stdout.write(would)
        self.stdout.write(report.summary_line())
        if report.errors:
            sys.exit(1)
