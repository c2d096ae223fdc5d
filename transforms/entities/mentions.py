"""All rule mentions of one article body, and one article's mention rows (body mentions, then bylines)."""

from __future__ import annotations

import re
from collections.abc import Iterable
from functools import lru_cache

from transforms.entities.addresses import find_addresses, find_qualified_places
from transforms.entities.admin import AdminIndex
from transforms.entities.affiliations import affiliation_of, attach_bodies_before, attach_context_affiliations
from transforms.entities.channels import find_channels
from transforms.entities.defined_aliases import find_alias_definitions
from transforms.entities.events import find_events
from transforms.entities.known_names import find_known_people
from transforms.entities.law_firms import find_firm_short_mentions, find_law_firms
from transforms.entities.lexicon import (
    ACADEMIC_PARTS,
    DEPARTMENT_ENDINGS,
    GENERIC_ORG_WORDS,
    ORG_SUFFIXES,
    SURNAMES_1,
    SURNAMES_2,
    TITLES,
)
from transforms.entities.memory import Memory
from transforms.entities.named_roles import (
    attach_title_after,
    find_bracketed_heads,
    find_credited_people,
    find_pre_titled_people,
    find_press_people,
    find_publishers,
    pair_partners,
)
from transforms.entities.org_lists import find_appositive_orgs, find_coordinated_orgs, find_listed_orgs
from transforms.entities.orgs_places import REGION_NAMES, a_kind_of_body, find_orgs_and_places, typed_name
from transforms.entities.people import _plausible_name, find_person_mentions, surname_of
from transforms.entities.person_check import PersonScorer
from transforms.entities.readings import find_reading_places
from transforms.entities.resolve import Decision, screen_org_place, screen_tagged
from transforms.entities.short_forms import find_repeat_mentions, find_short_mentions
from transforms.entities.spans import SENTENCE_END, Span, merge_spans, strip_particle, tokens_of, words_found
from transforms.entities.titles import base_title

# A Korean name as the tagger finds it: a surname the lexicon knows and one or two syllables (not 데니스 홍, 마티스)
_KOREAN_FULL_NAME = re.compile(
    rf"(?:{'|'.join(SURNAMES_2)})[가-힣]{{1,2}}|(?:{'|'.join(SURNAMES_1)})[가-힣]{{1,2}}"
)


def extract_mentions(
    body: str,
    gazetteer: dict[str, str] | None = None,
    tagged: Iterable[Span] = (),
    admin: AdminIndex | None = None,
    decisions: list[Decision] | None = None,
    memory: Memory | None = None,
    person_check: PersonScorer | None = None,
) -> list[Span]:
    """All mentions in one body, non-overlapping, in order.

    The rules propose people with the evidence they read (titles, ages, courts), organizations, places and events;
    Wikidata's list and `memory` (names earlier nights confirmed) propose the names they know;
    `tagged` are a statistical tagger's spans, screened by `transforms.entities.resolve` (`decisions`, when given,
    receives why each was kept, cut, retyped or dropped). A person found once, by a rule or the tagger, is found at
    every later occurrence of the name in the article, and short forms (`오 시장`, `이씨`) link back to the person.
    Rules win where spans overlap: they carry roles.
    """
    firms = find_law_firms(body)
    # `법무법인 태평양 ... 태평양 변호사는`: the firm by its own name later in the article, not a person 태평양
    firm_names = {f.name.removeprefix("법무법인 ") for f in firms}
    if firm_names:  # `홍길동(46·사법연수원 37기) 한빛 변호사`: the firm's own name is the body of a title
        gazetteer = {**(gazetteer or {}), **dict.fromkeys(firm_names, "ORG")}
    people = [p for p in find_person_mentions(body, gazetteer) if p.name not in firm_names]
    for pre in [
        *find_pre_titled_people(body, gazetteer),
        *find_credited_people(body, gazetteer),
        *find_bracketed_heads(body, gazetteer),
        *find_press_people(body, gazetteer),
    ]:
        same = next((p for p in people if p.start < pre.end and pre.start < p.end), None)
        if same is None:
            people.append(pre)
        elif (
            same.name == pre.name
        ):  # 가수 임창정(51)씨: the aged person takes the role printed before the name
            same.roles.extend(r for r in pre.roles if r not in same.roles)
    remembered = memory.find(body) if memory is not None else []
    for known in [*find_known_people(body), *(r for r in remembered if r.label == "PERSON")]:
        if not any(known.start < p.end and p.start < known.end for p in people):
            people.append(known)
    people.sort(key=lambda s: s.start)
    bodies = merge_spans(affiliation_mentions(body, people), glued_bodies(body))
    aliases = find_alias_definitions(body, gazetteer)
    orgs_places = merge_spans(
        find_publishers(body),
        find_channels(body),
        find_addresses(body, admin),
        find_orgs_and_places(body, gazetteer, admin),
        find_reading_places(body, admin),
        find_listed_orgs(body, admin),
        find_appositive_orgs(body),
    )
    orgs_places = merge_spans(
        orgs_places, find_coordinated_orgs(body, [*firms, *people, *orgs_places, *bodies], admin)
    )
    # A word the article uses as a person's body (`김철수 전 한빛 회장`) is an organization wherever the tagger sees it
    screened = screen_tagged(
        body,
        list(tagged),
        [*firms, *aliases, *orgs_places, *bodies],
        gazetteer,
        admin,
        decisions,
        person_check,
    )
    orgs_places = _longer_tagged_bodies(screened, orgs_places)
    qualified = find_qualified_places(body, orgs_places, screened, admin)
    screened = _after_a_rule_prefix(body, screened, orgs_places, gazetteer or {}, admin)
    known = {p.name for p in people}
    tagged_people = []
    for span in screened:
        if (
            span.label == "PERSON"
            and span.name not in known
            and not any(span.start < p.end and p.start < span.end for p in people)
            and not _inside_longer(span, orgs_places)
        ):
            known.add(span.name)
            attach_title_after(body, span, [*orgs_places, *bodies, *screened, *firms])
            if span.surname is None and _KOREAN_FULL_NAME.fullmatch(span.name):
                span.surname = surname_of(span.name)  # 김영희 여사 ... 김 여사, 최태원 ... 최 회장
            tagged_people.append(span)
    for partner in pair_partners(body, known, gazetteer):
        if partner.name not in known:
            known.add(partner.name)
            tagged_people.append(partner)
    people_all = sorted(people + tagged_people, key=lambda s: s.start)
    short = find_short_mentions(body, people_all)
    attach_context_affiliations(body, people_all, short)
    attach_bodies_before(body, people_all, [*orgs_places, *bodies, *screened, *firms])
    repeats = find_repeat_mentions(body, people_all)
    return merge_spans(
        people,
        short,
        tagged_people,
        repeats,
        aliases,
        firms,
        find_firm_short_mentions(body, firm_names),
        find_events(body),
        qualified,
        orgs_places,
        bodies,
        [r for r in remembered if r.label != "PERSON"],
        screened,
    )


