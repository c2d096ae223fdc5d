"""transforms.dedup: exact keys, signatures, verification, clusters, incremental nights."""

from __future__ import annotations

from datetime import datetime

import numpy as np
import polars as pl
import pytest

from transforms.dedup.cluster import cluster_duplicates
from transforms.dedup.lsh import band_keys, candidate_pairs
from transforms.dedup.night import find_duplicates
from transforms.dedup.normalize import dedup_text, exact_hash, normalized_text
from transforms.dedup.settings import DedupSettings
from transforms.dedup.sketch import exact_hashes, minhash_signatures
from transforms.dedup.verify import shingle_sets, verify_candidates

PARA_A = (
    "서울시는 3일 오전 11시를 기해 서울 동남권에 폭염경보를 발령했다고 밝혔다. 시는 무더위쉼터 4200여 곳의 운영 시간을 "
    "오후 9시까지 연장하고, 독거노인과 노숙인 등 폭염 취약계층을 대상으로 방문 간호와 안부 전화를 강화하기로 했다. "
    "또 도로 살수차 120대를 투입해 하루 세 차례 주요 간선도로에 물을 뿌리고, 공사 현장에는 낮 시간대 야외 작업을 "
    "자제하도록 권고했다. 시 관계자는 “당분간 최고기온이 35도 안팎까지 오르는 무더위가 이어질 것으로 보인다”며 "
    "“한낮에는 외출을 삼가고 물을 자주 마시는 등 건강관리에 각별히 유의해 달라”고 당부했다. 기상청에 따르면 "
    "이번 더위는 북태평양고기압이 확장하면서 다음 주 중반까지 계속될 전망이다."
)
PARA_B = (
    "부산 해운대구의 한 오피스텔 공사 현장에서 타워크레인이 넘어져 작업자 2명이 다쳤다. 소방 당국에 따르면 사고는 "
    "4일 오후 2시 30분쯤 발생했으며, 크레인 상부가 인근 도로 쪽으로 기울면서 자재를 옮기던 작업자들이 떨어진 구조물에 "
    "맞았다. 부상자들은 인근 병원으로 옮겨져 치료를 받고 있으며 생명에는 지장이 없는 것으로 전해졌다. 경찰은 현장 "
    "관계자들을 상대로 안전 수칙 준수 여부와 장비 결함 가능성 등을 조사하고 있다. 고용노동부도 작업 중지 명령을 내리고 "
    "시공사의 중대재해처벌법 위반 여부를 살펴볼 방침이다."
)


def frame(rows: list[tuple[object, str, datetime | None]]) -> pl.DataFrame:
    ids = [r[0] for r in rows]
    return pl.DataFrame(
        {
            "article_id": ids,
            "body": [r[1] for r in rows],
            "published_at": pl.Series([r[2] for r in rows], dtype=pl.Datetime("us")),
        }
    )


def d(day: int, hour: int = 0) -> datetime:
    return datetime(2024, 6, day, hour)


# ---- normalization and exact keys


def test_exact_hash_ignores_whitespace_punctuation_and_case() -> None:
    a = "서울시는 3일 “폭염 경보”를 발령했다. KTX 운행은 정상."
    b = "서울시는  3일 '폭염경보'를\n발령했다!!   ktx 운행은 정상"
    c = "서울시는 3일 폭염 주의보를 발령했다. KTX 운행은 정상."
    assert exact_hash(a) == exact_hash(b)
    assert exact_hash(a) != exact_hash(c)
    assert exact_hashes([a, b, c]).to_list() == [exact_hash(t) for t in (a, b, c)]
    assert len(exact_hash(a)) == 32  # xxh3-128 hex
    assert dedup_text(a) == "서울시는3일폭염경보를발령했다ktx운행은정상"


def test_normalized_text_expression_matches_dedup_text() -> None:
    texts = [PARA_A, "  Hello,\tWORLD!\u200b  ㈜한국 ▶ 사진=연합뉴스 😀 …끝 ", "", "ＡＢＣ　가나"]
    out = pl.DataFrame({"t": texts}).select(normalized_text(pl.col("t")).alias("n"))["n"].to_list()
    assert out[1] == "hello world 한국 사진 연합뉴스 끝"  # ㈜, ▶, emoji are symbols
    assert [o.replace(" ", "") for o in out] == [dedup_text(t) for t in texts]


# ---- signatures and band keys


