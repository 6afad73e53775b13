from typing import Any

from django.core.management.base import CommandParser

from bina.imports.cli import ImportCommand


class Command(ImportCommand):
    help = (
        "Import pre- and post-test scores of a class run elsewhere (CSV or XLSX with nip,pre,post,max; "
        "docs/imports.md): import_test_scores FILE --pemda SLUG --class KODE"
    )
    kind = "test_scores"

    def add_kind_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--class", dest="klass", default="", help="code of the class every row belongs to")

    def kind_options(self, options: dict[str, Any]) -> dict[str, str]:
        return {"kode_kelas": options["klass"]} if options.get("klass") else {}
