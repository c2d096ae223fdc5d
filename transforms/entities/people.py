"""People with titles: a name before a title (`오세훈 서울시장`, `김기현(65·사법연수원 15기) 국민의힘 의원`), presiding
judges as Lawtimes names them, aged people with 씨, and what makes a word before a title a plausible name (a
surname, not a common word, place, body or paper)."""

from __future__ import annotations

import re
from functools import lru_cache

from transforms.common.kiwi import ENDING_TAGS, word_analyser
from transforms.common.publishers import is_publication
from transforms.entities.affiliations import affiliation_of
from transforms.entities.lexicon import (
    AMBIGUOUS_TITLES,
    CAREERS,
    COMMON_SURNAMES,
    NOT_NAME_FINALS,
    NOT_NAMES,
    ORG_SUFFIXES,
    PRE_NAME_ROLES,
    PROFESSION_TITLES,
    SCHOOL_ENDINGS,
    SURNAMES_1,
    SURNAMES_2,
    TITLE_WORDS,
    TITLES,
    TOP_SURNAMES,
)
from transforms.entities.orgs_places import REGION_NAMES, REGION_SHORT, typed_name
from transforms.entities.spans import PARTICLE_ALT, WORD_END, Span, strip_particle
from transforms.entities.titles import TITLE_ALT, base_title

_HANGUL_NAME = r"[가-힣]{2,4}"
# words before a title that say when the post began, not what it is: 신임 회장, 초대 원장, 차기 회장
NEW_IN_POST = r"(?:신임|초대|차기)"

# NAME[(age, class)] [전|당시|현] [ORG] [qualifier+]TITLE[(ROLE)] : 오세훈 서울시장 / 정문헌 종로구청장(구청장협의회장) /
# 이해우 경제정책실장 / 김기현(65·사법연수원 15기) 국민의힘 의원 / 송영길 전 더불어민주당 대표 / 임성근 당시 해병1사단장.
# An ORG word without an organization suffix (국민의힘) is kept only when the gazetteer knows it (find_person_mentions).
_FULL_PERSON_PARTS = (
    rf"(?<![가-힣A-Za-z0-9])(?P<name>{_HANGUL_NAME})(?:\([^()]{{1,25}}\))?\s+"
    rf"(?:(?P<former>전|前|당시)\s+|현\s+)?",
    rf"(?:(?P<new>{NEW_IN_POST})\s+)?(?P<title>[가-힣A-Za-z0-9]{{0,12}}?(?:{TITLE_ALT}))"
    rf"(?:\((?P<paren>[^()]{{2,30}})\))?"
    rf"(?:{PARTICLE_ALT})?{WORD_END}",
)
_FULL_PERSON = re.compile(
    _FULL_PERSON_PARTS[0]
    + rf"(?:(?P<org>[A-Z][A-Za-z0-9&.]{{1,15}}|[가-힣]{{2,15}}(?:{'|'.join(ORG_SUFFIXES)}))\s+)?"
    + _FULL_PERSON_PARTS[1]
)
# The same with any one word as the body (국민의힘 의원, 경일대 소방방재학과 교수, 아시아디벨로퍼 대표), and a
# department after it: kept when the word names a body (the gazetteer, a university's short name, an organization's
# ending) or is a proper name Kiwi does not read as ordinary language (find_person_mentions).
_DEPARTMENT = r"[가-힣A-Za-z0-9]{1,15}(?:학과|학부|대학원|연구소|연구원|센터|본부|실|팀|과|국|처)"
_FULL_PERSON_KNOWN_ORG = re.compile(
    _FULL_PERSON_PARTS[0]
    + rf"(?P<org>[가-힣A-Za-z0-9][가-힣A-Za-z0-9]{{1,15}})\s+(?:(?P<dept>{_DEPARTMENT})\s+)?"
    + _FULL_PERSON_PARTS[1]
)
# Foreign-style two-word names before an explicit organization and title: 데니스 홍 UCLA 교수
_FOREIGN_PERSON = re.compile(
    rf"(?<![가-힣A-Za-z0-9])(?P<name>[가-힣]{{2,5}}\s[가-힣]{{1,4}})\s+"
    rf"(?P<org>[A-Z][A-Za-z0-9&.]{{1,15}})\s+(?P<title>{TITLE_ALT})(?:{PARTICLE_ALT})?{WORD_END}"
)
# A transliterated name with its Latin spelling, then a title: 존 브라운(John Brown) 박사, 제인 도(Jane Doe) 교수
_GLOSSED_PERSON = re.compile(
    rf"(?<![가-힣A-Za-z0-9])(?P<name>[가-힣]{{1,6}}(?:\s[가-힣]{{1,6}}){{1,2}})"
    rf"\((?P<latin>[A-Z][a-z]+(?:[ .\-][A-Z][A-Za-z.\-]*){{1,3}})\)\s?"
    rf"(?:(?P<org>[A-Z][A-Za-z0-9&.]{{1,15}}|[가-힣]{{2,15}}(?:{'|'.join(ORG_SUFFIXES)}))\s+)?"
    rf"(?P<title>{TITLE_ALT})(?:{PARTICLE_ALT})?{WORD_END}"
)
_FOREIGN = (_FOREIGN_PERSON, _GLOSSED_PERSON)
# 서울중앙지법 형사33부(재판장 김동현), 대법원 형사3부(주심 오석준 대법관), 가사2부(재판장 김철수 부장판사, 이영희
# 고법판사): the judge presiding over a division
# (about one Lawtimes article in three names one this way), with the division as the role's body.
_PRESIDING_JUDGE = re.compile(
    r"(?P<court>(?:대법원|[가-힣]{2,12}(?:법원|지법|고법))(?:\s[가-힣]{2,6}지원)?\s[가-힣0-9\-]{0,12}\d[가-힣]{0,4}부)"
    r"\((?P<role>재판장|주심)\s(?P<name>[가-힣]{2,4})(?:\s(?P<title>대법관|부장판사|판사))?[,)]"
)
# 최은순(77) 씨, 권기형(43·예비역 병장)씨: a name with an age in brackets and the honorific 씨 is a person without a
# title (the anonymised 김모(52)씨 and A(47)씨 name nobody); later `최 씨` / `최씨` refers back to them.
_AGED_PERSON = re.compile(
    rf"(?<![가-힣A-Za-z0-9])(?P<name>{_HANGUL_NAME})\((?P<age>[1-9]\d)(?:[·,][^()]{{1,25}})?\)\s?씨"
    rf"(?:{PARTICLE_ALT})?{WORD_END}"
)

