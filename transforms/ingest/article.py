"""The article record from body paragraphs and metadata, for the structured parsers (HTML, JSON, feeds, concatenated
text).

`build_article` turns paragraphs plus whatever metadata a source has into a `ParsedArticle`: bylines in the lead
(`(서울=연합뉴스) 이영섭 이의진 기자 =`, `[아시아경제 황진영 기자]`) and at the end (`김우섭 기자 duter@hankyung.com`),
copyright lines and photo credits are taken out of the body, and the publisher is resolved from the URL, the
reporters' e-mail domains, the copyright line, the agency tag or the site name, in that order.

Two steps: a reader takes the body apart (`read_article_body` here, `parse_plain_text` for plain-text scrapes,
whose title and bylines may stand on any line), and `article_record`, the one place a `ParsedArticle` is made, adds
the publisher, language, date and counts.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from transforms.common.publishers import resolve_publisher
from transforms.common.text import block_key, detect_language, normalize_text
from transforms.dates.published import parse_datetime
from transforms.ingest.authors import merge_reporters, reporters_from_author
from transforms.ingest.boilerplate import DEFAULT_CRUMBS, is_crumb
from transforms.ingest.byline import (
    EMAIL_RE,
    attach_emails,
    parse_byline_line,
    split_bracket_lead,
    split_lead_byline,
    split_trailing_byline,
)
from transforms.ingest.records import ParsedArticle, Reporter

_COPYRIGHT = re.compile(
    r"(?:ⓒ|©|\(c\)|Copyright|저작권자|무단\s*(?:전재|복제|배포)|재배포\s*금지|All rights reserved)",
    re.IGNORECASE,
)
# A caption left in the body: a short paragraph ending in a photo credit (`… 있다. /뉴스1`, `/김영우 기자`),
# a `▲` caption, or a bare credit (`《사진=연합뉴스》`, `(사진=연합뉴스)`, `[EPA=연합뉴스]`).
_CREDIT_ONLY = re.compile(
    r"^[(\[《<〈【]?\s*(?:사진|자료|그래픽|영상|출처|사진출처|자료사진|제공)\s*[=:]\s*[^)\]》>〉】]{1,40}[)\]》>〉】]?$"
    r"|^[(\[《<]?[A-Za-z가-힣]{1,12}\s*=\s*(?:연합뉴스|뉴스1|뉴시스)[)\]》>]?$"
    r"|^[(\[]?[가-힣A-Za-z ]{1,12}\s?제공[)\]]?$"
)
_CREDIT_SUFFIX = re.compile(
    r"[(\[《<]\s*(?:사진|자료|사진출처|출처|자료사진)\s*[=:][^)\]》>]{1,30}[)\]》>]\s*$"
)
_CAPTION_CREDIT = re.compile(
    r"\s/\s?(?:[가-힣]{2,4}\s?기자|뉴스1|연합뉴스|뉴시스|로이터|AP|AFP|EPA|UPI|신화|게티이미지(?:뱅크|코리아)?|"
    r"[가-힣A-Za-z]{1,12}\s?제공|[A-Za-z]+)\s*$"
)


# `▲` opens captions (`▲ 전진교 빠져 나오는 북한 대표단 (사진=연합뉴스)`) but also list items and obituaries.
_CAPTION_WORDS = re.compile(r"사진|제공|촬영|[=/]\s?(?:연합뉴스|뉴스1|뉴시스|AP|AFP|로이터|EPA)")


def _is_caption(paragraph: str) -> bool:
    return bool(
        _CREDIT_ONLY.match(paragraph)
        or (paragraph.startswith("▲") and len(paragraph) < 250 and bool(_CAPTION_WORDS.search(paragraph)))
        or (len(paragraph) < 250 and _CAPTION_CREDIT.search(paragraph))
    )


@dataclass
class ArticleBody:
    """What a reader took out of a source's text: the body lines, the title and subtitle, the reporters and the
    publisher clues found in it (e-mails, a copyright line, an agency tag), and what it removed."""

    lines: list[str]
    title: str | None = None
    subtitle: str | None = None
    reporters: list[Reporter] = field(default_factory=list)
    emails: list[str] = field(default_factory=list)
    copyright_line: str | None = None
    agency: str | None = None
    removed_repeated: int = 0
    removed_boilerplate: int = 0
    removed_chars: int = 0


def build_article(
    paragraphs: Iterable[str],
    *,
    title: str | None = None,
    subtitle: str | None = None,
    url: str | None = None,
    published: object = None,
    authors: str | Sequence[str] | None = None,
    site_name: str | None = None,
    source_name: str | None = None,
    raw_char_count: int = 0,
    removed_boilerplate_lines: int = 0,
    removed_char_count: int = 0,
    crumbs: frozenset[str] = DEFAULT_CRUMBS,
) -> ParsedArticle:
    """A `ParsedArticle` from body paragraphs and source metadata.

    Paragraphs are NFC-normalized and split on newlines; the title repeated as the first paragraph, repeated
    paragraphs, UI crumbs, lead and closing bylines, copyright lines and left-over photo captions are removed (and
    counted). Reporters come from the author field and the bylines in the text, merged by name.
    """
    body = read_article_body(paragraphs, title=title, subtitle=subtitle, authors=authors, crumbs=crumbs)
    return article_record(
        body,
        url=url,
        published=published,
        site_name=site_name,
        source_name=source_name,
        raw_char_count=raw_char_count,
        removed_boilerplate_lines=removed_boilerplate_lines,
        removed_char_count=removed_char_count,
    )


def read_article_body(
    paragraphs: Iterable[str],
    *,
    title: str | None = None,
    subtitle: str | None = None,
    authors: str | Sequence[str] | None = None,
    crumbs: frozenset[str] = DEFAULT_CRUMBS,
) -> ArticleBody:
    """The body of a structured source (title and authors in metadata): lines cleaned as `build_article` says,
    bylines, e-mails and copyright lines taken from the lead and the end only."""
    removed_boilerplate = 0
    removed_chars = 0
    removed_repeated = 0
    title = _clean_line(title)
    subtitle = normalize_text(subtitle).strip() if subtitle else None
    lines: list[str] = []
    seen: set[str] = set()
    title_key = block_key(title) if title else None
    for paragraph in paragraphs:
        for line in normalize_text(paragraph or "").split("\n"):
            line = line.strip()
            if not line:
                continue
            key = block_key(line)
            if key == title_key and not lines:
                removed_repeated += 1
                removed_chars += len(line)
                continue
            if key in seen:
                removed_repeated += 1
                removed_chars += len(line)
                continue
            if is_crumb(line, crumbs) or _is_caption(line):
                removed_boilerplate += 1
                removed_chars += len(line)
                continue
            seen.add(key)
            lines.append(line)

    lead_reporters: list = []
    agency: str | None = None
    if lines:
        lead = split_lead_byline(lines[0])
        if lead is None:
            lead = split_bracket_lead(lines[0])
        if lead is not None:
            lead_reporters, agency, rest = lead
            removed_chars += len(lines[0]) - len(rest)
            if rest:
                lines[0] = rest
            else:
                lines.pop(0)

    trailing: list = []
    loose_emails: list[str] = []
    copyright_line: str | None = None
    for _ in range(6):
        if not lines:
            break
        last = lines[-1]
        byline = parse_byline_line(last)
        if byline is not None and len(lines) > 1:
            trailing[:0] = byline
        elif EMAIL_RE.fullmatch(last):
            loose_emails.insert(0, last)
        elif _COPYRIGHT.search(last) and len(last) < 200:
            copyright_line = copyright_line or last
            removed_boilerplate += 1
        else:
            break
        removed_chars += len(last)
        lines.pop()
    if lines:
        # bylines are short: look at the end of the last paragraph only (a giant run-on line stays linear)
        offset = max(0, len(lines[-1]) - 400)
        closing = split_trailing_byline(lines[-1][offset:])
        if closing is not None:
            found, emails, start = closing
            start += offset
            trailing[:0] = found
            loose_emails[:0] = emails
            removed_chars += len(lines[-1]) - start
            lines[-1] = lines[-1][:start].rstrip()
            if not lines[-1]:
                lines.pop()
    # what the closing byline sat next to: `[사진=연합뉴스]`, `…밝혔습니다.(사진=연합뉴스)`
    while lines and _is_caption(lines[-1]) and len(lines) > 1:
        removed_boilerplate += 1
        removed_chars += len(lines.pop())
    if lines:
        credit = _CREDIT_SUFFIX.search(lines[-1])
        if credit and credit.start() > 0:
            removed_chars += len(lines[-1]) - credit.start()
            lines[-1] = lines[-1][: credit.start()].rstrip()

    if isinstance(authors, str):
        authors = [authors]
    meta_reporters = [r for author in authors or () for r in reporters_from_author(author)]
    reporters = merge_reporters(lead_reporters, meta_reporters, trailing)
    attach_emails(reporters, loose_emails)
    emails = [r.email for r in reporters if r.email] + loose_emails
    return ArticleBody(
        lines=lines,
        title=title,
        subtitle=subtitle,
        reporters=reporters,
        emails=emails,
        copyright_line=copyright_line,
        agency=agency,
        removed_repeated=removed_repeated,
        removed_boilerplate=removed_boilerplate,
        removed_chars=removed_chars,
    )


def article_record(
    body: ArticleBody,
    *,
    url: str | None = None,
    published: object = None,
    site_name: str | None = None,
    source_name: str | None = None,
    raw_char_count: int = 0,
    removed_boilerplate_lines: int = 0,
    removed_char_count: int = 0,
) -> ParsedArticle:
    """The one place a `ParsedArticle` is made, from what a reader found in the text and the source's metadata:
    the publisher resolved from the URL, the e-mails, the copyright line, the agency tag, the site name and the
    source name, in that order; the language detected; the removals counted by the source added to the reader's."""
    publisher_name, publisher_domain = resolve_publisher(
        url=url,
        emails=body.emails,
        copyright_line=body.copyright_line,
        agency=body.agency,
        site_name=site_name,
        source_name=source_name,
    )
    text = "\n".join(body.lines)
    return ParsedArticle(
        body_text=text,
        title=body.title,
        subtitle=body.subtitle or None,
        url=url.strip() if url else None,
        published_at=parse_datetime(published),
        publisher_name=publisher_name,
        publisher_domain=publisher_domain,
        reporters=body.reporters,
        language=detect_language(text or (body.title or "")),
        removed_repeated_blocks=body.removed_repeated,
        removed_boilerplate_lines=removed_boilerplate_lines + body.removed_boilerplate,
        raw_char_count=raw_char_count,
        removed_char_count=removed_char_count + body.removed_chars,
    )


def _clean_line(value: str | None) -> str | None:
    if not value:
        return None
    cleaned = " ".join(normalize_text(value).split())
    return cleaned or None
