"""Dedup benchmark: `transforms.dedup` vs datasketch MinHash + MinHashLSH on a synthetic corpus of real sentences.

    python bench/bench_dedup.py [--n 100000] [--ds-n 20000] [--threads 2] [--seed 7]

Corpus: N documents of ~2 KB (UTF-8) built from real Korean news sentences (조선일보 national + 법률신문 bodies,
연합뉴스/조선 RSS leads; see SOURCE.md in each corpus folder). Every base document is its own random draw of
sentences (unrelated bases share ~0 sentences). A known share are copies of a base:
  exact: the same text re-spaced, re-wrapped and with punctuation/quote changes (same dedup text),
  near:  one or two of: sentence drop, word swap/replacement, spacing edits inside sentences, truncation to the
         first 45-90% of the text (a syndicated copy cut short), an added line.
Ground truth = the families (a base and its copies). Precision/recall are pair-level over "same cluster" pairs:
a predicted pair is two documents given the same canonical.

Datasketch runs on the first --ds-n documents (it does ~700 docs/s here, so 100k takes minutes); its docs/s is
measured there and the full-N time is an extrapolation, marked as such. Ours runs on the same subsample and on all N.
Incremental mode: band keys and articles of 10k / 100k stored documents sit in a DuckDB file; a 1k-document night
(fresh articles plus copies of stored and of night articles) is deduplicated against them (DuckDB semi-join on
the band keys), and its keys and duplicate rows are appended.

Writes the tables to bench/results_dedup.md.
"""

from __future__ import annotations

import argparse
import html
import json
import os
import platform
import random
import re
import sys
import tempfile
import threading
import time
from dataclasses import dataclass
from datetime import datetime, timedelta
from pathlib import Path

import duckdb
import numpy as np
import polars as pl
import psutil

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from transforms.dedup.lsh import band_keys, candidate_pairs  # noqa: E402
from transforms.dedup.night import DedupResult, find_duplicates  # noqa: E402
from transforms.dedup.normalize import dedup_text  # noqa: E402
from transforms.dedup.settings import DedupSettings  # noqa: E402
from transforms.dedup.sketch import minhash_signatures  # noqa: E402
from transforms.dedup.verify import shingle_sets, verify_candidates  # noqa: E402

DEFAULT_CORPORA = Path(os.environ.get("NEWSETL_CORPORA", ROOT.parent / "shared" / "corpora"))
RESULTS = ROOT / "bench" / "results_dedup.md"

# --------------------------------------------------------------------------------------------------------------
# Sentence pool


def strip_html(raw: str) -> str:
    """Article HTML -> text with paragraph breaks (figures and captions dropped)."""
    text = re.sub(r"(?is)<figure.*?</figure>|<figcaption.*?</figcaption>|<script.*?</script>", " ", raw or "")
    text = re.sub(r"(?i)<br\s*/?>|</p>|<p[^>]*>", "\n", text)
    text = html.unescape(re.sub(r"<[^>]+>", "", text)).replace("\xa0", " ")
    return re.sub(r"[ \t\r]+", " ", text)


_SENT_SPLIT = re.compile(r"(?<=[.!?다])[\"'”’)]*\s+|\n+")


def sentence_pool(corpora: Path) -> list[str]:
    """Distinct real sentences (20-300 characters) from the Korean news corpora."""
    texts: list[str] = []
    gitscrape = corpora / "ko_news_rss_gitscrape"
    for name in ("chosun_national_2024-06.jsonl", "lawtimes_2024-06.jsonl"):
        with open(gitscrape / name, encoding="utf-8") as fh:
            texts.extend(strip_html(json.loads(line)["content_html"]) for line in fh)
    for path in sorted((corpora / "ko_news_leads_ktitan").glob("*.json")):
        for row in json.loads(path.read_text(encoding="utf-8")):
            summary = html.unescape(row.get("summary") or "")
            if not summary.endswith("..."):
                texts.append(summary)
    pool: set[str] = set()
    for text in texts:
        for sent in _SENT_SPLIT.split(text):
            sent = sent.strip()
            if 20 <= len(sent) <= 300 and re.search("[가-힣]", sent):
                pool.add(sent)
    return sorted(pool)