# 홍길동(전 한빛공사 본부장)씨: the role in the parenthesis of a person named with 씨
_ROLED_PERSON = re.compile(
    rf"(?<![가-힣A-Za-z0-9])(?P<name>{_HANGUL_NAME})\((?:(?P<former>전|前|당시)\s|현\s)?"
    rf"(?:(?P<org>[가-힣A-Za-z0-9·]{{2,20}})\s)?(?P<title>[가-힣A-Za-z0-9]{{0,12}}?(?:{TITLE_ALT}))\)\s?씨"
)
# 홍길동 의원실: a member named by the member's office (the Assembly's schedule, 의원실에 따르면)
MEMBERS_OFFICE = (
    r"\s(?P<title>의원)실"  # also read after a name the tagger found (named_roles.attach_title_after)
)
_OFFICE_PERSON = re.compile(rf"(?<![가-힣A-Za-z0-9])(?P<name>{_HANGUL_NAME}){MEMBERS_OFFICE}")

# 최상목 부총리 겸 기획재정부 장관, 이준호 판사 겸 교수: a post held together with the one before (겸), with its
# own body when one is printed
_JOINT_TITLE = re.compile(
    rf"\s?겸\s?(?:(?P<org>[가-힣A-Za-z0-9]{{2,15}})\s)?(?P<title>[가-힣A-Za-z0-9]{{0,12}}?(?:{TITLE_ALT}))"
    rf"(?:\([^()]{{2,30}}\))?(?:{PARTICLE_ALT})?{WORD_END}"
)


