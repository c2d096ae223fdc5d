"""Article metadata shared by the structured parsers (HTML, JSON, feeds, concatenated text).

`build_article` turns paragraphs plus whatever metadata a source has into a `ParsedArticle`: bylines in the lead
(`(서울=연합뉴스) 이영섭 이의진 기자 =`, `[아시아경제 황진영 기자]`) and at the end (`김우섭 기자 duter@hankyung.com`),
copyright lines and photo credits are taken out of the body, and the publisher is resolved from the URL, the
reporters' e-mail domains, the copyright line, the agency tag or the site name, in that order.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence

from transforms.common.publishers import is_publication, resolve_publisher
from transforms.common.text import block_key, detect_language, normalize_text
from transforms.dates.published import parse_datetime
from transforms.ingest.byline import (
    EMAIL_RE,
    REPORTER_TITLES,
    attach_emails,
    parse_byline_line,
    split_bracket_lead,
    split_lead_byline,
    split_trailing_byline,
)
from transforms.ingest.parsers.text import DEFAULT_CRUMBS, is_crumb
from transforms.ingest.records import ParsedArticle, Reporter

# --- reporters from author fields -------------------------------------------------------------------------

_AUTHOR_PREFIX = re.compile(
    r"^(?:by|par|von|por|di|door|av|af|written by|글|글쓴이)\s*[:\s]\s*", re.IGNORECASE
)
_AUTHOR_SPLIT = re.compile(r"\s*(?:;|\||,|\band\b|&|\bund\b|\bet\b|\by\b|·|ㆍ)\s*")
_NON_PERSON = re.compile(
    r"https?://|www\.|\.(?:com|net|org|kr)\b|^\d|\bstaff\b|\bdesk\b|newsroom|editor(?:ial)?s?$|reporters?$|"
    r"\bwriters?\b|\bbureau\b|\bwire\b|\bcorrespondents?\b|\bnews\b|\bpress\b|"
    r"^(?:reuters|ap|afp|upi|dpa|efe|ansa|bloomberg|associated press|agence france-presse|yonhap|xinhua)$|"
    r"뉴스룸|온라인|디지털|인터넷|편집국|취재팀|뉴스팀|뉴스부",
    re.IGNORECASE,
)
_KOREAN_NAME_FIRST = re.compile(r"^([가-힣]{2,4})(?:\s|\(|$)")
# What author fields hold that is not a person: CMS placeholders and labels.
_NOT_AUTHORS = frozenset(
    {
        "username",
        "admin",
        "administrator",
        "submitted",
        "author",
        "authors",
        "by",
        "作者",
        "记者",
        "記者",
        "autor",
        "redaktion",
        "redacción",
        "rédaction",
        "anonymous",
        "unknown",
        "none",
        "null",
        "guest",
        "user",
    }
)


def reporters_from_author(value: str | None) -> list[Reporter]:
    """Reporters from an author/creator/byline field: `인천=이현준 기자`, `김명일 기자`, `정상민 교수(충남대 로스쿨)`,
    `By Erin Cunningham`, `Jane Doe and John Roe`, `홍길동·김철수 기자`. Desks and sites are not people."""
    if not value:
        return []
    text = normalize_text(value).replace("\n", " ").strip()
    if not text or len(text) > 200:
        return []
    emails = EMAIL_RE.findall(text)
    text = text.lstrip("|·-–—:> ")
    if _HANGUL.match(text):  # a Korean credit line: `[place=]NAME [description], …`
        return _korean_author_names(text, emails)
    parsed = parse_byline_line(text)
    if parsed:
        return parsed
    # `수원=권상은 기자, 인천=김현수 기자`: several bylines in one field
    parts = [parse_byline_line(part) for part in re.split(r"\s*[,;/]\s*", text)]
    if len(parts) > 1 and all(parts):
        return merge_reporters(*parts)
    lead = split_lead_byline(text)
    if lead and lead[0]:
        return lead[0]
    text = EMAIL_RE.sub(" ", text).strip(" ,;()[]<>")
    text = _AUTHOR_PREFIX.sub("", text)
    reporters: list[Reporter] = []
    for part in _AUTHOR_SPLIT.split(text):
        part = part.strip(" .,:;-–—")
        if not part or _NON_PERSON.search(part) or part.casefold() in _NOT_AUTHORS:
            continue
        korean = _KOREAN_NAME_FIRST.match(part)
        if korean:
            byline = parse_byline_line(part)
            name = byline[0].name if byline else korean.group(1)
            if byline is None and part.endswith(("기자", "특파원")) and " " not in part:
                continue
        elif re.fullmatch(r"[^\W\d_][\w'’.\- ]{1,60}", part) and 1 <= len(part.split()) <= 5:
            name = part
        else:
            continue
        if name not in {r.name for r in reporters}:
            reporters.append(Reporter(name=name))
    for reporter, email in zip(reporters, emails, strict=False):
        reporter.email = email
    return reporters


_HANGUL = re.compile(r"[가-힣]")
# Desks and generic bylines (`인터넷 기자`, `온라인뉴스부`): no person.
_DESK_WORDS = frozenset(
    {
        "인터넷",
        "온라인",
        "디지털",
        "뉴스",
        "편집",
        "편집부",
        "사회부",
        "정치부",
        "경제부",
        "국제부",
        "문화부",
        "체육부",
        "사진부",
        "영상",
        "사진",
        "그래픽",
        "취재",
        "정리",
        "기획",
        "구성",
        "인턴",
        "기자",
        "특파원",
        "논설위원",
        "연합뉴스",
    }
)


def _korean_author_names(text: str, emails: list[str]) -> list[Reporter]:
    """A Korean creator field: comma-separated credits, each `[place or role=]NAME [description]`.

    `김미향 출판평론가·수필가` is one person with a description; `기획·구성=오주비 기자` credits 오주비; `인천=이현준
    기자` carries a dateline; `인터넷 기자` names a desk, not a person.
    """
    reporters: list[Reporter] = []
    for part in re.split(r"\s*[,;，]\s*", EMAIL_RE.sub(" ", text)):
        part = re.sub(r"\([^)]*\)", " ", part).strip()
        dateline = None
        credit = re.match(r"^([^=]{1,20})=\s*", part)
        if credit:
            label = credit.group(1).strip()
            is_place = not re.search(r"기획|구성|글|사진|그림|영상|정리|취재|편집|디자인", label)
            dateline = label if is_place else None
            part = part[credit.end() :]
        tokens = part.split()
        if not tokens:
            continue
        joined = tokens[0].split("·")
        if len(joined) > 1 and len(tokens) > 1 and tokens[1] in REPORTER_TITLES:
            # `홍길동·김철수 기자`: names joined by a middle dot share the title
            tokens = [*joined, *tokens[1:]]
        match = re.fullmatch(r"([가-힣]{2,4}?)(?:선임기자|기자|특파원)?", tokens[0])
        if not match or match.group(1) in _DESK_WORDS or is_publication(tokens[0]):
            continue
        names = [match.group(1)]
        # `이영섭 이의진 기자`: several names before one title
        for token in tokens[1:]:
            if (
                re.fullmatch(r"[가-힣]{2,4}", token)
                and token not in _DESK_WORDS
                and token not in REPORTER_TITLES
            ):
                names.append(token)
                continue
            break
        if len(names) > 1 and not (len(tokens) > len(names) and tokens[len(names)] in REPORTER_TITLES):
            names = names[:1]  # `김현철 서울 영동고 역사 교사`: one name, then a description
        for name in names:
            if name not in {r.name for r in reporters}:
                reporters.append(Reporter(name=name, dateline=dateline))
    for reporter, email in zip(reporters, emails, strict=False):
        reporter.email = email
    return reporters


def merge_reporters(*groups: Iterable[Reporter]) -> list[Reporter]:
    """One reporter per name, in first-seen order; a later mention fills an e-mail or dateline the first lacked.

    Names are compared case-insensitively (`JEFFREY GETTLEMAN` is `Jeffrey Gettleman`), and a lone lower-case handle
    that is the first name of a known reporter (`devindra`) is that reporter.
    """
    merged: dict[str, Reporter] = {}
    for group in groups:
        for reporter in group:
            key = " ".join(re.sub(r"[\W_]+", " ", reporter.name.casefold()).split())
            if key not in merged and " " not in key and reporter.name.islower():
                key = next((k for k in merged if k.split(" ")[0] == key), key)
            known = merged.get(key)
            if known is None:
                merged[key] = Reporter(reporter.name, reporter.email, reporter.dateline)
            else:
                known.email = known.email or reporter.email
                known.dateline = known.dateline or reporter.dateline
                if known.name.isupper() and not reporter.name.isupper():
                    known.name = reporter.name
    return list(merged.values())


# --- article assembly ---------------------------------------------------------------------------------------

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
    removed_boilerplate = removed_boilerplate_lines
    removed_chars = removed_char_count
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
    publisher_name, publisher_domain = resolve_publisher(
        url=url,
        emails=emails,
        copyright_line=copyright_line,
        agency=agency,
        site_name=site_name,
        source_name=source_name,
    )
    body = "\n".join(lines)
    return ParsedArticle(
        body_text=body,
        title=title,
        subtitle=subtitle or None,
        url=url.strip() if url else None,
        published_at=parse_datetime(published),
        publisher_name=publisher_name,
        publisher_domain=publisher_domain,
        reporters=reporters,
        language=detect_language(body or (title or "")),
        removed_repeated_blocks=removed_repeated,
        removed_boilerplate_lines=removed_boilerplate,
        raw_char_count=raw_char_count,
        removed_char_count=removed_chars,
    )


def _clean_line(value: str | None) -> str | None:
    if not value:
        return None
    cleaned = " ".join(normalize_text(value).split())
    return cleaned or None
