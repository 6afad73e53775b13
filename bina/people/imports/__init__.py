"""The people import kinds: organisation units and employees (docs/imports.md).

The machinery (reading, header mapping, report, job, faces) is `bina.imports`; this package holds
the columns and importers of the two kinds and registers them (`register_kinds`, from `PeopleConfig`).
"""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _


def register_kinds() -> None:
    from bina.imports.registry import ImportKind, register_import_kind
    from bina.people import permissions
    from bina.people.imports.columns import EMPLOYEE_COLUMNS, UNIT_COLUMNS
    from bina.people.imports.employees import import_employees
    from bina.people.imports.units import import_units
    from bina.people.models import ImportKind as Kinds

    register_import_kind(
        ImportKind(
            name=Kinds.UNITS.value,
            label=Kinds.UNITS.label,
            columns=UNIT_COLUMNS,
            importer=import_units,
            can_import=permissions.can_import_units,
            denied_message=_("Only a BKPSDM admin can import organisation units."),
            template="units.csv",
            description="Import organisation units from an Excel/CSV file",
        )
    )
    register_import_kind(
        ImportKind(
            name=Kinds.EMPLOYEES.value,
            label=Kinds.EMPLOYEES.label,
            columns=EMPLOYEE_COLUMNS,
            importer=import_employees,
            can_import=permissions.can_import_employees,
            denied_message=_("Only BKPSDM admins and unit operators can import employees."),
            template="employees.csv",
            description="Import employees from an Excel/CSV file",
        )
    )
