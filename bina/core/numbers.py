"""Numbers as people read them: the one place that formats a number for a page, a chart, a PDF or a report.

The format follows the active language through Django's locale formats, so Bahasa Indonesia (the default)
writes a decimal comma and a thousands dot (`6,2`, `485.000`, `6,2%`) and English writes `6.2`, `485,000`,
`6.2%`. Thousands are always grouped (Django groups only when USE_THOUSAND_SEPARATOR is on) and halves
round up, as people expect (`2,45` → `2,5`), not to even. Template filters over these functions live in
`bina.core.templatetags.bina_numbers`.
"""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal

from django.utils.formats import number_format

Number = int | float | Decimal


def _rounded(value: Number, decimals: int) -> Decimal:
    return Decimal(str(value)).quantize(Decimal(1).scaleb(-decimals), rounding=ROUND_HALF_UP)


def format_number(
    value: Number | None, decimals: int = 0, *, trim: bool = False, grouping: bool = True, empty: str = "–"
) -> str:
    """`485000` → `485.000`; `6.25` with `decimals=1` → `6,3`; `trim=True` drops a zero fraction (`8,0` → `8`).

    `grouping=False` writes no thousands mark (years, codes: `2026`). `None` (no value) is written as
    `empty`, a dash by default, never as `0`.
    """
    if value is None:
        return empty
    amount = _rounded(value, decimals)
    if trim and amount == amount.to_integral_value():
        amount, decimals = amount.to_integral_value(), 0
    if amount == 0:
        amount = abs(amount)  # no "-0"
    return number_format(amount, decimal_pos=decimals, use_l10n=True, force_grouping=grouping)


def format_percent(value: Number | None, decimals: int = 1, *, trim: bool = True, empty: str = "–") -> str:
    """A value already in percent (`6.2` → `6,2%`); `trim` writes `100%`, not `100,0%`."""
    if value is None:
        return empty
    return f"{format_number(value, decimals, trim=trim)}%"


def format_share(part: Number, whole: Number, decimals: int = 1, *, empty: str = "–") -> str:
    """`part` of `whole` as a percent (`31` of `500` → `6,2%`); a zero `whole` has no share."""
    if not whole:
        return empty
    return format_percent(Decimal(str(part)) * 100 / Decimal(str(whole)), decimals)


def format_money(value: Number | None, *, empty: str = "–") -> str:
    """Rupiah, whole and grouped, no space after the symbol: `485000000` → `Rp485.000.000` (`Rp485,000,000` in
    English); a negative amount is `-Rp1.000`."""
    if value is None:
        return empty
    amount = _rounded(value, 0)
    sign = "-" if amount < 0 else ""
    return f"{sign}Rp{format_number(abs(amount))}"
