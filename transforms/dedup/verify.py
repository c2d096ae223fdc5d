"""Verification of candidate pairs: exact Jaccard and containment of their shingle sets."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass

import numpy as np
import polars as pl

from transforms.dedup.normalize import Texts, run_batches
from transforms.dedup.settings import DedupSettings
from transforms.dedup.sketch import shingle_batch


@dataclass(frozen=True)
class ShingleSets:
    """Sorted unique 32-bit shingle hashes per document: document i owns values[offsets[i]:offsets[i+1]].
    (32 bits: two unrelated ~700-shingle texts share a hash by chance ~1e-4 times; Jaccard is unaffected.)"""

    values: np.ndarray  # uint32
    offsets: np.ndarray  # int64, len = documents + 1

    def sizes(self) -> np.ndarray:
        return np.diff(self.offsets)


_PAD = np.uint32(0xFFFFFFFF)


def _width_class(lengths: np.ndarray) -> np.ndarray:
    """Row width per segment: the next power of two >= length (at least 16), so padding costs at most 2x."""
    return np.maximum(16, 1 << np.ceil(np.log2(np.maximum(lengths, 1))).astype(np.int64))


def _rows(values: np.ndarray, starts: np.ndarray, lengths: np.ndarray, width: int) -> np.ndarray:
    """Segments values[starts[i] : starts[i] + lengths[i]] as the rows of a (len(starts), width) array padded
    with 0xFFFFFFFF. `values` must extend `width` elements past every segment start (pad its end)."""
    windows = np.lib.stride_tricks.sliding_window_view(values, width)
    block = windows[starts]  # one contiguous row copy per segment
    block[np.arange(width) >= lengths[:, None]] = _PAD
    return block


def _padded(values: np.ndarray, width: int) -> np.ndarray:
    return np.concatenate([values, np.full(width, _PAD, dtype=np.uint32)])


def _sorted_rows(
    values: np.ndarray, starts: np.ndarray, lengths: np.ndarray
) -> Iterator[tuple[np.ndarray, np.ndarray, np.ndarray]]:
    """Sort many short uint32 segments (segment i = values[starts[i] : starts[i] + lengths[i]]) as the rows of
    2-D arrays, one per power-of-two width class: numpy's row sort of uint32 is several times faster than one
    global sort of (segment, value) uint64 keys. Yields (segment indices, sorted padded rows, lengths)."""
    width = _width_class(lengths)
    if not (lengths > 0).any():
        return
    padded = _padded(values, int(width.max()))
    for w in np.unique(width[lengths > 0]).tolist():
        idx = np.flatnonzero((width == w) & (lengths > 0))
        step = max(1, (1 << 20) // w)  # blocks of ~4 MB
        for lo in range(0, idx.size, step):
            seg = idx[lo : lo + step]
            block = _rows(padded, starts[seg], lengths[seg], w)
            block.sort(axis=1)
            yield seg, block, lengths[seg]


def shingle_sets(
    texts: Sequence[str | None] | pl.Series | Texts,
    settings: DedupSettings | None = None,
    *,
    threads: int = 1,
) -> ShingleSets:
    """The shingle set of each text (what `verify_candidates` compares)."""
    settings = settings or DedupSettings()
    items = Texts(texts)
    parts: dict[int, tuple[np.ndarray, np.ndarray]] = {}

    def run(lo: int, hi: int) -> None:
        sh, _ = shingle_batch(items.slice(lo, hi), settings)
        n = hi - lo
        counts = np.maximum(sh.lengths - settings.shingle_size + 1, 0)
        if settings.max_shingles is not None:
            counts = np.minimum(counts, settings.max_shingles)
        starts = np.cumsum(sh.lengths) - sh.lengths  # a document's valid shingles are its first `counts`
        blocks = []
        sizes = np.zeros(n, dtype=np.int64)
        for seg, block, ln in _sorted_rows(sh.hashes, starts, counts):
            keep = np.arange(block.shape[1]) < ln[:, None]
            keep[:, 1:] &= block[:, 1:] != block[:, :-1]
            sizes[seg] = keep.sum(axis=1)
            blocks.append((seg, block[keep]))
        offsets = np.zeros(n + 1, dtype=np.int64)
        np.cumsum(sizes, out=offsets[1:])
        values = np.empty(int(offsets[-1]), dtype=np.uint32)
        for seg, vals in blocks:  # put each block's documents back in document order
            sz = sizes[seg]
            values[
                np.repeat(offsets[seg], sz) + (np.arange(vals.size) - np.repeat(np.cumsum(sz) - sz, sz))
            ] = vals
        parts[lo] = (values, sizes)

    run_batches(run, items.lengths(), threads)
    ordered = [parts[lo] for lo in sorted(parts)]
    offsets = np.zeros(len(items) + 1, dtype=np.int64)
    if ordered:
        np.cumsum(np.concatenate([s for _, s in ordered]), out=offsets[1:])
    values = np.concatenate([v for v, _ in ordered]) if ordered else np.zeros(0, dtype=np.uint32)
    return ShingleSets(values, offsets)


def _intersections(sets: ShingleSets, a: np.ndarray, b: np.ndarray) -> np.ndarray:
    """|A_i ∩ B_i| for index arrays a, b into `sets`: each pair's two (sorted, unique) sets are laid side by side
    in one padded row, rows are sorted, and equal neighbours are the common shingles."""
    out = np.zeros(a.size, dtype=np.int64)
    if a.size == 0:
        return out
    sizes = sets.sizes()
    sa, sb = sizes[a], sizes[b]
    wa, wb = _width_class(sa), _width_class(sb)
    padded = _padded(sets.values, int(max(wa.max(), wb.max())))
    starts = sets.offsets[:-1]
    cls = wa * (1 << 32) + wb
    for c in np.unique(cls).tolist():
        idx = np.flatnonzero(cls == c)
        w1, w2 = c >> 32, c & 0xFFFFFFFF
        step = max(1, (1 << 20) // (w1 + w2))
        for lo in range(0, idx.size, step):
            seg = idx[lo : lo + step]
            ia, ib = a[seg], b[seg]
            block = np.concatenate(
                [_rows(padded, starts[ia], sizes[ia], w1), _rows(padded, starts[ib], sizes[ib], w2)], axis=1
            )
            block.sort(axis=1)
            eq = block[:, 1:] == block[:, :-1]
            eq &= (
                np.arange(1, w1 + w2) < (sizes[ia] + sizes[ib])[:, None]
            )  # pads sort last; a real 0xFFFFFFFF too
            out[seg] = eq.sum(axis=1)
    return out


def verify_candidates(
    pairs: pl.DataFrame,
    shingles: ShingleSets | Sequence[str | None] | pl.Series,
    settings: DedupSettings | None = None,
) -> pl.DataFrame:
    """Exact Jaccard and containment of candidate pairs.

    Args:
        pairs: columns a, b: integer row positions into `shingles` (or the texts).
        shingles: `shingle_sets(...)` output, or the texts themselves.
    Returns: pairs with jaccard, containment (Float64) and accepted (Boolean). Pairs where either side has no
    shingles get 0.0 and are not accepted.
    """
    settings = settings or DedupSettings()
    sets = shingles if isinstance(shingles, ShingleSets) else shingle_sets(shingles, settings)
    a = pairs["a"].to_numpy().astype(np.int64)
    b = pairs["b"].to_numpy().astype(np.int64)
    sizes = sets.sizes()
    inter = _intersections(sets, a, b).astype(np.float64)
    sa, sb = sizes[a].astype(np.float64), sizes[b].astype(np.float64)
    union = sa + sb - inter
    small = np.minimum(sa, sb)
    with np.errstate(divide="ignore", invalid="ignore"):
        jac = np.where(union > 0, inter / union, 0.0)
        con = np.where(small > 0, inter / small, 0.0)
    accepted = (jac >= settings.jaccard_threshold) | (
        (con >= settings.containment_threshold) & (small >= settings.min_containment_shingles)
    )
    accepted &= small > 0
    return pairs.with_columns(
        pl.Series("jaccard", jac), pl.Series("containment", con), pl.Series("accepted", accepted)
    )
