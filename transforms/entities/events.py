"""Events: numbered wars and elections (`2차 대전`, `22대 총선`, `4·10 총선`), a Latin name with a year
(`CES 2024`) and its later bare mentions, and noun phrases headed by an event word (lexicon: event heads, generic
events, stop words)."""

from __future__ import annotations

import re
from functools import lru_cache

from transforms.common.kiwi import ENDING_TAGS, word_analyser
from transforms.entities.lexicon import (
    ELECTION_DAYS,
    EVENT_HEADS,
    EVENT_STOP_WORDS,
    GENERIC_EVENTS,
    GENERIC_WORDS,
)
from transforms.entities.spans import (
    SENTENCE_END,
    WORD_WITH_PARTICLE_END,
    Span,
    strip_particle,
    tokens_of,
    words_found,
)

_LATIN_EVENT = re.compile(r"(?<![A-Za-z0-9])(?P<name>[A-Z][A-Za-z]{1,9}\s?(?:19|20)\d{2})(?![0-9])")


@lru_cache(maxsize=1 << 16)
def _is_modifier(word: str) -> bool:
    """`열린`, `있는`, `특히`, `이로써`: a verb form, an adverb, a determiner or a word with a particle (Kiwi), which no
    event name starts with."""
    toks = word_analyser().tokenize(word)
    if not toks:
        return False
    last = toks[-1].tag.split("-")[0]
    return last in ENDING_TAGS or last.startswith("J") or toks[0].tag in {"MAG", "MAJ", "MM"}


# Numbered wars and elections, named the way the National Election Commission and encyclopedias do, so that
# `22대 총선`, `제22대 국회의원 선거` and `4·10 총선` are one event, and `2차 대전` is 제2차 세계대전.
_NUMBERED_EVENT = re.compile(
    r"(?<![가-힣0-9·])(?:제\s?)?(?P<n>\d{1,2})\s?(?:"
    r"(?P<war>차\s?(?:세계\s?)?대전)"
    r"|대\s?(?P<assembly>국회의원\s?선거|총선)"
    r"|대\s?(?P<president>대통령\s?선거|대선)"
    r"|회\s?(?P<local>(?:전국\s?동시\s?)?지방\s?선거))"
    r"|(?<![가-힣0-9·])(?P<month>\d{1,2})·(?P<day>\d{1,2})\s?(?P<dated>총선|대선)"
)


def _numbered_event(m: re.Match[str]) -> str | None:
    if m.group("dated"):
        return ELECTION_DAYS.get((m.group("dated"), int(m.group("month")), int(m.group("day"))))
    n = int(m.group("n"))
    if m.group("war"):
        return f"제{n}차 세계대전" if n in (1, 2) else None
    if m.group("assembly"):
        return f"제{n}대 국회의원 선거" if 1 <= n <= 30 else None
    if m.group("president"):
        return f"제{n}대 대통령 선거" if 1 <= n <= 30 else None
    return f"제{n}회 전국동시지방선거" if 1 <= n <= 12 else None


# the last letters of the event words: a word with none of them ends in no event word
_EVENT_HEAD_ENDS = frozenset(head[-1] for head in EVENT_HEADS)


@lru_cache(maxsize=1 << 16)
def _event_head(word: str) -> tuple[str, str] | None:
    """The word without its particle and the event word it ends in (`서울시리즈에서` -> 서울시리즈, 시리즈), if it
    ends in one and is not a generic word (cached: words repeat across articles, and most end in no event word)."""
    bare = strip_particle(word.rstrip(SENTENCE_END))
    if not bare.endswith(EVENT_HEADS) or bare in GENERIC_WORDS:
        return None
    head = next((h for h in EVENT_HEADS if bare.endswith(h)), None)
    return None if head is None else (bare, head)


def find_events(body: str) -> list[Span]:
    """Events: numbered wars and elections (`2차 대전`, `22대 총선`, `4·10 총선`), `CES 2024` (a Latin name with a
    year) and noun phrases headed by an event word (`MLB 월드투어 서울시리즈`, `서울 스마트 라이프 위크`), within one
    sentence."""
    spans = [
        Span(m.start(), m.end(), "EVENT", name, source="event")
        for m in _NUMBERED_EVENT.finditer(body)
        if WORD_WITH_PARTICLE_END.match(body, m.end()) and (name := _numbered_event(m)) is not None
    ]
    spans += [
        Span(m.start(), m.end(), "EVENT", m.group("name"), source="event")
        for m in _LATIN_EVENT.finditer(body)
    ]
    tokens = tokens_of(body)
    headed = words_found(tokens, _EVENT_HEAD_ENDS, _event_head)
    for i, (start, _end, word) in enumerate(tokens):
        if word not in headed:
            continue
        bare, head = headed[word]
        first = i
        while first > 0 and i - first < 4:
            prev_start, prev_end, prev = tokens[first - 1]
            if (
                prev_end + 1 != tokens[first][0]
                or strip_particle(prev) != prev
                or prev[-1] in "는은을를에서고며다한된인" + SENTENCE_END
                or prev in EVENT_STOP_WORDS
            ):
                break
            if re.fullmatch(r"[0-9~.]+[가-힣]*", prev) or _is_modifier(prev):
                break
            first -= 1
        if first == i and (bare in GENERIC_EVENTS or len(bare) <= len(head) + 1):
            continue
        name_end = start + len(bare)
        spans.append(
            Span(tokens[first][0], name_end, "EVENT", body[tokens[first][0] : name_end], source="event")
        )
    # A bare series name after a dated one refers to it: `CES 2024 ... CES를 방문했다`.
    dated = [s for s in spans if _LATIN_EVENT.fullmatch(s.name)]
    for m in re.finditer(r"(?<![A-Za-z0-9])([A-Z][A-Za-z]{1,9})(?![A-Za-z0-9]|\s?(?:19|20)\d{2})", body):
        editions = [s for s in dated if s.name.startswith(m.group(1)) and s.start < m.start()]
        if editions:
            # The edition the article is about: the most mentioned one, the first on a tie (CES 2024, not CES 2023).
            names = [s.name for s in editions]
            target = max(editions, key=lambda s: (names.count(s.name), -s.start))
            spans.append(Span(m.start(), m.end(), "EVENT", target.name, kind="short", source="event"))
    return spans
