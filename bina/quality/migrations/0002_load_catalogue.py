"""Load the default service catalogue for every Pemda that already exists (new ones get it on creation)."""

from django.db import migrations


def load(apps, schema_editor):
    from bina.quality.catalogue import DEFAULT_SERVICES

    Pemda = apps.get_model("core", "Pemda")
    ServiceType = apps.get_model("quality", "ServiceType")
    for pemda in Pemda.objects.all():
        have = set(ServiceType.objects.filter(pemda=pemda).values_list("code", flat=True))
        ServiceType.objects.bulk_create(
            ServiceType(
                pemda=pemda,
                code=item.code,
                name=item.name,
                unit_kind=item.unit_kind,
                channels=list(item.channels),
                sla_minutes=item.sla_minutes,
                sla_working_days=item.sla_working_days,
                sla_source=item.source,
                order=order,
            )
            for order, item in enumerate(DEFAULT_SERVICES, start=1)
            if item.code not in have
        )


class Migration(migrations.Migration):
    dependencies = [("quality", "0001_initial")]
    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
