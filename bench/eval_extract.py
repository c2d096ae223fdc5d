"""Main-text extraction quality of the HTML path (`make eval-extract`).

Every page goes through `transforms.ingest.files.parse_file` (gzip, decoding, form detection, trafilatura, byline and
caption clean-up), exactly as a landing file would. Scores:

- body: the Zyte article-extraction-benchmark measure (its `evaluate.py`): `\\w+` tokens, bags of 4-token shingles,
  per-page TP/FP/FN normalized to sum 1, precision and recall averaged over pages, F1 = harmonic mean of the two
  means. `tokF1` is the same with single tokens (a bag-of-words F1), reported alongside.
- metadata, where gold exists: Readability `expected-metadata.json` title (exact after whitespace/case folding),
  byline (every extracted reporter name appears in the gold byline, and there is at least one), publishedTime (same
  calendar date as the gold); newspaper4k `metadata/*.json` title.

Corpora (../shared/corpora): the Zyte benchmark (181 pages, human `articleBody` gold), Mozilla Readability test
pages (30, gold = text of `expected.html`), newspaper4k test pages (html vs txt). Missing corpora are skipped.
"""

from __future__ import annotations

import argparse
import json
import re
import statistics
import sys
import time
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from transforms.ingest.errors import RejectError  # noqa: E402
from transforms.ingest.files import parse_file  # noqa: E402
from transforms.ingest.parsers.markup import html_to_paragraphs  # noqa: E402
from transforms.ingest.records import ParsedArticle  # noqa: E402

CORPORA = ROOT.parent / "shared" / "corpora"
_TOKEN = re.compile(r"\w+", re.UNICODE)


def _shingles(text: str, n: int) -> Counter:
    tokens = _TOKEN.findall(text or "")
    return Counter(tuple(tokens[i : i + n]) for i in range(max(1, len(tokens) - n + 1)) if tokens[i : i + n])


def tp_fp_fn(true: str, pred: str, n: int = 4) -> tuple[float, float, float]:
    """Zyte `string_shingle_matching`: shingle-bag TP/FP/FN, normalized so each page weighs the same."""
    gold, got = _shingles(true, n), _shingles(pred, n)
    tp = sum((gold & got).values())
    fp = sum((got - gold).values())
    fn = sum((gold - got).values())
    total = tp + fp + fn
    return (tp / total, fp / total, fn / total) if total else (0.0, 0.0, 0.0)


def _precision(tp: float, fp: float, fn: float) -> float:
    if fp == fn == 0:
        return 1.0
    return 0.0 if tp == fp == 0 else tp / (tp + fp)


def _recall(tp: float, fp: float, fn: float) -> float:
    if fp == fn == 0:
        return 1.0
    return 0.0 if tp == fn == 0 else tp / (tp + fn)


def prf(counts: list[tuple[float, float, float]]) -> tuple[float, float, float]:
    """Zyte `metrics_from_tp_fp_fns`: mean precision, mean recall, F1 of the means."""
    precisions = [_precision(*c) for c in counts if c[0] + c[1] > 0]
    recalls = [_recall(*c) for c in counts if c[0] + c[2] > 0]
    p = statistics.mean(precisions) if precisions else 0.0
    r = statistics.mean(recalls) if recalls else 0.0
    return p, r, (2 * p * r / (p + r) if p + r else 0.0)


@dataclass
class CorpusResult:
    name: str
    shingles: list[tuple[float, float, float]] = field(default_factory=list)
    reference: list[tuple[float, float, float]] = field(default_factory=list)
    tokens: list[tuple[float, float, float]] = field(default_factory=list)
    rejected: int = 0
    seconds: float = 0.0
    meta: dict[str, list[bool]] = field(default_factory=dict)
    worst: list[tuple[float, str]] = field(default_factory=list)


def extract(raw: bytes) -> ParsedArticle | None:
    try:
        form, records = parse_file(raw)
    except RejectError:
        return None
    article = next((r for r in records if isinstance(r, ParsedArticle)), None)
    if form != "html":
        print(f"  warning: detected as {form}", file=sys.stderr)
    return article


