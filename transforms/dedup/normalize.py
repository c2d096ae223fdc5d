"""Normalization and exact keys: the dedup text (lowercased; punctuation, symbols, whitespace, control and format
characters dropped) as code points in numpy batches, its xxh3-128 exact key and the prefix hash of its start."""

from __future__ import annotations

import unicodedata
from collections.abc import Callable, Sequence
from concurrent.futures import ThreadPoolExecutor
from functools import cache

import numpy as np
import polars as pl
import xxhash

_BATCH_CHARS = 1 << 18  # characters per numpy batch: temporaries of ~1-2 MB stay in cache and are reused

# Characters dropped by the normalization: Unicode general categories P* (punctuation), S* (symbols),
# Z* (separators), Cc (controls: tab, newline...) and Cf (format: zero-width space, BOM, soft hyphen...).
_DROP_RE = r"[\p{P}\p{S}\p{Z}\p{Cc}\p{Cf}]+"


def normalized_text(expr: pl.Expr) -> pl.Expr:
    """Lowercased text with every run of punctuation, symbols, whitespace, control and format characters folded
    to one space, trimmed. With the spaces removed it is the dedup text that shingles and exact keys use
    (`dedup_text`; `exact_hashes` computes it in bulk with a code point table instead of this regex)."""
    return expr.str.to_lowercase().str.replace_all(_DROP_RE, " ").str.strip_chars(" ")


def _map_one(cp: int) -> int:
    ch = chr(cp)
    cat = unicodedata.category(ch)
    if cat[0] in "PSZ" or cat in ("Cc", "Cf"):
        return 0
    low = ch.lower()
    return ord(low) if len(low) == 1 else cp


@cache
def _bmp_map() -> np.ndarray:
    """Code point -> lowercased code point, 0 where the character is dropped; the BMP (U+0000..U+FFFF)."""
    return np.fromiter((_map_one(cp) for cp in range(0x10000)), dtype=np.uint32, count=0x10000)


def _as_list(texts: Sequence[str | None] | pl.Series) -> list[str]:
    if isinstance(texts, pl.Series):
        return texts.cast(pl.String).fill_null("").to_list()
    return ["" if t is None else t for t in texts]


class Texts:
    """Texts from a list or a Polars Series; a Series is turned into Python strings one batch at a time (less
    memory and fewer page faults than one `to_list` of everything)."""

    def __init__(self, texts: Sequence[str | None] | pl.Series | Texts) -> None:
        if isinstance(texts, Texts):
            self.series, self.items = texts.series, texts.items
        elif isinstance(texts, pl.Series):
            self.series, self.items = texts.cast(pl.String).fill_null("").rechunk(), None
        else:
            self.series, self.items = None, _as_list(texts)

    def __len__(self) -> int:
        return self.series.len() if self.series is not None else len(self.items or [])

    def lengths(self) -> np.ndarray:
        if self.series is not None:
            return self.series.str.len_chars().cast(pl.Int64).to_numpy()
        return _lengths(self.items or [])

    def slice(self, lo: int, hi: int) -> list[str]:
        if self.series is not None:
            return self.series.slice(lo, hi - lo).to_list()
        return (self.items or [])[lo:hi]

    def take(self, rows: np.ndarray) -> list[str]:
        if self.series is not None:
            return self.series.gather(rows).to_list()
        items = self.items or []
        return [items[i] for i in rows.tolist()]


def _lengths(texts: list[str]) -> np.ndarray:
    return np.fromiter(map(len, texts), dtype=np.int64, count=len(texts))


def _batches(lengths: np.ndarray) -> list[tuple[int, int]]:
    """Consecutive [start, end) runs of documents of about `_BATCH_CHARS` characters (counting 8 per document)."""
    cost = np.cumsum(lengths + 8)
    cuts = (
        np.searchsorted(cost, np.arange(_BATCH_CHARS, int(cost[-1]) + 1, _BATCH_CHARS), side="left") + 1
        if cost.size
        else []
    )
    bounds = sorted({0, *(int(c) for c in cuts if 0 < c < lengths.size), int(lengths.size)})
    return list(zip(bounds[:-1], bounds[1:], strict=True))


