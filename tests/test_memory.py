"""Memory across nights: the evidence view decides which names are trusted (warehouse/views/09_v_entity_evidence.sql),
warehouse/state.py reads it as the memory frame, and transforms/entities/memory.py finds trusted names in bodies."""

from __future__ import annotations

from datetime import date, datetime

import duckdb
import polars as pl
import pytest
from polars.testing import assert_frame_equal

from transforms.entities import ALIAS_SCHEMA, ARTICLE_COLUMNS, MEMORY_SCHEMA, extract_entity_frames
from transforms.entities.memory import Memory
from warehouse import db, state

RUNS = {
    "r1": date(2024, 6, 16),
    "r2": date(2024, 6, 17),
    "r3": date(2024, 6, 17),
}  # r3: a second run of night 2
# article key -> the run that loaded it
ARTICLES = {1: "r1", 2: "r1", 3: "r1", 4: "r2", 5: "r2", 6: "r3"}
ENTITIES = {
    10: ("PERSON", "표민혁"),  # a title once
    11: ("PERSON", "도하윤"),  # the tagger, in three articles of one night
    12: ("PERSON", "설재인"),  # the tagger, in three articles over two nights
    13: ("PERSON", "마서진"),  # the tagger once, then only the memory's own echoes
    14: ("ORG", "한빛정밀"),  # a rule (orgs_places) once
    15: ("LOCATION", "솔내"),  # the tagger twice
    16: ("PERSON", "윤보람"),  # a reporter (byline)
    17: ("PERSON", "채은성"),  # a role observed, mention from the tagger once
    18: ("EVENT", "솔내 축제"),  # events are not remembered
}
# (article, entity, proposed_by, mention_kind)
MENTIONS = [
    (1, 10, "title", "full"),
    (4, 10, "memory", "full"),
    (4, 10, "repeat", "full"),
    (1, 11, "tagger", "full"),
    (2, 11, "tagger", "full"),
    (3, 11, "tagger", "full"),
    (1, 12, "tagger", "full"),
    (2, 12, "wikidata", "full"),
    (4, 12, "tagger", "full"),
    (1, 13, "tagger", "full"),
    (4, 13, "memory", "full"),
    (5, 13, "memory", "full"),
    (6, 13, "memory", "full"),
    (2, 14, "orgs_places", "full"),
    (1, 15, "tagger", "full"),
    (4, 15, "tagger", "full"),
    (5, 16, "byline", "byline"),
    (3, 17, "tagger", "full"),
    (2, 18, "event", "full"),
]


@pytest.fixture(scope="module")
def warehouse(tmp_path_factory):
    """A small warehouse of three runs over two nights, written as the load writes it."""
    path = tmp_path_factory.mktemp("memory") / "w.duckdb"
    con = db.connect(path)
    try:
        db.apply_ddl(con)
        for i, (run_id, run_date) in enumerate(RUNS.items()):
            con.execute(
                "insert into etl_run (run_id, run_date, finished_at) values (?, ?, ?)",
                [run_id, run_date, datetime(2024, 6, 16 + i, 3)],
            )
        for key, run_id in ARTICLES.items():
            con.execute(
                "insert into dim_article (article_key, article_id, source_file, source_record, body_text, "
                "content_hash, ingested_at, run_id) values (?, ?, 'f.jsonl', ?, '본문', 'h', now(), ?)",
                [key, str(key), key, run_id],
            )
        for key, (entity_type, name) in ENTITIES.items():
            con.execute("insert into dim_entity values (?, ?, ?, 'r1', null)", [key, entity_type, name])
        for article, entity, proposer, kind in MENTIONS:
            con.execute(
                "insert into fct_mention (article_key, entity_key, surface, start_char, end_char, mention_kind, "
                "proposed_by) values (?, ?, ?, 0, 2, ?, ?)",
                [article, entity, ENTITIES[entity][1], kind, proposer],
            )
        con.execute("insert into dim_reporter values (7, '윤보람', null, null, 16)")
        con.execute("insert into bridge_article_reporter values (5, 7, null)")
        con.execute(
            "insert into fct_person_role_observation (article_key, entity_key, role, seen_date) "
            "values (3, 17, '교수', '2024-06-16')"
        )
        con.execute("checkpoint")
    finally:
        con.close()
    return path


def evidence(path, before_run_id: str | None = None) -> dict[str, dict]:
    con = duckdb.connect(str(path), read_only=True)
    try:
        frame = con.sql("select * from entity_evidence(?)", params=[before_run_id]).pl()
    finally:
        con.close()
    return {row["name"]: row for row in frame.iter_rows(named=True)}


