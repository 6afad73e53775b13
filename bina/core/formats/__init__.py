"""Bina's date and time formats per language (FORMAT_MODULE_PATH), on top of Django's locale formats.

One way to write a moment for people: `{{ d|date }}` writes `12 Des 2026`, `{{ dt|date:"DATETIME_FORMAT" }}`
`Sel, 8 Des 2026 08.00`, `{{ dt|date:"SHORT_DATETIME_FORMAT" }}` `8 Des 2026 08.00` (tables),
`{{ t|time }}` `08.00`, `{{ d|date:"MONTH_DAY_FORMAT" }}` `15 Des`; English writes `12 Dec 2026`,
`Tue, 8 Dec 2026 08:00`. Python code uses `django.utils.formats.date_format(value, "DATE_FORMAT")` (or
`bina.core.dates`). Machine-readable values (`<time datetime>`, `<input type=date>`, CSV) stay ISO.
"""
