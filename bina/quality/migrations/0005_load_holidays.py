"""Load the default holidays (2024-2027) for every Pemda that already exists (new ones get them on creation)."""

from django.db import migrations


def load(apps, schema_editor):
    from bina.quality.holidays_data import DEFAULT_HOLIDAYS

    Pemda = apps.get_model("core", "Pemda")
    Holiday = apps.get_model("quality", "Holiday")
    for pemda in Pemda.objects.all():
        have = set(Holiday.objects.filter(pemda=pemda).values_list("date", flat=True))
        Holiday.objects.bulk_create(
            Holiday(pemda=pemda, date=h.date, description=h.stored_description, kind=h.kind)
            for h in DEFAULT_HOLIDAYS
            if h.date not in have
        )


class Migration(migrations.Migration):
    dependencies = [("quality", "0004_pemda_rollups")]
    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
