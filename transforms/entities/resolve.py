"""Between proposed spans and entities: each span a statistical tagger proposes is kept, retyped or dropped here,
and every decision says why.

The rules propose people only with evidence they read themselves (a title, an age and 씨, a court's presiding
judge); the tagger proposes any name-like word, so its spans are screened against what the article and the
lexicon know:
- anonymised people (`A씨`, `김모씨`, `박모 양`, `김모(52)씨`) are nobody in particular: dropped;
- a bare surname (`김`, `이`) is a short form to resolve (short_forms), never a person of its own;
- an honorific or particle glued to a name is cut off (`마티스씨` -> 마티스, `박유천은` -> 박유천);
- a "person" the gazetteer, the 법정동 index, the rules elsewhere in the article or an organization's shape know as
  an organization or place is retyped (`아리셀` typed ORG by the rules, `서이초` a school, `신림동` a place);
- a word Kiwi reads as ordinary language (`겨울`, `이팝나무`) is no name unless the text treats it as one (a title,
  씨 or an age after it, a profession before it);
- a word the article defines (`X(gloss)는 ... 가리킨다`, `X란 ... 뜻한다`) is a term, not a person;
- one name tagged with different types in one article takes the type it was given most (one sense per discourse).

`Decision` rows are what `newsetl explain` prints: the proposer, the outcome and the reason.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass
from functools import lru_cache

from transforms.common.kiwi import word_analyser
from transforms.entities.admin import AdminIndex
from transforms.entities.known_names import is_given_name, known_kind, names_a_known_person
from transforms.entities.lexicon import (
    ACADEMIC_PARTS,
    AMBIGUOUS_TITLES,
    COMMON_SURNAMES,
    NOT_ACRONYMS,
    NOT_PERSON_ENDINGS,
    NOT_PERSONS,
    ORG_SUFFIXES,
    PARTICLES,
    PERSON_NOUNS,
    PRE_NAME_ROLES,
    SCHOOL_ENDINGS,
    SURNAMES_1,
    SURNAMES_2,
    TITLE_WORDS,
    TITLES,
    WITHHELD_NAME,
)
from transforms.entities.orgs_places import REGION_NAMES, REGION_SHORT, typed_name
from transforms.entities.people import is_common_word, names_an_institution
from transforms.entities.person_check import PersonScorer, features, load_person_check
from transforms.entities.readings import READING_VALUE
from transforms.entities.spans import PARTICLE_ALT, Span, strip_particle, word_starts
from transforms.entities.titles import TITLE_ALT, base_title

# A letter or two standing for a withheld name (A씨, B 교수, AA씨), a surname with 모 (lexicon.WITHHELD_NAME), or
# 아무개 (조 아무개: "one Cho")
_ANONYMISED = re.compile(rf"[A-Z]{{1,2}}|[A-Z]\d|{WITHHELD_NAME.pattern}|(?:[가-힣]{{1,2}}\s?)?아무개")
_HONORIFICS = ("씨", "님", "여사")
# A tagger's person the text gives no sign of (no title, 씨, age or role at it) is kept only when the model's best
# reading beats the best reading without a person there by this much (CRF score; NerTagger.tag_scored).
MIN_PERSON_MARGIN = 2.0
# Two different capitals are an organization's or a place's acronym (EU, SK, LG, LA); one letter or a doubled one
# (A사, AA) stands for a withheld name
_ACRONYM = re.compile(r"(?=[A-Z]{2}$)(.)(?!\1).")
# What may follow a name in a text that treats a word as a person: an age or class in brackets, an honorific, a title
_PERSON_AFTER = re.compile(
    rf"\s?(?:\([^()]{{1,25}}\)\s?)?(?:씨|님|여사|{TITLE_ALT})"
    rf"(?:{PARTICLE_ALT})?(?![가-힣])"
)
_HONORIFIC_AFTER = re.compile(r"\s?(?:\([^()]{1,25}\)\s?)?(?:씨|님|여사)|\(\d{1,2}[·,)]")
# A name followed by digits is a thing (코로나19, 갤럭시S24), not a person; a ruler's number is (루이 14세, 비오 11세)
_THING_NUMBER = re.compile(r"\d+(?![\d,.]*\s?(?:세|대|기|호))")
# A weather station or a place with its reading (`철원 12.5㎜`, `신북(춘천) 20.5㎜`, `대관령 -2.1℃`): rain, snow and
# temperature are measured at places, never at people
_READING_AFTER = re.compile(rf"(?:\([^()]{{1,12}}\))?{READING_VALUE}")
_TITLE_AFTER = re.compile(rf"(?:{TITLE_ALT})(?:{PARTICLE_ALT})?(?![가-힣])")
# a title just before the name (▷미래전략국장 홍길동), or the name given as a real name (첸(본명 김종대))
_TITLE_BEFORE = re.compile(rf"(?:{TITLE_ALT}|본명|예명|필명)\s$")
# a title within two words after the name, after the body it belongs to (홍길동 일리노이 남부지방법원 수석판사)
_TITLE_SOON_AFTER = re.compile(
    rf"(?:\s\S+){{0,2}}?\s[가-힣]{{0,4}}?(?:{TITLE_ALT})(?:{PARTICLE_ALT})?(?![가-힣])"
)
# an obituary's mourners: `홍길동 별세`, `홍길동 한빛전자 상무 모친상` (the name, what the person does, the loss)
_MOURNING_AFTER = re.compile(
    r"(?:\s[^·,▲\n=]{1,30})?\s(?:별세|(?:외?조부|외?조모|부친|모친|시부|시모|장인|장모|빙부|빙모|남편|부인|형제|자매)상)"
)
_PRE_NAME = re.compile(rf"(?:{'|'.join(map(re.escape, PRE_NAME_ROLES))})\s$")


# 김민수, 이서연: a common surname and a two-syllable given name, the shape of most names the tagger finds; not read
# again in context (Kiwi costs about 0.3 ms a call), which is for words like 화난, 마이크, 선비
_COMMON_KOREAN_NAME = re.compile(rf"[{''.join(sorted(COMMON_SURNAMES))}][가-힣]{{2}}")
_HANJA_ONLY = re.compile(r"[\u4e00-\u9fff\s·]+")
_LATIN_ONLY = re.compile(r"[A-Za-z0-9&.,'\s-]+")


# What follows a place or an organization, never a person: `신림에서`, `청계천 일대`, `덕유산(북부) 지역`, `X에 위치한`; `엘박스 관계자`, `쌍방울 주가`.
_PLACE_AFTER = re.compile(
    r"(?:에서(?!는\s말)|까지|에\s?(?:위치|자리\s?(?:잡|한))|(?:\([^()]{1,12}\))?\s?(?:일대|일원|지역(?!구)|주민|인근|방면)"
    r"|행\b|역\b)"
)
_ORG_AFTER = re.compile(r"\s?(?:관계자|임직원|직원들?|주가|계열사|본사|서비스|플랫폼|브랜드|매출|사옥)")
# The head of a longer name the word is the first part of: `X 왕국`, `X 문명`, `X 미술관`, `X 센터`. Institutions are
# named after people too (`X 기념관`), so these count only when no occurrence of the word reads as a person.
_PLACE_HEAD_AFTER = re.compile(
    rf" (?:왕국|왕조|제국|공국|문명|열도|반도|해협|지방|석굴)(?:{PARTICLE_ALT})?(?![가-힣])"
)
_ORG_HEAD_AFTER = re.compile(
    rf" (?:미술관|박물관|기념관|도서관|센터|재단|병원|성당|교회|사원|공항|학교)(?:{PARTICLE_ALT})?(?![가-힣])"
)


def _followed_by(body: str, name: str, after: re.Pattern[str], alnum_before: bool = False) -> bool:
    """Whether some occurrence of `name` that starts a word (spans.word_starts) is followed by `after`, a
    precompiled pattern."""
    return any(after.match(body, pos + len(name)) for pos in word_starts(body, name, alnum_before))


def _context_type(body: str, name: str) -> str | None:
    """ORG when some occurrence of the name in the article is followed the way organizations are, else LOCATION when
    one is followed the way places are; None otherwise. A head naming a longer place or institution (`X 왕국`, `X
    미술관`) decides only when the article never treats the word as a person."""
    if _followed_by(body, name, _ORG_AFTER):
        return "ORG"
    if _followed_by(body, name, _PLACE_AFTER):
        return "LOCATION"
    for head, label in ((_PLACE_HEAD_AFTER, "LOCATION"), (_ORG_HEAD_AFTER, "ORG")):
        if (
            _followed_by(body, name, head)
            and not names_a_known_person(name)
            and not _ever_a_person(body, name)
        ):
            return label
    return None


_LIFE_DATES = re.compile(r"\((?:기원전\s?)?\d{3,4}\s?[~-]")


def _ever_a_person(body: str, name: str) -> bool:
    """Whether some whole-word occurrence of the name has a person's context (person_context) or life dates
    (`X(1929~1945)`)."""
    return any(
        person_context(body, pos, pos + len(name)) or _LIFE_DATES.match(body, pos + len(name))
        for pos in word_starts(body, name)
    )


_SINGLE_OPEN = ("‘", "'")
_SINGLE_CLOSE = ("’", "'", "(")


def _single_quoted(body: str, name: str) -> bool:
    """Some occurrence of the name stands alone in single quotes (`‘괭이밥’`, `‘버닝썬’ 사건`, `‘마그리드 아르노’라는 여성`): Korean papers
    put characters, works, brands and coined terms in single quotes, and people's names almost never."""
    pos = body.find(name)
    while pos >= 0:
        end = pos + len(name)
        if pos and body[pos - 1] in _SINGLE_OPEN and body[end : end + 1] in _SINGLE_CLOSE:
            return True
        pos = body.find(name, pos + 1)
    return False


