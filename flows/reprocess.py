"""`newsetl reprocess --stage entities`: re-derive the entity facts of stored articles with the current code.

The stored articles (optionally those dated within --from/--to) are read once from the warehouse into a job folder
(`runs_dir/reprocess/entities-<job>`) and re-derived night by night, in the order the runs were published, inside
one private copy of the warehouse (the same build-and-swap as the load): the articles a run loaded (and those it read
again from a changed file) are extracted, in partitions exactly as the nightly entities stage does, with the memory
of the runs published before it, computed from the facts already re-derived in the copy; the load's own entity steps
then write them (warehouse/staging.py), and the next run's memory sees them. The copy is published once, after the
checks. Every partition leaves a done-marker beside the memory it used: a run killed half-way and started again
replays the runs already extracted from their frames (the same facts give the same memory) and extracts only what is
left. The job id covers the range, the extractor version and the published warehouse, so a stale job folder is never
reused.
"""

from __future__ import annotations

import json
import shutil
import time
from datetime import date
from pathlib import Path

import duckdb
import polars as pl
from prefect import flow, task
from prefect.cache_policies import NO_CACHE

from flows.cache import remove_parts, retry_on_io, stage_logger
from flows.files import file_sha, warehouse_fingerprint, write_json, write_parquet
from flows.lock import writer_lock
from flows.partitions import map_partitions
from flows.settings import Settings
from flows.stages.entities import (
    ENTITY_PARTITION_ROWS,
    FRAMES,
    extract_partition,
    extractor_version,
    night_aliases,
    partition_input,
    read_partitions,
)
from flows.stages.load import ChecksFailedError
from transforms.common.keys import natural_id
from warehouse import db, state
from warehouse.staging import finish_reprocess, replay_run, stage_reprocessed

REPROCESS_STAGES = ("entities",)
REPROCESS_PARTITION_ROWS = ENTITY_PARTITION_ROWS  # partitions as the nightly stage cuts them (bounded memory)


@task(retries=2, retry_delay_seconds=[2, 10], retry_condition_fn=retry_on_io, cache_policy=NO_CACHE)
def export_articles(warehouse: str, date_from: date | None, date_to: date | None, out_path: str) -> int:
    """The stored articles to reprocess, as the entities stage reads them, to Parquet (once per job)."""
    path = Path(out_path)
    if not path.exists():
        write_parquet(state.read_entity_inputs(warehouse, date_from, date_to), path)
    return pl.scan_parquet(path).select(pl.len()).collect().item()


@task(cache_policy=NO_CACHE, persist_result=False)
def reprocess_partition(
    articles_path: str,
    offset: int,
    rows: int,
    seeds_dir: str,
    tagger: str,
    out_dir: str,
    memory_path: str | None = None,
    definitions_path: str | None = None,
) -> dict[str, str]:
    """One partition's entity frames (as the nightly stage's partition), then its done-marker."""
    paths = extract_partition.fn(
        articles_path, offset, rows, seeds_dir, tagger, out_dir, memory_path, definitions_path
    )
    write_json(paths, Path(out_dir) / "done.json")
    return paths


def partition_plan(run_dir: Path, total: int, settings: Settings) -> list[dict]:
    """One run's partitions (keyword arguments of reprocess_partition), cut from the run's articles in article-key
    order with copies of a body together (flows.stages.entities.partition_input), with the aliases the run's
    articles define (flows.stages.entities.night_aliases), as the nightly stage cuts and reads a night."""
    definitions = night_aliases(
        str(run_dir / "articles.parquet"), str(settings.seeds_dir), run_dir / "definitions.parquet"
    )
    articles_path = partition_input(str(run_dir / "articles.parquet"), run_dir / "partition_input.parquet")
    return [
        {
            "articles_path": articles_path,
            "offset": offset,
            "rows": REPROCESS_PARTITION_ROWS,
            "seeds_dir": str(settings.seeds_dir),
            "tagger": settings.tagger,
            "out_dir": str(run_dir / "parts" / f"{i:05d}"),
            "memory_path": str(run_dir / "memory.parquet"),
            "definitions_path": definitions,
        }
        for i, offset in enumerate(range(0, max(total, 1), REPROCESS_PARTITION_ROWS))
    ]


def run_articles(articles: pl.DataFrame, run_id: str) -> pl.DataFrame:
    """The reprocessed articles a run extracted: those it loaded, and those it read again from a changed file."""
    return articles.filter((pl.col("run_id") == run_id) | (pl.col("restaged_run_id") == run_id)).sort(
        "article_key"
    )


def remember_before(con: duckdb.DuckDBPyConnection, run_id: str, run_dir: Path) -> None:
    """Write what the warehouse copy remembers from the runs published before `run_id` to the run's memory.parquet.
    Partitions extracted with a different memory (from a job whose earlier runs came out otherwise) start over."""
    memory_path = run_dir / "memory.parquet"
    previous = file_sha(memory_path) if memory_path.exists() else None
    write_parquet(state.memory_frame(con, before_run_id=run_id), memory_path)
    if previous is not None and previous != file_sha(memory_path):
        remove_parts(run_dir / "parts")