def normalize_batch(texts: list[str]) -> tuple[np.ndarray, np.ndarray]:
    """Dedup text of each document as code points: (concatenated uint32 code points, per-document lengths)."""
    raw_len = _lengths(texts)
    cp = np.frombuffer("".join(texts).encode("utf-32-le", "surrogatepass"), dtype=np.uint32)
    if cp.size == 0:
        return cp, np.zeros(len(texts), dtype=np.int64)
    mapped = _bmp_map().take(cp, mode="clip")
    if cp.max() > 0xFFFF:  # astral characters (emoji, historic scripts): rare, looked up one by one
        astral = np.flatnonzero(cp > 0xFFFF)
        mapped[astral] = [_map_one(c) for c in cp[astral].tolist()]
    keep = mapped != 0
    starts = np.cumsum(raw_len) - raw_len
    lengths = np.add.reduceat(keep, np.minimum(starts, cp.size - 1), dtype=np.int64)
    lengths[raw_len == 0] = 0
    return mapped.compress(keep), lengths


def run_batches(fn: Callable[[int, int], None], lengths: np.ndarray, threads: int) -> None:
    batches = _batches(lengths)
    if threads <= 1 or len(batches) <= 1:
        for lo, hi in batches:
            fn(lo, hi)
        return
    with ThreadPoolExecutor(max_workers=threads) as pool:  # numpy releases the GIL in its loops
        for _ in pool.map(lambda b: fn(*b), batches):
            pass


def _dedup_strings(cps: np.ndarray, lengths: np.ndarray) -> list[str]:
    joined = cps.tobytes().decode("utf-32-le", "surrogatepass")
    ends = np.cumsum(lengths).tolist()
    return [joined[e - n : e] for e, n in zip(ends, lengths.tolist(), strict=True)]


def dedup_text(text: str) -> str:
    """The dedup text of one string: lowercased; punctuation, symbols, whitespace, control, format chars removed."""
    cps, lengths = normalize_batch([text])
    return _dedup_strings(cps, lengths)[0]


def exact_batch(
    cps: np.ndarray, lengths: np.ndarray, prefix_chars: int = 0, prefix_seed: int = 0
) -> tuple[list[str], np.ndarray]:
    """Per document: xxh3-128 hex of its dedup text as UTF-32LE bytes (the code point array itself, no
    re-encoding), and the xxh3-64 (signed) of its first `prefix_chars` characters (0 when it is shorter)."""
    data = memoryview(cps.astype("<u4", copy=False).tobytes())
    bounds = np.zeros(lengths.size + 1, dtype=np.int64)
    np.cumsum(lengths * 4, out=bounds[1:])
    b = bounds.tolist()
    digest = xxhash.xxh3_128_hexdigest
    exact = [digest(data[b[i] : b[i + 1]]) for i in range(lengths.size)]
    prefix = np.zeros(lengths.size, dtype=np.int64)
    if prefix_chars > 0:
        h64, width = xxhash.xxh3_64_intdigest, prefix_chars * 4
        long_enough = np.flatnonzero(lengths >= prefix_chars).tolist()
        vals = [h64(data[b[i] : b[i] + width], prefix_seed) for i in long_enough]
        prefix[long_enough] = np.array(vals, dtype=np.uint64).view(np.int64)
    return exact, prefix


def exact_hash(text: str) -> str:
    """xxh3-128 hex of the dedup text encoded as UTF-32LE: equal for copies that differ only in case, spacing,
    punctuation or symbols. Stable across versions and platforms (fixed encoding, xxh3 is specified)."""
    return xxhash.xxh3_128_hexdigest(dedup_text(text).encode("utf-32-le", "surrogatepass"))
