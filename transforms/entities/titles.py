"""How a printed title is read: its generic base title (서울시장 -> 시장) and whether a short form's title fits it.

The titles themselves, with their careers and kinds, are rows of lexicon/titles.csv.
"""

from __future__ import annotations

import re

from transforms.entities.lexicon import SHORTER_TITLE, TITLES
from transforms.entities.spans import Span

# Longest first (lexicon.TITLES), so that 구청장 wins over 청장 and 부시장 over 시장.
TITLE_ALT = "|".join(re.escape(t) for t in TITLES)


def base_title(title: str) -> str:
    """The generic title at the end of a printed one: 서울시장 -> 시장, 종로구청장 -> 구청장, 경제정책실장 -> 실장."""
    for t in TITLES:
        if title.endswith(t):
            return t
    return title


def titles_compatible(short_title: str, person: Span) -> bool:
    """A short form's title fits a person if it is the same generic title as one the person holds in the article."""
    wanted = base_title(short_title)
    for role, _ in person.roles:
        held = base_title(role)
        if held == wanted or SHORTER_TITLE.get(held) == wanted:
            return True
    return False
