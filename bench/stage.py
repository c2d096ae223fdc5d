"""Run one pipeline stage's real code (the Prefect task's function, without orchestration) for the benchmark.

    python bench/stage.py STAGE --input DIR --warehouse FILE --run-date YYYY-MM-DD   (NEWSETL_RUNS_DIR set)

Prints the stage's counts as JSON on the last line, and on stderr the peak resident memory of this process and of
its largest worker process (the stages' process pools).
"""

from __future__ import annotations

import argparse
import json
import resource
import sys
from dataclasses import asdict
from datetime import date
from pathlib import Path

from flows.cache import run_folder
from flows.manifest import night_counts
from flows.settings import Settings
from flows.stages import STAGES, dedup, entities, ingest, load


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("stage", choices=STAGES)
    parser.add_argument("--input", required=True)
    parser.add_argument("--warehouse", required=True)
    parser.add_argument("--run-date", type=date.fromisoformat, required=True)
    args = parser.parse_args()
    settings = Settings()
    out_dir = str(run_folder(settings, args.run_date))
    if args.stage == "ingest":
        known = ingest.read_ingest_state.fn(args.warehouse)
        counts = ingest.ingest_files.fn(args.input, out_dir, known, args.run_date, "bench").counts
    elif args.stage == "dedup":
        counts = dedup.find_duplicates.fn(out_dir, args.warehouse, "bench").counts
    elif args.stage == "entities":
        memory_path = str(Path(out_dir) / "memory.parquet")
        entities.remember_names.fn(args.warehouse, memory_path)
        counts = entities.extract_entities.fn(
            out_dir, str(settings.seeds_dir), "bench", settings.tagger, memory_path=memory_path
        ).counts
    else:
        result = load.load_warehouse.fn(out_dir, args.warehouse, args.run_date, "bench")
        print(json.dumps(night_counts(*load.read_manifests(out_dir), result), default=str))
        return
    Path(out_dir).mkdir(parents=True, exist_ok=True)
    _print_peak_memory()
    print(json.dumps(asdict(counts), default=str))


def _print_peak_memory() -> None:
    """Peak RSS (Linux reports KiB) of this process and of the largest of its waited-for children."""
    own = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    workers = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    print(f"peak RSS: main process {own:,.0f} MiB, largest worker {workers:,.0f} MiB", file=sys.stderr)


if __name__ == "__main__":
    main()
