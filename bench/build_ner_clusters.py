"""Build distributional morpheme clusters for the NER CRF from unlabeled Korean news.

    python bench/build_ner_clusters.py [--out transforms/entities/ner/model/clusters.tsv.gz]

Unsupervised only: the text comes from the unlabeled news corpora in shared/corpora
(ko_news_rss_gitscrape content_html, ko_news_naver_2018_soynlp, ko_news_leads_ktitan)
plus the *raw text* of KLUE A_train (never its labels, never B_eval).

Pipeline: Kiwi morphemes -> word keys (``form/TAG`` of content morphemes) ->
positional context counts (left/right neighbours at distance 1 and 2) ->
PPMI (context distribution smoothed with alpha 0.75) -> truncated SVD ->
spherical k-means at the finest granularity, then the centroids are merged
into coarser levels, so the cluster ids form a small hierarchy (like Brown
prefixes). Output: one ``key\\tc_coarse\\tc_mid\\tc_fine`` line per word, gzip'd.
Deterministic for a fixed seed.
"""

from __future__ import annotations

import argparse
import collections
import glob
import gzip
import html
import json
import re
import sys
import time
from pathlib import Path

import numpy as np
from scipy import sparse
from scipy.sparse.linalg import svds

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from transforms.entities.ner.features import clean_text, word_key  # noqa: E402
from transforms.entities.ner.klue import read_klue  # noqa: E402

CORPORA = ROOT.parent / "shared" / "corpora"
OUT = ROOT / "transforms" / "entities" / "ner" / "model" / "clusters.tsv.gz"

_TAG = re.compile(r"<[^>]+>")
_BREAK = re.compile(
    r"<\s*(br|/p|p|/div|div|figure|/figure|figcaption|/figcaption|li|/li|h\d|/h\d)\b[^>]*>", re.I
)


def html_lines(doc: str) -> list[str]:
    doc = _BREAK.sub("\n", doc)
    doc = html.unescape(_TAG.sub(" ", doc))
    return [ln.strip() for ln in doc.split("\n") if len(ln.strip()) >= 10]


def unlabeled_texts() -> list[str]:
    lines: list[str] = []
    for path in sorted(glob.glob(str(CORPORA / "ko_news_rss_gitscrape" / "*.jsonl"))):
        with open(path, encoding="utf-8") as fh:
            for row in fh:
                d = json.loads(row)
                if d.get("title"):
                    lines.append(d["title"])
                lines.extend(html_lines(d.get("content_html") or ""))
    for path in sorted(glob.glob(str(CORPORA / "ko_news_leads_ktitan" / "*.json"))):
        with open(path, encoding="utf-8") as fh:
            for d in json.load(fh):
                lines.extend(x for x in (d.get("title"), d.get("summary")) if x)
    for path in sorted(glob.glob(str(CORPORA / "ko_news_naver_2018_soynlp" / "*.txt"))):
        with open(path, encoding="utf-8") as fh:
            lines.extend(ln.strip() for ln in fh if len(ln.strip()) >= 10)
    train = CORPORA / "klue_ner" / "klue-ner-v1.1_dev_A_train.tsv"
    if train.exists():
        lines.extend(s.text for s in read_klue(train))
    seen: set[str] = set()
    out = []
    for ln in lines:
        ln = clean_text(ln)
        if ln not in seen:
            seen.add(ln)
            # long paragraphs: cut into ~sentence pieces so Kiwi stays fast
            out.extend(p for p in re.split(r"(?<=[.!?])\s+", ln) if p.strip())
    return out


def tokenize(texts: list[str], workers: int) -> list[list[tuple[str, str]]]:
    from kiwipiepy import Kiwi

    kw = Kiwi(num_workers=workers)
    return [[(t.form, t.tag) for t in toks] for toks in kw.tokenize(texts)]


def ctx_key(form: str, tag: str) -> str:
    k = word_key(form, tag)
    return k if k is not None else f"{form}/{tag}" if tag[0] in "JEXV" else tag


