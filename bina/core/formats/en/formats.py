# English with the same shapes as Bahasa Indonesia: `12 Dec 2026`, `Tue, 8 Dec 2026 08:00`.
DATE_FORMAT = "j M Y"
DATETIME_FORMAT = "D, j M Y H:i"
TIME_FORMAT = "H:i"
SHORT_DATE_FORMAT = "j M Y"
SHORT_DATETIME_FORMAT = "j M Y H:i"
MONTH_DAY_FORMAT = "j M"
YEAR_MONTH_FORMAT = "M Y"
