"""Train the KLUE-style Korean NER CRF from the A_train half of KLUE NER dev.

    python bench/train_ner.py [--seed N] [--out PATH] [--cv-fold K]

Deterministic for a fixed seed (the seed only shuffles the inner folds used to
build out-of-fold lexicon features). ``--cv-fold K`` (0-4) holds out every
5th sentence of A_train (index % 5 == K), trains on the rest and prints the
held-out scores instead of writing a model: that is how the settings were tuned.
B_eval is never read here. Labels are trained as BIOES (``--scheme``); the
distributional cluster table (``bench/build_ner_clusters.py``, unlabeled news)
is read from the output directory when present and kept there.
"""

from __future__ import annotations

import argparse
import collections
import gzip
import json
import random
import sys
import tempfile
import time
from pathlib import Path

import numpy as np
import pycrfsuite

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from transforms.entities.ner.features import CONTENT_TAGS, Lexicon, morph_labels, sentence_features  # noqa: E402
from transforms.entities.ner.klue import LABELS, bio_to_bioes, entity_prf, macro_f1, read_klue  # noqa: E402
from transforms.entities.ner.model import (  # noqa: E402
    CLUSTERS_FILE,
    VECTORS_FILE,
    KiwiVectors,
    NerTagger,
    analyze,
    choose_basis,
    default_model_path,
    read_clusters,
)

TRAIN = ROOT.parent / "shared" / "corpora" / "klue_ner" / "klue-ner-v1.1_dev_A_train.tsv"
N_ANCHORS = 300
INNER_FOLDS = 5
N_BASIS_CANDIDATES = 800


def build_lexicon_inputs(sents, morphs):
    pairs = [morph_labels(s.tags, ms) for s, ms in zip(sents, morphs, strict=True)]
    freq: collections.Counter[int] = collections.Counter()
    ent: collections.Counter[int] = collections.Counter()
    for ps in pairs:
        for mid, lab in ps:
            freq[mid] += 1
            ent[mid] += lab != "O"
    pool = sorted(m for m in freq if freq[m] >= 2 or ent[m] >= 1)
    nouns: collections.Counter[tuple[int, str]] = collections.Counter(
        (m.mid, m.form) for ms in morphs for m in ms if m.mid >= 0 and m.tag in ("NNP", "NNG")
    )
    anchors = sorted(nouns.items(), key=lambda kv: (-kv[1], kv[0]))[:N_ANCHORS]
    return pairs, pool, [key for key, _ in anchors]


class SimTables:
    """Cosines of morphemes to the lexicon pool and the anchors, via reconstructed Kiwi vectors."""

    def __init__(self, mids, pool, anchor_ids, basis_from):
        self.emb = KiwiVectors(choose_basis(basis_from))
        mids = sorted(set(mids) | set(pool) | set(anchor_ids))
        self.row = {m: i for i, m in enumerate(mids)}
        self.vec = self.emb.vectors(mids)
        # the artifact stores pool/anchor vectors as float16: use the same values here
        self.pool_v = self.vec[[self.row[m] for m in pool]].astype(np.float16).astype(np.float32)
        self.anchor_v = self.vec[[self.row[m] for m in anchor_ids]].astype(np.float16).astype(np.float32)

    def semantic(self, lex: Lexicon, mids) -> dict[int, list[str]]:
        mids = sorted(mids)
        out: dict[int, list[str]] = {}
        for b in range(0, len(mids), 2000):
            chunk = mids[b : b + 2000]
            x = self.vec[[self.row[m] for m in chunk]]
            ps, as_ = x @ self.pool_v.T, x @ self.anchor_v.T
            for k, m in enumerate(chunk):
                out[m] = lex.features(m, ps[k], as_[k])
        return out


