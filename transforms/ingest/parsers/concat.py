"""Text files that run many articles together (a portal scrape saved as one line), split back into articles.

The seams are what every article page ends with:
- a copyright footer (`[© 뉴스1코리아(news1.kr), 무단 전재 및 재배포 금지]`, `저작권자 ⓒ 서울경제, 무단 전재 및
  재배포 금지`, `Copyright(c) … All rights reserved`), optionally followed by the portal's `기사제공 뉴스1`;
- for outlets that print no footer (연합뉴스 on Naver), the reporter's e-mail followed by the outlet's `▶` link block
  (`▶기사제보 및 문의▶로봇이 쓰는 올림픽 속보 ▶올림픽 챗봇 체험하기`), or directly by the next article's lead byline.

Link-block items are learned from the file itself: an item that opens with `▶`/`☞` and recurs three or more times
is chrome, and its text is the longest prefix its occurrences share (so the next article's first words, which
differ every time, are not eaten). Each piece is then parsed like an article: the text before the lead byline
(`(평창=뉴스1) 임성일 기자 =`, `[서울경제]`) is the subtitle/caption block, the link block and footer after the closing
byline are dropped, and reporters, e-mails and the publisher come from the bylines, e-mail domains, footer and
`기사제공` tag.
"""

from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import dataclass

from transforms.common.publishers import _KNOWN_NAMES, publisher_in_text
from transforms.common.text import block_key
from transforms.ingest.article import build_article
from transforms.ingest.byline import (
    _LOOSE_EMAIL,
    _T_NAMES,
    _TITLE,
    EMAIL_RE,
    split_bracket_lead,
    split_lead_byline,
)
from transforms.ingest.records import ParsedArticle

_OPEN = r"[\[<(【＜〈]"
_CLOSE = r"[\]>)】＞〉]"
FOOTER_RE = re.compile(
    rf"(?:{_OPEN}\s*)?(?:※\s*)?(?:-\s*)?(?:저작권자|Copyrights?|ⓒ|©|\(c\)|\(C\))"
    r"[^\[\]<>\n＜＞]{0,80}?(?:무단\s*(?:전재|복제|배포)|재배포)[^\[\]<>\n＜＞]{0,30}?금지[.\s]*"
    rf"(?:{_CLOSE})?(?:\s*-(?!\d))?"
    r"|Copyright\s*(?:\(c\)|ⓒ|©)[^\n]{0,60}?All rights reserved\.?",
    re.IGNORECASE,
)
_FOOTER_START = re.compile(
    r"[\[<＜(]?\s*(?:※\s*)?(?:-\s*)?(?:저작권자|Copyrights?\b|ⓒ|©|\(c\))", re.IGNORECASE
)
_KNOWN = "|".join(re.escape(name) for name in _KNOWN_NAMES)
PROVIDER_RE = re.compile(rf"\s*기사제공\s*(?P<provider>{_KNOWN})(?:\s*뉴스(?![가-힣]))?")
_LEAD_MARKER = re.compile(
    r"[(【]\s*[가-힣A-Za-z .·]{1,20}=[^)】=]{1,20}[)】]"  # (서울=연합뉴스), 【평창=AP/뉴시스】
    r"|[\[【][^\[\]【】]{2,40}[\]】]"  # [서울경제], [아시아경제 황진영 기자], 【홍천=서정욱 기자】
)
# photo credits in brackets: `(사진=연합뉴스)`, `[EPA=연합뉴스]`, `[파주=사진공동취재단]`
_CREDIT_MARKER = re.compile(r"^.\s*(?:사진|자료|그래픽|출처|사진출처|[A-Z]{2,5})\s*=|^.[^=]*=\s*사진")
_LEAD_BYLINE_MARKER = re.compile(r"[(【]\s*[가-힣A-Za-z .·]{1,20}=[^)】=]{1,20}[)】]")
_EMAIL_END = re.compile(rf"(?:{_LOOSE_EMAIL})[)\]>]?")
_PROMO_START = re.compile(
    r"[▶☞]|\[[^\[\]]{0,20}(?:바로가기|구독|페이스북|트위터|카카오|친구맺기)[^\[\]]{0,20}\]"
)
_LINKS_BEFORE = re.compile(r"(?:\s*[▶☞][^▶☞]{1,40}?){1,6}\s*$")
_GLUED_EMAILS = re.compile(r"(\.(?:com|net|org|kr))(?=[A-Za-z0-9._%+-]{1,64}@)")
_CREDIT_END = re.compile(r"([(\[]\s*(?:사진|사진출처|자료사진)\s*[=:][^)\]]{1,30}[)\]])")
_SPACES = re.compile(r"\s*")
_MIN_ARTICLE_CHARS = 200  # a footer-less seam needs this much text on both sides
_MIN_COUNTED_CHARS = 120  # a piece this long with a byline, e-mail or lead counts as an article


@dataclass
class Piece:
    """One article's span of the file: its text, the footer that closed it, the portal's provider tag."""

    text: str
    footer: str | None = None
    provider: str | None = None


