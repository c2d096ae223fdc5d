"""Which raw form a decoded file is, from its content (never from the file name).

Forms: `html` (an article page), `rss` / `atom` (a feed file), `json` (an object or array), `jsonl` (one JSON
value per line), `xml` (some other XML document: not ingested), `text_concat` (a text file holding many articles
run together), `text` (one plain-text scrape; the fallback).
"""

from __future__ import annotations

import json
import re

FORMS = ("html", "rss", "atom", "json", "jsonl", "xml", "text_concat", "text")

_PROLOG_ITEM = re.compile(
    r"\s*(?:<\?[^>]*\?>|<!--.*?-->|<!DOCTYPE(?:[^\[>]*\[.*?\]\s*>|[^>]*>))", re.IGNORECASE | re.DOTALL
)
_ROOT = re.compile(r"\s*<([A-Za-z_][\w.:-]*)")
_HTML_MARKERS = re.compile(
    r"<!DOCTYPE\s+html|<html[\s>]|<head[\s>]|<body[\s>]|<meta\s[^<>]{0,300}charset|<title>", re.IGNORECASE
)
_HTML_BLOCKS = re.compile(r"<(?:p|div|br|article|section|span|a|h[1-6])\b[^<>]{0,500}>", re.IGNORECASE)
_FEED_ROOTS = {"rss": "rss", "rdf:rdf": "rss", "rdf": "rss", "feed": "atom"}


def xml_prolog(text: str) -> str:
    """What precedes the root element: the XML declaration, comments, processing instructions, the DOCTYPE."""
    position = 0
    head = text[:200_000]
    while True:
        match = _PROLOG_ITEM.match(head, position)
        if not match:
            break
        position = match.end()
    return head[:position]


def xml_root(text: str) -> str | None:
    """The root element name of an XML/HTML document (lower-cased), skipping the prolog, or None."""
    prolog = xml_prolog(text)
    root = _ROOT.match(text, len(prolog))
    return root.group(1).lower() if root else None


def _json_kind(text: str) -> str | None:
    """`json`, `jsonl` or None for text that opens with `{` or `[`."""
    stripped = text.strip()
    try:
        json.loads(stripped)
        return "json"
    except RecursionError:
        return "json"
    except ValueError:
        pass
    lines = [line for line in stripped.split("\n") if line.strip()]
    first = lines[0].strip() if lines else ""
    if len(lines) > 1 and first.startswith("{"):
        try:
            json.loads(first)
            return "jsonl"
        except RecursionError:
            return "jsonl"
        except ValueError:
            pass
        # a broken first line, but the next lines are JSON objects: still JSON Lines
        good = 0
        for line in lines[1:6]:
            try:
                good += isinstance(json.loads(line), dict)
            except (ValueError, RecursionError):
                pass
        if good >= 1:
            return "jsonl"
    # `[속보] …` is a headline, not an array: only bracket openings that look like JSON count as JSON.
    # A number opens an array only when a separator follows it: `[2024 LTAS] 기조 연설` is a headline.
    if re.match(
        r"^(?:\{\s*(?:\"|\}|$)|\[\s*(?:[\[{\"\]]|-?\d+(?:\.\d+)?(?:[eE][+-]?\d+)?\s*[,\]]|(?:true|false|null)\s*[,\]]|$))",
        stripped,
    ):
        return "json"
    return None


def detect_form(text: str) -> str:
    """The raw form of decoded text, by content alone (a `.txt` holding JSON is JSON)."""
    from transforms.ingest.parsers.concat import is_concatenation

    head = text.lstrip("\ufeff \t\r\n")
    if head.startswith("<"):
        root = xml_root(head)
        if root in _FEED_ROOTS:
            return _FEED_ROOTS[root]
        if root == "html" or _HTML_MARKERS.search(head[:5000]):
            return "html"
        if root is not None and head.startswith("<?xml"):
            return "xml"
        if len(_HTML_BLOCKS.findall(head[:20000])) >= 3:
            return "html"
    if head.startswith(("{", "[")):
        kind = _json_kind(head)
        if kind:
            return kind
    if _HTML_MARKERS.search(head[:2000]) and re.search(r"</(?:p|div|body|html)>", head, re.IGNORECASE):
        return "html"
    if is_concatenation(text):
        return "text_concat"
    return "text"
