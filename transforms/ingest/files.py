"""From raw file bytes to article rows: decode, detect the form, parse, attach provenance and keys.

Pure: the caller reads the file and passes its bytes; nothing here touches the disk or the clock.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date

import polars as pl
from lxml.etree import LxmlError

from transforms.common.keys import bytes_hash, content_hash, natural_id, surrogate_key
from transforms.common.publishers import publisher_from_name
from transforms.common.text import block_key, normalize_text
from transforms.entities.identity import entity_key, reporter_anchor
from transforms.ingest.decode import decode_bytes, decompress_if_gzip
from transforms.ingest.detect import detect_form, xml_root
from transforms.ingest.errors import IngestLimits, RejectError
from transforms.ingest.parsers.text import parse_plain_text
from transforms.ingest.plausible import text_problem
from transforms.ingest.records import ARTICLE_SCHEMA, ParsedArticle

Parser = Callable[..., list["ParsedArticle | RejectError"]]


@dataclass(frozen=True)
class ParseOptions:
    """What a parser may need beyond the text: the JSON field map (from settings)."""

    field_map: Mapping[str, str | Sequence[str]] | None = None


def _parse_text(text: str, options: ParseOptions = ParseOptions()) -> list:
    return [parse_plain_text(text)]


def _parse_text_concat(text: str, options: ParseOptions = ParseOptions()) -> list:
    from transforms.ingest.parsers.concat import parse_concatenated

    return list(parse_concatenated(text))


def _parse_html(text: str, options: ParseOptions = ParseOptions()) -> list:
    from transforms.ingest.parsers.html import parse_html

    return [parse_html(text)]


def _parse_json(text: str, options: ParseOptions = ParseOptions()) -> list:
    from transforms.ingest.parsers.json import parse_json

    return parse_json(text, options.field_map)


def _parse_jsonl(text: str, options: ParseOptions = ParseOptions()) -> list:
    from transforms.ingest.parsers.json import parse_jsonl

    return parse_jsonl(text, options.field_map)


def _parse_feed(text: str, options: ParseOptions = ParseOptions()) -> list:
    from transforms.ingest.parsers.feed import parse_feed

    return parse_feed(text)


def _parse_xml(text: str, options: ParseOptions = ParseOptions()) -> list:
    raise RejectError("wrong_type", f"XML document <{xml_root(text)}> is neither a feed nor an HTML page")


# Parsers by form. Each takes the decoded text (and optional `ParseOptions`) and returns one slot per record. The
# structured parsers are imported on first use so a night of plain text never loads trafilatura or feedparser.
PARSERS: dict[str, Parser] = {
    "text": _parse_text,
    "text_concat": _parse_text_concat,
    "html": _parse_html,
    "json": _parse_json,
    "jsonl": _parse_jsonl,
    "rss": _parse_feed,
    "atom": _parse_feed,
    "xml": _parse_xml,
}


def parse_file(
    raw: bytes,
    limits: IngestLimits = IngestLimits(),  # noqa: B008 (frozen, so one shared default is safe)
    *,
    field_map: Mapping[str, str | Sequence[str]] | None = None,
) -> tuple[str, list[ParsedArticle | RejectError]]:
    """Parse one file's bytes into (form, records). A record that fails is a `RejectError` in its slot, so the
    caller keeps its index; a file that fails as a whole raises `RejectError`.

    `field_map` overrides the JSON field names per article field (see `transforms.ingest.parsers.json.DEFAULT_FIELDS`).
    """
    if field_map:
        from transforms.ingest.parsers.json import normalize_field_map

        normalize_field_map(
            field_map
        )  # a settings mistake (unknown field) fails loudly, not as a reject per file
    if not raw.strip():
        raise RejectError("empty", "file has no content")
    if len(raw) > limits.max_file_bytes:
        raise RejectError("too_large", f"{len(raw)} bytes > limit {limits.max_file_bytes}")
    raw = decompress_if_gzip(raw, limits)
    if not raw.strip():
        raise RejectError("empty", "file has no content after decompression")
    text, _encoding = decode_bytes(raw)
    if not normalize_text(text).strip():  # only (Unicode) whitespace, zero-width or control characters
        raise RejectError("empty", "file has only whitespace or invisible characters")
    text = unicodedata.normalize("NFC", text)
    if not text.strip("\ufeff \t\r\n"):
        raise RejectError("empty", "file has only whitespace")
    form = detect_form(text)
    try:
        parsed = PARSERS[form](text, ParseOptions(field_map=field_map))
    except (ValueError, TypeError, AttributeError, LookupError, RecursionError, LxmlError) as exc:
        # a parser bug or input no parser foresaw: the file is rejected with the error, the night goes on
        raise RejectError("parse_error", f"{form}: {type(exc).__name__}: {exc}"[:200]) from exc
    records: list[ParsedArticle | RejectError] = []
    for record in parsed:
        if isinstance(record, RejectError):
            records.append(record)
        elif len(record.body_text.strip()) < limits.min_body_chars:
            records.append(RejectError("no_text", f"body has {len(record.body_text.strip())} characters"))
        elif problem := text_problem(record.body_text):
            records.append(RejectError("not_text", problem))
        else:
            records.append(record)
    return form, records


def article_rows(
    source_file: str, raw: bytes, form: str, records: list[ParsedArticle | RejectError]
) -> tuple[list[dict], list[dict]]:
    """(article rows, reject rows) for one file, with provenance and ids attached."""
    raw_hash = bytes_hash(raw)
    articles, rejects = [], []
    for index, record in enumerate(records):
        if isinstance(record, RejectError):
            rejects.append(
                {
                    "source_file": source_file,
                    "source_record": index,
                    "reason": record.reason,
                    "detail": record.detail,
                }
            )
            continue
        row = record.to_row()
        if row["publisher_domain"] is None and row["publisher_name"]:
            row["publisher_name"], row["publisher_domain"] = publisher_from_name(row["publisher_name"])
        row.update(
            article_id=natural_id(source_file, index),
            source_file=source_file,
            source_record=index,
            source_form=form,
            raw_hash=raw_hash,
            content_hash=content_hash(block_key(record.body_text)),
            reporters=[{"name": r.name, "email": r.email, "dateline": r.dateline} for r in record.reporters],
        )
        articles.append(row)
    return articles, rejects


def articles_frame(rows: list[dict], run_date: date) -> pl.DataFrame:
    """Article rows -> a frame of ARTICLE_SCHEMA plus keys and the article's date.

    Grain: one row per article record. `date_key` is the published date in KST, or `run_date` when unknown.
    """
    frame = (
        pl.DataFrame(rows, schema=ARTICLE_SCHEMA, strict=False)
        if rows
        else pl.DataFrame(schema=ARTICLE_SCHEMA)
    )
    return frame.with_columns(
        pl.col("article_id").map_elements(surrogate_key, return_dtype=pl.Int64).alias("article_key"),
        pl.coalesce("publisher_domain", "publisher_name")
        .map_elements(surrogate_key, return_dtype=pl.Int64)
        .alias("publisher_key"),
        pl.coalesce(
            pl.col("published_at").dt.convert_time_zone("Asia/Seoul").dt.date(), pl.lit(run_date)
        ).alias("date_key"),
        pl.col("published_at").is_null().alias("is_date_from_run"),
    )


def reporter_frame(articles: pl.DataFrame) -> pl.DataFrame:
    """One row per (article, reporter) with the reporter's key and PERSON entity key.

    A reporter is a byline name at one publisher; the e-mail distinguishes namesakes where the publisher is unknown.
    """
    return (
        articles.lazy()
        .select("article_key", "publisher_key", "publisher_name", "reporters")
        .explode("reporters")
        .drop_nulls("reporters")
        .unnest("reporters")
        .with_columns(
            pl.struct("name", "email", "publisher_key")
            .map_elements(
                lambda s: surrogate_key(
                    "reporter",
                    s["name"],
                    s["publisher_key"] if s["publisher_key"] is not None else s["email"],
                ),
                return_dtype=pl.Int64,
            )
            .alias("reporter_key"),
            pl.struct("name", "publisher_name")
            .map_elements(
                lambda s: entity_key("PERSON", s["name"], reporter_anchor(s["publisher_name"])),
                return_dtype=pl.Int64,
            )
            .alias("entity_key"),
        )
        .unique(subset=["article_key", "reporter_key"], keep="first", maintain_order=True)
        .collect()
    )
