from bina.imports.cli import ImportCommand


class Command(ImportCommand):
    help = "Import questions into courses' banks (CSV or XLSX, one question per row; docs/imports.md)."
    kind = "questions"
