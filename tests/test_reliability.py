"""Issue 8: nothing lost, nothing counted twice, no input escapes its folder or its quoting.

One module-wide lab (`prepare_lab`): the hostile corpus of `tests/hostile.py`, a previous night's warehouse (the
baseline) and an uninterrupted run of the hostile night on a copy of it (the reference). The faults then start from
the baseline again: kill -9 at points of every stage, two writers at once, a full disk during the load, a re-run of
the same night. Every warehouse is compared by a checksum per table (wall-clock columns left out).

The scenario functions are plain functions so that `bench/reliability.py` runs them outside pytest.
"""

from __future__ import annotations

import ast
import contextlib
import os
import re
import shutil
import signal
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

import pytest

from tests.hostile import (
    LANDING,
    SEED_NAME,
    Canary,
    Corpus,
    Verdict,
    build_corpus,
    changes_while_read,
    changing_article,
    evaluate,
    find_text_anywhere,
    forbidden_texts,
    hostile_env,
    latest_run_id,
    read_fails,
    reconcile,
    table_checksums,
)

pytestmark = pytest.mark.slow
ROOT = Path(__file__).resolve().parents[1]
BIN = Path(sys.executable).parent
NIGHT1 = date(2024, 1, 8)
NIGHT2 = date(2024, 1, 9)
SetEnv = Callable[[str, str], None]


def file_sha(path: Path) -> str:
    from flows.files import file_sha as sha

    return sha(path)


@dataclass
class Lab:
    root: Path
    corpus: Corpus
    canary: Canary
    # the hostile limits (NEWSETL_MAX_*): set for in-process runs, given to child processes
    env: dict[str, str]
    api_url: str  # the Prefect API of the running harness: subprocess runs skip the ephemeral server start
    baseline: Path  # the warehouse after night 1 (the "previous consistent one")
    baseline_sha: str
    baseline_sums: dict
    reference: Path  # the warehouse after an uninterrupted night 2 on the hostile corpus
    reference_sums: dict
    reference_counts: dict
    run_id: str


def quick_settings(storage: Path | str | None = None):
    """Prefect settings of every test run: no flow heartbeat thread (Prefect joins it at each flow's end, and it
    sleeps in 1 s steps: ~3.5 s of a 6 s night), and optionally the task-result folder of an earlier run."""
    from prefect.settings import temporary_settings

    updates: dict = {"flows.heartbeat_frequency": None}
    if storage:
        updates["results.local_storage_path"] = str(storage)
    return temporary_settings(updates=updates)


def run_nightly(
    setenv: SetEnv,
    landing: Path,
    warehouse: Path,
    runs_dir: Path,
    night: date,
    storage: Path | None = None,
) -> dict:
    """The nightly flow in this process (under the Prefect harness); `storage`: see `quick_settings`."""
    from flows.nightly import nightly

    setenv("NEWSETL_RUNS_DIR", str(runs_dir))
    with quick_settings(storage):
        return nightly(str(landing), str(warehouse), night)


def prepare_lab(root: Path, setenv: SetEnv, canary: Canary) -> Lab:
    """Build the corpus, night 1 (baseline) and an uninterrupted night 2 (reference). Needs a Prefect harness."""
    import prefect.settings

    env = hostile_env()
    for key, value in env.items():
        setenv(key, value)
    corpus = build_corpus(
        root / "landing",
        root / "outside",
        canary_url=canary.url,
        max_decompressed_bytes=int(env["NEWSETL_MAX_DECOMPRESSED_BYTES"]),
    )
    night1 = root / "landing-night1"
    night1.mkdir()
    for name in (SEED_NAME, "chosun_05_r1.txt"):
        shutil.copyfile(LANDING / name, night1 / name)
    baseline = root / "baseline" / "news.duckdb"
    run_nightly(setenv, night1, baseline, root / "runs-baseline", NIGHT1)
    reference = root / "reference" / "news.duckdb"
    reference.parent.mkdir()
    shutil.copyfile(baseline, reference)
    counts = run_nightly(setenv, corpus.landing, reference, root / "runs-reference", NIGHT2)
    return Lab(
        root=root,
        corpus=corpus,
        canary=canary,
        env=env,
        api_url=prefect.settings.PREFECT_API_URL.value(),
        baseline=baseline,
        baseline_sha=file_sha(baseline),
        baseline_sums=table_checksums(baseline),
        reference=reference,
        reference_sums=table_checksums(reference),
        reference_counts=counts,
        run_id=counts["run_id"],
    )


def fresh_copy(lab: Lab, name: str) -> Path:
    """A scenario folder holding a copy of the baseline warehouse."""
    folder = lab.root / name
    folder.mkdir()
    shutil.copyfile(lab.baseline, folder / "news.duckdb")
    return folder / "news.duckdb"


def differing_tables(a: dict, b: dict) -> list[str]:
    return sorted(t for t in set(a) | set(b) if a.get(t) != b.get(t))


# --- subprocess runs --------------------------------------------------------------------------------------


def start_cli(
    lab: Lab,
    warehouse: Path,
    runs_dir: Path,
    prefect_home: Path,
    *,
    extra_env: dict[str, str] | None = None,
) -> subprocess.Popen:
    """`newsetl run` on the hostile night in its own process group, against the harness's Prefect API."""
    env = {
        **os.environ,
        **lab.env,
        "NEWSETL_RUNS_DIR": str(runs_dir),
        "PREFECT_HOME": str(prefect_home),
        "PREFECT_API_URL": lab.api_url,
        "PREFECT_SERVER_ANALYTICS_ENABLED": "false",
        "PREFECT_LOGGING_LEVEL": "WARNING",
        **(extra_env or {}),
    }
    log = warehouse.parent / f"cli-{time.monotonic_ns()}"
    args = [str(BIN / "newsetl"), "run", "--input", str(lab.corpus.landing)]
    args += ["--warehouse", str(warehouse), "--run-date", NIGHT2.isoformat()]
    process = subprocess.Popen(
        args,
        env=env,
        stdout=open(f"{log}.out", "wb"),  # noqa: SIM115 (the child owns it)
        stderr=open(f"{log}.err", "wb"),  # noqa: SIM115
        start_new_session=True,
        cwd=ROOT,
    )
    process.log_base = str(log)
    return process


