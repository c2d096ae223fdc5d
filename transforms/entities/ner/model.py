"""Load the trained CRF and tag text with KLUE labels (PS LC OG DT TI QT).

File access is confined to :func:`load_model` (the artifact directory written by
``bench/train_ner.py``: the crfsuite model, the look-up tables behind the word
features, ``meta.json``) and :func:`kiwi` (the lazily built, process-wide Kiwi
analyser, which reads its own model files once).

Two ways to tag with the same model, with the same output:

* the reference path (:meth:`NerTagger.tag_reference`): feature strings for
  every character (:func:`~transforms.entities.ner.features.sentence_features`)
  tagged by python-crfsuite; this is what the CRF was trained on;
* the fast path (:meth:`NerTagger.tag`): the CRF weights read once into numpy;
  window features scored for a whole batch at once, word and neighbour features
  scored once per distinct word and kept in a bounded LRU cache, Kiwi asked only
  about words not in the cache (one batched call), and Viterbi compiled (numba,
  :mod:`transforms.entities.ner.viterbi`) over every sequence of a batch.
"""

from __future__ import annotations

import gzip
import json
import re
import struct
import tempfile
import threading
from collections import OrderedDict
from collections.abc import Sequence
from functools import partial
from pathlib import Path
from typing import Any, NamedTuple

import numpy as np

from transforms.common.kiwi import word_analyser
from transforms.entities.ner.features import (
    BOS_FEATURES,
    CHAR_TYPES,
    EOS_FEATURES,
    PAD,
    PAD_LEFT,
    PAD_RIGHT,
    WINDOW_TEMPLATES,
    Morph,
    Resources,
    char_type,
    clean_text,
    neighbour_features,
    sentence_features,
    word_parts,
    word_spans,
)
from transforms.entities.ner.klue import TagSpan, bio_to_spans, bioes_to_spans
from transforms.entities.ner.viterbi import add_rows, label_margins, viterbi

MAX_CHUNK = 200  # characters per CRF sequence; longer lines are cut at sentence ends, then spaces
WORD_CACHE_SIZE = 250_000  # distinct words whose scores are kept (about 1.1 KB each, float32)
WORD_SLICE = 4_096  # uncached words scored together
PERSON_LABEL = "PS"  # KLUE's person type: its spans carry a margin in tag_scored
PIECE_SLICE = 100_000  # characters whose scores are computed together


def default_model_path() -> Path:
    """The committed artifact (a directory)."""
    return Path(__file__).resolve().parent / "model"


def kiwi() -> Any:
    """The process's one Kiwi analyser (transforms.common.kiwi), shared with the rules."""
    return word_analyser()


def _morphs(toks: Any) -> tuple[Morph, ...]:
    return tuple(Morph(t.start, t.start + t.len, t.form, t.tag, -1 if t.oov else t.id) for t in toks)


def analyze_words(words: Sequence[str]) -> list[tuple[Morph, ...]]:
    """Kiwi morphemes of each word, analysed alone (offsets into the word). Never raises."""
    if not words:
        return []
    cleaned = [clean_text(w) for w in words]
    try:
        return [_morphs(toks) for toks in kiwi().tokenize(cleaned)]
    except Exception:  # noqa: BLE001 - fall back to one call per word; odd code points must not kill a batch
        out = []
        for w in cleaned:
            try:
                out.append(_morphs(kiwi().tokenize(w)))
            except Exception:  # noqa: BLE001
                out.append(())
        return out


def analyze(text: str) -> list[tuple[Morph, ...]]:
    """Morphemes of each word of ``text`` (:func:`~transforms.entities.ner.features.word_spans`)."""
    return analyze_words([text[s:e] for s, e in word_spans(clean_text(text))])


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


# ---------------------------------------------------------------- the CRF as numpy arrays


