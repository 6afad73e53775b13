from bina.imports.cli import ImportCommand


class Command(ImportCommand):
    help = "Import rows of a registered kind (units, employees, ...) from CSV or XLSX. See docs/imports.md."
