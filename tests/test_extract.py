from datetime import date

import polars as pl
from polars.testing import assert_frame_equal

from transforms.entities.frames import (
    ARTICLE_COLUMNS,
    combine_partitions,
    copy_groups,
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


def test_copies_of_a_body_are_extracted_once_and_the_night_keeps_its_order():
    """Articles 1 and 4 of a night are the same text: cut with copies together, the partitions give the frames
    the night extracted whole gives."""
    bodies = [
        BODY,
        "김철수 한빛전자 대표는 10일 부산에서 신제품을 공개했다.",
        "이영희 교수는 11일 강연했다.",
        BODY,
    ]
    night = pl.concat(
        [
            _articles(body).with_columns(
                pl.lit(f"a{k}").alias("article_id"), pl.lit(k).cast(pl.Int64).alias("article_key")
            )
            for k, body in enumerate(bodies, start=1)
        ]
    )
    groups = copy_groups(night["body_text"])
    assert groups == {0: [0, 3], 1: [1], 2: [2]}
    grouped = night[[p for first in sorted(groups) for p in groups[first]]]
    assert grouped["article_key"].to_list() == [1, 4, 2, 3]
    calls: list[list[str]] = []

    def counting_tagger(texts):
        calls.append(list(texts))
        return [[] for _ in texts]

    empty = pl.DataFrame(schema=ALIAS_SCHEMA)
    whole = combine_partitions([extract_entity_frames(night, {}, empty)])
    parts = [extract_entity_frames(grouped.slice(k, 2), {}, empty, counting_tagger) for k in (0, 2)]
    assert [len(c) for c in calls] == [1, 2]  # the copy was not extracted again
    apart = combine_partitions(parts)
    for name in whole:
        assert_frame_equal(apart[name].sort(apart[name].columns), whole[name].sort(whole[name].columns))
    # each article's rows together, the copy right after the article it copies
    assert apart["mentions"]["article_key"].unique(maintain_order=True).to_list() == [1, 4, 2, 3]


def test_a_missing_body_is_nobody_s_copy():
    assert copy_groups(pl.Series([None, "a", None, "a"], dtype=pl.String)) == {0: [0], 1: [1, 3], 2: [2]}


def test_partition_input_groups_copies_in_row_groups_of_a_partition(tmp_path):
    """The partitions' input: each copy right after its first article, every other article in night order, in
    row groups of one partition each."""
    import pyarrow.parquet as pq

    from flows.stages.entities import partition_input

    bodies = ["가", "나", "다", "가", "라", None, "나", None]
    night = pl.concat(
        [
            _articles(body).with_columns(
                pl.lit(f"a{k}").alias("article_id"), pl.lit(k).cast(pl.Int64).alias("article_key")
            )
            for k, body in enumerate(bodies)
        ]
    )
    night.write_parquet(tmp_path / "articles.parquet", row_group_size=3)
    out = partition_input(str(tmp_path / "articles.parquet"), tmp_path / "input.parquet", rows=3)
    written = pl.read_parquet(out)
    assert written["article_key"].to_list() == [0, 3, 1, 6, 2, 4, 5, 7]
    assert_frame_equal(written.sort("article_key"), night.sort("article_key"))
    assert [pq.ParquetFile(out).metadata.row_group(i).num_rows for i in range(3)] == [3, 3, 2]


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