# 김영호 한빛대 법학연구원 데이터센터 소장, 정수민 한국개발연구원(KDI) 선임연구위원: a title word that also ends an
# institute's name (연구원: a researcher, or a research institute) names the body when another title follows within
# two words; the later title is the person's
_INSTITUTE_TITLES = frozenset(t for t in TITLES if t.endswith(ORG_SUFFIXES))
_LATER_TITLE = re.compile(
    rf"\s(?:[가-힣A-Za-z0-9]{{2,15}}\s){{0,2}}?(?P<title>[가-힣A-Za-z0-9]{{0,12}}?(?:{TITLE_ALT}))"
    rf"(?:\([^()]{{2,30}}\))?(?:{PARTICLE_ALT})?{WORD_END}"
)


def _title_after_institute(body: str, title: str, end: int) -> re.Match[str] | None:
    """The later title when `title` (ending at `end`) is an institute's name (`법학연구원`, not the researcher's
    `연구원` alone) and a title follows within two words; else None."""
    btitle = base_title(title)
    if btitle not in _INSTITUTE_TITLES or title == btitle:
        return None
    return _LATER_TITLE.match(body, end)


def joint_roles(body: str, end: int, gazetteer: dict[str, str] | None = None) -> list[tuple[str, str | None]]:
    """The posts printed after a person's title with 겸 (`부총리 겸 기획재정부 장관`), from `end`, the end of that
    title; a word between 겸 and the title is the post's body only when it names one (else the title stands alone)."""
    roles: list[tuple[str, str | None]] = []
    while (m := _JOINT_TITLE.match(body, end)) is not None:
        title, org = m.group("title"), m.group("org")
        btitle = base_title(title)
        if org and not (_names_a_body(org, btitle, gazetteer) or _names_a_government(org, btitle)):
            break  # 겸 후보 지명, 겸 이번 행사 위원: not a body and its title
        roles.append(_role(title, org))
        end = m.end()
    return roles


def surname_of(name: str) -> str:
    """A full name's surname: the last word of a foreign name (데니스 홍 -> 홍, 빌 게이츠 -> 게이츠), else a known
    two-syllable surname (남궁), else the first syllable."""
    if " " in name:
        return name.split()[-1]
    return name[:2] if name[:2] in SURNAMES_2 else name[0]


def held_before(former: str, title: str) -> str:
    """A title held before, as recorded: `전 대표` (전, 前), `당시 사단장` (당시: at the time of the events)."""
    return f"{'당시' if former == '당시' else '전'} {title}"


def _role(title: str, org: str | None) -> tuple[str, str | None]:
    # 경기도, 충청남도: a province's 도 is no particle
    affiliation = (org if org in REGION_NAMES else strip_particle(org)) if org else affiliation_of(title)
    return title, affiliation


_WORD_TAGS = frozenset({"NNG", "MAG", "MAJ", "MM", "NP", "NR", "IC"})


@lru_cache(maxsize=1 << 16)
def is_common_word(name: str) -> bool:
    """Whether Kiwi reads a would-be name (the word before a title) as ordinary language rather than a name.

    Only when every morpheme is in Kiwi's dictionary and none is a proper noun (NNP), and the reading is
    - one common word: 현직 (판사), 함께 (교수), 소송 (대리인), 박물관 (관장);
    - a noun or pronoun with a particle: 경찰은 (판사 출신), 이처럼, 우리가 (단장) - a particle of a full syllable,
      and not 만, which ends names (김성만);
    - an inflected verb whose stem is two syllables or more, or which does not start with a common surname:
      방문해, 이뤄진, 채취해 (not 박해진, 임이자: a surname and a given name Kiwi happens to parse as a verb).
    Of the 862 Hangul gold people of KLUE dev_A it takes 24 for words (2.8%, mostly stage names such as 태연, 유리);
    on the real June 2024 Chosun and Lawtimes articles it removes non-names such as 경찰은, 현직, 전직, 나비.
    """
    toks = word_analyser().tokenize(name)  # loads on first use, only in processes that extract
    if not toks or any(t.oov for t in toks):
        return False
    tags = [t.tag.split("-")[0] for t in toks]
    first, last = toks[0], toks[-1]
    if "NNP" in tags:
        return False
    if len(toks) == 1:
        return tags[0] in _WORD_TAGS
    if tags[-1] in ENDING_TAGS and (len(last.form) >= 2 or len(name) == 2):
        return True  # 하려면, 남은: a verb with a full ending, or a two-syllable verb form
    if len(name) == 2:
        return True  # 이중 (이/MM 중/NNB): two syllables Kiwi reads as two known ordinary words
    if len(toks) == 2 and tags[1].startswith("J") and tags[0] in {"NNG", "NP", "NR", "NNB", "MAG"}:
        return "가" <= last.form[:1] <= "힣" and last.form != "만"
    if tags[-1].startswith("J") and all(t in {"NNG", "XSN", "NNB"} for t in tags[:-1]):
        return last.form != "만"  # 임명권은: a compound noun with its particle
    if tags[-1] in ENDING_TAGS:
        return len(first.form) >= 2 or name[0] not in COMMON_SURNAMES
    return False


