"""End-to-end: the nightly flow on the bundled sample, under one Prefect test harness."""

from __future__ import annotations

import shutil
import subprocess
import sys
from datetime import date, timedelta
from pathlib import Path

import duckdb
import pytest

from tests.conftest import LANDING, SEED
from warehouse import db

pytestmark = pytest.mark.slow
# Analyst queries say "this week"; the sample has no publish dates, so articles take the run date.
TODAY = date.today()

TABLES = (
    "dim_article",
    "dim_publisher",
    "dim_reporter",
    "bridge_article_reporter",
    "dim_entity",
    "dim_entity_alias",
    "dim_person_role",
    "fct_mention",
    "fct_article_duplicate",
    "dim_date",
    "fct_article",
    "fct_person_role_observation",
)

SEED_PEOPLE_QUERY = """
select e.canonical_name as person,
       string_agg(distinct r.role, ', ' order by r.role) as roles,
       count(distinct (m.start_char, m.mention_kind)) as mentions,
       count(distinct m.start_char) filter (where m.mention_kind = 'short') as short_forms
from fct_mention as m
join dim_article as a using (article_key)
join dim_entity as e using (entity_key)
left join dim_person_role as r using (entity_key)
where a.source_file = '000_b16488920c083763.txt' and e.entity_type = 'PERSON'
group by e.canonical_name
order by e.canonical_name
"""


def table_checksums(path: Path) -> dict[str, tuple]:
    con = duckdb.connect(str(path), read_only=True)
    try:
        out = {}
        for table in TABLES:
            cols = [c for c in con.table(table).columns if c not in {"ingested_at", "rejected_at"}]
            out[table] = con.execute(
                f"select count(*), sum(hash({', '.join(cols)})) from {table}"  # noqa: S608 (fixed names)
            ).fetchone()
        return out
    finally:
        con.close()


@pytest.fixture(scope="module")
def built(tmp_path_factory, prefect_harness, monkeypatch_module):
    from flows.nightly import nightly

    root = tmp_path_factory.mktemp("e2e")
    monkeypatch_module.setenv("NEWSETL_RUNS_DIR", str(root / "runs"))
    warehouse = root / "news.duckdb"
    summary = nightly(str(LANDING), str(warehouse), TODAY)
    return warehouse, summary, root


@pytest.fixture(scope="module")
def monkeypatch_module():
    mp = pytest.MonkeyPatch()
    yield mp
    mp.undo()


def test_summary_reconciles(built):
    _, summary, _ = built
    assert (
        summary["files_seen"]
        == summary["files_loaded"] + summary["files_rejected"] + summary["files_unchanged"]
    )
    assert summary["records_loaded"] == 14
    assert summary["duplicates_exact"] == 1  # rescrape_chosun_01.txt
    assert summary["duplicates_near"] == 1  # chosun_12_r2.txt, an edited revision of chosun_11_r1.txt
    assert summary["checks_failed"] == 0


def test_seed_people_roles_and_short_forms(built):
    warehouse, _, _ = built
    rows = {r[0]: r[1:] for r in db.read_state(warehouse, SEED_PEOPLE_QUERY)}
    assert len(rows) == 16  # fifteen named in the body + the reporter from the byline
    assert rows["오세훈"] == (
        "서울시장",
        3,
        2,
    )  # one full mention, 오 시장 twice; not doubled by the repeated body
    assert rows["정문헌"][0] == "구청장협의회장, 종로구청장"
    assert rows["이상은"][0] == "기자"
    assert rows["박준희"][2] == 1 and rows["박일하"][2] == 0


def test_districts_link_to_admin_codes(built):
    warehouse, _, _ = built
    rows = dict(
        db.read_state(
            warehouse, "select canonical_name, admin_code from v_location where admin_code is not null"
        )
    )
    assert rows["서울특별시 은평구"] == "1138000000" and rows["서울특별시 관악구"] == "1162000000"


