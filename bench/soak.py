"""A month of nights against one warehouse, with faults on chosen nights (issue 20).

    .venv/bin/python bench/soak.py --nights 30 [--seed 20] [--small]     # what `make soak NIGHTS=30` runs

The landing folder evolves like a real crawler's (`Crawler`): each night new files of real articles (조선일보 and
법률신문, June 2024: `../shared/corpora/ko_news_rss_gitscrape`) as text scrapes, JSON Lines, RSS, HTML and gzip'd
text; some earlier files edited and re-published under the same name (revisions); re-scrapes under new names;
deleted files; hostile files (random bytes, one repeated symbol, random printable noise, cut gzip, broken JSON).
Each night runs the nightly flow in a child process (forked from a pre-imported parent, `tests.test_reliability.
Zygote`: a real process, killed with SIGKILL, against a Prefect test server), and faults land on chosen nights:
kill -9 on five nights at a point of some stage drawn from `tests.test_reliability.KILL_POINTS` (the lock taken,
a stage's output or manifest written, the load's building copy or its WAL; then the night is run again), a full disk on one (RLIMIT_FSIZE: every
write past the limit fails with EFBIG, as on a full disk; then the night is run again), a second run started
during one, and the DuckDB CLI (`.venv/bin/duckdb -readonly`) held open on the warehouse across one.

After every night it checks and prints: files seen = loaded + rejected + unchanged (and = files in the folder); no
article loaded twice (one row per article key and per file record); every warehouse check passes; a re-run of the
same night changes no table. The same nights run without faults on a second warehouse (the clean replay); at the
end both warehouses are compared table by table (`bench/compare_warehouses.py`, wall-clock columns left out).
Prints one line per night and a verdict; exit 1 when anything failed.
"""

from __future__ import annotations

import argparse
import gzip
import json
import os
import random
import shutil
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
os.environ.setdefault("PREFECT_SERVER_ANALYTICS_ENABLED", "false")
os.environ.setdefault("PREFECT_SERVER_EPHEMERAL_STARTUP_TIMEOUT_SECONDS", "180")
os.environ.setdefault("PREFECT_LOGGING_LEVEL", "ERROR")

from bench.corpus import as_html, as_json, as_rss, as_text, edit, load_pool  # noqa: E402
from tests.test_reliability import KILL_POINTS  # noqa: E402 (the points of every stage where a kill can land)

FIRST_NIGHT = date(2024, 6, 1)
RUN_TIMEOUT = 600.0


def fault_plan(nights: int, rng: random.Random) -> dict[int, str]:
    """Night number -> fault. Five kills, one full disk, one second run, one open CLI session (fewer when the
    soak is shorter); night 1 is always clean (a warehouse to damage first)."""
    faults = ["kill"] * 5 + ["disk_full", "second_run", "cli_open"]
    candidates = list(range(2, nights + 1))
    rng.shuffle(candidates)
    if len(candidates) < len(faults):  # a short soak: one of each kind first
        faults = ["kill", "disk_full", "second_run", "cli_open", "kill"][: len(candidates)]
    return dict(zip(candidates, faults, strict=False))


