"""Caching and retries of the stage tasks, and what the stages share about the run folder and logging.

A stage task's cache key is its inputs (which include a fingerprint of the content it reads: the landing files'
sizes and mtimes, the stage outputs' hashes, the published warehouse's state), the task's source, and the code
fingerprint of the stage (every file of the transform packages it runs). A Retry of a failed nightly run therefore
reuses completed stages, and any change of input or code recomputes.
"""

from __future__ import annotations

import logging
import shutil
from collections.abc import Callable
from contextlib import suppress
from datetime import date, datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import duckdb
from prefect import get_run_logger
from prefect.cache_policies import INPUTS, TASK_SOURCE, CachePolicy
from prefect.exceptions import MissingContextError

from flows.fingerprint import CodeFingerprint
from flows.settings import Settings

NEWSROOM_TZ = ZoneInfo("Asia/Seoul")


def stage_cache(stage: str) -> CachePolicy:
    """The cache policy of a stage's task: its inputs, its own source, and the code it runs (flows/fingerprint.py)."""
    return INPUTS + TASK_SOURCE + CodeFingerprint(stage=stage)


def retry_on_io(task, task_run, state) -> bool:
    """Retry condition: only a failure to read or write (a file, the warehouse) is worth another try; a failed
    check, changed settings or a parse error would fail the same way again."""
    try:
        error = state.result(raise_on_failure=False)
    except Exception:  # noqa: BLE001 (a result that cannot be read: let the retry policy decide)
        return True
    return isinstance(error, OSError | duckdb.IOException)


def run_cached(task_fn, args: tuple, kwargs: dict, refresh: bool, valid: Callable[[object], bool]):
    """Call a cached task; when its cached result no longer matches the world (`valid` is false: outputs deleted,
    warehouse rebuilt), call it again with the cache refreshed."""
    result = task_fn.with_options(refresh_cache=refresh)(*args, **kwargs)
    if not refresh and not valid(result):
        stage_logger().info("%s: cached result is stale; recomputing", task_fn.name)
        result = task_fn.with_options(refresh_cache=True)(*args, **kwargs)
    return result


def stage_logger() -> logging.Logger | logging.LoggerAdapter:
    """Prefect's run logger inside a run; a plain logger when a task's `.fn` is called directly (tests, bench)."""
    try:
        return get_run_logger()
    except MissingContextError:
        return logging.getLogger("newsetl")


def run_folder(settings: Settings, run_date: date) -> Path:
    """Where a night's stage outputs and manifests go."""
    return settings.runs_dir / run_date.isoformat()


# The manifest a stage reads from the run folder: a stage run without a date takes the latest night that has it.
NEEDS = {"ingest": None, "dedup": "ingest", "entities": "ingest", "load": "entities"}


def latest_night(runs_dir: Path, needs: str | None) -> date | None:
    """The latest run folder (`YYYY-MM-DD`) under `runs_dir` holding `<needs>.json` (none: any run folder)."""
    nights = []
    for folder in runs_dir.glob("????-??-??") if runs_dir.is_dir() else []:
        with suppress(ValueError):
            if folder.is_dir() and (needs is None or (folder / f"{needs}.json").is_file()):
                nights.append(date.fromisoformat(folder.name))
    return max(nights, default=None)


def resolve_run_date(run_date: date | None, stage: str, settings: Settings) -> date:
    """The night a stage run processes: `run_date`, else the latest night in the run folder whose previous stage is
    done (what a UI Quick run re-runs), else, for ingest, today in newsroom time."""
    if run_date is not None:
        return run_date
    found = latest_night(settings.runs_dir, NEEDS[stage])
    if found is not None:
        return found
    if stage == "ingest":
        return datetime.now(NEWSROOM_TZ).date()
    raise FileNotFoundError(f"no night under {settings.runs_dir} has {NEEDS[stage]}.json: give run_date")


def stage_paths(run_date: date | None, warehouse: str | None, stage: str) -> tuple[Settings, date, str, str]:
    """(settings, the night, its run folder, warehouse path) of a stage flow's run."""
    settings = Settings()
    run_date = resolve_run_date(run_date, stage, settings)
    return settings, run_date, str(run_folder(settings, run_date)), str(warehouse or settings.warehouse)


def remove_parts(parts_dir: Path) -> None:
    """Remove a stage's partition outputs (left by a killed run, or combined), and the `parts` folder once empty."""
    shutil.rmtree(parts_dir, ignore_errors=True)
    with suppress(OSError):
        parts_dir.parent.rmdir()
