"""Reliability bench (issue 8): the hostile corpus and the fault scenarios, as one table.

    .venv/bin/python bench/reliability.py            # what `make reliability` runs (CI too)

Prints `kind | expected outcome | actual | pass` for every hostile input of `tests/hostile.py`, the count
reconciliation, kill -9 at ten points of the four stages (each followed by a re-run), two writers at once, a full
disk during the load (tmpfs when root may mount one, else RLIMIT_FSIZE), a re-run of the same night, a file that
changes while it is read, an unreadable file, a file name that is not UTF-8, fetches of planted URLs, and SQL
built from values.
Exits 1 when any row fails. Takes about 3 minutes on 2 cores (a Prefect test server, then ~30 nightly runs).
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
os.environ.setdefault("PREFECT_SERVER_ANALYTICS_ENABLED", "false")
os.environ.setdefault("PREFECT_SERVER_EPHEMERAL_STARTUP_TIMEOUT_SECONDS", "180")
os.environ.setdefault("PREFECT_LOGGING_LEVEL", "ERROR")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--keep", action="store_true", help="keep the work folder (printed) for inspection")
    args = parser.parse_args()

    import pytest
    from prefect.testing.utilities import prefect_test_harness

    from tests import test_reliability as r
    from tests.hostile import Canary, format_table

    started = time.monotonic()
    work = Path(tempfile.mkdtemp(prefix="newsetl-reliability-"))
    env = pytest.MonkeyPatch()
    rows = []
    timings = []

    def timed(label: str, fn):
        t0 = time.monotonic()
        out = fn()
        timings.append(f"{label} {time.monotonic() - t0:.0f} s")
        return out

    try:
        with prefect_test_harness(server_startup_timeout=180), Canary() as canary:
            lab = timed("corpus + baseline + reference", lambda: r.prepare_lab(work, env.setenv, canary))
            rows += r.hostile_verdicts(lab)
            with r.Zygote(lab) as zygote:
                kills = timed("kill -9 x10", lambda: r.kill_scenarios(lab, zygote))
                rows += [k.verdict() for k in kills]
                rows.append(r.leftover_verdict(kills))
                rows += timed("two writers", lambda: r.two_writers_scenario(lab, zygote)).verdicts()
                rows.append(r.stage_lock_scenario(lab, env.setenv))
                with ThreadPoolExecutor(2) as pool:
                    disks = timed(
                        "disk full",
                        lambda: list(
                            pool.map(lambda m: r.disk_full_scenario(lab, zygote, m), ("copy", "write"))
                        ),
                    )
                rows += [d.verdict() for d in disks]
            rows += r.rerun_verdicts(*timed("re-run", lambda: r.rerun_scenario(lab, env.setenv)))
            rows.append(r.changing_file_scenario(lab, env.setenv))
            rows.append(r.unreadable_scenario(lab, env.setenv))
            rows.append(r.bad_name_scenario(lab, env.setenv))
            rows.append(r.canary_verdict(lab))
            rows += r.sql_verdicts()
    finally:
        env.undo()
        if args.keep:
            print(f"work folder: {work}", file=sys.stderr)
        else:
            import shutil

            shutil.rmtree(work, ignore_errors=True)

    print(format_table(rows))
    failed = [row for row in rows if not row.ok]
    print()
    print(f"timings: {', '.join(timings)}; total {time.monotonic() - started:.0f} s")
    print(f"{len(rows) - len(failed)} passed, {len(failed)} failed")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
