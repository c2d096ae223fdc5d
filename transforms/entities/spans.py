"""What every recognizer emits and the word shapes they share: `Span`, particles, word ends, tokens, `merge_spans`.

A `Span` is one mention; the rules modules (people, short_forms, orgs_places, events, law_firms, defined_aliases)
are recognizers for what the KLUE gold data does not label (titles, roles, affiliations, short forms, events). A
statistical tagger plugs in as another recognizer whose spans `merge_spans` combines with these (rules win on
overlap because they carry roles).
"""

from __future__ import annotations

import re
from bisect import bisect_left
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from functools import lru_cache
from typing import TypeVar

from transforms.common.patterns import longest_first_alternation
from transforms.entities.lexicon import PARTICLES

T = TypeVar("T")
WORD_END = r"(?=[\s,.·!?\"'”’)\]]|$)"
PARTICLE_ALT = longest_first_alternation(PARTICLES)  # PARTICLES: longest first
# The end of a name's word: a particle at most, then a word boundary (`오세훈은`, `22대 총선에서`)
WORD_WITH_PARTICLE_END = re.compile(rf"(?:{PARTICLE_ALT})?{WORD_END}")
TOKEN = re.compile(r"[^\s,·‧・“”‘’\"'()\[\]△▲▽▼○●■□◆◇※▶▷◀◁☞☜→←★☆♥♡-]+")
SENTENCE_END = ".!?…"


@lru_cache(maxsize=2)
def tokens_of(body: str) -> tuple[tuple[int, int, str], ...]:
    """(start, end, word) of each TOKEN of a body, kept for the last bodies: the event and the organization rules
    read the same words of the same body."""
    return tuple((m.start(), m.end(), m.group()) for m in TOKEN.finditer(body))


@dataclass(slots=True)
class Span:
    """One mention found by a recognizer. `start`/`end` are Python str offsets into the body (end exclusive)."""

    start: int
    end: int
    label: str  # PERSON, ORG, LOCATION, EVENT
    name: str  # the entity's name as the mention gives it, particles stripped
    kind: str = "full"  # full, short, alias
    source: str = "rules"
    roles: list[tuple[str, str | None]] = field(default_factory=list)  # (role, affiliation)
    surname: str | None = None
    base_title: str | None = None
    antecedent: int | None = None  # index of the full mention a short form refers to
    margin: float | None = None  # a tagger's person: how sure the model is (NerTagger.tag_scored)


# The longest particle that leaves a stem of at least two characters (a lazy stem finds the longest particle).
_PARTICLE_SUFFIX = re.compile(rf"^(.{{2,}}?)(?:{'|'.join(PARTICLES)})$", re.DOTALL)


@lru_cache(maxsize=1 << 18)  # a night's distinct words: most rules strip every word of every body
def strip_particle(word: str) -> str:
    """`서울시는` -> `서울시`, `CES를` -> `CES`; keeps words that are only a particle."""
    match = _PARTICLE_SUFFIX.match(word)
    return match.group(1) if match else word


# After a name found by a dictionary scan: a particle at most, then a word boundary or a bracket (`빌 게이츠는`, `X(57)`)
NAME_END = re.compile(rf"(?:{PARTICLE_ALT})?(?=[\s,.·!?\"'”’)\]\(]|$)")


def leftmost_longest(spans: list[Span]) -> list[Span]:
    """Non-overlapping spans of a dictionary scan: leftmost first, the longest where several start together."""
    chosen: list[Span] = []
    for span in sorted(spans, key=lambda s: (s.start, -(s.end - s.start))):
        if not any(span.start < c.end and c.start < span.end for c in chosen):
            chosen.append(span)
    return chosen


def merge_spans(*groups: Iterable[Span]) -> list[Span]:
    """Combine recognizers' spans: earlier groups win on overlap; the result is sorted by offset."""
    chosen: list[Span] = []
    # the chosen spans' starts and ends in offset order: they do not overlap, so both lists are sorted, and the one
    # chosen span that can overlap a new one is the last to start before the new one ends
    starts: list[int] = []
    ends: list[int] = []
    for group in groups:
        for span in group:
            if span.end <= span.start:
                continue
            k = bisect_left(starts, span.end)
            if k and ends[k - 1] > span.start:
                continue
            starts.insert(k, span.start)
            ends.insert(k, span.end)
            chosen.append(span)
    chosen.sort(key=lambda s: (s.start, s.end))
    return chosen


def words_found(
    tokens: Iterable[tuple[int, int, str]], letters: frozenset[str], check: Callable[[str], T | None]
) -> dict[str, T]:
    """`check(word)` of each distinct word of `tokens` (tokens_of) that holds one of `letters`, where it finds
    something: the word rules that look for a few endings (a head's title, an event word) decide once per word, and
    rule out most words with one letter test before their (cached) check."""
    return {
        word: found
        for word in {word for _, _, word in tokens}
        if not letters.isdisjoint(word) and (found := check(word)) is not None
    }


def word_starts(body: str, name: str, alnum_before: bool = False) -> Iterator[int]:
    """Every position where `name` starts a word: no Hangul before it (with `alnum_before`, no letter or digit either).
    str.find only: this runs for every tagger name of every article, where a pattern compiled per name would not be
    cached."""
    pos = body.find(name)
    while pos >= 0:
        before = body[pos - 1] if pos else ""
        if not ("가" <= before <= "힣" or (alnum_before and before.isascii() and before.isalnum())):
            yield pos
        pos = body.find(name, pos + 1)


def later_occurrences(
    body: str, names: dict[str, int], label: str, source: str, word_end: bool = False
) -> list[Span]:
    """Spans for each name wherever it stands again after its position in `names` (name -> where to start looking),
    with no letter or digit before it (and, with `word_end`, at most a particle after it: 구글 of 구글코리아 is not
    구글). The organizations a rule found once (a quoted channel, a listed company) are these names again later."""
    spans = []
    for name, after in names.items():
        pos = body.find(name, after)
        while pos >= 0:
            before = body[pos - 1] if pos else " "
            if not ("가" <= before <= "힣" or before.isalnum()) and (
                not word_end or NAME_END.match(body, pos + len(name))
            ):
                spans.append(Span(pos, pos + len(name), label, name, source=source))
            pos = body.find(name, pos + len(name))
    return spans