def names_an_institution(name: str) -> bool:
    """The word before a title names a body, not a person: `공화당`, `서울중앙지법 (부장판사)`, a university by its
    short name (`고려대 교수`, `이화여대`, `연세의대`), a branch court (`안산지원 판사`)."""
    if typed_name(name) == "ORG" or (len(name) > 3 and name.endswith(ORG_SUFFIXES)):
        return True  # 공화당; 지방법원, 예술대학: kinds of bodies are not names either
    if name.endswith("대") and (
        len(name) != 3 or name.endswith(("여대", "의대")) or name[0] not in TOP_SURNAMES
    ):
        return True
    return len(name) >= 4 and name.endswith(("지원", "분원"))


def find_person_mentions(body: str, gazetteer: dict[str, str] | None = None) -> list[Span]:
    """Full mentions of people with their titles, in order of appearance."""
    spans: list[Span] = []
    taken: list[tuple[int, int]] = []
    for m in _PRESIDING_JUDGE.finditer(body):
        name, (start, end) = m.group("name"), m.span("name")
        if _plausible_name(name, gazetteer, listed=True):
            title = m.group("title") or "재판장"
            roles = [(title, m.group("court"))]
            spans.append(
                Span(
                    start,
                    end,
                    "PERSON",
                    name,
                    roles=roles,
                    surname=name[0],
                    base_title=base_title(title),
                    source="presiding_judge",
                )
            )
            taken.append((start, end))
    for pattern in (_FOREIGN_PERSON, _GLOSSED_PERSON, _FULL_PERSON, _FULL_PERSON_KNOWN_ORG):
        for m in pattern.finditer(body):
            name = m.group("name")
            start, end = m.span("name")
            if (
                pattern is _GLOSSED_PERSON
            ):  # as many Hangul words as the Latin spelling has: 불리는 [존 브라운]
                name = " ".join(name.split()[-len(m.group("latin").split()) :])
                start = end - len(name)
            if any(s <= start < e for s, e in taken):
                continue
            if pattern is _FULL_PERSON_KNOWN_ORG and not (
                _names_a_body(m.group("org"), base_title(m.group("title")), gazetteer)
                or _names_a_government(m.group("org"), base_title(m.group("title")))
            ):
                continue
            if pattern in _FOREIGN and not _plausible_foreign_name(name, glossed=pattern is _GLOSSED_PERSON):
                continue  # 세계 곳곳에서 AI 변호사, 글로벌 리걸테크 AI 시장: words before an acronym and a title
            if pattern not in _FOREIGN and not _plausible_name(name, gazetteer):
                continue
            if m.groupdict().get("new") and name[0] not in COMMON_SURNAMES:
                continue  # `한빛미디어 신임 대표`: a company names its new head as often as a person is named
            title, title_end = m.group("title"), m.end()
            org = m.groupdict().get("org")
            later = _title_after_institute(body, title, title_end)
            if later is not None:
                org, title, title_end = org or title, later.group("title"), later.end()
            btitle = base_title(title)
            if btitle == "시장" and title != btitle and _names_a_market(title):
                continue  # 우리나라 주식시장, 국내 법률시장: a market, not a mayor
            if (
                btitle in PROFESSION_TITLES
                and pattern not in _FOREIGN
                and (len(name) != 3 or name[0] not in COMMON_SURNAMES)
            ):
                continue
            if btitle in AMBIGUOUS_TITLES and title == btitle and not org:
                # `국내 시장`: a bare ambiguous title is not evidence of a person.
                continue
            roles = [_role(title, org), *joint_roles(body, title_end, gazetteer)]
            if m.groupdict().get("former"):
                # 송영길 전 대표, 임성근 당시 사단장: a title held before, recorded as such (`전 대표`), never as current
                roles = [(held_before(m.group("former"), title), affiliation) for title, affiliation in roles]
            paren = m.groupdict().get("paren")
            if paren and base_title(paren) != paren or (paren and paren in TITLES):
                roles.append(_role(paren, None))
            surname = surname_of(name)
            spans.append(
                Span(
                    start,
                    end,
                    "PERSON",
                    name,
                    roles=roles,
                    surname=surname,
                    base_title=btitle,
                    source="title",
                )
            )
            taken.append((start, end))
            # 김선수·이동원·노정희 대법관: each three-syllable name of a ·-joined list before the title holds it too
            left = start
            while pattern not in _FOREIGN and left >= 4 and body[left - 1] == "·":
                # 김선수(63·사법연수원 17기)·이동원(61·17기)·노정희(61·19기) 대법관: an age and class may follow each name
                name_end = left - 1
                if body[name_end - 1] == ")":
                    opening = body.rfind("(", max(0, name_end - 30), name_end)
                    if opening < 0:
                        break
                    name_end = opening
                prev = _LISTED_NAME.search(body, max(0, name_end - 4), name_end)
                if prev is None or not _plausible_name(prev.group(1), gazetteer, listed=True):
                    break
                listed = prev.group(1)
                spans.append(
                    Span(
                        prev.start(1),
                        prev.end(1),
                        "PERSON",
                        listed,
                        roles=list(roles),
                        surname=listed[0],
                        base_title=btitle,
                        source="title_list",
                    )
                )
                taken.append((prev.start(1), prev.end(1)))
                left = prev.start(1)
    for pattern, source in (
        (_AGED_PERSON, "aged_ssi"),
        (_ROLED_PERSON, "roled_ssi"),
        (_OFFICE_PERSON, "title"),
    ):
        for m in pattern.finditer(body):
            name, (start, end) = m.group("name"), m.span("name")
            surname = name[:2] if len(name) == 4 and name[:2] in SURNAMES_2 else name[0]
            if (
                any(s <= start < e for s, e in taken)
                or len(name) - len(surname) != 2
                or not _plausible_name(name, gazetteer)
            ):
                continue
            roles, base = [], "씨"
            if pattern is _OFFICE_PERSON:
                roles, base = [("의원", None)], "의원"
            if pattern is _ROLED_PERSON:
                title = m.group("title")
                roles = [_role(title, m.group("org"))]
                if m.group("former"):
                    roles = [(held_before(m.group("former"), title), roles[0][1])]
            spans.append(
                Span(start, end, "PERSON", name, roles=roles, surname=surname, base_title=base, source=source)
            )
            taken.append((start, end))
    spans.sort(key=lambda s: s.start)
    return spans


