"""The writer lock across processes: excluded, unless the holder is the run that started this one (a served nightly
run holds the lock for the stage deployment runs it waits on)."""

from __future__ import annotations

import subprocess
import sys

import pytest

from flows.lock import WarehouseBusyError, lock_path, owner_path, writer_lock


@pytest.fixture()
def held(tmp_path):
    warehouse = tmp_path / "news.duckdb"
    holder = subprocess.Popen(
        [
            sys.executable,
            "-c",
            "import time; from flows.lock import writer_lock\n"
            f"with writer_lock({str(warehouse)!r}, owner='nightly-run-1'):\n"
            "    print('held', flush=True); time.sleep(60)",
        ],
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert holder.stdout.readline().strip() == "held"
        yield warehouse
    finally:
        holder.kill()
        holder.wait()


def test_the_holder_and_its_run_are_written(held):
    assert int(lock_path(held).read_text()) > 0  # the lock file holds the pid alone, as before
    assert owner_path(held).read_text() == "nightly-run-1"


def test_a_run_started_by_the_holder_proceeds_under_its_hold(held):
    entered = False
    with writer_lock(held, timeout_seconds=0, delegated_from="nightly-run-1"):
        entered = True
    assert entered
    assert owner_path(held).read_text() == "nightly-run-1"  # the holder's record is untouched


def test_any_other_run_is_refused(held):
    with (
        pytest.raises(WarehouseBusyError, match="another nightly run is writing"),
        writer_lock(held, timeout_seconds=0.2, poll_seconds=0.05, delegated_from="nightly-run-2"),
    ):
        pass
    with pytest.raises(WarehouseBusyError), writer_lock(held, timeout_seconds=0):
        pass


def test_outside_a_flow_run_there_is_no_owner():
    from flows.lock import run_owner

    assert run_owner() == {"owner": None, "delegated_from": None}


def test_a_later_holder_replaces_the_owner(tmp_path):
    warehouse = tmp_path / "news.duckdb"
    with writer_lock(warehouse, owner="run-a"):
        assert owner_path(warehouse).read_text() == "run-a"
    with writer_lock(warehouse):
        assert owner_path(warehouse).read_text() == ""  # no stale owner a child of run-a could borrow
