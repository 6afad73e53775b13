from bina.imports.cli import ImportCommand


class Command(ImportCommand):
    help = (
        "Import service records (nomor_tiket,kode_layanan,kode_unit,nip_petugas,waktu_datang,waktu_dipanggil,"
        "waktu_selesai,status[,kanal]) from CSV or XLSX. See docs/imports.md."
    )
    kind = "service_records"
