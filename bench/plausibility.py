"""Does the garbage filter (`transforms/ingest/plausible.py`) keep every real article? Issue 20.

    .venv/bin/python bench/plausibility.py [--shared ../shared] [--show 5]

Runs the real readers (`parse_file`: decode, detect, parse, then the text check) over every file of every corpus
in `../shared/corpora` that holds articles or pages (JSON Lines, JSON, concatenated text, RSS snapshots, HTML
pages, gzip'd pages) and over the landing sample, and prints per corpus: files, records, articles loaded, records
rejected as `not_text` (must be 0: those are real articles lost) and the other rejects by reason (what the readers
refused before this check existed). The NER corpora hold sentences, not files: their sentences of 20 characters
or more go through `text_problem` alone. Exit 1 when any real text is rejected as not text.
"""

from __future__ import annotations

import argparse
import re
import sys
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from transforms.ingest.errors import RejectError  # noqa: E402
from transforms.ingest.files import parse_file  # noqa: E402
from transforms.ingest.plausible import text_problem  # noqa: E402

FILE_CORPORA = {
    "ko_news_rss_gitscrape (jsonl)": "ko_news_rss_gitscrape/*.jsonl",
    "ko_news_rss_gitscrape (feeds)": "ko_news_rss_gitscrape/raw_feed_snapshots/*.xml",
    "ko_news_naver_2018_soynlp": "ko_news_naver_2018_soynlp/*.txt",
    "ko_news_leads_ktitan": "ko_news_leads_ktitan/*.json",
    "html_article_extraction_benchmark": "html_article_extraction_benchmark/html/*.html.gz",
    "html_readability_testpages": "html_readability_testpages/*/source.html",
    "html_newspaper4k_tests": "html_newspaper4k_tests/html/*.html",
}
_TAG = re.compile(r"<([^<>:]+):[A-Z]{2}>")


def corpus_files(shared: Path) -> dict[str, list[Path]]:
    """Corpus name -> its files (the landing sample included)."""
    found = {name: sorted((shared / "corpora").glob(pattern)) for name, pattern in FILE_CORPORA.items()}
    found["data/landing (sample)"] = sorted((ROOT / "data" / "landing").iterdir())
    return {name: files for name, files in found.items() if files}


def corpus_sentences(shared: Path) -> dict[str, list[str]]:
    """NER corpus name -> its raw sentences (tags removed)."""
    corpora = shared / "corpora"
    out: dict[str, list[str]] = {}
    for path in sorted(corpora.glob("klue_ner/*.tsv")):
        for line in path.read_text(encoding="utf-8").splitlines():
            if line.startswith("## klue-ner") and "\t" in line:
                out.setdefault("klue_ner", []).append(_TAG.sub(r"\1", line.split("\t", 1)[1]))
    raw = corpora / "klue_ner_extras" / "klue_train_raw_sentences.tsv"
    if raw.exists():
        out["klue_ner_extras"] = [
            line.split("\t", 1)[1] for line in raw.read_text(encoding="utf-8").splitlines() if "\t" in line
        ]
    for path in sorted(corpora.glob("kmou_ner/*.txt")):
        for line in path.read_text(encoding="utf-8", errors="replace").splitlines():
            if line.startswith("; "):
                out.setdefault("kmou_ner", []).append(line[2:])
    return out


def measure_files(files: list[Path], show: int) -> tuple[dict, list[str]]:
    counts: Counter[str] = Counter()
    lost: list[str] = []
    for path in files:
        counts["files"] += 1
        try:
            _form, records = parse_file(path.read_bytes())
        except RejectError as exc:
            counts[f"file:{exc.reason}"] += 1
            continue
        for index, record in enumerate(records):
            counts["records"] += 1
            if not isinstance(record, RejectError):
                counts["loaded"] += 1
            elif record.reason == "not_text":
                counts["not_text"] += 1
                if len(lost) < show:
                    lost.append(f"{path.name}#{index}: {record.detail}")
            else:
                counts[record.reason] += 1
    return counts, lost


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--shared", type=Path, default=ROOT.parent / "shared")
    parser.add_argument("--show", type=int, default=5, help="print up to N lost records per corpus")
    args = parser.parse_args()
    if not (args.shared / "corpora").is_dir():
        print(f"no corpora under {args.shared}", file=sys.stderr)
        return 2
    total_lost = 0
    print(
        f"{'corpus':36} {'files':>6} {'records':>8} {'loaded':>7} {'not_text':>8}  other rejects (older reasons)"
    )
    for name, files in corpus_files(args.shared).items():
        counts, lost = measure_files(files, args.show)
        other = ", ".join(
            f"{k} {v}"
            for k, v in sorted(counts.items())
            if k not in {"files", "records", "loaded", "not_text"}
        )
        print(
            f"{name:36} {counts['files']:>6} {counts['records']:>8} {counts['loaded']:>7} "
            f"{counts['not_text']:>8}  {other or '-'}"
        )
        for line in lost:
            print(f"    lost: {line}")
        total_lost += counts["not_text"]
    for name, sentences in corpus_sentences(args.shared).items():
        long_enough = [s for s in sentences if len(s.strip()) >= 20]
        lost = [(s, p) for s in long_enough if (p := text_problem(s))]
        print(
            f"{name + ' (sentences)':36} {'':>6} {len(long_enough):>8} {len(long_enough) - len(lost):>7} {len(lost):>8}"
        )
        for sentence, problem in lost[: args.show]:
            print(f"    lost: {sentence[:80]!r}: {problem}")
        total_lost += len(lost)
    print(f"real records rejected as not text: {total_lost} (must be 0)")
    return 1 if total_lost else 0


if __name__ == "__main__":
    sys.exit(main())
