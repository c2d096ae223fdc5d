"""Stage 3, entities: mentions per article (rules + bylines), normalized into entities, aliases and person roles;
date mentions resolved against each article's date (published, else the run date).

The names earlier nights confirmed (the memory, warehouse/views/09_v_entity_evidence.sql) are read once from the
published warehouse before tonight's load, written as `memory.parquet` in the run folder, and found in tonight's
bodies by every partition; their hash is part of the stage's cache key, so a changed warehouse recomputes the night.

Articles are processed in partitions (1,000 each) over the task runner; partitions bound the memory of the
per-article Python objects (a worker returns what a partition freed to the system before the next). They are cut with
the copies of a body next to its first occurrence, so that a body is extracted once however far apart its copies stand
in the night; their frames are concatenated in partition order. What one article's text defines for the night
(`국제통화기금(IMF)`) is read from all bodies before the partitions start, so the result does not depend on how the
night is cut, how many workers computed it, or where. Nothing here does I/O worth retrying (local Parquet, seeds, the model).
"""

from __future__ import annotations

import os
from datetime import date
from functools import lru_cache
from pathlib import Path

import polars as pl
import pyarrow as pa
import pyarrow.parquet as pq
from prefect import flow, task
from prefect.cache_policies import NO_CACHE

from flows.cache import remove_parts, retry_on_io, run_cached, stage_cache, stage_logger, stage_paths
from flows.files import file_sha, read_admin_index, read_aliases, read_gazetteer, write_parquet
from flows.fingerprint import code_fingerprint
from flows.manifest import EntitiesCounts, EntitiesManifest, IngestManifest, described
from flows.partitions import map_partitions, release_memory
from flows.settings import PROJECT_ROOT, Settings
from transforms.common.keys import content_hash, natural_id
from transforms.entities import (
    ALIAS_SCHEMA,
    ARTICLE_COLUMNS,
    combine_partitions,
    copy_groups,
    extract_entity_frames,
)
from transforms.entities.defined_aliases import night_definitions
from transforms.entities.memory import trusted_names
from warehouse import state

ENTITY_PARTITION_ROWS = 1_000
MODEL_DIR = PROJECT_ROOT / "transforms" / "entities" / "ner" / "model"
FRAMES = ("entities", "aliases", "mentions", "person_roles", "date_mentions", "quotes")


@lru_cache(maxsize=2)
def _seeds(seeds_dir: str, stamp: tuple) -> tuple:
    """Gazetteer, alias table and 法정동 index, loaded once per worker process (`stamp`: the seed files' sizes and
    mtimes, so an edited seed is read again in a long-lived process)."""
    folder = Path(seeds_dir)
    return read_gazetteer(folder), read_aliases(folder, ALIAS_SCHEMA), read_admin_index(folder)


@lru_cache(maxsize=1)
def _tagger(stamp: tuple):
    from transforms.entities.ner.model import load_model

    return load_model().tag_scored


def _stamp(folder: Path) -> tuple:
    return tuple(
        (p.name, p.stat().st_size, p.stat().st_mtime_ns) for p in sorted(folder.glob("*")) if p.is_file()
    )


def entity_frames(
    articles: pl.DataFrame,
    seeds_dir: str,
    tagger: str,
    memory_path: str | None = None,
    definitions_path: str | None = None,
) -> dict[str, pl.DataFrame]:
    """The entity and date frames of some articles (ARTICLE_COLUMNS), with the seeds and tagger of this process, the
    memory at `memory_path` (transforms.entities.MEMORY_SCHEMA Parquet; none: nothing remembered) and the night's
    alias definitions at `definitions_path` (night_aliases; none: those of `articles`)."""
    gazetteer, aliases, admin = _seeds(seeds_dir, _stamp(Path(seeds_dir)))
    tag_batch = _tagger(_stamp(MODEL_DIR)) if tagger == "crf" else None
    memory = pl.read_parquet(memory_path) if memory_path else None
    definitions = pl.read_parquet(definitions_path) if definitions_path else None
    return extract_entity_frames(
        articles.select(ARTICLE_COLUMNS),
        gazetteer,
        aliases,
        tag_batch,
        admin,
        memory=memory,
        definitions=definitions,
    )


