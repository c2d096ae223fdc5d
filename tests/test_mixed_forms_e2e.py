"""`newsetl`'s nightly flow over a landing folder that mixes every raw form (real files from ../shared/corpora)
with broken ones: every article loaded once, every bad file rejected with its reason, counts reconciled, a re-run
processes nothing new, and an edited file re-versions its articles instead of duplicating them."""

from __future__ import annotations

import gzip
import json
import shutil
from datetime import date
from pathlib import Path

import pytest

from tests.conftest import SEED
from warehouse import db

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def mixed_landing(corpora, tmp_path_factory) -> Path:
    landing = tmp_path_factory.mktemp("mixed") / "landing"
    (landing / "feeds").mkdir(parents=True)
    shutil.copyfile(SEED, landing / "seed article.txt")
    rss = corpora / "ko_news_rss_gitscrape"
    lines = (rss / "chosun_national_2024-06.jsonl").read_text(encoding="utf-8").splitlines()[:30]
    (landing / "chosun.jsonl").write_text("\n".join(lines) + "\n", encoding="utf-8")
    for name in sorted(p.name for p in (rss / "raw_feed_snapshots").iterdir())[:2]:  # 99 items re-scraped
        shutil.copyfile(rss / "raw_feed_snapshots" / name, landing / "feeds" / name)
    shutil.copyfile(
        rss / "raw_feed_snapshots" / "lawtimes_news_20240612T013459Z_5bce2f23ee.xml",
        landing / "feeds" / "lawtimes.xml",
    )
    for page in sorted((corpora / "html_article_extraction_benchmark" / "html").iterdir())[:2]:
        shutil.copyfile(page, landing / page.name)
    leads = json.loads((corpora / "ko_news_leads_ktitan" / "kr_articles_2025-08-12.json").read_text("utf-8"))[
        :40
    ]
    (landing / "leads.json").write_text(json.dumps(leads, ensure_ascii=False), encoding="utf-8")
    naver = corpora / "ko_news_naver_2018_soynlp" / "naver_news_2018-02-25_concatenated.txt"
    (landing / "naver.txt.gz").write_bytes(gzip.compress(naver.read_bytes(), mtime=0))
    # Broken inputs, each with the reason it must be rejected for.
    (landing / "empty.txt").write_bytes(b"")
    (landing / "truncated.txt.gz").write_bytes(gzip.compress(SEED.read_bytes())[:200])
    (landing / "broken.json").write_text('{"title": "제목", "body": "본문', encoding="utf-8")
    (landing / "image.txt").write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 20)
    return landing


EXPECTED_REJECTS = {
    "empty.txt": "empty",
    "truncated.txt.gz": "corrupt_gzip",
    "broken.json": "invalid_json",
    "image.txt": "binary",
}


def test_mixed_forms_load_once_reject_bad_and_rerun_is_a_no_op(
    prefect_harness, mixed_landing, tmp_path, monkeypatch
):
    from flows.nightly import nightly

    monkeypatch.setenv("NEWSETL_RUNS_DIR", str(tmp_path / "runs"))
    warehouse = tmp_path / "news.duckdb"
    first = nightly(str(mixed_landing), str(warehouse), date(2024, 6, 12))
    assert first["files_seen"] == first["files_loaded"] + first["files_rejected"] + first["files_unchanged"]
    assert first["checks_failed"] == 0
    rejects = dict(
        db.read_state(warehouse, "select source_file, reason from ingest_rejects where source_record is null")
    )
    assert {k: rejects.get(k) for k in EXPECTED_REJECTS} == EXPECTED_REJECTS
    forms = dict(db.read_state(warehouse, "select source_form, count(*) from dim_article group by 1"))
    assert {"text", "text_concat", "html", "json", "jsonl", "rss"} <= set(forms)
    assert forms["text_concat"] >= 140
    stored = db.read_state(
        warehouse, "select count(*), count(distinct (source_file, source_record)) from dim_article"
    )[0]
    assert stored[0] == stored[1] == first["records_loaded"]
    # The two Chosun feed snapshots share 99 items: the second copies are flagged, not dropped.
    copies = db.read_state(
        warehouse,
        "select count(*) from fct_article_duplicate d join dim_article a "
        "using (article_key) where a.source_file like 'feeds/chosun%'",
    )[0][0]
    assert copies >= 80

    again = nightly(str(mixed_landing), str(warehouse), date(2024, 6, 13))
    assert again["records_loaded"] == 0 and again["files_unchanged"] == again["files_seen"] - 0

    # An edited export: its changed record gets a new version, not a second article.
    path = mixed_landing / "chosun.jsonl"
    rows = path.read_text(encoding="utf-8").splitlines()
    index = next(i for i, row in enumerate(rows) if len(json.loads(row)["content_html"] or "") > 500)
    edited = json.loads(rows[index])
    edited["content_html"] += "<br><br>이 기사는 발행 후 한 문장이 추가되어 수정되었습니다."
    rows[index] = json.dumps(edited, ensure_ascii=False)
    path.write_text("\n".join(rows) + "\n", encoding="utf-8")
    third = nightly(str(mixed_landing), str(warehouse), date(2024, 6, 14))
    assert third["files_loaded"] == 1 and third["checks_failed"] == 0
    assert db.read_state(warehouse, "select count(*) from dim_article")[0][0] == stored[0]
    versions = db.read_state(
        warehouse,
        "select count(*) from fct_article_version v join dim_article a "
        "using (article_key) where a.source_file = 'chosun.jsonl' "
        "group by article_key having count(*) > 1",
    )
    assert versions == [(2,)]
    # Only the edited record carries the new run; its unchanged neighbours keep theirs.
    runs = db.read_state(
        warehouse, "select count(distinct run_id) from dim_article where source_file = 'chosun.jsonl'"
    )
    assert runs == [(2,)]