def spherical_kmeans(x: np.ndarray, k: int, w: np.ndarray, seed: int, iters: int = 25) -> np.ndarray:
    rng = np.random.default_rng(seed)
    n = len(x)
    # k-means++ style seeding on cosine distance, weighted by frequency
    cent = np.empty((k, x.shape[1]), dtype=np.float32)
    first = rng.choice(n, p=w / w.sum())
    cent[0] = x[first]
    d = 1.0 - x @ cent[0]
    for j in range(1, k):
        p = np.maximum(d, 0) * w
        idx = rng.choice(n, p=p / p.sum())
        cent[j] = x[idx]
        d = np.minimum(d, 1.0 - x @ cent[j])
    assign = np.zeros(n, dtype=np.int64)
    for _ in range(iters):
        assign = np.argmax(x @ cent.T, axis=1)
        for j in range(k):
            members = assign == j
            if members.any():
                c = (x[members] * w[members, None]).sum(0)
                cent[j] = c / (np.linalg.norm(c) + 1e-9)
    return assign, cent


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--out", type=Path, default=OUT)
    ap.add_argument("--min-count", type=int, default=3)
    ap.add_argument("--max-ctx", type=int, default=30000)
    ap.add_argument("--dim", type=int, default=100)
    ap.add_argument("--levels", default="32,256,1024")
    ap.add_argument("--seed", type=int, default=7)
    ap.add_argument("--workers", type=int, default=2)
    ap.add_argument("--dump-tokens", type=Path, default=None)
    args = ap.parse_args()

    t0 = time.perf_counter()
    texts = unlabeled_texts()
    print(f"{len(texts)} pieces, {sum(map(len, texts))} chars", flush=True)
    toks = tokenize(texts, args.workers)
    print(f"kiwi {time.perf_counter() - t0:.0f}s", flush=True)

    freq: collections.Counter[str] = collections.Counter()
    cfreq: collections.Counter[str] = collections.Counter()
    seqs = []
    for ts in toks:
        keys = [word_key(f, t) for f, t in ts]
        ctx = [ctx_key(f, t) for f, t in ts]
        seqs.append((keys, ctx))
        freq.update(k for k in keys if k is not None)
        cfreq.update(ctx)
    vocab = sorted((k for k, c in freq.items() if c >= args.min_count), key=lambda k: (-freq[k], k))
    cvocab = sorted(cfreq, key=lambda k: (-cfreq[k], k))[: args.max_ctx]
    vi = {k: i for i, k in enumerate(vocab)}
    ci = {k: i for i, k in enumerate(cvocab)}
    nc = len(cvocab)
    rows, cols = [], []
    for keys, ctx in seqs:
        n = len(keys)
        for i, k in enumerate(keys):
            r = vi.get(k) if k is not None else None
            if r is None:
                continue
            for off, slot in ((-1, 0), (1, 1), (-2, 2), (2, 3)):
                j = i + off
                c = ci.get(ctx[j]) if 0 <= j < n else ci.get("^" if off < 0 else "$", None)
                if c is not None:
                    rows.append(r)
                    cols.append(slot * nc + c)
    m = sparse.coo_matrix(
        (np.ones(len(rows), dtype=np.float64), (rows, cols)), shape=(len(vocab), 4 * nc)
    ).tocsr()
    m.sum_duplicates()
    total = m.sum()
    pw = np.asarray(m.sum(1)).ravel() / total
    pc = np.asarray(m.sum(0)).ravel() ** 0.75
    pc /= pc.sum()
    m = m.tocoo()
    pmi = np.log(m.data / total / (pw[m.row] * pc[m.col]))
    keep = pmi > 0
    ppmi = sparse.csr_matrix((pmi[keep], (m.row[keep], m.col[keep])), shape=m.shape)
    print(f"vocab {len(vocab)}, ctx {nc}, nnz {ppmi.nnz}; {time.perf_counter() - t0:.0f}s", flush=True)
    v0 = np.random.default_rng(args.seed).standard_normal(min(ppmi.shape))
    u, s, _ = svds(ppmi, k=args.dim, v0=v0)
    order = np.argsort(-s)
    emb = (u[:, order] * np.sqrt(s[order])).astype(np.float32)
    emb /= np.linalg.norm(emb, axis=1, keepdims=True) + 1e-9
    w = np.log1p(np.array([freq[k] for k in vocab], dtype=np.float64))

    levels = sorted(int(x) for x in args.levels.split(","))
    fine, cent = spherical_kmeans(emb, levels[-1], w, args.seed)
    assigns = {levels[-1]: fine}
    cw = np.bincount(fine, weights=w, minlength=levels[-1]) + 1e-3
    for lv in reversed(levels[:-1]):
        a, _ = spherical_kmeans(cent, lv, cw, args.seed)
        assigns[lv] = a[fine]
    print(f"clusters {levels}; {time.perf_counter() - t0:.0f}s", flush=True)
    args.out.parent.mkdir(parents=True, exist_ok=True)
    with gzip.GzipFile(args.out, "wb", mtime=0) as fh:
        for i, k in enumerate(vocab):
            fh.write(("\t".join([k] + [str(assigns[lv][i]) for lv in levels]) + "\n").encode("utf-8"))
    if args.dump_tokens:
        np.save(args.dump_tokens, emb)
    print(f"wrote {args.out} ({args.out.stat().st_size / 1e6:.2f} MB), {time.perf_counter() - t0:.0f}s")


if __name__ == "__main__":
    main()
