"""Organizations an article names once in full and then by a short name it defines: `의료개혁 추진을 위한 대학총장
협의회(총협)`, `한국예술재단(이하 예술재단)`. A speaker written with the short name (`총협은 “…”`) is the organization
of the full name.

When an ORG mention that holds the short name's letters in order ends right before the parenthesis, the short name
is that entity. Otherwise the full name is
read from the words before the parenthesis: they must end like an organization (the entities lexicon's org endings)
and are taken back to the nearest word that starts with the short name's first letter, so that the short name's
letters stand in them in order (협의회 ... 총장 ... 의료: an acronym's letters). No such words: no definition.
"""

from __future__ import annotations

import re
import unicodedata

from transforms.entities.identity import entity_key
from transforms.entities.lexicon import ORG_SUFFIXES

_DEFINED = re.compile(r"\((?:이하\s*)?([가-힣A-Za-z]{2,10})\)")
# How many words a full name may have, read back from the parenthesis.
MAX_NAME_WORDS = 8


def in_order(short: str, full: str) -> bool:
    """Whether the letters of `short` appear in `full` in order."""
    letters = iter(full)
    return all(ch in letters for ch in short)


def canonical(name: str) -> str:
    """As transforms.entities.normalize.canonical_name: NFKC, spaces folded, trimmed."""
    return " ".join(unicodedata.normalize("NFKC", name).split())


def _full_name_before(body: str, paren: int, short: str) -> str | None:
    line_start = max(body.rfind("\n", 0, paren), body.rfind(".", 0, paren), body.rfind(",", 0, paren)) + 1
    words = [w.strip("‘’“”\"'") for w in body[line_start:paren].split()[-MAX_NAME_WORDS:]]  # ‘…(약칭)’
    if not words or not words[-1].endswith(ORG_SUFFIXES) or words[-1] == short:
        return None
    for i in range(len(words) - 1, -1, -1):
        if words[i].startswith(short[0]) and in_order(short, "".join(words[i:])):
            return " ".join(words[i:])
    return None


def defined_abbreviations(
    body: str, orgs: list[tuple[int, int, int, str]]
) -> dict[str, tuple[int, str, bool]]:
    """Short name -> (entity_key, canonical name, is_new) of the organization it was defined for.

    Args:
        body: the article body.
        orgs: the article's ORG mentions as (start, end, entity_key, canonical_name).
    `is_new`: the full name is no mention of the article, so its ORG entity is made here (keyed like every entity).
    """
    ends = {end: (key, name) for _, end, key, name in orgs}
    out: dict[str, tuple[int, str, bool]] = {}
    for found in _DEFINED.finditer(body):
        short, paren = found.group(1), found.start()
        if short in out:
            continue
        before = ends.get(paren) or ends.get(paren - 1)
        # the mention is the full name only if it holds the short name's letters in order: an entity rule may
        # have cut `지역 균형 발전을 위한 시장협의회(지균협)` to 시장협의회
        if (
            before is not None
            and canonical(before[1]) != short
            and in_order(short, before[1].replace(" ", ""))
        ):
            out[short] = (before[0], before[1], False)
            continue
        full = _full_name_before(body, paren, short)
        if full is not None:
            name = canonical(full)
            out[short] = (entity_key("ORG", name), name, True)
    return out
