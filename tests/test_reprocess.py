"""`newsetl reprocess --stage entities`: stored articles' entity facts re-derived with the current code equal a fresh
build's, also over a warehouse written by older code, also after a reprocess killed half-way, and twice in a row."""

from __future__ import annotations

import importlib.util
import shutil
from datetime import date

import duckdb
import pytest

from tests.conftest import LANDING, ROOT, SEED

pytestmark = pytest.mark.slow
NIGHT1, NIGHT2 = date(2024, 1, 12), date(2024, 1, 13)
FACTS = ("fct_mention", "fct_person_role_observation", "fct_date_mention")

_spec = importlib.util.spec_from_file_location("compare_warehouses", ROOT / "bench" / "compare_warehouses.py")
compare_warehouses = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(compare_warehouses)


def same_tables(a, b) -> bool:
    """Every table equal, clock columns and extractor_version left out (bench/compare_warehouses.py)."""
    return compare_warehouses.compare(a, b, compare_warehouses.VOLATILE, show=5) == 0


@pytest.fixture(scope="module")
def fresh(tmp_path_factory, prefect_harness, monkeypatch_module):
    """A warehouse built by two nightly runs (the sample, then an edited copy of the seed), as a fresh build."""
    from flows.nightly import nightly

    root = tmp_path_factory.mktemp("reprocess")
    monkeypatch_module.setenv("NEWSETL_RUNS_DIR", str(root / "runs"))
    monkeypatch_module.setenv("NEWSETL_WORKERS", "1")
    warehouse = root / "fresh.duckdb"
    nightly(str(LANDING), str(warehouse), NIGHT1)
    night2 = root / "landing2"
    shutil.copytree(LANDING, night2)
    edited = (
        SEED.read_text(encoding="utf-8").replace("오세훈 서울시장", "오세훈 시장", 1)
        + "\n김철수 교수는 말했다.\n"
    )
    (night2 / "seed_edited.txt").write_text(edited, encoding="utf-8")
    nightly(str(night2), str(warehouse), NIGHT2)
    return warehouse


def test_reprocess_with_the_same_code_changes_nothing_but_the_version(fresh, tmp_path):
    from flows.reprocess import reprocess
    from flows.settings import Settings
    from flows.stages.entities import extractor_version

    copy = tmp_path / "w.duckdb"
    shutil.copyfile(fresh, copy)
    counts = reprocess("entities", warehouse=str(copy))
    assert counts["articles"] == 15 and counts["runs_replayed"] == 2 and counts["checks_failed"] == 0
    assert same_tables(fresh, copy)
    version = extractor_version(str(Settings().seeds_dir), Settings().tagger)
    con = duckdb.connect(str(copy), read_only=True)
    try:
        for table in (*FACTS, "fct_quote"):
            rows = con.execute(f"select extractor_version, count(*) from {table} group by 1").fetchall()  # noqa: S608
            assert [v for v, _ in rows] == [version], table
    finally:
        con.close()
    reprocess("entities", warehouse=str(copy))  # idempotent
    assert same_tables(fresh, copy)
    assert not list(
        (Settings().runs_dir / "reprocess").glob("entities-*")
    )  # the job folder goes once published


def make_older(path) -> None:
    """Rewrite the entity facts as older code might have left them (without the extractor_version and proposed_by
    columns, and without quotations: fct_quote came later)."""
    con = duckdb.connect(str(path))
    try:
        first, second = [
            k for (k,) in con.execute("select article_key from dim_article order by 1 limit 2").fetchall()
        ]
        con.execute("delete from fct_mention where article_key = ?", [first])
        con.execute("insert into dim_entity values (42, 'ORG', '옛날 규칙이 만든 기관', 'old-run', null)")
        con.execute("insert into dim_entity_alias values (42, '옛기관')")
        con.execute("insert into fct_mention values (?, 42, '옛기관', 0, 3, 'full', null, null)", [second])
        con.execute(
            "update fct_person_role_observation set role = role || '(옛)' where article_key = ?", [second]
        )
        con.execute("delete from fct_date_mention where article_key = ?", [second])
        con.execute("update fct_article set mention_count = 0")
        con.execute("delete from dim_person_role where is_current")
        for table in FACTS:
            con.execute(f"alter table {table} drop column extractor_version")  # noqa: S608
        con.execute("drop view v_quote")  # older code had no quotations: reprocess derives them
        con.execute("drop table fct_quote")
        con.execute("drop view v_entity_evidence")  # older code had no evidence view either
        con.execute("drop macro table entity_evidence")
        con.execute("alter table fct_mention drop column proposed_by")
        con.execute("checkpoint")
    finally:
        con.close()


def test_reprocess_restores_a_warehouse_made_by_older_code(fresh, tmp_path):
    from flows.reprocess import reprocess

    copy = tmp_path / "old.duckdb"
    shutil.copyfile(fresh, copy)
    make_older(copy)
    assert not same_tables(fresh, copy)
    reprocess("entities", warehouse=str(copy))
    assert same_tables(fresh, copy)


def test_reprocess_of_a_date_range_touches_only_that_range(fresh, tmp_path):
    from flows.reprocess import reprocess

    copy = tmp_path / "old.duckdb"
    shutil.copyfile(fresh, copy)
    con = duckdb.connect(str(copy))
    con.execute("delete from fct_date_mention")
    con.close()
    counts = reprocess("entities", date_from=NIGHT2, date_to=NIGHT2, warehouse=str(copy))
    assert counts["articles"] == 1 and counts["runs_replayed"] == 1
    con = duckdb.connect(str(copy), read_only=True)
    try:
        dated = con.execute(
            "select distinct f.date_key from fct_date_mention join fct_article f using (article_key)"
        )
        assert dated.fetchall() == [(NIGHT2,)]
    finally:
        con.close()


def test_reprocess_killed_half_way_resumes_and_equals_a_fresh_build(fresh, tmp_path, monkeypatch):
    from flows import reprocess as module
    from flows.stages import entities

    copy = tmp_path / "old.duckdb"
    shutil.copyfile(fresh, copy)
    make_older(copy)
    before = copy.read_bytes()
    monkeypatch.setattr(
        module, "REPROCESS_PARTITION_ROWS", 4
    )  # night 1: 14 articles, 4 partitions; night 2: 1
    extracted = []
    real = entities.entity_frames

    def dies_on_the_third(*args, **kwargs):
        if len(extracted) == 2:
            raise RuntimeError("killed")
        extracted.append(1)
        return real(*args, **kwargs)

    monkeypatch.setattr(entities, "entity_frames", dies_on_the_third)
    with pytest.raises(RuntimeError, match="killed"):
        module.reprocess("entities", warehouse=str(copy))
    assert copy.read_bytes() == before  # nothing published
    monkeypatch.setattr(entities, "entity_frames", lambda *a, **k: extracted.append(1) or real(*a, **k))
    counts = module.reprocess("entities", warehouse=str(copy))
    assert counts["partitions"] == 5 and counts["partitions_resumed"] == 2
    assert len(extracted) == 5  # two partitions before the kill, the other three after
    assert same_tables(fresh, copy)
