"""Per-character features for the KLUE-style CRF tagger.

Pure: takes a text and its morpheme analysis (plain tuples produced by
:mod:`transforms.entities.ner.model`) plus optional per-morpheme "semantic" features,
returns one list of feature strings per character. No I/O happens here.

The semantic features come from :class:`Lexicon`: for a Kiwi morpheme id they
describe (a) how that morpheme was labelled in the training data (``pri*``),
(b) the label mix of its nearest training morphemes in Kiwi's embedding space
(``knn*``/``nn1``), and (c) its nearest frequent "anchor" morphemes (``s0..s2``),
a cheap stand-in for word clusters. Similarities are passed in, so this module
does not need Kiwi. Optional distributional clusters (``mc*``, ``hc*``, ...; built
from unlabeled news by ``bench/build_ner_clusters.py``) are looked up by
:func:`word_key` for the morpheme itself, its neighbours and the heads of the
current, previous and next eojeol.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import NamedTuple

import numpy as np


class Morph(NamedTuple):
    """One morpheme of the analysis, offsets relative to the analysed text."""

    start: int
    end: int
    form: str
    tag: str
    mid: int = -1  # Kiwi morpheme id, -1 when out of vocabulary


SURNAMES = frozenset(
    "김 이 박 최 정 강 조 윤 장 임 한 오 서 신 권 황 안 송 류 유 전 홍 고 문 양 손 배 백 허 남 심 노 하 곽 성 차 주 "
    "우 구 민 진 나 지 엄 채 원 천 방 공 현 함 변 염 여 추 도 소 석 선 설 마 길 연 위 표 명 기 반 라 왕 금 옥 육 "
    "인 맹 제 모 탁 국 어 은 편 용 예 경 봉 사 부 가 복 태 목 형 피 두 감 음 빈 동 온 호 범 좌 팽 승 간 상 갈 시 "
    "서문 황보 남궁 제갈 선우 독고 사공 동방".split()
)

# morphemes whose id gets lexicon features
CONTENT_TAGS = frozenset({"NNP", "NNG", "SL", "SH", "NR", "XR", "NP"})
LEX_LABELS = ("O", "PS", "LC", "OG", "DT", "TI", "QT")


CLUSTER_TAGS = frozenset({"NNP", "NNG", "NNB", "NR", "NP", "SL", "SH", "XR", "VV", "VA", "MAG", "MM", "XSN"})


def word_key(form: str, tag: str) -> str | None:
    """Key of a morpheme in the distributional cluster table (None for function morphemes)."""
    tag = tag.split("-")[0]
    if tag not in CLUSTER_TAGS:
        return None
    return f"{form.lower() if tag == 'SL' else form}/{tag}"


_SURROGATES = re.compile("[\ud800-\udfff]")


def clean_text(text: str) -> str:
    """Replace lone surrogates (unencodable in UTF-8) with U+FFFD, keeping offsets."""
    return _SURROGATES.sub("\ufffd", text)


def _is_hangul(ch: str) -> bool:
    return "\uac00" <= ch <= "\ud7a3"


def char_type(ch: str) -> str:
    if _is_hangul(ch):
        return "H"
    if ch.isspace():
        return "SP"
    if ch.isdigit():
        return "D"
    if ch.isascii() and ch.isalpha():
        return "U" if ch.isupper() else "L"
    if "\u4e00" <= ch <= "\u9fff":
        return "C"
    if ch.isalpha():
        return "A"
    return "P"


def _bies(i: int, s: int, e: int) -> str:
    if e - s == 1:
        return "S"
    if i == s:
        return "B"
    if i == e - 1:
        return "E"
    return "I"


def _words(text: str) -> list[tuple[int, int]]:
    spans = []
    start = -1
    for i, ch in enumerate(text):
        if ch.isspace():
            if start >= 0:
                spans.append((start, i))
                start = -1
        elif start < 0:
            start = i
    if start >= 0:
        spans.append((start, len(text)))
    return spans


_DESC_PREFIXES = ("NN", "NP", "NR", "XS", "VV", "VA", "J", "SN", "XP", "MM")
_CONTENT_FORM_TAGS = ("NNP", "NNG", "NNB", "NR", "NP", "SL", "SH", "SN", "XR", "VV", "VA")


def sentence_features(
    text: str,
    morphs: Sequence[Morph],
    semantic: Mapping[int, Sequence[str]] | None = None,
    clusters: Mapping[str, Sequence[str]] | None = None,
) -> list[list[str]]:
    """Feature strings for each character of ``text``.

    ``clusters`` maps :func:`word_key` keys to distributional cluster ids, coarse to fine.
    """
    n = len(text)
    if n == 0:
        return []
    text = clean_text(text)
    padded = "\x02\x02\x02" + text + "\x03\x03\x03"
    types = [char_type(ch) for ch in text]

    word_of = [-1] * n
    words = _words(text)
    for w, (s, e) in enumerate(words):
        for i in range(s, e):
            word_of[i] = w

    morph_of = [-1] * n  # first morpheme covering each char
    for m, mo in enumerate(morphs):
        for i in range(max(mo.start, 0), min(mo.end, n)):
            if morph_of[i] < 0:
                morph_of[i] = m
    word_morphs: list[list[int]] = [[] for _ in words]
    for m, mo in enumerate(morphs):
        if 0 <= mo.start < n and word_of[mo.start] >= 0:
            word_morphs[word_of[mo.start]].append(m)

    def mclus(m: int) -> Sequence[str]:
        if clusters is None or m < 0 or m >= len(morphs):
            return ()
        key = word_key(morphs[m].form, morphs[m].tag)
        return clusters.get(key, ()) if key is not None else ()

    # per word: content stem (morphemes before the trailing particles/endings),
    # its last content morpheme and that morpheme's clusters
    word_stem: list[str] = []
    word_head: list[int] = []
    for w, (ws, we) in enumerate(words):
        ms = word_morphs[w]
        content = [
            m for m in ms if morphs[m].tag.startswith(("NN", "NR", "NP", "SL", "SH", "XR", "XS", "SN"))
        ]
        if content:
            last = content[-1]
            end = min(morphs[last].end, we)
            word_stem.append(text[ws:end])
            word_head.append(last)
        else:
            word_stem.append("")
            word_head.append(-1)

    def mdesc(m: int) -> str:
        if m < 0 or m >= len(morphs):
            return "<none>"
        mo = morphs[m]
        if mo.tag.startswith(_DESC_PREFIXES):
            return f"{mo.form}/{mo.tag}"
        return mo.tag

    # position-independent features, computed once per word and per morpheme
    nw = len(words)
    word_static: list[list[str]] = []
    for w, (ws, we) in enumerate(words):
        f = [f"wl={min(we - ws, 8)}"]
        if w + 1 < nw and word_morphs[w + 1]:
            f.append(f"nw0={mdesc(word_morphs[w + 1][0])}")
        else:
            f.append("nw0=<none>")
        if w > 0 and word_morphs[w - 1]:
            pm = word_morphs[w - 1]
            f.append(f"pwL={mdesc(pm[-1])}")
            f.append(f"pw0={mdesc(pm[0])}")
        else:
            f.append("pw0=<none>")
        if word_morphs[w]:
            f.append(f"wL={mdesc(word_morphs[w][-1])}")
        if word_stem[w]:
            st = word_stem[w]
            f.append(f"stem={st}" if len(st) <= 10 else "stem=<long>")
            f.append(f"stemsuf={st[-2:]}")
            f.append(f"wsuf={text[ws + len(st) : we]}")
            h = word_head[w]
            f.append(f"head={mdesc(h)}")
            f.extend(f"hc{lv}={cid}" for lv, cid in enumerate(mclus(h)))
        if w > 0 and word_head[w - 1] >= 0:
            f.extend(f"phc{lv}={cid}" for lv, cid in enumerate(mclus(word_head[w - 1])))
        if w + 1 < nw and word_head[w + 1] >= 0:
            f.extend(f"nhc{lv}={cid}" for lv, cid in enumerate(mclus(word_head[w + 1])))
        word_static.append(f)

    nm = len(morphs)
    morph_static: list[list[str] | None] = [None] * nm
    morph_clus: list[Sequence[str]] = [mclus(m) for m in range(nm)]

    def morph_feats(m: int) -> list[str]:
        got = morph_static[m]
        if got is not None:
            return got
        mo = morphs[m]
        tag = mo.tag
        f = [f"mt={tag}"]
        if tag in _CONTENT_FORM_TAGS:
            f.append(f"mf={mo.form}")
        f.append(f"ml={min(mo.end - mo.start, 6)}{tag}")
        f.append(f"mt-1={morphs[m - 1].tag if m > 0 else '^'}")
        f.append(f"mt+1={morphs[m + 1].tag if m + 1 < nm else '$'}")
        f.append(f"md-1={mdesc(m - 1)}")
        f.append(f"md+1={mdesc(m + 1)}")
        f.append(f"md+2={mdesc(m + 2)}")
        f.append(f"md-2={mdesc(m - 2)}")
        f.extend(f"mc{lv}={cid}" for lv, cid in enumerate(morph_clus[m]))
        if m > 0 and morph_clus[m - 1]:
            f.append(f"mc-1={morph_clus[m - 1][1]}")
        if m + 1 < nm and morph_clus[m + 1]:
            f.append(f"mc+1={morph_clus[m + 1][1]}")
        if semantic is not None and mo.mid in semantic:
            f.extend(semantic[mo.mid])
        morph_static[m] = f
        return f

    feats: list[list[str]] = []
    for i in range(n):
        p = i + 3
        c = padded[p]
        t0 = types[i]
        tl = types[i - 1] if i else "^"
        tr = types[i + 1] if i + 1 < n else "$"
        f = [
            "b",
            "c=" + c,
            "c-1=" + padded[p - 1],
            "c+1=" + padded[p + 1],
            "c-2=" + padded[p - 2],
            "c+2=" + padded[p + 2],
            "c-3=" + padded[p - 3],
            "c+3=" + padded[p + 3],
            "c-1:0=" + padded[p - 1 : p + 1],
            "c0:1=" + padded[p : p + 2],
            "c-2:-1=" + padded[p - 2 : p],
            "c1:2=" + padded[p + 1 : p + 3],
            "c-1:1=" + padded[p - 1 : p + 2],
            "c-2:0=" + padded[p - 2 : p + 1],
            "c0:2=" + padded[p : p + 3],
            "t=" + t0,
            "t-1:1=" + tl + t0 + tr,
        ]
        w = word_of[i]
        if w < 0:
            f.append("space")
            f.append("sp:" + tl + tr)
        else:
            ws, we = words[w]
            f.append("wp=" + _bies(i, ws, we))
            f.append(f"wo={min(i - ws, 4)}")
            f.append(f"wr={min(we - 1 - i, 4)}")
            f.extend(word_static[w])
            if i == ws:
                if c in SURNAMES and we - ws >= 3:
                    f.append("surname@wstart")
                if padded[p : p + 2] in SURNAMES and we - ws >= 4:
                    f.append("surname2@wstart")
        m = morph_of[i]
        if m >= 0:
            mo = morphs[m]
            pos = _bies(i, max(mo.start, 0), min(mo.end, n))
            f.append("mp=" + pos + mo.tag)
            f.extend(f"mc{lv}p={pos}{cid}" for lv, cid in enumerate(morph_clus[m]))
            f.extend(morph_feats(m))
        else:
            f.append("mt=<none>")
        feats.append(f)
    return feats


def morph_labels(tags: Sequence[str], morphs: Sequence[Morph]) -> list[tuple[int, str]]:
    """(morpheme id, gold label or 'O') for the content morphemes of a labelled sentence."""
    out = []
    for m in morphs:
        if m.mid >= 0 and m.tag in CONTENT_TAGS and 0 <= m.start < len(tags):
            t = tags[m.start]
            out.append((m.mid, "O" if t == "O" else t[2:]))
    return out


Similarity = Callable[[int, int], float]


@dataclass(frozen=True)
class Lexicon:
    """Label counts of training morphemes plus anchor morphemes, for semantic features.

    ``pool``: sorted Kiwi ids seen in training (``counts[j]`` = per-label counts over LEX_LABELS).
    ``anchors``: (id, form) of frequent training nouns used as cluster centres.
    """

    pool: tuple[int, ...]
    counts: np.ndarray
    anchors: tuple[tuple[int, str], ...]
    k: int = 10
    min_sim: float = 0.3
    anchor_top: int = 3
    anchor_min_sim: float = 0.3

    @classmethod
    def build(
        cls,
        pairs: Iterable[tuple[int, str]],
        pool: Sequence[int],
        anchors: Sequence[tuple[int, str]],
    ) -> Lexicon:
        pool = sorted(set(pool))
        index = {m: j for j, m in enumerate(pool)}
        lab = {name: i for i, name in enumerate(LEX_LABELS)}
        counts = np.zeros((len(pool), len(LEX_LABELS)), dtype=np.float32)
        for mid, label in pairs:
            j = index.get(mid)
            if j is not None:
                counts[j, lab[label]] += 1
        return cls(tuple(pool), counts, tuple(anchors))

    def position(self, mid: int) -> int:
        """Index of ``mid`` in the (sorted) pool, -1 if absent."""
        j = bisect.bisect_left(self.pool, mid)
        return j if j < len(self.pool) and self.pool[j] == mid else -1

    def features(self, mid: int, pool_sims: np.ndarray, anchor_sims: np.ndarray) -> list[str]:
        """Features of morpheme ``mid`` given its similarity to every pool id and anchor."""
        out: list[str] = []
        tot = self.counts.sum(1)
        j0 = self.position(mid)
        if j0 >= 0 and tot[j0] > 0:
            out.append(f"priN={min(int(tot[j0]), 5)}")
            for li, name in enumerate(LEX_LABELS):
                pr = self.counts[j0, li] / tot[j0]
                if pr >= 0.1:
                    out.append(f"pri{name}={int(pr * 4.999)}")
        row = np.where(tot > 0, pool_sims, -1.0)
        if j0 >= 0:
            row[j0] = -1.0
        k = min(self.k, len(row))
        if k:
            top = np.argpartition(-row, k - 1)[:k]
            top = top[row[top] >= self.min_sim]
            if len(top):
                probs = self.counts[top] / tot[top][:, None]
                w = row[top]
                dist = (w[:, None] * probs).sum(0) / w.sum()
                for li, name in enumerate(LEX_LABELS):
                    if dist[li] >= 0.1:
                        out.append(f"knn{name}={int(dist[li] * 4.999)}")
                b = int(np.argmax(w))
                out.append(f"nn1={LEX_LABELS[int(np.argmax(probs[b]))]}{int(w[b] * 10)}")
        if len(anchor_sims):
            order = np.argsort(-anchor_sims, kind="stable")[: self.anchor_top]
            for r, a in enumerate(order):
                if anchor_sims[a] >= self.anchor_min_sim:
                    out.append(f"s{r}={self.anchors[a][1]}")
        return out
