"""What quotation extraction adds to the entities stage: the stage's extraction (tagger, rules, normalization,
quotes) on N real articles in one process, and the quotation step alone on the same frames.

Usage: python bench/bench_quotes.py RUN_FOLDER [--n 1000] [--repeat 3]
(RUN_FOLDER: a run's folder holding `articles.parquet`, e.g. after `newsetl run --stage ingest`.)
"""

from __future__ import annotations

import argparse
import time
from pathlib import Path

import polars as pl

from flows.settings import Settings
from flows.stages.entities import entity_frames
from transforms.entities import ARTICLE_COLUMNS
from transforms.quotes import extract_quote_frames


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("run_folder")
    parser.add_argument("--n", type=int, default=1000)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    articles = (
        pl.read_parquet(Path(args.run_folder) / "articles.parquet").select(ARTICLE_COLUMNS).head(args.n)
    )
    settings = Settings()
    entity_frames(articles.head(20), str(settings.seeds_dir), settings.tagger)  # load seeds, model, analyser
    started = time.perf_counter()
    frames = entity_frames(articles, str(settings.seeds_dir), settings.tagger)
    stage = time.perf_counter() - started
    quotes = []
    for _ in range(args.repeat):
        started = time.perf_counter()
        extract_quote_frames(articles, frames["mentions"], frames["entities"])
        quotes.append(time.perf_counter() - started)
    quote_time = min(quotes)
    without = stage - quote_time
    print(
        f"{articles.height} articles, {frames['quotes'].height} quotations; entities extraction {stage:.2f} s "
        f"(tagger {settings.tagger}); quotations alone {quote_time:.3f} s (best of {args.repeat}); "
        f"quotations add {100 * quote_time / without:.1f}% to the extraction without them"
    )


if __name__ == "__main__":
    main()
