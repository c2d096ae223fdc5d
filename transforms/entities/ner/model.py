"""Load the trained CRF and tag text with KLUE labels (PS LC OG DT TI QT).

File access is confined to :func:`load_model` (the artifact directory written
by ``bench/train_ner.py``: CRF, lexicon, float16 Kiwi vectors of the lexicon
pool, and the distributional cluster table from ``bench/build_ner_clusters.py``)
and :func:`kiwi` (the lazily built, process-wide Kiwi analyser, which reads its
own model files once). Models trained with ``scheme: BIOES`` are decoded with
:func:`bioes_to_spans`.
"""

from __future__ import annotations

import gzip
import json
import re
import threading
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import Any

import numpy as np

from transforms.entities.ner.features import CONTENT_TAGS, Lexicon, Morph, clean_text, sentence_features
from transforms.entities.ner.klue import Span, bio_to_spans, bioes_to_spans

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

                # two workers: Kiwi analyses the next texts while Python builds CRF features
                _KIWI = Kiwi(num_workers=2)
    return _KIWI


def _morphs(toks: Any) -> list[Morph]:
    return [Morph(t.start, t.start + t.len, t.form, t.tag, -1 if t.oov else t.id) for t in toks]


def _analyze_one(text: str) -> list[Morph]:
    if not text.strip():
        return []
    try:
        return _morphs(kiwi().tokenize(clean_text(text)))
    except Exception:  # noqa: BLE001 - odd code points must not kill a batch
        return []


def iter_analyze(texts: Sequence[str]) -> Iterator[list[Morph]]:
    """Kiwi morphemes for each text, lazily (Kiwi's worker threads analyse ahead). Never raises."""
    idx = [i for i, t in enumerate(texts) if t.strip()]
    done = 0  # texts already yielded
    try:
        batch = kiwi().tokenize([clean_text(texts[i]) for i in idx])
        for i, toks in zip(idx, batch, strict=False):
            while done < i:
                yield []
                done += 1
            ms = _morphs(toks)
            yield ms
            done += 1
    except Exception:  # noqa: BLE001 - fall back to one call per text for the rest
        pass
    while done < len(texts):
        yield _analyze_one(texts[done])
        done += 1


def analyze(texts: Sequence[str]) -> list[list[Morph]]:
    """Kiwi morphemes for each text (offsets into that text). Never raises."""
    return list(iter_analyze(texts))


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


EMBED_DIM = 256  # Kiwi's morpheme embeddings are 256-d; morpheme_similarity is their cosine


def choose_basis(candidates: Sequence[int], dim: int = EMBED_DIM) -> list[int]:
    """``dim`` Kiwi ids whose embeddings span the space well (pivoted Cholesky of their Gram matrix)."""
    cand = [c for c in candidates if similarities(c, [c])[0] > 0.5]
    g = np.stack([similarities(c, cand) for c in cand]).astype(np.float64)
    g = (g + g.T) / 2
    resid = np.diag(g).copy()
    r = np.zeros((dim, len(cand)))
    piv: list[int] = []
    for j in range(min(dim, len(cand))):
        p = int(np.argmax(resid))
        if resid[p] <= 1e-6:
            break
        piv.append(p)
        r[j] = (g[p] - r[:j, p] @ r[:j]) / np.sqrt(resid[p])
        resid = resid - r[j] ** 2
        resid[piv] = -1.0
    return [cand[p] for p in piv]


