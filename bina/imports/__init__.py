"""Imports of rows from CSV/XLSX, for every kind an app registers (docs/imports.md).

Generic here: reading files (`reader`), mapping the header (`columns`), the run's state and
all-or-nothing / partial / dry-run (`common`, `service`), the report (`report`), the bulk loader
(`sql`), the background job (`jobs`) and the faces (CLI `import_data`, pages, API). Each app registers
its kinds (`registry.register_import_kind`): units and employees are registered by `bina.people`.
"""
