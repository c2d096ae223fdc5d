"""Per-character features for the KLUE-style CRF tagger, in three scopes.

Pure: text and per-word morpheme analyses in, feature strings out; no I/O.

Every feature of a character belongs to exactly one scope, so that the fast
tagger in :mod:`transforms.entities.ner.model` can score each scope once:

* **window** (:data:`WINDOW_TEMPLATES`, :func:`window_features`): the character
  n-grams and character types around it, padded at the sequence ends. These are
  scored with numpy over a whole batch.
* **word** (:func:`word_features`): everything that depends on the
  whitespace-delimited word alone: the position in the word, the word's Kiwi
  morphemes (analysed word by word, not in sentence context, so that the
  analysis is a function of the word), clusters, training-label priors and the
  gazetteer. Scored once per distinct word and cached.
* **neighbour** (:func:`neighbour_features`): what the previous and the next word
  contribute (first/last morpheme, head cluster, stem), the same for every
  character of the word. Scored once per distinct word per side.

:func:`sentence_features` joins the three scopes into the full feature lists that
the CRF is trained on and that python-crfsuite tags (the reference path).
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import NamedTuple


class Morph(NamedTuple):
    """One morpheme of the analysis, offsets relative to the analysed word."""

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

# morphemes that get a training-label prior and a gazetteer look-up
CONTENT_TAGS = frozenset({"NNP", "NNG", "SL", "SH", "NR", "XR", "NP"})
CLUSTER_TAGS = frozenset({"NNP", "NNG", "NNB", "NR", "NP", "SL", "SH", "XR", "VV", "VA", "MAG", "MM", "XSN"})
_STEM_PREFIXES = ("NN", "NR", "NP", "SL", "SH", "XR", "XS", "SN")
_DESC_PREFIXES = ("NN", "NP", "NR", "XS", "VV", "VA", "J", "SN", "XP", "MM")
_CONTENT_FORM_TAGS = ("NNP", "NNG", "NNB", "NR", "NP", "SL", "SH", "SN", "XR", "VV", "VA")

PAD_LEFT = "\x02"
PAD_RIGHT = "\x03"
PAD = 3  # window reach on each side

# (name, offsets): the feature is ``name=<chars at those offsets>`` over the padded sequence
WINDOW_TEMPLATES: tuple[tuple[str, tuple[int, ...]], ...] = (
    ("c", (0,)),
    ("c-1", (-1,)),
    ("c+1", (1,)),
    ("c-2", (-2,)),
    ("c+2", (2,)),
    ("c-3", (-3,)),
    ("c+3", (3,)),
    ("c-1:0", (-1, 0)),
    ("c0:1", (0, 1)),
    ("c-2:-1", (-2, -1)),
    ("c1:2", (1, 2)),
    ("c-1:1", (-1, 0, 1)),
    ("c-2:0", (-2, -1, 0)),
    ("c0:2", (0, 1, 2)),
)
# character types; '^' and '$' stand for the sequence ends in the type features
CHAR_TYPES: tuple[str, ...] = ("H", "SP", "D", "U", "L", "C", "A", "P", "^", "$")


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


def char_type(ch: str) -> str:
    if "\uac00" <= ch <= "\ud7a3":
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


def bies(i: int, s: int, e: int) -> str:
    if e - s == 1:
        return "S"
    if i == s:
        return "B"
    if i == e - 1:
        return "E"
    return "I"


_WORD = re.compile(r"\S+")


def word_spans(text: str) -> list[tuple[int, int]]:
    """(start, end) of the whitespace-delimited words of ``text``."""
    return [m.span() for m in _WORD.finditer(text)]


# ---------------------------------------------------------------- resources


def coarse_label(fine: str) -> str:
    """KLUE label for a konne (NIKL 150-type) label: PS_*, LC*/AF_* places, OG*, DT_*, TI_*, QT_*; else O."""
    if fine.startswith("PS_"):
        return "PS"
    if fine.startswith(("LC", "AF_")):
        return "LC"
    if fine.startswith("OG"):
        return "OG"
    for lab in ("DT", "TI", "QT"):
        if fine.startswith(lab + "_"):
            return lab
    return "O"


def _bucket(n: float) -> int:
    return 0 if n < 2 else 1 if n < 5 else 2 if n < 20 else 3


def label_mix(prefix: str, counts: Mapping[str, float]) -> list[str]:
    """Features for a label count table: its size bucket and each label holding at least a fifth of it."""
    total = sum(c for c in counts.values() if c > 0)
    if total <= 0:
        return []
    out = [f"{prefix}N={_bucket(total)}"]
    for lab, c in sorted(counts.items()):
        if c > 0 and c / total >= 0.2:
            out.append(f"{prefix}{lab}={int(c / total * 2.999)}")
    return out


@dataclass
class Resources:
    """Look-up tables behind the word features (all optional; keys are plain strings).

    ``clusters``: :func:`word_key` -> cluster ids, coarse to fine (``bench/build_ner_clusters.py``).
    ``gazetteer``: surface form -> KLUE label -> count (konne re-annotation of the KLUE train split).
    ``morph_prior``: :func:`word_key` -> label -> count of that morpheme in the training sentences.
    ``stem_prior``: word stem -> label -> count in the training sentences.
    ``minus``: (form, label) counts to leave out of the gazetteer (training only: the sentence's own
    entities, so the model does not learn to trust a table that already holds the answer). The priors
    are held out by the trainer instead (built on the other folds).
    """

    clusters: Mapping[str, Sequence[str]] | None = None
    gazetteer: Mapping[str, Mapping[str, float]] | None = None
    morph_prior: Mapping[str, Mapping[str, float]] | None = None
    stem_prior: Mapping[str, Mapping[str, float]] | None = None
    minus: Mapping[tuple[str, str], int] = field(default_factory=dict)

    def clusters_of(self, key: str | None) -> Sequence[str]:
        if self.clusters is None or key is None:
            return ()
        return self.clusters.get(key, ())

    @staticmethod
    def _mix(table: Mapping[str, Mapping[str, float]] | None, key: str | None, prefix: str) -> list[str]:
        if table is None or key is None:
            return []
        return label_mix(prefix, table.get(key) or {})

    def gazetteer_features(self, form: str, role: str) -> list[str]:
        if self.gazetteer is None:
            return []
        counts = self.gazetteer.get(form)
        if counts and self.minus:
            counts = {lab: c - self.minus.get((form, lab), 0) for lab, c in counts.items()}
        return label_mix(f"gz{role}", counts or {})

    def morph_prior_features(self, key: str | None) -> list[str]:
        return self._mix(self.morph_prior, key, "pri")

    def stem_prior_features(self, stem: str) -> list[str]:
        return self._mix(self.stem_prior, stem, "spri")


# ---------------------------------------------------------------- window scope


def window_features(text: str) -> list[list[str]]:
    """Window-scope features of each character of one sequence."""
    n = len(text)
    padded = PAD_LEFT * PAD + text + PAD_RIGHT * PAD
    types = [char_type(ch) for ch in text]
    out: list[list[str]] = []
    for i in range(n):
        p = i + PAD
        f = ["b"]
        for name, offs in WINDOW_TEMPLATES:
            f.append(name + "=" + "".join(padded[p + o] for o in offs))
        t0 = types[i]
        tl = types[i - 1] if i else "^"
        tr = types[i + 1] if i + 1 < n else "$"
        f.append("t=" + t0)
        f.append("t-1:1=" + tl + t0 + tr)
        if t0 == "SP":
            f.append("space")
            f.append("sp:" + tl + tr)
        out.append(f)
    return out


# ---------------------------------------------------------------- word scope


def _desc(mo: Morph | None, edge: str) -> str:
    if mo is None:
        return edge
    if mo.tag.startswith(_DESC_PREFIXES):
        return f"{mo.form}/{mo.tag}"
    return mo.tag


def word_stem(word: str, morphs: Sequence[Morph]) -> tuple[str, Morph | None]:
    """The word up to its last content morpheme (before particles and endings), and that morpheme."""
    content = [m for m in morphs if m.tag.startswith(_STEM_PREFIXES)]
    if not content:
        return "", None
    head = content[-1]
    return word[: min(max(head.end, 0), len(word))], head


class WordParts(NamedTuple):
    """Word-scope features, grouped by what they are shared by (see :func:`word_features`)."""

    shared: list[str]  # by every character of the word
    by_morph: list[list[str]]  # by every character whose first covering morpheme is that one
    by_char: list[list[str]]  # by one character
    morph_of: list[int]  # first morpheme covering each character, -1 if none


def word_parts(word: str, morphs: Sequence[Morph], res: Resources) -> WordParts:
    """Word-scope features of ``word`` (one whitespace-delimited word), grouped; see :func:`word_features`."""
    n = len(word)
    stem, head = word_stem(word, morphs)
    shared = [f"wl={min(n, 8)}", "wL=" + _desc(morphs[-1] if morphs else None, "<none>")]
    if stem:
        shared.append(f"stem={stem}" if len(stem) <= 10 else "stem=<long>")
        shared.append(f"stemsuf={stem[-2:]}")
        shared.append(f"wsuf={word[len(stem) :]}")
        shared.append("head=" + _desc(head, "<none>"))
        shared.extend(
            f"hc{lv}={cid}" for lv, cid in enumerate(res.clusters_of(word_key(head.form, head.tag)))
        )
        shared.extend(res.gazetteer_features(stem, "s"))
        shared.extend(res.stem_prior_features(stem))

    nm = len(morphs)
    clus = [res.clusters_of(word_key(m.form, m.tag)) for m in morphs]
    by_morph: list[list[str]] = []
    for m, mo in enumerate(morphs):
        tag = mo.tag
        f = [f"mt={tag}"]
        if tag in _CONTENT_FORM_TAGS:
            f.append(f"mf={mo.form}")
        f.append(f"ml={min(mo.end - mo.start, 6)}{tag}")
        f.append(f"mt-1={morphs[m - 1].tag if m > 0 else '<'}")
        f.append(f"mt+1={morphs[m + 1].tag if m + 1 < nm else '>'}")
        f.append("md-1=" + _desc(morphs[m - 1] if m > 0 else None, "<"))
        f.append("md+1=" + _desc(morphs[m + 1] if m + 1 < nm else None, ">"))
        f.append("md-2=" + _desc(morphs[m - 2] if m > 1 else None, "<"))
        f.append("md+2=" + _desc(morphs[m + 2] if m + 2 < nm else None, ">"))
        f.extend(f"mc{lv}={cid}" for lv, cid in enumerate(clus[m]))
        if m > 0 and len(clus[m - 1]) > 1:
            f.append(f"mc-1={clus[m - 1][1]}")
        if m + 1 < nm and len(clus[m + 1]) > 1:
            f.append(f"mc+1={clus[m + 1][1]}")
        if tag in CONTENT_TAGS:
            f.extend(res.morph_prior_features(word_key(mo.form, tag)))
            if mo.form != stem:
                f.extend(res.gazetteer_features(mo.form, "m"))
        by_morph.append(f)

    morph_of = [-1] * n
    for m, mo in enumerate(morphs):
        for i in range(max(mo.start, 0), min(mo.end, n)):
            if morph_of[i] < 0:
                morph_of[i] = m

    by_char: list[list[str]] = []
    for i in range(n):
        f = [f"wp={bies(i, 0, n)}", f"wo={min(i, 4)}", f"wr={min(n - 1 - i, 4)}"]
        if i == 0:
            if word[0] in SURNAMES and n >= 3:
                f.append("surname@wstart")
            if word[:2] in SURNAMES and n >= 4:
                f.append("surname2@wstart")
        m = morph_of[i]
        if m >= 0:
            mo = morphs[m]
            pos = bies(i, max(mo.start, 0), min(mo.end, n))
            f.append("mp=" + pos + mo.tag)
            f.extend(f"mc{lv}p={pos}{cid}" for lv, cid in enumerate(clus[m]))
        else:
            f.append("mt=<none>")
        by_char.append(f)
    return WordParts(shared, by_morph, by_char, morph_of)


def word_features(word: str, morphs: Sequence[Morph], res: Resources) -> list[list[str]]:
    """Word-scope features of each character of ``word``: its own, its first morpheme's, the word's."""
    parts = word_parts(word, morphs, res)
    return [
        [*own, *(parts.by_morph[m] if m >= 0 else ()), *parts.shared]
        for own, m in zip(parts.by_char, parts.morph_of, strict=True)
    ]


# ---------------------------------------------------------------- neighbour scope

BOS_FEATURES: tuple[str, ...] = ("pw0=<none>",)  # what "no previous word" contributes
EOS_FEATURES: tuple[str, ...] = ("nw0=<none>",)  # what "no next word" contributes


def neighbour_features(word: str, morphs: Sequence[Morph], res: Resources) -> tuple[list[str], list[str]]:
    """What ``word`` contributes to the characters of the next word, and of the previous word."""
    stem, head = word_stem(word, morphs)
    first = morphs[0] if morphs else None
    last = morphs[-1] if morphs else None
    hclus = res.clusters_of(word_key(head.form, head.tag)) if head is not None else ()
    to_next = ["pw0=" + _desc(first, "<none>"), "pwL=" + _desc(last, "<none>")]
    to_next.extend(f"phc{lv}={cid}" for lv, cid in enumerate(hclus))
    to_prev = ["nw0=" + _desc(first, "<none>")]
    to_prev.extend(f"nhc{lv}={cid}" for lv, cid in enumerate(hclus))
    if stem and len(stem) <= 6:
        to_next.append(f"pst={stem}")
        to_prev.append(f"nst={stem}")
    return to_next, to_prev


# ---------------------------------------------------------------- all scopes


def sentence_features(
    text: str, analyses: Sequence[Sequence[Morph]], res: Resources | None = None
) -> list[list[str]]:
    """All features of each character of ``text``.

    ``analyses``: the morphemes of each word of :func:`word_spans` (offsets relative to the word).
    """
    res = res if res is not None else Resources()
    text = clean_text(text)
    feats = window_features(text)
    spans = word_spans(text)
    if len(spans) != len(analyses):
        raise ValueError(f"{len(spans)} words but {len(analyses)} analyses")
    sides = [neighbour_features(text[s:e], ms, res) for (s, e), ms in zip(spans, analyses, strict=True)]
    for w, ((s, e), ms) in enumerate(zip(spans, analyses, strict=True)):
        ctx = [
            *(sides[w - 1][0] if w else BOS_FEATURES),
            *(sides[w + 1][1] if w + 1 < len(spans) else EOS_FEATURES),
        ]
        for i, f in enumerate(word_features(text[s:e], ms, res)):
            feats[s + i].extend(f)
            feats[s + i].extend(ctx)
    return feats


def gold_pairs(text: str, spans: Sequence[tuple[int, int, str]]) -> dict[tuple[str, str], int]:
    """(surface form, label) counts of a sentence's gold spans (what :class:`Resources` leaves out)."""
    out: dict[tuple[str, str], int] = {}
    for s, e, lab in spans:
        key = (text[s:e], lab)
        out[key] = out.get(key, 0) + 1
    return out