def cli_output(process: subprocess.Popen) -> str:
    """What a `start_cli` process wrote: stderr, then stdout."""
    return "".join(Path(process.log_base + ext).read_text(errors="replace") for ext in (".err", ".out"))


# --- child runs: a pre-imported parent forks one child per run -----------------------------------------------


def zygote_main() -> None:
    """Import everything a run needs once, then fork one child per job line read on stdin (JSON: landing,
    warehouse, runs_dir, storage, night, env, fsize, result, log) and answer with the child's pid. A child runs the nightly flow
    against the harness's Prefect API and writes its counts (or its error) to `result`. Forking skips the ~8 s of
    imports a `newsetl run` process pays, so kill -9 can be tried at many points in little time. Nothing here may
    start a thread before forking (Polars and DuckDB only start their pools on first use)."""
    import json

    import feedparser  # noqa: F401
    import trafilatura  # noqa: F401

    import flows.nightly
    import transforms.ingest.detect
    import transforms.ingest.parsers.concat  # noqa: F401

    signal.signal(signal.SIGCHLD, signal.SIG_IGN)  # children are reaped by the kernel: a dead pid is gone
    print("ready", flush=True)
    for line in sys.stdin:
        job = json.loads(line)
        pid = os.fork()
        if pid:
            print(pid, flush=True)
            continue
        signal.signal(signal.SIGCHLD, signal.SIG_DFL)
        log = os.open(job["log"], os.O_WRONLY | os.O_CREAT | os.O_APPEND, 0o644)
        os.dup2(log, 1)
        os.dup2(log, 2)
        code = 1
        try:
            os.environ.update(job["env"], NEWSETL_RUNS_DIR=job["runs_dir"])
            if job["fsize"]:  # a full disk without a mount: writes past the limit fail with EFBIG
                import resource

                signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
                resource.setrlimit(resource.RLIMIT_FSIZE, (job["fsize"], job["fsize"]))
            with quick_settings(job["storage"]):
                counts = flows.nightly.nightly(
                    job["landing"], job["warehouse"], date.fromisoformat(job["night"])
                )
            outcome, code = counts, 0
        except BaseException as exc:
            outcome = {"error": f"{type(exc).__name__}: {exc}"}
        partial = job["result"] + ".partial"
        Path(partial).write_text(json.dumps(outcome, default=str))
        os.replace(partial, job["result"])
        os._exit(code)


@dataclass
class ChildRun:
    pid: int
    result_path: Path
    log: Path

    def alive(self) -> bool:
        return _is_running(self.pid)

    def kill(self) -> None:
        with contextlib.suppress(ProcessLookupError):
            os.kill(self.pid, signal.SIGKILL)

    def wait(self, timeout: float) -> dict:
        deadline = time.monotonic() + timeout
        while self.alive():
            if time.monotonic() > deadline:
                self.kill()
                return {"error": f"timed out after {timeout} s"}
            time.sleep(0.01)
        return self.result()

    def result(self) -> dict:
        import json

        if not self.result_path.exists():
            tail = self.log.read_text(errors="replace")[-300:] if self.log.exists() else ""
            return {"error": f"killed (no result); log: {tail}"}
        return json.loads(self.result_path.read_text())


def _is_running(pid: int) -> bool:
    try:
        return Path(f"/proc/{pid}/stat").read_text().split(") ")[-1][0] not in "ZX"
    except OSError:
        return False


class Zygote:
    """The forking parent of child runs (see `zygote_main`), started with the lab's settings."""

    def __init__(self, lab: Lab) -> None:
        import threading

        self.lab = lab
        self.folder = lab.root / f"zygote-{time.monotonic_ns()}"
        self.folder.mkdir()
        self.lock = threading.Lock()
        self.count = 0

    def __enter__(self) -> Zygote:
        env = {
            **os.environ,
            **self.lab.env,
            "PREFECT_HOME": str(self.folder / "prefect"),
            "PREFECT_API_URL": self.lab.api_url,
            "PREFECT_SERVER_ANALYTICS_ENABLED": "false",
            "PREFECT_LOGGING_LEVEL": "WARNING",
            "PYTHONPATH": os.pathsep.join(filter(None, [str(ROOT), os.environ.get("PYTHONPATH")])),
        }
        self.process = subprocess.Popen(
            [sys.executable, "-c", "from tests.test_reliability import zygote_main; zygote_main()"],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=open(self.folder / "zygote.log", "wb"),  # noqa: SIM115 (the child owns it)
            text=True,
            cwd=ROOT,
            env=env,
        )
        line = self.process.stdout.readline().strip()
        if line != "ready":
            raise RuntimeError(f"zygote did not start: {(self.folder / 'zygote.log').read_text()[-500:]}")
        return self

    def start(
        self,
        landing: Path,
        warehouse: Path,
        runs_dir: Path,
        storage: Path,
        night: date,
        *,
        env: dict[str, str] | None = None,
        fsize: int | None = None,
    ) -> ChildRun:
        """Fork a child run of the nightly flow; `env` is added to its environment, `fsize` caps its file sizes."""
        import json

        with self.lock:
            self.count += 1
            result, log = self.folder / f"job-{self.count}.json", self.folder / f"job-{self.count}.log"
            job = {
                "landing": str(landing),
                "warehouse": str(warehouse),
                "runs_dir": str(runs_dir),
                "storage": str(storage),
                "night": night.isoformat(),
                "env": env or {},
                "fsize": fsize,
                "result": str(result),
                "log": str(log),
            }
            self.process.stdin.write(json.dumps(job) + "\n")
            self.process.stdin.flush()
            return ChildRun(int(self.process.stdout.readline()), result, log)

    def __exit__(self, *exc) -> None:
        self.process.stdin.close()
        self.process.wait(timeout=30)


