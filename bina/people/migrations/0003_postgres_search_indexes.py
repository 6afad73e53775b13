"""Search indexes that only PostgreSQL has (SQLite answers the same searches by scanning, fast enough).

- pg_trgm GIN index on the normalised name: `sort_name LIKE '%term%'` (employee search) uses it.
- varchar_pattern_ops index on NIP: `nip LIKE '1987%'` (NIP prefix search) uses it; the unique
  (pemda, nip) btree cannot serve LIKE under a non-C collation.
pg_trgm is a trusted extension (PostgreSQL 13+): the database owner may create it.
"""

from django.db import migrations


class PostgresOnlySQL(migrations.RunSQL):
    def database_forwards(self, app_label, schema_editor, from_state, to_state):
        if schema_editor.connection.vendor == "postgresql":
            super().database_forwards(app_label, schema_editor, from_state, to_state)

    def database_backwards(self, app_label, schema_editor, from_state, to_state):
        if schema_editor.connection.vendor == "postgresql":
            super().database_backwards(app_label, schema_editor, from_state, to_state)


class Migration(migrations.Migration):
    dependencies = [("people", "0002_importjob")]

    operations = [
        PostgresOnlySQL(
            sql=[
                "CREATE EXTENSION IF NOT EXISTS pg_trgm",
                "CREATE INDEX IF NOT EXISTS employee_sort_name_trgm ON people_employee USING gin (sort_name gin_trgm_ops)",
                "CREATE INDEX IF NOT EXISTS employee_nip_pattern ON people_employee (nip varchar_pattern_ops)",
            ],
            reverse_sql=[
                "DROP INDEX IF EXISTS employee_nip_pattern",
                "DROP INDEX IF EXISTS employee_sort_name_trgm",
            ],
        ),
    ]
