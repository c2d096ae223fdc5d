"""All file reading and writing of the flows: the landing folder, stage outputs, seeds."""

from __future__ import annotations

import csv
import errno
import json
import os
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from stat import S_ISDIR, S_ISREG

import polars as pl
import xxhash


@dataclass(frozen=True)
class LandingFile:
    relative: str  # path relative to the landing folder, '/'-separated
    location: str  # where to read it (a str: a Path per file costs a second per 100k files)
    size_bytes: int
    mtime: datetime

    @property
    def path(self) -> Path:
        return Path(self.location)


def list_landing_files(input_dir: Path) -> tuple[list[LandingFile], list[tuple[str, str]]]:
    """Every regular file under `input_dir` (hidden files and folders skipped), sorted by relative path, and the
    entries refused as (relative path, reason): symlinks leading outside the folder, loops, unreadable entries,
    and special files (FIFOs, sockets, devices), which are never opened.

    One `scandir` per folder; only symlinks are resolved, so a 100k-file folder lists in well under a second.
    """
    root = input_dir.resolve()
    root_prefix = str(root) + os.sep
    files: list[LandingFile] = []
    refused: list[tuple[str, str]] = []
    seen_dirs: set[tuple[int, int]] = set()

    def relative_name(relative: str) -> str:
        # a name that is not UTF-8 (scandir gives lone surrogates): keep it, escaped, so it can be stored
        return relative.encode("utf-8", "surrogateescape").decode("utf-8", "backslashreplace")

    def inside(path: str) -> bool:
        return path == str(root) or path.startswith(root_prefix)

    def walk(folder: str, prefix: str) -> None:
        try:
            st = os.stat(folder)
            if (st.st_dev, st.st_ino) in seen_dirs:
                refused.append((relative_name(prefix.rstrip("/") or "."), "symlink_loop"))
                return
            seen_dirs.add((st.st_dev, st.st_ino))
            with os.scandir(folder) as entries:
                listing = sorted(entries, key=lambda e: e.name)
        except OSError as exc:
            refused.append((relative_name(prefix.rstrip("/") or "."), f"unreadable: {exc.strerror}"))
            return
        subfolders = []
        for entry in listing:
            if entry.name.startswith("."):
                continue
            relative = relative_name(prefix + entry.name)
            try:
                target = entry.path
                if entry.is_symlink():
                    target = os.path.realpath(entry.path, strict=True)
                    if not inside(target):
                        refused.append((relative, "outside_landing"))
                        continue
                stat = os.stat(target)
            except OSError as exc:
                if exc.errno == errno.ELOOP:
                    refused.append((relative, "symlink_loop"))
                else:
                    refused.append((relative, f"unreadable: {exc.strerror or exc}"))
                continue
            if S_ISDIR(stat.st_mode):
                subfolders.append((entry.path, prefix + entry.name + "/"))
            elif S_ISREG(stat.st_mode):
                files.append(
                    LandingFile(relative, target, stat.st_size, datetime.fromtimestamp(stat.st_mtime, UTC))
                )
            else:
                refused.append((relative, "not_a_regular_file"))
        for sub, sub_prefix in subfolders:
            walk(sub, sub_prefix)

    walk(str(root), "")
    files.sort(key=lambda f: f.relative)
    return files, refused


def write_parquet(frame: pl.DataFrame, path: Path) -> Path:
    """Write a stage output atomically (a crash never leaves a half-written file under the final name)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    partial = path.with_suffix(".parquet.partial")
    frame.write_parquet(partial, compression="zstd")
    os.replace(partial, path)
    return path


def read_gazetteer(seeds_dir: Path) -> dict[str, str]:
    with open(seeds_dir / "gazetteer.csv", encoding="utf-8") as handle:
        return {row["name"]: row["entity_type"] for row in csv.DictReader(handle)}


def read_aliases(seeds_dir: Path, schema: dict) -> pl.DataFrame:
    return pl.read_csv(seeds_dir / "entity_aliases.csv", schema=schema)


def file_sha(path: Path) -> str:
    """xxh3-128 of a file's bytes, streamed."""
    digest = xxhash.xxh3_128()
    with open(path, "rb") as handle:
        while chunk := handle.read(1 << 20):
            digest.update(chunk)
    return digest.hexdigest()


def landing_fingerprint(input_dir: Path) -> str:
    """A cheap content token for a landing folder: every file's relative path, size and mtime."""
    files, refused = list_landing_files(input_dir)
    parts = [f"{f.relative}\x1f{f.size_bytes}\x1f{f.mtime.isoformat()}" for f in files] + [
        r for r, _ in refused
    ]
    return xxhash.xxh3_128_hexdigest("\n".join(parts).encode("utf-8"))


def warehouse_fingerprint(path: str | Path) -> str:
    """A token that changes whenever the published warehouse is replaced (size and mtime in ns)."""
    path = Path(path)
    if not path.exists():
        return "absent"
    stat = path.stat()
    return f"{stat.st_size}:{stat.st_mtime_ns}"


def write_json(data: dict, path: Path) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    partial = path.with_suffix(".json.partial")
    partial.write_text(json.dumps(data, ensure_ascii=False, indent=2, default=str), encoding="utf-8")
    os.replace(partial, path)
    return path


def read_admin_index(seeds_dir: Path):
    """The 법정동 시도/시군구 index from `admin_areas.csv`."""
    from transforms.entities.admin import AdminIndex

    with open(seeds_dir / "admin_areas.csv", encoding="utf-8") as handle:
        return AdminIndex.from_rows(csv.DictReader(handle))
