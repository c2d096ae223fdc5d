"""Organizations named in a list that says what they are: `엘박스, 더존, 로앤굿 등 국내 리걸테크 기업들`,
`한샘·넵스·에넥스 등 8개 가구 업체`, `애플, 구글, 아마존 등 미국의 6개 빅테크`. Companies are often written without any
suffix (no 전자, 은행, ㈜), so nothing in the name itself says ORG; the list's head noun after 등 does, for every item.
Each item is an ORG mention at its place in the list and at every later bare occurrence in the article (the tagger,
which reads such names as people, is retyped by the resolution layer: a name the rules typed is that type)."""

from __future__ import annotations

import re

from transforms.common.kiwi import word_analyser
from transforms.entities.admin import AdminIndex
from transforms.entities.lexicon import GENERIC_ORG_WORDS
from transforms.entities.people import is_common_word, names_an_institution
from transforms.entities.spans import PARTICLE_ALT, Span, later_occurrences, strip_particle

# What the list is of: kinds of organization, not of people (관계자, 인사) or things (제품, 모델, 서비스)
_HEAD = (
    r"(?:대?기업|업체|회사|기관|단체|은행|시중은행|대학|대학교|구단|스타트업|증권사|카드사|보험사|건설사|제약사|"
    r"로펌|게임사|빅테크|정당|언론사|방송사|통신사|협회|재단)들?"
)
_ITEM = r"[가-힣A-Za-z0-9&㈜]{2,12}"
_SEPARATOR = r"(?:,\s?|·|\s및\s|와\s|과\s)"
# The list, 등, then at most three words and a count before the head (`등 미국의 6개 빅테크`, `등 국내 주요 리걸테크 기업들이`)
_LIST = re.compile(
    rf"(?<![가-힣A-Za-z0-9&㈜])(?P<items>(?:{_ITEM}{_SEPARATOR})+{_ITEM})\s등\s"
    rf"(?:[가-힣A-Za-z0-9]+\s){{0,3}}?(?:\d+(?:여)?(?:개|곳)\s?)?{_HEAD}(?:{PARTICLE_ALT})?(?![가-힣])"
)
_ITEM_IN_LIST = re.compile(rf"{_ITEM}")
_HANGUL = re.compile(r"[가-힣]+")
_NOT_A_NAME = re.compile(r"[A-Z]{1,3}|\d.*")  # `GPT`, `AI`: a model or a field; `3월`: a date before the list


def _items(match: re.Match[str], admin: AdminIndex | None) -> list[tuple[int, str]]:
    """The list's items with their offsets; 와/과 joining two items is not part of the first. Not an ordinary word
    (`리걸테크 기업과 A, B 등`: the list starts after 기업과) nor a place (`넥센타이어 양산·창녕공장`: an item of
    several words, of which only the last is read)."""
    out = []
    for item in _ITEM_IN_LIST.finditer(match.group("items")):
        word = item.group()
        start = match.start("items") + item.start()
        after = match.string[start + len(word) : start + len(word) + 1]
        if after == " " and word.endswith(("와", "과")) and len(word) > 2:
            word = word[:-1]
        if _NOT_A_NAME.fullmatch(word) or (_HANGUL.fullmatch(word) and is_common_word(word)):
            continue
        if admin is not None and admin.names_an_area(word):
            continue
        out.append((start, word))
    return out


def find_listed_orgs(body: str, admin: AdminIndex | None = None) -> list[Span]:
    """ORG spans for the items of organization lists, then their later bare occurrences, in order."""
    spans: list[Span] = []
    first_after: dict[str, int] = {}
    for m in _LIST.finditer(body):
        for start, word in _items(m, admin):
            spans.append(Span(start, start + len(word), "ORG", word, source="org_list"))
            first_after.setdefault(word, m.end())
    taken = {s.start for s in spans}
    later = later_occurrences(body, first_after, "ORG", "org_list", word_end=True)
    spans.extend(s for s in later if s.start not in taken)
    return sorted(spans, key=lambda s: s.start)


# Names joined by a middle dot (`법률신문·한빛이상`, `수원고법·수원지법·법원행정처`) or co-hosting (`법률신문과 한빛이상 공동
# 주최`): words coordinated with an organization name organizations too
_DOT_RUN = re.compile(rf"(?<![가-힣A-Za-z0-9&㈜·])(?:{_ITEM}·)+{_ITEM}(?![가-힣A-Za-z0-9&㈜·])")
_CO_HOSTS = re.compile(
    rf"(?<![가-힣A-Za-z0-9&㈜])(?P<a>{_ITEM})(?:와|과)\s(?P<b>{_ITEM})\s공동\s?(?:주최|주관|개최|운영|연구|발표|제작)"
)


