"""Where a quotation's speaker is written: the subject before the quote (`김 지사는 “…”라고 말했다`), after it
(`“…”라고 김 지사는 말했다`), shared with the quote before it in the same sentence (`“…”며 “…”고 했다`), or dropped
(`이어 “…”`); and the reporting verb that ends the sentence.

Pure text work: positions and words. Who a subject names is decided by transforms.quotes.speakers.
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass

from transforms.quotes.lexicon import CONNECTIVES
from transforms.quotes.marks import Quoted

# A word (eojeol) ending in a subject or topic particle; `께서` for the honorific subject.
_SUBJECT = re.compile(
    r"([^\s“”\"‘’'()\[\],.]+?)(\([^()\n]{1,60}\))?[’”]?(께서는|께서|은|는|이|가|도)(?=[\s,])"
)
# Stems that end in a case particle or a verb form: `서울에서는`, `이에 대해서는`, `하는`, `있는` are no subjects.
_NOT_A_STEM = re.compile(
    r"(에서|에게|에게서|한테|에|으로|로|까지|부터|보다|처럼|만큼|와|과|하고|대해서?|관해서?|따라|위해|통해|"
    r"하|있|없|되|않|했|였|같|싶|겠|된|한|던|이라|라|적|고|면서|며|지만|는데|도록|는지|은지|인지|을지|할지|느냐|냐|는가|"
    r"측면|이유|입장|내용|결과|문제|상황|사실|경우)$"
)
# Bound nouns that are a whole word: `것은`, `점은`, `때는` are no subjects.
_BOUND = frozenset("것 점 때 뒤 후 전 중 데 바 수 등 이 혹 그것 이것 오늘 이날 당시 지금 이번 이후".split())
TOPIC_PARTICLES = ("은", "는", "께서는", "께서")


@dataclass(frozen=True)
class Subject:
    """A subject word: `start` of the word, `stem_end` where its particle begins."""

    start: int
    stem_end: int
    particle: str

    @property
    def is_topic(self) -> bool:
        return self.particle in TOPIC_PARTICLES


@dataclass(frozen=True)
class Attribution:
    """How one quotation is attributed. `how` ∈ before, after, joined (same sentence as the previous quotation,
    no subject of its own), dropped (no subject written)."""

    quote: Quoted
    how: str
    subjects: tuple[Subject, ...]  # candidate subjects in the attribution, best first
    verb: str | None
    # the sentence opens with 이어, 그러면서, 또 ...: the previous speaker goes on
    after_connective: bool = False
    joined: bool = False  # the previous quotation is in the same sentence


class Sentences:
    """Sentence bounds of one body that skip every quoted span (a period inside a quote ends nothing)."""

    def __init__(self, body: str, quoted: list[Quoted]):
        self.body = body
        self.spans = sorted((q.start - 1, q.end) for q in quoted)  # mark to mark, inclusive
        self.opens = [s for s, _ in self.spans]

    def _span_at(self, pos: int) -> tuple[int, int] | None:
        i = bisect.bisect_right(self.opens, pos) - 1
        if i >= 0 and self.spans[i][0] <= pos <= self.spans[i][1]:
            return self.spans[i]
        return None

    def start(self, pos: int) -> int:
        """Start of the sentence holding `pos` (a quote's opening mark)."""
        body, i = self.body, pos - 1
        while i >= 0:
            span = self._span_at(i)
            if span is not None:
                i = span[0] - 1
                continue
            if body[i] == "\n":
                return i + 1
            if body[i] in ".?!" and i + 1 < len(body) and body[i + 1] in " \n":
                return i + 1
            i -= 1
        return 0

    def end(self, pos: int) -> int:
        """End of the sentence holding `pos` (just past its final punctuation, or its line's end)."""
        body, i = self.body, pos
        while i < len(body):
            span = self._span_at(i)
            if span is not None and i >= span[0]:
                i = span[1] + 1
                continue
            if body[i] == "\n":
                return i
            if body[i] in ".?!" and (i + 1 == len(body) or body[i + 1] in " \n"):
                return i + 1
            i += 1
        return len(body)


def quoted_spans(quoted: list[Quoted]) -> list[tuple[int, int, bool]]:
    """(opening mark, closing mark, is_quotation) of each quoted span: what subjects_in skips."""
    return [(q.start - 1, q.end, q.is_quotation) for q in quoted]


def subjects_in(
    body: str, lo: int, hi: int, skip: list[tuple[int, int, bool]] = (), names: frozenset[int] = frozenset()
) -> list[Subject]:
    """Words with a subject or topic particle in body[lo:hi], in order. Skipped: words inside a quotation, and
    words whose particle is inside any marks (`‘의사가 되겠다’는`); a name in marks with its particle after them
    (`‘…협의회(의총협)’가`) is a subject. `names`: where the article's names end; a name is a subject whatever its
    last syllable (김정한은, 이하늘이)."""
    out = []
    for found in _SUBJECT.finditer(body, lo, hi):
        stem = found.group(1)
        if found.end(1) not in names and (
            (_NOT_A_STEM.search(stem) and not stem.endswith(("측", "씨"))) or stem in _BOUND
        ):
            continue
        if any(
            (is_quotation and a <= found.start() <= b) or a < found.end() <= b for a, b, is_quotation in skip
        ):
            continue
        # `서울고법 가사2부(재판장 …)는`: the subject is the word before the parenthesis
        out.append(Subject(found.start(), found.end(1), found.group(3)))
    return out


def reporting_verb(body: str, close: int, sentence_end: int) -> str | None:
    """The last word of the sentence after a quotation: the reporting verb (`말했다`, `밝혔다`, `올렸다`)."""
    words = re.findall(r"[^\s“”\"‘’]+", body[close + 1 : sentence_end])
    if not words:
        return None
    return words[-1].rstrip(".?!,…") or None


def attribute(body: str, quoted: list[Quoted], names: frozenset[int] = frozenset()) -> list[Attribution]:
    """The attribution of every quotation among `quoted` (all quoted spans of the body, in order); `names`: where
    the article's PERSON and ORG mentions end."""
    sentences = Sentences(body, quoted)
    skip = quoted_spans(quoted)
    out: list[Attribution] = []
    previous: Quoted | None = None
    for q in (q for q in quoted if q.is_quotation):
        opening, close = q.start - 1, q.end
        start, end = sentences.start(opening), sentences.end(close)
        verb = reporting_verb(body, close, end)
        joined = previous is not None and start <= previous.start - 1 < opening
        lo = previous.end + 1 if joined else start
        before = subjects_in(body, lo, opening, skip, names)
        connective = any(body[start:opening].strip().startswith(c) for c in CONNECTIVES)
        if before:
            # the topic of the sentence says who speaks; an embedded clause's subject (윤 대통령이) does not
            topics = [s for s in before if s.is_topic]
            ordered = (topics[-1:] if joined else topics) + [s for s in reversed(before) if s not in topics]
            out.append(Attribution(q, "before", tuple(ordered), verb, connective, joined))
        else:
            next_open = next((o.start - 1 for o in quoted if o.start > q.end and o.start - 1 < end), end)
            after = [s for s in subjects_in(body, close + 1, next_open, skip, names) if s.is_topic]
            how = "after" if after else ("joined" if joined else "dropped")
            out.append(Attribution(q, how, tuple(after), verb, connective, joined))
        previous = q
    return out