def learn_link_items(text: str, min_count: int = 3) -> list[str]:
    """Recurring `▶`/`☞` link items of this file, longest first (the outlets' chrome)."""
    groups: dict[str, list[str]] = defaultdict(list)
    for match in re.finditer(r"[▶☞]", text):
        chunk = re.split(r"(?<=.)[▶☞]", text[match.start() : match.start() + 48], maxsplit=1)[0]
        footer = _FOOTER_START.search(chunk)
        chunk = chunk[: footer.start()] if footer else chunk
        key = re.sub(r"\s+", "", chunk)[:8]
        if len(key) >= 4:
            groups[key].append(chunk)
    items = []
    for chunks in groups.values():
        if len(chunks) < min_count:
            continue
        prefix = chunks[0]
        for chunk in chunks[1:]:
            while not chunk.startswith(prefix):
                prefix = prefix[:-1]
        prefix = prefix.rstrip()
        if len(prefix) >= 4:
            items.append(prefix)
    return sorted(set(items), key=lambda item: (-len(item), item))


def _link_block(items: list[str]) -> re.Pattern[str]:
    known = "|".join(re.escape(item) for item in items) or r"(?!x)x"
    # learned items anywhere; an unlearned item only when another item follows it (so its end is known)
    return re.compile(rf"(?:\s*(?:{known}|[▶☞][^▶☞]{{1,40}}?(?=\s*[▶☞])))+")


def _soft_seams(chunk: str, link_block: re.Pattern[str], learned: re.Pattern[str]) -> list[int]:
    """Article ends inside a footer-less stretch: a link block of this file's recurring chrome, or an e-mail
    directly followed by the next lead byline (연합뉴스 photo items are that short)."""
    seams = []
    for item in learned.finditer(chunk):
        block = link_block.match(chunk, item.start())
        end = block.end() if block else item.end()
        if _MIN_ARTICLE_CHARS <= item.start() and end <= len(chunk) - _MIN_ARTICLE_CHARS:
            if not seams or end > seams[-1]:
                seams.append(end)
    for email in _EMAIL_END.finditer(chunk):
        position = email.end()
        if _LEAD_BYLINE_MARKER.match(chunk, _SPACES.match(chunk, position).end()):
            if 60 <= position <= len(chunk) - 60:
                seams.append(position)
    return sorted(set(seams))


def split_pieces(text: str) -> list[Piece]:
    """The file cut at its seams, in order. Footers and provider tags are kept with the piece they close."""
    pieces: list[Piece] = []
    items = learn_link_items(text)
    link_block = _link_block(items)
    learned = re.compile("|".join(re.escape(item) for item in items) or r"(?!x)x")
    start = 0
    cuts: list[tuple[int, int, str | None, str | None]] = []  # (piece end, next start, footer, provider)
    closing_tags: set[int] = set()  # provider tags that directly follow a footer
    for footer in FOOTER_RE.finditer(text):
        end = footer.end()
        provider = PROVIDER_RE.match(text, end)
        if provider:
            closing_tags.add(provider.start("provider"))
        cuts.append(
            (
                footer.start(),
                provider.end() if provider else end,
                footer.group(0),
                provider and provider["provider"],
            )
        )
    for provider in PROVIDER_RE.finditer(text):
        if provider.start("provider") not in closing_tags:
            cuts.append((provider.start(), provider.end(), None, provider["provider"]))
    cuts.sort()
    merged: list[tuple[int, int, str | None, str | None]] = []
    for cut in cuts:
        if merged and cut[0] - merged[-1][1] < 40 and not text[merged[-1][1] : cut[0]].strip(" -.>]"):
            last = merged[-1]  # a second footer right after the first (MBC prints two)
            merged[-1] = (last[0], cut[1], last[2] or cut[2], last[3] or cut[3])
        else:
            merged.append(cut)
    for end, next_start, footer, provider in [*merged, (len(text), len(text), None, None)]:
        chunk = text[start:end]
        offsets = [0, *_soft_seams(chunk, link_block, learned), len(chunk)]
        for i, (a, b) in enumerate(zip(offsets, offsets[1:], strict=False)):
            last = i == len(offsets) - 2
            pieces.append(Piece(chunk[a:b], footer if last else None, provider if last else None))
        start = next_start
    return [p for p in pieces if p.text.strip() or p.footer]


def _has_signal(text: str) -> bool:
    return bool(EMAIL_RE.search(text) or _LEAD_BYLINE_MARKER.search(text) or re.search(_TITLE, text))


def is_concatenation(text: str) -> bool:
    """Whether a text file holds several distinct articles run together (two or more substantial pieces with a
    byline, e-mail or lead marker each). One article printed twice is one article."""
    if not (FOOTER_RE.search(text) or re.search(r"[▶☞]", text)):
        return False
    keys = set()
    for piece in split_pieces(text):
        body = piece.text.strip()
        if len(body) >= _MIN_COUNTED_CHARS and _has_signal(body):
            keys.add(block_key(body[:300]))
    return len(keys) >= 2