def read_crfsuite(path: str | Path, tagger: Any) -> tuple[list[str], np.ndarray, dict[str, np.ndarray]]:
    """Labels (in crfsuite's id order), transition matrix and per-attribute weight rows of a crfsuite model.

    Weights are read from the binary file (full float64 precision; the text dump rounds them to six
    decimals); attribute and label names come from the dump.
    """
    with tempfile.NamedTemporaryFile(suffix=".txt") as tmp:
        tagger.dump(tmp.name)
        dump = Path(tmp.name).read_bytes().decode("utf-8", errors="surrogateescape")
    sections: dict[str, dict[int, str]] = {}
    current: dict[int, str] | None = None
    for line in dump.split("\n"):
        if line.endswith(" = {"):
            name = line[: -len(" = {")]
            current = sections.setdefault(name, {}) if name in ("LABELS", "ATTRIBUTES") else None
        elif line == "}":
            current = None
        elif current is not None:
            num, _, value = line.lstrip().partition(": ")
            current[int(num)] = value
    labels = [sections["LABELS"][i] for i in range(len(sections["LABELS"]))]
    attrs = sections["ATTRIBUTES"]
    raw = Path(path).read_bytes()
    off_features = struct.unpack_from("<I", raw, 28)[0]
    if raw[off_features : off_features + 4] != b"FEAT":
        raise ValueError(f"{path}: no FEAT chunk")
    (num,) = struct.unpack_from("<I", raw, off_features + 8)
    feats = np.frombuffer(
        raw,
        dtype=np.dtype([("type", "<u4"), ("src", "<u4"), ("dst", "<u4"), ("w", "<f8")]),
        count=num,
        offset=off_features + 12,
    )
    n_lab = len(labels)
    trans = np.zeros((n_lab, n_lab))
    rows: dict[str, np.ndarray] = {}
    for typ, src, dst, w in feats.tolist():
        if typ == 1:
            trans[src, dst] = w
        else:
            name = attrs[src]
            row = rows.get(name)
            if row is None:
                row = rows[name] = np.zeros(n_lab)
            row[dst] = w
    return labels, trans, rows


def _type_key(value: str) -> list[int] | None:
    """'HSPD' -> type ids [H, SP, D] (greedy; no type is a prefix of another but SP/S)."""
    out = []
    i = 0
    while i < len(value):
        t = value[i : i + 2] if value.startswith("SP", i) else value[i]
        if t not in CHAR_TYPES:
            return None
        out.append(CHAR_TYPES.index(t))
        i += len(t)
    return out


class _Grams(NamedTuple):
    """The window templates of one n-gram length (all of consecutive offsets) and one table of their values."""

    templates: list[tuple[int, ...]]  # their offsets
    keys: np.ndarray  # sorted uint64 keys of the values any of them knows
    attrs: np.ndarray  # (templates, keys + 1): each template's attribute per key; `none` where it has none


def _found(keys: np.ndarray, query: np.ndarray) -> np.ndarray:
    """Where each query key stands in the sorted ``keys``; ``len(keys)`` where it is not there."""
    n = len(keys)
    if n == 0:
        return np.zeros(len(query), dtype=np.int64)
    pos = np.minimum(np.searchsorted(keys, query), n - 1)
    return np.where(keys[pos] == query, pos, n)


_SHIFT = 21  # bits per code point in n-gram keys
TYPE_KEYS = (("t", 1), ("sp", 2), ("t3", 3))  # the character-type features and how many types their keys have


class _WordScores(NamedTuple):
    chars: np.ndarray  # (len(word), n_labels): word-scope features of each character
    to_next: np.ndarray  # (n_labels,): what the word adds to every character of the next word
    to_prev: np.ndarray  # (n_labels,): ... of the previous word


