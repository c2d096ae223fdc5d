"""Train the KLUE-style Korean NER CRF (``make model``).

    python bench/train_ner.py [--seed N] [--out PATH] [--train FILE ...] [--gazetteer FILE|none] [--cv-fold K]

Training data (all from KLUE's train split or the A half of its dev split; B_eval is never read here):
``klue-ner-v1.1_dev_A_train.tsv`` and ``klue-ner-v1.1_train_first5000.tsv``, plus the konne form/label table
(``klue_ner_extras/konne_train_form_label_freq.tsv``) as a gazetteer. The konne table counts the entities of
the whole KLUE train split, so for a training sentence from that split its own gold entities are subtracted
from the table before its features are built (otherwise the CRF learns that the gazetteer is always right).
The training-label priors (per morpheme and per word stem) are built out of fold: each sentence's priors
come from the other 4 of 5 folds (shuffled with ``--seed``); the artifact keeps the priors of all sentences.

Deterministic for a fixed seed. ``--cv-fold K`` (0-4) holds out every 5th sentence of dev_A (index % 5 == K),
trains on the rest and prints the held-out scores instead of writing a model: that is how settings are
chosen. The distributional cluster table (``bench/build_ner_clusters.py``) is read from the output directory.
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

import pycrfsuite

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from transforms.entities.ner.features import (  # noqa: E402
    CONTENT_TAGS,
    Resources,
    clean_text,
    coarse_label,
    gold_pairs,
    sentence_features,
    word_key,
    word_spans,
    word_stem,
)
from transforms.entities.ner.klue import LABELS, Sentence, bio_to_bioes, entity_prf, macro_f1, read_klue  # noqa: E402
from transforms.entities.ner.model import (  # noqa: E402
    CLUSTERS_FILE,
    TABLES_FILE,
    NerTagger,
    analyze_words,
    default_model_path,
    read_clusters,
)

CORPORA = next(
    (p / "shared" / "corpora" for p in ROOT.parents if (p / "shared" / "corpora").is_dir()),
    ROOT.parent / "shared" / "corpora",
)
DEV_A = CORPORA / "klue_ner" / "klue-ner-v1.1_dev_A_train.tsv"
TRAIN_5K = CORPORA / "klue_ner" / "klue-ner-v1.1_train_first5000.tsv"
KONNE = CORPORA / "klue_ner_extras" / "konne_train_form_label_freq.tsv"
INNER_FOLDS = 5

Counts = dict[str, dict[str, float]]


def read_gazetteer(path: Path) -> Counts:
    """konne form -> KLUE label (see :func:`coarse_label`) -> train-split count."""
    out: dict[str, collections.Counter[str]] = collections.defaultdict(collections.Counter)
    with open(path, encoding="utf-8") as fh:
        next(fh)
        for line in fh:
            form, label, freq = line.rstrip("\n").split("\t")
            out[form][coarse_label(label)] += int(freq)
    return {form: dict(sorted(c.items())) for form, c in sorted(out.items())}


def analyses_of(sents: list[Sentence]) -> list[list[tuple]]:
    """Per sentence, the Kiwi morphemes of each word (each distinct word analysed once)."""
    texts = [clean_text(s.text) for s in sents]
    words = sorted({t[a:b] for t in texts for a, b in word_spans(t)})
    table = dict(zip(words, analyze_words(words), strict=True))
    return [[table[t[a:b]] for a, b in word_spans(t)] for t in texts]


def label_at(tags, i: int) -> str:
    t = tags[i] if 0 <= i < len(tags) else "O"
    return "O" if t == "O" else t[2:]


def priors(sents: list[Sentence], analyses: list[list[tuple]]) -> tuple[Counts, Counts]:
    """(morpheme key -> label counts, word stem -> label counts) over labelled sentences."""
    morph: dict[str, collections.Counter[str]] = collections.defaultdict(collections.Counter)
    stem: dict[str, collections.Counter[str]] = collections.defaultdict(collections.Counter)
    for s, an in zip(sents, analyses, strict=True):
        text = clean_text(s.text)
        for (a, b), ms in zip(word_spans(text), an, strict=True):
            for m in ms:
                if m.tag in CONTENT_TAGS:
                    morph[word_key(m.form, m.tag)][label_at(s.tags, a + m.start)] += 1
            st, _ = word_stem(text[a:b], ms)
            if st:
                stem[st][label_at(s.tags, a)] += 1
    as_dict = lambda d: {k: dict(sorted(c.items())) for k, c in sorted(d.items())}  # noqa: E731
    return as_dict(morph), as_dict(stem)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--seed", type=int, default=13)
    ap.add_argument("--out", type=Path, default=default_model_path())
    ap.add_argument(
        "--train", type=Path, nargs="+", default=[DEV_A, TRAIN_5K], help="KLUE TSV files (dev_A first)"
    )
    ap.add_argument("--gazetteer", default=str(KONNE), help="konne form/label table, or 'none'")
    ap.add_argument("--priors", choices=("on", "off"), default="on")
    ap.add_argument("--cv-fold", type=int, default=None, help="tune: hold out dev_A[i] with i %% 5 == K")
    ap.add_argument("--c1", type=float, default=0.1)
    ap.add_argument("--c2", type=float, default=0.03)
    ap.add_argument("--max-iter", type=int, default=150)
    ap.add_argument(
        "--clusters", type=Path, default=None, help=f"default: OUT/{CLUSTERS_FILE}; 'none' disables"
    )
    ap.add_argument(
        "--check-reference", type=int, default=0, help="with --cv-fold: compare fast and crfsuite paths"
    )
    args = ap.parse_args()
    if args.clusters is None:
        args.clusters = args.out / CLUSTERS_FILE if (args.out / CLUSTERS_FILE).exists() else None
    elif str(args.clusters) == "none":
        args.clusters = None
    clusters = read_clusters(args.clusters) if args.clusters else None
    gazetteer = read_gazetteer(Path(args.gazetteer)) if args.gazetteer != "none" else None

    t0 = time.perf_counter()
    sents: list[Sentence] = []
    for path in args.train:
        sents.extend(read_klue(path))
    held = [
        i
        for i, s in enumerate(sents)
        if args.cv_fold is not None and "_dev_" in s.sid and i % 5 == args.cv_fold
    ]
    held_set = set(held)
    train_idx = [i for i in range(len(sents)) if i not in held_set]
    analyses = analyses_of(sents)
    t_kiwi = time.perf_counter() - t0

    tr_sents = [sents[i] for i in train_idx]
    tr_an = [analyses[i] for i in train_idx]
    order = list(range(len(train_idx)))
    random.Random(args.seed).shuffle(order)
    fold_of = {q: n % INNER_FOLDS for n, q in enumerate(order)}
    fold_res = []
    for f in range(INNER_FOLDS):
        rest = [q for q in range(len(train_idx)) if fold_of[q] != f]
        mp, sp = (
            priors([tr_sents[q] for q in rest], [tr_an[q] for q in rest])
            if args.priors == "on"
            else (None, None)
        )
        fold_res.append(Resources(clusters, gazetteer, mp, sp))

    trainer = pycrfsuite.Trainer(verbose=False)
    for q, (s, an) in enumerate(zip(tr_sents, tr_an, strict=True)):
        res = fold_res[fold_of[q]]
        if gazetteer is not None and "_train_" in s.sid:
            res = Resources(
                res.clusters, res.gazetteer, res.morph_prior, res.stem_prior, gold_pairs(s.text, s.spans)
            )
        trainer.append(sentence_features(s.text, an, res), bio_to_bioes(s.tags))
    trainer.set_params(
        {"c1": args.c1, "c2": args.c2, "max_iterations": args.max_iter, "feature.possible_transitions": True}
    )
    t_feat = time.perf_counter() - t0 - t_kiwi
    mp, sp = priors(tr_sents, tr_an) if args.priors == "on" else (None, None)
    full = Resources(clusters, gazetteer, mp, sp)
    meta = {
        "train_files": [p.name for p in args.train],
        "n_sentences": len(train_idx),
        "gazetteer": Path(args.gazetteer).name if gazetteer is not None else None,
        "priors": args.priors == "on",
        "seed": args.seed,
        "c1": args.c1,
        "c2": args.c2,
        "max_iterations": args.max_iter,
        "labels": list(LABELS),
        "scheme": "BIOES",
        "analysis": "kiwi per word",
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
            model = NerTagger(tagger, crf_path, full, meta)
            texts = [sents[i].text for i in held]
            pred = model.tag_pieces(texts)
            if args.check_reference:
                n = args.check_reference
                ref = model.tag_pieces_reference(texts[:n])
                same = sum(a == b for a, b in zip(pred[:n], ref, strict=True))
                print(f"fast == crfsuite on {same}/{n} held-out sentences")
            sc = entity_prf([sents[i].spans for i in held], pred)
            print(
                f"cv-fold {args.cv_fold} c1={args.c1} c2={args.c2} train={meta['train_files']} "
                f"gazetteer={meta['gazetteer']} priors={args.priors} clusters={args.clusters is not None}: "
                f"macro(PS/LC/OG/DT)={macro_f1(sc):.4f} macro6={macro_f1(sc, LABELS):.4f} "
                + " ".join(f"{lab}={sc[lab].f1:.3f}" for lab in LABELS)
            )
        else:
            tables = {
                "gazetteer": full.gazetteer,
                "morph_prior": full.morph_prior,
                "stem_prior": full.stem_prior,
            }
            tables = {k: v for k, v in tables.items() if v is not None}
            with gzip.GzipFile(args.out / TABLES_FILE, "wb", mtime=0) as fh:
                fh.write(json.dumps(tables, ensure_ascii=False, sort_keys=True).encode("utf-8"))
            (args.out / "meta.json").write_text(
                json.dumps(meta, indent=2, ensure_ascii=False) + "\n", "utf-8"
            )
    total = time.perf_counter() - t0
    print(f"time: kiwi {t_kiwi:.1f}s, features {t_feat:.1f}s, crf {t_crf:.1f}s, total {total:.1f}s")
    if args.cv_fold is None:
        size = sum(p.stat().st_size for p in args.out.iterdir() if p.is_file())
        print(f"model written to {args.out} ({size / 1e6:.1f} MB)")


if __name__ == "__main__":
    main()
