import pytest
from django.db import connection

pytestmark = pytest.mark.postgres


@pytest.mark.django_db
def test_search_indexes_exist_on_postgresql():
    """Name search (LIKE '%term%') and NIP prefix search need these on PostgreSQL (docs/benchmarks.md)."""
    assert connection.vendor == "postgresql", "run this test with DATABASE_URL=postgres://… (make test-postgres)"
    with connection.cursor() as cursor:
        cursor.execute("SELECT indexname, indexdef FROM pg_indexes WHERE tablename = 'people_employee'")
        indexes = dict(cursor.fetchall())
    assert "gin_trgm_ops" in indexes["employee_sort_name_trgm"]
    assert "varchar_pattern_ops" in indexes["employee_nip_pattern"]
