from bina.imports.cli import ImportCommand


class Command(ImportCommand):
    help = "Import paper SKM forms (tanggal,kode_unit,kode_layanan,u1..u9,umur,...). See docs/imports.md."
    kind = "skm_responses"
