"""What ingest refuses: the reject record (`RejectError`, `REJECT_SCHEMA`) and the size limits that cause some.

A parser returns a `RejectError` in a record's slot (or raises it for a whole file); `article_rows` turns it into a
reject row. Kept apart from the parsers and from `files` so that every parser can use it without importing either.
"""

from __future__ import annotations

from dataclasses import dataclass

import polars as pl

REJECT_SCHEMA: dict[str, pl.DataType] = {
    "source_file": pl.String,
    "source_record": pl.Int64,
    "reason": pl.String,
    "detail": pl.String,
}


class RejectError(Exception):
    """Input that cannot become an article; `reason` is one of the documented reject reasons."""

    def __init__(self, reason: str, detail: str):
        super().__init__(f"{reason}: {detail}")
        self.reason = reason
        self.detail = detail


@dataclass(frozen=True)
class IngestLimits:
    max_file_bytes: int = 50_000_000
    max_decompressed_bytes: int = 200_000_000
    min_body_chars: int = 20
