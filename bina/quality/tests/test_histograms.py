"""The histogram arithmetic on worked examples, and its precision against exact quantiles (hypothesis)."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from bina.quality import histograms as h


def hist_of(seconds: list[int]) -> tuple[np.ndarray, np.ndarray]:
    return h.decode(h.encode(h.minute_bins(seconds)))


def test_encoding_is_sparse_sorted_pairs():
    blob = h.encode(h.minute_bins([59, 0, 61, 600, 61, -1]))
    assert np.frombuffer(blob, "<i4").tolist() == [-1, 1, 0, 2, 1, 2, 10, 1]
    assert h.encode([]) == b""
    assert h.decode(b"")[0].size == 0


def test_worked_quantiles():
    # Exact, definition 7: durations 2, 4, 6, 20 minutes: median = (4 + 6) / 2 = 5; p90: h = 2.7, 6 + 0.7 · 14 = 15.8.
    seconds = [120, 240, 360, 1200]
    assert h.exact_quantile(seconds, 0.5) == 5.0
    assert h.exact_quantile(seconds, 0.9) == pytest.approx(15.8)
    # From bins every value is its bin's midpoint: 2.5, 4.5, 6.5, 20.5.
    hist = hist_of(seconds)
    assert h.quantile(hist, 0.5) == 5.5
    assert h.quantile(hist, 0.9) == pytest.approx(16.3)
    assert h.quantile(hist_of([300]), 0.5) == 5.5
    assert h.quantile(h.decode(b""), 0.5) is None
    assert h.exact_quantile([], 0.5) is None


def test_merge_and_merge_grouped_sum_counts():
    a, b, c = h.encode([1, 1, 5]), h.encode([5, 7]), h.encode([1])
    keys, counts = h.merge([a, b, c, b""])
    assert keys.tolist() == [1, 5, 7] and counts.tolist() == [3, 2, 1]
    grouped = h.merge_grouped(["x", "y", "x", "z"], [a, b, c, b""])
    assert grouped["x"][0].tolist() == [1, 5] and grouped["x"][1].tolist() == [3, 1]
    assert grouped["y"][1].tolist() == [1, 1]
    assert grouped["z"][0].size == 0
    per = h.merge_grouped_blobs([0, 1, 0], [a, b, c], 2)
    assert per[0] == h.encode([1, 1, 1, 5]) and per[1] == b


def test_grouped_encoding_matches_one_by_one():
    groups = [2, 0, 2, 2, 0]
    minutes = [3, 1, 3, 9, 4]
    assert h.encode_grouped(groups, minutes, 3) == [h.encode([1, 4]), b"", h.encode([3, 3, 9])]


def test_slots_count_arrivals_and_waits():
    blobs = h.encode_slots_grouped([0, 0, 0, 1], [8, 8, 9, 8], [60, 0, 120, 30], [True, False, True, True], 2)
    dense = h.merge_slots(blobs)
    assert dense[8].tolist() == [3, 2, 90] and dense[9].tolist() == [1, 1, 120]
    again = h.merge_grouped_slot_blobs([0, 0], blobs, 1)[0]
    assert h.merge_slots([again]).tolist() == dense.tolist()


durations = st.lists(st.integers(min_value=0, max_value=60 * 60 * 24 * 20), min_size=1, max_size=300)


@settings(max_examples=300, deadline=None)
@given(durations, st.sampled_from([0.0, 0.1, 0.25, 0.5, 0.75, 0.9, 1.0]), st.integers(1, 5))
def test_histogram_quantiles_within_half_a_minute(seconds, q, parts):
    # However the values are split over rollups, the merged estimate stays within 0.5 min of the exact value.
    chunks = [seconds[i::parts] for i in range(parts)]
    merged = h.merge(h.encode(h.minute_bins(chunk)) for chunk in chunks)
    estimate = h.quantile(merged, q)
    exact = h.exact_quantile(seconds, q)
    assert exact is not None and estimate is not None
    assert abs(estimate - exact) <= 0.5 + 1e-9
    assert exact == pytest.approx(float(np.quantile(np.array(seconds) / 60, q)))
