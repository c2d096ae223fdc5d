"""Load the trained CRF and tag text with KLUE labels (PS LC OG DT TI QT).

File access is confined to :func:`load_model` (the artifact directory written
by ``bench/train_ner.py``) and :func:`kiwi` (the lazily built, process-wide
Kiwi analyser, which reads its own model files once).
"""

from __future__ import annotations

import gzip
import json
import re
import threading
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import numpy as np

from transforms.ner.features import CONTENT_TAGS, Lexicon, Morph, clean_text, sentence_features
from transforms.ner.klue import Span, bio_to_spans

MAX_CHUNK = 200  # characters per CRF sequence; longer lines are cut at sentence ends, then spaces

_KIWI: Any = None
_KIWI_LOCK = threading.Lock()


def default_model_path() -> Path:
    """The committed artifact (a directory)."""
    return Path(__file__).resolve().parent / "model"


def kiwi() -> Any:
    """Process-wide Kiwi analyser, built on first use (~1 s, ~0.5 GB)."""
    global _KIWI
    if _KIWI is None:
        with _KIWI_LOCK:
            if _KIWI is None:
                from kiwipiepy import Kiwi

                _KIWI = Kiwi(num_workers=1)
    return _KIWI


def analyze(texts: Sequence[str]) -> list[list[Morph]]:
    """Kiwi morphemes for each text (offsets into that text). Never raises."""
    out: list[list[Morph]] = []
    for text in texts:
        if not text.strip():
            out.append([])
            continue
        try:
            toks = kiwi().tokenize(clean_text(text))
            out.append([Morph(t.start, t.start + t.len, t.form, t.tag, -1 if t.oov else t.id) for t in toks])
        except Exception:  # noqa: BLE001 - odd code points must not kill a batch
            out.append([])
    return out


def similarities(mid: int, others: Sequence[int]) -> np.ndarray:
    """Cosine similarity of Kiwi morpheme ``mid`` to each of ``others`` (0 where undefined)."""
    sim = kiwi().morpheme_similarity
    row = np.zeros(len(others), dtype=np.float32)
    try:
        sim(mid, mid)
    except Exception:  # noqa: BLE001 - no embedding for this id
        return row
    for j, o in enumerate(others):
        try:
            row[j] = sim(mid, o)
        except Exception:  # noqa: BLE001
            row[j] = 0.0
    return row


_SENT_END = re.compile(r"(?<=[.!?。…])[\"'”’)\]]*\s+|\n+")


def chunk_offsets(text: str, max_len: int = MAX_CHUNK) -> list[tuple[int, int]]:
    """Cut ``text`` into pieces of at most ``max_len`` chars, preferring sentence ends, then spaces.

    Returns (start, end) offsets of the non-blank pieces, with surrounding whitespace trimmed.
    """
    pieces: list[tuple[int, int]] = []
    pos = 0
    for b in [m.end() for m in _SENT_END.finditer(text)] + [len(text)]:
        if b <= pos:
            continue
        s, e = pos, b
        pos = b
        while e - s > max_len:
            cut = text.rfind(" ", s + max_len // 2, s + max_len)
            if cut <= s:
                cut = s + max_len
            pieces.append((s, cut))
            s = cut
        pieces.append((s, e))
    trimmed = []
    for s, e in pieces:
        seg = text[s:e]
        ls = len(seg) - len(seg.lstrip())
        rs = len(seg.rstrip())
        if rs > ls:
            trimmed.append((s + ls, s + rs))
    return trimmed


class NerTagger:
    """Character CRF over Kiwi morpheme and embedding-neighbour features."""

    def __init__(
        self,
        tagger: Any,
        lexicon: Lexicon | None,
        semantic_cache: dict[int, list[str]] | None = None,
        meta: dict[str, Any] | None = None,
    ) -> None:
        self._tagger = tagger
        self._lexicon = lexicon
        self._sem: dict[int, list[str]] = dict(semantic_cache or {})
        self._anchor_ids = [a for a, _ in lexicon.anchors] if lexicon else []
        self.meta = meta or {}

    def semantic(self, morphs: Sequence[Morph]) -> dict[int, list[str]]:
        """Lexicon features for the content morphemes, computed once per Kiwi id."""
        lex = self._lexicon
        out: dict[int, list[str]] = {}
        for m in morphs:
            if m.mid < 0 or m.tag not in CONTENT_TAGS:
                continue
            feats = self._sem.get(m.mid)
            if feats is None:
                if lex is None:
                    feats = []
                else:
                    feats = lex.features(
                        m.mid, similarities(m.mid, lex.pool), similarities(m.mid, self._anchor_ids)
                    )
                if len(self._sem) < 500_000:
                    self._sem[m.mid] = feats
            out[m.mid] = feats
        return out

    def features(self, text: str, morphs: Sequence[Morph]) -> list[list[str]]:
        return sentence_features(text, morphs, self.semantic(morphs))

    def tag_pieces(self, pieces: Sequence[str]) -> list[list[Span]]:
        """Tag sentence-sized texts (no chunking)."""
        out: list[list[Span]] = []
        for text, ms in zip(pieces, analyze(pieces), strict=True):
            if not text:
                out.append([])
                continue
            labels = self._tagger.tag(self.features(text, ms))
            out.append([(s, e, lab) for s, e, lab in bio_to_spans(labels) if text[s:e].strip()])
        return out

    def tag(self, texts: Sequence[str]) -> list[list[Span]]:
        """(start, end, label) spans per text, end exclusive, in Python str offsets."""
        flat: list[str] = []
        where: list[tuple[int, int]] = []
        for t, text in enumerate(texts):
            for s, e in chunk_offsets(text or ""):
                flat.append(text[s:e])
                where.append((t, s))
        result: list[list[Span]] = [[] for _ in texts]
        for (t, off), spans in zip(where, self.tag_pieces(flat), strict=True):
            result[t].extend((s + off, e + off, lab) for s, e, lab in spans)
        return result


def load_model(path: str | Path | None = None) -> NerTagger:
    """Read a model directory written by ``bench/train_ner.py`` (the only file access here)."""
    import pycrfsuite

    root = Path(path) if path is not None else default_model_path()
    meta = json.loads((root / "meta.json").read_text(encoding="utf-8"))
    tagger = pycrfsuite.Tagger()
    tagger.open(str(root / "crf.model"))
    lexicon = None
    cache: dict[int, list[str]] = {}
    lex_path = root / "lexicon.json.gz"
    if lex_path.exists():
        with gzip.open(lex_path, "rt", encoding="utf-8") as fh:
            data = json.load(fh)
        lexicon = Lexicon(
            pool=tuple(data["pool"]),
            counts=np.asarray(data["counts"], dtype=np.float32).reshape(len(data["pool"]), -1),
            anchors=tuple((int(a), str(f)) for a, f in data["anchors"]),
        )
        cache = {int(k): list(v) for k, v in data.get("cache", {}).items()}
    return NerTagger(tagger, lexicon, cache, meta)
