"""Organizations and places: gazetteer entries, administrative areas checked against the 법정동 table, city
governments, courts by their seat, numbered divisions, and words typed by their ending (lexicon: org, place and
not-org endings, generic words)."""

from __future__ import annotations

import re
from functools import lru_cache

from transforms.common.kiwi import word_analyser
from transforms.entities.admin import SIDO_SHORT, AdminIndex
from transforms.entities.lexicon import (
    AMBIGUOUS_PLACES,
    COURT_ENDINGS,
    GENERIC_ORG_WORDS,
    GENERIC_WORDS,
    MACRO_REGION_STEMS,
    MACRO_REGIONS,
    NOT_ACRONYMS,
    NOT_NEIGHBOURHOOD_ENDINGS,
    NOT_NEIGHBOURHOODS,
    NOT_ORG_ENDINGS,
    NOT_PLACE_ENDINGS,
    ORG_SUFFIXES,
    PLACE_SUFFIXES,
    REGION_PARTS,
)
from transforms.entities.readings import READING_VALUE
from transforms.entities.spans import SENTENCE_END, Span, strip_particle, tokens_of

# 서울, 부산, 경기 ...: the short names of the 시도
REGION_SHORT = frozenset(SIDO_SHORT.values())
REGION_NAMES = REGION_SHORT | frozenset(SIDO_SHORT)  # 경기, 경기도: a province by either name
# 충청권, 경기남부, 호남권: part of a region, or a region of several provinces
_REGION_PART = re.compile(
    rf"(?:{'|'.join(sorted([*REGION_SHORT, *MACRO_REGION_STEMS], key=len, reverse=True))})"
    rf"(?:{'|'.join(REGION_PARTS)})"
)


def is_macro_region(word: str) -> bool:
    """`수도권`, `호남`, `충청권`, `경기남부`: a region the 법정동 index has no row for."""
    return word in MACRO_REGIONS or _REGION_PART.fullmatch(word) is not None


def _is_per_unit(word: str) -> bool:
    """`1인당`, `시간당`, `포기당(해)`: Kiwi reads the final 당 as a suffix ("per", or the passive), not a party,
    after a number or a short stem. Parties have longer names (기본소득당, 소나무당: also XSN to Kiwi)."""
    toks = word_analyser().tokenize(word)
    if not toks or toks[-1].form != "당" or toks[-1].tag != "XSN":
        return False
    return any(ch.isdigit() for ch in word) or len(word) <= 3


@lru_cache(maxsize=1 << 16)
def typed_name(word: str) -> str | None:
    """ORG or LOCATION from a word's suffix, or None."""
    if word in GENERIC_WORDS or len(word) < 2:
        return None
    if word.startswith("㈜") or word.endswith("㈜"):
        return "ORG" if len(word) >= 2 else None  # SK㈜, ㈜한빛솔루션즈: a company by its legal form
    # 제2항: a clause, not a port; 60만부: copies; 4월부: 4월부터 cut by the particle; 서북부: a direction, no ministry
    if re.fullmatch(r"제?\d+[항조호관]|[\d,.]+[만분월]부|[동서남북중]{1,2}부", word):
        return None
    if word.endswith(PLACE_SUFFIXES) and not word.endswith(NOT_PLACE_ENDINGS) and len(word) >= 3:
        return "LOCATION"
    if word.endswith(ORG_SUFFIXES) and len(word) >= 3 and not word.endswith(NOT_ORG_ENDINGS):
        if word in GENERIC_ORG_WORDS or (word.endswith("당") and _is_per_unit(word)):
            return None
        return "ORG"
    return None