def test_signatures_deterministic_and_independent_of_batch() -> None:
    s = DedupSettings()
    texts = [PARA_A, PARA_B, PARA_A.replace("서울시는", "서울시가")]
    one = minhash_signatures(texts, s)
    assert one.shape == (3, 128) and one.dtype == np.uint32
    assert np.array_equal(one, minhash_signatures(pl.Series(texts), s, threads=2))
    assert np.array_equal(one[1], minhash_signatures([PARA_B], s)[0])
    # other settings give other signatures
    assert not np.array_equal(one, minhash_signatures(texts, DedupSettings(seed=1)))


@pytest.mark.parametrize("scheme", ["oph", "kperm"])
def test_signature_agreement_estimates_jaccard(scheme: str) -> None:
    s = DedupSettings(scheme=scheme)
    edited = PARA_A.replace("무더위쉼터", "쉼터").replace("살수차 120대를", "살수차를")
    sig = minhash_signatures([PARA_A, edited, PARA_B], s)
    exact = verify_candidates(pl.DataFrame({"a": [0, 0], "b": [1, 2]}), [PARA_A, edited, PARA_B], s)
    est = [(sig[0] == sig[1]).mean(), (sig[0] == sig[2]).mean()]
    assert abs(est[0] - exact["jaccard"][0]) < 0.15
    assert est[1] < 0.1


def test_band_keys_and_candidates() -> None:
    s = DedupSettings()
    sig = minhash_signatures([PARA_A, PARA_A + " 끝.", PARA_B, ""], s)
    keys = band_keys(sig, s)
    assert keys.schema == {"doc": pl.Int64, "band": pl.Int16, "band_hash": pl.Int64}
    assert keys.height == 3 * 32  # the empty text has no keys
    assert sorted(keys["doc"].unique().to_list()) == [0, 1, 2]
    assert candidate_pairs(keys).rows() == [(0, 1)]
    other = keys.filter(pl.col("doc") == 0).with_columns(pl.lit(100, dtype=pl.Int64).alias("doc"))
    assert candidate_pairs(keys.filter(pl.col("doc") != 0), other).rows() == [(1, 100)]


def test_fingerprint_names_every_parameter() -> None:
    fp = DedupSettings().fingerprint()
    assert fp.startswith("dedup/v2/") and "shingle_size=5" in fp and "num_perm=128" in fp
    assert DedupSettings(jaccard_threshold=0.7).fingerprint() != fp
    assert DedupSettings().fingerprint() == fp
    with pytest.raises(ValueError):
        DedupSettings(bands=16, rows=4)


# ---- verification


def test_verify_jaccard_and_containment() -> None:
    s = DedupSettings()
    one_word = PARA_A.replace("무더위쉼터", "폭염대피소")
    cut60 = PARA_A[: int(len(PARA_A) * 0.6)]
    cut40 = PARA_A[: int(len(PARA_A) * 0.4)]
    texts = [PARA_A, one_word, cut60, cut40, PARA_B]
    pairs = pl.DataFrame({"a": [0, 0, 0, 0], "b": [1, 2, 3, 4]})
    v = verify_candidates(pairs, shingle_sets(texts, s), s)
    jac, con, ok = v["jaccard"].to_list(), v["containment"].to_list(), v["accepted"].to_list()
    assert jac[0] > 0.9 and ok[0]  # one-word edit
    assert con[1] == pytest.approx(1.0) and ok[1]  # 60% truncation
    assert (
        jac[2] < s.jaccard_threshold and con[2] == pytest.approx(1.0) and ok[2]
    )  # accepted by containment only
    assert jac[3] < 0.05 and not ok[3]  # unrelated
    # texts instead of precomputed sets give the same numbers
    assert v.equals(verify_candidates(pairs, texts, s))


def test_containment_needs_enough_shingles() -> None:
    s = DedupSettings()
    short = "시 관계자는 건강관리에 유의해 달라고 당부했다"  # a stock sentence inside a long article
    v = verify_candidates(pl.DataFrame({"a": [0], "b": [1]}), [PARA_A + short, short], s)
    assert v["containment"][0] == pytest.approx(1.0)
    assert not v["accepted"][0]


# ---- one night