_LIST_MARKS = re.compile(r"[▷▶▲△◇◆■□●○※前]")


def _after_a_rule_prefix(
    body: str,
    screened: list[Span],
    rule_spans: list[Span],
    gazetteer: dict[str, str],
    admin: AdminIndex | None,
) -> list[Span]:
    """A tagger organization or place that starts with a rule's shorter place (`경기 화성동탄경찰서`, `서울 중구
    한빛상공회의소`) keeps the words after it, screened again: the rule's span wins the overlap, and without this the
    organization after it was lost with the tagger's span."""
    starts = {}
    for r in rule_spans:
        if r.label == "LOCATION" and r.end > starts.get(r.start, -1):
            starts[r.start] = r.end
    out = []
    for span in screened:
        end = starts.get(span.start)
        if (
            span.label in ("ORG", "LOCATION")
            and span.source == "tagger"
            and end is not None
            and end < span.end
            and body[end : end + 1].isspace()
        ):
            rest = end + len(body[end : span.end]) - len(body[end : span.end].lstrip())
            remainder, _ = screen_org_place(
                body,
                Span(rest, span.end, span.label, body[rest : span.end], source=span.source),
                gazetteer,
                admin,
            )
            if remainder is not None:
                out.append(remainder)
            continue
        out.append(span)
    return out


def _inside_longer(span: Span, rule_spans: list[Span]) -> bool:
    """Whether a rule's organization or place holds the tagger's "person" and more (`도솔재의 51.0㎜`: a weather station
    read as the person 도솔재; `김철수법률사무소`): the rule read the whole word, the tagger a piece of it."""
    return any(
        o.start <= span.start and span.end <= o.end and o.end - o.start > span.end - span.start
        for o in rule_spans
    )


def _longer_tagged_bodies(screened: list[Span], rule_spans: list[Span]) -> list[Span]:
    """A tagger's organization of several words that ends in a body's word takes the place of the rule spans inside it:
    `서울중앙지검 특별수사팀`, `한빛대 법학연구원 데이터센터`, `충청남도 균형발전국` (the rules read 서울중앙지검, 한빛대 and
    충청남도 alone; a unit or a department is part of its office's name)."""
    out = rule_spans
    for span in screened:
        if span.label != "ORG" or " " not in span.name or span.source != "tagger":
            continue
        first, last = span.name.split(" ", 1)[0], span.name.rsplit(" ", 1)[1]
        if not (typed_name(last) == "ORG" or last.endswith((*DEPARTMENT_ENDINGS, "센터"))):
            continue
        if last.endswith(ACADEMIC_PARTS):
            continue  # `한빛대 기계공학과`: a university's department; the university is the body readers look up
        if _LIST_MARKS.search(span.name) or _plausible_name(first, None):
            continue  # `송인강 삼성전자 상무`, `박재휘▷경기서부지부`: a person before the body, or a list
        inside = [r for r in out if span.start <= r.start and r.end <= span.end]
        if len(inside) == 2 and inside[0].label == "LOCATION" and not a_kind_of_body(inside[1].name):
            continue  # `영국 한빛연구소`: a place and a body with a name of its own (find_orgs_and_places)
        if inside and all(r.label in ("ORG", "LOCATION") for r in inside):
            out = sorted([r for r in out if r not in inside] + [span], key=lambda r: r.start)
    return out