def _named_with_a_number(body: str, name: str) -> bool:
    """Some occurrence of the name in the article is followed by a number, as things are named (코로나19)."""
    return _followed_by(body, name, _THING_NUMBER, alnum_before=True)


def _ordinary_words(name: str) -> bool:
    """Every word of the name is ordinary language to Kiwi (`겨울`, `본지 취재`, `피아노 소나타`), or one word is a
    compound of common nouns (`임시조치`, `생성형`) of four syllables or more, or a prefix and one common noun
    (`한여름`, `고혈압`, `신석기`, `최연소`: a surname-like prefix, but Kiwi reads a name as surname and given name)."""
    words = name.split()
    if all(is_common_word(w) for w in words):
        return True
    if len(words) == 1 and _prefixed_common_noun(name):
        return True
    return len(words) == 1 and len(name) >= 4 and _compound_of_common_nouns(name)


@lru_cache(maxsize=1 << 16)
def _known_tags(word: str) -> tuple[str, ...] | None:
    """Kiwi's tags of the word's morphemes; None when one of them is out of its vocabulary."""
    toks = word_analyser().tokenize(word)
    return None if any(t.oov for t in toks) else tuple(t.tag for t in toks)


def _prefixed_common_noun(word: str) -> bool:
    return _known_tags(word) == ("XPN", "NNG")


