"""The nightly report (flows/report.py, flows/report_html.py, warehouse/report/*.sql): on a warehouse the nightly flow
built from the bundled sample, its numbers are the warehouse's, the page is self-contained, and the most-quoted
section appears only once quotations exist."""

from __future__ import annotations

import re
import shutil
from datetime import date
from html import unescape

import duckdb
import pytest

from flows.report import SECTIONS, NoRunError, read_night, write_report
from flows.report_html import bars, sparkline
from tests.conftest import LANDING

NIGHT = date(2024, 1, 9)


def test_sparkline_scales_to_the_largest_day_and_marks_the_last():
    svg = sparkline([0, 2, 4])
    points = re.search(r'points="([^"]+)"', svg).group(1).split()
    ys = [float(p.split(",")[1]) for p in points]
    assert ys[0] > ys[1] > ys[2]  # higher counts draw higher (smaller y)
    assert "0, 2, 4" in svg and "<circle" in svg
    assert sparkline([]) == ""


def test_bars_are_proportional_and_escaped():
    svg = bars(["<a>", "b"], [10, 5], width=360)
    widths = [float(w) for w in re.findall(r'<rect class="bar" x="\d+" y="[\d.]+" width="([\d.]+)"', svg)]
    assert widths[0] == pytest.approx(2 * widths[1])
    assert "&lt;a&gt;" in svg and "<a>" not in svg


@pytest.fixture(scope="module")
def warehouse(prefect_harness, tmp_path_factory, monkeypatch_module):
    from flows.nightly import nightly

    root = tmp_path_factory.mktemp("report")
    monkeypatch_module.setenv("NEWSETL_RUNS_DIR", str(root / "runs"))
    monkeypatch_module.setenv("NEWSETL_REPORTS_DIR", str(root / "reports"))
    monkeypatch_module.setenv("NEWSETL_TAGGER", "none")
    nightly(str(LANDING), str(root / "news.duckdb"), NIGHT)
    return root / "news.duckdb"


@pytest.mark.slow
def test_the_nightly_flow_writes_the_report(warehouse):
    html = (warehouse.parent / "reports" / f"{NIGHT.isoformat()}.html").read_text(encoding="utf-8")
    assert f"the night of {NIGHT.isoformat()}" in html


@pytest.mark.slow
def test_headline_numbers_are_the_warehouses(warehouse, tmp_path):
    html = write_report(warehouse, NIGHT, tmp_path).read_text(encoding="utf-8")
    shown = {k: int(v.replace(",", "")) for k, v in re.findall(r'data-measure="(\w+)">([\d,]+)<', html)}
    con = duckdb.connect(str(warehouse), read_only=True)
    run_id = con.execute("select run_id from etl_run where run_date = ?", [NIGHT]).fetchone()[0]
    expected = con.execute(
        """
        select count(*), count(distinct coalesce(d.canonical_article_key, a.article_key)),
               (select count(*) from fct_article_duplicate where run_id = $r),
               (select count(*) from ingest_rejects where run_id = $r),
               (select files_seen from etl_run where run_id = $r)
        from dim_article as a left join fct_article_duplicate as d using (article_key)
        where a.run_id = $r
        """,
        {"r": run_id},
    ).fetchone()
    con.close()
    assert (shown["articles"], shown["stories"], shown["copies"], shown["rejects"], shown["files_seen"]) == (
        expected
    )
    assert shown["articles"] == 14 and shown["copies"] >= 1  # the sample holds an exact and a near copy


@pytest.mark.slow
def test_the_page_is_self_contained_and_shows_its_sql(warehouse, tmp_path):
    html = write_report(warehouse, NIGHT, tmp_path).read_text(encoding="utf-8")
    assert not re.search(r"""(src|href)\s*=\s*["']?(https?:)?//""", html, re.I)
    assert "<script" not in html and "@import" not in html and "url(" not in html
    assert "Noto Sans CJK KR" in html
    assert html.count("<summary>SQL</summary>") == len(SECTIONS)  # fct_quote exists: every section shows
    for section in SECTIONS:
        assert f">{section.title}<".replace("'", "&#x27;") in html
    assert "<svg" in html and 'class="trend"' in html


