"""On PostgreSQL, service records become a table partitioned by month of `arrival_date` (issue 10, §2).

0001 created `quality_servicerecord` as a plain table (what SQLite keeps). Here, on PostgreSQL only, it is
replaced by a declaratively partitioned table with the same columns, names and constraints (less the three redundant indexes dropped first), except that
the primary key is (id, arrival_date) (a partitioned table's unique keys must hold the partition key;
the record key (unit, ticket, arrival_date) already does). `id` takes its values from a sequence owned by
the column (PostgreSQL 15 has no identity columns on partitioned tables). A DEFAULT partition catches a
row whose month has no partition yet; writers call `bina.quality.records.partitions_ensure` first, so it
stays empty. Rows the table already holds are copied into their month partitions.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import django.db.models.deletion
from django.db import migrations, models

TABLE = "quality_servicerecord"
NEW = "quality_servicerecord_new"
COLUMNS = (
    '"id" bigint NOT NULL, "ticket" varchar(40) NOT NULL, "channel" varchar(12) NOT NULL, '
    '"arrival_date" date NOT NULL, "arrived_at" timestamp with time zone NOT NULL, '
    '"called_at" timestamp with time zone NULL, "finished_at" timestamp with time zone NULL, '
    '"status" varchar(8) NOT NULL, "wait_seconds" integer NULL, "process_seconds" integer NULL, '
    '"total_seconds" integer NULL, "within_sla" boolean NULL, "updated_at" timestamp with time zone NOT NULL, '
    '"officer_id" bigint NULL, "pemda_id" bigint NOT NULL, "unit_id" bigint NOT NULL, "service_id" bigint NOT NULL'
)
NAMES = (
    "id, ticket, channel, arrival_date, arrived_at, called_at, finished_at, status, wait_seconds, "
    "process_seconds, total_seconds, within_sla, updated_at, officer_id, pemda_id, unit_id, service_id"
)
# The constraints and indexes of 0001, with the names Django gave them (so later migrations find them).
AFTER = (
    f'ALTER TABLE "{TABLE}" ADD CONSTRAINT "quality_servicerecord_pkey" PRIMARY KEY ("id", "arrival_date")',
    f'ALTER TABLE "{TABLE}" ADD CONSTRAINT "servicerecord_key" UNIQUE ("unit_id", "ticket", "arrival_date")',
    f'ALTER TABLE "{TABLE}" ADD CONSTRAINT "quality_servicerecord_officer_id_cae9bb16_fk_people_employee_id" '
    'FOREIGN KEY ("officer_id") REFERENCES "people_employee" ("id") DEFERRABLE INITIALLY DEFERRED',
    f'ALTER TABLE "{TABLE}" ADD CONSTRAINT "quality_servicerecord_pemda_id_6ba2a69e_fk_core_pemda_id" '
    'FOREIGN KEY ("pemda_id") REFERENCES "core_pemda" ("id") DEFERRABLE INITIALLY DEFERRED',
    f'ALTER TABLE "{TABLE}" ADD CONSTRAINT "quality_servicerecord_unit_id_1d6c1836_fk_people_orgunit_id" '
    'FOREIGN KEY ("unit_id") REFERENCES "people_orgunit" ("id") DEFERRABLE INITIALLY DEFERRED',
    f'ALTER TABLE "{TABLE}" ADD CONSTRAINT "quality_servicerecor_service_id_35d972a5_fk_quality_s" '
    'FOREIGN KEY ("service_id") REFERENCES "quality_servicetype" ("id") DEFERRABLE INITIALLY DEFERRED',
    f'CREATE INDEX "servicerecord_pemda_day" ON "{TABLE}" ("pemda_id", "arrival_date")',
    f'CREATE INDEX "servicerecord_officer_day" ON "{TABLE}" ("officer_id", "arrival_date")',
    f'CREATE INDEX "quality_servicerecord_service_id_35d972a5" ON "{TABLE}" ("service_id")',
)


def _month_after(month: dt.date) -> dt.date:
    return (month + dt.timedelta(days=32)).replace(day=1)


def partition(apps: Any, schema_editor: Any) -> None:
    if schema_editor.connection.vendor != "postgresql":
        return
    with schema_editor.connection.cursor() as cursor:
        cursor.execute(f'CREATE TABLE "{NEW}" ({COLUMNS}) PARTITION BY RANGE ("arrival_date")')
        cursor.execute(f'CREATE TABLE "{TABLE}_default" PARTITION OF "{NEW}" DEFAULT')
        cursor.execute(f"SELECT DISTINCT date_trunc('month', arrival_date)::date FROM \"{TABLE}\"")
        for (month,) in cursor.fetchall():
            cursor.execute(
                f'CREATE TABLE "{TABLE}_y{month.year:04d}m{month.month:02d}" PARTITION OF "{NEW}" '
                "FOR VALUES FROM (%s) TO (%s)",
                [month, _month_after(month)],
            )
        cursor.execute(f'INSERT INTO "{NEW}" ({NAMES}) SELECT {NAMES} FROM "{TABLE}"')
        cursor.execute(f'DROP TABLE "{TABLE}"')
        cursor.execute(f'ALTER TABLE "{NEW}" RENAME TO "{TABLE}"')
        cursor.execute(f'CREATE SEQUENCE "{TABLE}_id_seq" AS bigint OWNED BY "{TABLE}"."id"')
        cursor.execute(f"ALTER TABLE \"{TABLE}\" ALTER COLUMN \"id\" SET DEFAULT nextval('{TABLE}_id_seq')")
        cursor.execute(f"SELECT setval('{TABLE}_id_seq', COALESCE((SELECT MAX(id) FROM \"{TABLE}\"), 0) + 1, false)")
        for statement in AFTER:
            cursor.execute(statement)


def unpartition(apps: Any, schema_editor: Any) -> None:
    """Back to the plain table of 0001 (PostgreSQL), keeping the rows."""
    if schema_editor.connection.vendor != "postgresql":
        return
    with schema_editor.connection.cursor() as cursor:
        cursor.execute(f'ALTER TABLE "{TABLE}" RENAME TO "{NEW}"')
        for name in ("servicerecord_key", "quality_servicerecord_pkey"):
            cursor.execute(f'ALTER TABLE "{NEW}" DROP CONSTRAINT "{name}"')
        for statement in AFTER:
            if statement.startswith("CREATE INDEX"):
                cursor.execute('DROP INDEX "{}"'.format(statement.split('"')[1]))
        for statement in AFTER:
            if "FOREIGN KEY" in statement:
                cursor.execute('ALTER TABLE "{}" DROP CONSTRAINT "{}"'.format(NEW, statement.split('"')[3]))
        cursor.execute(f'ALTER TABLE "{NEW}" ALTER COLUMN "id" DROP DEFAULT')
        cursor.execute(f'ALTER SEQUENCE "{TABLE}_id_seq" OWNED BY NONE')
        cursor.execute(f'DROP SEQUENCE "{TABLE}_id_seq"')
    schema_editor.create_model(apps.get_model("quality", "ServiceRecord"))
    with schema_editor.connection.cursor() as cursor:
        cursor.execute(f'INSERT INTO "{TABLE}" ({NAMES}) OVERRIDING SYSTEM VALUE SELECT {NAMES} FROM "{NEW}"')
        cursor.execute(f'DROP TABLE "{NEW}" CASCADE')
        cursor.execute(
            f"SELECT setval(pg_get_serial_sequence('{TABLE}', 'id'), COALESCE((SELECT MAX(id) FROM \"{TABLE}\"), 1))"
        )


class Migration(migrations.Migration):
    atomic = True

    dependencies = [
        ("core", "0002_pemda_emblem"),
        ("people", "0004_importjob_moves_to_imports"),
        ("quality", "0003_rollups"),
    ]

    # First the single-column indexes whose column leads a composite index anyway (pemda, unit, officer):
    # each index costs every insert of a million-row import. Then the partitioned table.
    operations = [
        migrations.AlterField(
            model_name="servicerecord",
            name="officer",
            field=models.ForeignKey(
                blank=True,
                db_index=False,
                null=True,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="+",
                to="people.employee",
            ),
        ),
        migrations.AlterField(
            model_name="servicerecord",
            name="pemda",
            field=models.ForeignKey(
                db_index=False,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="+",
                to="core.pemda",
                verbose_name="Pemda",
            ),
        ),
        migrations.AlterField(
            model_name="servicerecord",
            name="unit",
            field=models.ForeignKey(
                db_index=False, on_delete=django.db.models.deletion.PROTECT, related_name="+", to="people.orgunit"
            ),
        ),
        migrations.RunPython(partition, unpartition),
    ]