def reference_text(raw: bytes) -> str:
    """trafilatura with its default settings: the reference the issue compares against."""
    import gzip

    import trafilatura

    if raw[:2] == b"\x1f\x8b":
        raw = gzip.decompress(raw)
    return trafilatura.extract(raw) or ""


def score(
    result: CorpusResult, page: str, gold: str, article: ParsedArticle | None, raw: bytes = b""
) -> None:
    if raw:
        result.reference.append(tp_fp_fn(gold, reference_text(raw), 4))
    body = article.body_text if article else ""
    if article is None:
        result.rejected += 1
    result.shingles.append(tp_fp_fn(gold, body, 4))
    result.tokens.append(tp_fp_fn(gold, body, 1))
    tp, fp, fn = result.shingles[-1]
    f1 = 2 * tp / (2 * tp + fp + fn) if tp else 0.0
    result.worst.append((f1, page))


def _fold(text: str | None) -> str:
    return " ".join((text or "").split()).casefold()


def _meta(result: CorpusResult, key: str, ok: bool) -> None:
    result.meta.setdefault(key, []).append(ok)


def zyte() -> CorpusResult | None:
    folder = CORPORA / "html_article_extraction_benchmark"
    if not folder.is_dir():
        return None
    result = CorpusResult("zyte (181)")
    gold = json.loads((folder / "ground-truth.json").read_text(encoding="utf-8"))
    start = time.perf_counter()
    for key, item in sorted(gold.items()):
        raw = (folder / "html" / f"{key}.html.gz").read_bytes()
        score(result, key[:12], item.get("articleBody", ""), extract(raw), raw)
    result.seconds = time.perf_counter() - start
    return result


def readability() -> CorpusResult | None:
    folder = CORPORA / "html_readability_testpages"
    if not folder.is_dir():
        return None
    result = CorpusResult("readability (30)")
    start = time.perf_counter()
    for page in sorted(p for p in folder.iterdir() if (p / "source.html").is_file()):
        expected, _, _ = html_to_paragraphs((page / "expected.html").read_text(encoding="utf-8"))
        raw = (page / "source.html").read_bytes()
        article = extract(raw)
        score(result, page.name, "\n".join(expected), article, raw)
        metadata_file = page / "expected-metadata.json"
        if not metadata_file.is_file():
            continue
        gold = json.loads(metadata_file.read_text(encoding="utf-8"))
        if gold.get("title"):
            _meta(result, "title", article is not None and _fold(article.title) == _fold(gold["title"]))
        if gold.get("byline"):
            names = [r.name for r in article.reporters] if article else []
            byline = _fold(gold["byline"])
            _meta(result, "byline", bool(names) and all(_fold(n) in byline for n in names))
        if gold.get("publishedTime"):
            day = re.match(r"\d{4}-\d{2}-\d{2}", gold["publishedTime"])
            got = article.published_at.date().isoformat() if article and article.published_at else None
            _meta(result, "published", bool(day) and got == day.group(0))
    result.seconds = time.perf_counter() - start
    return result


def newspaper4k() -> CorpusResult | None:
    folder = CORPORA / "html_newspaper4k_tests"
    if not folder.is_dir():
        return None
    pages = sorted(
        p for p in (folder / "html").glob("*.html") if (folder / "txt" / f"{p.stem}.txt").is_file()
    )
    result = CorpusResult(f"newspaper4k ({len(pages)})")
    start = time.perf_counter()
    for page in pages:
        raw = page.read_bytes()
        article = extract(raw)
        score(
            result, page.stem, (folder / "txt" / f"{page.stem}.txt").read_text(encoding="utf-8"), article, raw
        )
        metadata_file = folder / "metadata" / f"{page.stem}.json"
        if metadata_file.is_file():
            gold = json.loads(metadata_file.read_text(encoding="utf-8"))
            if gold.get("title"):
                _meta(result, "title", article is not None and _fold(article.title) == _fold(gold["title"]))
    result.seconds = time.perf_counter() - start
    return result


