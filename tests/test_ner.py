"""KLUE reader, strict entity metric and the committed NER model."""

from __future__ import annotations

import re
from pathlib import Path

import numpy as np
import pytest

from transforms.entities.ner.features import sentence_features, word_key
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

CORPORA = Path(__file__).resolve().parents[2] / "shared" / "corpora"
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
    from transforms.entities.ner.features import Morph

    text = "서울 간다"
    morphs = [Morph(0, 2, "서울", "NNP"), Morph(3, 4, "가", "VV"), Morph(4, 5, "ㄴ다", "EF")]
    assert word_key("서울", "NNP") == "서울/NNP" and word_key("다", "EF") is None
    assert word_key("BTS", "SL") == "bts/SL" and word_key("걷", "VV-R") == "걷/VV"
    feats = sentence_features(text, morphs, None, {"서울/NNP": ("1", "12", "123")})
    assert len(feats) == len(text)
    assert {"mc0=1", "mc2=123", "mc1p=B12", "hc0=1"} <= set(feats[0])
    assert "nhc0=1" not in feats[0] and "phc0=1" in feats[3]


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


def test_kiwi_vectors_match_kiwi_similarity(tagger) -> None:
    from transforms.entities.ner.model import kiwi

    emb, pool_v, _ = tagger._vec
    toks = kiwi().tokenize("삼성전자는 서울 강남구에서 이재용 회장이 신제품을 발표했다")
    ids = [t.id for t in toks if t.tag.startswith("NN")]
    assert len(ids) >= 5
    x = emb.vectors(ids)
    for a in range(len(ids)):
        for b in range(len(ids)):
            assert abs(float(x[a] @ x[b]) - kiwi().morpheme_similarity(ids[a], ids[b])) < 2e-3
    # morphemes without an embedding (Kiwi answers NaN) get a zero vector
    assert not np.isnan(emb.vectors([t.id for t in toks])).any()
    assert pool_v.shape[1] == len(emb.basis)
