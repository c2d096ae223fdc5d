"""`newsetl reprocess --stage entities`: re-derive the entity facts of stored articles with the current code.

The stored articles (optionally those dated within --from/--to) are read once from the warehouse into a job folder
(`runs_dir/reprocess/entities-<job>`), extracted in partitions exactly as the nightly entities stage does, and
published once through the same build-and-swap and the load's own entity steps (warehouse/staging.py). Each
partition leaves a done-marker: a run killed half-way and started again skips the partitions already done. The job
id covers the range, the extractor version and the published warehouse, so a stale job folder is never reused.
"""

from __future__ import annotations

import json
import shutil
import time
from datetime import date
from pathlib import Path

import polars as pl
from prefect import flow, task
from prefect.cache_policies import NO_CACHE

from flows.cache import retry_on_io, stage_logger
from flows.files import warehouse_fingerprint, write_json, write_parquet
from flows.lock import writer_lock
from flows.partitions import map_partitions
from flows.settings import Settings
from flows.stages.entities import FRAMES, extract_partition, extractor_version, read_partitions
from flows.stages.load import ChecksFailedError
from transforms.common.keys import natural_id
from warehouse import db, state
from warehouse.staging import run_reprocess

REPROCESS_STAGES = ("entities",)
REPROCESS_PARTITION_ROWS = 5_000


@task(retries=2, retry_delay_seconds=[2, 10], retry_condition_fn=retry_on_io, cache_policy=NO_CACHE)
def export_articles(warehouse: str, date_from: date | None, date_to: date | None, out_path: str) -> int:
    """The stored articles to reprocess, as the entities stage reads them, to Parquet (once per job)."""
    path = Path(out_path)
    if not path.exists():
        write_parquet(state.read_entity_inputs(warehouse, date_from, date_to), path)
    return pl.scan_parquet(path).select(pl.len()).collect().item()


@task(cache_policy=NO_CACHE, persist_result=False)
def reprocess_partition(
    articles_path: str, offset: int, rows: int, seeds_dir: str, tagger: str, out_dir: str
) -> dict[str, str]:
    """One partition's entity frames (as the nightly stage's partition), then its done-marker."""
    paths = extract_partition.fn(articles_path, offset, rows, seeds_dir, tagger, out_dir)
    write_json(paths, Path(out_dir) / "done.json")
    return paths


@task(retries=1, retry_delay_seconds=5, retry_condition_fn=retry_on_io, cache_policy=NO_CACHE)
def publish_reprocessed(job_dir: str, warehouse: str, version: str, settings: Settings) -> dict:
    """Replace the reprocessed articles' entity facts in one build-and-swap; the checks run before it publishes."""
    job = Path(job_dir)
    frames = {name: str(job / f"{name}.parquet") for name in FRAMES}
    with db.build_and_publish(warehouse, settings.duckdb_memory_limit) as con:
        con.execute("begin")
        runs = run_reprocess(con, frames, str(job / "articles.parquet"), version)
        passed, failed = db.run_checks(con, scope="staged")
        if failed:
            con.execute("rollback")
            raise ChecksFailedError("warehouse checks failed: " + "; ".join(str(f) for f in failed))
        con.execute("commit")
    return {"runs_replayed": runs, "checks_passed": len(passed), "checks_failed": 0}


def partition_plan(job: Path, total: int, settings: Settings) -> list[dict]:
    """The job's partitions (keyword arguments of reprocess_partition), in article-key order."""
    return [
        {
            "articles_path": str(job / "articles.parquet"),
            "offset": offset,
            "rows": REPROCESS_PARTITION_ROWS,
            "seeds_dir": str(settings.seeds_dir),
            "tagger": settings.tagger,
            "out_dir": str(job / "parts" / f"{i:05d}"),
        }
        for i, offset in enumerate(range(0, max(total, 1), REPROCESS_PARTITION_ROWS))
    ]


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
        plan = partition_plan(job, total, settings)
        todo = [p for p in plan if not (Path(p["out_dir"]) / "done.json").exists()]
        if len(todo) < len(plan):
            logger.info(
                "reprocess: %d of %d partitions already done; resuming", len(plan) - len(todo), len(plan)
            )
        map_partitions(
            reprocess_partition,
            todo,
            settings,
            on_done=lambda done, n: logger.info("reprocess: %d/%d partitions", done, n),
        )
        paths = [json.loads((Path(p["out_dir"]) / "done.json").read_text(encoding="utf-8")) for p in plan]
        frames = read_partitions(paths)
        for name in FRAMES:
            write_parquet(frames[name], job / f"{name}.parquet")
        published = publish_reprocessed(str(job), warehouse, version, settings)
        shutil.rmtree(job, ignore_errors=True)
    seconds = time.perf_counter() - started
    counts = {
        "extractor_version": version,
        "articles": total,
        "partitions": len(plan),
        "partitions_resumed": len(plan) - len(todo),
        "mentions": frames["mentions"].height,
        "date_mentions": frames["date_mentions"].height,
        **published,
        "seconds": round(seconds, 1),
        "articles_per_second": round(total / seconds, 1) if seconds else 0.0,
    }
    logger.info("reprocess: %s", counts)
    return counts
