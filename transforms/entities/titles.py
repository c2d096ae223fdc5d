"""How a printed title is read: its generic base title (서울시장 -> 시장) and whether a short form's title fits it.

The titles themselves, with their careers and kinds, are rows of lexicon/titles.csv.
"""

from __future__ import annotations

from functools import lru_cache

from transforms.common.patterns import longest_first_alternation
from transforms.entities.lexicon import SHORTER_TITLE, TITLES
from transforms.entities.spans import Span

# Longest first (lexicon.TITLES), so that 구청장 wins over 청장 and 부시장 over 시장.
TITLE_ALT = longest_first_alternation(TITLES)


@lru_cache(maxsize=1 << 16)
def base_title(title: str) -> str:
    """The generic title at the end of a printed one: 서울시장 -> 시장, 종로구청장 -> 구청장, 경제정책실장 -> 실장."""
    # most words end in no title: one C-level test before the longest-first scan
    if not title.endswith(TITLES):
        return title
    for t in TITLES:
        if title.endswith(t):
            return t
    return title


# What before a title makes another rank, not a longer name of the same one (수석부시장 is not a 시장)
_RANK_PREFIXES = frozenset({"수석부", "명예", "당시 "})


def titles_compatible(short_title: str, person: Span) -> bool:
    """A short form's title fits a person if it is the same generic title as one the person holds in the article, a
    shorter printing of it, or its end after a body of two syllables or more that holds it (이 총장 for 이원석
    검찰총장, 하 전 의원 for a 전 국회의원), never another rank or word (김 시장 is not 김OO 부시장, 손 사장 not
    손OO 검사장)."""
    wanted = base_title(short_title)
    for role, _ in person.roles:
        printed = role.removeprefix("전 ").removeprefix("당시 ")
        if printed.startswith("선대") and not short_title.startswith("선대"):
            continue  # 최종현 선대회장 is no `최 회장`: the predecessor's post, named so beside the holder's
        held = base_title(printed)
        if held == wanted or SHORTER_TITLE.get(held) == wanted:
            return True
        body = held[: -len(wanted)] if held.endswith(wanted) else ""
        if (
            len(body) >= 2 and body not in _RANK_PREFIXES
        ):  # 검찰|총장, 국회|의원; not 검|사장 (a 사장 is no 검사장)
            return True
    return False
