# CertificateBatch inherits bina.jobs.models.Job: progress columns take the job base's names and the
# free-text error becomes a failure code with parameters (rendered in the reader's language).

from django.db import migrations, models


def error_to_failure(apps, schema_editor):
    Batch = apps.get_model("certificates", "CertificateBatch")
    for batch in Batch.objects.exclude(error=""):
        batch.failure_code = "error"
        batch.failure_params = {"error": batch.error}
        batch.save(update_fields=["failure_code", "failure_params"])


class Migration(migrations.Migration):
    dependencies = [("certificates", "0003_list_indexes")]

    operations = [
        migrations.RenameField(model_name="certificatebatch", old_name="total", new_name="progress_total"),
        migrations.RenameField(model_name="certificatebatch", old_name="done", new_name="progress_done"),
        migrations.AddField(
            model_name="certificatebatch", name="failure_code", field=models.CharField(blank=True, max_length=40)
        ),
        migrations.AddField(
            model_name="certificatebatch", name="failure_params", field=models.JSONField(blank=True, default=dict)
        ),
        migrations.RunPython(error_to_failure, migrations.RunPython.noop),
        migrations.RemoveField(model_name="certificatebatch", name="error"),
    ]