def _split_tail(text: str, link_items: list[str]) -> tuple[str, str]:
    """(article text up to its closing byline, the link block after it)."""
    window = max(0, len(text) - 600)
    emails = list(_EMAIL_END.finditer(text, window))
    if emails:
        email = emails[-1]
        position = email.end()
        after_name = re.match(rf"\s*{_T_NAMES}\s*(?:{_TITLE})", text[position:])
        if after_name:
            position += after_name.end()
        rest = text[position:]
        if len(rest) < 400 and not re.search(r"[가-힣]{2}다[.\s]", rest):
            # some outlets print the link block before the closing address (`…▶ 노컷뉴스의 동영상 구독하기photo@cbs.co.kr`)
            before = _LINKS_BEFORE.search(text, max(0, email.start() - 300), email.start())
            if before and before.end() == email.start():
                return text[: before.start()] + text[email.start() : position], before.group(0) + rest
            return text[:position], rest
    tail_start = max(0, len(text) - 400)
    promo = _PROMO_START.search(text, tail_start)
    for item in link_items:
        found = text.find(item, tail_start)
        if found >= 0 and (promo is None or found < promo.start()):
            promo = re.compile(re.escape(item)).search(text, found)
    if promo:
        return text[: promo.start()], text[promo.start() :]
    return text, ""


def _strip_head(text: str, link_items: list[str]) -> tuple[str, int]:
    """Leading chrome of a piece: link items, stray brackets, a leading provider tag."""
    removed = 0
    while True:
        stripped = text.lstrip(" \u00a0\t＞>-")
        for item in link_items:
            if stripped.startswith(item):
                stripped = stripped[len(item) :]
                break
        else:
            provider = PROVIDER_RE.match(stripped)
            if provider:
                stripped = stripped[provider.end() :]
        if stripped == text:
            return text, removed
        removed += len(text) - len(stripped)
        text = stripped


def _split_lead(text: str) -> tuple[str, str]:
    """(subtitle/caption block, body from the lead byline on). No lead byline: the whole text is body.

    A `(서울=연합뉴스) 이름 기자 =` lead wins over bracket tags; `[EPA=연합뉴스]` (a photo credit) is never a lead.
    """
    candidates = []
    with_names = []
    for marker in _LEAD_MARKER.finditer(text[:600]):
        token = marker.group(0)
        if _CREDIT_MARKER.match(token):
            continue
        head = text[marker.start() : marker.start() + 120]
        parsed = split_lead_byline(head) if token[0] in "(【" and "=" in token else split_bracket_lead(head)
        if parsed is None:
            continue
        candidates.append(marker)
        if parsed[0]:
            with_names.append(marker)
    if not candidates:
        return "", text
    marker = with_names[0] if with_names else candidates[0]
    prefix = text[: marker.start()].strip()
    if len(prefix) > 400:
        return "", text
    # the lead's own spacing is not a paragraph break: `[ 김우섭 기자  ]`
    head = " ".join(text[marker.start() : marker.end()].split())
    return prefix, head + text[marker.end() :]


def parse_piece(piece: Piece, link_items: list[str]) -> ParsedArticle:
    """One piece of a concatenation → `ParsedArticle`."""
    raw_chars = len(piece.text) + len(piece.footer or "")
    # `srbaek@yna.co.krkong79@yna.co.kr`: two addresses the scraper ran together
    text, removed_head = _strip_head(_GLUED_EMAILS.sub(r"\1 ", piece.text), link_items)
    text, link_tail = _split_tail(text, link_items)
    title = None
    if "\n" in text.strip():
        # a dump with line breaks keeps each article's headline on its own first line
        first, rest = text.strip().split("\n", 1)
        if len(first) <= 200 and not _LEAD_MARKER.match(first):
            title, text = first.strip(), rest
    subtitle, body = _split_lead(text)
    # The scraper replaced some sentence ends (and all line breaks) by runs of spaces; a photo credit closes a
    # caption (`▲ 전진교 빠져 나오는 북한 대표단 (사진=연합뉴스)`), so it ends a line too.
    body = _CREDIT_END.sub(r"\1\n", body)
    lines = [line for line in re.split(r"[ \u00a0]{2,}|\n", body) if line.strip()]
    if piece.footer:
        lines.append(piece.footer.strip())
    # 연합뉴스TV prints no footer, but its link block names it: `▶ 대한민국 뉴스의 시작, 연합뉴스TV 앱 다운받기`
    provider = piece.provider or publisher_in_text(link_tail)[0]
    article = build_article(
        lines,
        title=title,
        subtitle=" ".join(subtitle.split()) or None,
        source_name=provider,
        raw_char_count=raw_chars,
        removed_boilerplate_lines=int(bool(link_tail.strip())),
        removed_char_count=removed_head + len(link_tail),
    )
    article.removed_char_count = max(article.removed_char_count, raw_chars - len(article.body_text))
    return article


def parse_concatenated(text: str) -> list[ParsedArticle]:
    """Every article of a concatenated text file, in file order (one record per piece, short ones included: the
    caller rejects those with too little body)."""
    link_items = learn_link_items(text)
    pieces = [
        piece for piece in split_pieces(text) if len(_strip_head(piece.text, link_items)[0].strip()) >= 20
    ]
    return [parse_piece(piece, link_items) for piece in pieces]
