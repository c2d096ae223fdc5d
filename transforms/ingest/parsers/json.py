"""JSON crawler exports: one object, an array of objects, an object holding a list of records, or JSON Lines.

Fields are found by common names (see `DEFAULT_FIELDS`), case-insensitively; a `field_map` overrides the candidate
names per field (`{"body": "story.text", "author": ["writer", "by"]}`: dotted paths reach into nested objects).
A body holding HTML is cleaned like a page (paragraphs from `<p>`/`<br>`, figures and captions dropped); HTML
entities in plain text (`&apos;`) are decoded. A record that cannot be read (wrong type, nested too deep, no body)
is a `RejectError` in its slot; its neighbours still load.
"""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence

from transforms.ingest.article import build_article
from transforms.ingest.errors import RejectError
from transforms.ingest.parsers.markup import clean_inline_text, text_field_paragraphs
from transforms.ingest.records import ParsedArticle

# Candidate field names per article field, most specific first.
DEFAULT_FIELDS: dict[str, tuple[str, ...]] = {
    "title": ("title", "headline", "subject", "name"),
    "subtitle": ("subtitle", "subheadline", "sub_title", "dek", "deck", "standfirst"),
    "body": (
        "body",
        "content",
        "content_html",
        "content:encoded",
        "contentHtml",
        "body_html",
        "bodyHtml",
        "articleBody",
        "article_body",
        "text",
        "full_text",
        "html",
        "description",
        "summary",
        "lead",
        "abstract",
    ),
    "author": (
        "author",
        "authors",
        "creator",
        "dc:creator",
        "byline",
        "reporter",
        "reporters",
        "writer",
        "by",
    ),
    "published": (
        "published",
        "published_at",
        "publishedAt",
        "pubDate",
        "pub_date",
        "datePublished",
        "date_published",
        "published_time",
        "publish_date",
        "date",
        "created_at",
        "createdAt",
        "time",
        "timestamp",
    ),
    "url": ("url", "link", "canonical_url", "canonicalUrl", "permalink", "href", "guid", "id"),
    "publisher": ("publisher", "source", "site_name", "siteName", "outlet", "press", "media", "provider"),
}
# Lists of records inside a top-level object (`{"articles": [...]}`, `{"data": {"items": [...]}}`).
_RECORD_LISTS = (
    "articles",
    "items",
    "data",
    "results",
    "entries",
    "docs",
    "records",
    "news",
    "posts",
    "hits",
    "rows",
)
_MAX_VALUE_DEPTH = 4


def normalize_field_map(field_map: Mapping[str, str | Sequence[str]] | None) -> dict[str, tuple[str, ...]]:
    """Candidate names per field: the defaults, with the fields named in `field_map` replaced.

    Raises ValueError for an unknown field (a settings mistake, not bad data).
    """
    fields = dict(DEFAULT_FIELDS)
    for key, names in (field_map or {}).items():
        if key not in DEFAULT_FIELDS:
            raise ValueError(
                f"unknown article field {key!r} in field map; known: {', '.join(DEFAULT_FIELDS)}"
            )
        fields[key] = (names,) if isinstance(names, str) else tuple(names)
    return fields


def _lookup(record: Mapping, path: str) -> object:
    """A value by name or dotted path, case-insensitively; None when absent."""
    current: object = record
    for part in path.split(".") if "." in path and path not in record else [path]:
        if not isinstance(current, Mapping):
            return None
        if part in current:
            current = current[part]
            continue
        lowered = part.lower()
        match = next((k for k in current if isinstance(k, str) and k.lower() == lowered), None)
        if match is None:
            return None
        current = current[match]
    return current


def _first(record: Mapping, names: Sequence[str]) -> tuple[str | None, object]:
    for name in names:
        value = _lookup(record, name)
        if value not in (None, "", [], {}):
            return name, value
    return None, None


class _WrongType(Exception):
    pass


def _text(value: object, field: str, depth: int = 0) -> str | None:
    """A text field's string: strings as they are, lists joined by newlines, `{"rendered": …}` style objects."""
    if depth > _MAX_VALUE_DEPTH:
        raise _WrongType(f"field {field!r} is nested deeper than {_MAX_VALUE_DEPTH} levels")
    if value is None:
        return None
    if isinstance(value, str):
        return value
    if isinstance(value, bool) or isinstance(value, int | float):
        raise _WrongType(f"field {field!r} is a {type(value).__name__}, not text")
    if isinstance(value, list):
        parts = [_text(item, field, depth + 1) for item in value[:10_000]]
        return "\n".join(p for p in parts if p) or None
    if isinstance(value, Mapping):
        for key in ("rendered", "value", "text", "#text", "html", "content", "body", "name", "href", "url"):
            if key in value:
                return _text(value[key], field, depth + 1)
        raise _WrongType(f"field {field!r} is an object without a text member ({', '.join(list(value)[:5])})")
    raise _WrongType(f"field {field!r} is a {type(value).__name__}")


