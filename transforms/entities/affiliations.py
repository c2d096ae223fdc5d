"""The body a person's role belongs to: from the printed title (서울시장 -> 서울시) or, for staff, from the principal
named before them in the sentence (오 시장은 이해우 경제정책실장 … : 서울시)."""

from __future__ import annotations

import re

from transforms.entities.lexicon import DEPARTMENT_ENDINGS, ORG_SUFFIXES, STAFF_TITLES
from transforms.entities.orgs_places import REGION_NAMES
from transforms.entities.spans import Span
from transforms.entities.titles import base_title

_SENTENCE_END_RE = re.compile(r"[.!?](?=\s|$)|\n")


def affiliation_of(title: str) -> str | None:
    """The body a title belongs to: 서울시장 -> 서울시, 종로구청장 -> 종로구, 구청장협의회장 -> 구청장협의회."""
    base = base_title(title)
    prefix = title[: -len(base)] if title != base else ""
    if not prefix:
        return None
    if base == "구청장":
        return prefix + "구"
    if base in {"시장", "부시장"}:
        return prefix if prefix.endswith("시") else prefix + "시"
    if base in {"도지사", "부지사", "지사"}:
        # 경기부지사 -> 경기도; 평화부지사 is a portfolio (peace), not a province: its body is not in the title
        if not {prefix, prefix.removesuffix("도"), prefix + "도"} & REGION_NAMES:
            return None
        return prefix if prefix.endswith("도") else prefix + "도"
    if base == "군수":
        return prefix + "군"
    if base in {
        "지검장",
        "고검장",
        "법원장",
        "병원장",
        "사단장",
        "여단장",
        "연대장",
        "대대장",
        "중대장",
        "소대장",
    }:
        return prefix + base[:-1]  # 서울중앙지검장 -> 서울중앙지검, 서울대병원장 -> 서울대병원
    if len(base) == 2 and base.endswith("장") and base[0] in "회실국원처청부단소관":
        # 구청장협의회장 = 구청장협의회 + 장; 경제정책실장 = 경제정책실 + 장.
        return prefix + base[0]
    if re.fullmatch(r"[A-Z][A-Za-z0-9&.]+", prefix) or prefix.endswith(ORG_SUFFIXES):
        return prefix
    return None  # 정무특보, 디지털수석: the prefix is a portfolio, not a body


def _is_body_affiliation(affiliation: str | None) -> bool:
    """An affiliation naming an organization or a government (서울시, 종로구, UCLA), not a department."""
    return bool(affiliation) and not affiliation.endswith(DEPARTMENT_ENDINGS)


def attach_context_affiliations(body: str, people: list[Span], short: list[Span]) -> None:
    """Give staff without a body of their own the body of the principal named before them in the sentence.

    `오 시장은 이해우 경제정책실장, 이종현 민생소통특보 … 등 실무진과 함께`: 오 시장 is 오세훈, 서울시장, so
    이해우's role 경제정책실장 belongs to 서울시. Only staff titles get context; a 교수 or 구청장 never does.
    """
    sentence_starts = [0] + [m.end() for m in _SENTENCE_END_RE.finditer(body)]

    def sentence_of(pos: int) -> int:
        return max(i for i, start in enumerate(sentence_starts) if start <= pos)

    principals: list[tuple[int, str]] = []  # (offset, affiliation) of people with a body affiliation
    for span in people + short:
        source = people[span.antecedent] if span.kind == "short" and span.antecedent is not None else span
        affiliation = next((a for _, a in source.roles if _is_body_affiliation(a)), None)
        if affiliation:
            principals.append((span.start, affiliation))
    principals.sort()
    for person in people:
        for i, (role, affiliation) in enumerate(person.roles):
            if base_title(role) not in STAFF_TITLES or _is_body_affiliation(affiliation):
                continue
            before = [
                a
                for pos, a in principals
                if pos < person.start and sentence_of(pos) == sentence_of(person.start)
            ]
            if before:
                person.roles[i] = (role, before[-1])


def attach_bodies_before(body: str, people: list[Span], bodies: list[Span]) -> None:
    """Give a role printed without its body the organization printed right before the name (`한빛전자 박정현 회장`,
    `한빛당 김영희 대표`): an ORG span that ends one space before the person, with no particle between. A role that
    already names its body keeps it, and one a principal gave (attach_context_affiliations) is not overwritten."""
    by_end = {b.end: b for b in bodies if b.label == "ORG"}
    for person in people:
        if person.kind != "full" or not person.roles or body[person.start - 1 : person.start] != " ":
            continue
        org = by_end.get(person.start - 1)
        if org is None:
            continue
        person.roles = [(role, affiliation or org.name) for role, affiliation in person.roles]