class Crawler:
    """The landing folder of a crawler: writes one night's changes, deterministically for a seed."""

    def __init__(self, landing: Path, rng: random.Random, per_night: tuple[int, int]) -> None:
        self.landing = landing
        self.rng = rng
        self.per_night = per_night
        self.pool = load_pool()
        rng.shuffle(self.pool)
        self.next_article = 0
        self.articles: dict[str, dict] = {}  # single-article files -> the article (for revisions)
        landing.mkdir(parents=True, exist_ok=True)

    def _take(self, night: date, count: int) -> list[dict]:
        start = datetime(night.year, night.month, night.day, 1, tzinfo=UTC)
        out = []
        for _ in range(count):
            base = self.pool[self.next_article % len(self.pool)]
            index = self.next_article
            self.next_article += 1
            out.append(
                dict(
                    base,
                    published=start + timedelta(minutes=9 * len(out)),
                    url=f"https://www.{base['domain']}/soak/{index:06d}/",
                )
            )
        return out

    def _write(self, name: str, data: bytes) -> None:
        (self.landing / name).write_bytes(data)

    def night(self, number: int, night: date) -> dict[str, int]:
        """Write night `number`'s changes; returns how many files of each kind were written or removed."""
        rng, tag = self.rng, f"n{number:02d}"
        made = {"new": 0, "revised": 0, "rescraped": 0, "deleted": 0, "hostile": 0}
        articles = self._take(night, rng.randint(*self.per_night))
        position = 0
        while position < len(articles):
            form = rng.choices(["text", "html", "gz", "jsonl", "rss"], [50, 15, 10, 15, 10])[0]
            if form in {"jsonl", "rss"}:
                batch = articles[position : position + rng.randint(3, 8)]
                data = (
                    "\n".join(json.dumps(as_json(a), ensure_ascii=False) for a in batch) + "\n"
                    if form == "jsonl"
                    else as_rss(batch)
                )
                self._write(f"{tag}_{position:03d}.{'jsonl' if form == 'jsonl' else 'xml'}", data.encode())
                position += len(batch)
            else:
                article = articles[position]
                name = f"{tag}_{position:03d}." + {"text": "txt", "html": "html", "gz": "txt.gz"}[form]
                self._write(name, self._render(name, article))
                self.articles[name] = article
                position += 1
            made["new"] += 1
        earlier = sorted(n for n in self.articles if not n.startswith(tag) and (self.landing / n).exists())
        for name in rng.sample(earlier, min(len(earlier), rng.randint(1, 3))):  # edited, re-published
            self.articles[name] = edit(rng, self.articles[name])
            self._write(name, self._render(name, self.articles[name]))
            made["revised"] += 1
        for k, name in enumerate(rng.sample(earlier, min(len(earlier), rng.randint(0, 2)))):  # re-scraped
            shutil.copyfile(self.landing / name, self.landing / f"rescrape_{tag}_{k}_{name}")
            made["rescraped"] += 1
        for name in rng.sample(earlier, min(len(earlier), rng.randint(0, 2))):  # removed by the crawler
            (self.landing / name).unlink()
            self.articles.pop(name)
            made["deleted"] += 1
        for k in range(rng.randint(1, 3)):
            self._write(f"{tag}_hostile_{k}.txt", self._hostile(rng))
            made["hostile"] += 1
        return made

    @staticmethod
    def _render(name: str, article: dict) -> bytes:
        if name.endswith(".html"):
            return as_html(article).encode()
        data = as_text(article).encode()
        return gzip.compress(data, mtime=0) if name.endswith(".gz") else data

    @staticmethod
    def _hostile(rng: random.Random) -> bytes:
        kind = rng.randrange(6)
        if kind == 0:
            return bytes(rng.getrandbits(8) for _ in range(rng.choice([300, 5000, 60000])))
        if kind == 1:
            return rng.choice(['"', "R", "B", "ㅋ"]).encode() * 3000
        if kind == 2:
            return bytes(rng.randrange(32, 127) for _ in range(rng.choice([300, 5000])))
        if kind == 3:
            packed = gzip.compress("서울시는 새 정책을 발표했다.\n".encode() * 200, mtime=0)
            return packed[: len(packed) // 2]
        if kind == 4:
            return b'{"title": "t", "body": ' + b"[" * 5000
        return b""


@dataclass
class Target:
    """A warehouse with its run folder and Prefect result storage."""

    warehouse: Path
    runs: Path
    storage: Path

    @classmethod
    def under(cls, folder: Path) -> Target:
        folder.mkdir(parents=True)
        return cls(folder / "news.duckdb", folder / "runs", folder / "storage")


def start(zygote, target: Target, landing: Path, night: date, **kw):
    return zygote.start(landing, target.warehouse, target.runs, target.storage, night, **kw)


def verify(target: Target, counts: dict, landing_files: int) -> tuple[bool, str]:
    """The per-night checks on a warehouse after its night: reconciliation, no doubles, the warehouse checks."""
    import duckdb

    from warehouse import db

    seen, loaded = counts["files_seen"], counts["files_loaded"]
    rejected, unchanged = counts["files_rejected"], counts["files_unchanged"]
    reconciled = seen == loaded + rejected + unchanged == landing_files
    con = duckdb.connect(str(target.warehouse), read_only=True)
    try:
        rows, keys, records = con.execute(
            "select count(*), count(distinct article_key), count(distinct (source_file, source_record)) "
            "from dim_article"
        ).fetchone()
        facts = con.execute("select count(*), count(distinct article_key) from fct_article").fetchone()
        passed, failed = db.run_checks(con, scope="all")
    finally:
        con.close()
    unique = rows == keys == records and facts[0] == facts[1] == rows
    text = (
        f"files {seen} = loaded {loaded} + rejected {rejected} + unchanged {unchanged} "
        f"{'ok' if reconciled else 'MISMATCH'} | articles {rows} {'unique' if unique else 'DOUBLED'} | "
        f"checks {len(passed)}/{len(passed) + len(failed)}"
    )
    return reconciled and unique and not failed, text


def article_count(warehouse: Path) -> int:
    import duckdb

    con = duckdb.connect(str(warehouse), read_only=True)
    try:
        return con.execute("select count(*) from dim_article").fetchone()[0]
    finally:
        con.close()


def run_fault(zygote, target: Target, landing: Path, night: date, fault: str, rng) -> str:
    """Run the night under `fault`; returns what happened. The caller then runs the night to completion."""
    if fault == "kill":
        point = rng.choice([p for p in KILL_POINTS if not p.published])
        child = start(zygote, target, landing, night)
        run_dir, t0 = target.runs / night.isoformat(), time.monotonic()
        while child.alive() and not point.fired(run_dir, target.warehouse, child.pid):
            time.sleep(0.005)
        alive = child.alive()
        child.kill()
        child.wait(30)
        when = f"{point.stage}: {point.name}, {time.monotonic() - t0:.1f} s"
        return f"kill -9 at {when} ({'killed' if alive else 'had finished'})"
    if fault == "disk_full":
        limit = max(64 << 10, target.warehouse.stat().st_size // 2)
        outcome = start(zygote, target, landing, night, fsize=limit).wait(RUN_TIMEOUT)
        failed = "error" in outcome
        return f"disk full at {limit >> 10} KB ({'run failed: ' + outcome['error'][:40] if failed else 'run passed'})"
    if fault == "second_run":
        first = start(zygote, target, landing, night)
        time.sleep(0.3)
        second = start(zygote, target, landing, night, env={"NEWSETL_LOCK_TIMEOUT_SECONDS": "0"})
        a, b = first.wait(RUN_TIMEOUT), second.wait(RUN_TIMEOUT)
        said = ["ok" if "error" not in r else r["error"].split(":")[0] for r in (a, b)]
        done = next((r for r in (a, b) if "error" not in r), None)
        loaded = f"; the run that wrote loaded {done['files_loaded']} files" if done else ""
        return f"two runs at once: first {said[0]}, second {said[1]}{loaded}"
    raise ValueError(fault)


def cli_session(warehouse: Path) -> subprocess.Popen:
    """The DuckDB CLI on the warehouse, read-only, reading statements from a pipe (an analyst's open session)."""
    process = subprocess.Popen(
        [str(Path(sys.executable).parent / "duckdb"), "-readonly", "-csv", "-noheader", str(warehouse)],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    process.stdin.write("select count(*) from dim_article;\n")
    process.stdin.flush()
    return process


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--nights", type=int, default=30)
    parser.add_argument("--seed", type=int, default=20)
    parser.add_argument("--small", action="store_true", help="10-20 articles a night (the test's soak)")
    parser.add_argument("--keep", action="store_true", help="keep the work folder (printed)")
    args = parser.parse_args()

    import prefect.settings
    from prefect.testing.utilities import prefect_test_harness

    from bench.compare_warehouses import VOLATILE, compare
    from tests.hostile import table_checksums
    from tests.test_reliability import Zygote

    started = time.monotonic()
    work = Path(tempfile.mkdtemp(prefix="newsetl-soak-"))
    landing = work / "landing"
    faulted, clean = Target.under(work / "faulted"), Target.under(work / "clean")
    crawler = Crawler(landing, random.Random(args.seed), (10, 20) if args.small else (40, 80))
    plan = fault_plan(args.nights, random.Random(args.seed + 1))
    fault_rng = random.Random(args.seed + 2)
    commit = subprocess.run(["git", "rev-parse", "--short", "HEAD"], capture_output=True, text=True, cwd=ROOT)
    print(
        f"soak: {args.nights} nights, seed {args.seed}, commit {commit.stdout.strip() or '?'}; faults: "
        + ", ".join(f"night {n} {f}" for n, f in sorted(plan.items())),
        flush=True,
    )
    failures: list[str] = []
    try:
        with prefect_test_harness(server_startup_timeout=180):
            lab = argparse.Namespace(root=work, env={}, api_url=prefect.settings.PREFECT_API_URL.value())
            with Zygote(lab) as zygote:
                for number in range(1, args.nights + 1):
                    night = FIRST_NIGHT + timedelta(days=number - 1)
                    made = crawler.night(number, night)
                    files = sum(1 for p in landing.iterdir() if p.is_file())
                    fault, note, cli = plan.get(number), "", None
                    if fault == "cli_open":
                        cli = cli_session(faulted.warehouse)
                    elif fault:
                        note = run_fault(zygote, faulted, landing, night, fault, fault_rng)
                    t0 = time.monotonic()
                    counts = start(zygote, faulted, landing, night).wait(RUN_TIMEOUT)
                    took = time.monotonic() - t0
                    if cli:
                        cli.stdin.write("select count(*) from dim_article;\n")
                        out, _ = cli.communicate(timeout=60)
                        note = f"CLI open across the night, saw {' then '.join(out.split()[:2])} articles"
                    if "error" in counts:
                        failures.append(f"night {number}: the run after the fault failed: {counts['error']}")
                        print(f"night {number:2d} {night} FAILED: {counts['error'][:200]}", flush=True)
                        break
                    ok, text = verify(faulted, counts, files)
                    before = table_checksums(faulted.warehouse)
                    rerun = start(zygote, faulted, landing, night).wait(RUN_TIMEOUT)
                    same = "error" not in rerun and table_checksums(faulted.warehouse) == before
                    replay = start(zygote, clean, landing, night).wait(RUN_TIMEOUT)
                    if "error" in replay:
                        failures.append(f"night {number}: clean replay failed: {replay['error']}")
                    rows = [article_count(t.warehouse) for t in (faulted, clean)]
                    text += f" | clean replay {rows[1]} {'same' if rows[0] == rows[1] else 'DIFFERENT'}"
                    ok = ok and rows[0] == rows[1]
                    if not (ok and same):
                        failures.append(f"night {number}: {text}; rerun {'unchanged' if same else 'CHANGED'}")
                    print(
                        f"night {number:2d} {night} +{made['new']} new, {made['revised']} revised, "
                        f"{made['rescraped']} re-scraped, {made['deleted']} deleted, {made['hostile']} hostile | "
                        f"{text} | rerun {'unchanged' if same else 'CHANGED'} | {took:.0f} s"
                        + (f" | {fault}: {note}" if fault else ""),
                        flush=True,
                    )
        print("\nfaulted warehouse (a) vs clean replay of the same nights (b):")
        # v_story's first and last appearance fall back to ingested_at (wall clock) for articles without a date
        ignore = VOLATILE | {"first_appeared_at", "last_appeared_at"}
        differing = compare(faulted.warehouse, clean.warehouse, ignore, show=3)
        if differing:
            failures.append("the faulted warehouse differs from the clean replay")
    finally:
        if args.keep:
            print(f"work folder: {work}", file=sys.stderr)
        else:
            shutil.rmtree(work, ignore_errors=True)
    minutes = (time.monotonic() - started) / 60
    verdict = "PASS" if not failures else "FAIL"
    print(
        f"verdict: {verdict}: {args.nights} nights, {len(plan)} faults, {len(failures)} failures, {minutes:.1f} min"
    )
    for failure in failures:
        print(f"  {failure}")
    return 0 if not failures else 1


if __name__ == "__main__":
    sys.exit(main())
