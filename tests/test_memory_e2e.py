"""Memory across nights, end to end: a person night 1 confirms with a title is found bare on night 2 (proposed by the
memory, the same entity), a reprocess of the two nights gives the same tables, and the entities stage's cache follows
the memory it read."""

from __future__ import annotations

import shutil
from datetime import date

import duckdb
import pytest

from tests.test_reprocess import same_tables

pytestmark = pytest.mark.slow
NIGHT1, NIGHT2 = date(2024, 6, 16), date(2024, 7, 1)
TITLED = (
    "정부 조직 개편안 발표\n"
    "표민혁 행정안전부 장관은 16일 정부서울청사에서 조직 개편안을 발표했다.\n"
    '표민혁 장관은 "개편은 올해 안에 마무리된다"고 말했다.\n'
)
BARE = (
    "조직 개편 후속 조치 설명\n"
    "표민혁은 1일 국회에서 열린 간담회에 참석해 후속 조치를 설명했다.\n"
    "간담회에는 여야 의원 10여명이 참석했다.\n"
)


@pytest.fixture(scope="module")
def two_nights(tmp_path_factory, prefect_harness, monkeypatch_module):
    """A warehouse of two nights: the titled article on night 1, the bare one added on night 2. Returns (warehouse,
    night 1 counts, night 2 counts)."""
    from flows.nightly import nightly

    root = tmp_path_factory.mktemp("memory_e2e")
    monkeypatch_module.setenv("NEWSETL_RUNS_DIR", str(root / "runs"))
    monkeypatch_module.setenv("NEWSETL_WORKERS", "1")
    # Rules and memory only: the tagger would find the bare name itself and hide what the memory does.
    monkeypatch_module.setenv("NEWSETL_TAGGER", "none")
    landing = root / "landing"
    landing.mkdir()
    (landing / "titled.txt").write_text(TITLED, encoding="utf-8")
    warehouse = root / "w.duckdb"
    first = nightly(str(landing), str(warehouse), NIGHT1)
    shutil.copyfile(warehouse, root / "after_night_1.duckdb")
    (landing / "bare.txt").write_text(BARE, encoding="utf-8")
    second = nightly(str(landing), str(warehouse), NIGHT2)
    return warehouse, first, second


def mentions_of(warehouse, name: str) -> list[tuple]:
    con = duckdb.connect(str(warehouse), read_only=True)
    try:
        return con.execute(
            "select a.source_file, m.entity_key, m.proposed_by from fct_mention as m "
            "join dim_article as a using (article_key) where m.surface = ? order by a.source_file, m.start_char",
            [name],
        ).fetchall()
    finally:
        con.close()


def test_a_person_titled_on_night_1_is_found_bare_on_night_2(two_nights):
    warehouse, first, second = two_nights
    assert first["names_remembered"] == 0 and first["mentions_remembered"] == 0
    assert second["names_remembered"] >= 1 and second["mentions_remembered"] >= 1
    found = mentions_of(warehouse, "표민혁")
    titled = [(key, by) for source, key, by in found if source == "titled.txt"]
    bare = [(key, by) for source, key, by in found if source == "bare.txt"]
    assert titled and bare == [(titled[0][0], "memory")]  # the same person, proposed by the memory
    assert {by for _, by in titled} <= {"title", "repeat", "role_before_name"}


def test_a_fresh_build_of_the_same_files_in_one_night_remembers_nothing(two_nights, tmp_path, monkeypatch):
    from flows.nightly import nightly

    monkeypatch.setenv("NEWSETL_RUNS_DIR", str(tmp_path / "runs"))  # not the two nights' run folders

    landing = tmp_path / "landing"
    landing.mkdir()
    (landing / "titled.txt").write_text(TITLED, encoding="utf-8")
    (landing / "bare.txt").write_text(BARE, encoding="utf-8")
    counts = nightly(str(landing), str(tmp_path / "one.duckdb"), NIGHT2)
    assert counts["names_remembered"] == 0
    assert [source for source, _, _ in mentions_of(tmp_path / "one.duckdb", "표민혁")] == ["titled.txt"] * 2


def test_reprocess_of_two_nights_equals_the_nightly_build(two_nights, tmp_path):
    from flows.reprocess import reprocess

    warehouse, _, _ = two_nights
    copy = tmp_path / "w.duckdb"
    shutil.copyfile(warehouse, copy)
    con = duckdb.connect(str(copy))
    con.execute("delete from fct_mention where proposed_by = 'memory'")  # as if extracted without memory
    con.close()
    assert not same_tables(warehouse, copy)
    counts = reprocess("entities", warehouse=str(copy))
    assert counts["runs_replayed"] == 2 and counts["mentions_remembered"] >= 1
    assert same_tables(warehouse, copy)


def test_the_entities_stage_recomputes_when_the_memory_changes(two_nights, tmp_path, monkeypatch):
    from flows.stages import entities

    warehouse, _, _ = two_nights
    extracted = []
    real = entities.entity_frames
    monkeypatch.setattr(entities, "entity_frames", lambda *a, **k: extracted.append(1) or real(*a, **k))
    before_night_2 = warehouse.parent / "after_night_1.duckdb"  # what night 2 remembered
    entities.entities_flow(NIGHT2, str(before_night_2))
    assert extracted == []  # the same memory as the nightly run's: its cached result
    entities.entities_flow(NIGHT2, str(warehouse))
    assert len(extracted) == 1  # night 2's own facts are in this memory: recomputed
    republished = tmp_path / "republished.duckdb"  # the same content in another file: the same memory
    shutil.copyfile(warehouse, republished)
    entities.entities_flow(NIGHT2, str(republished))
    assert len(extracted) == 1
    con = duckdb.connect(str(republished))
    con.execute("update fct_mention set proposed_by = 'title' where proposed_by = 'memory'")
    con.close()
    entities.entities_flow(NIGHT2, str(republished))
    assert len(extracted) == 2  # the evidence changed: recomputed