class NerTagger:
    """Character CRF over window, word (Kiwi morphemes, clusters, priors, gazetteer) and neighbour features."""

    def __init__(
        self,
        tagger: Any,
        model_file: str | Path,
        resources: Resources | None = None,
        meta: dict[str, Any] | None = None,
        cache_size: int = WORD_CACHE_SIZE,
    ) -> None:
        self._tagger = tagger
        self.res = resources if resources is not None else Resources()
        self.meta = meta or {}
        self._decode = bioes_to_spans if self.meta.get("scheme") == "BIOES" else bio_to_spans
        self.labels, self._trans, rows = read_crfsuite(model_file, tagger)
        n_lab = len(self.labels)
        self._zero = np.zeros(n_lab)
        window_names = {name: offs for name, offs in WINDOW_TEMPLATES}
        window_rows: list[np.ndarray] = []
        keyed: dict[str, dict[int, int]] = {name: {} for name in (*window_names, "t", "t3", "sp")}
        self._bias = rows.get("b", self._zero)
        self._space = rows.get("space", self._zero)
        attr_index: dict[str, int] = {}
        word_rows: list[np.ndarray] = []
        for attr, row in rows.items():
            name, eq, value = attr.partition("=")
            kind, key = None, 0
            if eq and name in window_names and len(value) == len(window_names[name]):
                kind = name
                for ch in value:
                    key = (key << _SHIFT) | ord(ch)
            else:
                tkey = None
                if eq and name in ("t", "t-1:1"):
                    tkey = _type_key(value)
                elif attr.startswith("sp:"):
                    tkey = _type_key(attr[3:])
                want = {"t": 1, "t-1:1": 3}.get(name, 2)
                if tkey is not None and len(tkey) == want:
                    kind = {1: "t", 3: "t3", 2: "sp"}[want]
                    for t in tkey:
                        key = (key << 4) | t
            if kind is not None:
                keyed[kind][key] = len(window_rows)
                window_rows.append(row)
            elif attr not in ("b", "space"):
                attr_index[attr] = len(word_rows)
                word_rows.append(row)

        none = len(window_rows)
        # The templates of one length read the same n-grams at different offsets (c-1:0 at a character is c0:1 at
        # the one before it): the n-gram starting at each buffer position is looked up once in one table of all
        # their values (one binary search per length instead of one per template).
        self._grams: dict[int, _Grams] = {}
        for n in sorted({len(offs) for _, offs in WINDOW_TEMPLATES}):
            named = [(name, offs) for name, offs in WINDOW_TEMPLATES if len(offs) == n]
            if any(offs != tuple(range(offs[0], offs[0] + n)) for _, offs in named):
                raise ValueError(f"window templates of {n} characters must have consecutive offsets")
            keys = np.array(sorted(set().union(*(keyed[name] for name, _ in named))), dtype=np.uint64)
            attrs = np.full((len(named), len(keys) + 1), none, dtype=np.int64)
            for t, (name, _) in enumerate(named):
                if keyed[name]:
                    at = np.searchsorted(keys, np.array(list(keyed[name]), dtype=np.uint64))
                    attrs[t, at] = list(keyed[name].values())
            self._grams[n] = _Grams([offs for _, offs in named], keys, attrs)
        # single characters of the Basic Multilingual Plane: a direct table instead of a binary search
        self._unigram: dict[int, np.ndarray] = {}
        for name, offs in WINDOW_TEMPLATES:
            if len(offs) == 1:
                direct = self._unigram[offs[0]] = np.full(0x10000, none, dtype=np.int64)
                for key, attr in keyed[name].items():
                    if key < 0x10000:
                        direct[key] = attr
        # character types: 4 bits each, so every key of t (1 type), sp (2) and t3 (3) indexes a direct table
        self._types = {kind: np.full(1 << (4 * width), none, dtype=np.int64) for kind, width in TYPE_KEYS}
        for kind, _ in TYPE_KEYS:
            for key, attr in keyed[kind].items():
                self._types[kind][key] = attr
        self._window = np.vstack([*window_rows, self._zero])  # last row: unknown value
        self._attr_index = attr_index
        self._word_weights = np.vstack([*word_rows, self._zero]) if word_rows else self._zero[None, :]
        self._bos = self._sum(BOS_FEATURES)
        self._eos = self._sum(EOS_FEATURES)
        self._cache: OrderedDict[str, _WordScores] = OrderedDict()
        self._cache_size = cache_size
        self.cache_lookups = 0  # distinct words per batch looked up in the cache, and how many were missing
        self.cache_misses = 0
        self._lock = threading.Lock()
        self._person_labels = np.array([lab.endswith(PERSON_LABEL) for lab in self.labels])
        # character type of every code point of the Basic Multilingual Plane (others: looked up one by one)
        self._type_table = np.array(
            [CHAR_TYPES.index(char_type(chr(c))) for c in range(0x10000)], dtype=np.uint64
        )

    # ------------------------------------------------------------ word scores

    def _sum(self, feats: Sequence[str]) -> np.ndarray:
        idx = [self._attr_index[f] for f in feats if f in self._attr_index]
        return self._word_weights[idx].sum(0) if idx else self._zero.copy()

    def _score_words(self, words: Sequence[str]) -> list[_WordScores]:
        """Word and neighbour scores of ``words``: one Kiwi call, one reduction over all their features.

        Features shared by a whole word or morpheme are summed once, then added to each character.
        """
        index = self._attr_index
        none = len(self._word_weights) - 1
        flat: list[int] = [none]  # segment 0: nothing (the score of "no morpheme")
        starts: list[int] = [0]
        sides: list[int] = []  # per word: its to_next segment (to_prev is the next one)
        by_char: list[int] = []  # per character: its own segment, its morpheme's, its word's shared one
        by_morph: list[int] = []
        shared: list[int] = []
        for word, ms in zip(words, analyze_words(words), strict=True):
            parts = word_parts(word, ms, self.res)
            to_next, to_prev = neighbour_features(word, ms, self.res)
            seg = len(starts)
            sides.append(seg + 1)
            n_morph = len(parts.by_morph)
            shared.extend([seg] * len(word))
            by_morph.extend([seg + 3 + m if m >= 0 else 0 for m in parts.morph_of])
            by_char.extend(range(seg + 3 + n_morph, seg + 3 + n_morph + len(word)))
            for feats in (parts.shared, to_next, to_prev, *parts.by_morph, *parts.by_char):
                starts.append(len(flat))
                flat.append(none)  # a zero row, so that no segment is empty
                flat.extend([index[f] for f in feats if f in index])
        sums = np.add.reduceat(self._word_weights[flat], starts, axis=0)
        chars = sums[by_char] + sums[by_morph] + sums[shared]
        out = []
        pos = 0
        for word, side in zip(words, sides, strict=True):
            # float32 copies: a cached word keeps none of its batch's arrays alive, in half the memory, so twice
            # the words fit (the sums are float64 again in _emissions; the tags of 600 real articles are the same)
            out.append(
                _WordScores(
                    chars[pos : pos + len(word)].astype(np.float32),
                    sums[side].astype(np.float32),
                    sums[side + 1].astype(np.float32),
                )
            )
            pos += len(word)
        return out

    def word_scores(self, words: Sequence[str]) -> dict[str, _WordScores]:
        """Scores of the distinct ``words``, from the LRU cache where present."""
        out: dict[str, _WordScores] = {}
        todo: list[str] = []
        with self._lock:
            cache = self._cache
            for w in dict.fromkeys(words):
                got = cache.get(w)
                if got is None:
                    todo.append(w)
                else:
                    cache.move_to_end(w)
                    out[w] = got
        self.cache_lookups += len(out) + len(todo)
        self.cache_misses += len(todo)
        if todo:
            # in slices: the feature rows of a slice are gathered at once (about 20 KB per word)
            scored = [
                sc
                for b in range(0, len(todo), WORD_SLICE)
                for sc in self._score_words(todo[b : b + WORD_SLICE])
            ]
            new = dict(zip(todo, scored, strict=True))
            out.update(new)
            with self._lock:
                cache.update(new)
                while len(cache) > self._cache_size:
                    cache.popitem(last=False)
        return out

    # ------------------------------------------------------------ emissions and Viterbi

    def _emissions(self, pieces: Sequence[str]) -> tuple[np.ndarray, list[int]]:
        """State scores of every character of every piece, rows of one array; start row of each piece.

        The pieces are laid out in one padded buffer for the window look-ups; the rows skip the padding.
        """
        buf_parts: list[str] = []
        starts: list[int] = []
        if not pieces:
            return np.zeros((0, len(self.labels))), []
        pos = 0
        for p in pieces:
            buf_parts.append(PAD_LEFT * PAD + p + PAD_RIGHT * PAD)
            starts.append(pos + PAD)
            pos += len(p) + 2 * PAD
        buf = "".join(buf_parts)
        cps = np.frombuffer(buf.encode("utf-32-le", errors="surrogatepass"), dtype="<u4").astype(np.uint64)
        lengths = np.array([len(p) for p in pieces], dtype=np.int64)
        starts_a = np.array(starts, dtype=np.int64)
        real = np.repeat(starts_a - np.cumsum(np.r_[0, lengths[:-1]]), lengths) + np.arange(lengths.sum())
        first_row = np.cumsum(np.r_[0, lengths[:-1]]).tolist()
        if not len(real):
            return np.zeros((0, len(self.labels))), first_row
        win = self._window
        e = np.broadcast_to(self._bias, (len(real), len(self.labels))).copy()
        in_bmp = bool(len(cps)) and int(cps.max()) < 0x10000
        rows: dict[tuple[int, ...], np.ndarray] = {}
        for n, grams in self._grams.items():
            if n == 1 and in_bmp:
                rows.update((offs, self._unigram[offs[0]][cps[real + offs[0]]]) for offs in grams.templates)
                continue
            gram = cps[: len(cps) - n + 1]  # the n-gram starting at each buffer position
            for k in range(1, n):
                gram = (gram << np.uint64(_SHIFT)) | cps[k : len(cps) - n + 1 + k]
            found = _found(grams.keys, gram)
            for t, offs in enumerate(grams.templates):
                rows[offs] = grams.attrs[t][found[real + offs[0]]]
        for _, offs in WINDOW_TEMPLATES:  # added in the templates' order: the same float sums
            add_rows(e, win, rows[offs])
        tbuf = np.where(
            cps < len(self._type_table), self._type_table[np.minimum(cps, len(self._type_table) - 1)], 0
        )
        big = np.flatnonzero(cps >= len(self._type_table))
        if len(big):
            tbuf[big] = [CHAR_TYPES.index(char_type(buf[i])) for i in big.tolist()]
        pad_l = (starts_a[:, None] - np.arange(1, PAD + 1)[None, :]).ravel()
        pad_r = ((starts_a + lengths)[:, None] + np.arange(PAD)[None, :]).ravel()
        tbuf[pad_l] = CHAR_TYPES.index("^")
        tbuf[pad_r] = CHAR_TYPES.index("$")
        t0, tl, tr = tbuf[real], tbuf[real - 1], tbuf[real + 1]
        four = np.uint64(4)
        add_rows(e, win, self._types["t"][t0])
        add_rows(e, win, self._types["t3"][(((tl << four) | t0) << four) | tr])
        sp = np.flatnonzero(t0 == CHAR_TYPES.index("SP"))
        if len(sp):
            e[sp] += self._space + win[self._types["sp"][(tl[sp] << four) | tr[sp]]]

        # word and neighbour scopes: the words are the runs of non-space characters (str.split and the
        # type table agree on what a space is: str.isspace)
        words_of = [p.split() for p in pieces]
        scores = self.word_scores([w for ws in words_of for w in ws])
        ids = {w: j for j, w in enumerate(scores)}
        blocks: list[np.ndarray] = []
        prev_ids: list[int] = []
        next_ids: list[int] = []
        wlen: list[int] = []
        bos, eos = len(ids), len(ids)  # the extra row of each side table
        for ws in words_of:
            seq = [ids[w] for w in ws]
            blocks.extend([scores[w].chars for w in ws])
            wlen.extend([len(w) for w in ws])
            prev_ids.append(bos)
            prev_ids.extend(seq[:-1])
            next_ids.extend(seq[1:])
            next_ids.append(eos)
        if blocks:
            # one row per word (float32 rows, then the float64 BOS/EOS row: float64, as vstack made it)
            to_next = np.array([*(sc.to_next for sc in scores.values()), self._bos])
            to_prev = np.array([*(sc.to_prev for sc in scores.values()), self._eos])
            ctx = to_next[prev_ids] + to_prev[next_ids]
            word_rows = np.flatnonzero(t0 != CHAR_TYPES.index("SP"))
            e[word_rows] += np.concatenate(blocks) + np.repeat(ctx, wlen, axis=0)
        return e, first_row

    def _viterbi(self, emit: np.ndarray, starts: Sequence[int], lengths: Sequence[int]) -> np.ndarray:
        """Best label id of every row, sequence by sequence (crfsuite's rule: the first of equal maxima wins);
        compiled, in transforms.entities.ner.viterbi."""
        return viterbi(emit, self._trans, starts, lengths)

    # ------------------------------------------------------------ tagging

    def _spans(self, text: str, labels: Sequence[str]) -> list[TagSpan]:
        return [(s, e, lab) for s, e, lab in self._decode(labels) if text[s:e].strip()]

    def _path_spans(
        self, pieces: Sequence[str], starts: Sequence[int], ids: np.ndarray, margins: np.ndarray | None = None
    ) -> list[list[TagSpan]]:
        """The spans of each piece from the label ids of all rows (piece k: rows from starts[k]).

        Each run of labels other than O is decoded alone: an O closes any open span and leaves the decoder as it
        began, and the end of a run closes it as the O after it (or the piece's end) does, so the spans are those
        of the whole label sequence, without turning the O characters (most of them) into label strings.
        With `margins` (label_margins of the person labels), a person span carries a fourth element: the smallest
        margin of its characters (how sure the model is that they belong to a person).
        """
        out: list[list[TagSpan]] = [[] for _ in pieces]
        outside = self.labels.index("O") if "O" in self.labels else -1
        inside = np.flatnonzero(ids != outside)
        if not len(inside):
            return out
        piece_of = np.searchsorted(starts, inside, side="right") - 1
        new_run = np.ones(len(inside), dtype=bool)
        new_run[1:] = (np.diff(inside) != 1) | (np.diff(piece_of) != 0)
        firsts = np.flatnonzero(new_run).tolist()
        labels = [self.labels[i] for i in ids[inside].tolist()]
        rows = inside.tolist()
        for a, b in zip(firsts, [*firsts[1:], len(rows)], strict=True):
            k = int(piece_of[a])
            off = rows[a] - starts[k]
            text = pieces[k]
            for s, e, lab in self._decode(labels[a:b]):
                if not text[s + off : e + off].strip():
                    continue
                if margins is not None and lab == PERSON_LABEL:
                    margin = float(margins[rows[a] + s : rows[a] + e].min())
                    out[k].append((s + off, e + off, lab, margin))
                else:
                    out[k].append((s + off, e + off, lab))
        return out

    def tag_pieces(self, pieces: Sequence[str], with_margins: bool = False) -> list[list[TagSpan]]:
        """Tag sentence-sized texts (no chunking): the fast path. `with_margins`: person spans carry their margin
        (_path_spans)."""
        cleaned = [clean_text(p) for p in pieces]
        out: list[list[TagSpan]] = []
        # in slices of about PIECE_SLICE characters: the score arrays take 200 bytes per character each
        b = 0
        while b < len(cleaned):
            e, size = b, 0
            while e < len(cleaned) and (e == b or size + len(cleaned[e]) <= PIECE_SLICE):
                size += len(cleaned[e])
                e += 1
            part = cleaned[b:e]
            emit, starts = self._emissions(part)
            lengths = [len(p) for p in part]
            ids = self._viterbi(emit, starts, lengths)
            margins = (
                label_margins(emit, self._trans, starts, lengths, ids, self._person_labels)
                if with_margins
                else None
            )
            out.extend(self._path_spans(part, starts, ids, margins))
            b = e
        return out

    def tag_pieces_reference(self, pieces: Sequence[str]) -> list[list[TagSpan]]:
        """Tag sentence-sized texts with python-crfsuite over feature strings (slow; the reference)."""
        out = []
        for p in pieces:
            p = clean_text(p)
            if not p:
                out.append([])
                continue
            feats = sentence_features(p, analyze(p), self.res)
            out.append(self._spans(p, self._tagger.tag(feats)))
        return out

    def _tag(self, texts: Sequence[str], tag_pieces: Any) -> list[list[TagSpan]]:
        flat: list[str] = []
        where: list[tuple[int, int]] = []
        for t, text in enumerate(texts):
            for s, e in chunk_offsets(text or ""):
                flat.append(text[s:e])
                where.append((t, s))
        result: list[list[TagSpan]] = [[] for _ in texts]
        for (t, off), spans in zip(where, tag_pieces(flat), strict=True):
            result[t].extend((s + off, e + off, *rest) for s, e, *rest in spans)
        return result

    def tag(self, texts: Sequence[str]) -> list[list[TagSpan]]:
        """(start, end, label) spans per text, end exclusive, in Python str offsets."""
        return self._tag(texts, self.tag_pieces)

    def tag_scored(self, texts: Sequence[str]) -> list[list[TagSpan]]:
        """:meth:`tag`, with each person span's margin as a fourth element: how far the best reading that makes
        none of its characters part of a person falls behind the tagger's reading (CRF score units; near 0: a
        toss-up). transforms.entities.resolve drops a person the text gives no other sign of when it is small."""
        return self._tag(texts, partial(self.tag_pieces, with_margins=True))

    def tag_reference(self, texts: Sequence[str]) -> list[list[TagSpan]]:
        """:meth:`tag` through python-crfsuite (same output, many times slower)."""
        return self._tag(texts, self.tag_pieces_reference)


