"""Mutation fuzzing of every reader (issue 20), shared by `tests/test_fuzz.py` (a fixed-seed slice) and
`bench/fuzz.py` (`make fuzz N=...`).

Seeds are real files: the landing sample, and slices of the real corpora when `../shared/corpora` is there (JSON
Lines, a JSON array, the Naver concatenation, RSS snapshots, HTML pages). A case is a seed put through one or more
mutations (truncation, byte flips, inserted or deleted bytes, a swapped encoding, broken JSON/XML structure,
duplicated slices, gzip layers added or cut) or pure noise (random bytes, a repeated symbol). Every case goes
through `parse_file` (decode, detect, parse, the text check) in a worker process with a time limit, and must end
as articles that read as text, or rejected with a documented reason. Anything else is a crash; no answer within
the limit is a hang; a noise case that loads an article is garbage loaded.
"""

from __future__ import annotations

import gzip
import multiprocessing
import random
import time
import traceback
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
CORPORA = ROOT.parent / "shared" / "corpora"
REASONS = frozenset(
    {
        "empty",
        "binary",
        "undecodable",
        "corrupt_gzip",
        "too_large",
        "too_deep",
        "invalid_json",
        "invalid_xml",
        "wrong_type",
        "unsafe_xml",
        "no_text",
        "not_text",
        "parse_error",
    }
)
SEED_BYTES = (
    60_000  # a seed is at most this long (a slice of a big corpus file), so a case parses in well under 1 s
)


def _head_lines(path: Path, lines: int) -> bytes:
    with path.open("rb") as handle:
        return b"".join(handle.readline() for _ in range(lines))


def seed_files() -> dict[str, bytes]:
    """Name -> bytes of the real files mutations start from."""
    seeds = {f"landing/{p.name}": p.read_bytes() for p in sorted((ROOT / "data" / "landing").iterdir())}
    if CORPORA.is_dir():
        for path in sorted(CORPORA.glob("ko_news_rss_gitscrape/*.jsonl")):
            seeds[path.name] = _head_lines(path, 8)
        for path in sorted(CORPORA.glob("ko_news_rss_gitscrape/raw_feed_snapshots/*.xml"))[:3]:
            seeds[path.name] = path.read_bytes()[:SEED_BYTES]
        for path in sorted(CORPORA.glob("ko_news_leads_ktitan/*.json"))[:1]:
            seeds[path.name] = path.read_bytes()[:SEED_BYTES]
        for path in sorted(CORPORA.glob("ko_news_naver_2018_soynlp/*.txt")):
            seeds[path.name] = path.read_bytes()[:SEED_BYTES]
        for path in sorted(CORPORA.glob("html_readability_testpages/*/source.html"))[:4]:
            seeds[f"{path.parent.name}.html"] = path.read_bytes()[:SEED_BYTES]
        for path in sorted(CORPORA.glob("html_newspaper4k_tests/html/*.html"))[:4]:
            seeds[path.name] = path.read_bytes()[:SEED_BYTES]
        for path in sorted(CORPORA.glob("html_article_extraction_benchmark/html/*.html.gz"))[:3]:
            seeds[path.name] = path.read_bytes()
    return seeds


# --- mutations: (rng, bytes) -> bytes ---------------------------------------------------------------------------


def truncate(rng: random.Random, raw: bytes) -> bytes:
    return raw[: rng.randrange(len(raw) + 1)]


def flip_bytes(rng: random.Random, raw: bytes) -> bytes:
    out = bytearray(raw)
    for _ in range(rng.choice([1, 3, 10, 100])):
        if out:
            out[rng.randrange(len(out))] = rng.getrandbits(8)
    return bytes(out)


def insert_bytes(rng: random.Random, raw: bytes) -> bytes:
    at = rng.randrange(len(raw) + 1)
    return raw[:at] + rng.randbytes(rng.choice([1, 8, 200, 5000])) + raw[at:]


def delete_slice(rng: random.Random, raw: bytes) -> bytes:
    at = rng.randrange(len(raw) + 1)
    return raw[:at] + raw[at + rng.choice([1, 10, 500, 20000]) :]