@dataclass(frozen=True)
class KillPoint:
    id: str
    stage: str
    name: str
    fired: Callable[[Path, Path, int], bool]  # (run folder, warehouse, pid) -> kill now
    published: bool = False  # the kill lands after the atomic publish: the new warehouse is expected


def _exists(*names: str) -> Callable[[Path, Path, int], bool]:
    return lambda run_dir, _w, _p: any((run_dir / n).exists() for n in names)


def _building(suffix: str = "") -> Callable[[Path, Path, int], bool]:
    def fired(_r: Path, warehouse: Path, _p: int) -> bool:
        prefix = f".{warehouse.name}.building-"
        return any(n.startswith(prefix) and n.endswith(suffix) for n in os.listdir(warehouse.parent))

    return fired


def _lock_held(_r: Path, warehouse: Path, pid: int) -> bool:
    lock = warehouse.with_name(f".{warehouse.name}.lock")
    return lock.exists() and lock.read_bytes().strip() == str(pid).encode()


_INODES: dict[Path, int] = {}  # warehouse -> inode of the copy a kill scenario started from


def _replaced(_r: Path, warehouse: Path, _p: int) -> bool:
    return warehouse.stat().st_ino != _INODES.get(warehouse, warehouse.stat().st_ino)


KILL_POINTS = (
    KillPoint("ingest-lock", "ingest", "lock taken, ingest starting", _lock_held),
    KillPoint(
        "ingest-articles",
        "ingest",
        "articles.parquet written",
        _exists("articles.parquet.partial", "articles.parquet"),
    ),
    KillPoint("ingest-manifest", "ingest", "ingest.json written", _exists("ingest.json")),
    KillPoint(
        "dedup-output",
        "dedup",
        "duplicates.parquet written",
        _exists("duplicates.parquet.partial", "duplicates.parquet"),
    ),
    KillPoint("dedup-manifest", "dedup", "dedup.json written", _exists("dedup.json")),
    KillPoint(
        "entities-output",
        "entities",
        "entities.parquet written",
        _exists("entities.parquet.partial", "entities.parquet"),
    ),
    KillPoint("entities-manifest", "entities", "entities.json written", _exists("entities.json")),
    KillPoint("load-copy", "load", "building copy appears", _building()),
    KillPoint("load-wal", "load", "building copy's WAL appears", _building(".wal")),
    KillPoint("load-published", "load", "warehouse replaced (after publish)", _replaced, published=True),
)


@dataclass
class KillResult:
    point: KillPoint
    fired: bool
    seen_at_kill: list[str]
    problems: list[str]
    leftovers: list[str] = field(default_factory=list)  # temp files beside the warehouse after the re-run

    def verdict(self) -> Verdict:
        kind = f"kill -9 in {self.point.stage}: {self.point.name}"
        expected = "published = " + ("old or new, atomically" if self.point.published else "previous")
        expected += "; re-run = uninterrupted"
        actual = ("at: " + ", ".join(self.seen_at_kill)) if self.fired else "trigger never fired"
        if self.problems:
            actual += " | " + "; ".join(self.problems)
        return Verdict(kind, expected, actual, self.fired and not self.problems)


def kill_scenario(lab: Lab, zygote: Zygote, point: KillPoint, index: int) -> KillResult:
    """Start a run in a child process, SIGKILL it when `point` fires, check the published warehouse, re-run the
    night (a child again, with the killed run's task-result storage, as a Retry would), compare to the reference."""
    warehouse = fresh_copy(lab, f"kill-{index}")
    scenario = warehouse.parent
    runs_dir, storage = scenario / "runs", scenario / "prefect-storage"
    run_dir = runs_dir / NIGHT2.isoformat()
    _INODES[warehouse] = warehouse.stat().st_ino
    job = zygote.start(lab.corpus.landing, warehouse, runs_dir, storage, NIGHT2)
    fired = False
    deadline = time.monotonic() + 180
    while job.alive() and time.monotonic() < deadline:
        if point.fired(run_dir, warehouse, job.pid):
            os.kill(job.pid, signal.SIGKILL)
            fired = True
            break
        time.sleep(0.002)
    if not fired:
        job.kill()
    job.wait(60)
    seen = sorted(p.name for p in run_dir.glob("*")) if run_dir.exists() else []
    seen += sorted(n for n in os.listdir(scenario) if n.startswith(".news.duckdb.building"))
    problems: list[str] = []
    if not fired:
        problems.append(f"run ended before the trigger: {job.result()}")
    after_kill = table_checksums(warehouse)
    if point.published:
        if after_kill not in (lab.baseline_sums, lab.reference_sums):
            problems.append(
                "published warehouse is neither the old nor the new one: "
                f"{differing_tables(after_kill, lab.reference_sums)}"
            )
    elif file_sha(warehouse) != lab.baseline_sha:
        problems.append(
            "published warehouse changed; tables differing from before: "
            f"{differing_tables(after_kill, lab.baseline_sums)}"
        )
    rerun = zygote.start(lab.corpus.landing, warehouse, runs_dir, storage, NIGHT2)
    outcome = rerun.wait(300)
    if "error" in outcome:
        problems.append(f"re-run failed: {outcome['error'][:200]}")
    else:
        final = table_checksums(warehouse)
        if final != lab.reference_sums:
            problems.append(
                f"re-run differs from an uninterrupted run in {differing_tables(final, lab.reference_sums)}"
            )
    leftovers = sorted(n for n in os.listdir(scenario) if n.startswith(".news.duckdb.building"))
    return KillResult(point, fired, seen, problems, leftovers)


