"""What `import_units` and `import_employees` share: arguments, exit codes, report printing.

Exit codes: 0 every row accepted, 1 any row rejected, 2 usage error (missing file, unknown
Pemda, unsupported format). The last line is always `created=N updated=N unchanged=N errors=N`.
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
from bina.people.imports.reader import file_format, unsupported_format_message
from bina.people.imports.report import format_error_line
from bina.people.imports.service import import_file


class ImportCommand(BaseCommand):
    kind: str = ""

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", help="CSV or XLSX file (templates in docs/templates/)")
        parser.add_argument("--pemda", required=True, help="slug of the Pemda the rows belong to")
        parser.add_argument("--dry-run", action="store_true", help="check every row, write nothing")
        parser.add_argument("--partial", action="store_true", help="write the valid rows even if others fail")

    def handle(self, *args: Any, **options: Any) -> None:
        translation.activate(settings.LANGUAGE_CODE)
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
            kind=self.kind,  # type: ignore[arg-type]
            path=path,
            file_name=path.name,
            dry_run=options["dry_run"],
            partial=options["partial"],
        )
        for error in report.errors:
            self.stdout.write(format_error_line(error))
        self.stdout.write(report.message())
        self.stdout.write(report.summary_line())
        if report.errors:
            sys.exit(1)