# ---------------------------------------------------------------- artifact files

CLUSTERS_FILE = "clusters.tsv.gz"
TABLES_FILE = "tables.json.gz"  # gazetteer and training-label priors


def read_clusters(path: str | Path) -> dict[str, tuple[str, ...]]:
    """``word_key -> cluster ids`` (coarse to fine) from a file written by bench/build_ner_clusters.py."""
    out: dict[str, tuple[str, ...]] = {}
    with gzip.open(path, "rt", encoding="utf-8") as fh:
        for line in fh:
            key, *ids = line.rstrip("\n").split("\t")
            out[key] = tuple(ids)
    return out


def read_tables(path: str | Path) -> dict[str, dict[str, dict[str, float]]]:
    """The label-count tables (``gazetteer``, ``morph_prior``, ``stem_prior``) written by the trainer."""
    with gzip.open(path, "rt", encoding="utf-8") as fh:
        return json.load(fh)


def load_model(path: str | Path | None = None, cache_size: int = WORD_CACHE_SIZE) -> NerTagger:
    """Read a model directory written by ``bench/train_ner.py`` (the only file access here)."""
    import pycrfsuite

    root = Path(path) if path is not None else default_model_path()
    meta = json.loads((root / "meta.json").read_text(encoding="utf-8"))
    tagger = pycrfsuite.Tagger()
    tagger.open(str(root / "crf.model"))
    tables = read_tables(root / TABLES_FILE) if (root / TABLES_FILE).exists() else {}
    res = Resources(
        clusters=read_clusters(root / CLUSTERS_FILE) if meta.get("clusters") else None,
        gazetteer=tables.get("gazetteer"),
        morph_prior=tables.get("morph_prior"),
        stem_prior=tables.get("stem_prior"),
    )
    return NerTagger(tagger, root / "crf.model", res, meta, cache_size)