@lru_cache(maxsize=1 << 16)
def _demonym(name: str) -> bool:
    """`스코틀랜드인`, `수메르인`: a people named by its land (Kiwi: a proper noun of three syllables or more, then 인),
    not a person. Shorter stems are names (청인, 정인), and names written as one proper noun (문재인) stay."""
    if " " in name or len(name) < 4:
        return False
    toks = word_analyser().tokenize(name.removesuffix("들"))
    return (
        len(toks) == 2
        and toks[0].tag == "NNP"
        and len(toks[0].form) >= 3
        and toks[1].form == "인"
        and toks[1].tag == "NNG"
    )


@lru_cache(maxsize=1 << 16)
def _ends_in_a_common_noun(name: str) -> bool:
    """`빅데이터`, `수험응시자`: one word whose last part is a common noun of two syllables or more after something no
    surname starts. A Korean name starts with its surname, however Kiwi reads the given name (박/NNP + 보검/NNG)."""
    if " " in name or len(name) < 3:
        return False
    toks = word_analyser().tokenize(name)
    if len(toks) < 2 or toks[-1].tag != "NNG" or toks[-1].oov or len(toks[-1].form) < 2:
        return False
    first = toks[0]
    return not _is_surname_only(first.form)


@lru_cache(maxsize=1 << 16)
def _second_word_common_noun(name: str) -> bool:
    """`빅 데이터`, `수험 응시자`, `잉카 제국`: two words, the second one common noun of two syllables or more that is no
    title, role or honorific (`유관순 열사` stays), after a first word that is no given name (`마거릿 대처`, `앤서니
    우드`: Wikidata's people start with 마거릿 and 앤서니 scores of times)."""
    words = name.split()
    if len(words) != 2 or len(words[1]) < 2:
        return False
    first, last = words
    if last in TITLE_WORDS or last in PRE_NAME_ROLES or last in PERSON_NOUNS:
        return False
    if is_given_name(first) and not (len(first) == 1 and first in SURNAMES_1):
        return (
            False  # 조 단위: 조 starts Wikidata people (조 바이든) but is a surname, a number and a word too
        )
    toks = word_analyser().tokenize(last)
    return len(toks) == 1 and toks[0].tag == "NNG" and not toks[0].oov and toks[0].len == len(last)


