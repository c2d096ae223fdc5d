"""Shingles and MinHash signatures: 32-bit shingle hashes of the dedup text, one-permutation (or k-permutation)
MinHash with densification, and the one-pass sketch (signatures, exact and prefix hashes) of many texts."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache

import numpy as np
import polars as pl
import xxhash

from transforms.dedup.normalize import Texts, exact_batch, normalize_batch, run_batches
from transforms.dedup.settings import DedupSettings

EMPTY = np.uint32(0xFFFFFFFF)  # signature slot of a document without shingles

_U32 = np.uint32
_POLY = _U32(0x9E3779B1)  # odd multiplier of the shingle polynomial (2^32 / golden ratio)


def _fmix32(h: np.ndarray, tmp: np.ndarray) -> None:
    """murmur3 32-bit finalizer, in place (a bijection on uint32)."""
    np.right_shift(h, _U32(16), out=tmp)
    h ^= tmp
    h *= _U32(0x85EBCA6B)
    np.right_shift(h, _U32(13), out=tmp)
    h ^= tmp
    h *= _U32(0xC2B2AE35)
    np.right_shift(h, _U32(16), out=tmp)
    h ^= tmp


def fmix64(h: np.ndarray) -> np.ndarray:
    """murmur3 64-bit finalizer, in place (a bijection on uint64)."""
    tmp = np.empty_like(h)
    for mul in (np.uint64(0xFF51AFD7ED558CCD), np.uint64(0xC4CEB9FE1A85EC53)):
        np.right_shift(h, np.uint64(33), out=tmp)
        h ^= tmp
        h *= mul
    np.right_shift(h, np.uint64(33), out=tmp)
    h ^= tmp
    return h


def salted_seed(settings: DedupSettings, salt: int, bits: int = 64) -> int:
    return xxhash.xxh3_64_intdigest(f"{settings.seed}:{salt}".encode()) & ((1 << bits) - 1)


@dataclass
class _Shingles:
    """Shingle hashes of a batch. Window i starts at code point i of the concatenated dedup texts; windows that
    run past the end of their document (the last k-1 of each) are marked invalid."""

    hashes: np.ndarray  # uint32, one per window
    lengths: np.ndarray  # int64, dedup text length per document
    invalid: np.ndarray  # int64 positions of invalid windows
    valid: np.ndarray | None  # bool mask of valid windows, only built when max_shingles is set


def shingle_batch(texts: list[str], settings: DedupSettings) -> tuple[_Shingles, np.ndarray]:
    """Shingle hashes: h = fmix32(((seed + c0) * M + c1) * M + ... + c_{k-1}) mod 2^32 over the code points of
    each window of `shingle_size` characters (M = 0x9E3779B1). Returns the shingles and the code points."""
    k = settings.shingle_size
    cps, lengths = normalize_batch(texts)
    total = max(cps.size - k + 1, 0)
    h = cps[:total] + _U32(salted_seed(settings, 1, 32))
    for j in range(1, k):
        h *= _POLY
        h += cps[j : j + total]
    _fmix32(h, np.empty_like(h))
    ends = np.cumsum(lengths)
    counts = np.maximum(lengths - k + 1, 0)  # a document shorter than k characters has no shingles
    tail = lengths - counts  # invalid windows at the end of each document
    invalid = np.repeat(ends - tail, tail) + (
        np.arange(int(tail.sum()), dtype=np.int64) - np.repeat(np.cumsum(tail) - tail, tail)
    )
    invalid = invalid[invalid < total]
    valid = None
    if settings.max_shingles is not None and total:
        doc_start = np.repeat(ends - lengths, lengths)[:total]
        within = np.arange(total, dtype=np.int64) - doc_start
        valid = within < np.repeat(np.minimum(counts, settings.max_shingles), lengths)[:total]
    return _Shingles(h, lengths, invalid, valid), cps


@cache
def _probe_table(num_perm: int, seed: int) -> np.ndarray:
    """Fixed probe sequence per bin for densification: (num_perm, 4 * num_perm) other bins."""
    rounds = 4 * num_perm
    if num_perm == 1:
        return np.zeros((1, rounds), dtype=np.int64)
    j = np.repeat(np.arange(num_perm, dtype=np.uint64), rounds)
    t = np.tile(np.arange(1, rounds + 1, dtype=np.uint64), num_perm)
    h = fmix64(j * np.uint64(0x100000001B3) + t * np.uint64(0x9E3779B97F4A7C15) + np.uint64(seed))
    probe = (h % np.uint64(num_perm - 1)).astype(np.int64).reshape(num_perm, rounds)
    probe += probe >= np.arange(num_perm, dtype=np.int64)[:, None]  # skip the bin itself
    return probe


def _densify(sig: np.ndarray, settings: DedupSettings) -> None:
    """Fill empty OPH bins in place from the first originally non-empty bin on their probe sequence."""
    empty = sig == EMPTY
    has_any = ~empty.all(axis=1)
    d, j = np.nonzero(empty & has_any[:, None])
    if d.size == 0:
        return
    original = sig.copy()
    probe = _probe_table(settings.num_perm, salted_seed(settings, 3))
    for t in range(probe.shape[1]):
        val = original[d, probe[j, t]]
        hit = val != EMPTY
        sig[d[hit], j[hit]] = val[hit]
        d, j = d[~hit], j[~hit]
        if d.size == 0:
            return
    for di, ji in zip(d.tolist(), j.tolist(), strict=True):  # practically unreachable: next non-empty bin
        nz = np.flatnonzero(original[di] != EMPTY)
        sig[di, ji] = original[di, nz[np.searchsorted(nz, ji) % nz.size]]


@cache
def _kperm_params(num_perm: int, seed: int) -> tuple[np.ndarray, np.ndarray]:
    rng = np.random.Generator(np.random.PCG64(seed))
    a = rng.integers(1, 1 << 63, size=num_perm, dtype=np.uint64) | np.uint64(1)
    b = rng.integers(0, 1 << 63, size=num_perm, dtype=np.uint64)
    return a, b


def _signature_batch(sh: _Shingles, settings: DedupSettings) -> np.ndarray:
    n, p = sh.lengths.size, settings.num_perm
    sig = np.full((n, p), EMPTY, dtype=np.uint32)
    total = sh.hashes.size
    if total == 0:
        return sig
    if settings.scheme == "oph":
        # bin from the high bits, value from the rest: (h * p) = bin * 2^32 + value
        if p & (p - 1) == 0:
            shift = 32 - (p.bit_length() - 1)
            key = (sh.hashes >> _U32(shift)).astype(np.int64) if shift < 32 else np.zeros(total, np.int64)
            val = (
                sh.hashes & _U32((1 << shift) - 1) if shift < 32 else np.minimum(sh.hashes, _U32(0xFFFFFFFE))
            )
        else:
            x = sh.hashes.astype(np.uint64) * np.uint64(p)
            key = (x >> np.uint64(32)).astype(np.int64)
            val = np.minimum(x & np.uint64(0xFFFFFFFF), np.uint64(0xFFFFFFFE)).astype(np.uint32)
        key += np.repeat(np.arange(0, n * p, p, dtype=np.int64), sh.lengths)[:total]
        val[sh.invalid] = EMPTY
        if sh.valid is not None:
            val[~sh.valid] = EMPTY
        np.minimum.at(sig.reshape(-1), key, val)
        _densify(sig, settings)
    else:
        a, b = _kperm_params(p, settings.seed)
        x = sh.hashes.astype(np.uint64)
        bad = sh.invalid if sh.valid is None else np.flatnonzero(~sh.valid)
        starts = np.cumsum(sh.lengths) - sh.lengths
        has = (sh.lengths > 0) & (starts < total)
        hv = np.empty_like(x)
        for i in range(p):
            np.multiply(x, a[i], out=hv)
            hv += b[i]
            hv >>= np.uint64(32)  # multiply-add-shift: a 2-universal hash of the 32-bit shingle hash
            hv[bad] = np.uint64(EMPTY)
            sig[has, i] = np.minimum.reduceat(hv, starts[has]).astype(np.uint32)
    return sig


def minhash_signatures(
    texts: Sequence[str | None] | pl.Series | Texts,
    settings: DedupSettings | None = None,
    *,
    threads: int = 1,
) -> np.ndarray:
    """MinHash signatures, shape (len(texts), num_perm), dtype uint32, computed in numpy batches of ~256k
    characters (no Python loop per shingle). A text shorter than `shingle_size` dedup characters gets a row of
    `EMPTY` (no band keys). Deterministic: the same text always gets the same row, whatever else is in the
    batch; `threads` (numpy releases the GIL) only changes speed."""
    return sketch_texts(
        texts, settings or DedupSettings(), threads=threads, signatures=True, keys=False
    ).signatures


@dataclass
class Sketch:
    signatures: np.ndarray  # (n, num_perm) uint32, or (0, num_perm) when not asked
    exact: list[str]  # exact hash per document
    prefix: np.ndarray  # int64 prefix hash per document, 0 = text shorter than prefix_chars
    lengths: np.ndarray  # dedup text length per document


def sketch_texts(
    texts: Sequence[str | None] | pl.Series | Texts,
    settings: DedupSettings,
    *,
    threads: int,
    signatures: bool,
    keys: bool = True,
) -> Sketch:
    """Exact and prefix hashes, dedup text lengths and (when asked) signatures, in one pass over the texts."""
    items = Texts(texts)
    n = len(items)
    out = Sketch(
        np.full((n if signatures else 0, settings.num_perm), EMPTY, dtype=np.uint32),
        [""] * n,
        np.zeros(n, dtype=np.int64),
        np.zeros(n, dtype=np.int64),
    )
    prefix_seed = salted_seed(settings, 4)

    def run(lo: int, hi: int) -> None:
        if signatures:
            sh, cps = shingle_batch(items.slice(lo, hi), settings)
            out.signatures[lo:hi] = _signature_batch(sh, settings)
            lengths = sh.lengths
        else:
            cps, lengths = normalize_batch(items.slice(lo, hi))
        out.lengths[lo:hi] = lengths
        if keys:
            out.exact[lo:hi], out.prefix[lo:hi] = exact_batch(
                cps, lengths, settings.prefix_chars, prefix_seed
            )

    run_batches(run, items.lengths(), threads)
    return out


def prefix_hashes(
    texts: Sequence[str | None] | pl.Series, settings: DedupSettings | None = None
) -> np.ndarray:
    """Signed 64-bit hash of the first `prefix_chars` dedup characters of each text; 0 when it is shorter (or
    prefix_chars is 0). For `band_keys(..., prefix=...)`."""
    settings = settings or DedupSettings()
    return sketch_texts(texts, settings, threads=1, signatures=False).prefix


def exact_hashes(texts: Sequence[str | None] | pl.Series, *, threads: int = 1) -> pl.Series:
    """`exact_hash` of many texts (null counts as empty), as a String Series named exact_hash."""
    hashes = sketch_texts(texts, DedupSettings(prefix_chars=0), threads=threads, signatures=False).exact
    return pl.Series("exact_hash", hashes, dtype=pl.String)
