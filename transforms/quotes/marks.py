"""Quoted spans in a body, and which of them are quotations.

Korean news prints what was said between double marks (“…”, or straight "…") followed by a quotative particle
(`라고 말했다`, `고 밝혔다`, `며 “…”`); single marks (‘…’) mostly set off terms, titles and slogans (`‘검수완박’
법안`), and hold a quotation only when a reporting expression follows (`‘…’라는 글을 올렸다`). Marks inside a
quotation (its nested quotes) are part of it, not quotations of their own.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from transforms.quotes.lexicon import REPORTING_TAILS, TITLE_NOUNS, WRITTEN_NOUNS

DOUBLE = {"“": "”", '"': '"'}
SINGLE = {"‘": "’", "'": "'"}
# A quotation may run over one paragraph break (an answer of two paragraphs); further than that, a mark is unpaired.
MAX_BREAKS = 1
_TAIL = re.compile("|".join(re.escape(t) for t in REPORTING_TAILS))
# Sentence-final endings of spoken or written Korean (다, 요, 까, 죠 ...), before closing punctuation.
_SENTENCE_END = re.compile(
    r"(다|요|까|죠|지|네|자|라|냐|나|군|오|어|아|데|걸|음|함|임|됨|야|래|게|니)[.?!…~]*$|[.?!…]$"
)


@dataclass(frozen=True)
class Quoted:
    """Words between a pair of marks: `start`/`end` bound the words (without the marks)."""

    start: int
    end: int
    mark: str  # the opening mark
    is_quotation: bool
    reason: str  # why it is, or is not, a quotation


@lru_cache(maxsize=8)
def _mark_finder(opening: str) -> re.Pattern[str]:
    return re.compile("[" + re.escape(opening) + "]")


def _pairs(body: str, marks: dict[str, str], taken: list[tuple[int, int]]) -> list[tuple[int, int, str]]:
    """(open, close, mark) of each outermost pair of `marks` outside the spans in `taken`. The scan jumps from one
    opening mark to the next (a regular expression finds them; the body's other characters are not visited)."""
    out: list[tuple[int, int, str]] = []
    i = 0
    inside = lambda pos: any(a <= pos < b for a, b in taken)  # noqa: E731
    finder = _mark_finder("".join(marks))
    while (found := finder.search(body, i)) is not None:
        i = found.start()
        ch = body[i]
        if not inside(i):
            close = marks[ch]
            if ch == "'" and i > 0 and body[i - 1].isascii() and body[i - 1].isalnum():
                i += 1  # an apostrophe (Devil's), not a mark
                continue
            j = body.find(close, i + 1)
            reopen = body.find(ch, i + 1) if ch != close else -1
            if j > i + 1 and (reopen < 0 or j < reopen) and body.count("\n", i, j) <= MAX_BREAKS:
                out.append((i, j, ch))
                i = j + 1
                continue
        i += 1
    return out


def sentence_like(words: str) -> bool:
    """Whether quoted words read as an utterance rather than a term: a sentence ending, or several words."""
    words = words.strip().rstrip("”’\"' ")
    return bool(_SENTENCE_END.search(words)) or words.count(" ") >= 3


def reporting_tail(body: str, close: int) -> str | None:
    """The quotative particle right after a closing mark (`라고`, `고`, `며` ...), if any."""
    found = _TAIL.match(body, close + 1)
    return found.group(0) if found else None


def _next_word(body: str, pos: int) -> str:
    found = re.match(r"\s*([^\s.,]*)", body[pos : pos + 20])
    return found.group(1) if found else ""


def classify(body: str, start: int, end: int, mark: str) -> tuple[bool, str]:
    """Whether the words at [start, end) between `mark`s are a quotation, and why."""
    words = body[start:end]
    close = end  # index of the closing mark
    tail = reporting_tail(body, close)
    after = body[close + 1 : close + 2]
    if mark in SINGLE:
        if not sentence_like(words) or words.count(" ") < 1:
            return False, "single marks around a term"
        if tail is None:
            return False, "single marks with no reporting expression"
        noun = _next_word(body, close + 1 + len(tail))
        if tail in ("라는", "이라는", "는", "란", "이란") and not any(
            noun.startswith(n) for n in WRITTEN_NOUNS
        ):
            return False, "single marks naming a thing"
        return True, f"single marks + {tail}"
    if tail is not None:
        noun = _next_word(body, close + 1 + len(tail))
        if tail in ("라는", "이라는", "란", "이란", "는") and any(noun.startswith(n) for n in TITLE_NOUNS):
            return False, "a title"
        if tail in ("라", "이라", "는", "라는", "이라는", "란", "이란") and not sentence_like(words):
            return False, "marks around a term"
        if tail in ("고", "하고") and not sentence_like(words) and len(words) < 6:
            return False, "marks around a term"
        return True, f"reporting {tail}"
    if after in ("", "\n", " ", ".", ",", "“", '"', "…", ")") and sentence_like(words):
        return True, "an utterance on its own"
    return False, "marks around a term or title"


def find_quoted(body: str) -> list[Quoted]:
    """Every outermost quoted span of a body in order, each told a quotation or not. Single marks inside double
    ones are part of them."""
    doubles = _pairs(body, DOUBLE, [])
    singles = _pairs(body, SINGLE, [(o, c + 1) for o, c, _ in doubles])
    out = []
    for opened, close, mark in sorted(doubles + singles):
        start, end = opened + 1, close
        is_quotation, reason = classify(body, start, end, mark)
        out.append(Quoted(start, end, mark, is_quotation, reason))
    return out
