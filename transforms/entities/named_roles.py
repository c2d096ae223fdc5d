"""People named with a role before the name (`배우 박해수`, `작가 C. S. 루이스`, `고(故) 김대중`), and the title printed
right after a name found without one (`박준호 감독은`)."""

from __future__ import annotations

import re
from collections.abc import Sequence
from functools import lru_cache

from transforms.common.kiwi import word_analyser
from transforms.entities.lexicon import (
    NOT_NAMES,
    PRE_NAME_ROLES,
    PRE_NAME_ROLES_WITH_BRACKETS,
    SURNAMES_1,
    SURNAMES_2,
    TITLE_WORDS,
    WITHHELD_NAME,
)
from transforms.entities.people import (
    _DEPARTMENT,
    _HANGUL_NAME,
    MEMBERS_OFFICE,
    NEW_IN_POST,
    _plausible_foreign_name,
    _plausible_name,
    _role,
    held_before,
    is_common_word,
    joint_roles,
    surname_of,
)
from transforms.entities.spans import PARTICLE_ALT, WORD_END, Span, strip_particle
from transforms.entities.titles import TITLE_ALT, base_title

# A role printed before the name (배우 박해수, 작가 C. S. 루이스, 독립운동가 홍범도(1868~1943), 고(故) 김대중): a Korean
# name, or a foreign one of two or three words (빅토르 위고, 제프 베이조스) or with initials (C. S. 루이스).
_PRE_ROLE_ALT = "|".join(re.escape(r) for r in PRE_NAME_ROLES)
_PRE_TITLED = re.compile(
    rf"(?<![가-힣A-Za-z0-9])(?P<role>{_PRE_ROLE_ALT})\s"
    rf"(?P<name>(?:[A-Z]\.\s?){{1,3}}[가-힣]{{2,6}}|[가-힣]{{1,6}}(?:\s[가-힣]{{1,6}}){{1,2}}|{_HANGUL_NAME})"
    rf"(?=(?:{PARTICLE_ALT})?(?:[\s,.·!?\"'”’)\]]|\(|$))"
)


@lru_cache(maxsize=1 << 14)
def _is_plain_noun(word: str) -> bool:
    """Kiwi reads the word as one common noun it knows (`생활`, `교체`)."""
    toks = word_analyser().tokenize(word)
    return len(toks) == 1 and toks[0].tag == "NNG" and not toks[0].oov


@lru_cache(maxsize=1 << 14)
def _reads_as_verb(text: str) -> bool:
    """Kiwi reads the words after a role word as a verb phrase (`화가 나 범행`: anger rose), not a name."""
    toks = word_analyser().tokenize(text)
    return bool(toks) and toks[0].tag.startswith(("VV", "VA", "VX"))


def _bare_name(word: str) -> str:
    """A name without its particle and honorific: `박해수가` -> 박해수, `한겨울씨가` -> 한겨울."""
    word = strip_particle(word)
    return word[:-1] if word.endswith(("씨", "님")) and len(word) >= 3 else word


_BRACKET_OR_SSI = re.compile(r"\s?(?:\(|씨)")


def find_pre_titled_people(body: str, gazetteer: dict[str, str] | None = None) -> list[Span]:
    """People named after their role: `배우 박해수`, `작가 C. S. 루이스`, `고(故) 김대중`. The role is the person's
    role in the article (none for 고(故), which only says the person has died). Roles may stack (`유튜버
    치과의사 한서윤(41)씨`, `배우 겸 가수 윤도현`): when what follows a role is no name, the search goes on from there."""
    spans: list[Span] = []
    pos = 0
    while (m := _PRE_TITLED.search(body, pos)) is not None:
        span = _pre_titled_person(body, m, gazetteer)
        if span is None:
            pos = m.start("name")
            continue
        spans.append(span)
        pos = m.end()
    return spans


