"""Names the world already knows: the multi-word names in Kiwi's model package (kiwipiepy_model `multi.dict`, about
252k Wikidata labels in Korean with the class of each: 174k people, films, clubs, companies, fictional characters),
with their variant spellings (`더글라스 애덤스` -> 더글러스 애덤스).

They do two jobs in the entity stage:
- propose people the tagger misses: a known person's name written out in full (`안톤 체호프`, `빌 게이츠`) is a
  person wherever it stands as whole words (named as the text writes it);
- screen what the tagger proposes: a "person" that Wikidata knows as a film, a club, a company or a fictional
  character is not one (`노트르담 드 파리`, a novel's hero).

Only names of two words or more are here (single words are too often ordinary words), so `김 위원장` or a Korean
name without spaces never comes from this list. The file ships with a pinned PyPI package (Apache-2.0; the labels
are Wikidata's, CC0), so the lookup is the same on every machine and in every run.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from functools import lru_cache
from importlib.resources import files

import ahocorasick

from transforms.entities.spans import NAME_END, Span, leftmost_longest

# Wikidata classes (`# Q…` at the end of each line) and what they make a name.
PERSON_CLASSES = frozenset({"Q5"})
FICTIONAL_CLASSES = frozenset({"Q15632617", "Q95074", "Q15773317", "Q15773347"})
WORK_CLASSES = frozenset(
    {"Q11424", "Q5398426", "Q7889", "Q7725634", "Q482994", "Q134556", "Q15416", "Q7366", "Q571", "Q21198342"}
)
ORG_CLASSES = frozenset(
    {
        "Q4830453",
        "Q476028",
        "Q215380",
        "Q3918",
        "Q43229",
        "Q783794",
        "Q891723",
        "Q7278",
        "Q163740",
        "Q3914",
        "Q9842",
    }
)
PLACE_CLASSES = frozenset(
    {
        "Q515",
        "Q6256",
        "Q23442",
        "Q8502",
        "Q4022",
        "Q41176",
        "Q33506",
        "Q55488",
        "Q34442",
        "Q928830",
        "Q1248784",
    }
)


@dataclass(frozen=True, slots=True)
class KnownName:
    canonical: str
    kind: str  # PERSON, FICTIONAL, WORK, ORG, LOCATION, OTHER


def _kind(qid: str) -> str:
    if qid in PERSON_CLASSES:
        return "PERSON"
    if qid in FICTIONAL_CLASSES:
        return "FICTIONAL"
    if qid in WORK_CLASSES:
        return "WORK"
    if qid in ORG_CLASSES:
        return "ORG"
    if qid in PLACE_CLASSES:
        return "LOCATION"
    return "OTHER"


@lru_cache(maxsize=1)
def known_names() -> dict[str, KnownName]:
    """Every multi-word name of the dictionary (and each variant spelling) -> its canonical name and kind."""
    text = files("kiwipiepy_model").joinpath("multi.dict").read_text(encoding="utf-8")
    names: dict[str, KnownName] = {}
    for line in text.splitlines():
        if not line or line.startswith("#"):
            continue
        parts = line.split("\t")
        if len(parts) < 4 or not parts[3].startswith("# Q"):
            continue
        name, analysis, qid = parts[0], parts[1], parts[3][2:].strip()
        canonical = analysis.split("/")[0] if "/" in analysis else name
        if " " not in name or len(name) < 4:
            continue
        names.setdefault(name, KnownName(canonical, _kind(qid)))
    return names


@lru_cache(maxsize=1)
def _person_automaton() -> ahocorasick.Automaton:
    automaton = ahocorasick.Automaton()
    for name, known in known_names().items():
        if known.kind == "PERSON":
            automaton.add_word(name, (len(name), known.canonical))
    automaton.make_automaton()
    return automaton


def find_known_people(body: str) -> list[Span]:
    """Full names of known people written as whole words (`안톤 체호프의`, `빌 게이츠는`), longest first."""
    found: list[Span] = []
    for end_index, (length, _canonical) in _person_automaton().iter(body):
        start, end = end_index - length + 1, end_index + 1
        if start > 0 and (body[start - 1].isalnum()):
            continue
        if not NAME_END.match(body, end):
            continue
        # the name as this text writes it (a variant spelling stays as written: the article's own form is the one
        # readers search for, and the same spelling across articles keeps one entity)
        name = body[start:end]
        found.append(Span(start, end, "PERSON", name, source="wikidata", surname=name.split()[-1]))
    return leftmost_longest(found)


# A first word that starts this many known people's names is a given name (존 1,609, 앤서니 183, 마거릿 96; 모스 3)
GIVEN_NAME_MIN_PEOPLE = 20


@lru_cache(maxsize=1)
def _given_names() -> frozenset[str]:
    counts = Counter(name.split()[0] for name, known in known_names().items() if known.kind == "PERSON")
    return frozenset(word for word, n in counts.items() if n >= GIVEN_NAME_MIN_PEOPLE)


def is_given_name(word: str) -> bool:
    """Whether `word` is a given name: the first word of many multi-word names of people Wikidata knows."""
    return word in _given_names()


def known_kind(name: str) -> str | None:
    """What the dictionary says a multi-word name is (PERSON, FICTIONAL, WORK, ORG, LOCATION, OTHER), or None."""
    known = known_names().get(name)
    return known.kind if known else None


@lru_cache(maxsize=1)
def _person_name_words() -> frozenset[str]:
    words: set[str] = set()
    for name, known in known_names().items():
        if known.kind == "PERSON":
            parts = name.split()
            words.update((parts[0], parts[-1]))
    return frozenset(words)


def names_a_known_person(name: str) -> bool:
    """Whether Wikidata knows `name` as a person: a full name, or the first or last word of one (나폴레옹 of 나폴레옹
    보나파르트, 링컨 of 에이브러햄 링컨)."""
    return known_kind(name) == "PERSON" or name in _person_name_words()
