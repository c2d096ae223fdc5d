"""Near-duplicate detection for article bodies: exact keys, MinHash signatures, LSH band keys, verification, clusters.

Pure computation: no Prefect, no disk, no clock. The warehouse stores the band keys and the duplicate rows; this
module only computes them.

Pipeline (what `find_duplicates` runs for one night):

1. **Normalize** (`normalized_text`, `dedup_text`): lowercase; punctuation, symbols, separators (all whitespace),
   control and format characters dropped. The *dedup text* is that text with no spaces at all, so spacing edits
   (띄어쓰기), quote styles and line breaks never matter. NFC is applied upstream. In bulk this is a code point
   lookup table in numpy, not a regex.
2. **Exact key** (`exact_hash`, `exact_hashes`): xxh3-128 hex of the dedup text as UTF-32LE bytes. Equal exact keys
   = method 'exact'. Texts under `min_chars` dedup characters (empty or photo-only bodies) are left out entirely.
3. **Shingles**: every run of `shingle_size` consecutive characters of the dedup text, hashed to 32 bits by a fixed
   polynomial over the code points (mod 2^32) and the murmur3 finalizer: plain uint32 arithmetic, identical on
   every platform and numpy version, never Polars' `Expr.hash`. A text shorter than one shingle has none.
4. **Signatures** (`minhash_signatures`), default scheme 'oph' = one-permutation hashing with optimal
   densification (Li, Owen & Zhang 2012; Shrivastava 2017): the top log2(num_perm) bits of a shingle hash pick a
   bin, the other 25 bits are its value, each bin keeps its minimum (`np.minimum.at`), and an empty bin borrows the
   value of the first non-empty bin on its fixed probe sequence. The share of equal slots estimates Jaccard as in
   classic MinHash, but every shingle is hashed once instead of `num_perm` times. The classic scheme ('kperm': one
   multiply-add-shift hash per slot, `np.minimum.reduceat` per document) is kept for comparison.
5. **Band keys** (`band_keys`): `bands` x `rows` slots per band, each band hashed to a signed 64-bit key (DuckDB
   BIGINT), plus one *prefix key* (the first `prefix_chars` dedup characters) that catches copies cut short.
   Documents sharing any key are candidates (`candidate_pairs`: one numpy sort, no Python loop per key). With
   32 x 4 the LSH S-curve gives a candidate 23% of the time at Jaccard 0.3, 74% at 0.45, 99% at 0.6.
6. **Verification** (`verify_candidates`): exact Jaccard and containment (|A∩B| / min(|A|, |B|)) of the shingle
   sets; a pair is a duplicate if Jaccard >= `jaccard_threshold` (0.6) or containment >= `containment_threshold`
   (0.9) with at least `min_containment_shingles` shingles on the smaller side (a truncated syndicated copy).
7. **Clusters** (`cluster_duplicates`): connected components of accepted pairs; canonical = earliest
   `published_at`, then longest body, then lowest `article_id`; a canonical chosen on an earlier night is kept.
   `find_duplicates` then checks every near row against its canonical directly and splits chained members off,
   so an article is only ever marked as a duplicate of an article it really matches.

Incremental nights: `find_duplicates(new, stored_bands=..., stored_articles=..., existing=...)` compares the night
with itself and with the stored band keys (a semi-join the caller can run in DuckDB), loads only the stored
candidates' bodies, and returns the night's band keys for the caller to append.

Band keys, signatures and exact keys depend on every field of `DedupSettings`; `DedupSettings.fingerprint()` is the
string to store next to persisted band keys, and keys made under another fingerprint must not be joined.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import asdict, dataclass
from functools import cache

import numpy as np
import polars as pl
import xxhash

EMPTY = np.uint32(0xFFFFFFFF)  # signature slot of a document without shingles
_BATCH_CHARS = 1 << 18  # characters per numpy batch: temporaries of ~1-2 MB stay in cache and are reused

# Characters dropped by the normalization: Unicode general categories P* (punctuation), S* (symbols),
# Z* (separators), Cc (controls: tab, newline...) and Cf (format: zero-width space, BOM, soft hyphen...).
_DROP_RE = r"[\p{P}\p{S}\p{Z}\p{Cc}\p{Cf}]+"


@dataclass(frozen=True)
class DedupSettings:
    """Every parameter that changes dedup results. Change any of them and bump `version`.

    Attributes:
        version: label of the parameter set, stored with band keys and duplicate rows.
        shingle_size: characters per shingle (on the normalized text without spaces). 5 Hangul syllables are about
            two words: short enough that a one-word edit only touches ~10 shingles, long enough that unrelated
            Korean articles share almost none (random pairs of the Chosun corpus: mean Jaccard 0.0007, 99th
            percentile 0.009).
        num_perm: signature slots (= bands * rows).
        bands, rows: LSH banding. 32 x 4: candidate probability 0.87 at Jaccard 0.5, 0.99 at 0.6.
        seed: seeds the shingle hash, the bin probes and the band hashes.
        scheme: 'oph' (one-permutation hashing + densification, default) or 'kperm' (classic MinHash, one
            universal hash (a*x+b) per slot, `num_perm` times slower, for comparison).
        jaccard_threshold: accept a pair at this exact Jaccard of shingle sets. Edited revisions score ~0.9+.
            A revision that mostly adds or cuts text keeps a high containment (accepted by that rule below) while
            its Jaccard falls, so a pair accepted on Jaccard alone is two texts that each have their own share: at
            0.6-0.8 on the real corpora (bench/eval_dedup.py prints the sweep) those were follow-up stories reusing
            most of the first one, same-template notices and ad blurbs, a print rewrite of an online story. v1
            used 0.6; v2 uses 0.8 (Chosun pair precision 0.72 -> 0.82, ktitan 0.92 -> 0.98, recall on Chosun
            and Lawtimes unchanged or -0.006, on the ktitan leads 0.98 -> 0.96).
        containment_threshold: also accept when this share of the smaller shingle set is inside the larger one (a
            copy truncated to its first half has Jaccard ~0.5 but containment ~1.0).
        min_containment_shingles: containment only counts when the smaller text has at least this many shingles,
            so a short standard sentence is not a "truncated copy" of every article that contains it.
        min_chars: texts shorter than this (normalized, no spaces) are not deduplicated at all (empty bodies,
            photo-only articles), since their exact keys would collide meaninglessly.
        max_shingles: cap on shingles per document (the first ones); None = all.
        prefix_chars: an extra band key per document: the hash of its first `prefix_chars` dedup characters (0 =
            off). A copy cut short keeps the beginning, so it becomes a candidate even when its Jaccard is too low
            for the MinHash bands (a copy cut to 40% has Jaccard ~0.4: only ~56% of such pairs share a band).
        max_prefix_bucket: a prefix key shared by more documents than this (a stock opening, a daily template)
            is ignored.
    """

    version: str = "v2"
    shingle_size: int = 5
    num_perm: int = 128
    bands: int = 32
    rows: int = 4
    seed: int = 20240601
    scheme: str = "oph"
    jaccard_threshold: float = 0.8
    containment_threshold: float = 0.9
    min_containment_shingles: int = 60
    min_chars: int = 20
    max_shingles: int | None = None
    prefix_chars: int = 40
    max_prefix_bucket: int = 20

    def __post_init__(self) -> None:
        if self.bands * self.rows != self.num_perm:
            raise ValueError(
                f"bands * rows must equal num_perm ({self.bands} * {self.rows} != {self.num_perm})"
            )
        if self.scheme not in ("oph", "kperm"):
            raise ValueError(f"unknown scheme {self.scheme!r}")
        if self.shingle_size < 1 or self.num_perm < 1:
            raise ValueError("shingle_size and num_perm must be positive")
        if not (0.0 < self.jaccard_threshold <= 1.0 and 0.0 < self.containment_threshold <= 1.0):
            raise ValueError("thresholds must be in (0, 1]")

    def fingerprint(self) -> str:
        """A stable string naming every parameter, e.g. 'dedup/v1/shingle_size=5/num_perm=128/...'."""
        params = {k: v for k, v in asdict(self).items() if k != "version"}
        return "/".join(["dedup", self.version, *(f"{k}={params[k]}" for k in sorted(params))])


# --------------------------------------------------------------------------------------------------------------
# Normalization and exact keys


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


class _Texts:
    """Texts from a list or a Polars Series; a Series is turned into Python strings one batch at a time (less
    memory and fewer page faults than one `to_list` of everything)."""

    def __init__(self, texts: Sequence[str | None] | pl.Series | _Texts) -> None:
        if isinstance(texts, _Texts):
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


def _normalize_batch(texts: list[str]) -> tuple[np.ndarray, np.ndarray]:
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


def _run_batches(fn: Callable[[int, int], None], lengths: np.ndarray, threads: int) -> None:
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
    cps, lengths = _normalize_batch([text])
    return _dedup_strings(cps, lengths)[0]


def _exact_batch(
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


def exact_hashes(texts: Sequence[str | None] | pl.Series, *, threads: int = 1) -> pl.Series:
    """`exact_hash` of many texts (null counts as empty), as a String Series named exact_hash."""
    hashes = _sketch(texts, DedupSettings(prefix_chars=0), threads=threads, signatures=False).exact
    return pl.Series("exact_hash", hashes, dtype=pl.String)


# --------------------------------------------------------------------------------------------------------------
# Shingles and signatures

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


def _fmix64(h: np.ndarray) -> np.ndarray:
    """murmur3 64-bit finalizer, in place (a bijection on uint64)."""
    tmp = np.empty_like(h)
    for mul in (np.uint64(0xFF51AFD7ED558CCD), np.uint64(0xC4CEB9FE1A85EC53)):
        np.right_shift(h, np.uint64(33), out=tmp)
        h ^= tmp
        h *= mul
    np.right_shift(h, np.uint64(33), out=tmp)
    h ^= tmp
    return h


def _seed(settings: DedupSettings, salt: int, bits: int = 64) -> int:
    return xxhash.xxh3_64_intdigest(f"{settings.seed}:{salt}".encode()) & ((1 << bits) - 1)


@dataclass
class _Shingles:
    """Shingle hashes of a batch. Window i starts at code point i of the concatenated dedup texts; windows that
    run past the end of their document (the last k-1 of each) are marked invalid."""

    hashes: np.ndarray  # uint32, one per window
    lengths: np.ndarray  # int64, dedup text length per document
    invalid: np.ndarray  # int64 positions of invalid windows
    valid: np.ndarray | None  # bool mask of valid windows, only built when max_shingles is set


def _shingle_batch(texts: list[str], settings: DedupSettings) -> tuple[_Shingles, np.ndarray]:
    """Shingle hashes: h = fmix32(((seed + c0) * M + c1) * M + ... + c_{k-1}) mod 2^32 over the code points of
    each window of `shingle_size` characters (M = 0x9E3779B1). Returns the shingles and the code points."""
    k = settings.shingle_size
    cps, lengths = _normalize_batch(texts)
    total = max(cps.size - k + 1, 0)
    h = cps[:total] + _U32(_seed(settings, 1, 32))
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
    h = _fmix64(j * np.uint64(0x100000001B3) + t * np.uint64(0x9E3779B97F4A7C15) + np.uint64(seed))
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
    probe = _probe_table(settings.num_perm, _seed(settings, 3))
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
    texts: Sequence[str | None] | pl.Series | _Texts,
    settings: DedupSettings | None = None,
    *,
    threads: int = 1,
) -> np.ndarray:
    """MinHash signatures, shape (len(texts), num_perm), dtype uint32, computed in numpy batches of ~256k
    characters (no Python loop per shingle). A text shorter than `shingle_size` dedup characters gets a row of
    `EMPTY` (no band keys). Deterministic: the same text always gets the same row, whatever else is in the
    batch; `threads` (numpy releases the GIL) only changes speed."""
    return _sketch(
        texts, settings or DedupSettings(), threads=threads, signatures=True, keys=False
    ).signatures


@dataclass
class _Sketch:
    signatures: np.ndarray  # (n, num_perm) uint32, or (0, num_perm) when not asked
    exact: list[str]  # exact hash per document
    prefix: np.ndarray  # int64 prefix hash per document, 0 = text shorter than prefix_chars
    lengths: np.ndarray  # dedup text length per document


def _sketch(
    texts: Sequence[str | None] | pl.Series | _Texts,
    settings: DedupSettings,
    *,
    threads: int,
    signatures: bool,
    keys: bool = True,
) -> _Sketch:
    """Exact and prefix hashes, dedup text lengths and (when asked) signatures, in one pass over the texts."""
    items = _Texts(texts)
    n = len(items)
    out = _Sketch(
        np.full((n if signatures else 0, settings.num_perm), EMPTY, dtype=np.uint32),
        [""] * n,
        np.zeros(n, dtype=np.int64),
        np.zeros(n, dtype=np.int64),
    )
    prefix_seed = _seed(settings, 4)

    def run(lo: int, hi: int) -> None:
        if signatures:
            sh, cps = _shingle_batch(items.slice(lo, hi), settings)
            out.signatures[lo:hi] = _signature_batch(sh, settings)
            lengths = sh.lengths
        else:
            cps, lengths = _normalize_batch(items.slice(lo, hi))
        out.lengths[lo:hi] = lengths
        if keys:
            out.exact[lo:hi], out.prefix[lo:hi] = _exact_batch(
                cps, lengths, settings.prefix_chars, prefix_seed
            )

    _run_batches(run, items.lengths(), threads)
    return out


@cache
def _band_seeds(bands: int, seed: int) -> np.ndarray:
    return _fmix64(np.arange(bands, dtype=np.uint64) * np.uint64(0x9E3779B97F4A7C15) + np.uint64(seed))


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
    h = words[:, :, 0] ^ _band_seeds(b, _seed(settings, 2))
    _fmix64(h)
    for i in range(1, words.shape[2]):
        h ^= words[:, :, i]
        _fmix64(h)
    out = pl.DataFrame(
        {
            "doc": np.repeat(keep.astype(np.int64), b),
            "band": np.tile(np.arange(b, dtype=np.int16), n),
            "band_hash": h.reshape(-1).view(np.int64),
        }
    )
    if prefix is not None:
        has = np.flatnonzero(prefix != 0)
        ph = prefix[has].view(np.uint64) ^ _band_seeds(b + 1, _seed(settings, 2))[b]
        extra = pl.DataFrame(
            {
                "doc": has.astype(np.int64),
                "band": np.full(has.size, b, dtype=np.int16),
                "band_hash": _fmix64(ph).view(np.int64),
            }
        )
        out = pl.concat([out, extra])
    return out


def prefix_hashes(
    texts: Sequence[str | None] | pl.Series, settings: DedupSettings | None = None
) -> np.ndarray:
    """Signed 64-bit hash of the first `prefix_chars` dedup characters of each text; 0 when it is shorter (or
    prefix_chars is 0). For `band_keys(..., prefix=...)`."""
    settings = settings or DedupSettings()
    return _sketch(texts, settings, threads=1, signatures=False).prefix


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


# --------------------------------------------------------------------------------------------------------------
# Verification


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
    texts: Sequence[str | None] | pl.Series | _Texts,
    settings: DedupSettings | None = None,
    *,
    threads: int = 1,
) -> ShingleSets:
    """The shingle set of each text (what `verify_candidates` compares)."""
    settings = settings or DedupSettings()
    items = _Texts(texts)
    parts: dict[int, tuple[np.ndarray, np.ndarray]] = {}

    def run(lo: int, hi: int) -> None:
        sh, _ = _shingle_batch(items.slice(lo, hi), settings)
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

    _run_batches(run, items.lengths(), threads)
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


# --------------------------------------------------------------------------------------------------------------
# Clusters


def _components(n: int, u: np.ndarray, v: np.ndarray) -> np.ndarray:
    """Connected components of an undirected graph on 0..n-1: label = smallest node index of the component."""
    label = np.arange(n, dtype=np.int64)
    if u.size == 0:
        return label
    while True:
        lu, lv = label[u], label[v]
        m = np.minimum(lu, lv)
        new = label.copy()
        np.minimum.at(new, lu, m)  # hook roots onto the smaller root
        np.minimum.at(new, lv, m)
        np.minimum.at(new, u, m)
        np.minimum.at(new, v, m)
        while True:  # pointer jumping until every node points at a root
            nxt = new[new]
            if np.array_equal(nxt, new):
                break
            new = nxt
        if np.array_equal(new, label):
            return label
        label = new


DUPLICATE_SCHEMA: dict[str, pl.DataType] = {
    "article_id": pl.Int64,
    "canonical_article_id": pl.Int64,
    "method": pl.String,
    "similarity": pl.Float64,
}


def cluster_duplicates(
    articles: pl.DataFrame,
    accepted_pairs: pl.DataFrame,
    existing: pl.DataFrame | None = None,
) -> pl.DataFrame:
    """Group accepted pairs into clusters and point every non-canonical article at its cluster's canonical.

    Args:
        articles: article_id, published_at (nulls rank last), body_chars (length of the cleaned body), exact_hash.
            Every article named in `accepted_pairs` must be here; canonicals named only in `existing` need not be.
        accepted_pairs: article_id_a, article_id_b, similarity (Jaccard of the pair).
        existing: article_id, canonical_article_id assigned on earlier nights (optional).
    Returns: article_id, canonical_article_id, method ('exact' when the exact hashes are equal, else 'near'),
    similarity (1.0 for exact; else the pair's Jaccard when the article was paired with the canonical directly,
    otherwise the highest Jaccard among its accepted pairs). Only articles without an earlier assignment get a row.

    Canonical rule: if the cluster holds canonicals from `existing`, the best of those (by the priority below) stays
    canonical, and assignments made earlier are never rewritten (a new article that links two old clusters joins
    the better one; the old clusters are not merged). Otherwise: earliest published_at, then the longest body, then
    the lowest article_id.
    """
    id_dtype = articles.schema["article_id"]
    schema = {**DUPLICATE_SCHEMA, "article_id": id_dtype, "canonical_article_id": id_dtype}
    pairs = accepted_pairs.select("article_id_a", "article_id_b", "similarity")
    prior = (
        existing.select("article_id", "canonical_article_id").cast(
            {"article_id": id_dtype, "canonical_article_id": id_dtype}
        )
        if existing is not None
        else pl.DataFrame(schema={"article_id": id_dtype, "canonical_article_id": id_dtype})
    )
    if pairs.height == 0:
        return pl.DataFrame(schema=schema)
    ids = (
        pl.concat(
            [
                pairs["article_id_a"].cast(id_dtype),
                pairs["article_id_b"].cast(id_dtype),
                prior["article_id"],
                prior["canonical_article_id"],
            ]
        )
        .unique()
        .sort()
    )
    index = pl.DataFrame({"article_id": ids, "node": np.arange(ids.len(), dtype=np.int64)})

    def nodes(col: pl.Series) -> np.ndarray:
        return (
            pl.DataFrame({"article_id": col.cast(id_dtype)})
            .join(index, on="article_id", how="left", maintain_order="left")["node"]
            .to_numpy()
        )

    pu, pv = nodes(pairs["article_id_a"]), nodes(pairs["article_id_b"])
    # earlier assignments are edges too: an article matching a stored duplicate reaches that duplicate's canonical
    eu, ev = nodes(prior["article_id"]), nodes(prior["canonical_article_id"])
    label = _components(ids.len(), np.concatenate([pu, eu]), np.concatenate([pv, ev]))

    info = index.with_columns(pl.Series("cluster", label)).join(
        articles.select("article_id", "published_at", "body_chars", "exact_hash").cast(
            {"article_id": id_dtype}
        ),
        on="article_id",
        how="left",
    )
    fixed_canonicals = prior["canonical_article_id"].unique()
    info = info.with_columns(
        pl.col("article_id").is_in(fixed_canonicals.implode()).alias("fixed"),
        pl.col("article_id").is_in(prior["article_id"].implode()).alias("assigned"),
    )
    has_fixed = info.group_by("cluster").agg(pl.col("fixed").any().alias("cluster_fixed"))
    ranked = (
        info.join(has_fixed, on="cluster")
        .filter(~pl.col("cluster_fixed") | pl.col("fixed"))
        .sort(
            ["cluster", "published_at", "body_chars", "article_id"],
            descending=[False, False, True, False],
            nulls_last=True,
        )
        .group_by("cluster", maintain_order=True)
        .first()
        .select(
            "cluster",
            pl.col("article_id").alias("canonical_article_id"),
            pl.col("exact_hash").alias("c_hash"),
        )
    )
    members = info.join(ranked, on="cluster").filter(
        (pl.col("article_id") != pl.col("canonical_article_id")) & ~pl.col("assigned") & ~pl.col("fixed")
    )
    # similarity: the direct pair with the canonical if there is one, else the best pair of the article
    both = pl.concat(
        [
            pairs.select(
                pl.col("article_id_a").cast(id_dtype).alias("x"),
                pl.col("article_id_b").cast(id_dtype).alias("y"),
                "similarity",
            ),
            pairs.select(
                pl.col("article_id_b").cast(id_dtype).alias("x"),
                pl.col("article_id_a").cast(id_dtype).alias("y"),
                "similarity",
            ),
        ]
    )
    best = both.group_by("x").agg(pl.col("similarity").max().alias("best"))
    direct = both.rename({"x": "article_id", "y": "canonical_article_id", "similarity": "direct"}).unique(
        ["article_id", "canonical_article_id"]
    )
    out = (
        members.join(best, left_on="article_id", right_on="x", how="left")
        .join(direct, on=["article_id", "canonical_article_id"], how="left")
        .with_columns(
            (pl.col("exact_hash").is_not_null() & (pl.col("exact_hash") == pl.col("c_hash"))).alias(
                "is_exact"
            )
        )
        .select(
            "article_id",
            "canonical_article_id",
            pl.when(pl.col("is_exact")).then(pl.lit("exact")).otherwise(pl.lit("near")).alias("method"),
            pl.when(pl.col("is_exact"))
            .then(1.0)
            .otherwise(pl.coalesce("direct", "best"))
            .cast(pl.Float64)
            .alias("similarity"),
        )
        .sort("article_id")
    )
    return out.cast(schema)


# --------------------------------------------------------------------------------------------------------------
# One night


@dataclass(frozen=True)
class DedupResult:
    """What one night produces.

    duplicates: rows for fct_article_duplicate: article_id, canonical_article_id, method, similarity.
    band_keys: article_id, band (Int16), band_hash (Int64) of the night's articles, to append to the stored keys.
        Only one article per exact key gets keys (copies are found through the exact key), and none below
        `min_chars`.
    pairs: every verified pair: article_id_a, article_id_b, jaccard, containment, accepted, source ('exact' inside
        the night, 'night' LSH inside the night, 'stored' LSH against stored keys), for inspection.
    exact: article_id, exact_hash of the night's articles (null below `min_chars`).
    """

    duplicates: pl.DataFrame
    band_keys: pl.DataFrame
    pairs: pl.DataFrame
    exact: pl.DataFrame


StoredLoader = Callable[[pl.Series], pl.DataFrame]  # stored article ids -> article_id, body, published_at
BandLookup = Callable[
    [pl.DataFrame], pl.DataFrame
]  # night keys (band, band_hash) -> matching stored key rows


def _features(
    df: pl.DataFrame, settings: DedupSettings, *, threads: int = 1, signatures: bool = False
) -> tuple[pl.DataFrame, _Sketch]:
    """(article_id, published_at, body, body_chars, exact_hash) and the sketch (signatures when asked, prefix
    hashes), from one pass over the texts. exact_hash is null when the dedup text is under `min_chars`: such
    articles are not deduplicated."""
    body = df["body"].cast(pl.String).fill_null("")
    sk = _sketch(body, settings, threads=threads, signatures=signatures)
    short = (sk.lengths < settings.min_chars).tolist()
    frame = df.select("article_id", "published_at").with_columns(
        body,
        body.str.len_chars().cast(pl.Int64).alias("body_chars"),
        pl.Series(
            "exact_hash", [None if s else h for h, s in zip(sk.exact, short, strict=True)], dtype=pl.String
        ),
    )
    return frame, sk


def stored_band_keys(
    articles: pl.DataFrame, settings: DedupSettings | None = None, *, threads: int = 1
) -> pl.DataFrame:
    """Band keys of articles loaded on earlier nights (article_id, body, published_at), made with `settings`.

    A new settings version cannot reuse the keys of the previous one, so the warehouse is re-keyed once under the
    new version (its articles, not their clusters: duplicates already recorded stay as they are). Texts under
    `min_chars` get no keys, as in `find_duplicates`. Returns article_id, band, band_hash.
    """
    settings = settings or DedupSettings()
    frame, sk = _features(articles, settings, threads=threads, signatures=True)
    keys = _row_band_keys(sk, np.flatnonzero(frame["exact_hash"].is_not_null().to_numpy()), settings)
    return keys.select(frame["article_id"].gather(keys["doc"]).alias("article_id"), "band", "band_hash")


def _row_band_keys(sk: _Sketch, rows: np.ndarray, settings: DedupSettings) -> pl.DataFrame:
    """Band keys of the sketched documents at positions `rows`: doc = the position, band, band_hash."""
    keys = band_keys(sk.signatures[rows], settings, prefix=sk.prefix[rows])
    return keys.select(pl.Series(rows)[keys["doc"]].alias("doc"), "band", "band_hash")


def _drop_crowded_prefixes(
    keys: pl.DataFrame, other: pl.DataFrame | None, settings: DedupSettings
) -> list[pl.DataFrame]:
    """Remove prefix keys (band == bands) shared by more than `max_prefix_bucket` documents in keys + other."""
    frames = [keys] if other is None else [keys, other]
    is_prefix = pl.col("band") == settings.bands
    counts = (
        pl.concat([f.filter(is_prefix).select("doc", "band_hash") for f in frames])
        .unique()
        .group_by("band_hash")
        .len()
    )
    crowded = counts.filter(pl.col("len") > settings.max_prefix_bucket)["band_hash"]
    if crowded.len() == 0:
        return frames
    return [f.filter(~(is_prefix & pl.col("band_hash").is_in(crowded.implode()))) for f in frames]


def find_duplicates(
    new: pl.DataFrame,
    settings: DedupSettings | None = None,
    *,
    stored_bands: pl.DataFrame | BandLookup | None = None,
    stored_articles: pl.DataFrame | StoredLoader | None = None,
    existing: pl.DataFrame | None = None,
    threads: int = 1,
) -> DedupResult:
    """Deduplicate one night of articles against each other and against the band keys of earlier nights.

    Args:
        new: article_id (any sortable type), body (cleaned text, NFC), published_at.
        settings: must be the settings the stored band keys were made with (same fingerprint).
        stored_bands: article_id, band, band_hash of earlier nights, or a function that receives the night's keys
            (band, band_hash) and returns the stored rows with an equal band_hash, e.g. a DuckDB semi-join, so the
            full table never leaves the warehouse. Rows of articles that are also in `new` are ignored.
        stored_articles: article_id, body, published_at of stored articles, or a function returning them for a
            Series of ids; it is asked only for the stored candidates and their earlier canonicals. Required when
            stored keys produce candidates.
        existing: article_id, canonical_article_id from earlier nights (may be pre-filtered to the clusters of the
            stored candidates). Their canonicals stay canonical.
        threads: numpy worker threads for hashing (results do not depend on it).
    Returns: a `DedupResult`.
    """
    settings = settings or DedupSettings()
    id_dtype = new.schema["article_id"]
    night, sk = _features(new, settings, threads=threads, signatures=True)
    n_new = night.height
    new_ids = night["article_id"]

    # (a) exact copies inside the night: each paired with the first article (row) of its exact key
    rows = night.select(pl.int_range(pl.len(), dtype=pl.Int64).alias("row"), "exact_hash").filter(
        pl.col("exact_hash").is_not_null()
    )
    rep = rows.with_columns(pl.col("row").first().over("exact_hash").alias("rep"))
    exact_pairs = rep.filter(pl.col("row") != pl.col("rep")).select(
        pl.col("rep").alias("a"), pl.col("row").alias("b")
    )
    rep_rows = rep.filter(pl.col("row") == pl.col("rep"))["row"].to_numpy()

    # (b) LSH among the night's distinct texts (MinHash bands + the prefix key)
    night_keys = _row_band_keys(sk, rep_rows, settings)
    if callable(stored_bands):
        stored_bands = stored_bands(night_keys.select("band", "band_hash").unique())
    sb = None
    if stored_bands is not None and stored_bands.height:
        sb = stored_bands.select(
            pl.col("article_id").cast(id_dtype).alias("doc"), "band", "band_hash"
        ).filter(~pl.col("doc").is_in(new_ids.implode()))
    query_keys, *rest = _drop_crowded_prefixes(night_keys, sb, settings)
    sb = rest[0] if rest else None
    cand = candidate_pairs(query_keys).with_columns(pl.lit("night").alias("source"))

    # (c) LSH against stored keys; stored articles get rows n_new, n_new + 1, ... in `articles`
    stored = pl.DataFrame(
        schema={"article_id": id_dtype, "published_at": night.schema["published_at"], "body": pl.String}
    )
    if sb is not None and sb.height:
        sb = sb.rename({"doc": "article_id"})
        code = sb.select("article_id").unique(maintain_order=True).with_row_index("code")
        sb = sb.join(code, on="article_id").select(pl.col("code").cast(pl.Int64).alias("doc"), "band_hash")
        vs_stored = candidate_pairs(query_keys, sb)
        if vs_stored.height:
            if stored_articles is None:
                raise ValueError("stored_articles is required when stored band keys give candidates")
            wanted = code["article_id"].gather(vs_stored["b"].unique().sort())
            if existing is not None:
                earlier = existing.filter(pl.col("article_id").cast(id_dtype).is_in(wanted.implode()))
                wanted = pl.concat([wanted, earlier["canonical_article_id"].cast(id_dtype)]).unique(
                    maintain_order=True
                )
            got = stored_articles(wanted) if callable(stored_articles) else stored_articles
            stored = (
                got.select(
                    pl.col("article_id").cast(id_dtype),
                    pl.col("published_at").cast(night.schema["published_at"]),  # e.g. a TIMESTAMPTZ column
                    pl.col("body").cast(pl.String),
                )
                .filter(
                    pl.col("article_id").is_in(wanted.implode())
                    & ~pl.col("article_id").is_in(new_ids.implode())
                )
                .unique("article_id", keep="first", maintain_order=True)
            )
            row_of = (
                stored.select("article_id").with_row_index("row", offset=n_new).join(code, on="article_id")
            )  # code -> row in `articles`
            vs_stored = vs_stored.join(
                row_of.select(
                    pl.col("code").cast(pl.Int64).alias("b"), pl.col("row").cast(pl.Int64).alias("rb")
                ),
                on="b",
            ).select("a", pl.col("rb").alias("b"))
            cand = pl.concat([cand, vs_stored.with_columns(pl.lit("stored").alias("source"))])
    articles = pl.concat([night, _features(stored, settings)[0]], how="vertical_relaxed")
    ids = articles["article_id"]
    all_bodies = _Texts(articles["body"])

    # verification: exact shingle sets of every article in a candidate pair
    a, b = cand["a"].to_numpy(), cand["b"].to_numpy()
    need = np.unique(np.concatenate([a, b]))
    sets = shingle_sets(all_bodies.take(need), settings, threads=threads)
    local = pl.DataFrame({"a": np.searchsorted(need, a), "b": np.searchsorted(need, b)})
    verified = verify_candidates(local, sets, settings)
    pairs = pl.concat(
        [
            exact_pairs.with_columns(
                pl.lit(1.0).alias("jaccard"),
                pl.lit(1.0).alias("containment"),
                pl.lit(True).alias("accepted"),
                pl.lit("exact").alias("source"),
            ),
            cand.select("a", "b")
            .hstack(verified.select("jaccard", "containment", "accepted"))
            .hstack(cand.select("source")),
        ]
    )
    pairs = pairs.select(
        ids.gather(pairs["a"]).alias("article_id_a"),
        ids.gather(pairs["b"]).alias("article_id_b"),
        "jaccard",
        "containment",
        "accepted",
        "source",
    )
    # A stored article that is nobody's copy is its story's canonical already: it stays canonical, even when a new
    # copy would rank before it (published earlier, or longer). Stored articles are fixed canonicals of themselves.
    if stored.height:
        flagged = (
            existing["article_id"].cast(id_dtype) if existing is not None else pl.Series([], dtype=id_dtype)
        )
        themselves = stored.select("article_id", pl.col("article_id").alias("canonical_article_id")).filter(
            ~pl.col("article_id").is_in(flagged.implode())
        )
        existing = (
            pl.concat([existing.select("article_id", "canonical_article_id").cast(id_dtype), themselves])
            if existing is not None
            else themselves
        )
    dups = _settle(articles, pairs, existing, all_bodies, settings)
    return DedupResult(
        duplicates=dups,
        band_keys=night_keys.select(ids.gather(night_keys["doc"]).alias("article_id"), "band", "band_hash"),
        pairs=pairs,
        exact=night.select("article_id", "exact_hash"),
    )


def _settle(
    articles: pl.DataFrame,
    pairs: pl.DataFrame,
    existing: pl.DataFrame | None,
    bodies: _Texts,
    settings: DedupSettings,
) -> pl.DataFrame:
    """Clusters whose members all match their canonical directly (no chaining).

    Connected components alone chain: A~B and B~C put C under A even when C shares little with A (templated
    blurbs, a story rewritten in steps). Every 'near' row is therefore checked against its canonical itself (the
    verified pair when there is one, else the two texts, row i of `bodies` being article i of `articles`). Rows
    that fail lose their links to the members that passed, and the rest is clustered again (at most 8 rounds).
    Rows whose canonical text is not at hand (a fixed canonical from `existing` that was not loaded) are kept.
    Similarity of every near row = Jaccard with its canonical.
    """
    accepted = pairs.filter("accepted").select(
        "article_id_a", "article_id_b", pl.col("jaccard").alias("similarity")
    )
    known = pl.concat(
        [
            pairs.select(
                pl.col("article_id_a").alias("x"), pl.col("article_id_b").alias("y"), "jaccard", "accepted"
            ),
            pairs.select(
                pl.col("article_id_b").alias("x"), pl.col("article_id_a").alias("y"), "jaccard", "accepted"
            ),
        ]
    ).unique(["x", "y"], keep="first")
    row = articles.select("article_id").with_row_index("row").with_columns(pl.col("row").cast(pl.Int64))
    checked: list[pl.DataFrame] = []  # pairs verified here, reused across rounds
    dups = cluster_duplicates(articles, accepted, existing)
    for _ in range(8):
        near = dups.filter(pl.col("method") == "near").join(
            known, left_on=["article_id", "canonical_article_id"], right_on=["x", "y"], how="left"
        )
        todo = (
            near.filter(pl.col("accepted").is_null())
            .select("article_id", "canonical_article_id")
            .join(row, on="article_id")
            .join(
                row.rename({"article_id": "canonical_article_id", "row": "c_row"}), on="canonical_article_id"
            )
        )
        if todo.height:
            n = todo.height
            texts = bodies.take(todo["row"].to_numpy()) + bodies.take(todo["c_row"].to_numpy())
            idx = pl.DataFrame({"a": np.arange(n, dtype=np.int64), "b": np.arange(n, 2 * n, dtype=np.int64)})
            v = verify_candidates(idx, shingle_sets(texts, settings), settings)
            new = todo.select(
                pl.col("article_id").alias("x"),
                pl.col("canonical_article_id").alias("y"),
                v["jaccard"],
                v["accepted"],
            )
            checked.append(new)
            known = pl.concat([known, new])
            near = near.drop("jaccard", "accepted").join(
                known, left_on=["article_id", "canonical_article_id"], right_on=["x", "y"], how="left"
            )
        bad = near.filter(pl.col("accepted") == False)  # noqa: E712 (null = canonical text not at hand: keep)
        if bad.height == 0:
            break
        failed = bad["article_id"].implode()
        in_a = pl.col("article_id_a").is_in(failed)
        in_b = pl.col("article_id_b").is_in(failed)
        accepted = accepted.filter(in_a == in_b)  # cut links between failed rows and the rest
        dups = cluster_duplicates(articles, accepted, existing)
    near = dups.join(known, left_on=["article_id", "canonical_article_id"], right_on=["x", "y"], how="left")
    return (
        near.with_columns(
            pl.when(pl.col("method") == "near")
            .then(pl.coalesce("jaccard", "similarity"))
            .otherwise(pl.col("similarity"))
            .alias("similarity")
        )
        .select(dups.columns)
        .sort("article_id")
    )
