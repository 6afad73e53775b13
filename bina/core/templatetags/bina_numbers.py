"""Template filters over `bina.core.numbers`: `{{ n|number }}`, `{{ jp|number:"1" }}`, `{{ share|percent }}`, `{{ x|rupiah }}`."""

from __future__ import annotations

from typing import Any

from django import template

from bina.core.numbers import format_money, format_number, format_percent

register = template.Library()


@register.filter
def number(value: Any, decimals: Any = 0) -> str:
    """Grouped thousands and the locale's decimal mark; a zero fraction is dropped (`8` not `8,0`)."""
    if value in (None, ""):
        return format_number(None)
    return format_number(value, int(decimals), trim=True)


@register.filter
def percent(value: Any, decimals: Any = 1) -> str:
    if value in (None, ""):
        return format_percent(None)
    return format_percent(value, int(decimals))


@register.filter
def rupiah(value: Any) -> str:
    """`{{ programme.budget|rupiah }}` → `Rp485.000.000`."""
    if value in (None, ""):
        return format_money(None)
    return format_money(value)
