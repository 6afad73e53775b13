"""Import of organisation units and employees from CSV/XLSX (docs/imports.md).

`service.import_file` is the entry point; `report.ImportReport` is what it returns.
"""
