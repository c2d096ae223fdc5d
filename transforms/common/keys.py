"""Stable hashes and surrogate keys.

Keys must be identical on every run and in a warehouse rebuilt from scratch, so they are derived from natural ids
with xxh3 (stable across versions and platforms), never from Polars' `Expr.hash` or row order.
"""

from __future__ import annotations

import xxhash

_SEP = "\x1f"


def content_hash(text: str) -> str:
    """xxh3-128 hex digest of a text (UTF-8)."""
    return xxhash.xxh3_128_hexdigest(text.encode("utf-8"))


def bytes_hash(data: bytes) -> str:
    """xxh3-128 hex digest of raw bytes."""
    return xxhash.xxh3_128_hexdigest(data)


def natural_id(*parts: object) -> str:
    """A 128-bit hex id of the given parts (None becomes the empty string)."""
    return content_hash(_SEP.join("" if p is None else str(p) for p in parts))


def surrogate_key(*parts: object) -> int:
    """A signed 64-bit key (fits DuckDB BIGINT) derived from the parts; stable across runs and machines."""
    joined = _SEP.join("" if p is None else str(p) for p in parts)
    value = xxhash.xxh3_64_intdigest(joined.encode("utf-8"))
    return value - (1 << 64) if value >= (1 << 63) else value
