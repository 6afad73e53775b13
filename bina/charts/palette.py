"""Colours of every chart: colour-blind safe and readable on white.

Series colours are the Okabe–Ito palette (distinguishable with the common colour-vision deficiencies),
darkened where needed so that each mark keeps at least 3:1 against the white background (WCAG 2.2,
1.4.11 non-text contrast). Text is at least 4.5:1 (1.4.3). Charts never rely on colour alone: every
series is named in a legend and every value is in the data table.
"""

from __future__ import annotations

BACKGROUND = "#ffffff"
TEXT = "#1b1f24"
MUTED = "#57606a"
GRID = "#d0d7de"
AXIS = "#57606a"
TRACK = "#e6e9ef"  # the empty part of a bar drawn against a scale end (decoration, no meaning)

# Okabe–Ito: blue, vermillion, bluish green, reddish purple, then grey (its black, lightened) and a dark orange.
SERIES = ("#0072B2", "#C14F00", "#007A5A", "#A8537F", "#5A5A5A", "#8F6400")
TONES = {"": SERIES[0], "good": SERIES[2], "alert": SERIES[1]}


def series_colour(index: int) -> str:
    return SERIES[index % len(SERIES)]


def tone_colour(tone: str) -> str:
    return TONES.get(tone, SERIES[0])


def tint(colour: str, strength: float) -> str:
    """`colour` laid at `strength` (0..1) over white, as a solid colour (a band, drawn the same in SVG and PDF)."""
    r, g, b = (int(colour[i : i + 2], 16) for i in (1, 3, 5))
    return "#" + "".join(f"{round(255 - (255 - c) * strength):02x}" for c in (r, g, b))


def _channel(value: int) -> float:
    c = value / 255
    return c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4


def luminance(colour: str) -> float:
    """WCAG relative luminance of `#rrggbb`."""
    r, g, b = (int(colour[i : i + 2], 16) for i in (1, 3, 5))
    return 0.2126 * _channel(r) + 0.7152 * _channel(g) + 0.0722 * _channel(b)


def contrast(a: str, b: str) -> float:
    """WCAG contrast ratio, 1 to 21."""
    high, low = sorted((luminance(a), luminance(b)), reverse=True)
    return (high + 0.05) / (low + 0.05)