def test_copies_are_flagged_not_dropped(built):
    warehouse, _, _ = built
    rows = db.read_state(
        warehouse,
        "select a.source_file, c.source_file, d.method from fct_article_duplicate d "
        "join dim_article a using (article_key) join dim_article c on c.article_key = d.canonical_article_key "
        "order by d.method",
    )
    assert len(rows) == 2
    assert sorted(rows[0][:2]) == ["chosun_01_r1.txt", "rescrape_chosun_01.txt"] and rows[0][2] == "exact"
    assert sorted(rows[1][:2]) == ["chosun_11_r1.txt", "chosun_12_r2.txt"] and rows[1][2] == "near"
    assert db.read_state(warehouse, "select count(*) from dim_article")[0][0] == 14


def test_rerun_is_identical_and_second_night_adds(built, tmp_path):
    from flows.nightly import nightly

    warehouse, _, root = built
    copy = tmp_path / "news.duckdb"
    shutil.copyfile(warehouse, copy)
    before = table_checksums(copy)
    again = nightly(str(LANDING), str(copy), TODAY)
    assert again["files_unchanged"] == again["files_seen"] and again["records_loaded"] == 0
    assert table_checksums(copy) == before

    night2 = tmp_path / "landing2"
    shutil.copytree(LANDING, night2)
    (night2 / "seed_copy_next_night.txt").write_bytes(SEED.read_bytes())
    second = nightly(str(night2), str(copy), TODAY + timedelta(days=1))
    assert (
        second["files_unchanged"] == 14 and second["records_loaded"] == 1 and second["duplicates_exact"] == 1
    )
    after = table_checksums(copy)
    assert after["dim_article"][0] == before["dim_article"][0] + 1
    assert after["dim_entity"] == before["dim_entity"]  # a copy brings no new entities


def test_new_dedup_settings_version_rekeys_stored_articles(built, tmp_path, monkeypatch):
    """Keys of one settings version are not comparable with another's: the first night under a new version makes
    keys for every stored article, so an edited copy of a first-night article is still found."""
    from flows.nightly import nightly
    from flows.stages import dedup
    from transforms.dedup import DedupSettings

    warehouse, _, _ = built
    copy = tmp_path / "news.duckdb"
    shutil.copyfile(warehouse, copy)
    old_version = DedupSettings().version
    monkeypatch.setattr(
        dedup, "DedupSettings", lambda: DedupSettings(version="test-next", jaccard_threshold=0.85)
    )
    night2 = tmp_path / "landing2"
    shutil.copytree(LANDING, night2)
    edited = (
        SEED.read_text(encoding="utf-8").replace("오세훈 서울시장", "오세훈 시장", 1)
        + "\n(수정: 직함 표기)\n"
    )
    (night2 / "seed_edited_next_night.txt").write_text(edited, encoding="utf-8")
    second = nightly(str(night2), str(copy), TODAY + timedelta(days=1))
    assert second["records_loaded"] == 1 and second["duplicates_near"] == 1
    con = duckdb.connect(str(copy), read_only=True)
    try:
        assert con.execute(
            "select d.method, c.source_file from fct_article_duplicate d join dim_article a using (article_key) "
            "join dim_article c on c.article_key = d.canonical_article_key "
            "where a.source_file = 'seed_edited_next_night.txt'"
        ).fetchall() == [("near", "000_b16488920c083763.txt")]
        missing = con.execute(
            "select count(distinct article_key) from dedup_band_key as o where settings_version = ? "
            "and article_key not in (select article_key from dedup_band_key where settings_version = 'test-next')",
            [old_version],
        ).fetchone()[0]
        versions = {v for (v,) in con.execute("select settings_version from dedup_settings").fetchall()}
    finally:
        con.close()
    assert versions == {old_version, "test-next"}
    assert missing == 0  # every article keyed under the old version has keys under the new one


