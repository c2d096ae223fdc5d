"""KLUE reader, strict entity metric and the committed NER model."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from transforms.entities.ner.features import (
    Morph,
    Resources,
    coarse_label,
    sentence_features,
    word_features,
    word_key,
    word_spans,
)
from transforms.entities.ner.klue import (
    bio_to_bioes,
    bio_to_spans,
    bioes_to_spans,
    entity_prf,
    macro_f1,
    parse_klue,
    spans_to_bio,
)
from transforms.entities.ner.model import chunk_offsets, default_model_path

CORPORA = next(
    (
        p / "shared" / "corpora"
        for p in Path(__file__).resolve().parents
        if (p / "shared" / "corpora").is_dir()
    ),
    Path("/nonexistent"),
)
KLUE_A = CORPORA / "klue_ner" / "klue-ner-v1.1_dev_A_train.tsv"

SAMPLE = (
    "## 토큰, 레이블 구분자 : \\t\n"
    "## 주석 : ##\n"
    "## klue-ner-v1_dev_00000-wikitree\t<김:PS>씨 <2일:DT>\n"
    "김\tB-PS\n"
    "씨\tO\n"
    " \tO\n"
    "2\tB-DT\n"
    "일\tI-DT\n"
    "\n"
    "## klue-ner-v1_dev_00001-nsmc\t<서울:LC> 간다\n"
    "서\tB-LC\n"
    "울\tI-LC\n"
    " \tO\n"
    "간\tO\n"
    "다\tO\n"
)


def test_parse_klue_sample() -> None:
    sents = list(parse_klue(SAMPLE.splitlines(keepends=True)))
    assert [s.sid for s in sents] == ["klue-ner-v1_dev_00000-wikitree", "klue-ner-v1_dev_00001-nsmc"]
    assert sents[0].text == "김씨 2일"
    assert sents[0].spans == ((0, 1, "PS"), (3, 5, "DT"))
    assert sents[1].text == "서울 간다"
    assert sents[1].spans == ((0, 2, "LC"),)
    assert len(sents[1].tags) == len(sents[1].text)


def test_bio_roundtrip_and_stray_inside() -> None:
    spans = [(0, 2, "PS"), (3, 4, "LC")]
    assert bio_to_spans(spans_to_bio(5, spans)) == spans
    # an I- tag that does not continue its label opens a new span (conlleval)
    assert bio_to_spans(["I-PS", "I-PS", "I-LC", "O"]) == [(0, 2, "PS"), (2, 3, "LC")]


def test_bioes_roundtrip_and_repair() -> None:
    tags = ["B-PS", "I-PS", "O", "B-LC", "O", "I-OG", "I-OG", "B-DT", "I-DT", "I-DT"]
    bioes = bio_to_bioes(tags)
    assert bioes == ["B-PS", "E-PS", "O", "S-LC", "O", "B-OG", "E-OG", "B-DT", "I-DT", "E-DT"]
    assert bioes_to_spans(bioes) == bio_to_spans(tags)
    # ill-formed output from the tagger still gives sane spans
    assert bioes_to_spans(["I-PS", "E-PS", "E-LC", "S-OG", "B-DT"]) == [
        (0, 2, "PS"),
        (2, 3, "LC"),
        (3, 4, "OG"),
        (4, 5, "DT"),
    ]


def test_cluster_features() -> None:
    text = "서울 간다"
    analyses = [(Morph(0, 2, "서울", "NNP"),), (Morph(0, 1, "가", "VV"), Morph(1, 2, "ㄴ다", "EF"))]
    assert word_key("서울", "NNP") == "서울/NNP" and word_key("다", "EF") is None
    assert word_key("BTS", "SL") == "bts/SL" and word_key("걷", "VV-R") == "걷/VV"
    res = Resources(clusters={"서울/NNP": ("1", "12", "123")})
    feats = sentence_features(text, analyses, res)
    assert len(feats) == len(text)
    assert {"mc0=1", "mc2=123", "mc1p=B12", "hc0=1", "c+1=울", "c-3=\x02"} <= set(feats[0])
    assert "nhc0=1" not in feats[0] and "phc0=1" in feats[3]
    assert {"space", "sp:HH"} <= set(feats[2]) and "wp=B" not in feats[2]
    with pytest.raises(ValueError):
        sentence_features(text, analyses[:1], res)


def test_gazetteer_feature_and_hold_out() -> None:
    assert [
        coarse_label(x) for x in ("PS_NAME", "LCP_CITY", "AF_ROAD", "AFA_ART", "OGG_POLITICS", "DT_DAY")
    ] == [
        "PS",
        "LC",
        "LC",
        "O",
        "OG",
        "DT",
    ]
    morphs = (Morph(0, 3, "오세훈", "NNP"), Morph(3, 4, "은", "JX"))
    gaz = {"오세훈": {"PS": 3}}
    (first, *_) = word_features("오세훈은", morphs, Resources(gazetteer=gaz))
    assert {"gzsN=1", "gzsPS=2"} <= set(first)
    # a training sentence whose own entity is the only evidence: the gazetteer says nothing
    held = Resources(gazetteer=gaz, minus={("오세훈", "PS"): 3})
    assert not any(f.startswith("gz") for f in word_features("오세훈은", morphs, held)[0])


def test_strict_entity_metric() -> None:
    gold = [[(0, 3, "PS"), (4, 6, "LC")], [(0, 2, "DT"), (5, 8, "OG")]]
    pred = [[(0, 3, "PS"), (4, 7, "LC")], [(0, 2, "DT"), (5, 8, "PS")]]
    sc = entity_prf(gold, pred)
    assert (sc["PS"].tp, sc["PS"].n_pred, sc["PS"].n_gold) == (1, 2, 1)
    assert sc["PS"].precision == 0.5 and sc["PS"].recall == 1.0
    assert sc["PS"].f1 == pytest.approx(2 / 3)
    assert sc["LC"].f1 == 0.0  # boundary error: no partial credit
    assert sc["OG"].recall == 0.0 and sc["OG"].n_pred == 0
    assert sc["DT"].f1 == 1.0
    assert macro_f1(sc) == pytest.approx((2 / 3 + 0 + 0 + 1) / 4)


def test_chunk_offsets_cover_long_text() -> None:
    text = ("가나다 " * 300 + "끝. 다음 문장") * 2
    pieces = chunk_offsets(text, max_len=200)
    assert all(0 < e - s <= 200 for s, e in pieces)
    assert all(text[s:e] == text[s:e].strip() for s, e in pieces)
    # pieces are ordered, disjoint, and together keep every non-space character
    assert all(pieces[k][1] <= pieces[k + 1][0] for k in range(len(pieces) - 1))
    assert "".join(text[s:e] for s, e in pieces).replace(" ", "") == text.replace(" ", "")


@pytest.mark.skipif(not KLUE_A.exists(), reason="shared/corpora not available")
def test_reader_matches_markup_on_real_file() -> None:
    with KLUE_A.open(encoding="utf-8") as fh:
        head = [line for _, line in zip(range(2000), fh, strict=False)]
    headers = [line for line in head if line.startswith("## klue")]
    sents = list(parse_klue(head))[:-1]  # the last one may be cut by the slice
    for s, h in zip(sents, headers, strict=False):
        markup = h.rstrip("\n").split("\t", 1)[1]
        assert re.sub(r"<(.+?):[A-Z]{2}>", r"\1", markup) == s.text
        assert [f"{s.text[a:b]}:{lab}" for a, b, lab in s.spans] == re.findall(r"<(.+?:[A-Z]{2})>", markup)


@pytest.fixture(scope="module")
def tagger():
    if not (default_model_path() / "crf.model").exists():
        pytest.skip("no trained model committed")
    from transforms.entities.ner.model import load_model

    return load_model()


def test_model_tags_person(tagger) -> None:
    text = "오세훈 서울시장은 9일 라스베이거스에 도착했다."
    (spans,) = tagger.tag([text])
    assert (0, 3, "PS") in spans
    for s, e, lab in spans:
        assert 0 <= s < e <= len(text) and text[s:e].strip()
        assert lab in {"PS", "LC", "OG", "DT", "TI", "QT"}


def test_model_never_crashes(tagger) -> None:
    long_line = ("서울시는 2일 김민수 씨를 만났다 " * 200)[:5000]
    texts = [
        "",
        " ",
        "\n\t  \n",
        long_line,
        "😀🎉 오늘 BTS 공연 👍 최고\u200b!",
        "\ud800 깨진 문자",
        "a" * 3000,
    ]
    out = tagger.tag(texts)
    assert len(out) == len(texts)
    assert out[0] == [] and out[1] == [] and out[2] == []
    for text, spans in zip(texts, out, strict=True):
        prev_end = 0
        for s, e, _ in sorted(spans):
            assert 0 <= s < e <= len(text) and text[s:e].strip()
            assert s >= prev_end
            prev_end = e
    assert any(lab == "PS" for _, _, lab in out[3])


FIXED = [
    "오세훈 서울시장은 9일 라스베이거스에 도착했다.",
    "윤석열 대통령은 지난 3일 용산 대통령실에서 국무회의를 주재했다.",
    "삼성전자는 2024년 6월 서울 강남구에서 이재용 회장이 참석한 가운데 신제품을 발표했다.",
    "서울중앙지법 형사33부(재판장 김동현)는 12일 오후 2시 선고 공판을 열었다.",
    "더불어민주당 이재명 대표와 국민의힘 한동훈 전 비상대책위원장이 만났다.",
    "BTS 정국이 미국 뉴욕 타임스스퀘어에서 1만 명의 팬과 만났다 ㅋㅋ",
    "😀🎉 오늘 BTS 공연 👍 최고\u200b!",
    "\ud800 깨진 문자 \x02\x03 제어",
    "",
    "a" * 450,
]


def test_fast_path_equals_crfsuite(tagger) -> None:
    fast = tagger.tag(FIXED)
    assert fast == tagger.tag_reference(FIXED)
    assert fast == tagger.tag(FIXED)  # again, now from the word cache
    assert tagger.tag(FIXED[:6]) == fast[:6]  # a batch without astral characters takes the direct tables
    assert any(fast)


def test_fast_path_equals_crfsuite_on_klue(tagger) -> None:
    if not KLUE_A.exists():
        pytest.skip("shared/corpora not available")
    from transforms.entities.ner.klue import read_klue

    texts = [s.text for s in read_klue(KLUE_A)[:200]]
    assert tagger.tag_pieces(texts) == tagger.tag_pieces_reference(texts)


def test_word_spans_match_str_split() -> None:
    text = " 가나\u3000다라\x1c마 \u200b바\t"
    assert [text[s:e] for s, e in word_spans(text)] == text.split()


def test_tiny_crf_fast_equals_crfsuite(tmp_path) -> None:
    """Train a small CRF here, so the comparison does not depend on the committed model."""
    import pycrfsuite

    from transforms.entities.ner.klue import bio_to_bioes
    from transforms.entities.ner.model import NerTagger, analyze

    train = [
        ("김민수 씨가 서울에 갔다", [(0, 3, "PS"), (7, 9, "LC")]),
        ("박지영 기자는 부산에서 왔다", [(0, 3, "PS"), (8, 10, "LC")]),
        ("박지현 교수가 대전에 산다", [(0, 3, "PS"), (8, 10, "LC")]),
    ]
    trainer = pycrfsuite.Trainer(verbose=False)
    for text, spans in train:
        trainer.append(sentence_features(text, analyze(text)), bio_to_bioes(spans_to_bio(len(text), spans)))
    trainer.set_params({"c1": 0.0, "c2": 0.01, "max_iterations": 50, "feature.possible_transitions": True})
    trainer.train(str(tmp_path / "crf.model"))
    crf = pycrfsuite.Tagger()
    crf.open(str(tmp_path / "crf.model"))
    model = NerTagger(crf, tmp_path / "crf.model", meta={"scheme": "BIOES"})
    texts = ["최영호 씨가 광주에 갔다", "김민수 기자는 서울에서 왔다 😀", "", "대전"]
    assert model.tag(texts) == model.tag_reference(texts)
    assert (0, 3, "PS") in model.tag(texts)[0]


def test_label_margins_match_brute_force_max_marginals():
    """The compiled max-marginal margins equal those found by scoring every path of a small CRF."""
    import itertools

    import numpy as np

    from transforms.entities.ner.viterbi import label_margins, viterbi

    rng = np.random.default_rng(7)
    n_lab, n = 3, 5
    emit = rng.normal(size=(n, n_lab))
    trans = rng.normal(size=(n_lab, n_lab))
    watched = np.array([False, True, True])
    path = viterbi(emit, trans, [0], [n])

    def score(p):
        return sum(emit[t, p[t]] for t in range(n)) + sum(trans[p[t - 1], p[t]] for t in range(1, n))

    paths = list(itertools.product(range(n_lab), repeat=n))
    best = max(score(p) for p in paths)
    got = label_margins(emit, trans, [0], [n], path, watched)
    for t in range(n):
        if watched[path[t]]:
            other = max(score(p) for p in paths if not watched[p[t]])
            assert abs(got[t] - (best - other)) < 1e-9
        else:
            assert got[t] == np.inf