def _ordinary_in_context(body: str, start: int, end: int) -> bool:
    """Kiwi, reading the words around it, takes the name for one common noun (`마이크 대신 펜을`) or a verb or
    adjective (`화난 마음을`): words Kiwi calls proper nouns when it sees them alone. A name Kiwi does not know in
    context comes out in pieces (신/XPN 학/NNG 림/NNG), which is no reading as an ordinary word. Kiwi costs about 4 µs
    a character, so the window is short and each name is read once per article (screen_tagged keeps the answers)."""
    left, right = max(0, start - 12), min(len(body), end + 12)
    toks = [
        t
        for t in word_analyser().tokenize(body[left:right])
        if left + t.start < end and start < left + t.start + t.len
    ]
    if not toks or toks[0].start + left != start:
        return False
    if len(toks) == 1:
        return toks[0].tag == "NNG" and not toks[0].oov and toks[0].len == end - start
    return toks[0].tag in ("VV", "VA")


def _role_word(name: str) -> bool:
    """A role word alone, with or without its particle (`장군이`, `선생님은`, `배우가`): the role, not a name."""
    bare = strip_particle(name)
    if len(bare) < 2:
        return False  # 왕이 (Wang Yi) is a name, not 왕 and a particle
    return bare in TITLE_WORDS or bare in PERSON_NOUNS or bare in PRE_NAME_ROLES or bare.endswith(TITLES)


def _compound_of_common_nouns(word: str) -> bool:
    tags = _known_tags(word)
    return tags is not None and len(tags) >= 2 and all(tag in ("NNG", "XSN", "NNB") for tag in tags)


# The subject of a sentence that defines it (X(gloss)는/란 ... 가리킨다, 뜻한다, 의미한다, 일컫는다): a term, not a person
_DEFINED = re.compile(
    r"(?:\([^()]{1,40}\))?(?:은|는|이란|란)\s[^.?!\n]{0,60}?"
    r"(?:가리킨다|가리키며|가리키고|뜻한다|뜻하며|뜻하고|의미한다|의미하며|의미하고|일컫는다|일컬으며|일컫고)"
)


def _defined_in(body: str, name: str) -> bool:
    """Whether the article defines the name somewhere (`X(gloss)는 ... 가리킨다`): one sense per discourse."""
    pos = body.find(name)
    while pos >= 0:
        if _DEFINED.match(body, pos + len(name)):
            return True
        pos = body.find(name, pos + 1)
    return False


@dataclass(frozen=True, slots=True)
class Decision:
    """What the resolution layer did with one proposed span."""

    start: int
    end: int
    label: str
    name: str
    proposer: str  # rules, tagger, byline, memory, ...
    outcome: str  # kept, retyped, cut, dropped
    reason: str


_ONE_SYLLABLE_PARTICLES = frozenset("의이가은는을를와과도로에")
_NEXT_WORD = re.compile(r" ([가-힣]{2,8})(?![가-힣])")


_WORD_REST = re.compile(r"[가-힣]+")
_PARTICLE_SET = frozenset(PARTICLES)
_AFTER_NAMES = (*_HONORIFICS, "군", "양", "옹", "스님")  # 도현군, 정현스님: what a name takes glued on


def _inside_a_word(body: str, span: Span) -> bool:
    """The tagger cut a piece out of a longer word (`비노바리크` -> 바리크, `가온이상` -> 가온): a Hangul syllable before
    the span, or after it a rest of the word that is no particle, honorific or title and that Kiwi, reading the whole
    word, does not start with a particle, ending or suffix (`손흥민의`, `홍길동이라는`, `김철수대표` stay)."""
    if span.start and "가" <= body[span.start - 1] <= "힣":
        return True
    rest = _WORD_REST.match(body, span.end)
    if rest is None:
        return False
    tail = rest.group()
    if (
        tail in _PARTICLE_SET
        or tail.startswith(_AFTER_NAMES)
        or tail.endswith(TITLES)
        or strip_particle(tail) in TITLE_WORDS
    ):
        return False
    after = [t for t in word_analyser().tokenize(span.name + tail) if t.start >= len(span.name)]
    return bool(after) and after[0].start == len(span.name) and after[0].tag.startswith(("NN", "SL"))


def _leading_noun(word: str) -> str:
    """The nouns a word starts with, before its particle or ending (Kiwi): `스톤이` -> 스톤, `솔닛이라는` -> 솔닛."""
    end = 0
    for tok in word_analyser().tokenize(word):
        if not (tok.tag.startswith("N") or tok.oov):
            break
        end = tok.start + tok.len
    return word[:end]