def test_find_duplicates_exact_near_truncated_unrelated() -> None:
    rows = [
        (1, PARA_A, d(3, 9)),
        (2, PARA_A.replace(" ", "  ").replace("”", '"').replace(".", "!"), d(3, 10)),  # exact copy
        (3, PARA_A.replace("무더위쉼터", "폭염대피소"), d(3, 11)),  # one-word edit
        (4, PARA_A[: int(len(PARA_A) * 0.6)], d(3, 12)),  # truncated syndication
        (5, PARA_B, d(4, 9)),  # unrelated
        (6, "", d(4, 10)),  # empty bodies are never duplicates of each other
        (7, "", d(4, 11)),
    ]
    res = find_duplicates(frame(rows))
    got = {r["article_id"]: r for r in res.duplicates.iter_rows(named=True)}
    assert set(got) == {2, 3, 4}
    assert got[2]["canonical_article_id"] == 1 and got[2]["method"] == "exact" and got[2]["similarity"] == 1.0
    assert got[3]["method"] == "near" and got[3]["similarity"] > 0.85
    assert got[4]["canonical_article_id"] == 1 and got[4]["method"] == "near"
    assert res.duplicates.schema == {
        "article_id": pl.Int64,
        "canonical_article_id": pl.Int64,
        "method": pl.String,
        "similarity": pl.Float64,
    }
    # band keys: one set per distinct text with enough characters (the exact copy and empty bodies have none)
    assert sorted(res.band_keys["article_id"].unique().to_list()) == [1, 3, 4, 5]
    assert res.exact.filter(pl.col("article_id") == 6)["exact_hash"][0] is None


def test_string_ids_and_no_duplicates() -> None:
    res = find_duplicates(frame([("a", PARA_A, d(1)), ("b", PARA_B, d(1))]))
    assert res.duplicates.height == 0
    assert res.duplicates.schema["article_id"] == pl.String


# ---- clusters


def _articles(rows: list[tuple[int, datetime | None, int, str]]) -> pl.DataFrame:
    return pl.DataFrame(
        {
            "article_id": [r[0] for r in rows],
            "published_at": pl.Series([r[1] for r in rows], dtype=pl.Datetime("us")),
            "body_chars": [r[2] for r in rows],
            "exact_hash": [r[3] for r in rows],
        }
    )


def _pairs(rows: list[tuple[int, int, float]]) -> pl.DataFrame:
    return pl.DataFrame(rows, schema=["article_id_a", "article_id_b", "similarity"], orient="row")


def test_canonical_priority_earliest_then_longest_then_lowest_id() -> None:
    pairs = _pairs([(1, 2, 0.9), (2, 3, 0.8), (10, 11, 0.7), (11, 12, 0.7), (20, 21, 1.0)])
    arts = _articles(
        [
            (1, d(2), 100, "x"),
            (2, d(1), 90, "y"),  # earliest wins over longer
            (3, None, 500, "z"),  # unknown time ranks last
            (10, d(5), 100, "p"),
            (11, d(5), 300, "q"),  # same time: longest body wins
            (12, d(5), 200, "r"),
            (20, d(7), 100, "s"),
            (21, d(7), 100, "s"),  # full tie: lowest id wins; equal hashes -> exact
        ]
    )
    out = cluster_duplicates(arts, pairs)
    got = {r[0]: r[1:] for r in out.rows()}
    assert got == {
        1: (2, "near", 0.9),
        3: (2, "near", 0.8),
        10: (11, "near", 0.7),
        12: (11, "near", 0.7),
        21: (20, "exact", 1.0),
    }


def test_existing_canonical_stays_fixed() -> None:
    pairs = _pairs([(5, 6, 0.95)])
    arts = _articles([(5, d(3), 100, "a"), (6, d(1), 900, "b")])  # 6 would win on its own
    existing = pl.DataFrame({"article_id": [5], "canonical_article_id": [4]})  # 5 -> 4 from an earlier night
    out = cluster_duplicates(arts, pairs, existing)
    assert out.rows() == [(6, 4, "near", 0.95)]  # 5 keeps its row (not re-emitted), 6 joins canonical 4


