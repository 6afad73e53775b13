from bina.imports.cli import ImportCommand


class Command(ImportCommand):
    help = "Import employees (nip,nama,...,kode_unit,...) from CSV or XLSX. See docs/imports.md."
    kind = "employees"