def _surname_after_given_name(body: str, span: Span) -> Span | None:
    """`사이먼 스톤이`, `마거릿 애트우드는`: the tagger stopped at a given name (the first word of many Wikidata people)
    and the word after it is a name, not a title, a role or ordinary language: the person is both words."""
    if " " in span.name or not is_given_name(span.name):
        return None
    m = _NEXT_WORD.match(body, span.end)
    if m is None:
        return None
    word = _leading_noun(m.group(1))
    if len(word) == 2 and word[1] in _ONE_SYLLABLE_PARTICLES:
        return None  # 다니엘 리의: a surname of one syllable and its particle, which Kiwi reads as one word
    if len(word) < 2 or word in TITLE_WORDS or word in PRE_NAME_ROLES or word.endswith(TITLES):
        return None
    if word in PERSON_NOUNS or is_common_word(word) or _compound_of_common_nouns(word) or is_given_name(word):
        return None  # 샬럿 공주, 아리엘 화재사고; 다니엘 마이클: two given names are two people more often
    if _COMMON_KOREAN_NAME.fullmatch(word):
        return None  # 카라 윤성모 활동가: a body's name, then a Korean person
    return Span(span.start, m.start(1) + len(word), "PERSON", f"{span.name} {word}", source=span.source)


def _is_surname_only(name: str) -> bool:
    return name in SURNAMES_1 or name in SURNAMES_2


def person_context(body: str, start: int, end: int, strong: bool = False) -> bool:
    """Whether the text treats the word at [start, end) as a person: 씨, an age or a title after it, a profession
    before it (`배우 박해수`, `임창정(51)씨`). `strong`: a title after it does not count, since an organization is
    followed by its head's title too (`갤러리 하늘 관장`); only 씨, an age or a role before it do."""
    if _PRE_NAME.search(body, max(0, start - 12), start) or _HONORIFIC_AFTER.match(body, end):
        return True
    return not strong and bool(_PERSON_AFTER.match(body, end))


def _cut_honorific(span: Span) -> Span:
    """`마티스씨` -> 마티스. Particles are not cut from people: names end like them (김지은, 이승만, 정인이), and a
    word with a particle glued on (`임명권은`) is an ordinary word, which `is_common_word` catches."""
    name = span.name
    for suffix in _HONORIFICS:
        if name.endswith(suffix) and len(name) - len(suffix) >= 2:
            cut = len(name) - len(suffix)
            return Span(span.start, span.start + cut, span.label, name[:cut], source=span.source)
    return span


