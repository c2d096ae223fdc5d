"""One writer per warehouse: an advisory file lock next to the warehouse file.

It works with or without a Prefect server (ephemeral runs, served deployments, two shells), and the kernel drops it
when the holder dies, so a killed run never leaves a stale lock.
"""

from __future__ import annotations

import fcntl
import os
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

_held: dict[Path, int] = {}  # lock files this process holds, with their re-entry depth


class WarehouseBusyError(RuntimeError):
    """Another run holds the warehouse's writer lock."""


def lock_path(warehouse: str | Path) -> Path:
    warehouse = Path(warehouse)
    return warehouse.with_name(f".{warehouse.name}.lock")


def owner_path(warehouse: str | Path) -> Path:
    """Beside the lock (which holds the holder's pid): the flow run the holder holds it for, written on taking it."""
    return lock_path(warehouse).with_suffix(".owner")


def run_owner() -> dict[str, str | None]:
    """The current Prefect flow run as a lock owner, and its parent run (a served nightly run that started it as a
    stage deployment run): writer_lock's `owner` and `delegated_from`. Outside a run, both are None."""
    from prefect.runtime import flow_run

    run_id = flow_run.get_id()
    return {"owner": run_id, "delegated_from": flow_run.get_parent_flow_run_id() if run_id else None}


@contextmanager
def writer_lock(
    warehouse: str | Path,
    timeout_seconds: float = 0.0,
    poll_seconds: float = 0.5,
    owner: str | None = None,
    delegated_from: str | None = None,
) -> Iterator[None]:
    """Hold the writer lock of `warehouse`, waiting up to `timeout_seconds`; raise WarehouseBusyError after.

    `owner` (a flow run id) is written beside the lock (owner_path). A run whose `delegated_from` is the owner of the
    held lock (a served nightly run waiting on its stage run, in another process) proceeds under its parent's hold.
    """
    path = lock_path(warehouse).resolve()
    if _held.get(path):
        # Re-entry from this process (the nightly flow holds the lock while a stage also asks for it).
        _held[path] += 1
        try:
            yield
        finally:
            _held[path] -= 1
        return
    path.parent.mkdir(parents=True, exist_ok=True)
    fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o644)
    deadline = time.monotonic() + timeout_seconds
    try:
        while True:
            try:
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
                break
            except BlockingIOError:
                if delegated_from and _read(owner_path(warehouse)) == delegated_from:
                    yield  # the parent run holds the lock for this run, and waits for it
                    return
                if time.monotonic() >= deadline:
                    holder = os.pread(fd, 64, 0).decode(errors="replace").strip() or "unknown"
                    raise WarehouseBusyError(
                        f"another nightly run is writing {warehouse} (pid {holder}); "
                        f"waited {timeout_seconds:.0f} s. "
                        "Let it finish, or raise NEWSETL_LOCK_TIMEOUT_SECONDS to wait longer."
                    ) from None
                time.sleep(poll_seconds)
        # the owner first: a waiting child of this run must not find a previous holder's run there
        owner_path(warehouse).resolve().write_text(owner or "", encoding="utf-8")
        os.ftruncate(fd, 0)
        os.pwrite(fd, str(os.getpid()).encode(), 0)
        _held[path] = 1
        yield
    finally:
        _held.pop(path, None)
        os.close(fd)  # closing the descriptor releases the lock


def _read(path: Path) -> str:
    try:
        return path.read_text(encoding="utf-8").strip()
    except OSError:
        return ""
