from datetime import date

import polars as pl
import pytest

from transforms.ingest.boilerplate import (
    BoilerplateSettings,
    count_publisher_lines,
    learned_boilerplate,
    remove_boilerplate,
)
from warehouse import db

FOOTER = "▶ 한경 구독하기 · 네이버에서 한국경제 채널 추가"


def _articles(bodies: list[str], publisher: int = 10) -> pl.DataFrame:
    n = len(bodies)
    return pl.DataFrame(
        {
            "article_key": list(range(1, n + 1)),
            "publisher_key": [publisher] * n,
            "body_text": bodies,
            "paragraph_count": [b.count("\n") + 1 for b in bodies],
            "removed_boilerplate_lines": [0] * n,
            "removed_char_count": [0] * n,
            "content_hash": ["h"] * n,
        },
        schema_overrides={"paragraph_count": pl.Int32, "removed_boilerplate_lines": pl.Int32},
    )


def test_lines_in_a_large_share_of_a_publishers_articles_are_learned():
    counts = pl.DataFrame(
        {"publisher_key": [10, 10, 20], "line": [FOOTER, "본문", FOOTER], "article_count": [30, 25, 30]}
    )
    totals = pl.DataFrame({"publisher_key": [10, 20], "articles": [40, 1000]})
    learned = learned_boilerplate(counts, totals, BoilerplateSettings(min_articles=20, min_share=0.7))
    assert learned.rows() == [(10, FOOTER)]  # 25/40 < 0.7 for 본문; 30/1000 for publisher 20


def test_removal_counts_and_rehashes_only_changed_articles():
    articles = _articles(
        [f"기사 {i} 본문 문장이다.\n{FOOTER}" for i in range(3)] + ["푸터 없는 기사 본문이다."]
    )
    counts = count_publisher_lines(articles)
    assert counts.filter(pl.col("line") == FOOTER)["article_count"].to_list() == [3]
    cleaned = remove_boilerplate(articles, pl.DataFrame({"publisher_key": [10], "line": [FOOTER]}))
    assert FOOTER not in "".join(cleaned["body_text"].to_list())
    assert cleaned["removed_boilerplate_lines"].to_list() == [1, 1, 1, 0]
    assert cleaned["content_hash"].to_list()[3] == "h" and cleaned["content_hash"].to_list()[0] != "h"
    assert cleaned["paragraph_count"].to_list() == [1, 1, 1, 1]


@pytest.mark.slow
def test_boilerplate_learned_on_one_night_is_removed_the_next(prefect_harness, tmp_path, monkeypatch):
    from flows.nightly import nightly

    monkeypatch.setenv("NEWSETL_RUNS_DIR", str(tmp_path / "runs"))
    night = tmp_path / "landing"
    night.mkdir()
    for i in range(25):
        body = f"서울 {i}번째 소식입니다. 시는 {i + 3}일 새로운 정책을 발표했다고 밝혔다."
        (night / f"a{i:02d}.txt").write_text(
            f"제목 {i}\n{body}\n{FOOTER}\n홍길동 기자 hong@hankyung.com\n", "utf-8"
        )
    warehouse = tmp_path / "news.duckdb"
    nightly(str(night), str(warehouse), date(2024, 1, 9))
    assert db.read_state(
        warehouse, "select count(*) from dim_article where body_text like '%한경 구독하기%'"
    ) == [(25,)]
    (night / "b.txt").write_text(
        f"새 제목\n다음 날의 새 소식이 이어지는 본문 문장이다.\n{FOOTER}\n홍길동 기자 hong@hankyung.com\n",
        "utf-8",
    )
    nightly(str(night), str(warehouse), date(2024, 1, 10))
    row = db.read_state(
        warehouse, "select body_text, removed_boilerplate_lines from dim_article where source_file = 'b.txt'"
    )[0]
    assert FOOTER not in row[0] and row[1] >= 1