def screen_person(
    body: str,
    span: Span,
    gazetteer: dict[str, str],
    admin: AdminIndex | None,
    typed_in_article: dict[str, str],
    tagged_as_other: frozenset[str] = frozenset(),
    read_in_context: dict[str, bool] | None = None,
    listed: frozenset[int] = frozenset(),
    among_places: frozenset[int] = frozenset(),
) -> tuple[Span | None, str]:
    """One tagger PERSON span: (the span to keep, possibly cut or retyped, or None; the reason). `tagged_as_other`:
    names the tagger also typed ORG or LOCATION in the article (one sense per discourse may retype this span);
    `read_in_context`: the article's names already read by Kiwi in their sentence (first occurrence decides);
    `listed`: the starts of the tagger's people listed next to a person it is sure of (_listed_with_people);
    `among_places`: the starts of those listed among places only (_listed_with_places)."""
    read_in_context = {} if read_in_context is None else read_in_context
    if _ANONYMISED.fullmatch(span.name) or (
        len(span.name) <= 2 and body.startswith("모", span.end) and _is_surname_only(span.name)
    ):
        return None, "anonymised"
    cut = _cut_honorific(span)
    name = cut.name
    if " " not in name and len(name) == 1 or _is_surname_only(name) and len(name) <= 2 and name == span.name:
        return None, "bare_surname"
    if _ANONYMISED.fullmatch(name):
        return None, "anonymised"
    if name.endswith(TITLES):
        return None, "title_inside"
    first, _, rest = name.partition(" ")
    if len(first) == 1 and first in SURNAMES_1 and rest and " " not in rest and not is_given_name(first):
        # 이 삼엽충, 한 일본어판, 김 신임 (회장): a determiner or a surname, then a word; Korean writes no space inside a name,
        # and a foreign given name of one syllable is one Wikidata knows (빌 게이츠, 톰 행크스)
        return None, "spaced_syllable"
    if _inside_a_word(body, cut):
        return None, "inside_a_word"
    longer = _surname_after_given_name(body, cut)
    if longer is not None:
        return longer, "surname_after_given_name"
    if _HANJA_ONLY.fullmatch(name):
        return None, "hanja_gloss"  # 張承業 after 장승업: the Korean name carries the mention
    if _LATIN_ONLY.fullmatch(name) and not person_context(body, cut.start, cut.end):
        return None, "latin_only"  # Early Dispute Resolution, B2B Legal: Korean text names people in Hangul
    if " 앤 " in name or name.endswith((" 앤", "앤컴퍼니")):
        return Span(cut.start, cut.end, "ORG", name, source=span.source), "firm_name"  # 스미스 앤 힐: X & Y
    if name.endswith(SCHOOL_ENDINGS) and len(name) >= 3:
        return Span(cut.start, cut.end, "ORG", name, source=span.source), "school_shape"
    world = known_kind(name)
    if world in ("FICTIONAL", "WORK"):
        return (
            None,
            f"known_{world.lower()}",
        )  # 노트르담 드 파리, a novel's hero: Wikidata knows the name as such
    known = (
        gazetteer.get(name) or typed_in_article.get(name) or (world if world in ("ORG", "LOCATION") else None)
    )
    if known in ("ORG", "LOCATION"):
        return Span(cut.start, cut.end, known, name, source=span.source), f"known_{known.lower()}"
    if admin is not None and (name in admin.by_name or name in admin.sido_by_alias):
        return Span(cut.start, cut.end, "LOCATION", name, source=span.source), "admin_area"
    shape = typed_name(name)
    if shape == "ORG" and (names_an_institution(name) or name.endswith(ORG_SUFFIXES) and len(name) >= 4):
        return Span(cut.start, cut.end, "ORG", name, source=span.source), "org_shape"
    if shape == "LOCATION" and not person_context(body, cut.start, cut.end):
        return Span(cut.start, cut.end, "LOCATION", name, source=span.source), "place_shape"
    if _role_word(name):
        return None, "role_word"  # 장군이 그의 고향에서: the role, its name printed before it
    if _ordinary_words(name) and not person_context(body, cut.start, cut.end, strong=True):
        return None, "common_word"
    if name not in tagged_as_other and (
        _demonym(name) or (" " not in name and len(name) >= 3 and name.endswith(NOT_PERSON_ENDINGS))
    ):
        return (
            None,
            "demonym",
        )  # 스코틀랜드인, 조선족, 송나라: a people or a land (typed so elsewhere: the vote decides)
    if name in NOT_PERSONS and not person_context(body, cut.start, cut.end, strong=True):
        return None, "not_a_person"  # 코로나: words.toml not_persons
    if _followed_by(body, name, _READING_AFTER):
        return Span(cut.start, cut.end, "LOCATION", name, source=span.source), "place_reading"
    if name not in tagged_as_other and (
        _ends_in_a_common_noun(name)
        and not person_context(body, cut.start, cut.end, strong=True)
        or _second_word_common_noun(name)
        and not person_context(body, cut.start, cut.end)
    ):
        return None, "common_noun_ending"
    if (
        " " not in name
        and not _COMMON_KOREAN_NAME.fullmatch(name)
        and not person_context(body, cut.start, cut.end)
    ):
        if name not in read_in_context:
            read_in_context[name] = _ordinary_in_context(body, cut.start, cut.end)
        if read_in_context[name]:
            return None, "common_in_context"
    if _single_quoted(body, name) and not person_context(body, cut.start, cut.end, strong=True):
        return None, "quoted_term"  # ‘괭이밥’, ‘버닝썬’, ‘오뚜기’: a plant, a club, a brand
    if _named_with_a_number(body, name):
        return None, "thing_with_number"
    if _defined_in(body, name) and not person_context(body, cut.start, cut.end, strong=True):
        return None, "defined_term"  # 바리크(Barrique)는 오크통을 가리킨다: a word the article defines
    if not person_context(body, cut.start, cut.end):
        context = _context_type(body, name)
        if context:
            return Span(cut.start, cut.end, context, name, source=span.source), f"{context.lower()}_context"
        if (
            span.start in among_places
            and " " not in name
            and not _COMMON_KOREAN_NAME.fullmatch(name)
            and not names_a_known_person(name)
        ):
            # a Korean full name (김대건) or a foreign one in a list of places is a person named beside them
            return Span(cut.start, cut.end, "LOCATION", name, source=span.source), "listed_with_places"
        if span.margin is not None and span.margin < MIN_PERSON_MARGIN and not _weak_signs(body, cut, listed):
            return None, "unsure"  # 공소권 없음, 북방족제비, 정자교: the model nearly read them as no person
    return cut, "kept" if cut is span else "cut"