def extract_run(run_dir: Path, settings: Settings, logger) -> tuple[dict[str, str], int, int]:
    """One run's entity frames (combined from its partitions, extracting those not done yet). Returns the frames'
    paths, the number of partitions and how many were already done."""
    total = pl.scan_parquet(run_dir / "articles.parquet").select(pl.len()).collect().item()
    plan = partition_plan(run_dir, total, settings)
    todo = [p for p in plan if not (Path(p["out_dir"]) / "done.json").exists()]
    if len(todo) < len(plan):
        logger.info(
            "reprocess: %s: %d of %d partitions already done", run_dir.name, len(plan) - len(todo), len(plan)
        )
    map_partitions(reprocess_partition, todo, settings)
    paths = [json.loads((Path(p["out_dir"]) / "done.json").read_text(encoding="utf-8")) for p in plan]
    frames = read_partitions(paths)
    written = {name: str(write_parquet(frames[name], run_dir / f"{name}.parquet")) for name in FRAMES}
    return written, len(plan), len(plan) - len(todo)


def written_counts(con: duckdb.DuckDBPyConnection) -> dict[str, int]:
    """The reprocessed articles' entity facts as written (an article two runs extracted counts once: its last)."""
    mentions, remembered, dates = con.execute(
        "select (select count(*) from fct_mention semi join rp_article using (article_key)), "
        "(select count(*) from fct_mention semi join rp_article using (article_key) where proposed_by = 'memory'), "
        "(select count(*) from fct_date_mention semi join rp_article using (article_key))"
    ).fetchall()[0]
    return {"mentions": mentions, "mentions_remembered": remembered, "date_mentions": dates}


def replay_runs(job: Path, warehouse: str, version: str, settings: Settings, logger) -> dict:
    """Re-derive the job's articles run by run in one private copy of the warehouse, check it, publish it once."""
    articles = pl.read_parquet(job / "articles.parquet")
    restaged = sorted(set(articles["restaged_run_id"].drop_nulls().to_list()))
    counts = {"partitions": 0, "partitions_resumed": 0}
    with db.build_and_publish(warehouse, settings.duckdb_memory_limit) as con:
        con.execute("begin")
        runs = stage_reprocessed(con, str(job / "articles.parquet"), restaged)
        for i, run_id in enumerate(runs):
            run_dir = job / "runs" / f"{i:05d}"
            if not (run_dir / "articles.parquet").exists():
                write_parquet(run_articles(articles, run_id), run_dir / "articles.parquet")
            remember_before(con, run_id, run_dir)
            frames, partitions, resumed = extract_run(run_dir, settings, logger)
            replay_run(con, run_id, str(run_dir / "articles.parquet"), frames, version)
            counts["partitions"] += partitions
            counts["partitions_resumed"] += resumed
            logger.info("reprocess: run %d/%d (%s) replayed", i + 1, len(runs), run_id)
        finish_reprocess(con)
        counts |= written_counts(con)
        passed, failed = db.run_checks(con, scope="staged")
        if failed:
            con.execute("rollback")
            raise ChecksFailedError("warehouse checks failed: " + "; ".join(str(f) for f in failed))
        con.execute("commit")
    return {**counts, "runs_replayed": len(runs), "checks_passed": len(passed), "checks_failed": 0}


@flow(name="reprocess")
def reprocess(
    stage: str = "entities",
    date_from: date | None = None,
    date_to: date | None = None,
    warehouse: str | None = None,
) -> dict:
    """Re-derive a stage's facts for stored articles with the current code and publish them once.

    Args:
        stage: the stage whose facts are re-derived (only `entities`: mentions, roles, date mentions).
        date_from, date_to: only articles dated within this range (either end open; default: every article).
        warehouse: the DuckDB file (default: settings.warehouse).
    """
    if stage not in REPROCESS_STAGES:
        raise ValueError(f"cannot reprocess stage {stage!r}; reprocessable: {list(REPROCESS_STAGES)}")
    settings = Settings()
    warehouse = str(warehouse or settings.warehouse)
    if not Path(warehouse).exists():
        raise FileNotFoundError(f"{warehouse} does not exist: nothing stored to reprocess")
    logger = stage_logger()
    version = extractor_version(str(settings.seeds_dir), settings.tagger)
    started = time.perf_counter()
    with writer_lock(warehouse, settings.lock_timeout_seconds):
        job_id = natural_id(stage, date_from, date_to, version, warehouse_fingerprint(warehouse))[:16]
        job = settings.runs_dir / "reprocess" / f"{stage}-{job_id}"
        total = export_articles(warehouse, date_from, date_to, str(job / "articles.parquet"))
        replayed = replay_runs(job, warehouse, version, settings, logger)
        shutil.rmtree(job, ignore_errors=True)
    seconds = time.perf_counter() - started
    counts = {
        "extractor_version": version,
        "articles": total,
        **replayed,
        "seconds": round(seconds, 1),
        "articles_per_second": round(total / seconds, 1) if seconds else 0.0,
    }
    logger.info("reprocess: %s", counts)
    return counts
