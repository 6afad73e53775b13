"""Server-rendered charts: a spec (plain data) → one geometry → SVG for pages, reportlab for PDFs.

Core level: imports only `bina.core`, Django and libraries. See docs/architecture.md, "How to add a chart".
"""