def test_incremental_night_against_stored_keys() -> None:
    s = DedupSettings()
    night1 = frame([(1, PARA_A, d(5)), (2, PARA_A.replace("서울시는", "서울시가"), d(6)), (3, PARA_B, d(6))])
    r1 = find_duplicates(night1, s)
    assert r1.duplicates.rows() == [(2, 1, "near", pytest.approx(r1.duplicates["similarity"][0]))]
    stored_articles = night1

    # night 2: an earlier-published copy of article 2 arrives; the canonical chosen on night 1 stays
    night2 = frame(
        [
            (10, PARA_A.replace("서울시는", "서울시가").replace("120대를", "100대를"), d(1)),
            (11, PARA_B + " 끝", d(7)),
        ]
    )
    asked: list[list[int]] = []

    def lookup(keys: pl.DataFrame) -> pl.DataFrame:
        assert set(keys.columns) == {"band", "band_hash"}
        return r1.band_keys.join(keys, on=["band", "band_hash"], how="semi")

    def load(ids: pl.Series) -> pl.DataFrame:
        asked.append(sorted(ids.to_list()))
        return stored_articles.filter(pl.col("article_id").is_in(ids.implode()))

    r2 = find_duplicates(
        night2,
        s,
        stored_bands=lookup,
        stored_articles=load,
        existing=r1.duplicates.select("article_id", "canonical_article_id"),
    )
    got = {r[0]: r[1:3] for r in r2.duplicates.rows()}
    assert got == {10: (1, "near"), 11: (3, "near")}
    assert asked == [[1, 2, 3]]
    assert set(r2.pairs["source"]) == {"stored"}
    # the same night with the whole stored key table instead of a lookup gives the same rows
    r3 = find_duplicates(
        night2,
        s,
        stored_bands=r1.band_keys,
        stored_articles=stored_articles,
        existing=r1.duplicates.select("article_id", "canonical_article_id"),
    )
    assert r3.duplicates.equals(r2.duplicates)


SENTENCES = [
    "국토교통부는 내년부터 수도권 광역버스 노선을 20개 늘리기로 했다.",
    "출퇴근 시간대 배차 간격은 평균 15분에서 10분으로 줄어든다.",
    "신설 노선은 경기 남부와 인천 서북부 신도시에 집중된다.",
    "정부는 이를 위해 올해 추경에서 예산 300억원을 확보했다.",
    "버스 업계는 운전기사 부족이 가장 큰 걸림돌이라고 지적했다.",
    "국토부는 기사 양성 과정을 확대하고 처우 개선을 지원할 계획이다.",
    "전문가들은 철도망 확충이 늦어지는 지역에 효과가 클 것으로 봤다.",
    "일부 지자체는 차고지 부지 확보에 어려움을 겪고 있다고 밝혔다.",
    "요금은 현행 광역버스 기본요금 3000원이 그대로 유지된다.",
    "시범 운행은 내년 3월부터 여섯 개 노선에서 먼저 시작된다.",
    "이용객 만족도 조사는 운행 석 달 뒤에 실시할 예정이다.",
    "정부는 결과를 바탕으로 노선 조정 여부를 결정하기로 했다.",
    "한편 서울시는 도심 진입 버스의 정류장 혼잡 대책을 따로 마련한다.",
    "시는 명동과 광화문 일대 정류장을 분산 배치하는 방안을 검토 중이다.",
]


def test_no_chaining_through_an_intermediate_article() -> None:
    a = " ".join(SENTENCES[0:10])
    b = " ".join(SENTENCES[1:11])  # shares 9 of 11 sentences with a
    c = " ".join(SENTENCES[2:12])  # shares 9 of 11 with b, but only 8 of 12 with a
    sets = shingle_sets([a, b, c])
    v = verify_candidates(pl.DataFrame({"a": [0, 1, 0], "b": [1, 2, 2]}), sets)
    assert v["accepted"].to_list() == [True, True, False]
    res = find_duplicates(frame([(1, a, d(1)), (2, b, d(2)), (3, c, d(3))]))
    assert [r[:2] for r in res.duplicates.rows()] == [(2, 1)]  # c is not a duplicate of a


def test_stored_article_stays_canonical_over_a_better_ranked_new_copy() -> None:
    """A stored article nobody copied is already its story's canonical: a longer, earlier new copy joins it."""
    s = DedupSettings()
    night1 = frame([(1, PARA_A, d(5))])
    r1 = find_duplicates(night1, s)
    night2 = frame([(2, PARA_A + " 시는 추가 대책도 내놓을 예정이다.", d(1))])
    r2 = find_duplicates(night2, s, stored_bands=r1.band_keys, stored_articles=night1)
    assert [r[:3] for r in r2.duplicates.rows()] == [(2, 1, "near")]