def test_trusted_names_follow_the_rule(warehouse):
    rows = evidence(warehouse)
    trusted = {name for name, row in rows.items() if row["is_trusted"]}
    assert trusted == {"표민혁", "설재인", "한빛정밀", "윤보람", "채은성"}
    assert not rows["도하윤"]["is_trusted"]  # three articles, but one night
    assert not rows["솔내"]["is_trusted"]  # the tagger twice
    assert "솔내 축제" not in rows  # events are named by their rules every night


def test_a_name_the_tagger_saw_once_is_not_trusted_however_often_the_memory_echoes_it(warehouse):
    row = evidence(warehouse)["마서진"]
    assert (row["article_count"], row["night_count"]) == (4, 2)  # seen in four articles on two nights
    assert row["model_article_count"] == 1 and row["model_night_count"] == 1  # evidence: the tagger once
    assert not row["is_trusted"]


def test_evidence_counts(warehouse):
    rows = evidence(warehouse)
    person = rows["표민혁"]
    assert (person["entity_type"], person["article_count"], person["night_count"]) == ("PERSON", 2, 2)
    assert person["proposed_by"] == ["memory", "repeat", "title"]  # sorted, distinct
    assert person["person_rule_article_count"] == 1
    tagged = rows["설재인"]
    assert (tagged["article_count"], tagged["night_count"], tagged["model_article_count"]) == (3, 2, 3)
    assert tagged["proposed_by"] == ["tagger", "wikidata"]
    assert rows["마서진"]["night_count"] == 2  # runs r2 and r3 are one night (2024-06-17)
    assert rows["채은성"]["person_rule_article_count"] == 1  # the role observed in article 3


def test_evidence_before_a_run_counts_only_the_runs_published_before_it(warehouse):
    before_r2 = evidence(warehouse, "r2")
    assert set(before_r2) == {"표민혁", "도하윤", "설재인", "마서진", "한빛정밀", "솔내", "채은성"}
    assert before_r2["표민혁"]["article_count"] == 1 and before_r2["표민혁"]["is_trusted"]
    assert not before_r2["설재인"]["is_trusted"]  # its third article came on night 2
    assert evidence(warehouse, "r1") == {}
    assert evidence(warehouse, "not-a-run") == {}  # a run the warehouse does not know: nothing before it


def test_read_memory_is_the_evidence_in_the_memory_schema(warehouse, tmp_path):
    memory = state.read_memory(warehouse)
    assert memory.schema == pl.Schema(MEMORY_SCHEMA)
    assert memory["name"].to_list() == sorted(memory["name"].to_list())
    assert set(memory.filter("is_trusted")["name"]) == {"표민혁", "설재인", "한빛정밀", "윤보람", "채은성"}
    assert_frame_equal(state.read_memory(warehouse), memory)  # the same frame on every read
    assert state.read_memory(warehouse, before_run_id="r1").height == 0
    absent = state.read_memory(tmp_path / "absent.duckdb")
    assert absent.height == 0 and absent.schema == pl.Schema(MEMORY_SCHEMA)


def memory_of(*rows: tuple[str, str]) -> pl.DataFrame:
    return pl.DataFrame(
        [
            {
                "name": name,
                "entity_type": entity_type,
                "article_count": 3,
                "night_count": 2,
                "proposed_by": ["title"],
                "is_trusted": True,
            }
            for name, entity_type in rows
        ],
        schema=MEMORY_SCHEMA,
    )


def test_a_remembered_ordinary_word_needs_context():
    remembered = Memory(memory_of(("하늘", "PERSON"), ("표민혁", "PERSON")))
    assert [s.name for s in remembered.find("하늘이 맑았다. 표민혁은 웃었다.")] == ["표민혁"]
    assert [s.name for s in remembered.find("배우 하늘은 말했다.")] == ["하늘"]  # a profession before it


def test_untrusted_names_are_not_remembered():
    memory = memory_of(("표민혁", "PERSON"), ("도하윤", "PERSON")).with_columns(
        is_trusted=pl.col("name") == "표민혁"
    )
    assert [s.name for s in Memory(memory).find("도하윤과 표민혁이 만났다.")] == ["표민혁"]


def test_extraction_proposes_remembered_names_as_memory():
    articles = pl.DataFrame(
        [
            {
                "article_id": "a1",
                "article_key": 1,
                "body_text": "표민혁은 이날 회의에서 하늘이 맑다고 말했다.",
                "reporters": [],
                "publisher_name": None,
                "date_key": date(2024, 6, 17),
                "is_date_from_run": False,
            }
        ]
    ).select(ARTICLE_COLUMNS)
    aliases = pl.DataFrame(schema=ALIAS_SCHEMA)
    without = extract_entity_frames(articles, {}, aliases)["mentions"]
    assert "표민혁" not in without["surface"].to_list()
    mentions = extract_entity_frames(
        articles, {}, aliases, memory=memory_of(("표민혁", "PERSON"), ("하늘", "PERSON"))
    )["mentions"]
    assert mentions.select("surface", "proposed_by").rows() == [("표민혁", "memory")]
