"""Tagger throughput on real article bodies: characters/s and articles/s, optionally profiled.

    python bench/bench_ner.py [--articles PATH] [--n N] [--kiwi-only] [--profile OUT.prof]

Reads ``body_text`` from an articles Parquet file (default: the June 2024 stage
output), tags ``--warm`` bodies from the end of the file to warm up Kiwi (its
first calls are slow), then times ``load_model().tag`` over the first N bodies
in batches of ``--batch`` articles (the way the entity stage calls it): a cold
pass (every word new to the word cache), then ``--passes - 1`` more passes over
the same bodies (words cached: the steady state of a long run, an upper bound).
Wall and process CPU time are both printed (the machine may be shared).
"""

from __future__ import annotations

import argparse
import cProfile
import resource
import sys
import time
from pathlib import Path

import polars as pl

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from transforms.entities.ner.model import default_model_path, kiwi, load_model  # noqa: E402

ARTICLES = Path("/tmp/real/june_stage_outputs/articles.parquet")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--articles", type=Path, default=ARTICLES)
    ap.add_argument("--model", type=Path, default=default_model_path())
    ap.add_argument("--n", type=int, default=1000, help="articles timed")
    ap.add_argument("--warm", type=int, default=50, help="articles tagged before timing (not timed)")
    ap.add_argument("--batch", type=int, default=500, help="articles per tag() call")
    ap.add_argument("--passes", type=int, default=2)
    ap.add_argument("--kiwi-only", action="store_true", help="time Kiwi's tokenize alone")
    ap.add_argument("--profile", type=Path, default=None, help="write cProfile stats here")
    args = ap.parse_args()

    bodies = pl.read_parquet(args.articles, columns=["body_text"])["body_text"].fill_null("").to_list()
    warm, bodies = bodies[-args.warm :], bodies[: args.n]
    n_chars = sum(len(b) for b in bodies)
    t0 = time.perf_counter()
    model = load_model(args.model)
    kiwi()
    t_load = time.perf_counter() - t0
    if args.kiwi_only:
        run = lambda texts: list(kiwi().tokenize(texts))  # noqa: E731
    else:
        run = model.tag
    run(warm)
    prof = cProfile.Profile() if args.profile else None
    what = "kiwi tokenize" if args.kiwi_only else "tagger"
    for npass in range(args.passes):
        t1, c1 = time.perf_counter(), time.process_time()
        if prof:
            prof.enable()
        n_spans = 0
        for b in range(0, len(bodies), args.batch):
            out = run(bodies[b : b + args.batch])
            n_spans += sum(len(x) for x in out)
        if prof:
            prof.disable()
        dt, dc = time.perf_counter() - t1, time.process_time() - c1
        misses = f"{model.cache_misses / max(model.cache_lookups, 1):.1%}" if not args.kiwi_only else "-"
        model.cache_lookups = model.cache_misses = 0
        rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1e6
        print(
            f"{what} pass {npass + 1}: {len(bodies)} articles, {n_chars:,} chars in {dt:.1f}s wall = "
            f"{n_chars / dt:,.0f} chars/s, {len(bodies) / dt:,.1f} articles/s; CPU {dc:.1f}s = "
            f"{len(bodies) / dc:,.1f} articles per CPU-second; {n_spans} spans; word-cache misses {misses}; "
            f"load {t_load:.1f}s; "
            f"max RSS {rss:.2f} GB"
        )
    if prof:
        prof.dump_stats(str(args.profile))


if __name__ == "__main__":
    main()
