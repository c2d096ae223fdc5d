"""Stage 4, load: the night's Parquet into a private copy of the warehouse, checks, then an atomic publish.

What fills which staging table, and the load order, are the warehouse's (warehouse/staging.py, load/NN_*.sql).
"""

from __future__ import annotations

from datetime import UTC, date, datetime
from pathlib import Path

from prefect import flow, task

from flows.cache import retry_on_io, run_cached, stage_cache, stage_paths
from flows.files import warehouse_fingerprint
from flows.lock import run_owner, writer_lock
from flows.manifest import DedupManifest, EntitiesManifest, IngestManifest, LoadResult, night_counts
from flows.settings import Settings
from transforms.common.keys import natural_id
from warehouse import db, state
from warehouse.staging import STAGING, LoadParams, run_load, stage_parquet


class ChecksFailedError(RuntimeError):
    """A warehouse check returned offending rows; the load was rolled back and nothing was published."""


def read_manifests(out_dir: str) -> tuple[IngestManifest, DedupManifest, EntitiesManifest]:
    return IngestManifest.read(out_dir), DedupManifest.read(out_dir), EntitiesManifest.read(out_dir)


# A failed check or a busy warehouse fails the same way on a second try: only I/O errors are retried.
@task(
    retries=1,
    retry_delay_seconds=5,
    retry_condition_fn=retry_on_io,
    cache_policy=stage_cache("load"),
    persist_result=True,
)
def load_warehouse(out_dir: str, warehouse: str, run_date: date, fingerprint: str) -> LoadResult:
    """Load the night's Parquet into a copy of the warehouse, run the checks, and publish atomically.

    A failing check fails the task, naming the check and a sample row, and leaves the published file untouched.
    """
    ingest, dedup, entities = read_manifests(out_dir)
    run_id = ingest.run_id
    if not ingest.counts.files_loaded and not ingest.counts.files_rejected and Path(warehouse).exists():
        # nothing new, changed or newly rejected: publishing would only add a run; the warehouse stays as it is
        return LoadResult(run_id, articles_loaded=0, entities_new=0, checks_passed=0, checks_failed=0)
    settings = Settings()
    params = LoadParams(
        run_id=run_id,
        run_date=run_date,
        ingested_at=datetime.now(UTC),
        admin_areas_csv=str(settings.seeds_dir / "admin_areas.csv"),
        files_seen=ingest.counts.files_seen,
        files_loaded=ingest.counts.files_loaded,
        files_rejected=ingest.counts.files_rejected,
        files_unchanged=ingest.counts.files_unchanged,
        duplicates_exact=dedup.counts.duplicates_exact,
        duplicates_near=dedup.counts.duplicates_near,
        mentions=entities.counts.mentions,
        extractor_version=entities.extractor_version,
    )
    manifests = {"ingest": ingest, "dedup": dedup, "entities": entities}
    # The load is the writer: it holds the warehouse lock itself, so a load run alone (its own deployment) never
    # races a nightly run (inside nightly the lock is already held and re-entered; a served nightly run holds it for
    # the load deployment run it started).
    with (
        writer_lock(warehouse, settings.lock_timeout_seconds, **run_owner()),
        db.build_and_publish(warehouse, settings.duckdb_memory_limit) as con,
    ):
        stage_parquet(con, {table: manifests[s].output(o) for table, (s, o) in STAGING.items()})
        con.execute("begin")
        run_load(con, params)
        passed, failed = db.run_checks(con, scope="staged")
        if failed:
            con.execute("rollback")
            raise ChecksFailedError("warehouse checks failed: " + "; ".join(str(f) for f in failed))
        con.execute("commit")
        return LoadResult(
            run_id,
            articles_loaded=con.execute("select count(*) from stg_article").fetchone()[0],
            entities_new=state.entities_first_seen(con, run_id),
            checks_passed=len(passed),
            checks_failed=0,
        )


@flow(name="load", persist_result=True)  # a served nightly run reads the result of its stage runs
def load_flow(run_date: date | None = None, warehouse: str | None = None, refresh: bool = False) -> dict:
    """Stage 4: load the run folder into the warehouse, check it, publish it (run_date: default the latest night
    whose entities are extracted)."""
    _, run_date, out_dir, warehouse = stage_paths(run_date, warehouse, "load")
    manifests = read_manifests(out_dir)
    fingerprint = natural_id(
        natural_id(*(m.content_sha() for m in manifests)), warehouse_fingerprint(warehouse)
    )
    args = (out_dir, warehouse, run_date, fingerprint)
    result = run_cached(
        load_warehouse, args, {}, refresh, lambda result: state.has_run(warehouse, result.run_id)
    )
    return {"counts": night_counts(*manifests, result)}
