"""Fuzz every reader (issue 20): mutations of real files and noise through decode, detect and every parser.

    .venv/bin/python bench/fuzz.py --n 10000 [--seed 20] [--timeout 30]     # what `make fuzz N=...` runs

Prints cases tried, outcomes (articles loaded, rejects by reason), crashes, hangs and noise cases (random bytes,
printable noise, random code points, one repeated symbol) loaded as articles (each must be 0; each is
listed with the case that caused it, which `tests/fuzzing.make_case` rebuilds from the seed) and the slowest case.
The cases are described in `tests/fuzzing.py`. Exit 1 on any crash, hang or noise loaded.
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from tests.fuzzing import run_campaign, seed_files  # noqa: E402


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--n", type=int, default=10_000, help="cases to try")
    parser.add_argument("--seed", type=int, default=20)
    parser.add_argument(
        "--timeout", type=float, default=30.0, help="wall seconds a case may take before it is a hang"
    )
    args = parser.parse_args()
    commit = subprocess.run(["git", "rev-parse", "--short", "HEAD"], capture_output=True, text=True, cwd=ROOT)
    print(
        f"fuzz: {args.n} cases, seed {args.seed}, {len(seed_files())} real seed files, "
        f"time limit {args.timeout} s (wall) per case, commit {commit.stdout.strip() or '?'}"
    )
    started = time.monotonic()

    def progress(campaign) -> None:
        if campaign.cases % 1000 == 0:
            print(
                f"  {campaign.cases} cases, {len(campaign.failures)} failures, {time.monotonic() - started:.0f} s",
                flush=True,
            )

    campaign = run_campaign(args.n, args.seed, args.timeout, progress)
    crashes = [f for f in campaign.failures if f[0] == "crash"]
    hangs = [f for f in campaign.failures if f[0] == "hang"]
    garbage = [f for f in campaign.failures if f[0] == "garbage loaded"]
    rejects = {k: v for k, v in campaign.outcomes.items() if k not in {"article", "no records"}}
    print(f"cases tried: {campaign.cases} in {time.monotonic() - started:.0f} s")
    print(f"articles loaded (records): {campaign.outcomes['article']}")
    print(
        "rejects by reason (files or records): " + ", ".join(f"{k} {v}" for k, v in sorted(rejects.items()))
    )
    print(f"crashes: {len(crashes)}")
    print(f"hangs (> {args.timeout} s): {len(hangs)}")
    print(f"noise loaded as an article: {len(garbage)}")
    for status, case, detail in campaign.failures[:20]:
        print(f"  {status}: {case}: {detail.strip().splitlines()[-1] if detail.strip() else ''}")
    print(f"slowest case: {campaign.slowest[0]:.2f} s of CPU, {campaign.slowest[1]}")
    return 1 if campaign.failures else 0


if __name__ == "__main__":
    sys.exit(main())