def _authors(value: object, depth: int = 0) -> list[str]:
    if depth > _MAX_VALUE_DEPTH:
        raise _WrongType(f"field 'author' is nested deeper than {_MAX_VALUE_DEPTH} levels")
    if value is None or value == "":
        return []
    if isinstance(value, str):
        return [value]
    if isinstance(value, list):
        return [name for item in value[:50] for name in _authors(item, depth + 1)]
    if isinstance(value, Mapping):
        name = value.get("name") or value.get("display_name") or value.get("byline")
        return _authors(name, depth + 1) if name is not None else []
    raise _WrongType(f"field 'author' is a {type(value).__name__}")


def parse_record(record: object, fields: Mapping[str, Sequence[str]]) -> ParsedArticle:
    """One JSON record → `ParsedArticle`. Raises `RejectError` (wrong_type, no_text) when it cannot."""
    if not isinstance(record, Mapping):
        raise RejectError("wrong_type", f"record is a {type(record).__name__}, not an object")
    if isinstance(record.get("_source"), Mapping):  # an Elasticsearch hit
        record = record["_source"]
    try:
        body_field, body_value = _first(record, fields["body"])
        if body_field is None:
            raise RejectError("no_text", f"no body field (looked for {', '.join(fields['body'][:6])} …)")
        body = _text(body_value, body_field) or ""
        title = clean_inline_text(_text(_first(record, fields["title"])[1], "title"))
        subtitle = clean_inline_text(_text(_first(record, fields["subtitle"])[1], "subtitle"))
        authors = [clean_inline_text(a) or "" for a in _authors(_first(record, fields["author"])[1])]
        published_field, published = _first(record, fields["published"])
        if isinstance(published, Mapping | list):
            raise _WrongType(f"field {published_field!r} is a {type(published).__name__}, not a date")
        url = None
        for name in fields["url"]:
            candidate = _lookup(record, name)
            if isinstance(candidate, str) and candidate.strip().lower().startswith(("http://", "https://")):
                url = candidate.strip()
                break
        publisher = _first(record, fields["publisher"])[1]
        publisher_name = clean_inline_text(_text(publisher, "publisher")) if publisher is not None else None
    except _WrongType as exc:
        raise RejectError("wrong_type", str(exc)) from exc
    paragraphs, dropped, dropped_chars = text_field_paragraphs(body)
    return build_article(
        paragraphs,
        title=title,
        subtitle=subtitle,
        url=url,
        published=published,
        authors=[a for a in authors if a],
        source_name=publisher_name,
        raw_char_count=len(body),
        removed_boilerplate_lines=dropped,
        removed_char_count=dropped_chars,
    )


def _records_of(document: object) -> list[object]:
    """The records of a parsed JSON document: the array itself, an object's record list, or the object."""
    if isinstance(document, list):
        return document
    if isinstance(document, Mapping):
        for _ in range(3):
            if any(_lookup(document, name) is not None for name in DEFAULT_FIELDS["body"][:10]):
                return [document]
            inner = next(
                (
                    _lookup(document, key)
                    for key in _RECORD_LISTS
                    if isinstance(_lookup(document, key), list | Mapping)
                ),
                None,
            )
            if isinstance(inner, list):
                return inner
            if not isinstance(inner, Mapping):
                break
            document = inner
        return [document]
    raise RejectError("wrong_type", f"JSON document is a {type(document).__name__}, not an object or array")


def _safe_record(record: object, fields: Mapping[str, Sequence[str]]) -> ParsedArticle | RejectError:
    try:
        return parse_record(record, fields)
    except RejectError as exc:
        return exc
    except RecursionError:
        return RejectError("too_deep", "record is nested too deeply to read")


def parse_json(
    text: str, field_map: Mapping[str, str | Sequence[str]] | None = None
) -> list[ParsedArticle | RejectError]:
    """A JSON document (object or array) → one slot per record. The whole file fails on invalid JSON."""
    fields = normalize_field_map(field_map)
    try:
        document = json.loads(text)
    except RecursionError as exc:
        raise RejectError("too_deep", "JSON nested deeper than the parser allows") from exc
    except ValueError as exc:
        raise RejectError("invalid_json", str(exc)[:200]) from exc
    records = _records_of(document)
    if not records:
        raise RejectError("no_text", "the JSON document holds no records")
    return [_safe_record(record, fields) for record in records]


def parse_jsonl(
    text: str, field_map: Mapping[str, str | Sequence[str]] | None = None
) -> list[ParsedArticle | RejectError]:
    """JSON Lines → one slot per non-empty line; a line that is not JSON is rejected, its neighbours load."""
    fields = normalize_field_map(field_map)
    slots: list[ParsedArticle | RejectError] = []
    for number, line in enumerate(text.split("\n"), start=1):
        if not line.strip():
            continue
        try:
            record = json.loads(line)
        except RecursionError:
            slots.append(RejectError("too_deep", f"line {number}: nested deeper than the parser allows"))
            continue
        except ValueError as exc:
            slots.append(RejectError("invalid_json", f"line {number}: {exc}"[:200]))
            continue
        slots.append(_safe_record(record, fields))
    if not slots:
        raise RejectError("no_text", "no JSON lines")
    return slots
