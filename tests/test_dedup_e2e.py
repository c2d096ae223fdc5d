"""Dedup through the nightly flow on real revisions and re-scrapes (../shared/corpora/ko_news_rss_gitscrape)."""

from __future__ import annotations

import json
import shutil
from datetime import date

import pytest

from warehouse import db

pytestmark = pytest.mark.slow


def test_revisions_and_rescrapes_point_into_earlier_nights(corpora, prefect_harness, tmp_path, monkeypatch):
    from flows.nightly import nightly

    monkeypatch.setenv("NEWSETL_RUNS_DIR", str(tmp_path / "runs"))
    rows = [
        json.loads(line)
        for line in (corpora / "ko_news_rss_gitscrape" / "chosun_national_2024-06.jsonl").open()
    ]
    revised = {r["guid"] for r in rows if r["n_revisions"] >= 2}
    night1, night2 = tmp_path / "night1", tmp_path / "night2"
    night1.mkdir()
    article_no = {guid: i for i, guid in enumerate(sorted(revised))}
    for row in (r for r in rows if r["guid"] in revised):
        i = article_no[row["guid"]]
        # Only the text decides: guid and link are dropped from what the pipeline sees.
        record = {k: row[k] for k in ("title", "creator", "pubDate", "content_html")}
        (night1 / f"{i:03d}_{row['revision']}.json").write_text(
            json.dumps(record, ensure_ascii=False), "utf-8"
        )
    shutil.copytree(night1, night2)
    for path in night1.glob("*_[2-9].json"):  # later revisions only arrive the next night
        path.unlink()
    warehouse = tmp_path / "news.duckdb"
    first = nightly(str(night1), str(warehouse), date(2024, 6, 20))
    second = nightly(str(night2), str(warehouse), date(2024, 6, 21))
    assert second["files_unchanged"] == first["files_seen"]
    found = db.read_state(
        warehouse,
        "select a.source_file, c.source_file, d.method from fct_article_duplicate d "
        "join dim_article a using (article_key) join dim_article c on c.article_key = d.canonical_article_key "
        "where a.source_file not like '%\\_1.json' escape '\\'",
    )
    later = len(list(night2.glob("*_[2-9].json")))
    # Every later revision with text points at the first version of its own article (same file prefix).
    assert len(found) >= later - 3  # 3 revisions have an empty or near-empty body in the source
    assert all(
        copy.split("_")[0] == canonical.split("_")[0] and canonical.endswith("_1.json")
        for copy, canonical, _ in found
    )

    # A second night of re-scrapes: the next feed snapshot repeats 99 items of the first.
    feeds = sorted((corpora / "ko_news_rss_gitscrape" / "raw_feed_snapshots").glob("chosun_*.xml"))
    rescrape1, rescrape2 = tmp_path / "feed1", tmp_path / "feed2"
    rescrape1.mkdir()
    shutil.copyfile(feeds[0], rescrape1 / "chosun.xml")
    shutil.copytree(rescrape1, rescrape2)
    shutil.copyfile(feeds[1], rescrape2 / "chosun_later.xml")
    feed_wh = tmp_path / "feeds.duckdb"
    nightly(str(rescrape1), str(feed_wh), date(2024, 6, 12))
    nightly(str(rescrape2), str(feed_wh), date(2024, 6, 13))
    into_first = db.read_state(
        feed_wh,
        "select count(*) from fct_article_duplicate d join dim_article a using (article_key) "
        "join dim_article c on c.article_key = d.canonical_article_key "
        "where a.source_file = 'chosun_later.xml' and c.source_file = 'chosun.xml'",
    )[0][0]
    assert into_first >= 85  # 99 shared items; image-only items have no text to compare
