"""Who speaks: a quotation's subject resolved against the same article's entity mentions.

A subject that is, or ends in a title after, a PERSON or ORG mention names that entity (`김 지사는` is a short-form
mention of 김동연; `이재명 더불어민주당 대표는`); `홍길동 측은` is the person's side, so the person. A subject an
unnamed source heads (`관계자`, `A씨`, `한 법조인`) stays anonymous even with a name nearby. An organization that
speaks by a common word (`재판부는`, `검찰은`) is an ORG entity named by that word, keyed like every entity
(transforms.entities.identity.entity_key). `그는` / `그녀는` give the person the text was last about: the nearest
earlier subject that is a person or an anonymous source. A dropped subject (`이어 “…”`) continues the nearest earlier
speaker. A subject no rule reads is `unresolved`: never guessed from the nearest name.
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass

from transforms.entities.identity import entity_key
from transforms.entities.lexicon import ORG_SUFFIXES, TITLE_WORDS, TITLES
from transforms.quotes.abbreviations import defined_abbreviations, in_order
from transforms.quotes.attribution import Attribution, Subject, subjects_in
from transforms.quotes.lexicon import (
    ANONYMOUS_BEFORE,
    ANONYMOUS_HEADS,
    COURT_INSTANCES,
    COURT_SPEAKER,
    ORG_SPEAKERS,
    PRONOUNS,
    RELATIVES,
    UNNAMED_ORGS,
)

# Anonymised people: A씨, B군, 김모씨, 김모(45)씨; a bare surname with 씨 no full name backs (`김씨`) is not named.
_ANONYMISED = re.compile(
    r"^([A-Z]{1,2}|[가-힣]모)\s?(\([^()]{1,20}\))?\s?(씨|군|양|변호사|교사|교수|의원|검사|판사|의사|대표)$|^[가-힣]씨$"
)
# A short form no mention backs: a surname with 씨 or a title (`이씨`, `전 교수`).
_SHORT_FORM = re.compile(r"^([가-힣])\s?(씨|[가-힣]{1,5})$")
# Heads that never name anyone, whatever stands before them.
_ALWAYS_ANONYMOUS = ("관계자", "소식통", "측근", "네티즌", "누리꾼", "관계자들")
# After a quotation (and the quotations that follow it): what says the words were the public's.
_PUBLIC_VOICE = re.compile(
    r"(?:[\s,]*[“\"][^”\"\n]{1,200}[”\"])*[\s,]*(?:이?라는|는|등의?|과 같은)?\s*(?:등의?\s*)?"
    r"(?:[가-힣]{1,4}\s)?(?:댓글|반응|의견|목소리|호평|혹평|신고|제보|문의|항의|후기|게시글|민원)"
)
# `“…”\n최원일 전 천안함장의 말이다.`: the next sentence names whose words they were.
_SAID_BY = re.compile(
    r"[\s.]*([^\s.“”\"][^.\n“”\"]{1,40}?)의 (?:말|얘기|이야기|설명|주장|전언|당부|고백)(?:이다|이었다|이다\.)"
)
# A short name defined right after a subject's name: `…협의회(의총협)는`.
_DEFINING = re.compile(r"\((?:이하\s*)?([^()\s]{2,10})\)")
# An interview's introduction: its answers, quoted with no subject, are the interviewee's.
_INTERVIEW = re.compile(r"다음은 ([^\n]{2,60}?)(와|과)의? ?(일문일답|인터뷰|문답|대담)")
# How far back (characters) a name may stand before its title in one subject: `이재명 더불어민주당 대표는`.
TITLE_REACH = 24
# How many paragraphs back a dropped subject or a pronoun looks for whom the text is about.
CONTEXT_PARAGRAPHS = 2


@dataclass(frozen=True)
class Mention:
    start: int
    end: int
    entity_key: int
    entity_type: str
    canonical_name: str


@dataclass(frozen=True)
class Speaker:
    kind: str  # person, org, anonymous, unresolved
    entity_key: int | None
    surface: str | None
    position: int  # where the speaker is written (or the quote, when the subject is dropped)
    entity_name: str | None = (
        None  # an ORG named by a common word (재판부): its canonical name, for dim_entity
    )


UNRESOLVED = "unresolved"
SPEAKER_TYPES = ("PERSON", "ORG", "LOCATION")


def _is_title(stem: str) -> bool:
    return stem in TITLE_WORDS or stem.endswith(TITLES) or stem in ANONYMOUS_HEADS


class SpeakerResolver:
    """Resolves the subjects of one article against its mentions (PERSON, ORG, LOCATION, with offsets)."""

    def __init__(self, body: str, mentions: list[Mention], skip: list[tuple[int, int, bool]]):
        self.body = body
        self.mentions = sorted(mentions, key=lambda m: (m.start, m.end))
        self.starts = [m.start for m in self.mentions]
        self.skip = skip
        self.breaks = [i for i, ch in enumerate(body) if ch == "\n"]
        orgs = [
            (m.start, m.end, m.entity_key, m.canonical_name) for m in self.mentions if m.entity_type == "ORG"
        ]
        self.defined = defined_abbreviations(body, orgs)
        self.names = frozenset(m.end for m in self.mentions if m.entity_type in ("PERSON", "ORG"))

    def paragraph(self, pos: int) -> int:
        return bisect.bisect_right(self.breaks, pos - 1) if pos > 0 else 0

    def _overlapping(self, lo: int, hi: int) -> list[Mention]:
        """Mentions that overlap body[lo:hi] (a long name may start before it)."""
        return [m for m in self.mentions if m.start < hi and lo < m.end]

    def _mentions_in(self, lo: int, hi: int) -> list[Mention]:
        i = bisect.bisect_left(self.starts, lo)
        out = []
        while i < len(self.mentions) and self.mentions[i].start < hi:
            if self.mentions[i].end <= hi:
                out.append(self.mentions[i])
            i += 1
        return out

    def _full_org(self, m: Mention) -> Mention:
        """The article's fuller name of an organization a subject gives short (한빛대 for 한빛대학교, 노조 for
        노동조합, an acronym): an ORG mention of the same article whose name holds the short one's letters in order,
        starts alike (or ends with it) and ends like an organization (the lexicon's org endings: 경주시장 is the
        mayor, no fuller 경주시). The first such, else the organization as given."""
        short = m.canonical_name.replace(" ", "")
        for other in self.mentions:
            full = other.canonical_name.replace(" ", "")
            if other.entity_type != "ORG" or len(full) <= len(short) or other.entity_key == m.entity_key:
                continue
            if (
                (full[0] == short[0] or full.endswith(short))
                and full.endswith(ORG_SUFFIXES)  # 경주시장 is the mayor, not a fuller 경주시
                and in_order(short, full)
            ):
                return other
        return m

    def _named(self, m: Mention, start: int, stem_end: int) -> Speaker:
        surface = self.body[start:stem_end]
        if m.entity_type == "ORG":
            m = self._full_org(m)
        if m.entity_type == "PERSON":
            return Speaker("person", m.entity_key, surface, start)
        # a place that speaks is its government (경기도는 “…”): the organization of that name
        if m.entity_type == "LOCATION":
            return Speaker("org", entity_key("ORG", m.canonical_name), surface, start, m.canonical_name)
        return Speaker("org", m.entity_key, surface, start)

    def phrase_start(self, subject: Subject) -> int:
        """Where a subject's words start: `홍길동 씨는`, `이 대표 측은`, `권민서(48)씨는` start a word earlier."""
        body, start = self.body, subject.start
        if body[start : subject.stem_end] not in ("씨", "측", "군", "양") or start < 2:
            return start
        if body[start - 1] == ")" and "(" in body[max(0, start - 12) : start]:
            return _word_start(body, body.rfind("(", 0, start))
        if body[start - 1] == " ":
            return _word_start(body, start - 1)
        return start

    def resolve(self, subject: Subject) -> Speaker | None:
        """Who a subject word names; None when the word is not one a speaker is written with."""
        body, start, stem_end = self.body, subject.start, subject.stem_end
        if subject.particle == "도" and self._overlapping(stem_end, stem_end + 1):
            return None  # 경기도, 제주도: the 도 is the name's, not a particle
        start = self.phrase_start(subject)
        stem = body[start:stem_end]
        head = stem.removesuffix("측").strip() if stem.endswith("측") and len(stem) > 1 else stem
        before_word = body[max(0, start - 6) : start].split()
        before_word = before_word[-1] if before_word and body[start - 1 : start] == " " else ""
        if stem in PRONOUNS:
            return Speaker("pronoun", None, stem, start)
        defining = _DEFINING.match(body, stem_end)  # 대학총장협의회(총협)는: the name with its definition
        if defining and defining.group(1) in self.defined:
            head = defining.group(1)
        if (
            head in self.defined
        ):  # 총협은, 예술재단 측은: the organization the article defined the short name for
            key, name, is_new = self.defined[head]
            return Speaker("org", key, stem, start, name if is_new else None)
        if stem.endswith(_ALWAYS_ANONYMOUS) or stem.removesuffix("들").endswith(RELATIVES):
            # `검찰 관계자`: the organization named before the source is part of how the text writes it
            lo = start
            named_before = [m for m in self._overlapping(start - 2, start - 1) if m.end == start - 1]
            if named_before and body[start - 1 : start] == " ":
                lo = named_before[-1].start
            return Speaker("anonymous", None, body[lo:stem_end], lo)
        people_here = [m for m in self._overlapping(start, stem_end) if m.entity_type == "PERSON"]
        if _ANONYMISED.match(head) and not people_here:  # 남모(46·김제)씨: the place is his, not the speaker
            backed = self._short_form(head, start) if not head[0].isascii() else None
            if backed is None:
                return Speaker("anonymous", None, stem, start)
            return self._named(backed, start, stem_end)
        if before_word in ANONYMOUS_BEFORE and (_is_title(stem) or stem.isalpha()):
            lo = start - len(before_word) - 1
            if not self._mentions_in(lo, stem_end):
                return Speaker("anonymous", None, body[lo:stem_end], lo)
        lo = max(0, start - TITLE_REACH)
        line_start = body.rfind("\n", 0, start) + 1
        lo = max(lo, line_start, body.rfind(",", 0, start) + 1, body.rfind(".", 0, start) + 1)
        named = [m for m in self._mentions_in(lo, stem_end) if m.entity_type in SPEAKER_TYPES]
        own = [m for m in self._overlapping(start, stem_end) if m.entity_type in SPEAKER_TYPES]
        people = [m for m in named if m.entity_type == "PERSON" and m.end <= start]
        if own:
            m = own[-1]
            if (
                m.entity_type != "PERSON" and people and (_is_title(stem) or _is_title(head))
            ):  # 박상훈 한국교육개발원장은
                return self._named(people[-1], people[-1].start, stem_end)
            return self._named(m, min(m.start, start), stem_end)
        if stem == "측" or stem.endswith("측") or _is_title(head) or head == "":
            if people and (stem.endswith("측") or _is_title(head)):
                return self._named(people[-1], people[-1].start, stem_end)
            if named and stem.endswith("측"):
                return self._named(named[-1], named[-1].start, stem_end)
            surname = body[start - 2 : start - 1] if start >= 2 and body[start - 1] == " " else ""
            if surname and (start < 3 or not body[start - 3].isalnum()):  # 박 교수, 이 대표: a short form
                found = self._short_form(f"{surname} {head}", start - 2)
                if found is not None:
                    return self._named(found, start - 2, stem_end)
            elsewhere = self._short_form(head, start) or self._same_surface(head)
            if elsewhere is not None:
                return self._named(elsewhere, start, stem_end)
            if _is_title(head):
                return Speaker("anonymous", None, stem, start)
        for word, name in [*((w, COURT_SPEAKER) for w in COURT_INSTANCES), *((w, w) for w in ORG_SPEAKERS)]:
            if body.endswith(word, lo, stem_end) and (
                stem_end - len(word) == lo or not body[stem_end - len(word) - 1].isalnum()
            ):
                surface = body[stem_end - len(word) : stem_end]
                return Speaker("org", entity_key("ORG", name), surface, start, name)
        for word in UNNAMED_ORGS:
            if body.endswith(word, start, stem_end) and (stem_end - len(word) == start or head == word):
                return Speaker("anonymous", None, body[start:stem_end], start)
        elsewhere = self._short_form(head, start) or self._same_surface(head)
        if elsewhere is not None:
            return self._named(elsewhere, start, stem_end)
        if stem.removesuffix("들").endswith(tuple(ANONYMOUS_HEADS)):  # 유가족들, 주민들
            return Speaker("anonymous", None, stem, start)
        return None

    def _same_surface(self, word: str) -> Mention | None:
        """The PERSON or ORG mention written exactly as `word` elsewhere in the article (a subject the entity
        rules did not mark at this place)."""
        if len(word) < 2:
            return None
        found = {
            m.entity_key: m
            for m in self.mentions
            if m.entity_type in ("PERSON", "ORG") and self.body[m.start : m.end] == word
        }
        return next(iter(found.values())) if len(found) == 1 else None

    def _short_form(self, word: str, before: int) -> Mention | None:
        """The one person named earlier in the article whose surname a short form gives (`이씨`, `전 교수`)."""
        found = _SHORT_FORM.match(word)
        if not found or (found.group(2) != "씨" and not _is_title(found.group(2))):
            return None
        people = {
            m.entity_key: m
            for m in self.mentions
            if m.entity_type == "PERSON"
            and m.end <= before
            and m.canonical_name.startswith(found.group(1))
            and len(m.canonical_name) >= 2
        }
        return next(iter(people.values())) if len(people) == 1 else None

    def topic_speakers(self, lo: int, hi: int, clause_kinds: tuple[str, ...] = ("person",)) -> list[Speaker]:
        """Speakers that topic words in body[lo:hi] name (persons, organizations, anonymous sources), in order (whom
        the text is about), and the subjects written with 이/가 that name one of `clause_kinds`."""
        out = []
        for s in subjects_in(self.body, lo, hi, self.skip, self.names):
            found = self.resolve(s)
            # with 이/가 only `clause_kinds` count: a named person (`이두희(41)씨가 … 그는`); `정부가 답을 주는
            # 경우` is a clause's subject
            if found is not None and found.kind != "pronoun" and (s.is_topic or found.kind in clause_kinds):
                out.append(found)
        return out

    def told_after(self, close: int) -> Speaker | None:
        """A speaker written after a subjectless quotation: `“…” 최원일 전 천안함장의 말이다` names the speaker;
        `“…” “…” 등 댓글이 달렸다`, `“…”는 신고가 들어왔다` are the public's words, an anonymous source."""
        after = self.body[close + 1 : close + 200]
        if _PUBLIC_VOICE.match(after):
            return Speaker("anonymous", None, None, close)
        said = _SAID_BY.match(after)
        if said is None:
            return None
        lo, hi = close + 1 + said.start(1), close + 1 + said.end(1)
        named = [m for m in self._mentions_in(lo, hi) if m.entity_type in SPEAKER_TYPES]
        people = [m for m in named if m.entity_type == "PERSON"]  # 천안함장 최원일: the person, not 천안함
        if people or named:
            return self._named((people or named)[-1], lo, hi)
        return Speaker("anonymous", None, self.body[lo:hi], lo)

    def interviewees(self) -> list[Speaker]:
        """The person an interview's answers belong to: `다음은 이진 대표와의 일문일답`, at that line."""
        out = []
        for found in _INTERVIEW.finditer(self.body):
            people = [m for m in self._mentions_in(found.start(), found.end(1)) if m.entity_type == "PERSON"]
            if people:
                out.append(Speaker("person", people[-1].entity_key, None, found.start()))
        return out

    def context_start(self, pos: int) -> int:
        """Start of the paragraph CONTEXT_PARAGRAPHS before the one holding `pos`."""
        i = bisect.bisect_left(self.breaks, pos) - CONTEXT_PARAGRAPHS
        return self.breaks[i] + 1 if i >= 0 else 0


