"""LSH: band keys of MinHash signatures (plus the prefix key) and the document pairs that share one."""

from __future__ import annotations

from functools import cache

import numpy as np
import polars as pl

from transforms.dedup.settings import DedupSettings
from transforms.dedup.sketch import EMPTY, fmix64, salted_seed


@cache
def _band_seeds(bands: int, seed: int) -> np.ndarray:
    return fmix64(np.arange(bands, dtype=np.uint64) * np.uint64(0x9E3779B97F4A7C15) + np.uint64(seed))


def band_keys(
    signatures: np.ndarray, settings: DedupSettings | None = None, prefix: np.ndarray | None = None
) -> pl.DataFrame:
    """LSH band keys: one row per (document, band) for documents with a non-empty signature.

    Args:
        signatures: `minhash_signatures` output.
        prefix: optional int64 prefix hash per document (`prefix_hashes`; 0 = none): adds band number `bands`.
    Returns: doc (Int64, row of `signatures`), band (Int16), band_hash (Int64); MinHash bands first, then the
    prefix keys (no particular order otherwise). band_hash = fmix64 chain over the
    band's slots taken two at a time as little-endian uint64 words (slot i in the low half), started from a
    per-band seed, reinterpreted as signed so it fits DuckDB BIGINT. The band number is part of the hash, so
    band_hash alone already tells bands apart. Persist with `settings.fingerprint()`.
    """
    settings = settings or DedupSettings()
    b, r = settings.bands, settings.rows
    sig = np.ascontiguousarray(signatures, dtype=np.uint32)
    keep = np.flatnonzero(sig[:, 0] != EMPTY)  # rows are all-EMPTY (no shingles) or fully densified
    if keep.size != sig.shape[0]:
        sig = sig[keep]
    n = keep.size
    if r % 2 == 0:  # pairs of slots as one uint64 word, explicitly little-endian
        words = sig.astype("<u4", copy=False).view("<u8").reshape(n, b, r // 2).astype(np.uint64, copy=False)
    else:
        words = sig.reshape(n, b, r).astype(np.uint64)
    h = words[:, :, 0] ^ _band_seeds(b, salted_seed(settings, 2))
    fmix64(h)
    for i in range(1, words.shape[2]):
        h ^= words[:, :, i]
        fmix64(h)
    out = pl.DataFrame(
        {
            "doc": np.repeat(keep.astype(np.int64), b),
            "band": np.tile(np.arange(b, dtype=np.int16), n),
            "band_hash": h.reshape(-1).view(np.int64),
        }
    )
    if prefix is not None:
        has = np.flatnonzero(prefix != 0)
        ph = prefix[has].view(np.uint64) ^ _band_seeds(b + 1, salted_seed(settings, 2))[b]
        extra = pl.DataFrame(
            {
                "doc": has.astype(np.int64),
                "band": np.full(has.size, b, dtype=np.int16),
                "band_hash": fmix64(ph).view(np.int64),
            }
        )
        out = pl.concat([out, extra])
    return out


def _equal_key_pairs(h: np.ndarray, side: np.ndarray | None = None) -> tuple[np.ndarray, np.ndarray]:
    """Row pairs (i < j) with equal int64 keys, from one sort: the row number goes into the low bits of the
    (truncated) key, so equal keys form runs; truncation collisions are removed by comparing the full keys.
    With `side` (0/1 per row), only pairs across the two sides are returned."""
    n = h.size
    empty = np.zeros(0, dtype=np.int64)
    if n < 2:
        return empty, empty
    rbits = np.uint64(max(1, (n - 1).bit_length()))
    key = h.view(np.uint64) >> rbits << rbits
    key |= np.arange(n, dtype=np.uint64)
    key.sort()
    top = key >> rbits
    same = top[1:] == top[:-1]
    if not same.any():
        return empty, empty
    rows = (key & ((np.uint64(1) << rbits) - np.uint64(1))).astype(np.int64)
    start = np.concatenate(([True], ~same))
    run_start = np.flatnonzero(start)
    run_len = np.diff(np.append(run_start, n))
    multi = run_len >= 2
    run_start, run_len = run_start[multi], run_len[multi]
    pa: list[np.ndarray] = []
    pb: list[np.ndarray] = []
    for size in np.unique(run_len).tolist():  # all pairs inside runs, grouped by run length
        starts = run_start[run_len == size][:, None]
        i, j = np.triu_indices(size, 1)
        pa.append((starts + i).ravel())
        pb.append((starts + j).ravel())
    ra, rb = rows[np.concatenate(pa)], rows[np.concatenate(pb)]
    ok = h[ra] == h[rb]
    if side is not None:
        ok &= side[ra] != side[rb]
    return ra[ok], rb[ok]


def candidate_pairs(bands: pl.DataFrame, other: pl.DataFrame | None = None) -> pl.DataFrame:
    """Document pairs sharing at least one band key (band_hash; the band number is hashed into it).

    Args:
        bands: doc, band_hash (`band_keys` output; `doc` may be any id type).
        other: band keys of a second set (e.g. stored documents). None: pairs within `bands`.
    Returns: unique (a, b): a from `bands`, b from `other`; within one set a < b.
    """
    frames = [bands.select("doc", "band_hash")]
    if other is not None:
        frames.append(other.select(pl.col("doc").cast(bands.schema["doc"]), "band_hash"))
    keys = pl.concat(frames)
    side = None if other is None else np.repeat(np.array([0, 1], dtype=np.int8), [bands.height, other.height])
    ra, rb = _equal_key_pairs(keys["band_hash"].to_numpy(), side)
    if side is not None:
        swap = side[ra] == 1
        ra, rb = np.where(swap, rb, ra), np.where(swap, ra, rb)
    docs = keys["doc"]
    out = pl.DataFrame({"a": docs.gather(ra), "b": docs.gather(rb)})
    if other is None:
        out = out.select(
            pl.min_horizontal("a", "b").alias("a"), pl.max_horizontal("a", "b").alias("b")
        ).filter(pl.col("a") != pl.col("b"))
    return out.unique().sort("a", "b")