@pytest.mark.slow
def test_each_section_answers_about_tonight(warehouse):
    night = read_night(warehouse, NIGHT)
    people = [r for r in night.answers["05_top_entities"].rows if r[0] == "PERSON"]
    assert people and all(len(r[-1]) == 14 and r[-1][-1] >= 1 for r in people)
    publishers = night.answers["04_articles_by_publisher"].rows
    assert sum(r[1] for r in publishers) == night.headline()["articles"]
    methods = {r[0] for r in night.answers["03_copies_by_method"].rows}
    assert methods <= {"exact", "near"} and methods


@pytest.mark.slow
def test_most_quoted_speakers_are_tonights_and_absent_without_quotations(warehouse, tmp_path):
    night = read_night(warehouse, NIGHT)
    con = duckdb.connect(str(warehouse), read_only=True)
    expected = con.execute(
        "select e.canonical_name, count(*) from fct_quote as q join dim_entity as e "
        "on e.entity_key = q.speaker_entity_key join dim_article as a on a.article_key = q.article_key "
        "where a.run_id = (select max(run_id) from etl_run where run_date = ?) group by 1 order by 2 desc, 1 limit 10",
        [NIGHT],
    ).fetchall()
    con.close()
    assert expected and [r[:2] for r in night.answers["08_most_quoted"].rows] == expected
    html = unescape(write_report(warehouse, NIGHT, tmp_path / "out").read_text(encoding="utf-8"))
    assert "Most-quoted speakers" in html and expected[0][0] in html
    # a warehouse from before quotations (no fct_quote table) shows the other sections only
    copy = tmp_path / "old.duckdb"
    shutil.copyfile(warehouse, copy)
    con = duckdb.connect(str(copy))
    con.execute("drop view if exists v_quote")
    con.execute("drop table fct_quote")
    con.close()
    html = write_report(copy, NIGHT, tmp_path / "old").read_text(encoding="utf-8")
    assert "Most-quoted speakers" not in html
    assert html.count("<summary>SQL</summary>") == len([s for s in SECTIONS if s.needs_table is None])


@pytest.mark.slow
def test_a_night_without_a_run_is_refused(warehouse, tmp_path):
    with pytest.raises(NoRunError):
        read_night(warehouse, date(2020, 1, 1))
    with pytest.raises(NoRunError):
        read_night(tmp_path / "absent.duckdb")


def test_stage_runs_default_to_the_latest_night_with_the_previous_stage(tmp_path):
    from flows.cache import latest_night

    for night, manifests in {"2024-01-08": ["ingest", "entities"], "2024-01-09": ["ingest"]}.items():
        folder = tmp_path / night
        folder.mkdir()
        for m in manifests:
            (folder / f"{m}.json").write_text("{}")
    (tmp_path / "notes").mkdir()
    (tmp_path / "2024-13-99").mkdir()  # not a date: ignored
    assert latest_night(tmp_path, "ingest") == date(2024, 1, 9)  # dedup and entities re-run the latest night
    assert latest_night(tmp_path, "entities") == date(2024, 1, 8)  # load: the latest night with entities
    assert latest_night(tmp_path, None) == date(2024, 1, 9)
    assert latest_night(tmp_path / "absent", None) is None


def test_a_stage_without_a_night_says_so(tmp_path, monkeypatch):
    from flows.cache import resolve_run_date
    from flows.settings import Settings

    monkeypatch.setenv("NEWSETL_RUNS_DIR", str(tmp_path))
    with pytest.raises(FileNotFoundError, match="give run_date"):
        resolve_run_date(None, "load", Settings())
    assert resolve_run_date(NIGHT, "load", Settings()) == NIGHT
    assert isinstance(resolve_run_date(None, "ingest", Settings()), date)  # ingest: today in Seoul


def test_stage_deployments_need_no_parameter():
    from flows.deployments import build_deployments

    for deployment in build_deployments():
        schema = deployment._parameter_openapi_schema
        assert not schema.required, (deployment.name, schema.required)  # Quick run starts every one