def _word_start(body: str, end: int) -> int:
    """Start of the word that ends at `end` (a space, a line break or the text's start before it)."""
    i = end - 1
    while i >= 0 and not body[i].isspace():
        i -= 1
    return i + 1


def resolve_speakers(resolver: SpeakerResolver, attributions: list[Attribution]) -> list[Speaker]:
    """One speaker per attribution, in order (a dropped or joined subject continues the speaker before it)."""
    out: list[Speaker] = []
    for a in attributions:
        opening = a.quote.start - 1
        previous = out[-1] if out else None
        found = None
        for subject in a.subjects:
            found = resolver.resolve(subject)
            if found is not None:
                break
        if found is None and a.how == "before" and (a.subjects[0].is_topic or a.subjects[0].particle == "도"):
            # a topic no rule reads (`부부는`) is written, so never another speaker; an unread subject with 이/가
            # (`논쟁이 치열한 … 대해서는`) is an embedded clause's, and the quote's subject is dropped
            s = a.subjects[0]
            start = resolver.phrase_start(s)
            found = Speaker(UNRESOLVED, None, resolver.body[start : s.stem_end], start)
        if found is not None and found.kind == "pronoun":
            # 그/그녀 is a person; 이들/그들 may be a group that speaks as an organization
            found = _antecedent(resolver, found, previous, person_only=found.surface in ("그", "그녀"))
        elif found is None and a.joined and previous is not None:
            found = previous
        elif found is None and a.after_connective and previous is not None and previous.kind != UNRESOLVED:
            found = Speaker(previous.kind, previous.entity_key, None, opening, previous.entity_name)
        elif found is None and (told := resolver.told_after(a.quote.end)) is not None:
            found = told
        elif found is None:
            found = _antecedent(
                resolver, Speaker(UNRESOLVED, None, None, opening), previous, person_only=False
            )
            found = Speaker(found.kind, found.entity_key, None, found.position, found.entity_name)
        out.append(found)
    return out


