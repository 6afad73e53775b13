from bina.imports.cli import ImportCommand


class Command(ImportCommand):
    help = "Import complaints from a LAPOR! export (CSV or XLSX; columns in docs/imports.md)."
    kind = "lapor"
