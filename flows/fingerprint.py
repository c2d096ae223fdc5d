"""Code fingerprints: a hash of the source and data files each stage runs, part of the stage's cache key.

Prefect's TASK_SOURCE covers only a task function's own lines; a stage's output depends on the whole transform
package it calls (rules, word lists, the tagger's model). A stage's fingerprint hashes every file of those packages
(`*.py`, CSV/TOML/JSON tables, model files), sorted by path, so any edit there recomputes the stage. It is computed
once per process (a long-lived server process sees code changes only after a restart, as Python itself does).
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

import xxhash
from prefect.cache_policies import CachePolicy

from flows.settings import PROJECT_ROOT

# Where the packages below are read from (tests point it at a copy of the tree).
SOURCE_ROOT = PROJECT_ROOT
# Each stage's code: the folders (relative to SOURCE_ROOT) whose files it runs or reads.
STAGE_SOURCES: dict[str, tuple[str, ...]] = {
    "ingest": ("transforms/ingest", "transforms/common", "transforms/dates"),
    "dedup": ("transforms/dedup", "transforms/common"),
    "entities": ("transforms/entities", "transforms/quotes", "transforms/dates", "transforms/common"),
    "load": ("warehouse",),
}
# Files that are not code: caches, the warehouse itself, partial writes.
_SKIPPED_SUFFIXES = (".pyc", ".duckdb", ".wal", ".partial", ".lock")


def source_files(root: Path, folders: tuple[str, ...]) -> list[Path]:
    """Every regular file under the folders, hidden files and __pycache__ left out, sorted by relative path."""
    found = set()
    for folder in folders:
        for path in (root / folder).rglob("*"):
            relative = path.relative_to(root)
            if any(part.startswith(".") or part == "__pycache__" for part in relative.parts):
                continue
            if path.is_file() and not path.name.endswith(_SKIPPED_SUFFIXES):
                found.add(path)
    return sorted(found, key=lambda p: p.relative_to(root).as_posix())


@lru_cache(maxsize=16)
def _fingerprint(stage: str, root: str) -> str:
    digest = xxhash.xxh3_128()
    for path in source_files(Path(root), STAGE_SOURCES[stage]):
        digest.update(path.relative_to(root).as_posix().encode("utf-8") + b"\0")
        digest.update(path.read_bytes())
        digest.update(b"\0")
    return digest.hexdigest()


def code_fingerprint(stage: str) -> str:
    """xxh3-128 of the stage's source and data files (paths and bytes), computed once per process."""
    return _fingerprint(stage, str(SOURCE_ROOT))


@dataclass
class CodeFingerprint(CachePolicy):
    """Cache policy part: the code fingerprint of a stage (combine with INPUTS and TASK_SOURCE)."""

    stage: str = ""

    def compute_key(
        self, task_ctx: Any, inputs: dict[str, Any], flow_parameters: dict[str, Any], **kwargs: Any
    ) -> str:
        return code_fingerprint(self.stage)