class KiwiVectors:
    """Kiwi morpheme embeddings, recovered (up to a rotation) from cosines to a fixed basis.

    ``morpheme_similarity`` is one C call per pair; with the basis Gram matrix
    ``G = L Lᵀ`` a morpheme's coordinates are ``L⁻¹ s`` where ``s`` holds its
    cosines to the basis, so one morpheme costs ``len(basis)`` calls and every
    further similarity is a dot product.
    """

    def __init__(self, basis: Sequence[int]) -> None:
        self.basis = [int(b) for b in basis]
        self._linv: np.ndarray | None = None

    def _inverse(self) -> np.ndarray:
        if self._linv is None:
            g = np.stack([similarities(b, self.basis) for b in self.basis]).astype(np.float64)
            g = (g + g.T) / 2 + 1e-7 * np.eye(len(self.basis))
            self._linv = np.linalg.inv(np.linalg.cholesky(g))
        return self._linv

    def vectors(self, mids: Sequence[int]) -> np.ndarray:
        """Unit vectors (rows) for ``mids``; zero rows where Kiwi has no embedding."""
        if not mids:
            return np.zeros((0, len(self.basis)), dtype=np.float32)
        s = np.stack([similarities(m, self.basis) for m in mids]).astype(np.float64)
        x = s @ self._inverse().T
        norm = np.linalg.norm(x, axis=1, keepdims=True)
        x = np.where(norm > 0.5, x / np.maximum(norm, 1e-9), 0.0)
        return x.astype(np.float32)


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
        clusters: dict[str, tuple[str, ...]] | None = None,
        vectors: tuple[KiwiVectors, np.ndarray, np.ndarray] | None = None,
    ) -> None:
        """``vectors``: (embedder, pool vectors, anchor vectors) for the lexicon's similarity features."""
        self._tagger = tagger
        self._clusters = clusters
        self._lexicon = lexicon
        self._sem: dict[int, list[str]] = dict(semantic_cache or {})
        self._vec = vectors
        self.meta = meta or {}
        self._decode = bioes_to_spans if self.meta.get("scheme") == "BIOES" else bio_to_spans

    def _compute(self, mids: Sequence[int]) -> dict[int, list[str]]:
        """Lexicon features for uncached ids, in batches (one matrix product per batch)."""
        out: dict[int, list[str]] = {m: [] for m in mids}
        if not mids or self._lexicon is None or self._vec is None:
            return out
        emb, pool_v, anchor_v = self._vec
        for b in range(0, len(mids), 2000):
            chunk = list(mids[b : b + 2000])
            x = emb.vectors(chunk)
            pool_s = x @ pool_v.T
            anchor_s = x @ anchor_v.T
            for k, mid in enumerate(chunk):
                out[mid] = self._lexicon.features(mid, pool_s[k], anchor_s[k])
        return out

    def semantic(self, morphs: Sequence[Morph], *more: Sequence[Morph]) -> dict[int, list[str]]:
        """Lexicon features for the content morphemes, computed once per Kiwi id."""
        out: dict[int, list[str]] = {}
        todo: list[int] = []
        for ms in (morphs, *more):
            for m in ms:
                if m.mid < 0 or m.tag not in CONTENT_TAGS or m.mid in out:
                    continue
                feats = self._sem.get(m.mid)
                if feats is None:
                    todo.append(m.mid)
                    feats = []
                out[m.mid] = feats
        if todo:
            new = self._compute(todo)
            out.update(new)
            if len(self._sem) < 500_000:
                self._sem.update(new)
        return out

    def features(self, text: str, morphs: Sequence[Morph]) -> list[list[str]]:
        return sentence_features(text, morphs, self.semantic(morphs), self._clusters)

    def tag_pieces(self, pieces: Sequence[str]) -> list[list[Span]]:
        """Tag sentence-sized texts (no chunking)."""
        out: list[list[Span]] = []
        analysed = analyze(pieces)  # Kiwi's worker threads share the batch
        self.semantic([], *analysed)  # embedding features of all new morphemes in one pass
        for text, ms in zip(pieces, analysed, strict=True):
            if not text:
                out.append([])
                continue
            labels = self._tagger.tag(self.features(text, ms))
            out.append([(s, e, lab) for s, e, lab in self._decode(labels) if text[s:e].strip()])
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


CLUSTERS_FILE = "clusters.tsv.gz"
VECTORS_FILE = "vectors.npy"  # float16 Kiwi vectors of the lexicon pool, then of the anchors


def read_clusters(path: str | Path) -> dict[str, tuple[str, ...]]:
    """``word_key -> cluster ids`` (coarse to fine) from a file written by bench/build_ner_clusters.py."""
    out: dict[str, tuple[str, ...]] = {}
    with gzip.open(path, "rt", encoding="utf-8") as fh:
        for line in fh:
            key, *ids = line.rstrip("\n").split("\t")
            out[key] = tuple(ids)
    return out


def load_model(path: str | Path | None = None) -> NerTagger:
    """Read a model directory written by ``bench/train_ner.py`` (the only file access here)."""
    import pycrfsuite

    root = Path(path) if path is not None else default_model_path()
    meta = json.loads((root / "meta.json").read_text(encoding="utf-8"))
    tagger = pycrfsuite.Tagger()
    tagger.open(str(root / "crf.model"))
    lexicon = None
    vectors = None
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
        if "basis" in data and (root / VECTORS_FILE).exists():
            mat = np.load(root / VECTORS_FILE).astype(np.float32)
            npool = len(lexicon.pool)
            vectors = (KiwiVectors(data["basis"]), mat[:npool], mat[npool:])
    clusters = read_clusters(root / CLUSTERS_FILE) if meta.get("clusters") else None
    return NerTagger(tagger, lexicon, cache, meta, clusters, vectors)
