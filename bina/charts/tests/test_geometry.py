"""The one geometry of each chart, measured on worked examples (both renderers draw exactly these shapes)."""

from __future__ import annotations

import pytest

from bina.charts import palette
from bina.charts.geometry import Circle, Line, Polygon, Rect, Text, layout, nice_ticks
from bina.charts.specs import (
    Bar,
    BarChart,
    Estimate,
    EventStudyChart,
    LineChart,
    Point,
    Series,
    StackedBarChart,
    ValueFormat,
)


def bars_of(figure):
    return [s for s in figure.find("bar") if isinstance(s, Rect)]


def test_horizontal_bar_lengths_are_proportional_to_the_values():
    figure = layout(BarChart(title="Pegawai", bars=[Bar("A", 100), Bar("B", 50), Bar("C", 25), Bar("D", 0)]))
    a, b, c, d = bars_of(figure)
    assert b.width == pytest.approx(a.width / 2) and c.width == pytest.approx(a.width / 4) and d.width == 0
    assert a.x == b.x == c.x == d.x  # one baseline
    values = [s.text for s in figure.find("value") if isinstance(s, Text)]
    assert values == ["100", "50", "25", "0"]


def test_bar_on_a_scale_that_ends_at_a_target_fills_its_share_of_the_track():
    figure = layout(BarChart(title="JP", bars=[Bar("2026", 8), Bar("2025", 25)], max_value=20))
    track = figure.one("track:0")
    first, over = bars_of(figure)
    assert isinstance(track, Rect) and first.width == pytest.approx(track.width * 8 / 20)
    assert over.width == pytest.approx(track.width)  # beyond the target: full, never past the track


def test_vertical_bar_heights_are_proportional_and_stand_on_the_baseline():
    figure = layout(
        BarChart(title="Kepatuhan", orientation="vertical", value_format=ValueFormat(decimals=1, percent=True),
                 bars=[Bar("2024", 60), Bar("2025", 30)])
    )  # fmt: skip
    first, second = bars_of(figure)
    baseline = figure.one("baseline")
    assert isinstance(baseline, Line)
    assert second.height == pytest.approx(first.height / 2)
    assert first.y + first.height == pytest.approx(baseline.y1) == second.y + second.height
    assert [s.text for s in figure.find("value")] == ["60,0%", "30,0%"]


def test_stacked_segments_follow_each_other_and_totals_are_proportional():
    figure = layout(
        StackedBarChart(title="JP", categories=["Dinas", "Kecamatan"],
                        series=[Series("Memenuhi", [30, 10]), Series("Belum", [10, 10])])
    )  # fmt: skip
    (d1, d2), (k1, k2) = ([figure.one(f"segment:{i}:{j}") for j in (0, 1)] for i in (0, 1))
    assert d2.x == pytest.approx(d1.x + d1.width)
    assert (k1.width + k2.width) == pytest.approx((d1.width + d2.width) / 2)
    assert d1.fill == palette.series_colour(0) != d2.fill == palette.series_colour(1)
    assert [s.text for s in figure.find("legend")] == ["Memenuhi", "Belum"]


def test_negative_bars_are_refused():
    with pytest.raises(ValueError):
        layout(BarChart(title="x", bars=[Bar("A", -1)]))


def test_confidence_band_covers_each_interval_and_the_line_runs_inside_it():
    points = [Point(2020, 5, 4, 6, "2020"), Point(2021, 6, 4.5, 8, "2021"), Point(2022, 7, 6.5, 7.5, "2022")]
    figure = layout(LineChart(title="JP rata-rata", points=points, band_name="IK 95%", series_name="JP"))
    band = figure.one("band")
    assert isinstance(band, Polygon)
    for i, p in enumerate(points):
        dot = figure.one(f"point:{i}")
        assert isinstance(dot, Circle)
        at_x = sorted(y for x, y in band.points if x == pytest.approx(dot.cx))
        top, bottom = at_x  # the band's upper and lower edge at this x (y grows downwards)
        assert top < dot.cy < bottom
        # linear scale: where the estimate sits between the bounds is kept
        assert (dot.cy - top) / (bottom - top) == pytest.approx((p.upper - p.y) / (p.upper - p.lower))
    assert [s.text for s in figure.find("x-tick")] == ["2020", "2021", "2022"]


def test_event_study_zero_line_event_marker_and_reference_period():
    estimates = [
        Estimate(-3, 0.1, -0.2, 0.4),
        Estimate(-2, 0.0, -0.3, 0.3),
        Estimate(0, 0.5, 0.2, 0.8),
        Estimate(1, 1.0, 0.5, 1.0),
    ]
    figure = layout(EventStudyChart(title="Efek pelatihan", estimates=estimates, reference_period=-1, event_period=0))
    zero, event, reference = figure.one("zero-line"), figure.one("event-line"), figure.one("reference")
    assert isinstance(zero, Line) and isinstance(event, Line) and isinstance(reference, Circle)
    # ticks run -0,5 … 1,0, so 0 sits a third of the way up the plot
    grid = sorted(s.y1 for s in figure.find("grid") if isinstance(s, Line))
    plot_top, plot_bottom = grid[0], grid[-1]
    assert (plot_bottom - zero.y1) / (plot_bottom - plot_top) == pytest.approx(0.5 / 1.5)
    assert zero.y1 == zero.y2 == reference.cy  # the omitted period is drawn at 0, on the line
    assert reference.fill == palette.BACKGROUND  # hollow: not an estimate
    whisker = figure.one("whisker:-2")
    assert isinstance(whisker, Line) and (whisker.y1 + whisker.y2) / 2 == pytest.approx(zero.y1)  # -0,3 … 0,3
    at_event = figure.one("estimate:0")
    assert isinstance(at_event, Circle) and event.x1 == event.x2 == pytest.approx(at_event.cx) and event.dash
    before, after = figure.one("estimate:-2"), at_event
    assert reference.cx == pytest.approx((before.cx + after.cx) / 2)  # periods are evenly spaced
    assert [s.text for s in figure.find("x-tick")] == ["-3", "-2", "-1", "0", "1"]


def test_event_study_refuses_an_estimate_for_the_reference_period():
    with pytest.raises(ValueError):
        layout(EventStudyChart(title="x", estimates=[Estimate(-1, 0, -1, 1)], reference_period=-1))


def test_long_labels_are_shortened_in_the_picture_and_kept_whole_in_the_tooltip():
    name = "Dinas Kependudukan dan Pencatatan Sipil Kota Surabaya bagian yang sangat panjang sekali"
    label = layout(BarChart(title="x", bars=[Bar(name, 1)])).one("label:0")
    assert isinstance(label, Text) and label.text.endswith("…") and len(label.text) < len(name)
    assert label.full == name


def test_nice_ticks_are_round_and_cover_the_range():
    assert nice_ticks(0, 485) == [0, 100, 200, 300, 400, 500]
    assert nice_ticks(-0.3, 1.0) == [-0.5, 0, 0.5, 1.0]


def test_palette_is_readable_on_white():
    for colour in palette.SERIES:
        assert palette.contrast(colour, palette.BACKGROUND) >= 3  # WCAG 1.4.11, marks
    for colour in (palette.TEXT, palette.MUTED):
        assert palette.contrast(colour, palette.BACKGROUND) >= 4.5  # WCAG 1.4.3, text
    assert palette.contrast(palette.series_colour(0), palette.TRACK) >= 3  # a bar against its empty track
