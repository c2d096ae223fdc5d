"""Typed stage manifests: what each stage wrote (paths and content hashes) and counted.

Each stage writes its manifest as `<run folder>/<stage>.json` (the same JSON as before these classes existed);
the next stage reads it back typed, so a count the load binds into SQL is a named field, not a key of a merged dict.
"""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass, fields
from pathlib import Path
from typing import ClassVar, Self

from flows.files import file_sha, write_json
from transforms.common.keys import natural_id


@dataclass(frozen=True)
class Output:
    """One stage output: where it is and the xxh3-128 of its bytes (what the next stage's cache key uses)."""

    path: str
    sha: str

    def intact(self) -> bool:
        return Path(self.path).exists() and file_sha(Path(self.path)) == self.sha


def described(outputs: dict[str, Path]) -> dict[str, Output]:
    """A manifest's `outputs` from the files a stage just wrote."""
    return {name: Output(str(path), file_sha(path)) for name, path in outputs.items()}


@dataclass(frozen=True)
class IngestCounts:
    files_seen: int
    files_loaded: int
    files_rejected: int
    files_unchanged: int
    records_loaded: int
    records_rejected: int


@dataclass(frozen=True)
class DedupCounts:
    duplicates_exact: int
    duplicates_near: int
    stored_articles_rekeyed: int


@dataclass(frozen=True)
class EntitiesCounts:
    mentions: int
    entities: int
    date_mentions: int
    names_remembered: int = 0  # trusted names the warehouse knew before the night (the memory)
    mentions_remembered: int = 0  # mentions the memory proposed


@dataclass(frozen=True)
class Manifest:
    """Base of the stage manifests: `outputs` by name, and the JSON round trip."""

    stage: ClassVar[str]
    counts_type: ClassVar[type]

    def output(self, name: str) -> str:
        return self.outputs[name].path  # type: ignore[attr-defined]

    def intact(self) -> bool:
        """A cached manifest is only good while the files it names still hold what it hashed."""
        return all(o.intact() for o in self.outputs.values())  # type: ignore[attr-defined]

    def content_sha(self) -> str:
        """One token for all the outputs' content."""
        return natural_id(*(o.sha for o in self.outputs.values()))  # type: ignore[attr-defined]

    def to_json(self) -> dict:
        return asdict(self)

    @classmethod
    def from_json(cls, data: dict) -> Self:
        values = {f.name: data[f.name] for f in fields(cls) if f.name in data}  # newer fields have defaults
        values["outputs"] = {name: Output(**o) for name, o in data["outputs"].items()}
        values["counts"] = cls.counts_type(**data["counts"])
        return cls(**values)

    def write(self, out_dir: str | Path) -> Path:
        return write_json(self.to_json(), Path(out_dir) / f"{self.stage}.json")

    @classmethod
    def read(cls, out_dir: str | Path) -> Self:
        path = Path(out_dir) / f"{cls.stage}.json"
        if not path.exists():
            raise FileNotFoundError(
                f"stage '{cls.stage}' has not run for this run folder ({path} is missing): run it first"
            )
        return cls.from_json(json.loads(path.read_text(encoding="utf-8")))


@dataclass(frozen=True)
class IngestManifest(Manifest):
    stage: ClassVar[str] = "ingest"
    counts_type: ClassVar[type] = IngestCounts
    run_id: str
    outputs: dict[str, Output]
    counts: IngestCounts
    rejects_by_reason: list[tuple[str, int]]


@dataclass(frozen=True)
class DedupManifest(Manifest):
    stage: ClassVar[str] = "dedup"
    counts_type: ClassVar[type] = DedupCounts
    outputs: dict[str, Output]
    counts: DedupCounts


@dataclass(frozen=True)
class EntitiesManifest(Manifest):
    stage: ClassVar[str] = "entities"
    counts_type: ClassVar[type] = EntitiesCounts
    outputs: dict[str, Output]
    counts: EntitiesCounts
    extractor_version: str = (
        ""  # the code and seeds that made the frames (flows.stages.entities.extractor_version)
    )


@dataclass(frozen=True)
class LoadResult:
    """What the load published (nothing when the night brought nothing new: all zeros)."""

    run_id: str
    articles_loaded: int
    entities_new: int
    checks_passed: int
    checks_failed: int


def night_counts(
    ingest: IngestManifest, dedup: DedupManifest, entities: EntitiesManifest, load: LoadResult
) -> dict:
    """The run summary the load flow returns: every stage's counts, then the load's (in the order of old)."""
    return {
        **asdict(ingest.counts),
        **asdict(dedup.counts),
        **asdict(entities.counts),
        **asdict(load),
    }