def content_ids(ms) -> set[int]:
    return {m.mid for m in ms if m.mid >= 0 and m.tag in CONTENT_TAGS}


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--seed", type=int, default=13)
    ap.add_argument("--out", type=Path, default=default_model_path())
    ap.add_argument("--train", type=Path, default=TRAIN)
    ap.add_argument("--cv-fold", type=int, default=None, help="tune: hold out A_train[i] with i %% 5 == K")
    ap.add_argument("--c1", type=float, default=0.1)
    ap.add_argument("--c2", type=float, default=0.03)
    ap.add_argument("--max-iter", type=int, default=150)
    ap.add_argument("--scheme", choices=("BIO", "BIOES"), default="BIOES")
    ap.add_argument(
        "--clusters",
        type=Path,
        default=None,
        help=f"cluster table (default: OUT/{CLUSTERS_FILE} if present; 'none' disables)",
    )
    ap.add_argument("--dump", type=Path, default=None, help="with --cv-fold: write held-out errors here")
    args = ap.parse_args()
    if args.clusters is None:
        cpath = args.out / CLUSTERS_FILE
        args.clusters = cpath if cpath.exists() else None
    elif str(args.clusters) == "none":
        args.clusters = None
    clusters = read_clusters(args.clusters) if args.clusters else None

    t0 = time.perf_counter()
    sents = read_klue(args.train)
    if args.cv_fold is None:
        train_idx, dev_idx = list(range(len(sents))), []
    else:
        train_idx = [i for i in range(len(sents)) if i % 5 != args.cv_fold]
        dev_idx = [i for i in range(len(sents)) if i % 5 == args.cv_fold]
    morphs = analyze([s.text for s in sents])
    t_kiwi = time.perf_counter() - t0

    tr_sents = [sents[i] for i in train_idx]
    tr_morphs = [morphs[i] for i in train_idx]
    pairs, pool, anchors = build_lexicon_inputs(tr_sents, tr_morphs)
    anchor_ids = [a for a, _ in anchors]
    all_mids = sorted(set().union(*(content_ids(ms) for ms in morphs)))
    freq = collections.Counter(m.mid for ms in tr_morphs for m in ms if m.mid >= 0 and m.tag in CONTENT_TAGS)
    basis_from = sorted(freq, key=lambda m: (-freq[m], m))[:N_BASIS_CANDIDATES]
    sims = SimTables(all_mids, pool, anchor_ids, basis_from)
    t_sim = time.perf_counter() - t0 - t_kiwi

    # out-of-fold lexicon features for the training sentences
    order = list(range(len(train_idx)))
    random.Random(args.seed).shuffle(order)
    fold_of = {pos: n % INNER_FOLDS for n, pos in enumerate(order)}
    sem_by_pos: dict[int, dict[int, list[str]]] = {}
    for f in range(INNER_FOLDS):
        rest = [p for q in range(len(train_idx)) if fold_of[q] != f for p in pairs[q]]
        lex = Lexicon.build(rest, pool, anchors)
        inner = [q for q in range(len(train_idx)) if fold_of[q] == f]
        mids = set().union(*(content_ids(tr_morphs[q]) for q in inner))
        sem = sims.semantic(lex, mids)
        for q in inner:
            sem_by_pos[q] = sem

    trainer = pycrfsuite.Trainer(verbose=False)
    for q in range(len(train_idx)):
        s = tr_sents[q]
        tags = bio_to_bioes(s.tags) if args.scheme == "BIOES" else list(s.tags)
        trainer.append(sentence_features(s.text, tr_morphs[q], sem_by_pos[q], clusters), tags)
    trainer.set_params(
        {
            "c1": args.c1,
            "c2": args.c2,
            "max_iterations": args.max_iter,
            "feature.possible_transitions": True,
        }
    )
    full_lex = Lexicon.build([p for ps in pairs for p in ps], pool, anchors)
    cache = sims.semantic(full_lex, all_mids)
    meta = {
        "train_file": args.train.name,
        "n_sentences": len(train_idx),
        "seed": args.seed,
        "c1": args.c1,
        "c2": args.c2,
        "max_iterations": args.max_iter,
        "labels": list(LABELS),
        "scheme": args.scheme,
        "clusters": clusters is not None,
        "kiwipiepy": __import__("kiwipiepy").__version__,
    }

    with tempfile.TemporaryDirectory() as tmp:
        crf_path = Path(tmp) / "crf.model" if args.cv_fold is not None else args.out / "crf.model"
        crf_path.parent.mkdir(parents=True, exist_ok=True)
        t1 = time.perf_counter()
        trainer.train(str(crf_path))
        t_crf = time.perf_counter() - t1
        if args.cv_fold is not None:
            tagger = pycrfsuite.Tagger()
            tagger.open(str(crf_path))
            vectors = (sims.emb, sims.pool_v, sims.anchor_v)
            model = NerTagger(tagger, full_lex, cache, meta, clusters, vectors)
            pred = [model.tag_pieces([sents[i].text])[0] for i in dev_idx]
            sc = entity_prf([sents[i].spans for i in dev_idx], pred)
            if args.dump:
                with open(args.dump, "w", encoding="utf-8") as fh:
                    for i, p in zip(dev_idx, pred, strict=True):
                        g, q = set(sents[i].spans), set(p)
                        t = sents[i].text
                        for a, b, lab in sorted(g - q):
                            fh.write(f"MISS\t{lab}\t{t[a:b]}\t{t[max(0, a - 8) : b + 8]}\n")
                        for a, b, lab in sorted(q - g):
                            fh.write(f"FP\t{lab}\t{t[a:b]}\t{t[max(0, a - 8) : b + 8]}\n")
            print(
                f"cv-fold {args.cv_fold} c1={args.c1} c2={args.c2} {args.scheme} clusters={args.clusters}: macro(PS/LC/OG/DT)={macro_f1(sc):.4f} "
                f"macro6={macro_f1(sc, LABELS):.4f} " + " ".join(f"{lab}={sc[lab].f1:.3f}" for lab in LABELS)
            )
        else:
            lex_data = {
                "pool": list(full_lex.pool),
                "counts": [int(x) for x in full_lex.counts.astype(np.int64).ravel()],
                "anchors": [[a, f] for a, f in anchors],
                "cache": {str(k): v for k, v in sorted(cache.items())},
                "basis": sims.emb.basis,
            }
            np.save(args.out / VECTORS_FILE, np.concatenate([sims.pool_v, sims.anchor_v]).astype(np.float16))
            with gzip.GzipFile(args.out / "lexicon.json.gz", "wb", mtime=0) as fh:
                fh.write(json.dumps(lex_data, ensure_ascii=False, sort_keys=True).encode("utf-8"))
            (args.out / "meta.json").write_text(
                json.dumps(meta, indent=2, ensure_ascii=False) + "\n", "utf-8"
            )
    total = time.perf_counter() - t0
    print(f"time: kiwi {t_kiwi:.1f}s, similarities {t_sim:.1f}s, crf {t_crf:.1f}s, total {total:.1f}s")
    if args.cv_fold is None:
        size = sum(p.stat().st_size for p in args.out.iterdir() if p.is_file())
        print(f"model written to {args.out} ({size / 1e6:.1f} MB)")


if __name__ == "__main__":
    main()
