"""Plain-text article scrapes: title, UI crumbs, subtitle lines, body, byline, repeated blocks.

The layout this handles is what a copy-paste or `innerText` scrape of a Korean news page gives: the title first,
then share/scrap/print crumbs, a subtitle block of short lines, body paragraphs, a closing byline, and often a block
(or the whole body) printed a second time. Unlike an article body from structured sources, the title is the first
line, and bylines, e-mail lines and copyright lines may stand on any line; so this module reads the text itself,
and `transforms.ingest.article.article_record` makes the record, as for every other parser.
"""

from __future__ import annotations

import re

from transforms.common.text import block_key, normalize_text
from transforms.ingest.article import ArticleBody, article_record
from transforms.ingest.boilerplate import DEFAULT_CRUMBS, is_crumb
from transforms.ingest.byline import EMAIL_RE, attach_emails, parse_byline_line
from transforms.ingest.records import ParsedArticle, Reporter

_COPYRIGHT = re.compile(r"(?:ⓒ|©|\(c\)|Copyright|저작권자|무단\s*전재|재배포\s*금지)", re.IGNORECASE)
_COPYRIGHT_HOLDER = re.compile(r"(?:ⓒ|©|저작권자\s*[ⓒ©]?)\s*\(?\s*([가-힣A-Za-z0-9&.\s]{2,20}?)\s*[\),.]")
_SENTENCE_END = re.compile(r"(?:다|요|까|죠|음|함|됨)[.!?]?[\"'”’)]*$|[.!?][\"'”’)]*$")


def is_paragraph(line: str) -> bool:
    """Running text rather than a headline-style line: long, or ending like a sentence."""
    return len(line) >= 60 or (len(line) >= 25 and bool(_SENTENCE_END.search(line)))


def parse_plain_text(raw: str, *, crumbs: frozenset[str] = DEFAULT_CRUMBS) -> ParsedArticle:
    """Parse one plain-text scrape into a `ParsedArticle`.

    Args:
        raw: the decoded file text.
        crumbs: lines to drop as page chrome.
    Returns: one article; `removed_repeated_blocks` counts lines dropped because an identical line came earlier,
    `removed_boilerplate_lines` counts crumbs and copyright lines.
    """
    text = normalize_text(raw)
    lines = [line for line in text.split("\n") if line]
    removed_boilerplate = 0
    removed_repeated = 0
    removed_chars = 0
    reporters: list[Reporter] = []
    emails: list[str] = []
    copyright_holder: str | None = None
    kept: list[str] = []
    seen: set[str] = set()

    for line in lines:
        if is_crumb(line, crumbs):
            removed_boilerplate += 1
            removed_chars += len(line)
            continue
        key = block_key(line)
        if key in seen:
            removed_repeated += 1
            removed_chars += len(line)
            continue
        seen.add(key)
        byline = parse_byline_line(line)
        if byline is not None and kept:
            reporters.extend(r for r in byline if r.name not in {x.name for x in reporters})
            continue
        if EMAIL_RE.fullmatch(line):
            emails.append(line)
            continue
        if _COPYRIGHT.search(line) and len(line) < 120:
            removed_boilerplate += 1
            removed_chars += len(line)
            holder = _COPYRIGHT_HOLDER.search(line)
            copyright_holder = copyright_holder or (holder.group(1).strip() if holder else None)
            continue
        kept.append(line)

    title: str | None = None
    if kept and not (len(kept) == 1 or len(kept[0]) > 200):
        title = kept.pop(0)
    elif len(kept) == 1 and not is_paragraph(kept[0]):  # a headline alone: a title without a body
        title = kept.pop(0)
    subtitle_lines: list[str] = []
    while kept and not is_paragraph(kept[0]) and len(kept) > 1:
        subtitle_lines.append(kept.pop(0))

    attach_emails(reporters, emails)
    # Only the addresses attached to a reporter are publisher clues here (`read_article_body` passes loose ones too).
    body = ArticleBody(
        lines=kept,
        title=title,
        subtitle="\n".join(subtitle_lines),
        reporters=reporters,
        emails=[r.email for r in reporters if r.email],
        agency=copyright_holder,
        removed_repeated=removed_repeated,
        removed_boilerplate=removed_boilerplate,
        removed_chars=removed_chars,
    )
    return article_record(body, raw_char_count=len(raw))
