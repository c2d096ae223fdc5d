from datetime import date

import polars as pl
from polars.testing import assert_frame_equal

from transforms.entities.frames import (
    ARTICLE_COLUMNS,
    combine_partitions,
    extract_entity_frames,
)
from transforms.entities.normalize import ALIAS_SCHEMA

BODY = "오세훈 서울시장은 9일 바르셀로나에서 열린 행사에 참석했다."


def _articles(body: str = BODY) -> pl.DataFrame:
    row = {
        "article_id": "a1",
        "article_key": 1,
        "body_text": body,
        "reporters": [],
        "publisher_name": None,
        "date_key": date(2024, 1, 9),
        "is_date_from_run": False,
    }
    return pl.DataFrame([row]).select(ARTICLE_COLUMNS)


def test_tagger_spans_fill_gaps_and_rules_win():
    def fake_tagger(bodies):
        # PS over the name (rules already have it), LC the rules miss, a swallowed title, a DT.
        return [[(0, 3, "PS"), (13, 18, "LC"), (4, 8, "PS"), (10, 12, "DT")] for _ in bodies]

    empty = pl.DataFrame(schema=ALIAS_SCHEMA)
    frames = extract_entity_frames(_articles(), {}, empty, fake_tagger)
    names = set(frames["entities"].select("entity_type", "canonical_name").rows())
    assert ("LOCATION", "바르셀로나") in names
    assert ("PERSON", "오세훈") in names and ("PERSON", "서울시장") not in names
    assert frames["date_mentions"]["surface"].to_list() == ["9일"]
    roles = frames["person_roles"].select("role", "affiliation").rows()
    assert roles == [("서울시장", "서울시")]


def test_partitions_combine_to_unique_entities():
    empty = pl.DataFrame(schema=ALIAS_SCHEMA)
    one = extract_entity_frames(_articles(), {}, empty)
    combined = combine_partitions([one, one])
    assert combined["entities"].height == one["entities"].height
    assert combined["mentions"].height == 2 * one["mentions"].height


def test_an_alias_defined_in_one_partition_resolves_in_another():
    """`한빛국제협력단(HICA)` in one article, `HICA` alone in another: the same organization, whether the two articles
    are extracted together or in different partitions (the night's definitions are read from all its bodies)."""
    from transforms.entities.defined_aliases import night_definitions

    def fake_tagger(bodies):
        return [[(b.index("HICA"), b.index("HICA") + 4, "OG")] if "HICA는" in b else [] for b in bodies]

    defining = _articles("한빛국제협력단(HICA)은 9일 새 사업을 발표했다.")
    using = _articles("HICA는 10일 두 번째 사업도 발표했다.").with_columns(
        pl.lit("a2").alias("article_id"), pl.lit(2).cast(pl.Int64).alias("article_key")
    )
    night = pl.concat([defining, using])
    empty = pl.DataFrame(schema=ALIAS_SCHEMA)
    together = extract_entity_frames(night, {}, empty, fake_tagger)
    definitions = night_definitions(night.lazy(), {})
    apart = combine_partitions(
        [extract_entity_frames(p, {}, empty, fake_tagger, definitions=definitions) for p in (defining, using)]
    )
    for frames in (together, apart):
        hica = frames["mentions"].filter(pl.col("surface") == "HICA")
        assert hica.height == 2 and hica["entity_key"].n_unique() == 1
        named = frames["entities"].filter(pl.col("entity_key") == hica["entity_key"][0])
        assert named["canonical_name"].to_list() == ["한빛국제협력단"]
    for name in together:
        assert_frame_equal(apart[name].sort(apart[name].columns), together[name].sort(together[name].columns))
    # without the night's definitions the second article would keep HICA as a name of its own
    alone = extract_entity_frames(using, {}, empty, fake_tagger)
    assert alone["entities"]["canonical_name"].to_list() == ["HICA"]


def test_entities_stage_same_output_with_one_or_two_processes(tmp_path, monkeypatch):
    """Partitions computed in worker processes concatenate to exactly the in-process result."""
    from flows.settings import Settings
    from flows.stages import entities, ingest
    from tests.conftest import LANDING

    monkeypatch.setattr(entities, "ENTITY_PARTITION_ROWS", 4)  # 14 articles -> 4 partitions
    out = tmp_path / "run"
    known = ingest.read_ingest_state.fn(str(tmp_path / "w.duckdb"))
    ingest.ingest_files.fn(str(LANDING), str(out), known, date(2024, 1, 9), "test")
    seeds = str(Settings().seeds_dir)
    results = {}
    for workers in (1, 2):
        monkeypatch.setenv("NEWSETL_WORKERS", str(workers))
        entities.extract_entities.fn(str(out), seeds, "test")
        results[workers] = {
            n: pl.read_parquet(out / f"{n}.parquet") for n in ("entities", "mentions", "date_mentions")
        }
    for name in results[1]:
        assert_frame_equal(results[1][name], results[2][name])
