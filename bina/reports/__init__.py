"""Reports: one place that writes CSV/XLSX/PDF files and the download responses around them.

Core level: imports only `bina.core`, Django and libraries. Apps register their reports
(`bina.reports.registry.register`); pages, API endpoints and commands answer with `report_response`
or write `report_file`. See docs/architecture.md, "How to add a report".
"""
