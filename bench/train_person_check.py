"""Train the second look at bare tagger people (transforms/entities/person_check.py).

.venv/bin/python bench/train_person_check.py [--out transforms/entities/person_check.json]

Data: `bench/data/person_check_labels.csv`, 1,200 tagger people of June 2024 Chosun articles (none of them in the
evaluation set `../shared/gold/`) that nothing in their article vouched for, each read by hand in context as PERSON
(a real person) or NOT (plants, places, bands, dishes, words, and characters of fiction or myth). The articles are read from `../shared/corpora/ko_news_rss_gitscrape/`
by URL, tagged by the shipped CRF, and screened as the pipeline does; the features of each labelled name are those
the pipeline computes.

The model is an L2-regularised logistic regression. Its strength and the drop threshold are chosen by 5-fold
cross-validation grouped by article: the threshold is the highest one at which at most MAX_PEOPLE_LOST of the real
people would be dropped in held-out folds. The printed table gives, per threshold, the held-out share of people
lost and of non-people removed.
"""

from __future__ import annotations

import argparse
import csv
import json
import random
import sys
from collections import defaultdict
from pathlib import Path

import numpy as np
from scipy.optimize import minimize

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from flows.files import read_admin_index, read_gazetteer  # noqa: E402
from transforms.entities.frames import tagger_spans  # noqa: E402
from transforms.entities.mentions import extract_mentions  # noqa: E402
from transforms.entities.ner.model import load_model  # noqa: E402
from transforms.entities.person_check import MODEL_PATH  # noqa: E402
from transforms.ingest.files import parse_file  # noqa: E402
from transforms.ingest.records import ParsedArticle  # noqa: E402

LABELS = ROOT / "bench" / "data" / "person_check_labels.csv"
CORPUS = ROOT.parent / "shared" / "corpora" / "ko_news_rss_gitscrape"
FILES = ("chosun_national_2024-06.jsonl", "lawtimes_2024-06.jsonl")
STRENGTHS = (0.3, 1.0, 3.0, 10.0)  # L2 penalty per weight (times the number of examples / 1,000)
THRESHOLDS = tuple(round(t, 2) for t in np.arange(0.05, 0.71, 0.05))
MAX_PEOPLE_LOST = 0.03
FOLDS = 5
SEED = 13


class _Recorder:
    """A person check that keeps every bare name's features and drops nothing."""

    threshold = 0.0

    def __init__(self) -> None:
        self.seen: dict[str, list[str]] = {}

    def __call__(self, name: str, feats: list[str]) -> float:
        self.seen[name] = feats
        return 1.0


def labelled_features() -> tuple[list[list[str]], np.ndarray, list[str]]:
    """(features, labels 1 = person, article URL) of every labelled name the pipeline still finds bare."""
    wanted: dict[str, dict[str, int]] = defaultdict(dict)
    with LABELS.open(encoding="utf-8") as f:
        for row in csv.DictReader(f):
            wanted[row["url"]][row["name"]] = int(row["label"] == "PERSON")
    bodies: dict[str, str] = {}
    for name in FILES:
        for line in (CORPUS / name).open(encoding="utf-8"):
            _, records = parse_file(line.encode())
            article = records[0] if records else None
            if isinstance(article, ParsedArticle) and article.url in wanted:
                bodies[article.url] = article.body_text  # the latest revision of a URL
    seeds = ROOT / "warehouse" / "seeds"
    gazetteer, admin = read_gazetteer(seeds), read_admin_index(seeds)
    urls = sorted(bodies)
    tags = load_model().tag_scored([bodies[u] for u in urls])
    feats, ys, groups = [], [], []
    missing = 0
    for url, spans in zip(urls, tags, strict=True):
        body = bodies[url]
        recorder = _Recorder()
        extract_mentions(body, gazetteer, tagger_spans(body, spans), admin, person_check=recorder)
        for name, label in wanted[url].items():
            if name in recorder.seen:
                feats.append(recorder.seen[name])
                ys.append(label)
                groups.append(url)
            else:
                missing += 1
    print(
        f"labelled names: {sum(len(v) for v in wanted.values())}; bare in the pipeline today: {len(ys)}; "
        f"not bare or not found: {missing}; articles: {len(bodies)}"
    )
    return feats, np.array(ys, dtype=float), groups