_LISTED_NAME = re.compile(r"(?<![가-힣A-Za-z0-9])([가-힣]{3})$")


def _plausible_name(name: str, gazetteer: dict[str, str] | None, listed: bool = False) -> bool:
    """Whether the word before a title can be a Korean name: a known surname, not a word, place, body or paper.
    A name listed before another (`김선수·이동원·노정희 대법관`) is not held to Kiwi's reading as a word (김/선수)."""
    if name in NOT_NAMES or name in TITLE_WORDS or not (name[:2] in SURNAMES_2 or name[0] in SURNAMES_1):
        return False
    if len(name) == 2 and name[1] == "모":
        return False  # 채모 상병, 김모(52)씨: a name withheld, nobody in particular
    if "씨" in name[1:]:
        return False  # 최씨가 (회장): a short form with its particle, not a name
    if name[-1] in NOT_NAME_FINALS or name.endswith(("지역", "지방", "정부", "당국")) or "들" in name:
        return False
    if gazetteer and name[-1] in "어인계산식" and name[:-1] in gazetteer:
        return False  # 한국어 강사, 미국인 교수: a language or a people, not a name
    if name[:2] in REGION_SHORT or (gazetteer and (name in gazetteer or strip_particle(name) in gazetteer)):
        return False  # 서울의대 교수, 인도 총리, 한국은 판사들, 국민의힘 서울시의원: a place or a body, not a name
    if names_an_institution(name) or is_publication(name):
        return False  # 고려대 교수; 한겨레 산업팀장 (a paper's desk, not a person)
    if len(name) == 4 and name[:2] not in SURNAMES_2 and not listed:
        return (
            False  # 인공지능(AI) 변호사: four syllables after a one-syllable surname is rarely a Korean name
        )
    if name.endswith((*SCHOOL_ENDINGS, "의회")):
        return False  # 서이초 교사, 구의회 의원: a school or a council, not a name
    return listed or not is_common_word(name)