def _weak_signs(body: str, span: Span, listed: frozenset[int]) -> bool:
    """Signs of a person weaker than person_context: a list with a person the tagger is sure of, a title or 본명
    before, a title within two words after, an obituary's wording."""
    return (
        span.start in listed
        or bool(_TITLE_BEFORE.search(body, max(0, span.start - 16), span.start))
        or bool(_MOURNING_AFTER.match(body, span.end))
        or bool(_TITLE_SOON_AFTER.match(body, span.end))
    )


def _check_bare_people(
    body: str,
    kept: list[Span],
    listed: frozenset[int],
    person_check: PersonScorer,
    decisions: list[Decision] | None,
) -> list[Span]:
    """Drop the tagger's people that nothing in the article vouches for (no occurrence with a sign of a person) and
    that transforms.entities.person_check finds unlikely to be people."""
    by_name: dict[str, list[Span]] = {}
    for span in kept:
        if span.label == "PERSON":
            by_name.setdefault(span.name, []).append(span)
    # a list with a person the tagger is sure of is a feature here, not a sign: the model is as sure of dog breeds
    # listed together (`도사견, 핏불테리어, 스태퍼드셔 테리어`) as of a cast list
    bare = {
        name
        for name, spans in by_name.items()
        if not any(_weak_signs(body, s, frozenset()) for s in spans) and not _ever_a_person(body, name)
    }
    if not bare:
        return kept
    others = len(by_name) - 1  # a bare name's share of the other names that carry a sign
    share = (len(by_name) - len(bare)) / others if others else None
    dropped: dict[str, float] = {}
    for name in sorted(bare):
        in_list = any(s.start in listed for s in by_name[name])
        probability = person_check(name, features(body, name, by_name[name], share, in_list))
        if probability < getattr(person_check, "threshold", 0.0):
            dropped[name] = probability
    if not dropped:
        return kept
    if decisions is not None:
        for i, d in enumerate(decisions):
            if d.name in dropped and d.outcome in ("kept", "cut") and d.label == "PERSON":
                decisions[i] = Decision(
                    d.start,
                    d.end,
                    d.label,
                    d.name,
                    d.proposer,
                    "dropped",
                    f"person_check {dropped[d.name]:.2f}",
                )
    return [s for s in kept if not (s.label == "PERSON" and s.name in dropped)]


_LIST_SEPARATOR = re.compile(r"\s*[·‧ㆍ,、/]\s*")


def _listed_with_people(body: str, tagged: list[Span]) -> frozenset[int]:
    """Starts of the tagger's people that stand in a list with a person it is sure of (`배우 A, B, C`: a cast list
    names people without a title each): people joined by the list's separators only (`·`, `,`, `/`) make one list,
    and a list holding one sure person vouches for all of its names."""
    people = sorted((s for s in tagged if s.label == "PERSON"), key=lambda s: s.start)
    listed: set[int] = set()
    chain: list[Span] = []
    for span in [*people, None]:
        if span is not None and chain and _LIST_SEPARATOR.fullmatch(body, chain[-1].end, span.start):
            chain.append(span)
            continue
        if len(chain) > 1 and any(p.margin is None or p.margin >= MIN_PERSON_MARGIN for p in chain):
            listed.update(p.start for p in chain)
        chain = [span] if span is not None else []
    return frozenset(listed)


def _listed_with_places(body: str, tagged: list[Span], rule_spans: list[Span]) -> frozenset[int]:
    """Starts of the tagger's people that stand in a list whose other items are all places, two or more (`순천·광양·
    X·장흥`: a weather report's towns): the list, not the model, says what the word is."""
    spans = sorted(
        (s for s in [*tagged, *rule_spans] if s.label in ("PERSON", "LOCATION")),
        key=lambda s: (s.start, -s.end),
    )
    found: set[int] = set()
    chain: list[Span] = []
    for span in [*spans, None]:
        if span is not None and chain and span.start < chain[-1].end:
            continue  # a span inside one already in the chain
        if span is not None and chain and _LIST_SEPARATOR.fullmatch(body, chain[-1].end, span.start):
            chain.append(span)
            continue
        people = [p for p in chain if p.label == "PERSON"]
        if len(chain) - len(people) >= 2 and len(people) == 1:
            found.add(people[0].start)
        chain = [span] if span is not None else []
    return frozenset(found)