def _matrix(feats: list[list[str]], index: dict[str, int]) -> np.ndarray:
    x = np.zeros((len(feats), len(index)))
    for i, fs in enumerate(feats):
        for f in fs:
            j = index.get(f)
            if j is not None:
                x[i, j] = 1.0
    return x


def fit(x: np.ndarray, y: np.ndarray, strength: float) -> np.ndarray:
    """L2 logistic regression (the bias, column 0, unpenalised) by L-BFGS."""
    penalty = np.full(x.shape[1], strength * len(y) / 1000)
    penalty[0] = 0.0

    def loss(w: np.ndarray) -> tuple[float, np.ndarray]:
        z = x @ w
        p = 1 / (1 + np.exp(-z))
        nll = np.sum(np.logaddexp(0, z) - y * z)
        grad = x.T @ (p - y) + 2 * penalty * w
        return nll + np.sum(penalty * w * w), grad

    return minimize(loss, np.zeros(x.shape[1]), jac=True, method="L-BFGS-B").x


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--out", type=Path, default=MODEL_PATH)
    args = parser.parse_args()
    feats, y, groups = labelled_features()
    vocab = sorted({f for fs in feats for f in fs} - {"bias"})
    index = {"bias": 0, **{f: i + 1 for i, f in enumerate(vocab)}}
    x = _matrix(feats, index)
    articles = sorted(set(groups))
    random.Random(SEED).shuffle(articles)
    fold_of = {a: i % FOLDS for i, a in enumerate(articles)}
    folds = np.array([fold_of[g] for g in groups])
    best = None
    print(f"{len(y)} names, {int((1 - y).sum())} not people; {len(index)} features\n")
    print("strength | held-out log loss | threshold at <= 3% people lost | non-people removed")
    for strength in STRENGTHS:
        held = np.zeros(len(y))
        for k in range(FOLDS):
            train = folds != k
            w = fit(x[train], y[train], strength)
            held[~train] = 1 / (1 + np.exp(-(x[~train] @ w)))
        logloss = -np.mean(y * np.log(held + 1e-12) + (1 - y) * np.log(1 - held + 1e-12))
        rows = []
        for t in THRESHOLDS:
            lost = np.mean(held[y == 1] < t)
            removed = np.mean(held[y == 0] < t)
            rows.append((t, lost, removed))
        ok = [r for r in rows if r[1] <= MAX_PEOPLE_LOST]
        t, lost, removed = max(ok) if ok else (0.0, 0.0, 0.0)
        print(f"{strength:8g} | {logloss:17.3f} | {t:.2f} ({lost:.1%} lost) | {removed:.1%}")
        if best is None or logloss < best[1]:
            best = (strength, logloss, t, rows)
    strength, logloss, threshold, rows = best
    print(f"\nchosen strength {strength:g}; held-out, per threshold (people lost / non-people removed):")
    for t, lost, removed in rows:
        print(f"  {t:.2f}: {lost:5.1%} / {removed:5.1%}{'  <- chosen' if t == threshold else ''}")
    w = fit(x, y, strength)
    weights = {f: round(float(w[j]), 4) for f, j in index.items() if abs(w[j]) >= 1e-4}
    held_rows = {
        f"{t:.2f}": {"people_lost": round(lost, 4), "non_people_removed": round(removed, 4)}
        for t, lost, removed in rows
    }
    out = {
        "threshold": threshold,
        "strength": strength,
        "examples": len(y),
        "non_people": int((1 - y).sum()),
        "held_out": held_rows,
        "weights": dict(sorted(weights.items())),
    }
    args.out.write_text(json.dumps(out, ensure_ascii=False, indent=0) + "\n", encoding="utf-8")
    print(f"wrote {args.out} ({len(weights)} weights, threshold {threshold})")


if __name__ == "__main__":
    main()