_NUMBERED_DIVISION = re.compile(r"[가-힣]*\d+(?:형사|민사|행정|가사|파산|형사항소|민사항소)?부")
# What stands between a court and the second number of its division (`광주지법 제1-2형사부`, `서울고법 민사22-1부`)
_DIVISION_FIRST_NUMBER = re.compile(r" 제?[가-힣]{0,6}\d+-")
# 서울중앙지법, 수원고법, 동부지검: a court or prosecutors' office is named by its seat (and a branch or division).
_COURT = re.compile(
    rf"(?P<seat>[가-힣]*?)(?:중앙|동부|서부|남부|북부|형사|민사|가정|행정)*(?:{'|'.join(COURT_ENDINGS)})"
)


def _is_court_seat(seat: str, admin: AdminIndex | None) -> bool:
    """`서울`, `수원`, or nothing before a branch (`동부지법`); `청탁금`, `농`, `에너` (laws: 청탁금지법, 농지법) are not."""
    return not seat or seat in REGION_SHORT or (admin is not None and admin.is_city(seat + "시"))


_DISTRICT_LIKE = re.compile(r"[가-힣]{1,6}(?:특별시|광역시|특별자치도|특별자치시|구|군)")
_CITY_LIKE = re.compile(r"[가-힣]{1,4}시")


@lru_cache(maxsize=1 << 18)
def _word_shape(bare: str) -> tuple[str, str | None]:
    """What a bare word can be, from its letters alone (cached: words repeat across articles): a region of no one
    area, a district or province name to check against the 법정동 table, a city name, its suffix type, or `plain`:
    none of these, nor a numbered division or a neighbourhood by its own name, so that only the gazetteer or the
    province table can make it a name (most words, which find_orgs_and_places then passes at once)."""
    if is_macro_region(bare):
        return "macro", None
    if _DISTRICT_LIKE.fullmatch(bare) and bare not in GENERIC_WORDS:
        return "district", None
    if _CITY_LIKE.fullmatch(bare) and bare not in GENERIC_WORDS and len(bare) >= 3:
        return "city", None
    typed = typed_name(bare)
    if typed is None and not _NUMBERED_DIVISION.fullmatch(bare) and not is_named_neighbourhood(bare):
        return "plain", None
    return "typed", typed


_NEXT_WORD = re.compile(r"\s*([가-힣]{2,})")


def _names_the_province(body: str, start: int, bare: str, admin: AdminIndex | None) -> bool:
    """`경기도`, `서울·경기`, or a city or district right after it (`경기 파주`, `경기 분당경찰서`)."""
    end = start + len(bare)
    if body.startswith("도", end) or "·" in body[max(0, start - 1) : end + 1]:
        return True
    nxt = _NEXT_WORD.match(body, end)
    if admin is None or nxt is None or nxt.start(1) == end:
        return False
    word = nxt.group(1)
    return any(
        admin.is_city(word[:k] + "시")
        or admin.is_district(word[:k] + "구")
        or admin.is_district(word[:k] + "군")
        for k in (2, 3)
    )


_SUB_AREA = re.compile(r"[가-힣]{1,4}\d*[동읍면리]|[가-힣]{1,4}\d+가")


@lru_cache(maxsize=1 << 14)
def is_neighbourhood(word: str) -> bool:
    """`도촌동`, `정자1동`, `와부읍`: a neighbourhood as it follows a city in an address; not a common noun ending in
    the same syllable (`봉사활동`, `노동`: Kiwi reads NNG words)."""
    if not _SUB_AREA.fullmatch(word):
        return False
    toks = word_analyser().tokenize(word)
    return not (toks and toks[-1].tag == "NNG" and len(toks[-1].form) > 1)


# An organization's Latin acronym written before a body of it (`IOC 집행위원회`)
_ACRONYM_WORD = re.compile(r"[A-Z][A-Z0-9&]{1,9}")
_READING_NEXT = re.compile(rf"(?:\([^()]{{1,12}}\))?{READING_VALUE}")


_NAMED_AREA = re.compile(r"[가-힣]{2,4}[동읍면]")