def _antecedent(
    resolver: SpeakerResolver, at: Speaker, previous: Speaker | None, person_only: bool
) -> Speaker:
    """The nearest earlier speaker (a subject word or the previous quotation's speaker) within a few paragraphs;
    a pronoun takes only a person or an anonymous source."""
    lo = resolver.context_start(at.position)
    # a pronoun is a person a topic or a named subject gives; a dropped subject may also go on with an unnamed
    # source written with 이/가 (`한 주민이 “…”라고 했다. “…”`)
    clause_kinds = ("person",) if person_only else ("person", "anonymous")
    candidates = resolver.topic_speakers(lo, at.position, clause_kinds)
    candidates += [c for c in resolver.interviewees() if c.position < at.position]
    if previous is not None and previous.position >= lo and previous.kind != UNRESOLVED:
        candidates.append(previous)
    if person_only:
        candidates = [c for c in candidates if c.kind in ("person", "anonymous")]
    if not candidates and at.surface is None and previous is not None and previous.kind != UNRESOLVED:
        # a run of quotations with no subject (an interview's answers) goes on with the last speaker
        candidates = [previous]
    if not candidates:
        return Speaker(UNRESOLVED, None, at.surface, at.position)
    best = max(candidates, key=lambda c: c.position)
    return Speaker(best.kind, best.entity_key, at.surface, at.position, best.entity_name)