def leftover_verdict(kills: list[KillResult]) -> Verdict:
    """A killed load leaves its private copy behind; the next (successful) run of that warehouse should remove it,
    or every crash keeps a warehouse-sized file forever."""
    left = {k.point.id: k.leftovers for k in kills if k.leftovers}
    return Verdict(
        "kill -9, then re-run: stale temp copies",
        "none left beside the warehouse",
        str(left),
        not left,
    )


def kill_scenarios(
    lab: Lab, zygote: Zygote, points: tuple[KillPoint, ...] = KILL_POINTS, workers: int = 2
) -> list[KillResult]:
    """Every kill point, two at a time (each scenario has its own warehouse, run folder and result storage)."""
    from concurrent.futures import ThreadPoolExecutor

    with ThreadPoolExecutor(workers) as pool:
        return list(pool.map(lambda ip: kill_scenario(lab, zygote, ip[1], ip[0]), enumerate(points)))


# --- two writers --------------------------------------------------------------------------------------------


@dataclass
class WritersResult:
    outcomes: list[dict]
    max_building: int
    lock_holders: list[str]
    tables_differing: list[str]
    refused_rc: int
    refused_output: str
    refused_warehouse_intact: bool

    def verdicts(self) -> list[Verdict]:
        errors = [o["error"][:80] for o in self.outcomes if "error" in o]
        loaded = sorted(o.get("records_loaded", -1) for o in self.outcomes)
        return [
            Verdict(
                "two runs at once (each waits up to 120 s)",
                "both succeed one after the other; never two builders; data = one run's",
                f"errors {errors}, records loaded {loaded}, max concurrent building copies {self.max_building}, "
                f"lock holders in turn {len(self.lock_holders)}, data tables differing {self.tables_differing}",
                not errors
                and loaded[0] == 0
                and loaded[1] > 0
                and self.max_building <= 1
                and len(self.lock_holders) == 2
                and not self.tables_differing,
            ),
            Verdict(
                "second run while the lock is held (waits 1 s)",
                "exit 3, 'another nightly run is writing', warehouse untouched",
                f"rc {self.refused_rc}: {self.refused_output.strip()[-90:]!r}; "
                f"intact={self.refused_warehouse_intact}",
                self.refused_rc == 3
                and "another nightly run is writing" in self.refused_output
                and self.refused_warehouse_intact,
            ),
        ]


def two_writers_scenario(lab: Lab, zygote: Zygote) -> WritersResult:
    """Two child runs forked at the same instant on one warehouse (they race for the lock with no start-up delay),
    while `newsetl run` (the real CLI) meets a lock this process holds on another warehouse."""
    from flows.lock import writer_lock

    warehouse = fresh_copy(lab, "writers")
    scenario = warehouse.parent
    held = fresh_copy(lab, "writers-refused")
    with writer_lock(held):
        refused = start_cli(
            lab,
            held,
            held.parent / "runs",
            held.parent / "prefect",
            extra_env={"NEWSETL_LOCK_TIMEOUT_SECONDS": "1"},
        )
        jobs = [
            zygote.start(
                lab.corpus.landing,
                warehouse,
                scenario / f"runs-{i}",
                scenario / f"storage-{i}",
                NIGHT2,
                env={"NEWSETL_LOCK_TIMEOUT_SECONDS": "120"},
            )
            for i in range(2)
        ]
        max_building, holders = 0, []
        lock = warehouse.with_name(f".{warehouse.name}.lock")
        deadline = time.monotonic() + 240
        while any(j.alive() for j in jobs) and time.monotonic() < deadline:
            building = [n for n in os.listdir(scenario) if ".building-" in n and not n.endswith(".wal")]
            max_building = max(max_building, len(building))
            holder = lock.read_text().strip() if lock.exists() else ""
            if holder and (not holders or holders[-1] != holder):
                holders.append(holder)
            time.sleep(0.002)
        refused.wait(timeout=120)
    outcomes = [j.wait(60) for j in jobs]
    pids = {str(j.pid) for j in jobs}
    final = table_checksums(warehouse)
    return WritersResult(
        outcomes=outcomes,
        max_building=max_building,
        lock_holders=[h for h in holders if h in pids],
        tables_differing=[t for t in differing_tables(final, lab.reference_sums) if t not in BOOKKEEPING],
        refused_rc=refused.returncode,
        refused_output=cli_output(refused),
        refused_warehouse_intact=file_sha(held) == lab.baseline_sha,
    )


# --- out of disk ---------------------------------------------------------------------------------------------