def _names_a_body(word: str, title: str, gazetteer: dict[str, str] | None) -> bool:
    """The word between a name and a title is the body the title belongs to: the gazetteer knows it as one, it is
    shaped like one (경일대, 국민의힘당, 서울대병원), or it is a proper name (아시아디벨로퍼, SK), not a word, place or
    title (`김철수 공동 대표`, `박영희 서울 시의원`)."""
    word = strip_particle(word)
    if (gazetteer or {}).get(word) == "ORG" or typed_name(word) == "ORG":
        return True
    if len(word) >= 3 and names_an_institution(word) and not is_common_word(word):
        return True  # 경일대 (a university by its short name); not 시대 (an era)
    if word in TITLE_WORDS or word in NOT_NAMES or word[:2] in REGION_SHORT or (gazetteer or {}).get(word):
        return False
    if len(word) < 3 or word[-1] in NOT_NAME_FINALS:
        return False
    if CAREERS.get(title, "") not in _COMPANY_CAREERS:
        return False  # 로버트 밀러 판사, 이나가키 히데히로 박사: a name of two words, not a company and its judge
    toks = word_analyser().tokenize(word)
    return any(t.tag in ("NNP", "SL") or t.oov for t in toks) and not is_common_word(word)


def _names_a_government(word: str, title: str) -> bool:
    """The word between a name and a public office is the province or city it serves: `경기도 부지사`,
    `충남 행정부지사`, `경남도 행정부지사`, `서울 시의원`, `부산광역시 경제부시장`. Only before an office's title
    (a region before 교수 or 대표 is where someone works, not whom they serve)."""
    if CAREERS.get(title) != "office":
        return False
    # 경남도, 충남도, 부산시: a province's or a metropolitan city's short name with its 도 or 시
    return word in REGION_NAMES or (word[-1:] in ("도", "시") and word[:-1] in REGION_SHORT)


# Titles a company or another private body gives (대표, 부사장, 원장, 이사장; generic heads map to None): a proper
# name before them may be that body without the gazetteer knowing it.
_COMPANY_CAREERS = frozenset({None, "business", "press", "arts", "services", "medicine", "education"})


@lru_cache(maxsize=1 << 14)
def _names_a_market(title: str) -> bool:
    """`주식시장`, `법률시장`, `전통시장`: Kiwi reads common nouns before 시장 (a market); before a mayor's 시장 stands a
    place name (`서울시장`: 서울/NNP) or Kiwi knows the whole title (`광주시장`, `부산시장`)."""
    toks = word_analyser().tokenize(title)
    return len(toks) >= 2 and toks[-1].form == "시장" and all(t.tag == "NNG" for t in toks[:-1])


# One-syllable words inside European names: 빈센트 반 고흐, 루트비히 판 베토벤, 샤를 드 골, 레오나르도 다 빈치
_NAME_PARTICLES = frozenset({"반", "판", "폰", "드", "데", "디", "다", "르", "라", "델", "엘"})


def _plausible_foreign_name(name: str, glossed: bool = False) -> bool:
    """Two or three transliterated words, none an ordinary word, title or role: 빅토르 위고, 데니스 홍 (a one-syllable
    last word only when it is a surname). With its Latin spelling beside it (`glossed`), one-syllable words are fine
    too: 존 브라운(John Brown)."""
    words = name.split()
    if any(w in TITLE_WORDS or w in PRE_NAME_ROLES or w in NOT_NAMES for w in words):
        return False
    short = any(len(w) < 2 and w not in _NAME_PARTICLES for w in words[:-1]) or (
        len(words[-1]) < 2 and words[-1] not in SURNAMES_1
    )
    if short and not glossed:
        return False
    return not any(len(w) >= 2 and is_common_word(strip_particle(w)) for w in words)
