"""The nightly flow: ingest -> dedup -> entities -> load (with checks), over one landing folder."""

from __future__ import annotations

from datetime import date

from prefect import flow, get_run_logger

from flows.settings import Settings
from flows.stages import dedup_flow, entities_flow, ingest_flow, load_flow


@flow(name="nightly", log_prints=False)
def nightly(input_dir: str | None = None, warehouse: str | None = None, run_date: date | None = None) -> dict:
    """Run every stage in order and return the run summary (counts per stage).

    Args:
        input_dir: landing folder (default: settings.landing).
        warehouse: DuckDB file to publish (default: settings.warehouse).
        run_date: the night being processed (default: today); stage outputs go to runs_dir/<run_date>/.
    """
    settings = Settings()
    input_dir = input_dir or str(settings.landing)
    warehouse = warehouse or str(settings.warehouse)
    run_date = run_date or date.today()
    logger = get_run_logger()
    summary = ingest_flow(input_dir, run_date, warehouse)
    summary |= dedup_flow(run_date, warehouse)
    summary |= entities_flow(run_date)
    summary |= load_flow(run_date, summary["run_id"], summary, warehouse)
    logger.info("nightly run %s: %s", summary["run_id"], summary)
    return summary
