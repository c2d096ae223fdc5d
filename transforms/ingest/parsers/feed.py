"""RSS 2.0 / RSS 1.0 / Atom feed files: each item an article.

Real feeds are sloppy (Lawtimes uses `dc:`/`media:` prefixes it never declares, which strict XML parsers reject), so
items are read with feedparser, which falls back to a lenient parser. Before that, a feed that declares entities in
its DTD is refused as `unsafe_xml`: defusedxml detects entity declarations and external references (a billion-laughs
bomb or `<!ENTITY x SYSTEM "file:///etc/passwd">`), and nothing is expanded or fetched. Body: `content:encoded` (or
Atom `<content>`) preferred over `<description>`/`<summary>`, cleaned like an HTML fragment (figures and captions
dropped).
"""

from __future__ import annotations

import re

import defusedxml.ElementTree as safe_et
import feedparser
from defusedxml import DefusedXmlException

from transforms.ingest.article import build_article
from transforms.ingest.detect import xml_prolog
from transforms.ingest.errors import RejectError
from transforms.ingest.parsers.markup import XML_DECL, clean_inline_text, text_field_paragraphs
from transforms.ingest.records import ParsedArticle

_ENTITY_DECL = re.compile(r"<!ENTITY", re.IGNORECASE)


def check_xml_safety(text: str) -> None:
    """Raise `RejectError('unsafe_xml')` when the document declares entities (expansion bombs, external files).

    An `<!ENTITY` in the prolog is refused outright; defusedxml then parses the document and stops at any entity
    declaration or external reference without expanding or fetching it.
    """
    prolog = xml_prolog(text)
    if _ENTITY_DECL.search(prolog) or (not prolog and _ENTITY_DECL.search(text[:10_000])):
        raise RejectError("unsafe_xml", "the DTD declares entities; they are not expanded or fetched")
    try:
        safe_et.fromstring(XML_DECL.sub("", text, count=1).encode("utf-8"), forbid_dtd=False)
    except DefusedXmlException as exc:
        raise RejectError("unsafe_xml", f"{type(exc).__name__}: {exc}"[:200]) from exc
    except (safe_et.ParseError, ValueError):
        pass  # not well-formed (undeclared prefixes …): the lenient parser below copes


def _entry_body(entry: feedparser.FeedParserDict) -> str:
    contents = [c for c in entry.get("content", []) if isinstance(c.get("value"), str) and c["value"].strip()]
    if contents:
        return max(contents, key=lambda c: len(c["value"]))["value"]
    return entry.get("summary") or entry.get("description") or ""


def _entry_authors(entry: feedparser.FeedParserDict) -> list[str]:
    names = [a.get("name") for a in entry.get("authors", []) if isinstance(a, dict) and a.get("name")]
    if not names and entry.get("author"):
        names = [entry["author"]]
    return [clean_inline_text(n) or "" for n in names if n]


def parse_entry(entry: feedparser.FeedParserDict, channel_title: str | None) -> ParsedArticle:
    body = _entry_body(entry)
    paragraphs, dropped, dropped_chars = text_field_paragraphs(body)
    link = entry.get("link") or ""
    if not link.startswith(("http://", "https://")):
        guid = entry.get("id") or ""
        link = guid if guid.startswith(("http://", "https://")) else ""
    return build_article(
        paragraphs,
        title=clean_inline_text(entry.get("title")),
        url=link or None,
        published=entry.get("published") or entry.get("updated") or entry.get("created"),
        authors=[a for a in _entry_authors(entry) if a],
        site_name=channel_title,
        raw_char_count=len(body),
        removed_boilerplate_lines=dropped,
        removed_char_count=dropped_chars,
    )


def parse_feed(text: str) -> list[ParsedArticle | RejectError]:
    """A feed file → one slot per item. The whole file fails when unsafe or when no item can be read."""
    check_xml_safety(text)
    # The text is already decoded: hand feedparser UTF-8 bytes with a matching declaration (never a str, which it
    # could take for a URL to fetch).
    data = XML_DECL.sub('<?xml version="1.0" encoding="utf-8"?>', text, count=1).encode("utf-8")
    parsed = feedparser.parse(data, sanitize_html=False, resolve_relative_uris=False)
    entries = parsed.get("entries", [])
    if not entries:
        problem = parsed.get("bozo_exception")
        raise RejectError(
            "invalid_xml" if problem else "no_text", f"no feed items: {problem or 'empty feed'}"[:200]
        )
    channel_title = clean_inline_text(parsed.get("feed", {}).get("title"))
    slots: list[ParsedArticle | RejectError] = []
    for entry in entries:
        try:
            slots.append(parse_entry(entry, channel_title))
        except (TypeError, ValueError, AttributeError) as exc:
            slots.append(RejectError("parse_error", f"{type(exc).__name__}: {exc}"[:200]))
    return slots
