from bina.imports.cli import ImportCommand


class Command(ImportCommand):
    help = "Import holidays (tanggal,keterangan) from CSV or XLSX into a Pemda's calendar. See docs/imports.md."
    kind = "holidays"
