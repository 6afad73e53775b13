from bina.imports.cli import ImportCommand


class Command(ImportCommand):
    help = (
        "Import training completed before Bina (SIASN riwayat diklat; CSV or XLSX; columns in docs/imports.md). "
        "Each record counts as completed training with its JP in the year it ended."
    )
    kind = "training_history"