def duplicate_slice(rng: random.Random, raw: bytes) -> bytes:
    at = rng.randrange(len(raw) + 1)
    piece = raw[at : at + rng.choice([10, 300, 5000])]
    return raw[:at] + piece * rng.choice([2, 20, 200]) + raw[at:]


def swap_encoding(rng: random.Random, raw: bytes) -> bytes:
    text = raw.decode("utf-8", errors="replace")
    codec = rng.choice(
        ["cp949", "euc-kr", "utf-16", "utf-16-le", "utf-16-be", "latin-1", "shift_jis", "utf-32"]
    )
    encoded = text.encode(codec, errors="replace")
    return encoded if rng.random() < 0.8 else encoded.decode("latin-1").encode("utf-8")  # mojibake


def break_structure(rng: random.Random, raw: bytes) -> bytes:
    """Remove, double or swap the bytes that hold JSON and XML together."""
    out = bytearray(raw)
    spots = [i for i, b in enumerate(out) if b in b'{}[]<>"/:,']
    for _ in range(rng.choice([1, 5, 50])):
        if not spots:
            break
        i = rng.choice(spots)
        if i >= len(out):
            continue
        action = rng.randrange(3)
        if action == 0:
            del out[i]
        elif action == 1:
            out.insert(i, out[i])
        else:
            out[i] = rng.choice(b'{}[]<>"')
    return bytes(out)


def nest_deeply(rng: random.Random, raw: bytes) -> bytes:
    depth = rng.choice([100, 5000, 100000])
    opener, closer = rng.choice([(b"[", b"]"), (b'{"a":', b"}"), (b"<div>", b"</div>")])
    return opener * depth + raw[:2000] + closer * rng.choice([0, depth])


def gzip_layer(rng: random.Random, raw: bytes) -> bytes:
    """Gzip once or twice; sometimes cut the result short or flip a byte in it."""
    out = gzip.compress(raw, mtime=0)
    if rng.random() < 0.3:
        out = gzip.compress(out, mtime=0)
    roll = rng.random()
    if roll < 0.3:
        out = out[: rng.randrange(2, len(out))]
    elif roll < 0.5:
        out = flip_bytes(rng, out)
    return out


def cut_gzip(rng: random.Random, raw: bytes) -> bytes:
    """A gzip'd seed cut at a random point (the seed is compressed first when it is not gzip yet)."""
    packed = raw if raw[:2] == b"\x1f\x8b" else gzip.compress(raw, mtime=0)
    return packed[: rng.randrange(2, max(3, len(packed)))]


MUTATIONS = {
    "truncate": truncate,
    "flip_bytes": flip_bytes,
    "insert_bytes": insert_bytes,
    "delete_slice": delete_slice,
    "duplicate_slice": duplicate_slice,
    "swap_encoding": swap_encoding,
    "break_structure": break_structure,
    "nest_deeply": nest_deeply,
    "gzip_layer": gzip_layer,
    "cut_gzip": cut_gzip,
}


NOISE = ("random_bytes", "random_printable", "random_code_points", "repeated[")  # names of noise cases