# --------------------------------------------------------------------------------------------------------------
# Synthetic corpus with known duplicates


@dataclass
class Corpus:
    frame: pl.DataFrame  # article_id, body, published_at, family, kind, edits

    @property
    def texts(self) -> list[str]:
        return self.frame["body"].to_list()


def _render(sents: list[str], rng: random.Random) -> str:
    paras, i = [], 0
    while i < len(sents):
        step = rng.randint(1, 3)
        paras.append(" ".join(sents[i : i + step]))
        i += step
    return "\n\n".join(paras)


def _respace(text: str, rng: random.Random) -> str:
    """Changes that vanish under normalization: spacing, line breaks, quotes and sentence punctuation."""
    text = text.replace("\n\n", rng.choice(["\n", "\n\n", "\n \n", " "]))
    text = re.sub(r" ", lambda _: rng.choice([" ", " ", " ", "  ", "\u00a0"]), text)
    text = text.replace("“", '"').replace("”", '"') if rng.random() < 0.5 else text
    text = re.sub(r"\.(\s)", lambda m: rng.choice([".", "..", "!"]) + m.group(1), text)
    return ("   " if rng.random() < 0.3 else "") + text + rng.choice(["", "\n", " ▶"])


def _edit(sents: list[str], pool: list[str], rng: random.Random) -> tuple[str, str]:
    """A near copy: one or two edits. Returns (text, edit names)."""
    sents = list(sents)
    edits = rng.sample(["drop", "swap", "spacing", "truncate", "add"], k=rng.choice([1, 1, 2]))
    for e in edits:
        if e == "drop" and len(sents) > 4:
            for _ in range(rng.randint(1, 2)):
                sents.pop(rng.randrange(len(sents)))
        elif e == "swap":
            for _ in range(rng.randint(1, 3)):
                i = rng.randrange(len(sents))
                words = sents[i].split(" ")
                j = rng.randrange(len(words))
                if rng.random() < 0.5 and len(words) > 1:
                    k = min(j + 1, len(words) - 1)
                    words[j], words[k] = words[k], words[j]
                else:
                    words[j] = rng.choice(rng.choice(pool).split(" "))
                sents[i] = " ".join(words)
        elif e == "spacing":
            for _ in range(rng.randint(1, 4)):
                i = rng.randrange(len(sents))
                sents[i] = sents[i].replace(" ", "", rng.randint(1, 3))
        elif e == "add":
            sents.insert(rng.randrange(len(sents) + 1), rng.choice(pool))
    text = _render(sents, rng)
    if "truncate" in edits:
        text = text[: int(len(text) * rng.uniform(0.45, 0.9))]
    return text, "+".join(edits)