def night_aliases(articles_path: str, seeds_dir: str, out_path: Path) -> str:
    """The aliases every body of the night defines (`국제통화기금(IMF)`), as Parquet at `out_path` for the partitions:
    an article that writes IMF alone resolves it whichever partition the defining article is in."""
    gazetteer = _seeds(seeds_dir, _stamp(Path(seeds_dir)))[0]
    return str(write_parquet(night_definitions(pl.scan_parquet(articles_path), gazetteer), out_path))


def partition_input(articles_path: str, out_path: Path, rows: int = ENTITY_PARTITION_ROWS) -> str:
    """The articles the partitions read (ARTICLE_COLUMNS), the copies of a body next to its first occurrence
    (copy_groups, by the body's content hash), as Parquet at `out_path` in row groups of `rows` (a partition decodes
    its own rows only).

    Written in two streaming passes over the bodies (hash them; then write each group where its first article
    stands), so a night of 100,000 articles is never held in memory at once."""
    _write_copies_together(articles_path, out_path, rows)
    # the passes' buffers (Arrow's pool keeps what it freed: 215 MiB at 100k), before this process combines the night
    pa.default_memory_pool().release_unused()
    release_memory()
    return str(out_path)


def _write_copies_together(articles_path: str, out_path: Path, rows: int) -> None:
    source = pq.ParquetFile(articles_path)
    body_keys = pl.Series(
        [
            None if body is None else content_hash(body)
            for batch in source.iter_batches(batch_size=rows, columns=["body_text"])
            for body in batch.column(0).to_pylist()
        ],
        dtype=pl.String,
    )
    groups = copy_groups(body_keys)
    others = pl.scan_parquet(articles_path).select(c for c in ARTICLE_COLUMNS if c != "body_text").collect()
    partial = out_path.with_suffix(".parquet.partial")
    out_path.parent.mkdir(parents=True, exist_ok=True)
    writer: pq.ParquetWriter | None = None
    order: list[int] = []  # articles in the input's order, not written yet, and their bodies
    bodies: list[str | None] = []

    def write(count: int) -> None:  # the first `count` of them, as one row group
        nonlocal writer
        body = pl.Series("body_text", bodies[:count], dtype=pl.String)
        table = others[order[:count]].with_columns(body).select(ARTICLE_COLUMNS).to_arrow()
        if writer is None:
            writer = pq.ParquetWriter(partial, table.schema, compression="zstd")
        writer.write_table(table, row_group_size=rows)
        del order[:count], bodies[:count]

    position = 0
    for batch in source.iter_batches(batch_size=rows, columns=["body_text"]):
        for body in batch.column(0).to_pylist():
            for member in groups.get(position, ()):
                order.append(member)
                bodies.append(body)
            position += 1
        while len(order) >= rows:  # whole row groups of `rows`, so that partition k is row group k
            write(rows)
    if order or writer is None:
        write(len(order))
    writer.close()
    os.replace(partial, out_path)


def write_frames(frames: dict[str, pl.DataFrame], out_dir: Path) -> dict[str, str]:
    """Write each frame as `<name>.parquet` under `out_dir`; their paths by name."""
    return {name: str(write_parquet(frame, out_dir / f"{name}.parquet")) for name, frame in frames.items()}


@task(cache_policy=NO_CACHE, persist_result=False)
def extract_partition(
    articles_path: str,
    offset: int,
    rows: int,
    seeds_dir: str,
    tagger: str,
    out_dir: str,
    memory_path: str | None = None,
    definitions_path: str | None = None,
) -> dict[str, str]:
    """Entities partition: the frames of `rows` articles from `offset`, one Parquet each under `out_dir`."""
    partition = pl.scan_parquet(articles_path).select(ARTICLE_COLUMNS).slice(offset, rows).collect()
    frames = entity_frames(partition, seeds_dir, tagger, memory_path, definitions_path)
    del partition
    paths = write_frames(frames, Path(out_dir))
    del frames
    release_memory()
    return paths


@task(retries=2, retry_delay_seconds=[2, 10], retry_condition_fn=retry_on_io, cache_policy=NO_CACHE)
def remember_names(warehouse: str, out_path: str) -> str:
    """The published warehouse's memory (names and their evidence, before tonight's load) as Parquet at `out_path`;
    returns its content hash, which the stage's cache key includes. An unchanged memory leaves the file as it was
    (a retried night rewrites nothing it has)."""
    memory, path = state.read_memory(warehouse), Path(out_path)
    if path.exists() and pl.read_parquet(path).equals(memory):
        return file_sha(path)
    return file_sha(write_parquet(memory, path))