def _pre_titled_person(body: str, m: re.Match[str], gazetteer: dict[str, str] | None) -> Span | None:
    role, name = m.group("role"), m.group("name")
    start = m.start("name")
    if name[0].isascii():  # C. S. 루이스의
        name = name[: len(name) - len(name.split()[-1])] + strip_particle(name.split()[-1])
    elif " " in name:
        first_word = name.split()[0]
        if first_word != strip_particle(first_word) and _korean_name(strip_particle(first_word)):
            name = first_word  # 배우 이송경도 인스타그램에: a Korean name and its particle, then another word
        bare_last = strip_particle(name.split()[-1])
        name = " ".join([*name.split()[:-1], bare_last])
        if not _plausible_foreign_name(name):
            # 배우 박해수 주연의: the first word alone may still be a Korean name
            first = _bare_name(name.split()[0])
            if len(first) < 2 or not _plausible_name(first, gazetteer, listed=True) or _is_plain_noun(first):
                return None
            name = first
    elif not name[0].isascii():
        name = _bare_name(name)
        # the role before it is evidence enough against Kiwi reading a verb (고(故) 구하라), not a plain noun
        if not _plausible_name(name, gazetteer, listed=True) or _is_plain_noun(name):
            return None
    if WITHHELD_NAME.fullmatch(name.removesuffix("씨")):
        return None  # 고(故) 임모씨: a withheld name is nobody in particular
    if role in PRE_NAME_ROLES_WITH_BRACKETS and not _BRACKET_OR_SSI.match(body, start + len(name)):
        return None  # 의사 국가시험, 변리사 부친상: the profession modifies a noun
    if role not in ("고(故)", "故") and _reads_as_verb(body[start : m.end("name") + 2]):
        return None  # 화가 나거나 (angry), not a painter
    roles = [] if role in ("고(故)", "故") else [(role, None)]
    return Span(
        start,
        start + len(name),
        "PERSON",
        name,
        roles=roles,
        surname=surname_of(name),
        base_title=None if not roles else role,
        source="role_before_name",
    )


# A title printed right after a name the tagger or the memory found: `박준호 감독은`, `한미래 대표`, `이수민 전 대표`
_TITLE_RIGHT_AFTER = re.compile(
    rf"\s(?:(?P<former>전|당시)\s|현\s|{NEW_IN_POST}\s)?(?P<title>(?:{TITLE_ALT}))(?:{PARTICLE_ALT})?{WORD_END}"
)


# The same after the body the person works for, which the tagger or a rule typed as an organization in the article:
# `박지훈 한빛고용연구원 연구위원은`, `제인 도 일리노이 남부지방법원 수석판사` (the title may carry a prefix: 연구위원)
_TITLE_AFTER_BODY = re.compile(
    rf"\s(?:(?P<dept>{_DEPARTMENT})\s)?(?P<title>[가-힣]{{0,4}}?(?:{TITLE_ALT}))(?:{PARTICLE_ALT})?{WORD_END}"
)
# `홍길동 의원실`: the member's office names the member (토론회를 여는 의원실, 의원실에 따르면)
_MEMBERS_OFFICE_AFTER = re.compile(rf"{MEMBERS_OFFICE}(?:{PARTICLE_ALT})?{WORD_END}")


def attach_title_after(body: str, person: Span, bodies: Sequence[Span] = ()) -> None:
    """Give a person found without a title (by the tagger, a known name) the title printed right after the name, or
    after an organization right after it (`bodies`: the article's ORG spans), or the 의원 of `홍길동 의원실`.
    The title rules want more evidence before an ambiguous title (대표, 감독, 시장: a representative, a market), since
    there the title is the only sign of a person; here the name is already one."""
    if person.roles:
        return
    m = _TITLE_RIGHT_AFTER.match(body, person.end) or _MEMBERS_OFFICE_AFTER.match(body, person.end)
    org = None
    if m is None:
        body_span = next(
            (b for b in bodies if b.label == "ORG" and b.start == person.end + 1 and body[person.end] == " "),
            None,
        )
        m = _TITLE_AFTER_BODY.match(body, body_span.end) if body_span is not None else None
        if m is None:
            return
        org = body_span.name
    title = m.group("title")
    role = _role(title, org)
    if m.groupdict().get("former"):
        role = (held_before(m.group("former"), title), role[1])
    person.roles.extend([role, *joint_roles(body, m.end())])
    person.base_title = base_title(title)
    surname = surname_of(person.name)
    if person.surname is None and (surname in SURNAMES_1 or surname in SURNAMES_2):
        person.surname = surname  # 박준호 감독 ... 박 감독; never 밀 of 밀러


