"""Which person a name is: rules you can explain, applied to every person mention.

A name alone does not identify a person: the corpora hold two 박정훈 (a Chosun reporter and a lawmaker), two 유희동
(a reporter and the head of the weather agency), reporters of the same name at different papers. A person's roles
do: namesakes rarely share a career, while one person's roles over time mostly stay inside one (이재명: 경기지사,
대표, 후보, 대통령 are all public office). So:

1. Each role's title maps, by its longest known ending, to a career (CAREERS): public office, law, academia,
   military, business, press, sports, arts, medicine, religion, education, professional services. Generic heads
   any career has (대표, 위원장, 이사장, 원장, 실장, 팀장...) and degrees (박사) map to none and decide nothing.
2. In one article, a name's anchor is its most specific career (by CAREER_PRIORITY); a journalist is anchored to
   the publisher as well (`press:법률신문`), as bylines are: two reporters of one name at two papers are two people.
3. The person's key is (PERSON, name, anchor): the same name with the same career is one person across documents
   and nights; with different careers, different people.
4. A mention whose article gives no career (a bare name, or only a generic title) is linked at load time to the
   one anchored person of that name, if there is exactly one (warehouse/load/link_unanchored_people.sql);
   with none or several it stays on the name-only key, which the README's identity section counts as unresolved.

Not modelled: a person who changes career (a lawyer elected to the assembly is two people here); two namesakes in
one career (two lawmakers named 김철수 are one person here); a column signature parsed as a byline makes its author
a journalist. Measured on the real Chosun and Lawtimes articles: docs/entity_handcheck.md.
"""

from __future__ import annotations

import re

from transforms.common.keys import surrogate_key
from transforms.entities.lexicon import CAREERS

# CAREERS (title -> career; None for a generic head any career has, or a degree, which decides nothing) is one row per
# title in transforms/entities/lexicon/titles.csv, the same table the mention rules read titles from.
# When one article gives a name roles in several careers (a lawyer who is a lawmaker), the first here anchors it.
CAREER_PRIORITY = (
    "office",
    "law",
    "military",
    "press",
    "business",
    "academia",
    "sports",
    "arts",
    "medicine",
    "religion",
    "education",
    "services",
)


_BY_LENGTH = sorted(CAREERS, key=len, reverse=True)
_UNIVERSITY = re.compile(r"(대|대학|대학교|대학원|KAIST|카이스트|UNIST|DGIST|POSTECH)$")


def career_of(role: str | None, affiliation: str | None = None) -> str | None:
    """The career a printed title belongs to, by its longest known ending (서울시장 -> office, 서울고검 검사장 ->
    law, not business by 사장), None for a generic title. 총장 is academia only at a university."""
    if not role:
        return None
    role = role.replace(" ", "")
    if role == "총장":
        return "academia" if affiliation and _UNIVERSITY.search(affiliation) else None
    for title in _BY_LENGTH:
        if role.endswith(title):
            return CAREERS[title]
    return None


def role_anchor(role: str | None, affiliation: str | None) -> tuple[int, str] | None:
    """One role's anchor with its rank (lower wins): (rank of its career, `office` / `press:법률신문` / ...), or None
    when the role names no career. The one definition of an anchor: `person_anchor`, the Polars normalization
    and bylines (`reporter_anchor`) all use it."""
    career = career_of(role, affiliation)
    if career is None:
        return None
    return CAREER_PRIORITY.index(
        career
    ), f"press:{affiliation}" if career == "press" and affiliation else career


def person_anchor(roles: list[tuple[str | None, str | None]]) -> str | None:
    """The anchor of a name in one article from its (role, affiliation) pairs; None when no role names a career."""
    ranked = [r for role, affiliation in roles if (r := role_anchor(role, affiliation))]
    return min(ranked)[1] if ranked else None


def reporter_anchor(publisher_name: str | None) -> str:
    """A byline's anchor: the byline's 기자 role at its publisher."""
    return role_anchor("기자", publisher_name)[1]


def entity_key(entity_type: str, name: str, anchor: str | None = None) -> int:
    """The key of an entity: (type, canonical name), plus the anchor for a person whose career is known."""
    return surrogate_key(entity_type, name) if anchor is None else surrogate_key(entity_type, name, anchor)