def _a_name(word: str, strict: bool = True) -> bool:
    """Whether a coordinated word can name a body: a university or school by its short name (서울의대), or a word
    that ends in a proper noun, Latin letters or something Kiwi does not know (직방, 메쎄이상); not a kind of body
    (수련병원), an ordinary word or, unless not `strict`, a compound ending in a common noun (주민선호도, 자치단체,
    국가직)."""
    if word in GENERIC_ORG_WORDS or (_HANGUL.fullmatch(word) and is_common_word(word)):
        return False
    if not strict or names_an_institution(word):
        return True
    toks = word_analyser().tokenize(word)
    return bool(toks) and (toks[-1].tag in ("NNP", "SL") or toks[-1].oov)


def _typed_at(spans: list[Span], start: int, end: int) -> str | None:
    """The label of a rule span that ends where the word ends and covers its start (`법무법인 지평` for 지평)."""
    for s in spans:
        if s.end == end and s.start <= start:
            return s.label
    return None


def find_coordinated_orgs(body: str, typed: list[Span], admin: AdminIndex | None = None) -> list[Span]:
    """ORG spans for unknown words coordinated with an organization the rules typed, then their later bare
    occurrences. A list with a person or a place in it is left alone, as are ordinary words, places the 법정동 index
    knows, acronyms of three letters or fewer and dates."""
    spans: list[Span] = []
    first_after: dict[str, int] = {}
    # (items, strict): a dotted run needs names that look like names; co-hosts (`A와 B 공동 주최`) say it themselves
    groups = [
        ([(m.start() + i.start(), i.group()) for i in _ITEM_IN_LIST.finditer(m.group())], True)
        for m in _DOT_RUN.finditer(body)
    ]
    groups += [
        ([(m.start("a"), m.group("a")), (m.start("b"), m.group("b"))], False)
        for m in _CO_HOSTS.finditer(body)
    ]
    for items, strict in groups:
        labels = [_typed_at(typed, start, start + len(word)) for start, word in items]
        if "ORG" not in labels or any(label not in (None, "ORG") for label in labels):
            continue
        for (start, raw), label in zip(items, labels, strict=True):
            word = strip_particle(raw)
            if label is not None or _NOT_A_NAME.fullmatch(word) or not _a_name(word, strict):
                continue
            if admin is not None and admin.names_an_area(word):
                continue
            spans.append(Span(start, start + len(word), "ORG", word, source="org_list"))
            first_after.setdefault(word, start + len(word))
    taken = {s.start for s in spans}
    later = later_occurrences(body, first_after, "ORG", "org_list", word_end=True)
    spans.extend(s for s in later if s.start not in taken)
    return sorted(spans, key=lambda s: s.start)


# A kind of organization, then its name in single quotes (`리걸테크 스타트업 ‘로앤굿’`, `위스키 증류소 ‘한빛(Hanbit)’`,
# `인력파견업체 ‘메이셀’`): the apposition says what the name is. Brands and platforms are left out (products and
# services as often as companies), and so are 재단 and 협회, which end organizations' own names (`한국광고주협회 ‘...상’`).
_KINDS = "회사|기업|업체|스타트업|증류소|양조장|출판사|제작사|배급사|로펌|단체|구단|기획사|소속사|제조사|운영사|갤러리|연구소"
_APPOSITIVE = re.compile(
    rf"(?:{_KINDS})\s‘(?P<name>[가-힣A-Za-z0-9&][가-힣A-Za-z0-9&· ]{{0,18}}[가-힣A-Za-z0-9&])"
    r"(?:\([A-Za-z][^()‘’]{0,30}\))?’"
)


def find_appositive_orgs(body: str) -> list[Span]:
    """ORG spans for organizations named in quotes after their kind, then their later bare occurrences."""
    spans: list[Span] = []
    first_after: dict[str, int] = {}
    for m in _APPOSITIVE.finditer(body):
        name = m.group("name")
        if len(name.split()) > 4 or (_HANGUL.fullmatch(name) and is_common_word(name)):
            continue
        spans.append(Span(m.start("name"), m.end("name"), "ORG", name, source="org_list"))
        first_after.setdefault(name, m.end())
    taken = {s.start for s in spans}
    later = later_occurrences(body, first_after, "ORG", "org_list", word_end=True)
    spans.extend(s for s in later if s.start not in taken)
    return sorted(spans, key=lambda s: s.start)
