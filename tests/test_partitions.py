"""Partitioned stages give the same outputs whatever the partition size, the number of workers and the task runner
(a local process pool, or Dask): partition outputs are combined in partition order."""

from __future__ import annotations

import shutil
from datetime import date
from pathlib import Path

import pytest

from flows.files import file_sha
from flows.settings import Settings
from flows.stages import entities, ingest
from tests.conftest import LANDING

NIGHT = date(2024, 1, 10)
OUTPUTS = {
    "ingest": ("articles", "reporters", "rejects", "files", "publisher_lines"),
    "entities": ("entities", "aliases", "mentions", "person_roles", "date_mentions"),
}


def stage_outputs(out_dir: Path, warehouse: Path) -> dict[str, str]:
    """Run ingest and entities (their task functions, outside a Prefect run) and hash every output."""
    ingest.ingest_files.fn(
        str(LANDING), str(out_dir), ingest.read_ingest_state.fn(str(warehouse)), NIGHT, "test"
    )
    entities.extract_entities.fn(str(out_dir), str(Settings().seeds_dir), "test", "none")
    return {
        f"{stage}/{name}": file_sha(out_dir / f"{name}.parquet")
        for stage, names in OUTPUTS.items()
        for name in names
    }


@pytest.mark.parametrize(
    ("workers", "files_per_partition", "rows_per_partition"), [(1, 3, 4), (2, 3, 4), (2, 5, 6)]
)
def test_partitioning_does_not_change_outputs(
    tmp_path, monkeypatch, workers, files_per_partition, rows_per_partition
):
    warehouse = tmp_path / "absent.duckdb"
    whole = stage_outputs(tmp_path / "whole", warehouse)  # the sample is one partition at the default sizes
    monkeypatch.setenv("NEWSETL_WORKERS", str(workers))
    monkeypatch.setattr(ingest, "INGEST_PARTITION_FILES", files_per_partition)
    monkeypatch.setattr(entities, "ENTITY_PARTITION_ROWS", rows_per_partition)
    assert stage_outputs(tmp_path / "parts", warehouse) == whole
    assert not (tmp_path / "parts" / "parts").exists()  # partition outputs are removed once combined


@pytest.mark.slow
@pytest.mark.parametrize("runner", ["process", "dask"])
def test_task_runners_publish_the_same_warehouse(tmp_path, monkeypatch, prefect_harness, runner):
    """The nightly flow with small partitions on each task runner (Dask: a LocalCluster of two worker processes)
    publishes the same tables as an unpartitioned run."""
    from flows.nightly import nightly
    from tests.test_flow_e2e import table_checksums

    monkeypatch.setenv("NEWSETL_RUNS_DIR", str(tmp_path / "runs-whole"))
    monkeypatch.setenv("NEWSETL_WORKERS", "1")
    nightly(str(LANDING), str(tmp_path / "whole.duckdb"), NIGHT)

    monkeypatch.setenv("NEWSETL_RUNS_DIR", str(tmp_path / "runs-parts"))
    monkeypatch.setenv("NEWSETL_WORKERS", "2")
    monkeypatch.setenv("NEWSETL_TASK_RUNNER", runner)
    monkeypatch.setattr(ingest, "INGEST_PARTITION_FILES", 4)
    monkeypatch.setattr(entities, "ENTITY_PARTITION_ROWS", 5)
    summary = nightly(str(LANDING), str(tmp_path / "parts.duckdb"), NIGHT)
    assert summary["records_loaded"] == 14 and summary["checks_failed"] == 0
    assert table_checksums(tmp_path / "parts.duckdb") == table_checksums(tmp_path / "whole.duckdb")
    shutil.rmtree(tmp_path / "runs-parts", ignore_errors=True)
