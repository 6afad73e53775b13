# ImportJob inherits bina.jobs.models.Job: the progress and report columns take the job base's names.

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [("imports", "0001_importjob_from_people")]

    operations = [
        migrations.RenameField(model_name="importjob", old_name="processed_rows", new_name="progress_done"),
        migrations.RenameField(model_name="importjob", old_name="total_rows", new_name="progress_total"),
        migrations.RenameField(model_name="importjob", old_name="report", new_name="result"),
    ]
