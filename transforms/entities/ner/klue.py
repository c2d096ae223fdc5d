"""KLUE NER (v1.1) TSV reader and strict entity-level metrics.

Pure functions: text in, data out. The KLUE format is character-level BIO:
a ``## <id>\\t<marked-up sentence>`` header, then one ``char\\tTAG`` line per
character (spaces are tokens tagged ``O``), and a blank line between sentences.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path

LABELS: tuple[str, ...] = ("PS", "LC", "OG", "DT", "TI", "QT")
CORE_LABELS: tuple[str, ...] = ("PS", "LC", "OG", "DT")

TagSpan = tuple[int, int, str]  # (start, end exclusive, label) of a labelled BIO/BIOES span


@dataclass(frozen=True)
class Sentence:
    """One KLUE sentence: its id, raw text and gold spans (end exclusive)."""

    sid: str
    text: str
    spans: tuple[TagSpan, ...]
    tags: tuple[str, ...]


def bio_to_spans(tags: Sequence[str]) -> list[TagSpan]:
    """Convert a character BIO sequence into (start, end, label) spans.

    An ``I-X`` that does not continue an open ``X`` span starts a new one
    (the conlleval convention).
    """
    spans: list[TagSpan] = []
    start = -1
    label = ""
    for i, tag in enumerate(tags):
        if tag.startswith("B-") or (tag.startswith("I-") and tag[2:] != label):
            if label:
                spans.append((start, i, label))
            start, label = i, tag[2:]
        elif tag.startswith("I-"):
            continue
        else:
            if label:
                spans.append((start, i, label))
            start, label = -1, ""
    if label:
        spans.append((start, len(tags), label))
    return spans


def spans_to_bio(n: int, spans: Iterable[TagSpan]) -> list[str]:
    """Inverse of :func:`bio_to_spans` for non-overlapping spans."""
    tags = ["O"] * n
    for s, e, lab in spans:
        if not 0 <= s < e <= n:
            continue
        tags[s] = f"B-{lab}"
        for i in range(s + 1, e):
            tags[i] = f"I-{lab}"
    return tags


def parse_klue(lines: Iterable[str]) -> Iterator[Sentence]:
    """Parse KLUE NER TSV lines (with or without trailing newlines)."""
    sid = ""
    chars: list[str] = []
    tags: list[str] = []
    in_sentence = False

    def flush() -> Sentence:
        text = "".join(chars)
        return Sentence(sid, text, tuple(bio_to_spans(tags)), tuple(tags))

    for raw in lines:
        line = raw.rstrip("\n").rstrip("\r")
        if line.startswith("##"):
            if in_sentence and chars:
                yield flush()
            body = line[2:].strip()
            if "\t" in body:  # "## <id>\t<markup>" header; other ## lines are comments
                sid = body.split("\t", 1)[0].strip()
                chars, tags, in_sentence = [], [], True
            continue
        if line == "":
            if in_sentence and chars:
                yield flush()
            chars, tags, in_sentence = [], [], False
            continue
        if not in_sentence:
            continue
        # the character itself may be a space: split on the last tab only
        ch, _, tag = line.rpartition("\t")
        if ch == "" and line.startswith("\t"):
            ch = " "
        chars.append(ch if ch else " ")
        tags.append(tag.strip() or "O")
    if in_sentence and chars:
        yield flush()


def read_klue(path: str | Path) -> list[Sentence]:
    """Read a KLUE NER TSV file."""
    with open(path, encoding="utf-8") as fh:
        return list(parse_klue(fh))


@dataclass(frozen=True)
class PRF:
    tp: int
    n_pred: int
    n_gold: int

    @property
    def precision(self) -> float:
        return self.tp / self.n_pred if self.n_pred else 0.0

    @property
    def recall(self) -> float:
        return self.tp / self.n_gold if self.n_gold else 0.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0


def entity_prf(
    gold: Sequence[Iterable[TagSpan]],
    pred: Sequence[Iterable[TagSpan]],
    labels: Sequence[str] = LABELS,
) -> dict[str, PRF]:
    """Strict entity-level counts per label: a hit needs same start, end and label."""
    if len(gold) != len(pred):
        raise ValueError(f"gold has {len(gold)} sentences, pred has {len(pred)}")
    tp = dict.fromkeys(labels, 0)
    npred = dict.fromkeys(labels, 0)
    ngold = dict.fromkeys(labels, 0)
    for g, p in zip(gold, pred, strict=True):
        gs = {tuple(x) for x in g}
        ps = {tuple(x) for x in p}
        for _, _, lab in gs:
            if lab in ngold:
                ngold[lab] += 1
        for x in ps:
            lab = x[2]
            if lab in npred:
                npred[lab] += 1
                if x in gs:
                    tp[lab] += 1
    return {lab: PRF(tp[lab], npred[lab], ngold[lab]) for lab in labels}


def macro_f1(scores: dict[str, PRF], labels: Sequence[str] = CORE_LABELS) -> float:
    """Unweighted mean of per-label F1 over ``labels``."""
    return sum(scores[lab].f1 for lab in labels) / len(labels)


def micro_prf(scores: dict[str, PRF], labels: Sequence[str] = LABELS) -> PRF:
    return PRF(
        sum(scores[lab].tp for lab in labels),
        sum(scores[lab].n_pred for lab in labels),
        sum(scores[lab].n_gold for lab in labels),
    )


def bio_to_bioes(tags: Sequence[str]) -> list[str]:
    """BIO -> BIOES (single-char spans S-, last char E-), via the span reading of :func:`bio_to_spans`."""
    out = ["O"] * len(tags)
    for s, e, lab in bio_to_spans(tags):
        if e - s == 1:
            out[s] = f"S-{lab}"
        else:
            out[s] = f"B-{lab}"
            for i in range(s + 1, e - 1):
                out[i] = f"I-{lab}"
            out[e - 1] = f"E-{lab}"
    return out


def bioes_to_spans(tags: Sequence[str]) -> list[TagSpan]:
    """Spans from BIOES tags; tolerant of ill-formed sequences (E-/S- close, B-/S- open)."""
    spans: list[TagSpan] = []
    start = -1
    label = ""
    for i, tag in enumerate(tags):
        kind, lab = (tag[0], tag[2:]) if len(tag) > 2 and tag[1] == "-" else ("O", "")
        if kind == "O":
            if label:
                spans.append((start, i, label))
            start, label = -1, ""
            continue
        if kind in "BS" or lab != label:
            if label:
                spans.append((start, i, label))
            start, label = i, lab
        if kind in "ES":
            spans.append((start, i + 1, label))
            start, label = -1, ""
    if label:
        spans.append((start, len(tags), label))
    return spans