# A book's credits: `김하늘 지음 l 온새 그림 l 출판사 푸른책`, `서지민 글·이도윤 그림·박석진 감수`, `헨리 제임스 지음`
_CREDIT_ROLES = {
    "글": "작가",
    "지음": "작가",
    "그림": "그림작가",
    "옮김": "번역가",
    "엮음": "편저자",
    "감수": "감수자",
}
_CREDIT = re.compile(
    rf"(?<![가-힣A-Za-z0-9])(?P<name>{_HANGUL_NAME})\s(?P<role>{'|'.join(_CREDIT_ROLES)})"
    r"(?=\s*(?:[·|/l]\s|[·|/]|$|\n))"
)
_WORD_BEFORE = re.compile(r"(?:^|(?<=[\s·|]))([가-힣]{1,6}) $")
_CO_AUTHOR = re.compile(rf"(?:^|(?<=[\s|]))({_HANGUL_NAME})(?:, ?|·)$")
_PUBLISHER_NEAR = re.compile(r"출판사|펴냄|출판|\d+쪽|\d[\d,]*원")


def _korean_name(word: str) -> bool:
    return len(word) == 3 and (word[0] in SURNAMES_1 or word[:2] in SURNAMES_2)


def _credit_name(body: str, start: int, name: str) -> tuple[int, str]:
    """The whole credited name ending at `name`: a foreign name's first word too (`헨리 제임스`, `비비언 고닉`, `겐카
    도루`), not the last word of the book's title before the author (`역세권 박은주`, `고요한 우연 김수빈`: titles end
    in ordinary words, verb forms and particles)."""
    before = _WORD_BEFORE.search(body, max(0, start - 8), start)
    if before is None:
        return start, name
    word = before.group(1)
    if (
        len(word) < 2
        or is_common_word(word)
        or strip_particle(word) != word
        or word in TITLE_WORDS
        or word in PRE_NAME_ROLES
        or word in NOT_NAMES
        or _korean_name(word)
    ):
        return start, name
    return before.start(1), f"{word} {name}"


def find_credited_people(body: str, gazetteer: dict[str, str] | None = None) -> list[Span]:
    """Writers, illustrators and translators in a book's credit line. A credit is read only in a line of two credits
    or more, or with the publisher, pages or price after it: `그의 그림` or `풍경 그림` elsewhere is no credit.
    Co-authors before it (`문지현, 박현경 지음`, `김지형·조은수 글`) hold the same credit."""
    found = []
    for m in _CREDIT.finditer(body):
        start, name = _credit_name(body, m.start("name"), m.group("name"))
        if " " in name or _plausible_name(name, gazetteer, listed=True):
            found.append((m, start, name))
    spans = []
    for m, start, name in found:
        in_line = sum(1 for o, _, _ in found if abs(o.start() - m.start()) < 40) >= 2
        if not in_line and not _PUBLISHER_NEAR.search(body, m.end(), m.end() + 60):
            continue
        role = [(_CREDIT_ROLES[m.group("role")], None)]
        names = [(start, name)]
        while (co := _CO_AUTHOR.search(body, max(0, start - 7), start)) and _korean_name(co.group(1)):
            start = co.start(1)
            names.append((start, co.group(1)))
        for begin, who in names:
            spans.append(
                Span(
                    begin,
                    begin + len(who),
                    "PERSON",
                    who,
                    roles=list(role),
                    surname=surname_of(who) if _korean_name(who) else None,
                    base_title=None,
                    source="book_credit",
                )
            )
    return sorted(spans, key=lambda s: s.start)


# The publisher in a book's credit line: `출판사 푸른책 l 가격 1만3000원`, `펴낸곳: 한빛 |`: the word between the label
# and the next separator of the line
_PUBLISHER = re.compile(r"(?:출판사|펴낸곳)\s?:?\s?(?P<name>[가-힣A-Za-z0-9&]{2,15})(?=\s?(?:[|l/·]\s|\n|$))")


def find_publishers(body: str) -> list[Span]:
    """ORG spans for the publishers a book's credit lines name (however ordinary the name: 출판사 이후, 출판사 다른)."""
    return [
        Span(m.start("name"), m.end("name"), "ORG", m.group("name"), source="book_credit")
        for m in _PUBLISHER.finditer(body)
    ]