def screen_org_place(
    body: str, span: Span, gazetteer: dict[str, str], admin: AdminIndex | None = None
) -> tuple[Span | None, str]:
    """One tagger ORG or LOCATION span: single letters and ordinary words dropped. Nothing is cut: the tagger learnt
    spans without particles, and what looks like one is often the name's own ending (`경기도`, `월미도`, `국어국문학과`,
    `체서피크만`)."""
    cut = span
    name = cut.name
    head, _, last = name.rpartition(" ")
    if head and last.endswith(TITLES) and (last in TITLES or base_title(last) not in AMBIGUOUS_TITLES):
        # 증산면 이장협의회장: the place, without the title of the person it introduces
        cut = Span(span.start, span.start + len(head), span.label, head, source=span.source)
        name = head
    if span.label == "ORG" and head and last.endswith(ACADEMIC_PARTS) and names_an_institution(head):
        # 한빛대 치대, 한빛대학교 기계공학과: the university, which readers look up, without its part
        cut = Span(span.start, span.start + len(head), span.label, head, source=span.source)
        name = head
    if len(name) < 2 or (
        _ANONYMISED.fullmatch(name) and (not _ACRONYM.fullmatch(name) or name in NOT_ACRONYMS)
    ):
        return None, "too_short"
    if _HANJA_ONLY.fullmatch(name):
        return (
            None,
            "hanja_gloss",
        )  # 위해(危害), 동기감응(同氣感應): the Korean word before it carries the mention
    region = name.removesuffix(base_title(name))
    if region != name and (region in REGION_NAMES or region.removesuffix("도") in REGION_SHORT):
        return (
            None,
            "a_title",
        )  # 경기도지사, 서울시장: a post named by its region, read with the person who holds it
    if _TITLE_AFTER.match(body, cut.end):
        return (
            None,
            "inside_title",
        )  # 서울 of 서울시장, 종로 of 종로구청장: the title's body, read with the person
    # 국방부, 기상청 are in Kiwi's dictionary as words too: a word shaped like an organization or place stays
    if (
        name not in gazetteer
        and " " not in name
        and typed_name(name) is None
        and not (admin is not None and admin.names_an_area(name))
        and is_common_word(name)
    ):
        return None, "common_word"
    return cut, "kept" if cut is span else "cut"


def screen_tagged(
    body: str,
    tagged: list[Span],
    rule_spans: list[Span],
    gazetteer: dict[str, str] | None,
    admin: AdminIndex | None,
    decisions: list[Decision] | None = None,
    person_check: PersonScorer | None = None,
) -> list[Span]:
    """The tagger's spans that survive screening, cut and retyped as the article and the lexicon say.

    `rule_spans` are the rules' own mentions in the same body: a name the rules typed as an organization or place
    is that here too. `decisions`, when given, receives one Decision per tagger span. `person_check` scores the
    people nothing in the article vouches for (default: the shipped model; _check_bare_people).
    """
    person_check = load_person_check() if person_check is None else person_check
    gazetteer = gazetteer or {}
    typed_in_article = {s.name: s.label for s in rule_spans if s.label in ("ORG", "LOCATION")}
    tagged_as_other = frozenset(s.name for s in tagged if s.label != "PERSON")
    listed = _listed_with_people(body, tagged)
    among_places = _listed_with_places(body, tagged, rule_spans)
    read_in_context: dict[str, bool] = {}
    kept: list[Span] = []
    for span in tagged:
        if span.label == "PERSON":
            result, reason = screen_person(
                body,
                span,
                gazetteer,
                admin,
                typed_in_article,
                tagged_as_other,
                read_in_context,
                listed,
                among_places,
            )
        else:
            result, reason = screen_org_place(body, span, gazetteer, admin)
        if result is not None:
            kept.append(result)
        if decisions is not None:
            outcome = (
                "dropped"
                if result is None
                else "retyped"
                if result.label != span.label
                else "cut"
                if result.name != span.name
                else "kept"
            )
            decisions.append(
                Decision(span.start, span.end, span.label, span.name, span.source, outcome, reason)
            )
    # One sense per discourse: a name takes the type it was given most often in the article.
    votes: dict[str, Counter] = {}
    for span in kept:
        votes.setdefault(span.name, Counter())[span.label] += 1
    for span in kept:
        label = votes[span.name].most_common(1)[0][0]
        if label != span.label:
            span.label = label
    return _check_bare_people(body, kept, listed, person_check, decisions)
