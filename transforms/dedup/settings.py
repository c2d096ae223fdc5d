"""Dedup settings: every parameter that changes dedup results, in one dataclass with its fingerprint."""

from __future__ import annotations

from dataclasses import asdict, dataclass


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