def _person_at(
    m: re.Match[str],
    group: str,
    source: str,
    roles: list[tuple[str, str | None]] | None = None,
    title: str | None = None,
) -> Span:
    """The Korean name a pattern matched in `group` as a person (its surname read from the name)."""
    name = m.group(group)
    return Span(
        m.start(group),
        m.end(group),
        "PERSON",
        name,
        roles=roles or [],
        surname=surname_of(name),
        base_title=title,
        source=source,
    )


_TITLE_ONLY = re.compile(TITLE_ALT)
# A division is named with its office: 서울중앙지검 형사3부, 공수처 수사4부
_PARENT_BODY = r"[가-힣]{1,12}(?:지검|지법|고검|고법|법원|검찰청|공수처|경찰청)"
# A body with its head named in brackets: `한빛전자(대표이사 홍길동)`, `특별수사팀(팀장 김도윤 반부패2부장)`,
# `조사위원회(위원장 김철수)`, `한빛산업협회(협회장 김철수)`, `법무법인 한빛(대표변호사 홍길동)`: the title may be a
# compound ending in one; a division may carry a hyphen (`서울동부지법 형사항소1-2부(부장판사 김철수)`). Courts'
# presiding judges (`형사33부(재판장 김동현)`) are people.py's.
_BRACKETED_HEAD = re.compile(
    rf"(?<![가-힣A-Za-z0-9-])(?P<org>(?:{_PARENT_BODY}\s)?[가-힣A-Za-z0-9㈜&][가-힣A-Za-z0-9㈜&-]{{1,19}})"
    rf"\((?P<title>[가-힣]{{0,6}}?(?:{TITLE_ALT}))\s"
    rf"(?P<name>{_HANGUL_NAME})"
    rf"(?:\s(?P<after>[^()]{{1,20}}))?\)"
)


def find_bracketed_heads(body: str, gazetteer: dict[str, str] | None = None) -> list[Span]:
    """People named in brackets after the body they head, with that role (and the title after the name, if any)."""
    spans = []
    for m in _BRACKETED_HEAD.finditer(body):
        title, name = m.group("title"), m.group("name")
        if title in ("재판장", "주심") or not _plausible_name(name, gazetteer):
            continue
        roles = [_role(title, m.group("org"))]
        after = m.group("after")
        if after and _TITLE_ONLY.fullmatch(after):
            roles.append(
                _role(after, None)
            )  # (주심 오석준 대법관); a compound title is the title rules' to read
        spans.append(_person_at(m, "name", "bracket_head", roles, base_title(title)))
    return spans


# A journalist of another outlet in the story: `박대용 더탐사 기자도`, `최철호 KBS PD와`. 기자 is not read after a name
# alone (titles.csv: bylines give it), so the outlet between them and a particle after it (not `=` or an address, as
# a byline has) are the evidence.
_PRESS_PERSON = re.compile(
    rf"(?<![가-힣A-Za-z0-9])(?P<name>{_HANGUL_NAME})\s(?P<org>[가-힣A-Za-z]{{2,10}})\s(?P<title>기자|PD|앵커|특파원)"
    rf"(?=(?:{PARTICLE_ALT})(?![가-힣])|\s등|,)"
)


def find_press_people(body: str, gazetteer: dict[str, str] | None = None) -> list[Span]:
    """Journalists named with their outlet in the body of a story, with (title, outlet) as the role."""
    spans = []
    for m in _PRESS_PERSON.finditer(body):
        name, org = m.group("name"), m.group("org")
        if not _plausible_name(name, gazetteer) or is_common_word(org):
            continue
        spans.append(_person_at(m, "name", "press_title", [(m.group("title"), org)], m.group("title")))
    return spans


_NAME_PAIR = re.compile(r"(?<![가-힣A-Za-z0-9])(?P<a>[가-힣]{3})[-–](?P<b>[가-힣]{3})(?![가-힣])")


def pair_partners(body: str, known: set[str], gazetteer: dict[str, str] | None = None) -> list[Span]:
    """`김철수-이영희 인터뷰`, `최민호-박서연 이혼 소송`: two people written as a pair. When one of them is a person the
    article names (`known`), the other, a plausible name, is one too (the tagger reads such a partner as anything)."""
    spans = []
    for m in _NAME_PAIR.finditer(body):
        for this, other in (("a", "b"), ("b", "a")):
            name = m.group(this)
            if m.group(other) in known and name not in known and _plausible_name(name, gazetteer):
                spans.append(_person_at(m, this, "name_pair"))
    return spans