@lru_cache(maxsize=1 << 16)
def is_named_neighbourhood(word: str) -> bool:
    """`대치동`, `백현동`, `가은읍`: a neighbourhood by its own name, alone (no city before it), when Kiwi reads it as a
    proper noun (대치동/NNP, 백현/NNP + 동); not 행동, 활동 (common nouns), 따르면 (a verb), two-syllable words (전동,
    중동, 목동: a motor, a region, a boy), nor the proper nouns of words.toml's not_neighbourhoods (법정동, 컵라면)."""
    if (
        not _NAMED_AREA.fullmatch(word)
        or word in NOT_NEIGHBOURHOODS
        or word.endswith(NOT_NEIGHBOURHOOD_ENDINGS)
    ):
        return False
    toks = word_analyser().tokenize(word)
    if len(toks) == 1:
        return toks[0].tag == "NNP" and not toks[0].oov  # not 심방세동, 처리동: unknown words, often terms
    return (
        len(toks) == 2 and toks[0].tag == "NNP" and toks[1].form == word[-1] and toks[1].tag in ("NNG", "XSN")
    )


def _city_as_place(
    raw: str, bare: str, following: str | None, admin: AdminIndex, body: str, end: int
) -> bool:
    """`성남시 도촌동`, `의정부시 녹양동의 한 카페`, `성남시에서 열린`, `광양시 106.3㎜`: the city is a place in an address,
    as a location or with a weather reading; `성남시는 밝혔다`, `성남시에 따르면` are its government."""
    if raw != bare:
        return raw == bare + "에서"
    if _READING_NEXT.match(body, end):
        return True
    return following is not None and (admin.is_district(following) or is_neighbourhood(following))


