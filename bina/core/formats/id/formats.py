# Bahasa Indonesia as written in Pemda letters: `12 Des 2026`, `Sel, 8 Des 2026 08.00` (a dot in the time).
# Numbers (decimal comma, thousands dot) and input formats come from Django's `id` locale.
DATE_FORMAT = "j M Y"
DATETIME_FORMAT = "D, j M Y H.i"
TIME_FORMAT = "H.i"
SHORT_DATE_FORMAT = "j M Y"
SHORT_DATETIME_FORMAT = "j M Y H.i"
MONTH_DAY_FORMAT = "j M"
YEAR_MONTH_FORMAT = "M Y"
