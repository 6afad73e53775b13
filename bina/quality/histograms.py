"""Duration histograms and their quantiles, with no Django: the arithmetic under `bina.quality.rollups`.

A histogram counts durations per whole minute: bin `m` holds the durations d (seconds) with
60·m ≤ d < 60·(m+1). It is stored sparse, as little-endian int32 pairs (minute, count) sorted by
minute, so a day rollup of three tickets costs 24 bytes and any number of rollups merge with one
`numpy.frombuffer` over their concatenation.

Quantile definition (`quantile`, used by every figure): the linear interpolation between order
statistics that numpy and R use by default (Hyndman & Fan 1996, definition 7): for n sorted values
x₀ ≤ … ≤ xₙ₋₁ and 0 ≤ q ≤ 1, h = (n − 1)·q and Q(q) = x⌊h⌋ + (h − ⌊h⌋)·(x⌈h⌉ − x⌊h⌋); the median is
Q(0.5) (the mean of the two middle values for an even n), p90 is Q(0.9). Over a histogram every order
statistic is replaced by the midpoint of its one-minute bin, which lies within half a minute of the
true value; Q is a convex combination of two order statistics, so the estimate is within half a
minute of the exact quantile of the raw durations (`exact_quantile`), and within 0.55 min after the
figures' rounding to one decimal.

Slots (arrivals by weekday × hour): int32 quadruples (slot, arrivals, waited, wait_seconds) sorted by
slot, slot = weekday·24 + hour (Monday = 0, the arrival's local time), `waited` the arrivals with a
wait, `wait_seconds` their summed wait: enough for the queue by hour of day and day of week (arrivals
and mean wait) without raw records.
"""

from __future__ import annotations

import itertools
import math
from collections.abc import Hashable, Iterable, Sequence

import numpy as np
import numpy.typing as npt

IntArray = npt.NDArray[np.int64]
_DTYPE = np.dtype("<i4")
EMPTY = b""


def minute_bins(seconds: npt.ArrayLike) -> IntArray:
    """The bin of each duration: floor(seconds / 60) (durations before a clock error can be negative)."""
    return np.floor_divide(np.asarray(seconds, dtype=np.int64), 60)


def encode(minutes: npt.ArrayLike) -> bytes:
    """A sparse histogram of bin numbers (one per duration)."""
    values = np.asarray(minutes, dtype=np.int64)
    if values.size == 0:
        return EMPTY
    keys, counts = np.unique(values, return_counts=True)
    return encode_pairs(keys, counts)


def encode_pairs(keys: npt.ArrayLike, counts: npt.ArrayLike) -> bytes:
    """Sorted distinct keys and their (positive) counts as the stored bytes."""
    k = np.asarray(keys, dtype=np.int64)
    c = np.asarray(counts, dtype=np.int64)
    keep = c > 0
    if not keep.any():
        return EMPTY
    return np.column_stack((k[keep], c[keep])).astype(_DTYPE).tobytes()


def decode(blob: bytes | memoryview | None) -> tuple[IntArray, IntArray]:
    """(minutes, counts) of one stored histogram."""
    if not blob:
        return np.empty(0, np.int64), np.empty(0, np.int64)
    pairs = np.frombuffer(blob, dtype=_DTYPE).reshape(-1, 2).astype(np.int64)
    return pairs[:, 0], pairs[:, 1]


def merge(blobs: Iterable[bytes | memoryview | None]) -> tuple[IntArray, IntArray]:
    """The sum of many histograms as sorted (minutes, counts)."""
    joined = b"".join(b for b in blobs if b)
    if not joined:
        return np.empty(0, np.int64), np.empty(0, np.int64)
    pairs = np.frombuffer(joined, dtype=_DTYPE).reshape(-1, 2)
    keys, inverse = np.unique(pairs[:, 0], return_inverse=True)
    counts = np.bincount(inverse.ravel(), weights=pairs[:, 1], minlength=keys.size).astype(np.int64)
    return keys.astype(np.int64), counts


