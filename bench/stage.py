"""Run one pipeline stage's real code (the Prefect task's function, without orchestration) for the benchmark.

    python bench/stage.py STAGE --input DIR --warehouse FILE --run-date YYYY-MM-DD   (NEWSETL_RUNS_DIR set)

Prints the stage's counts as JSON on the last line.
"""

from __future__ import annotations

import argparse
import json
from datetime import date
from pathlib import Path

from flows import stages
from flows.settings import Settings


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("stage", choices=stages.STAGES)
    parser.add_argument("--input", required=True)
    parser.add_argument("--warehouse", required=True)
    parser.add_argument("--run-date", type=date.fromisoformat, required=True)
    args = parser.parse_args()
    settings = Settings()
    out_dir = str(stages.run_folder(settings, args.run_date))
    if args.stage == "ingest":
        result = stages.ingest_files.fn(args.input, out_dir, args.warehouse, args.run_date, "bench")
    elif args.stage == "dedup":
        result = stages.find_duplicates.fn(out_dir, args.warehouse, "bench")
    elif args.stage == "entities":
        result = stages.extract_entities.fn(out_dir, str(settings.seeds_dir), "bench", settings.tagger)
    else:
        result = stages.load_warehouse.fn(out_dir, args.warehouse, args.run_date, "bench")
    Path(out_dir).mkdir(parents=True, exist_ok=True)
    print(json.dumps(result["counts"], default=str))


if __name__ == "__main__":
    main()
