"""Ingest: raw landing files to article rows (detect, decode, parse, bylines, publishers, boilerplate)."""

from transforms.ingest.boilerplate import (
    LINE_COUNT_SCHEMA,
    BoilerplateSettings,
    count_publisher_lines,
    learned_boilerplate,
    remove_boilerplate,
)
from transforms.ingest.errors import REJECT_SCHEMA, IngestLimits, RejectError
from transforms.ingest.files import (
    article_rows,
    articles_frame,
    parse_file,
    reporter_frame,
)

__all__ = [
    "LINE_COUNT_SCHEMA",
    "REJECT_SCHEMA",
    "BoilerplateSettings",
    "IngestLimits",
    "RejectError",
    "article_rows",
    "articles_frame",
    "count_publisher_lines",
    "learned_boilerplate",
    "parse_file",
    "remove_boilerplate",
    "reporter_frame",
]