def find_orgs_and_places(
    body: str, gazetteer: dict[str, str] | None = None, admin: AdminIndex | None = None
) -> list[Span]:
    """Organizations and places: gazetteer entries (name -> label), administrative areas (종로구 -> 서울특별시 종로구,
    checked against the 법정동 table when `admin` is given, so 친구 or 연구 are not districts), city governments
    (서울시, 거제시), and words with an organization or place suffix."""
    spans = []
    raws = [(start, word.rstrip(SENTENCE_END)) for start, _, word in tokens_of(body)]
    # each word without its particle, but a province keeps its 도 (`경상북도` is not 경상북 + the particle 도)
    if admin is not None:
        provinces = admin.sido_by_alias
        tokens = [(start, raw if raw in provinces else strip_particle(raw)) for start, raw in raws]
    else:
        tokens = [(start, strip_particle(raw)) for start, raw in raws]
    context = admin.sidos_in(word for _, word in tokens) if admin else set()
    for i, (start, bare) in enumerate(tokens):
        shape, typed = _word_shape(bare)
        if (
            shape == "plain"
            and not (gazetteer and bare in gazetteer)
            and not (admin is not None and bare in admin.sido_by_alias)
        ):
            continue
        if bare in AMBIGUOUS_PLACES and not _names_the_province(body, start, bare, admin):
            continue  # 경기: a game or the economy unless a place follows (경기 파주, 경기도, 서울·경기)
        label, name = None, bare
        if shape == "macro":
            label = "LOCATION"
        elif gazetteer and bare in gazetteer:
            label = gazetteer[bare]
            if label == "LOCATION" and admin is not None and bare in admin.sido_by_alias:
                # 서울 -> 서울특별시: one entity for the short and the full name
                name = admin.sido_by_alias[bare]
        elif admin is not None and bare in admin.sido_by_alias and not bare.endswith("시"):
            # 경북, 충남, 경기도, 충청남도: a province by its short or full name (서울시 is the city government below)
            label, name = "LOCATION", admin.sido_by_alias[bare]
        elif shape == "district":
            if admin is None:
                label = "LOCATION"
            elif admin.is_district(bare) or bare in admin.sido_by_alias:
                label = "LOCATION"
                area = admin.resolve(bare, context)
                name = area.full_name if area else admin.sido_by_alias.get(bare, bare)
        elif shape == "city":
            if admin is None or admin.is_city(bare):
                label = "ORG"  # 서울시 in news is the city government acting
                raw = raws[i][1]
                following = (
                    tokens[i + 1][1]
                    if i + 1 < len(tokens) and tokens[i + 1][0] == start + len(raw) + 1
                    else None
                )
                if admin is not None and _city_as_place(raw, bare, following, admin, body, start + len(raw)):
                    area = admin.resolve(bare, context)
                    if area is not None:  # 성남시 -> 경기도 성남시, a place like 종로구 -> 서울특별시 종로구
                        label, name = "LOCATION", area.full_name
        else:
            label = typed or ("ORG" if _NUMBERED_DIVISION.fullmatch(bare) else None)  # 1부 of 민사22-1부
            if typed and _ending_inside_a_word(bare):
                continue  # 피난처, 소년부, 연구용역, 조성공사: the ending is part of an ordinary word
            if label == "ORG" and bare.endswith(COURT_ENDINGS):
                court = _COURT.fullmatch(bare)  # `1996년서울지법`: a tokenizing slip, not a name
                if court is None or not _is_court_seat(court.group("seat"), admin):
                    continue
        if not label and is_named_neighbourhood(bare):
            label = "LOCATION"
        if label == "LOCATION" and _province_acting(body, raws[i][1], bare, start, admin):
            label, name = "ORG", admin.sido_by_alias[bare]  # type: ignore[union-attr]
        if not label:
            continue
        end = start + len(bare)
        follows = spans[-1] if spans and spans[-1].end + 1 == start else None
        if follows is None and spans and _DIVISION_FIRST_NUMBER.fullmatch(body, spans[-1].end, start):
            follows = spans[-1]
        if label == "ORG" and _NUMBERED_DIVISION.fullmatch(bare):
            # 서울중앙지법 형사1부: a numbered division is named by its body; alone (`형사1부는`) it is generic.
            if follows is None or follows.label != "ORG":
                continue
            start = spans.pop().start
            name = body[start:end]
        elif (
            label == "ORG"
            and follows is not None
            and follows.label == "LOCATION"
            and shape != "city"
            and body[follows.end] == " "
            and not is_named_neighbourhood(follows.name)  # 거제동 부산법원: the court's address, not its name
            and not (gazetteer and bare in gazetteer and _domestic(follows.name, admin))
            and not (admin is not None and follows.name in admin.sido_by_alias.values())
            and a_kind_of_body(bare)
        ):
            # 은평구 상공회의소, 독일 공영방송, 미국 국방부: a place followed by a kind of body is that place's body;
            # not a known national body at a domestic address (`종로구 헌재`, `한국 외교부`), a list (`충남·경북교육청`), a province before a body
            # (`충북 청주시청`, and `경기 화성시` is the province and the city government 화성시), or a body with a
            # name of its own (`독일 막스플랑크연구소`: the place says where it is).
            start = spans.pop().start
            name = body[start:end]
        if (
            label == "ORG"
            and typed == "ORG"
            and i > 0
            and (follows is None or follows.end <= tokens[i - 1][0])
            and tokens[i - 1][0] + len(raws[i - 1][1]) + 1 == start
            and body[start - 1] == " "
            and _ACRONYM_WORD.fullmatch(raws[i - 1][1])
            and raws[i - 1][1] not in NOT_ACRONYMS
        ):
            start, name = tokens[i - 1][0], body[tokens[i - 1][0] : end]  # IOC 집행위원회, KBS 이사회
        if label == "ORG" and (dated := _date_named(body, start, bare)):
            start, name = start - dated, body[start - dated : end]  # 3·15의거기념재단, 4·3 평화재단
        spans.append(Span(start, end, label, name, source="orgs_places"))
    return spans


def _domestic(place: str, admin: AdminIndex | None) -> bool:
    """Korea or a place in it (`종로구`, `한국`), where a national body the gazetteer knows is that body; before a
    foreign country's name (`미국 국방부`) the same word is that country's body."""
    return place in ("한국", "대한민국") or admin is None or admin.names_an_area(place.rsplit(" ", 1)[-1])


