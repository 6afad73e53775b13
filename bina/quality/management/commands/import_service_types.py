from bina.imports.cli import ImportCommand


class Command(ImportCommand):
    help = "Import service types (kode,nama,sla_menit,sla_hari_kerja) from CSV or XLSX. See docs/imports.md."
    kind = "service_types"
