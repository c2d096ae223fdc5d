"""Schedules, stage caching and refresh, the writer lock, and readers holding the warehouse open."""

from __future__ import annotations

import shutil
import subprocess
import sys
import time
from datetime import date
from pathlib import Path

import pytest

from flows.lock import WarehouseBusyError
from tests.conftest import LANDING, SEED

pytestmark = pytest.mark.slow
NIGHT = date(2024, 1, 9)


def test_nightly_schedule_is_2am_seoul():
    from flows.deployments import NIGHTLY_CRON, build_deployments

    deployments = {d.name: d for d in build_deployments()}
    assert set(deployments) == {"nightly", "ingest", "dedup", "entities", "load"}
    [schedule] = deployments["nightly"].schedules
    assert schedule.schedule.cron == NIGHTLY_CRON == "0 2 * * *"
    assert schedule.schedule.timezone == "Asia/Seoul"
    assert all(not deployments[s].schedules for s in ("ingest", "dedup", "entities", "load"))
    assert "run_date" in deployments["ingest"]._parameter_openapi_schema.properties
    assert "refresh" in deployments["nightly"]._parameter_openapi_schema.properties


@pytest.fixture()
def sandbox(tmp_path, monkeypatch):
    monkeypatch.setenv("NEWSETL_RUNS_DIR", str(tmp_path / "runs"))
    landing = tmp_path / "landing"
    landing.mkdir()
    shutil.copyfile(SEED, landing / SEED.name)
    shutil.copyfile(LANDING / "chosun_02_r1.txt", landing / "chosun_02_r1.txt")
    return landing, tmp_path / "news.duckdb", tmp_path / "runs" / NIGHT.isoformat()


def test_completed_stages_are_cached_and_refresh_recomputes(prefect_harness, sandbox):
    from flows.nightly import nightly

    landing, warehouse, run_dir = sandbox
    nightly(str(landing), str(warehouse), NIGHT, stages=["ingest", "dedup", "entities"])
    produced = {p.name: p.stat().st_mtime_ns for p in run_dir.glob("*.parquet")}
    assert not warehouse.exists()  # load did not run
    # As a Retry would: the same night again, now with the load. Completed stages come from the cache.
    counts = nightly(str(landing), str(warehouse), NIGHT)
    assert counts["articles_loaded"] == 2 and warehouse.exists()
    assert {p.name: p.stat().st_mtime_ns for p in run_dir.glob("*.parquet")} == produced
    # Refreshing one stage recomputes it (and only it).
    nightly(str(landing), str(warehouse), NIGHT, stages=["entities"], refresh=["entities"])
    after = {p.name: p.stat().st_mtime_ns for p in run_dir.glob("*.parquet")}
    assert after["mentions.parquet"] != produced["mentions.parquet"]
    assert after["articles.parquet"] == produced["articles.parquet"]


def test_stale_cache_is_recomputed(prefect_harness, sandbox):
    from flows.nightly import nightly

    landing, warehouse, run_dir = sandbox
    nightly(str(landing), str(warehouse), NIGHT)
    # The warehouse is deleted and a stage output lost: the same night must rebuild, not trust the cache.
    warehouse.unlink()
    (run_dir / "mentions.parquet").unlink()
    counts = nightly(str(landing), str(warehouse), NIGHT)
    assert warehouse.exists() and counts["articles_loaded"] == 2
    assert (run_dir / "mentions.parquet").exists()


def test_second_writer_is_refused_with_a_clear_message(prefect_harness, sandbox, monkeypatch):
    from flows.nightly import nightly

    landing, warehouse, _ = sandbox
    monkeypatch.setenv("NEWSETL_LOCK_TIMEOUT_SECONDS", "1")
    # Another process holds the lock (a lock is re-entrant inside one process, across processes it excludes).
    holder = subprocess.Popen(
        [
            sys.executable,
            "-c",
            "import sys, time; from flows.lock import writer_lock\n"
            f"with writer_lock({str(warehouse)!r}):\n    print('held', flush=True); time.sleep(60)",
        ],
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert holder.stdout.readline().strip() == "held"
        with pytest.raises(WarehouseBusyError, match="another nightly run is writing"):
            nightly(str(landing), str(warehouse), NIGHT)
    finally:
        holder.kill()
        holder.wait()
    assert not warehouse.exists()


def _cli_query(process: subprocess.Popen, out: Path, sql: str) -> str:
    """Ask an open DuckDB CLI session a question; `.once` writes the answer to a file and closes it."""
    process.stdin.write(f".once {out}\n{sql};\n")
    process.stdin.flush()
    for _ in range(200):
        if out.exists() and out.stat().st_size > 0:
            time.sleep(0.1)
            return out.read_text().strip()
        time.sleep(0.05)
    raise TimeoutError(f"the CLI did not answer {sql!r}")


def test_run_publishes_while_a_cli_session_holds_the_warehouse(prefect_harness, sandbox, tmp_path):
    from flows.nightly import nightly

    cli = Path(sys.executable).parent / "duckdb"
    if not cli.exists():
        pytest.skip("duckdb CLI not installed")
    landing, warehouse, _ = sandbox
    nightly(str(landing), str(warehouse), NIGHT)
    session = subprocess.Popen(
        [str(cli), "-readonly", "-csv", "-noheader", str(warehouse)],
        stdin=subprocess.PIPE,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        assert _cli_query(session, tmp_path / "q1.csv", "select count(*) from dim_article") == "2"
        shutil.copyfile(LANDING / "chosun_03_r1.txt", landing / "chosun_03_r1.txt")
        counts = nightly(str(landing), str(warehouse), date(2024, 1, 10))
        assert counts["articles_loaded"] == 1 and counts["checks_failed"] == 0
        # The open session keeps its snapshot: no half-loaded state, no error.
        assert _cli_query(session, tmp_path / "q2.csv", "select count(*) from dim_article") == "2"
    finally:
        session.stdin.close()
        session.wait(timeout=30)
    fresh = subprocess.run(
        [
            str(cli),
            "-readonly",
            "-csv",
            "-noheader",
            str(warehouse),
            "-c",
            "select count(*) from dim_article",
        ],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert fresh.stdout.strip() == "3"