# Endings that are also ordinary words or pieces of them: 공사 (construction work), 처 (a place), 역 (a role, a
# service). 부 is one too (청소부, 노부부, 가계부), but as many real bodies end in it without being in the gazetteer
# (검찰의 강력범죄수사부, 미국 국무부, 총독부), so it is left to the other rules. Agencies are in the gazetteer, read first.
_AMBIGUOUS_ENDINGS = ("공사", "처", "역")


@lru_cache(maxsize=1 << 15)
def _ending_inside_a_word(word: str) -> bool:
    """`피난처`, `소년부`, `연구용역`: the organization's or place's ending is inside a common noun Kiwi knows (용역 holds
    역), or (`조성공사`, `본공사`) the ending is the common noun itself after ordinary words: a kind of work or thing,
    not a named body or station. Only for the ambiguous endings; a name the gazetteer knows never comes here."""
    if not word.endswith(_AMBIGUOUS_ENDINGS) or any(c.isdigit() for c in word):
        return False
    toks = word_analyser().tokenize(word)
    if not toks or toks[-1].oov or toks[-1].tag != "NNG" or any(t.tag == "NNP" or t.oov for t in toks):
        return False
    ending = next(e for e in _AMBIGUOUS_ENDINGS if word.endswith(e))
    return len(toks[-1].form) > len(ending) or (toks[-1].form == ending and len(toks) > 1)


# What a sentence about a province's weather goes on with (`제주도는 낮 기온이`, `강원도는 비가`)
_WEATHER_AFTER = re.compile(
    r"[^.?!\n]{0,25}?(?:비가|비는|눈이|소나기|기온|강수|강우|㎜|℃|폭염|호우|바람|구름|맑|흐리|덥|춥)"
)


def _province_acting(body: str, raw: str, bare: str, start: int, admin: AdminIndex | None) -> bool:
    """`경기도는 ... 밝혔다`, `경기도가 부담해야 할`: a province by its full name (X도) as a clause's subject is its
    government acting, an ORG as 서울시 is; not in a weather report (`제주도는 비가`)."""
    if admin is None or bare not in admin.sido_by_alias or not bare.endswith("도"):
        return False
    if raw[len(bare) :] not in ("는", "가"):
        return False
    return not _WEATHER_AFTER.match(body, start + len(raw))


@lru_cache(maxsize=1 << 14)
def a_kind_of_body(word: str) -> bool:
    """`상공회의소`, `공영방송`, `국방부`: the word before the organization's ending is ordinary language (Kiwi: no
    proper noun, no Latin letters, nothing unknown), so the word names a kind of body a place has; `막스플랑크연구소`, `CNN방송`
    have a name of their own."""
    suffix = max((e for e in ORG_SUFFIXES if word.endswith(e)), key=len, default="")
    stem = word[: len(word) - len(suffix)]
    if not stem:
        return True
    return all(t.tag not in ("NNP", "SL") and not t.oov for t in word_analyser().tokenize(stem))


# Bodies named after a date in history (5·18, 4·3, 6·25, 3·1): the tokens split at the middle dot
_DATE_BEFORE_NUMBER = re.compile(r"(?<![\d·.,])\d{1,2}·$")
_DATE_BEFORE_WORD = re.compile(r"(?<![\d·.,])\d{1,2}·\d{1,2} ?$")


def _date_named(body: str, start: int, word: str) -> int:
    """How many characters of a date in history stand before an organization's word (`3·` of `3·15의거기념재단`,
    `4·16 ` of `4·16 세월호참사특별조사위원회`); 0 when none."""
    window = body[max(0, start - 7) : start]
    m = (_DATE_BEFORE_NUMBER if word[:1].isdigit() else _DATE_BEFORE_WORD).search(window)
    return len(m.group()) if m else 0
