"""Later mentions of a person already introduced with a title: a surname with a title (`오 시장`, `김 판사`), a
surname with 씨 after an aged person (`최 씨`) or with 여사 (`김 여사`), and the full name again without a title
(`오세훈은`)."""

from __future__ import annotations

import re
from collections.abc import Iterator

from transforms.entities.lexicon import PRE_NAME_ROLES, SURNAMES_2
from transforms.entities.spans import PARTICLE_ALT, WORD_END, WORD_WITH_PARTICLE_END, Span
from transforms.entities.titles import TITLE_ALT, base_title, titles_compatible

# Surname + optional 전 (former) + title: 오 시장 / 김 구청장 / 이 전 부지사
_SHORT_PERSON = re.compile(
    rf"(?<![가-힣A-Za-z0-9])(?P<surname>{'|'.join(SURNAMES_2)}|[가-힣])\s(?P<former>전\s)?(?P<title>{TITLE_ALT})"
    rf"(?:{PARTICLE_ALT})?{WORD_END}"
)
_SHORT_SSI = re.compile(
    rf"(?<![가-힣A-Za-z0-9])(?P<surname>{'|'.join(SURNAMES_2)}|[가-힣])\s?(?P<title>씨|여사)(?:{PARTICLE_ALT})?{WORD_END}"
)


def find_short_mentions(body: str, people: list[Span]) -> list[Span]:
    """`오 시장`, `김 구청장`: linked to the nearest earlier full mention with that surname and a compatible title.

    A short form with no such antecedent is not emitted: `한 총장` may mean "one president" and `전 의원` may mean
    "former lawmaker", so only a named antecedent makes them a person.
    """
    spans: list[Span] = []
    shorts = [*_SHORT_PERSON.finditer(body), *_SHORT_SSI.finditer(body)]
    former_only = _former_only(people)
    for m in shorts:
        surname, title = m.group("surname"), m.group("title")
        if title == "씨" and _withheld_before(body, surname, m.start()):
            continue  # 이모(52)씨 ... 이씨는: the anonymised person, nobody named
        candidates = [
            (i, p)
            for i, p in enumerate(people)
            if p.start < m.start() and p.surname == surname and _fits(title, p, former_only)
        ]
        if not candidates:
            continue
        # a person who holds this title (`김규현(39) 변호사 ... 김만식(78)씨 ... 김 변호사`) before one who fits only
        # for having no title or 씨; then a person introduced with this title (or 씨, 여사) before one with no title
        holders = (
            [c for c in candidates if c[1].roles and titles_compatible(title, c[1])]
            if title not in ("씨", "여사")
            else []
        )
        titled = [c for c in candidates if c[1].roles or c[1].base_title is not None]
        index, person = max(holders or titled or candidates, key=lambda c: c[1].start)
        end = m.end("title")
        spans.append(
            Span(
                m.start(),
                end,
                "PERSON",
                person.name,
                kind="short",
                surname=surname,
                base_title=base_title(title),
                antecedent=index,
                source="short_form",
            )
        )
    return spans


def _fits(title: str, person: Span, former_only: frozenset[str] = frozenset()) -> bool:
    """Whether a short form's title fits a person: a title they hold in the article (or a shorter printing of it);
    씨 fits a person introduced with 씨, without any title or with former titles only; a person introduced without a title fits any title
    (the tagger finds names without one: 최태원 ... 최 회장). Never a person who holds another title."""
    if not person.roles and person.base_title in (None, "씨"):
        return True
    if (
        title == "여사"
    ):  # 김영희 여사 ... 김 여사: a woman introduced with 여사 or no title; never an office holder
        return person.base_title == "여사" or not person.roles
    if title == "씨":  # 가수 임창정(51)씨 ... 임씨: people named by a profession are 씨 too
        return person.base_title == "씨" or person.base_title in PRE_NAME_ROLES or person.name in former_only
    return titles_compatible(title, person)


def _former_only(people: list[Span]) -> frozenset[str]:
    """The people every title of whom, at every full mention in the article, is a former one (`김민수 전 충청남도
    행정부지사`): papers call a former official 씨 (`이씨는 징역 9년을 선고받았다`), never a serving one (`당시
    경기지사` says nothing of today, and a 대표 elsewhere in the article makes the person no 씨)."""
    roles: dict[str, list[str]] = {}
    for p in people:
        roles.setdefault(p.name, []).extend(role for role, _ in p.roles)
    return frozenset(name for name, held in roles.items() if held and all(r.startswith("전 ") for r in held))


def _withheld_before(body: str, surname: str, end: int) -> bool:
    """An anonymised person with this surname (`이모씨`, `이모(52)씨`, `이모 양`) earlier in the body."""
    return re.search(rf"(?<![가-힣]){surname}모(?:\s?씨|\s?\(|\s[양군])", body[:end]) is not None


def find_repeat_mentions(body: str, people: list[Span]) -> list[Span]:
    """Later bare mentions of a full name already introduced with a title (`오언석 구청장은` is caught by the
    full pattern; this catches `오세훈은` or `정문헌과`)."""
    spans: list[Span] = []
    taken = {(p.start, p.end) for p in people}
    for index, person in enumerate(people):
        for start in _name_occurrences(body, person.name):
            end = start + len(person.name)
            if (start, end) in taken or start < person.start:
                continue
            taken.add((start, end))
            spans.append(
                Span(
                    start,
                    end,
                    "PERSON",
                    person.name,
                    kind="full",
                    surname=person.surname,
                    antecedent=index,
                    source="repeat",
                )
            )
    return spans


def _name_occurrences(body: str, name: str) -> Iterator[int]:
    """Where `name` stands as a word (no Hangul before it; a particle at most after it), found with str.find and one
    compiled pattern: a pattern per name was compiled per article (a quarter of the entity stage's time)."""
    pos = body.find(name)
    while pos >= 0:
        end = pos + len(name)
        if (pos == 0 or not "가" <= body[pos - 1] <= "힣") and WORD_WITH_PARTICLE_END.match(body, end):
            yield pos
            pos = body.find(name, end)
        else:
            pos = body.find(name, pos + 1)
