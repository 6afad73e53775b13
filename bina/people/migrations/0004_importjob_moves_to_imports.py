# ImportJob moved to bina.imports (the table stays people_importjob): state only, no SQL.

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("people", "0003_postgres_search_indexes"),
        ("imports", "0001_importjob_from_people"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(state_operations=[migrations.DeleteModel(name="ImportJob")]),
    ]
