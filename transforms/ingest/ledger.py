"""The file ledger's decisions: which landing files are read tonight, what a refused or oversized file records, and
the run id. Pure: the caller lists the landing folder, reads the stored ledger and the files' bytes.

The ledger (`etl_file`) holds one row per landing file: its size, mtime and raw hash at its last load, and whether
it loaded or was rejected. A file whose size and mtime match its row is unchanged without being read (as make and
rsync decide); otherwise its content hash decides.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import date, datetime
from typing import Protocol

import polars as pl

from transforms.common.keys import natural_id

# One row per landing file seen tonight (etl_file's columns, without the run id).
FILE_SCHEMA: dict[str, pl.DataType] = {
    "source_file": pl.String,
    "size_bytes": pl.Int64,
    "mtime": pl.Datetime("us", "UTC"),
    "raw_hash": pl.String,
    "status": pl.String,
    "record_count": pl.Int64,
}


class Listed(Protocol):
    relative: str
    size_bytes: int
    mtime: datetime


def ledger_entry(
    source_file: str,
    size_bytes: int,
    mtime: datetime | None,
    raw_hash: str,
    status: str,
    record_count: int = 0,
) -> dict:
    """A FILE_SCHEMA row."""
    return {
        "source_file": source_file,
        "size_bytes": size_bytes,
        "mtime": mtime,
        "raw_hash": raw_hash,
        "status": status,
        "record_count": record_count,
    }


def file_reject(source_file: str, reason: str, detail: str) -> dict:
    """A reject row for a whole file (REJECT_SCHEMA; records carry their index instead of None)."""
    return {"source_file": source_file, "source_record": None, "reason": reason, "detail": detail}


def refusal_entries(
    refused: Iterable[tuple[str, str]], known_hash: Mapping[str, str], full_scan: bool
) -> tuple[list[dict], list[dict], int]:
    """Rejects and ledger entries for the entries the listing refused (symlinks out of the folder, special files).

    A refusal is kept in the ledger like a file (raw hash `refused:<reason>`), so the same refusal is not counted
    again every night; `full_scan` counts them all again. Returns (rejects, ledger entries, unchanged count).
    """
    rejects: list[dict] = []
    ledger: list[dict] = []
    unchanged = 0
    for relative, reason in refused:
        kind = reason.split(":")[0]
        marker = f"refused:{kind}"
        if not full_scan and known_hash.get(relative) == marker:
            unchanged += 1
            continue
        rejects.append(file_reject(relative, kind, reason))
        ledger.append(ledger_entry(relative, 0, None, marker, "rejected"))
    return rejects, ledger, unchanged


def files_to_read(
    files: Iterable[Listed], known_stat: Mapping[str, tuple[int, datetime]], full_scan: bool
) -> list:
    """The listed files whose size or mtime differ from their ledger row (every file with `full_scan`)."""
    return [f for f in files if full_scan or known_stat.get(f.relative) != (f.size_bytes, f.mtime)]


def oversized(
    relative: str, size_bytes: int, mtime: datetime, max_file_bytes: int
) -> tuple[dict, dict] | None:
    """(reject, ledger entry) for a file over the size limit, which is never read; None for a file within it."""
    if size_bytes <= max_file_bytes:
        return None
    detail = f"{size_bytes} bytes > limit {max_file_bytes}"
    return (
        file_reject(relative, "too_large", detail),
        ledger_entry(relative, size_bytes, mtime, f"size:{size_bytes}", "rejected"),
    )


def run_id(run_date: date, ledger: Iterable[Mapping]) -> str:
    """The run's id: the night and the content it processed, so a re-run of the same night gets the same id."""
    return f"{run_date:%Y%m%d}-{natural_id(*sorted((e['source_file'], e['raw_hash']) for e in ledger))[:12]}"
