# ImportJob moved here from bina.people; its table (people_importjob) is kept: state only, no SQL.

import bina.imports.models
import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):
    initial = True

    dependencies = [
        ("core", "0001_initial"),
        ("people", "0003_postgres_search_indexes"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
            migrations.CreateModel(
                name='ImportJob',
                fields=[
                    ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                    ('kind', models.CharField(choices=[('units', 'Organisation units'), ('employees', 'Employees')], max_length=10, verbose_name='kind')),
                    ('original_name', models.CharField(max_length=255, verbose_name='file name')),
                    ('file', models.FileField(max_length=255, upload_to=bina.imports.models.import_upload_path, verbose_name='file')),
                    ('dry_run', models.BooleanField(default=False, verbose_name='check only (dry run)')),
                    ('partial', models.BooleanField(default=False, verbose_name='write the valid rows even if others have errors')),
                    ('status', models.CharField(choices=[('queued', 'Queued'), ('running', 'Running'), ('done', 'Done'), ('failed', 'Failed')], default='queued', max_length=10, verbose_name='status')),
                    ('processed_rows', models.PositiveIntegerField(default=0)),
                    ('total_rows', models.PositiveIntegerField(blank=True, help_text='Estimate until the file is read.', null=True)),
                    ('report', models.JSONField(blank=True, null=True)),
                    ('created_at', models.DateTimeField(auto_now_add=True)),
                    ('started_at', models.DateTimeField(blank=True, null=True)),
                    ('finished_at', models.DateTimeField(blank=True, null=True)),
                    ('created_by', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL)),
                    ('pemda', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='+', to='core.pemda', verbose_name='Pemda')),
                ],
                options={
                    'ordering': ['-created_at', '-id'],
                    'db_table': 'people_importjob',
                    'indexes': [models.Index(fields=['pemda', '-created_at'], name='importjob_pemda_recent')],
                },
            ),
            ],
        ),
    ]