@contextlib.contextmanager
def small_disk(folder: Path, size_bytes: int) -> Iterator[str]:
    """A tmpfs of `size_bytes` at `folder` (root only); yields 'tmpfs', or 'none' when mounting is not permitted."""
    folder.mkdir(parents=True, exist_ok=True)
    kib = -(-size_bytes // 4096) * 4
    mounted = (
        subprocess.run(
            ["mount", "-t", "tmpfs", "-o", f"size={kib}k", "tmpfs", str(folder)], capture_output=True
        ).returncode
        == 0
    )
    try:
        yield "tmpfs" if mounted else "none"
    finally:
        if mounted:
            subprocess.run(["umount", "-l", str(folder)], check=False)


@dataclass
class DiskResult:
    mode: str
    how: str
    failed: bool
    message: str
    intact: bool
    leftovers: list[str]

    def verdict(self) -> Verdict:
        return Verdict(
            f"disk full during load ({self.mode}, {self.how})",
            "run fails naming the cause; old warehouse intact; no temp left",
            f"failed={self.failed}: {self.message[:80]!r}; intact={self.intact}; leftovers={self.leftovers}",
            self.failed
            and ("no space" in self.message.lower() or "too large" in self.message.lower())
            and self.intact
            and not self.leftovers,
        )


def disk_full_scenario(lab: Lab, zygote: Zygote, mode: str) -> DiskResult:
    """Fill the warehouse's disk during the load: `copy` (the private copy does not fit) or `write` (it fits,
    the load's writes do not). A tmpfs of that size when root may mount one; else the child's RLIMIT_FSIZE."""
    size = lab.baseline.stat().st_size
    folder = lab.root / f"disk-{mode}"
    capacity = size + 64 * 1024 if mode == "copy" else 2 * size + 64 * 1024
    with small_disk(folder, capacity) as how:
        warehouse = folder / "news.duckdb"
        shutil.copyfile(lab.baseline, warehouse)
        fsize = None
        if how != "tmpfs":
            how = "RLIMIT_FSIZE"
            fsize = size // 2 if mode == "copy" else size + 256 * 1024
        runs = lab.root / f"disk-{mode}-runs"
        child = zygote.start(lab.corpus.landing, warehouse, runs, runs / "storage", NIGHT2, fsize=fsize)
        outcome = child.wait(240)
        message = outcome.get("error", "run succeeded")
        intact = file_sha(warehouse) == lab.baseline_sha
        leftovers = sorted(n for n in os.listdir(folder) if ".building-" in n)
    return DiskResult(mode, how, "error" in outcome, message, intact, leftovers)


# --- re-run and change-while-read ------------------------------------------------------------------------------


def rerun_scenario(lab: Lab, setenv: SetEnv) -> tuple[dict, dict]:
    """The same night again on the reference warehouse: (checksums before, after)."""
    warehouse = lab.root / "rerun" / "news.duckdb"
    warehouse.parent.mkdir()
    shutil.copyfile(lab.reference, warehouse)
    before = table_checksums(warehouse)
    run_nightly(setenv, lab.corpus.landing, warehouse, lab.root / "runs-rerun", NIGHT2)
    return before, table_checksums(warehouse)


BOOKKEEPING = ("etl_run", "etl_file", "ingest_rejects")


def rerun_verdicts(before: dict, after: dict) -> list[Verdict]:
    data = differing_tables({k: v for k, v in before.items() if k not in BOOKKEEPING}, after)
    data = [t for t in data if t not in BOOKKEEPING]
    book = [t for t in differing_tables(before, after) if t in BOOKKEEPING]
    return [
        Verdict("re-run of the same night: data tables", "identical checksums", f"differ: {data}", not data),
        Verdict(
            "re-run of the same night: etl_run, etl_file, ingest_rejects",
            "identical checksums",
            f"differ: {book} " + "; ".join(f"{t} {before.get(t)} -> {after.get(t)}" for t in book),
            not book,
        ),
    ]


def changing_file_scenario(lab: Lab, setenv: SetEnv) -> Verdict:
    """A file still being written when ingest reads it: that night gets what was read; the next night re-reads
    the completed file and replaces the article (one row, complete body), never adding a second one."""
    partial, complete = changing_article()
    landing = lab.root / "landing-changing"
    landing.mkdir()
    target = landing / "changing.txt"
    target.write_bytes(partial)
    warehouse = fresh_copy(lab, "changing")
    with changes_while_read(target, complete) as reads:
        first = run_nightly(setenv, landing, warehouse, lab.root / "runs-changing", NIGHT2)
    second = run_nightly(setenv, landing, warehouse, lab.root / "runs-changing", date(2024, 1, 10))
    import duckdb

    con = duckdb.connect(str(warehouse), read_only=True)
    try:
        rows = con.execute("select body_text from dim_article where source_file = 'changing.txt'").fetchall()
        ledger = con.execute("select raw_hash from etl_file where source_file = 'changing.txt'").fetchall()
    finally:
        con.close()
    from transforms.common.keys import bytes_hash

    last = changing_article()[1].decode().splitlines()[-1]
    ok = (
        reads == [len(partial)]
        and first["records_loaded"] == 1
        and second["records_loaded"] == 1
        and len(rows) == 1
        and last in rows[0][0]
        and ledger == [(bytes_hash(complete),)]
    )
    return Verdict(
        "file_changes_while_read (test hook)",
        "night 1 loads what it read; night 2 re-reads; 1 row, complete",
        f"read {reads} of {len(complete)} bytes; loaded {first['records_loaded']} then {second['records_loaded']}; "
        f"rows {len(rows)}; complete={bool(rows) and last in rows[0][0]}; ledger current={ledger == [(bytes_hash(complete),)]}",
        ok,
    )


@contextlib.contextmanager
def lock_held_by_another_process(warehouse: Path) -> Iterator[int]:
    """A process that takes `warehouse`'s writer lock (flows/lock.py) and keeps it until the block ends."""
    holder = subprocess.Popen(
        [
            sys.executable,
            "-c",
            "import sys, time; from flows.lock import writer_lock\n"
            "with writer_lock(sys.argv[1]):\n    print('held', flush=True); time.sleep(600)",
            str(warehouse),
        ],
        stdout=subprocess.PIPE,
        text=True,
        cwd=ROOT,
    )
    try:
        assert holder.stdout.readline().strip() == "held"
        yield holder.pid
    finally:
        holder.kill()
        holder.wait(timeout=30)


def stage_lock_scenario(lab: Lab, setenv: SetEnv) -> Verdict:
    """The `load` stage run on its own (its deployment's Run button, `newsetl run --stage load`) while another run
    holds the warehouse's writer lock: it must wait or refuse like a nightly run, never publish beside it (the
    later of two publishes would silently drop the other's night)."""
    from flows.lock import WarehouseBusyError
    from flows.nightly import nightly
    from flows.stages import load_flow

    landing = lab.root / "landing-stage-lock"
    landing.mkdir()
    shutil.copyfile(LANDING / "chosun_06_r1.txt", landing / "chosun_06_r1.txt")
    warehouse = fresh_copy(lab, "stage-lock")
    night = date(2024, 1, 11)
    setenv("NEWSETL_RUNS_DIR", str(lab.root / "runs-stage-lock"))
    with quick_settings():
        nightly(str(landing), str(warehouse), night, stages=["ingest", "dedup", "entities"])
        before = file_sha(warehouse)
        setenv("NEWSETL_LOCK_TIMEOUT_SECONDS", "1")
        try:
            with lock_held_by_another_process(warehouse):
                load_flow(night, str(warehouse))
            outcome = "published while the lock was held"
        except WarehouseBusyError:
            outcome = "refused: WarehouseBusyError"
        except Exception as exc:
            outcome = f"{type(exc).__name__}: {str(exc)[:80]}"
        finally:
            setenv("NEWSETL_LOCK_TIMEOUT_SECONDS", "600")
    untouched = file_sha(warehouse) == before
    return Verdict(
        "load stage run alone while the lock is held",
        "waits, then refuses (WarehouseBusyError); warehouse untouched",
        f"{outcome}; warehouse untouched={untouched}",
        outcome.startswith("refused") and untouched,
    )


def unreadable_scenario(lab: Lab, setenv: SetEnv) -> Verdict:
    """A regular file whose read fails (EIO, by a test hook): rejected `unreadable` and counted, so that files seen
    = loaded + rejected + unchanged still holds; its neighbour loads."""
    landing = lab.root / "landing-unreadable"
    landing.mkdir()
    shutil.copyfile(LANDING / "chosun_10_r1.txt", landing / "chosun_10_r1.txt")
    broken = landing / "broken.txt"
    shutil.copyfile(LANDING / "chosun_11_r1.txt", broken)
    warehouse = fresh_copy(lab, "unreadable")
    with read_fails(broken) as failures:
        counts = run_nightly(setenv, landing, warehouse, lab.root / "runs-unreadable", NIGHT2)
    import duckdb

    con = duckdb.connect(str(warehouse), read_only=True)
    try:
        rejects = con.execute(
            "select reason from ingest_rejects where source_file = 'broken.txt' and run_id = ?",
            [counts["run_id"]],
        ).fetchall()
    finally:
        con.close()
    seen, loaded = counts["files_seen"], counts["files_loaded"]
    rejected, unchanged = counts["files_rejected"], counts["files_unchanged"]
    return Verdict(
        "unreadable_file (EIO on read, test hook)",
        "rejected unreadable; seen 2 = loaded 1 + rejected 1 + unchanged 0",
        f"read failures {len(failures)}, rejects {rejects}; seen {seen} = {loaded} + {rejected} + {unchanged}",
        bool(failures)
        and rejects == [("unreadable",)]
        and (seen, loaded, rejected, unchanged) == (2, 1, 1, 0),
    )


def bad_name_scenario(lab: Lab, setenv: SetEnv) -> Verdict:
    """A file whose name is not valid UTF-8 (bytes 0xFF): the night must go on, the other file loads, and the odd
    one is loaded under an escaped name or rejected with a named reason."""
    landing = lab.root / "landing-badname"
    landing.mkdir()
    shutil.copyfile(LANDING / "chosun_12_r2.txt", landing / "chosun_12_r2.txt")
    with open(os.path.join(os.fsencode(landing), b"bad\xff name.txt"), "wb") as handle:
        handle.write((LANDING / "chosun_11_r1.txt").read_bytes())
    warehouse = fresh_copy(lab, "badname")
    try:
        counts = run_nightly(setenv, landing, warehouse, lab.root / "runs-badname", NIGHT2)
    except Exception as exc:
        return Verdict(
            "file name not valid UTF-8",
            "night completes; good file loaded; odd name loaded (escaped) or rejected",
            f"night failed: {type(exc).__name__}: {str(exc)[:120]}",
            False,
        )
    seen = counts["files_loaded"] + counts["files_rejected"]
    return Verdict(
        "file name not valid UTF-8",
        "night completes; good file loaded; odd name loaded (escaped) or rejected",
        f"files loaded {counts['files_loaded']}, rejected {counts['files_rejected']}",
        seen == 2 and counts["files_loaded"] >= 1,
    )


def hostile_verdicts(lab: Lab) -> list[Verdict]:
    """The corpus kinds, the count reconciliation, the checks, and what must never reach the warehouse."""
    rows = evaluate(lab.reference, lab.corpus, lab.run_id)
    rows += reconcile(lab.reference, lab.corpus, lab.run_id)
    counts = lab.reference_counts
    rows.append(
        Verdict(
            "warehouse checks",
            "all pass",
            f"passed {counts.get('checks_passed')}, failed {counts.get('checks_failed')}",
            counts.get("checks_failed") == 0 and counts.get("checks_passed", 0) > 0,
        )
    )
    leaks = find_text_anywhere(lab.reference, forbidden_texts())
    rows.append(
        Verdict(
            "nothing from /etc/passwd, outside files, scripts or entities",
            "no table holds it",
            str(leaks[:3]),
            not leaks,
        )
    )
    return rows


def canary_verdict(lab: Lab) -> Verdict:
    return Verdict(
        "no URL in the corpus was fetched",
        "0 requests to the canary",
        f"{len(lab.canary.hits)} requests {lab.canary.hits[:5]}",
        not lab.canary.hits,
    )


# --- SQL text and paths (static) ------------------------------------------------------------------------------

_SQL = re.compile(
    r"\b(?:select\b.*\bfrom|insert\s+(?:or\s+\w+\s+)?into|update\s+\S+\s+set|delete\s+from|create\s|drop\s"
    r"|alter\s|attach\s|copy\s|pragma\s|merge\s+into|install\s|load\s+\w)",
    re.IGNORECASE | re.DOTALL,
)


def formatted_sql(folders: tuple[str, ...] = ("flows", "warehouse")) -> list[tuple[str, str]]:
    """(file, expression) of every string built by f-string, `%` or `.format` (or `+` with a non-literal) whose
    literal text reads as SQL, in the Python of `folders`."""
    found = []
    for folder in folders:
        for path in sorted((ROOT / folder).rglob("*.py")):
            rel = path.relative_to(ROOT).as_posix()
            for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
                literal = None
                if isinstance(node, ast.JoinedStr) and any(
                    isinstance(v, ast.FormattedValue) for v in node.values
                ):
                    literal = "".join(v.value for v in node.values if isinstance(v, ast.Constant))
                elif isinstance(node, ast.BinOp) and isinstance(node.op, ast.Mod | ast.Add):
                    sides = [node.left, node.right]
                    texts = [
                        s.value for s in sides if isinstance(s, ast.Constant) and isinstance(s.value, str)
                    ]
                    if texts and (isinstance(node.op, ast.Mod) or len(texts) < 2):
                        literal = "".join(texts)
                elif (
                    isinstance(node, ast.Call)
                    and isinstance(node.func, ast.Attribute)
                    and node.func.attr == "format"
                    and isinstance(node.func.value, ast.Constant)
                    and isinstance(node.func.value.value, str)
                ):
                    literal = node.func.value.value
                if literal is not None and _SQL.search(literal):
                    found.append((rel, ast.unparse(node)))
    return found


# Every SQL string built from Python values: each interpolates a constant identifier, never a value.
ALLOWED_FORMATTED_SQL = [
    ("warehouse/staging.py", "f'create or replace temp table {table} as select * from read_parquet(?)'"),
]


def sql_verdicts() -> list[Verdict]:
    from warehouse.staging import STAGING

    found = formatted_sql()
    placeholders = [
        (p.relative_to(ROOT).as_posix(), m.group(0))
        for p in sorted((ROOT / "warehouse").rglob("*.sql"))
        for m in re.finditer(r"\{[A-Za-z_]\w*\}|%s|%\(\w+\)s|\?\?", p.read_text(encoding="utf-8"))
    ]
    return [
        Verdict(
            "SQL built with Python formatting (flows/, warehouse/)",
            f"only {len(ALLOWED_FORMATTED_SQL)} constant-name line(s)",
            str(found),
            found == ALLOWED_FORMATTED_SQL,
        ),
        Verdict(
            "interpolated temp table names are constants",
            "stg_<name>",
            ", ".join(STAGING),
            all(re.fullmatch(r"stg_[a-z_]+", t) for t in STAGING),
        ),
        Verdict("SQL files hold no format placeholders", "none", str(placeholders), not placeholders),
    ]


# ============================================================================================================
# pytest
# ============================================================================================================


@pytest.fixture(scope="module")
def module_env():
    mp = pytest.MonkeyPatch()
    yield mp
    mp.undo()


@pytest.fixture(scope="module")
def lab(tmp_path_factory, prefect_harness, module_env) -> Iterator[Lab]:
    with Canary() as canary:
        built = prepare_lab(tmp_path_factory.mktemp("reliability"), module_env.setenv, canary)
        yield built
    for kind in built.corpus.kinds:  # pytest keeps old tmp folders: do not keep 200 MB in each
        if kind.name == "huge_single_line":
            (built.corpus.landing / kind.paths[0]).unlink()


@pytest.fixture(scope="module")
def verdicts(lab) -> list[Verdict]:
    return evaluate(lab.reference, lab.corpus, lab.run_id)


def _assert_all(rows: list[Verdict]) -> None:
    failing = [f"{r.kind}: expected {r.expected}; actual {r.actual}" for r in rows if not r.ok]
    assert not failing, "\n".join(failing)


def test_hostile_corpus_has_at_least_20_kinds(lab):
    assert len(lab.corpus.kinds) >= 20
    assert {"loaded", "repaired", "rejected", "duplicate", "unchanged"} <= {
        k.expected.outcome for k in lab.corpus.kinds
    }


@pytest.mark.parametrize(
    "kind",
    [
        "good_unchanged",
        "good_new",
        "good_in_subfolder",
        "good_gzip",
        "exact_duplicate",
        "empty",
        "whitespace_only",
        "binary_garbage",
        "png_named_txt",
        "truncated_gzip",
        "gzip_bomb",
        "huge_single_line",
        "invalid_utf8",
        "cp949_undeclared",
        "utf16_no_bom",
        "mixed_encodings",
        "zero_width_and_rtl",
        "title_only",
        "one_char_article",
        "deep_nested_json",
        "json_wrong_types",
        "json_path_values",
        "xml_billion_laughs",
        "xml_external_entity",
        "html_scripts_iframes",
        "json_body_with_script",
        "rss_escaped_script",
        "rss_xinclude",
        "rss_external_dtd",
        "html_with_dtd_entities",
        "name_spaces_quotes_unicode",
        "name_sql_injection",
        "symlink_loop_dir",
        "symlink_loop_file",
        "symlink_outside",
        "dangling_symlink",
        "fifo",
    ],
)
def test_hostile_kind_outcome(verdicts, kind):
    [verdict] = [v for v in verdicts if v.kind == kind]
    assert verdict.ok, f"{kind}: expected {verdict.expected}; actual {verdict.actual}"


def test_every_kind_is_parametrized(lab):
    names = {k.name for k in lab.corpus.kinds}
    marks = test_hostile_kind_outcome.pytestmark
    listed = set(next(m for m in marks if m.name == "parametrize").args[1])
    assert names == listed


def test_counts_reconcile_and_checks_pass(lab):
    rows = reconcile(lab.reference, lab.corpus, lab.run_id)
    counts = lab.reference_counts
    assert counts["checks_failed"] == 0 and counts["checks_passed"] > 0
    assert (
        counts["files_seen"] == counts["files_loaded"] + counts["files_rejected"] + counts["files_unchanged"]
    )
    assert latest_run_id(lab.reference) == lab.run_id
    _assert_all(rows)


def test_nothing_from_outside_or_scripts_reaches_the_warehouse(lab):
    leaks = find_text_anywhere(lab.reference, forbidden_texts())
    assert leaks == []


def test_published_warehouse_opens_in_the_duckdb_cli(lab):
    cli = BIN / "duckdb"
    if not cli.exists():
        pytest.skip("duckdb CLI not installed")
    out = subprocess.run(
        [
            str(cli),
            "-readonly",
            "-csv",
            "-noheader",
            str(lab.reference),
            "-c",
            "select count(*) from dim_article",
        ],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert out.returncode == 0, out.stderr
    assert int(out.stdout.strip()) == lab.reference_sums["dim_article"][0]


@pytest.fixture(scope="module")
def zygote(lab) -> Iterator[Zygote]:
    with Zygote(lab) as parent:
        yield parent


@pytest.fixture(scope="module")
def killed(lab, zygote) -> dict[str, KillResult]:
    return {r.point.id: r for r in kill_scenarios(lab, zygote)}


def test_kill_9_leaves_no_stale_temp_copies_after_the_rerun(killed):
    verdict = leftover_verdict(list(killed.values()))
    assert verdict.ok, verdict.actual


@pytest.mark.parametrize("point", KILL_POINTS, ids=lambda p: p.id)
def test_kill_9_leaves_previous_warehouse_and_rerun_matches(killed, point):
    verdict = killed[point.id].verdict()
    assert verdict.ok, verdict.actual


def test_two_writers_never_write_at_once(lab, zygote):
    _assert_all(two_writers_scenario(lab, zygote).verdicts())


@pytest.fixture(scope="module")
def disk_full(lab, zygote) -> dict[str, DiskResult]:
    from concurrent.futures import ThreadPoolExecutor

    modes = ("copy", "write")
    with ThreadPoolExecutor(2) as pool:
        return dict(zip(modes, pool.map(lambda m: disk_full_scenario(lab, zygote, m), modes), strict=True))


@pytest.mark.parametrize("mode", ["copy", "write"])
def test_disk_full_during_load_keeps_old_warehouse(disk_full, mode):
    verdict = disk_full[mode].verdict()
    assert verdict.ok, verdict.actual


@pytest.fixture(scope="module")
def rerun(lab, module_env) -> list[Verdict]:
    return rerun_verdicts(*rerun_scenario(lab, module_env.setenv))


def test_rerun_same_night_keeps_data_tables(rerun):
    assert rerun[0].ok, rerun[0].actual


def test_rerun_same_night_keeps_bookkeeping_tables(rerun):
    assert rerun[1].ok, rerun[1].actual


def test_file_changing_while_read_is_loaded_once(lab, module_env):
    verdict = changing_file_scenario(lab, module_env.setenv)
    assert verdict.ok, verdict.actual


def test_load_stage_alone_respects_the_writer_lock(lab, module_env):
    verdict = stage_lock_scenario(lab, module_env.setenv)
    assert verdict.ok, verdict.actual


def test_unreadable_file_is_rejected_and_counted(lab, module_env):
    verdict = unreadable_scenario(lab, module_env.setenv)
    assert verdict.ok, verdict.actual


def test_file_name_not_utf8_does_not_stop_the_night(lab, module_env):
    verdict = bad_name_scenario(lab, module_env.setenv)
    assert verdict.ok, verdict.actual


def test_no_url_was_fetched(lab):
    assert canary_verdict(lab).ok, lab.canary.hits


def test_no_sql_is_formatted_from_values():
    _assert_all(sql_verdicts())


def test_symlinks_out_of_the_landing_folder_are_refused(tmp_path):
    from flows.files import list_landing_files

    landing, outside = tmp_path / "landing", tmp_path / "outside"
    landing.mkdir()
    (outside / "dir").mkdir(parents=True)
    (outside / "secret.txt").write_text("secret")
    (outside / "dir" / "inner.txt").write_text("secret")
    (landing / "ok.txt").write_text("fine")
    (landing / "sub").mkdir()
    os.symlink(outside / "secret.txt", landing / "abs_link.txt")
    os.symlink("../../outside/secret.txt", landing / "sub" / "rel_link.txt")
    os.symlink(outside / "dir", landing / "dir_link")
    os.symlink(landing / "ok.txt", landing / "inside_link.txt")  # resolves inside: an ordinary file
    files, refused = list_landing_files(landing)
    assert sorted(f.relative for f in files) == ["inside_link.txt", "ok.txt"]
    assert all(f.path.is_relative_to(landing.resolve()) for f in files)
    assert sorted(refused) == [
        ("abs_link.txt", "outside_landing"),
        ("dir_link", "outside_landing"),
        ("sub/rel_link.txt", "outside_landing"),
    ]