def merge_grouped(
    groups: Sequence[Hashable], blobs: Sequence[bytes | memoryview | None]
) -> dict[Hashable, tuple[IntArray, IntArray]]:
    """Histograms summed per group: `groups[i]` is the group of `blobs[i]`. One pass of numpy, whatever the count."""
    if len(groups) != len(blobs):
        raise ValueError("one group per histogram")
    labels = list(dict.fromkeys(groups))
    index = {label: i for i, label in enumerate(labels)}
    lengths = np.fromiter((len(b) // 8 if b else 0 for b in blobs), dtype=np.int64, count=len(blobs))
    joined = b"".join(b for b in blobs if b)
    out: dict[Hashable, tuple[IntArray, IntArray]] = {
        label: (np.empty(0, np.int64), np.empty(0, np.int64)) for label in labels
    }
    if not joined:
        return out
    pairs = np.frombuffer(joined, dtype=_DTYPE).reshape(-1, 2).astype(np.int64)
    group_ids = np.repeat(np.fromiter((index[g] for g in groups), dtype=np.int64, count=len(groups)), lengths)
    low = int(pairs[:, 0].min())
    span = int(pairs[:, 0].max()) - low + 1
    if len(labels) * span <= 4_000_000:
        # Dense: one bincount over group × minute (a few MB at most), no sort.
        dense = np.bincount(
            group_ids * span + (pairs[:, 0] - low), weights=pairs[:, 1], minlength=len(labels) * span
        ).reshape(len(labels), span)
        for i, label in enumerate(labels):
            nz = np.flatnonzero(dense[i])
            out[label] = (nz + low, dense[i, nz].astype(np.int64))
        return out
    # Sparse: one sort by (group, minute), then run-length sums.
    order = np.lexsort((pairs[:, 0], group_ids))
    g, m, c = group_ids[order], pairs[order, 0], pairs[order, 1]
    starts = np.flatnonzero(np.r_[True, (g[1:] != g[:-1]) | (m[1:] != m[:-1])])
    sums = np.add.reduceat(c, starts)
    g_runs, m_runs = g[starts], m[starts]
    bounds = np.flatnonzero(np.r_[True, g_runs[1:] != g_runs[:-1], True])
    for lo, hi in itertools.pairwise(bounds):
        out[labels[int(g_runs[lo])]] = (m_runs[lo:hi], sums[lo:hi])
    return out


def grouped_means(
    group_ids: npt.ArrayLike, blobs: Sequence[bytes | memoryview | None], groups: int, *, below: int | None = None
) -> tuple[IntArray, npt.NDArray[np.float64]]:
    """(count, mean minutes) per group 0..groups-1 of the durations in `blobs`, `group_ids[i]` the group of
    `blobs[i]`; a mean is NaN where a group has none. Each duration counts as the midpoint of its bin
    (m + 0.5 minutes), so a mean is within half a minute of the exact one, the same for every group.
    `below`: only durations under that many minutes count (the rest are neither counted nor averaged)."""
    g = np.asarray(group_ids, dtype=np.int64)
    lengths = np.fromiter((len(b) // 8 if b else 0 for b in blobs), dtype=np.int64, count=len(blobs))
    joined = b"".join(b for b in blobs if b)
    if not joined:
        return np.zeros(groups, np.int64), np.full(groups, np.nan)
    pairs = np.frombuffer(joined, dtype=_DTYPE).reshape(-1, 2).astype(np.int64)
    pg = np.repeat(g, lengths)
    if below is not None:
        keep = pairs[:, 0] < below
        pairs, pg = pairs[keep], pg[keep]
    counts = np.bincount(pg, weights=pairs[:, 1], minlength=groups)
    minutes = np.bincount(pg, weights=(pairs[:, 0] + 0.5) * pairs[:, 1], minlength=groups)
    with np.errstate(invalid="ignore", divide="ignore"):
        means = np.where(counts > 0, minutes / np.where(counts > 0, counts, 1), np.nan)
    return counts.astype(np.int64), means


def total(hist: tuple[IntArray, IntArray]) -> int:
    return int(hist[1].sum())


def quantile(hist: tuple[IntArray, IntArray], q: float) -> float | None:
    """Q(q) in minutes (definition 7, see the module docstring) from a histogram; None when it is empty."""
    keys, counts = hist
    n = int(counts.sum())
    if n == 0:
        return None
    h = (n - 1) * q
    lo, hi = math.floor(h), math.ceil(h)
    cumulative = np.cumsum(counts)
    # The k-th (0-based) value lies in the first bin whose cumulative count exceeds k.
    i_lo, i_hi = np.searchsorted(cumulative, [lo, hi], side="right")
    x_lo, x_hi = float(keys[i_lo]) + 0.5, float(keys[i_hi]) + 0.5
    return x_lo + (h - lo) * (x_hi - x_lo)


def exact_quantile(seconds: Sequence[int], q: float) -> float | None:
    """Q(q) in minutes over raw durations in seconds: the value the histogram estimate approximates."""
    if not seconds:
        return None
    values = sorted(seconds)
    h = (len(values) - 1) * q
    lo, hi = math.floor(h), math.ceil(h)
    return (values[lo] + (h - lo) * (values[hi] - values[lo])) / 60


# --- slots: arrivals by weekday × hour ---------------------------------------------------------------

SLOTS = 7 * 24


def merge_slots(blobs: Iterable[bytes | memoryview | None]) -> npt.NDArray[np.int64]:
    """The sum of many slot blobs as a dense (168, 3) array: arrivals, waited, wait seconds per slot."""
    joined = b"".join(b for b in blobs if b)
    dense = np.zeros((SLOTS, 3), dtype=np.int64)
    if joined:
        quads = np.frombuffer(joined, dtype=_DTYPE).reshape(-1, 4).astype(np.int64)
        for col in range(3):
            dense[:, col] = np.bincount(quads[:, 0], weights=quads[:, col + 1], minlength=SLOTS)
    return dense


def encode_dense_slots(dense: npt.NDArray[np.int64]) -> bytes:
    keep = np.flatnonzero(dense[:, 0])
    if keep.size == 0:
        return EMPTY
    return np.column_stack((keep, dense[keep])).astype(_DTYPE).tobytes()


# --- many groups at once (rebuilds, refreshes) ---------------------------------------------------------


def _runs(group_ids: IntArray, keys: IntArray) -> tuple[IntArray, IntArray, IntArray, IntArray]:
    """Sort by (group, key) and return (order, run starts, run groups, run keys)."""
    order = np.lexsort((keys, group_ids))
    g, k = group_ids[order], keys[order]
    if g.size == 0:
        return order, np.empty(0, np.int64), g, k
    starts = np.flatnonzero(np.r_[True, (g[1:] != g[:-1]) | (k[1:] != k[:-1])])
    return order, starts, g[starts], k[starts]


def _split(rows: npt.NDArray[np.int32], run_groups: IntArray, groups: int) -> list[bytes]:
    bounds = np.searchsorted(run_groups, np.arange(groups + 1), side="left")
    return [rows[bounds[i] : bounds[i + 1]].tobytes() for i in range(groups)]


def encode_grouped(group_ids: npt.ArrayLike, minutes: npt.ArrayLike, groups: int) -> list[bytes]:
    """One histogram per group 0..groups-1: `minutes[i]` is a duration bin of group `group_ids[i]`."""
    g = np.asarray(group_ids, dtype=np.int64)
    m = np.asarray(minutes, dtype=np.int64)
    _, starts, run_g, run_m = _runs(g, m)
    counts = np.diff(np.r_[starts, g.size])
    rows = np.column_stack((run_m, counts)).astype(_DTYPE)
    return _split(rows, run_g, groups)


def encode_slots_grouped(
    group_ids: npt.ArrayLike, slots: npt.ArrayLike, waits: npt.ArrayLike, has_wait: npt.ArrayLike, groups: int
) -> list[bytes]:
    """One slot blob per group; `waits` in seconds, counted where `has_wait` (the ticket was called)."""
    g = np.asarray(group_ids, dtype=np.int64)
    s = np.asarray(slots, dtype=np.int64)
    order, starts, run_g, run_s = _runs(g, s)
    if g.size == 0:
        return [EMPTY] * groups
    mask = np.asarray(has_wait, dtype=bool)[order]
    w = np.asarray(waits, dtype=np.int64)[order]
    arrivals = np.diff(np.r_[starts, g.size])
    waited = np.add.reduceat(mask.astype(np.int64), starts)
    wait_sum = np.add.reduceat(np.where(mask, w, 0), starts)
    rows = np.column_stack((run_s, arrivals, waited, wait_sum)).astype(_DTYPE)
    return _split(rows, run_g, groups)


def merge_grouped_blobs(
    group_ids: npt.ArrayLike, blobs: Sequence[bytes | memoryview | None], groups: int
) -> list[bytes]:
    """Histograms summed per group 0..groups-1, re-encoded (the coarse tier from the fine one)."""
    g = np.asarray(group_ids, dtype=np.int64)
    lengths = np.fromiter((len(b) // 8 if b else 0 for b in blobs), dtype=np.int64, count=len(blobs))
    joined = b"".join(b for b in blobs if b)
    if not joined:
        return [EMPTY] * groups
    pairs = np.frombuffer(joined, dtype=_DTYPE).reshape(-1, 2).astype(np.int64)
    pg = np.repeat(g, lengths)
    order, starts, run_g, run_m = _runs(pg, pairs[:, 0])
    sums = np.add.reduceat(pairs[order, 1], starts)
    return _split(np.column_stack((run_m, sums)).astype(_DTYPE), run_g, groups)


def merge_grouped_slot_blobs(
    group_ids: npt.ArrayLike, blobs: Sequence[bytes | memoryview | None], groups: int
) -> list[bytes]:
    """Slot blobs summed per group 0..groups-1, re-encoded."""
    g = np.asarray(group_ids, dtype=np.int64)
    lengths = np.fromiter((len(b) // 16 if b else 0 for b in blobs), dtype=np.int64, count=len(blobs))
    joined = b"".join(b for b in blobs if b)
    if not joined:
        return [EMPTY] * groups
    quads = np.frombuffer(joined, dtype=_DTYPE).reshape(-1, 4).astype(np.int64)
    pg = np.repeat(g, lengths)
    order, starts, run_g, run_s = _runs(pg, quads[:, 0])
    sums = np.add.reduceat(quads[order, 1:], starts, axis=0)
    return _split(np.column_stack((run_s, sums)).astype(_DTYPE), run_g, groups)