def mention_rows(
    article_id: str,
    body: str,
    reporters: Iterable[dict],
    publisher_name: str | None,
    gazetteer: dict[str, str] | None = None,
    tagged: Iterable[Span] = (),
    admin: AdminIndex | None = None,
    memory: Memory | None = None,
) -> list[dict]:
    """One article's mentions as rows of `transforms.entities.normalize.MENTION_SCHEMA` (body mentions, then bylines)."""
    rows = [
        {
            "article_id": article_id,
            "entity_type": s.label,
            "name": s.name,
            "surface": body[s.start : s.end],
            "start_char": s.start,
            "end_char": s.end,
            "mention_kind": s.kind,
            "roles": [{"role": r, "affiliation": a} for r, a in s.roles],
            "source": s.source,
        }
        for s in extract_mentions(body, gazetteer, tagged, admin, memory=memory)
    ]
    for reporter in reporters:
        rows.append(
            {
                "article_id": article_id,
                "entity_type": "PERSON",
                "name": reporter["name"],
                "surface": reporter["name"],
                "start_char": None,
                "end_char": None,
                "mention_kind": "byline",
                "roles": [{"role": "기자", "affiliation": publisher_name}],
                "source": "byline",
            }
        )
    return rows


_TOWNSHIP = re.compile(r"[가-힣]{1,3}[읍면동리]")


def affiliation_mentions(body: str, people: list[Span]) -> list[Span]:
    """The bodies the title rules read between a name and its title, as ORG mentions: `한빛대` of `김철수 한빛대
    기계공학과 교수`, `위메이드` of `박관호 현 위메이드 대표`. A university by its short name or a company with no
    suffix is found nowhere else; the rule that took it as a person's body is the evidence. Only a whole word printed
    after the name, or an organization's name glued to its head's title (`5공수여단장`; not the 서울시 of `서울시장`), and
    never a province or city (places, found as such)."""
    spans: list[Span] = []
    for person in people:
        if person.source not in ("title", "title_list"):
            continue
        for _, affiliation in person.roles:
            if not affiliation or affiliation in REGION_NAMES or typed_name(affiliation) == "LOCATION":
                continue
            if _TOWNSHIP.fullmatch(affiliation):
                continue  # 증산면 of 증산면 이장협의회장: a place
            pos = body.find(affiliation, person.end, person.end + 30)
            if pos < 0 or body[pos - 1] not in " ·":
                continue
            end = pos + len(affiliation)
            if body.startswith(" ", end) or any(
                body.startswith(title, pos) and _glued_body(title, affiliation) for title, _ in person.roles
            ):
                spans.append(Span(pos, end, "ORG", affiliation, source="affiliation"))
    return spans


_MINISTERS = ("장관", "차관")
_HEAD_LETTERS = frozenset("장관")  # a head's title ends in one (_glued_body): a word with neither is none


def glued_bodies(body: str) -> list[Span]:
    """ORG spans for organizations glued to a head's title wherever the title stands, with a name before it or
    without (`선임대법관, 법원행정처장, 대한변호사협회장`: posts listed by their titles)."""
    tokens = tokens_of(body)
    glued = words_found(tokens, _HEAD_LETTERS, _glued_in_word)
    return [
        Span(start, start + len(glued[word]), "ORG", glued[word], source="affiliation")
        for start, _, word in tokens
        if word in glued
    ]


@lru_cache(maxsize=1 << 16)
def _glued_in_word(word: str) -> str | None:
    """The organization glued to the head's title that `word` is (glued_bodies), if it is one (cached: words
    repeat across articles, and most are no title)."""
    title = strip_particle(word.rstrip(SENTENCE_END))
    if not title.endswith(TITLES) or title == base_title(title):
        return None
    affiliation = affiliation_of(title)
    return affiliation if affiliation and _glued_body(title, affiliation) else None


def _glued_body(title: str, affiliation: str) -> bool:
    """`5공수여단장`, `서울대병원장`, `경찰청장`, `교육부장관`: a head's title printed as its organization's name and the
    head's 장 (or a minister's 장관), where the organization is read out of the title; not a city's or district's
    office (`울산시장`, `종로구청장`: places), a department (`경제정책실장`, `수사부장`: a 부 is a ministry only under its
    장관), a deputy's 부 (`교무부학장`, `사무부총장`), a kind of body (`대학병원장`) or a court's generic word
    (`고법판사`)."""
    rest = title[len(affiliation) :]
    return (
        len(affiliation) >= 3
        and bool(rest)
        and title.startswith(affiliation)
        and (rest.endswith("장") or rest in _MINISTERS)
        and (typed_name(affiliation) == "ORG" or affiliation.endswith(ORG_SUFFIXES))
        and not affiliation.endswith(DEPARTMENT_ENDINGS)
        and not (affiliation.endswith("부") and rest not in _MINISTERS)
        and affiliation not in GENERIC_ORG_WORDS
    )