def test_duckdb_cli_opens_the_warehouse(built):
    warehouse, _, _ = built
    cli = Path(sys.executable).parent / "duckdb"
    if not cli.exists():
        pytest.skip("duckdb CLI not installed")
    out = subprocess.run(
        [
            str(cli),
            "-readonly",
            str(warehouse),
            "-csv",
            "-noheader",
            "-c",
            "select e.canonical_name from fct_mention m join dim_entity e using (entity_key) "
            "where m.surface = '오 시장' limit 1",
        ],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert out.returncode == 0, out.stderr
    assert out.stdout.strip().strip('"') == "오세훈"


def analyst_queries() -> dict[str, str]:
    text = (Path(__file__).resolve().parents[1] / "docs" / "analyst_queries.sql").read_text(encoding="utf-8")
    blocks = text.split("-- name: ")[1:]
    return {b.split("\n", 1)[0].strip(): b.split("\n", 1)[1] for b in blocks}


def test_readme_shows_every_analyst_query():
    readme = (Path(__file__).resolve().parents[1] / "README.md").read_text(encoding="utf-8")
    missing = [
        name for name, sql in analyst_queries().items() if f"-- name: {name}\n{sql.strip()}" not in readme
    ]
    assert missing == []


def test_analyst_queries_answer_on_the_sample(built):
    warehouse, _, _ = built
    queries = analyst_queries()
    assert len(queries) == 16
    answers = {name: db.read_state(warehouse, sql) for name, sql in queries.items()}
    assert len(answers["q01_top_people_this_week"]) == 20
    # the sample's people each appear in one story, so the top 20 is a cut of ties: read the whole list
    everyone = db.read_state(warehouse, queries["q01_top_people_this_week"].replace("limit 20", ""))
    top = {row[0]: row[1:] for row in everyone}
    assert top["오세훈"] == ("서울시장", 1)
    assert "이상은" not in top  # the seed's reporter wrote it; a byline is not a mention
    # the affiliation by the organization's canonical name (the alias table's 서울시 -> 서울특별시)
    assert answers["q02_titles_held"][0][1:3] == ("서울시장", "서울특별시")
    assert ("한국경제", "이상은", 1) in answers["q03_reporters_on_an_org"]
    assert "박준희" in {r[0] for r in answers["q04_co_mentioned_people"]}
    assert {r[4] for r in answers["q05_stories_by_outlets"]} == {
        "chosun_01_r1.txt",
        "rescrape_chosun_01.txt",
        "chosun_11_r1.txt",
        "chosun_12_r2.txt",
    }
    assert sum(r[2] for r in answers["q06_articles_per_publisher_per_day"]) == 12  # 14 articles, 2 copies
    about_ces = {(r[0], r[1]) for r in answers["q07_everything_about_an_event"]}
    assert {("PERSON", "오세훈"), ("ORG", "OpenAI"), ("LOCATION", "라스베이거스")} <= about_ces
    assert ("PERSON", "이상은") not in about_ces
    scheduled = answers["q08_scheduled_dates"]
    mlb = next(r for r in scheduled if r[2] == "오는 3월 20~21일")
    assert "MLB 월드투어 서울시리즈" in mlb[4] and "고척돔" in mlb[4]
    assert answers["q09_rejects_last_night"] == []
    assert answers["q10_org_mentions_across_names"] == [("OpenAI", 1, "오픈AI")]
    assert answers["q11_title_changes_this_month"] == []
    assert answers["q12_removed_share_by_publisher"][0][0] == "한국경제"
    # quotations: 박세리's press conference (박씨는 “…”라고 말했다), 재판부 speaking as an organization
    said = answers["q13_what_a_person_said"]
    assert "전혀 무관할 수는 없다" in {r[3] for r in said} and len(said) >= 10
    quoted = [(r[0], r[1]) for r in answers["q14_most_quoted_this_week"]]
    assert quoted[0] == ("PERSON", "박세리") and ("ORG", "재판부") in quoted
    assert "조씨" not in {name for _, name in quoted}  # an unnamed mother of triplets is no named speaker
    assert {"재판부", "공정거래위원회"} <= {r[0] for r in answers["q15_quoted_about_an_org"]}
    assert answers["q16_outlets_quoting_a_person"][0][:2] == ("(unknown)", 1)


def test_nightly_top_speakers_artifact_query(built):
    """The nightly-top-speakers artifact's rows: the night's named speakers by stories, copies counted once."""
    from flows.nightly import TOP_SPEAKERS_SQL

    warehouse, summary, _ = built
    rows = db.read_state(warehouse, TOP_SPEAKERS_SQL, [summary["run_id"]])
    assert rows[0][:3] == ("PERSON", "박세리", 1)
    assert ("ORG", "재판부") in {(t, n) for t, n, _, _ in rows}
    assert all(name is not None for _, name, _, _ in rows)  # anonymous sources are not speakers to rank
