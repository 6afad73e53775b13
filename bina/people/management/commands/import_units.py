from bina.imports.cli import ImportCommand


class Command(ImportCommand):
    help = "Import organisation units (kode,nama,jenis,kode_induk) from CSV or XLSX. See docs/imports.md."
    kind = "units"
