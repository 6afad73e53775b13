"""Load the standard competency dictionary (PermenPANRB 38/2017) for every Pemda that already exists."""

from django.db import migrations


def load(apps, schema_editor):
    from bina.competencies.data import STANDARD_COMPETENCIES

    Pemda = apps.get_model("core", "Pemda")
    Competency = apps.get_model("competencies", "Competency")
    CompetencyLevel = apps.get_model("competencies", "CompetencyLevel")
    for pemda in Pemda.objects.all():
        existing = {c.code: c for c in Competency.objects.filter(pemda=pemda)}
        names = {c.name for c in existing.values()}
        for order, item in enumerate(STANDARD_COMPETENCIES, start=1):
            competency = existing.get(item["code"])
            if competency is None:
                if item["name"] in names:
                    continue
                competency = Competency.objects.create(
                    pemda=pemda,
                    code=item["code"],
                    name=item["name"],
                    kind=item["kind"],
                    definition=item["definition"],
                    is_standard=True,
                    order=order,
                )
            have = set(CompetencyLevel.objects.filter(competency=competency).values_list("level", flat=True))
            CompetencyLevel.objects.bulk_create(
                CompetencyLevel(competency=competency, level=level, title=t["title"], description=t["description"])
                for level, t in item["levels"].items()
                if level not in have
            )


class Migration(migrations.Migration):
    dependencies = [
        ("competencies", "0001_initial"),
        ("core", "0001_initial"),
    ]

    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