def noise(rng: random.Random) -> tuple[str, bytes]:
    """A case made of nothing real: random bytes of any length, printable noise, or one repeated symbol."""
    kind = rng.randrange(4)
    size = rng.choice([1, 20, 300, 5000, 60000])
    if kind == 0:
        return f"random_bytes[{size}]", rng.randbytes(size)
    if kind == 1:
        return f"random_printable[{size}]", bytes(rng.randrange(32, 127) for _ in range(size))
    if kind == 2:
        text = "".join(chr(rng.randrange(0x20, 0xD7FF)) for _ in range(size // 3 + 1))
        return f"random_code_points[{size // 3 + 1}]", text.encode()
    symbol = rng.choice(['"', "R", "B", "\x00", "ㅋ", "<", "{", "가", "\u200b"])
    return f"repeated[{symbol!r}x{size}]", (symbol * size).encode("utf-8")


def make_case(rng: random.Random, seeds: dict[str, bytes]) -> tuple[str, bytes]:
    """One case: (its description, its bytes). One in ten is noise; the rest mutate a real seed 1-3 times."""
    if rng.random() < 0.1:
        return noise(rng)
    name = rng.choice(sorted(seeds))
    raw = seeds[name]
    steps = []
    for _ in range(rng.choice([1, 1, 2, 3])):
        step = rng.choice(sorted(MUTATIONS))
        raw = MUTATIONS[step](rng, raw)
        steps.append(step)
    return f"{name} <- {'+'.join(steps)}", raw


# --- running cases under a time limit ----------------------------------------------------------------------------


def check_case(raw: bytes) -> tuple[str, list[str]]:
    """Parse one case. Returns (`ok` or `crash`, outcome labels): `article` per loaded record, the reason per
    reject. A crash is an exception other than RejectError, an undocumented reason, or an article that is no text."""
    from transforms.ingest.errors import IngestLimits, RejectError
    from transforms.ingest.files import article_rows, parse_file
    from transforms.ingest.plausible import text_problem

    limits = IngestLimits(max_file_bytes=20_000_000, max_decompressed_bytes=20_000_000)
    try:
        form, records = parse_file(raw, limits)
        article_rows("case", raw, form, records)  # ids and hashes too: what the stage does next
    except RejectError as exc:
        if exc.reason not in REASONS:
            return "crash", [f"undocumented reason {exc.reason}"]
        return "ok", [exc.reason]
    except Exception:
        return "crash", [traceback.format_exc(limit=-3)[-600:]]
    labels = []
    for record in records:
        if isinstance(record, RejectError):
            if record.reason not in REASONS:
                return "crash", [f"undocumented reason {record.reason}"]
            labels.append(record.reason)
        elif len(record.body_text.strip()) < limits.min_body_chars or text_problem(record.body_text):
            return "crash", ["an article that is no text"]
        else:
            labels.append("article")
    return "ok", labels or ["no records"]


def _worker(conn) -> None:
    while True:
        raw = conn.recv()
        started = time.process_time()
        status, labels = check_case(raw)
        conn.send((status, labels, time.process_time() - started))


class Worker:
    """A forked process that checks cases one by one; killed and replaced when a case outlives its time limit."""

    def __init__(self) -> None:
        self._start()

    def _start(self) -> None:
        context = multiprocessing.get_context("fork")
        self.conn, child = context.Pipe()
        self.process = context.Process(target=_worker, args=(child,), daemon=True)
        self.process.start()

    def check(self, raw: bytes, timeout: float) -> tuple[str, list[str], float]:
        """(status, labels, CPU seconds the case took): CPU time, since wall time on a shared machine measures the
        neighbours too. A case with no answer after `timeout` wall seconds is a hang."""
        self.conn.send(raw)
        if self.conn.poll(timeout):
            return self.conn.recv()
        self.process.kill()
        self.process.join()
        self._start()
        return "hang", [f"no answer in {timeout} s"], timeout

    def close(self) -> None:
        self.process.kill()
        self.process.join()


@dataclass
class Campaign:
    cases: int = 0
    outcomes: Counter = field(default_factory=Counter)  # article / reject reason -> records or files
    failures: list[tuple[str, str, str]] = field(default_factory=list)  # (crash or hang, case, detail)
    slowest: tuple[float, str] = (0.0, "")  # (CPU seconds, case)


def run_campaign(n: int, seed: int, timeout: float = 30.0, on_case=None) -> Campaign:
    """Run `n` cases drawn with `seed`, each under `timeout` wall seconds. Deterministic for a seed."""
    rng = random.Random(seed)
    seeds = seed_files()
    worker = Worker()
    campaign = Campaign()
    try:
        for _ in range(n):
            name, raw = make_case(rng, seeds)
            status, labels, took = worker.check(raw, timeout)
            campaign.cases += 1
            if took > campaign.slowest[0]:
                campaign.slowest = (took, f"{name} ({len(raw):,} bytes)")
            if status == "ok" and name.startswith(NOISE) and "article" in labels:
                campaign.failures.append(("garbage loaded", name, "noise became an article"))
            elif status == "ok":
                campaign.outcomes.update(labels)
            else:
                campaign.failures.append((status, name, labels[0]))
            if on_case:
                on_case(campaign)
    finally:
        worker.close()
    return campaign