def _base(pool: list[str], rng: random.Random, target_bytes: int = 2000) -> list[str]:
    """Random pool sentences up to ~2 KB. The first sentence is spliced from two pool sentences (first half of one,
    second half of another): real distinct articles do not open with the same sentence, but with 80k+ bases drawn
    from a ~70k-sentence pool, whole-sentence openings would repeat (and feed the prefix key false candidates)."""
    a, b = pool[rng.randrange(len(pool))], pool[rng.randrange(len(pool))]
    sents = [a[: len(a) // 2].rstrip() + " " + b[len(b) // 2 :].lstrip()]
    size = len(sents[0].encode("utf-8"))
    while size < target_bytes:
        s = pool[rng.randrange(len(pool))]
        sents.append(s)
        size += len(s.encode("utf-8")) + 1
    return sents


def make_corpus(
    n: int,
    pool: list[str],
    *,
    seed: int,
    exact_share: float = 0.1,
    near_share: float = 0.1,
    first_id: int = 1,
    sources: list[tuple[int, list[str]]] | None = None,
    source_share: float = 0.0,
) -> tuple[Corpus, list[tuple[int, list[str]]]]:
    """n documents: bases plus exact and near copies (of this corpus' bases, or with probability `source_share`
    of the given `sources` = (family, sentences) of an earlier corpus). Returns the corpus and its bases."""
    rng = random.Random(seed)
    n_exact, n_near = round(n * exact_share), round(n * near_share)
    n_base = n - n_exact - n_near
    bases = [(first_id + i, _base(pool, rng)) for i in range(n_base)]
    rows: list[tuple[str, int, str, str]] = [(_render(s, rng), fam, "base", "") for fam, s in bases]
    for kind, count in (("exact", n_exact), ("near", n_near)):
        for _ in range(count):
            src = rng.choice(sources) if sources and rng.random() < source_share else rng.choice(bases)
            fam, sents = src
            if kind == "exact":
                rows.append((_respace(_render(sents, rng), rng), fam, kind, "respace"))
            else:
                text, edits = _edit(sents, pool, rng)
                rows.append((text, fam, kind, edits))
    rng.shuffle(rows)
    start = datetime(2024, 6, 1)
    frame = pl.DataFrame(
        {
            "article_id": np.arange(first_id, first_id + n, dtype=np.int64),
            "body": [r[0] for r in rows],
            "published_at": [start + timedelta(minutes=rng.randrange(60 * 24 * 30)) for _ in rows],
            "family": [r[1] for r in rows],
            "kind": [r[2] for r in rows],
            "edits": [r[3] for r in rows],
        }
    )
    return Corpus(frame), bases


# --------------------------------------------------------------------------------------------------------------
# Measurement helpers


class PeakRSS:
    """Peak resident set size of this process while the block runs (sampled every 5 ms), and its CPU seconds."""

    def __init__(self) -> None:
        self.proc = psutil.Process()
        self.peak = 0
        self.start = 0
        self.cpu = 0.0
        self._stop = threading.Event()

    def __enter__(self) -> PeakRSS:
        self.cpu = time.process_time()
        self.start = self.peak = self.proc.memory_info().rss
        self._thread = threading.Thread(target=self._run, daemon=True)
        self._thread.start()
        return self

    def _run(self) -> None:
        while not self._stop.wait(0.005):
            self.peak = max(self.peak, self.proc.memory_info().rss)

    def __exit__(self, *exc: object) -> None:
        self._stop.set()
        self._thread.join()
        self.peak = max(self.peak, self.proc.memory_info().rss)
        self.cpu = time.process_time() - self.cpu

    @property
    def mb(self) -> str:
        return f"{self.peak / 2**20:,.0f} (+{(self.peak - self.start) / 2**20:,.0f})"


def pair_scores(
    ids: np.ndarray, family: np.ndarray, cluster: np.ndarray
) -> tuple[float, float, float, int, int]:
    """Pair-level precision, recall, F1 of predicted clusters vs true families; also #true and #predicted pairs."""
    df = pl.DataFrame({"id": ids, "fam": family, "cl": cluster})

    def pairs(col: list[str]) -> int:
        sizes = df.group_by(col).len()["len"].to_numpy().astype(np.int64)
        return int((sizes * (sizes - 1) // 2).sum())

    true, pred, tp = pairs(["fam"]), pairs(["cl"]), pairs(["fam", "cl"])
    p = tp / pred if pred else 1.0
    r = tp / true if true else 1.0
    f = 2 * p * r / (p + r) if p + r else 0.0
    return p, r, f, true, pred


def clusters_from_duplicates(ids: np.ndarray, dups: pl.DataFrame) -> np.ndarray:
    """Cluster label per id: its canonical's id (itself when it is not a duplicate)."""
    m = pl.DataFrame({"article_id": ids}).join(
        dups.select("article_id", "canonical_article_id"), on="article_id", how="left", maintain_order="left"
    )
    return m.select(pl.coalesce("canonical_article_id", "article_id"))["canonical_article_id"].to_numpy()


def union_find_labels(n: int, pairs: list[tuple[int, int]]) -> np.ndarray:
    parent = list(range(n))

    def find(x: int) -> int:
        while parent[x] != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    for a, b in pairs:
        ra, rb = find(a), find(b)
        if ra != rb:
            parent[max(ra, rb)] = min(ra, rb)
    return np.array([find(i) for i in range(n)], dtype=np.int64)


# --------------------------------------------------------------------------------------------------------------
# Pipelines


def run_datasketch(texts: list[str], settings: DedupSettings) -> tuple[np.ndarray, int, str]:
    """datasketch MinHash (same num_perm, same shingles) + MinHashLSH(threshold = our Jaccard threshold);
    candidates accepted when the MinHash Jaccard estimate >= threshold; clusters by union-find.
    Returns labels per document, the number of LSH candidates and datasketch's (bands, rows) choice."""
    from datasketch import MinHash, MinHashLSH

    k = settings.shingle_size
    lsh = MinHashLSH(threshold=settings.jaccard_threshold, num_perm=settings.num_perm)
    sigs: list[MinHash] = []
    accepted: list[tuple[int, int]] = []
    n_cand = 0

    def shingle_lists():  # noqa: ANN202
        for text in texts:
            norm = dedup_text(text)
            yield [s.encode("utf-8") for s in {norm[j : j + k] for j in range(len(norm) - k + 1)}]

    # MinHash.generator shares the permutations between documents (datasketch's fast path for many sketches)
    for i, m in enumerate(MinHash.generator(shingle_lists(), num_perm=settings.num_perm, seed=1)):
        if not m.is_empty():
            for other in lsh.query(m):
                n_cand += 1
                if m.jaccard(sigs[other]) >= settings.jaccard_threshold:
                    accepted.append((other, i))
            lsh.insert(i, m)
        sigs.append(m)
    return union_find_labels(len(texts), accepted), n_cand, f"b={lsh.b}, r={lsh.r}"


def run_ours(corpus: pl.DataFrame, settings: DedupSettings, threads: int) -> tuple[np.ndarray, DedupResult]:
    res = find_duplicates(corpus.select("article_id", "body", "published_at"), settings, threads=threads)
    return clusters_from_duplicates(corpus["article_id"].to_numpy(), res.duplicates), res


def stage_times(texts: list[str], settings: DedupSettings, threads: int) -> dict[str, float]:
    """The main stages of `find_duplicates` timed one by one (MinHash bands only, no prefix key and no exact-key
    shortcut: every document goes through LSH)."""
    t: dict[str, float] = {}
    t0 = time.perf_counter()
    sig = minhash_signatures(texts, settings, threads=threads)
    t["signatures"] = time.perf_counter() - t0
    t0 = time.perf_counter()
    keys = band_keys(sig, settings)
    t["band keys"] = time.perf_counter() - t0
    t0 = time.perf_counter()
    cand = candidate_pairs(keys)
    t["candidate join"] = time.perf_counter() - t0
    t0 = time.perf_counter()
    need = np.unique(np.concatenate([cand["a"].to_numpy(), cand["b"].to_numpy()]))
    sets = shingle_sets([texts[i] for i in need.tolist()], settings, threads=threads)
    t[f"shingle sets ({need.size:,} docs)"] = time.perf_counter() - t0
    t0 = time.perf_counter()
    local = pl.DataFrame(
        {"a": np.searchsorted(need, cand["a"].to_numpy()), "b": np.searchsorted(need, cand["b"].to_numpy())}
    )
    verify_candidates(local, sets, settings)
    t[f"verify ({cand.height:,} pairs)"] = time.perf_counter() - t0
    return t


# --------------------------------------------------------------------------------------------------------------
# Incremental nights


def incremental(
    corpus: Corpus,
    bases: list[tuple[int, list[str]]],
    pool: list[str],
    stored_n: int,
    settings: DedupSettings,
    threads: int,
    seed: int,
) -> dict[str, object]:
    stored = corpus.frame.head(stored_n)
    stored_fams = set(stored["family"].to_list())
    stored_bases = [b for b in bases if b[0] in stored_fams]
    night, _ = make_corpus(
        1000,
        pool,
        seed=seed,
        exact_share=0.05,
        near_share=0.15,
        first_id=10_000_000,
        sources=stored_bases,
        source_share=0.7,
    )
    with tempfile.TemporaryDirectory() as tmp:
        con = duckdb.connect(str(Path(tmp) / "dedup_bench.duckdb"))
        t0 = time.perf_counter()
        first = find_duplicates(
            stored.select("article_id", "body", "published_at"), settings, threads=threads
        )
        load_s = time.perf_counter() - t0
        stored_articles = stored.select("article_id", "body", "published_at")  # noqa: F841 (used by DuckDB)
        stored_keys = first.band_keys  # noqa: F841
        stored_dups = first.duplicates  # noqa: F841
        con.execute("CREATE TABLE article AS SELECT * FROM stored_articles")
        con.execute("CREATE TABLE article_band_key AS SELECT * FROM stored_keys")
        con.execute("CREATE TABLE article_duplicate AS SELECT * FROM stored_dups")
        con.execute("CHECKPOINT")

        def lookup_bands(keys: pl.DataFrame) -> pl.DataFrame:
            return con.sql(
                "SELECT s.article_id, s.band, s.band_hash FROM article_band_key s SEMI JOIN keys k USING (band, band_hash)"
            ).pl()

        def load_articles(ids: pl.Series) -> pl.DataFrame:
            wanted = pl.DataFrame({"article_id": ids})  # noqa: F841
            return con.sql(
                "SELECT article_id, body, published_at FROM article SEMI JOIN wanted USING (article_id)"
            ).pl()

        night_in = night.frame.select("article_id", "body", "published_at")
        t0 = time.perf_counter()
        existing = con.sql("SELECT article_id, canonical_article_id FROM article_duplicate").pl()
        res = find_duplicates(
            night_in,
            settings,
            stored_bands=lookup_bands,
            stored_articles=load_articles,
            existing=existing,
            threads=threads,
        )
        night_keys, night_dups = res.band_keys, res.duplicates  # noqa: F841
        con.execute("INSERT INTO article SELECT * FROM night_in")
        con.execute("INSERT INTO article_band_key SELECT * FROM night_keys")
        con.execute("INSERT INTO article_duplicate SELECT * FROM night_dups")
        con.execute("CHECKPOINT")
        night_s = time.perf_counter() - t0
        con.close()
    # a row is right when it points into the article's own family; a night copy is found when it shares a
    # predicted cluster with another member of its family (it got a row into its family, or such a row points at it)
    fam = pl.concat([stored.select("article_id", "family"), night.frame.select("article_id", "family")])
    got = res.duplicates.join(fam, on="article_id").join(
        fam.rename({"article_id": "canonical_article_id", "family": "c_family"}), on="canonical_article_id"
    )
    right = got.filter(pl.col("family") == pl.col("c_family"))
    linked = set(right["article_id"].to_list()) | set(right["canonical_article_id"].to_list())
    copies = night.frame.filter(pl.col("kind") != "base")["article_id"].to_list()
    return {
        "stored": stored_n,
        "load_s": load_s,
        "night_s": night_s,
        "stored_candidates": int((res.pairs["source"] == "stored").sum()),
        "rows": res.duplicates.height,
        "correct": right.height,
        "copies": len(copies),
        "copies_found": sum(1 for a in copies if a in linked),
    }


# --------------------------------------------------------------------------------------------------------------


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--n", type=int, default=100_000)
    ap.add_argument("--ds-n", type=int, default=20_000, help="datasketch subsample (0 = skip)")
    ap.add_argument("--threads", type=int, default=min(2, os.cpu_count() or 1))
    ap.add_argument("--seed", type=int, default=7)
    ap.add_argument("--corpora", type=Path, default=DEFAULT_CORPORA)
    ap.add_argument("--no-incremental", action="store_true")
    ap.add_argument("--out", type=Path, default=RESULTS)
    args = ap.parse_args()
    settings = DedupSettings()

    t0 = time.perf_counter()
    pool = sentence_pool(args.corpora)
    corpus, bases = make_corpus(args.n, pool, seed=args.seed)
    df = corpus.frame
    texts = corpus.texts
    sizes = df["body"].str.len_bytes()
    print(
        f"corpus: {args.n:,} docs from {len(pool):,} real sentences, mean {sizes.mean():,.0f} B UTF-8, "
        f"{(df['kind'] == 'exact').sum():,} exact + {(df['kind'] == 'near').sum():,} near copies "
        f"({time.perf_counter() - t0:.1f} s to build)",
        flush=True,
    )
    run_ours(df.head(2000), settings, 1)  # warm-up: code point table, Polars thread pool (not timed)
    if args.ds_n:
        run_datasketch(texts[:200], settings)

    ids = df["article_id"].to_numpy()
    fam = df["family"].to_numpy()
    rows: list[list[str]] = []
    cpu_rate: dict[tuple[str, int], float] = {}  # (pipeline, docs) -> docs per CPU second
    ds_rate = None
    sub = min(args.ds_n, args.n)
    load_start = os.getloadavg()

    def row(
        name: str, n: int, secs: float, mem: PeakRSS, cand: object, labels: np.ndarray, idx: slice
    ) -> float:
        p, r, f, true, pred = pair_scores(ids[idx], fam[idx], labels)
        rate = n / secs
        cpu_rate[(name, n)] = n / max(mem.cpu, 1e-9)
        rows.append(
            [
                name,
                f"{n:,}",
                f"{secs:,.2f}",
                f"{mem.cpu:,.2f}",
                f"{rate:,.0f}",
                mem.mb,
                f"{cand:,}" if isinstance(cand, int) else str(cand),
                f"{true:,}",
                f"{p:.4f}",
                f"{r:.4f}",
                f"{f:.4f}",
            ]
        )
        print(" | ".join(rows[-1]), flush=True)
        return rate

    def ours(frame: pl.DataFrame, st: DedupSettings, th: int, name: str) -> tuple[float, DedupResult]:
        with PeakRSS() as mem:
            t0 = time.perf_counter()
            labels, res = run_ours(frame, st, th)
            secs = time.perf_counter() - t0
        cand = int((res.pairs["source"] != "exact").sum())
        return row(name, frame.height, secs, mem, cand, labels, slice(0, frame.height)), res

    rates: dict[tuple[int, int], float] = {}
    thread_list = sorted({1, args.threads})
    for n in sorted({sub, args.n} - {0}):
        for th in thread_list:
            rates[(n, th)], res = ours(df.head(n), settings, th, f"ours, {th} thread(s)")
        if n == sub:
            ours(
                df.head(n),
                DedupSettings(scheme="kperm"),
                1,
                "ours, scheme=kperm (classic MinHash), 1 thread",
            )
    kinds = res.duplicates.join(df.select("article_id", "kind"), on="article_id")
    if sub:  # last, so its Python objects do not inflate the RSS of the runs above
        with PeakRSS() as mem:
            t0 = time.perf_counter()
            labels, ncand, br = run_datasketch(texts[:sub], settings)
            secs = time.perf_counter() - t0
        ds_rate = row(f"datasketch MinHash+MinHashLSH ({br})", sub, secs, mem, ncand, labels, slice(0, sub))

    stages = stage_times(texts, settings, args.threads)
    print("stages:", {k: round(v, 2) for k, v in stages.items()}, flush=True)

    inc: list[dict[str, object]] = []
    if not args.no_incremental:
        for stored_n in sorted({min(10_000, args.n), args.n}):
            inc.append(incremental(corpus, bases, pool, stored_n, settings, args.threads, args.seed + 1))
            print("incremental:", inc[-1], flush=True)

    # ---- report
    lines = [
        "# Dedup benchmark",
        "",
        f"`python bench/bench_dedup.py --n {args.n} --ds-n {args.ds_n} --threads {args.threads}` — "
        f"{platform.processor() or platform.machine()}, {os.cpu_count()} CPUs, Python {platform.python_version()}, "
        f"polars {pl.__version__}, duckdb {duckdb.__version__}, numpy {np.__version__}. "
        f"Load average (1 min) at start / end: {load_start[0]:.1f} / {os.getloadavg()[0]:.1f} "
        "(other jobs share this machine: wall-clock numbers move with it, CPU seconds less so).",
        "",
        f"Corpus: {args.n:,} docs (mean {sizes.mean():,.0f} B UTF-8) drawn from {len(pool):,} real Korean news sentences; "
        f"{(df['kind'] == 'exact').sum():,} exact copies (re-spaced/re-punctuated) and {(df['kind'] == 'near').sum():,} "
        "near copies (sentence drop, word swap, spacing edits, truncation to 45-90%, added line). "
        f"Settings: `{settings.fingerprint()}`.",
        "",
        "Precision/recall: pair level over same-cluster pairs vs the true families. Peak RSS: whole process during the run "
        "(+ growth over the start of the run), MB. Candidates: LSH candidate pairs verified.",
        "",
        "| pipeline | docs | seconds | CPU s | docs/s | peak RSS MB | candidates | true pairs | precision | recall | F1 |",
        "|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|",
        *("| " + " | ".join(r) + " |" for r in rows),
        "",
    ]
    if ds_rate:
        lines.append(
            f"datasketch measured on the first {sub:,} docs: {ds_rate:,.0f} docs/s"
            + (f" (**extrapolated** to {args.n:,} docs: {args.n / ds_rate:,.0f} s)" if args.n > sub else "")
            + "."
        )
        ds_cpu = next(v for (name, _), v in cpu_rate.items() if name.startswith("datasketch"))
        for (n, th), rate in sorted(rates.items()):
            lines.append(
                f"Speed ratio ours ({n:,} docs, {th} thread(s); full pipeline: normalization, exact keys, signatures, "
                f"band join, exact verification, clustering) / datasketch ({sub:,} docs): **{rate / ds_rate:,.1f}x** "
                f"wall clock, {cpu_rate[(f'ours, {th} thread(s)', n)] / ds_cpu:,.1f}x per CPU second."
            )
        lines.append("")
    lines += [
        f"Stage times, {args.n:,} docs, {args.threads} thread(s), every doc through the MinHash bands (no exact-key "
        "shortcut, no prefix key): " + ", ".join(f"{k} {v:.2f} s" for k, v in stages.items()) + ".",
        "",
    ]
    by_kind = kinds.group_by("kind", "method").len().sort("kind", "method")
    lines.append(
        f"Method of the emitted rows by the document's true kind ({args.n:,} docs; a base or a copy can be the "
        "non-canonical one, the canonical being the earliest published): "
        + ", ".join(f"{r['kind']} -> {r['method']}: {r['len']:,}" for r in by_kind.iter_rows(named=True))
        + "."
    )
    lines.append("")
    if inc:
        lines += [
            "## Incremental nights",
            "",
            "1,000 new docs (5% exact and 15% near copies, 70% of them copying stored docs) against stored band keys in a "
            "DuckDB file: semi-join of the night's keys, load of candidate bodies, verification, clustering with earlier "
            "canonicals fixed, and appending the night's articles, keys and duplicate rows.",
            "",
            "| stored docs | initial load (s) | night (s) | stored candidates | duplicate rows | rows into the right family | night copies found |",
            "|---:|---:|---:|---:|---:|---:|---:|",
            *(
                f"| {r['stored']:,} | {r['load_s']:.2f} | {r['night_s']:.2f} | {r['stored_candidates']:,} | {r['rows']:,} | "
                f"{r['correct']:,} | {r['copies_found']:,} / {r['copies']:,} |"
                for r in inc
            ),
            "",
        ]
    args.out.write_text("\n".join(lines), encoding="utf-8")
    print("\n".join(lines))
    print(f"wrote {args.out}")


if __name__ == "__main__":
    main()