def names_remembered(memory_path: str | None) -> int:
    """How many trusted names a memory file gives the extraction (none: 0)."""
    return len(trusted_names(pl.read_parquet(memory_path))) if memory_path else 0


def read_partitions(paths: list[dict[str, str]]) -> dict[str, pl.DataFrame]:
    """Partition outputs (their paths, in partition order) combined into one frame per name."""
    return combine_partitions(
        [{name: pl.read_parquet(path) for name, path in part.items()} for part in paths]
    )


@task(cache_policy=stage_cache("entities"), persist_result=True)
def extract_entities(
    out_dir: str,
    seeds_dir: str,
    fingerprint: str,
    tagger: str = "crf",
    settings: Settings | None = None,
    memory_path: str | None = None,
) -> EntitiesManifest:
    """Extract the night's entities from `articles.parquet`; write the entity frames (entities, aliases, mentions, person roles, date mentions, quotes) and the manifest.

    `memory_path`: the names earlier nights confirmed (remember_names); its hash must be part of `fingerprint`.
    """
    logger = stage_logger()
    out = Path(out_dir)
    total = pl.scan_parquet(out / "articles.parquet").select(pl.len()).collect().item()
    parts_dir = out / "parts" / "entities"
    remove_parts(parts_dir)
    definitions_path = night_aliases(
        str(out / "articles.parquet"), seeds_dir, parts_dir / "definitions.parquet"
    )
    articles_path = partition_input(str(out / "articles.parquet"), parts_dir / "articles.parquet")
    partitions = [
        {
            "articles_path": articles_path,
            "offset": offset,
            "rows": ENTITY_PARTITION_ROWS,
            "seeds_dir": seeds_dir,
            "tagger": tagger,
            "out_dir": str(parts_dir / f"{i:05d}"),
            "memory_path": memory_path,
            "definitions_path": definitions_path,
        }
        for i, offset in enumerate(range(0, max(total, 1), ENTITY_PARTITION_ROWS))
    ]
    paths = map_partitions(
        extract_partition,
        partitions,
        settings or Settings(),
        on_done=lambda done, n: logger.info("entities: %d/%d partitions", done, n),
    )
    frames = read_partitions(paths)
    outputs = {name: write_parquet(frames[name], out / f"{name}.parquet") for name in FRAMES}
    manifest = EntitiesManifest(
        outputs=described(outputs),
        counts=EntitiesCounts(
            mentions=frames["mentions"].height,
            entities=frames["entities"].height,
            date_mentions=frames["date_mentions"].height,
            names_remembered=names_remembered(memory_path),
            mentions_remembered=frames["mentions"].filter(pl.col("proposed_by") == "memory").height,
        ),
        extractor_version=extractor_version(seeds_dir, tagger),
    )
    remove_parts(parts_dir)
    manifest.write(out)
    return manifest


def seeds_fingerprint(seeds_dir: str | Path) -> str:
    """The content of the seed tables the stage reads."""
    return natural_id(*(file_sha(p) for p in sorted(Path(seeds_dir).glob("*.csv"))))


def extractor_version(seeds_dir: str | Path, tagger: str) -> str:
    """A short id of what derives entity facts: the entities code (with the model), the seeds, the tagger choice.
    Every fact row records it, so rows made by older code can be found and reprocessed."""
    return natural_id(code_fingerprint("entities"), seeds_fingerprint(seeds_dir), tagger)[:12]


@flow(name="entities", persist_result=True)  # a served nightly run reads the result of its stage runs
def entities_flow(run_date: date | None = None, warehouse: str | None = None, refresh: bool = False) -> dict:
    """Stage 3: extract and normalize the night's entity mentions, with the names the published warehouse knows
    (run_date: default the latest night ingested)."""
    settings, run_date, out_dir, warehouse = stage_paths(run_date, warehouse, "entities")
    ingest_sha = IngestManifest.read(out_dir).content_sha()
    memory_path = str(Path(out_dir) / "memory.parquet")
    memory_sha = remember_names(warehouse, memory_path)
    fingerprint = natural_id(ingest_sha, seeds_fingerprint(settings.seeds_dir), memory_sha)
    args = (out_dir, str(settings.seeds_dir), fingerprint, settings.tagger)
    manifest = run_cached(
        extract_entities, args, {"memory_path": memory_path}, refresh, EntitiesManifest.intact
    )
    return manifest.to_json()