def creator_gold(creator: str) -> list[str]:
    """Names in a Chosun/Lawtimes `creator` field, by the field's convention: comma-separated credits, each
    `[place or role=]NAME [description]`; a credit whose first word is a desk (인터넷 기자) names nobody."""
    names = []
    for part in re.split(r"\s*,\s*", creator):
        part = re.sub(r"\([^)]*\)", " ", part)
        part = re.sub(r"^[^=]*=", "", part).split()
        if part and re.fullmatch(r"[가-힣]{2,4}", part[0]) and part[0] not in {"인터넷", "온라인", "디지털"}:
            names.append(part[0])
            if len(part) > 2 and re.fullmatch(r"[가-힣]{2,4}", part[1]) and part[2] in {"기자", "특파원"}:
                names.append(part[1])
    return names


def creators() -> None:
    """Reporter names parsed from the `creator` field of every Chosun/Lawtimes row, against `creator_gold`."""
    from transforms.ingest.authors import reporters_from_author

    folder = CORPORA / "ko_news_rss_gitscrape"
    for name in ("chosun_national_2024-06.jsonl", "lawtimes_2024-06.jsonl"):
        path = folder / name
        if not path.is_file():
            continue
        rows = [json.loads(line) for line in path.open(encoding="utf-8")]
        rows = [r for r in rows if r.get("creator")]
        misses = [
            (r["creator"], creator_gold(r["creator"]), [x.name for x in reporters_from_author(r["creator"])])
            for r in rows
        ]
        misses = [m for m in misses if m[1] != m[2]]
        exact = len(rows) - len(misses)
        print(
            f"\ncreator field -> reporter names, {name}: {exact}/{len(rows)} exact ({exact / len(rows):.1%})"
        )
        for creator, gold, got in misses[:5]:
            print(f"  {creator!r}: expected {gold}, got {got}")


def naver() -> None:
    """The Naver concatenation split into articles, and how many carry their own byline."""
    path = CORPORA / "ko_news_naver_2018_soynlp" / "naver_news_2018-02-25_concatenated.txt"
    if not path.is_file():
        return
    form, records = parse_file(path.read_bytes())
    articles = [r for r in records if isinstance(r, ParsedArticle)]
    with_byline = sum(1 for a in articles if a.reporters)
    print(
        f"\nNaver concatenation ({form}): {len(articles)} articles, {with_byline} with a reporter byline, "
        f"{sum(1 for a in articles if a.publisher_name)} with a publisher"
    )


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--worst", type=int, default=0, help="also list the N worst pages per corpus")
    args = parser.parse_args()
    results = [r for r in (zyte(), readability(), newspaper4k()) if r is not None]
    if not results:
        print(f"no corpora under {CORPORA}")
        return 0
    header = (
        f"{'corpus':<18} {'P':>6} {'R':>6} {'F1':>6} {'ref F1':>6} {'tokF1':>6} {'fail':>5} {'sec':>5}  "
        "metadata accuracy"
    )
    print(
        "main text: Zyte measure (4-token shingles); ref F1 = trafilatura defaults; tokF1 = bag-of-tokens F1"
    )
    print(header)
    print("-" * len(header))
    for result in results:
        p, r, f1 = prf(result.shingles)
        token_f1 = prf(result.tokens)[2]
        ref_f1 = prf(result.reference)[2] if result.reference else float("nan")
        meta = "  ".join(
            f"{key} {sum(oks)}/{len(oks)} ({sum(oks) / len(oks):.0%})" for key, oks in result.meta.items()
        )
        print(
            f"{result.name:<18} {p:6.3f} {r:6.3f} {f1:6.3f} {ref_f1:6.3f} {token_f1:6.3f} {result.rejected:5d} "
            f"{result.seconds:5.1f}  {meta}"
        )
    creators()
    naver()
    if args.worst:
        for result in results:
            worst = sorted(result.worst)[: args.worst]
            print(f"\nworst {result.name}: " + ", ".join(f"{page} {f1:.2f}" for f1, page in worst))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
