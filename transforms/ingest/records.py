"""The article record every parser returns, and its Polars schema.

Every parser (plain text, HTML, JSON, feeds) turns one raw record into a `ParsedArticle`. Provenance
(`source_file`, `source_record`) is attached by the caller that knows the file; parsers only see text.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from datetime import datetime

import polars as pl

REPORTER_DTYPE = pl.Struct({"name": pl.String, "email": pl.String, "dateline": pl.String})

ARTICLE_SCHEMA: dict[str, pl.DataType] = {
    # ids and provenance
    "article_id": pl.String,
    "source_file": pl.String,
    "source_record": pl.Int64,
    "source_form": pl.String,
    "raw_hash": pl.String,
    # text
    "title": pl.String,
    "subtitle": pl.String,
    "body_text": pl.String,
    "paragraph_count": pl.Int32,
    "removed_repeated_blocks": pl.Int32,
    "removed_boilerplate_lines": pl.Int32,
    "raw_char_count": pl.Int64,
    "removed_char_count": pl.Int64,
    "language": pl.String,
    # metadata
    "url": pl.String,
    "published_at": pl.Datetime("us", "UTC"),
    "publisher_name": pl.String,
    "publisher_domain": pl.String,
    "reporters": pl.List(REPORTER_DTYPE),
    "content_hash": pl.String,
}


@dataclass(slots=True)
class Reporter:
    """One person in a byline. `dateline` is the place the byline names (`라스베이거스=` → 라스베이거스)."""

    name: str
    email: str | None = None
    dateline: str | None = None


@dataclass(slots=True)
class ParsedArticle:
    """One article as a parser understood it, before ids and hashes are attached.

    `body_text` is the cleaned body: paragraphs joined by a single newline, crumbs and repeated blocks removed.
    `published_at` is timezone-aware when known.
    """

    body_text: str
    title: str | None = None
    subtitle: str | None = None
    url: str | None = None
    published_at: datetime | None = None
    publisher_name: str | None = None
    publisher_domain: str | None = None
    reporters: list[Reporter] = field(default_factory=list)
    language: str | None = None
    removed_repeated_blocks: int = 0
    removed_boilerplate_lines: int = 0
    raw_char_count: int = 0
    removed_char_count: int = 0

    @property
    def paragraph_count(self) -> int:
        return sum(1 for line in self.body_text.split("\n") if line.strip())

    def to_row(self) -> dict:
        row = asdict(self)
        row["paragraph_count"] = self.paragraph_count
        return row
