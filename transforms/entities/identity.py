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

CAREERS: dict[str, str | None] = {
    **dict.fromkeys(
        (
            "구청장 시장 부시장 군수 도지사 지사 부지사 장관 차관 총리 부총리 대통령 부통령 의원 국회의원 의장 부의장 "
            "원내대표 최고위원 정책위의장 후보 예비후보 당선인 대변인 특보 수석 비서관 비서실장 청장 처장 대사 영사 "
            "교육감 국무위원장 주석 총통 국왕 총서기"
        ).split(),
        "office",
    ),
    **dict.fromkeys(
        "변호사 검사 판사 재판장 대법관 대법원장 검찰총장 검사장 지검장 지청장 법원장 법원행정처장".split(),
        "law",
    ),
    # 박사 is a degree and 총장 alone also heads a prosecution service or a party office: see career_of
    **dict.fromkeys("교수 부교수 학장 연구원 연구위원".split(), "academia"),
    **dict.fromkeys(
        "회장 부회장 명예회장 사장 부사장 CEO CTO CFO COO 최고경영자 창업자 지점장".split(), "business"
    ),
    **dict.fromkeys("기자 특파원 논설위원 앵커".split(), "press"),
    **dict.fromkeys("감독 코치 선수".split(), "sports"),
    **dict.fromkeys("배우 가수 작가 시인".split(), "arts"),
    **dict.fromkeys("의사 간호사".split(), "medicine"),
    **dict.fromkeys(["목사"], "religion"),
    **dict.fromkeys(
        "사령관 참모총장 사단장 준장 중장 대령 중령 소령 대위 중위 소위 원사 중사 하사 병장 상병 일병".split(),
        "military",
    ),
    **dict.fromkeys(["교사"], "education"),
    **dict.fromkeys("법무사 세무사 회계사 노무사 변리사".split(), "services"),
    # generic heads any career has: they decide nothing, and they stop a shorter ending from deciding
    # (이사장 is not a 사장, 센터장 not an 장)
    **dict.fromkeys(
        (
            "대표 공동대표 이사 이사장 위원장 부위원장 위원 원장 실장 국장 본부장 단장 센터장 소장 부장 차장 과장 "
            "팀장 관장 사무총장 사무국장 사무처장"
        ).split(),
        None,
    ),
}
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
