"""From raw file bytes to article rows: decode, detect the form, parse, attach provenance and keys.

Pure: the caller reads the file and passes its bytes; nothing here touches the disk or the clock.
"""

from __future__ import annotations

import codecs
import gzip
import io
import re
import unicodedata
import zlib
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date

import polars as pl
from charset_normalizer import from_bytes
from lxml.etree import LxmlError

from transforms.common.keys import bytes_hash, content_hash, natural_id, surrogate_key
from transforms.common.publishers import publisher_from_name
from transforms.common.text import block_key, normalize_text
from transforms.entities.identity import entity_key, reporter_anchor
from transforms.ingest.parsers.text import parse_plain_text
from transforms.ingest.records import ARTICLE_SCHEMA, ParsedArticle

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


def decompress_if_gzip(raw: bytes, limits: IngestLimits) -> bytes:
    """Gunzip (bounded, so a gzip bomb is rejected, not expanded) when the bytes carry the gzip magic."""
    if raw[:2] != b"\x1f\x8b":
        return raw
    out = io.BytesIO()
    try:
        with gzip.GzipFile(fileobj=io.BytesIO(raw)) as stream:
            while chunk := stream.read(1 << 20):
                out.write(chunk)
                if out.tell() > limits.max_decompressed_bytes:
                    raise RejectError("too_large", f"gzip expands past {limits.max_decompressed_bytes} bytes")
    except (OSError, EOFError, zlib.error) as exc:
        raise RejectError("corrupt_gzip", str(exc)[:200]) from exc
    return out.getvalue()


_DECLARED_CHARSET = re.compile(
    rb"""<meta[^<>]{1,300}charset\s*=\s*["']?\s*([A-Za-z0-9_.:-]{1,40})"""
    rb"""|<\?xml[^<>]{1,200}encoding\s*=\s*["']([A-Za-z0-9_.:-]{1,40})""",
    re.IGNORECASE,
)
# What browsers actually mean by a declared label (WHATWG): EUC-KR pages are CP949, Latin-1 pages are CP1252.
_CHARSET_ALIASES = {
    "euc-kr": "cp949",
    "euc_kr": "cp949",
    "ks_c_5601-1987": "cp949",
    "ksc5601": "cp949",
    "x-windows-949": "cp949",
    "iso-8859-1": "cp1252",
    "latin1": "cp1252",
    "latin-1": "cp1252",
    "us-ascii": "cp1252",
    "ascii": "cp1252",
    "gb2312": "gb18030",
    "gbk": "gb18030",
    "shift_jis": "cp932",
    "sjis": "cp932",
}


def declared_charset(raw: bytes) -> str | None:
    """The charset an HTML `<meta>` or XML declaration names in the first 4 KB, as a Python codec name."""
    match = _DECLARED_CHARSET.search(raw[:4096])
    if not match:
        return None
    label = (match.group(1) or match.group(2)).decode("ascii", "ignore").strip().lower()
    label = _CHARSET_ALIASES.get(label, label)
    try:
        return codecs.lookup(label).name
    except LookupError:
        return None


def _mostly_utf8(raw: bytes) -> str | None:
    """UTF-8 with damage, line by line: UTF-8 lines stay; a line with a few stray bytes keeps its text (U+FFFD for
    the bytes); a line in a legacy encoding (CP949) is decoded as that. None unless some non-ASCII line is UTF-8."""
    good = 0
    out = []
    for line in raw.split(b"\n"):
        try:
            text = line.decode("utf-8")
            good += not line.isascii()
        except UnicodeDecodeError:
            text = line.decode("utf-8", errors="replace")
            if text.count("\ufffd") > max(2, len(text) // 50):
                try:
                    text = line.decode("cp949")
                except UnicodeDecodeError:
                    pass
        out.append(text)
    return "\n".join(out) if good else None


def _utf16_without_bom(raw: bytes) -> str | None:
    """`utf-16-le`/`utf-16-be` when NULs sit on every other byte (ASCII-heavy UTF-16 text without a BOM)."""
    sample = raw[:4096]
    if len(sample) < 4 or len(raw) % 2:
        return None
    even = sample[0::2].count(0) / (len(sample) / 2)
    odd = sample[1::2].count(0) / (len(sample) / 2)
    if odd > 0.3 and even < 0.05:
        return "utf-16-le"
    if even > 0.3 and odd < 0.05:
        return "utf-16-be"
    return None


def decode_bytes(raw: bytes) -> tuple[str, str]:
    """(text, encoding). BOMs first, then strict UTF-8, then the charset a page declares (`<meta charset>`, XML
    declaration), then UTF-16 without BOM, then detection (CP949/EUC-KR…). Never assumed: each step must decode."""
    if raw.startswith(b"\xef\xbb\xbf"):
        return raw[3:].decode("utf-8", errors="strict"), "utf-8-sig"
    if raw.startswith((b"\xff\xfe", b"\xfe\xff")):
        return raw.decode("utf-16"), "utf-16"
    if b"\x00" not in raw:
        try:
            return raw.decode("utf-8"), "utf-8"
        except UnicodeDecodeError:
            pass
        declared = declared_charset(raw)
        if declared and declared not in {"utf-8", "utf-16", "utf-16-le", "utf-16-be"}:
            try:
                return raw.decode(declared), declared
            except UnicodeDecodeError:
                pass
        repaired = _mostly_utf8(raw)
        if repaired is not None:
            return repaired, "utf-8 (repaired)"
    utf16 = _utf16_without_bom(raw)
    if utf16:
        try:
            text = raw.decode(utf16)
            if not _looks_binary(text.encode("utf-8", errors="replace")):
                return text, utf16
        except UnicodeDecodeError:
            pass
    best = from_bytes(raw[:200_000]).best()
    if best is None or best.encoding is None:
        raise RejectError(
            "binary" if _looks_binary(raw) else "undecodable", "no text encoding fits the bytes"
        )
    try:
        text = raw.decode(best.encoding)
    except (UnicodeDecodeError, LookupError) as exc:
        raise RejectError("undecodable", f"{best.encoding}: {exc}"[:200]) from exc
    if _looks_binary(text.encode("utf-8", errors="replace")):
        raise RejectError("binary", f"decoded as {best.encoding} but mostly control characters")
    return text, best.encoding


def _looks_binary(raw: bytes) -> bool:
    sample = raw[:4096]
    if not sample:
        return False
    controls = sum(1 for b in sample if b < 9 or 13 < b < 32)
    return controls / len(sample) > 0.05


Parser = Callable[..., list["ParsedArticle | RejectError"]]


@dataclass(frozen=True)
class ParseOptions:
    """What a parser may need beyond the text: the JSON field map (from settings)."""

    field_map: Mapping[str, str | Sequence[str]] | None = None


def detect_form(text: str) -> str:
    """The raw form of decoded text, by content: html, rss, atom, json, jsonl, xml, text_concat or text."""
    from transforms.ingest.detect import detect_form as detect

    return detect(text)


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
    from transforms.ingest.detect import xml_root

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
    limits: IngestLimits = IngestLimits(),
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
