"""Map a stage's partitions over Prefect's task runner: a local process pool, or a Dask cluster.

A stage that parallelizes (ingest: parsing files; entities: extracting mentions) cuts its input into partitions,
hands each to a partition task that reads its input from a path and writes its output Parquet beside the run's
other outputs, and combines the partition outputs in partition order. The result therefore never depends on how
many workers ran, or where.

Inside a Prefect run each partition is a task run on the configured runner (`NEWSETL_TASK_RUNNER`):

- `process` (default): Prefect's `ProcessPoolTaskRunner` with `NEWSETL_WORKERS` processes on this machine.
- `dask`: `prefect_dask.DaskTaskRunner`, on the scheduler at `NEWSETL_DASK_ADDRESS` (a real cluster: workers must
  see the same run folder path, e.g. a shared volume) or, without an address, on a temporary `LocalCluster` of
  `NEWSETL_WORKERS` single-threaded worker processes.

Outside a run (the benchmark's per-stage processes, tests calling a task's `.fn`) the same task functions run on a
plain process pool. A single partition always runs in-process: a small night starts no workers.
"""

from __future__ import annotations

import ctypes
import ctypes.util
from collections.abc import Callable, Sequence
from concurrent.futures import ProcessPoolExecutor
from functools import lru_cache
from importlib import import_module
from multiprocessing import get_context
from typing import Any

from prefect.context import FlowRunContext

from flows.settings import Settings


def make_task_runner(settings: Settings):
    """The Prefect task runner the settings ask for (not started)."""
    if settings.task_runner == "dask":
        from prefect_dask import DaskTaskRunner

        if settings.dask_address:
            return DaskTaskRunner(address=settings.dask_address)
        return DaskTaskRunner(
            cluster_kwargs={
                "n_workers": settings.workers,
                "threads_per_worker": 1,
                "processes": True,
                "dashboard_address": None,
            }
        )
    from prefect.task_runners import ProcessPoolTaskRunner

    return ProcessPoolTaskRunner(max_workers=settings.workers)


def map_partitions(
    partition_task,
    partitions: Sequence[dict[str, Any]],
    settings: Settings | None = None,
    on_done: Callable[[int, int], None] | None = None,
) -> list[Any]:
    """Run `partition_task` (a Prefect task) once per partition (its keyword arguments); results in partition order.

    `on_done(done, total)` is called as partitions complete, in order (for progress logs).
    """
    settings = settings or Settings()
    partitions = list(partitions)
    if not partitions:
        return []
    results: list[Any] = []

    def collect(futures) -> list[Any]:
        for done, future in enumerate(futures, start=1):
            results.append(future.result())
            if on_done:
                on_done(done, len(futures))
        return results

    parallel = settings.task_runner == "dask" or settings.workers > 1
    if len(partitions) == 1 or not parallel:
        return collect([_Done(partition_task.fn(**p)) for p in partitions])
    if FlowRunContext.get() is None:
        with ProcessPoolExecutor(settings.workers, mp_context=get_context("spawn")) as pool:
            task_ref = (partition_task.fn.__module__, partition_task.fn.__qualname__)
            return collect([pool.submit(_call_task_fn, task_ref, p) for p in partitions])
    with make_task_runner(settings) as runner:
        return collect([runner.submit(partition_task, p) for p in partitions])


@lru_cache(maxsize=1)
def _malloc_trim() -> Callable[[int], int] | None:
    """glibc's malloc_trim, where the C library has it (not on macOS, Windows or musl)."""
    name = ctypes.util.find_library("c")
    try:
        return ctypes.CDLL(name).malloc_trim if name else None
    except (OSError, AttributeError):
        return None


def release_memory() -> None:
    """Give the memory a finished partition freed back to the system, as a long-lived worker process should.

    glibc keeps freed heap pages and reuses them only where they fit, so a worker that runs partition after
    partition grows by fragmentation: at 1,000-article entity partitions one worker peaked at 1,689 MiB over 20,000
    bench articles without this and at 1,454 MiB with it, in the same time (the call takes milliseconds).
    """
    trim = _malloc_trim()
    if trim is not None:
        trim(0)


def _call_task_fn(task_ref: tuple[str, str], kwargs: dict[str, Any]) -> Any:
    """In a worker process: the task's plain function (a Task object does not pickle by reference)."""
    module, name = task_ref
    return getattr(import_module(module), name).fn(**kwargs)


class _Done:
    """An already computed result with a future's `result()`."""

    def __init__(self, value: Any) -> None:
        self.value = value

    def result(self) -> Any:
        return self.value


def chunks(items: list, size: int) -> list[list]:
    """`items` cut into lists of `size` (the last may be shorter)."""
    return [items[i : i + size] for i in range(0, len(items), size)]
