"""Score the NER model on B_eval (KLUE strict entity-level P/R/F1) and time the tagger.

python bench/eval_ner.py [--model PATH] [--eval PATH]
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from transforms.entities.ner.klue import CORE_LABELS, LABELS, entity_prf, macro_f1, micro_prf, read_klue  # noqa: E402
from transforms.entities.ner.model import default_model_path, kiwi, load_model  # noqa: E402

CORPORA = next(
    (p / "shared" / "corpora" for p in ROOT.parents if (p / "shared" / "corpora").is_dir()),
    ROOT.parent / "shared" / "corpora",
)
EVAL = CORPORA / "klue_ner" / "klue-ner-v1.1_dev_B_eval.tsv"


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--model", type=Path, default=default_model_path())
    ap.add_argument("--eval", type=Path, default=EVAL)
    args = ap.parse_args()

    sents = read_klue(args.eval)
    t0 = time.perf_counter()
    model = load_model(args.model)
    kiwi()
    t_load = time.perf_counter() - t0
    texts = [s.text for s in sents]
    t1 = time.perf_counter()
    pred = model.tag(texts)
    t_tag = time.perf_counter() - t1
    n_chars = sum(len(t) for t in texts)
    t2 = time.perf_counter()
    model.tag(texts)  # second pass: word scores come from the cache
    t_warm = time.perf_counter() - t2

    sc = entity_prf([s.spans for s in sents], pred)
    print(f"KLUE NER v1.1 {args.eval.name}: {len(sents)} sentences, {n_chars} chars (strict entity-level)")
    print(f"{'label':<22}{'P':>8}{'R':>8}{'F1':>8}{'gold':>7}{'pred':>7}")
    for lab in LABELS:
        r = sc[lab]
        print(f"{lab:<22}{r.precision:8.4f}{r.recall:8.4f}{r.f1:8.4f}{r.n_gold:7d}{r.n_pred:7d}")
    mic = micro_prf(sc)
    print(
        f"{'micro (all six)':<22}{mic.precision:8.4f}{mic.recall:8.4f}{mic.f1:8.4f}{mic.n_gold:7d}{mic.n_pred:7d}"
    )
    print(f"{'macro F1 PS/LC/OG/DT':<38}{macro_f1(sc, CORE_LABELS):8.4f}")
    print(f"{'macro F1 all six':<38}{macro_f1(sc, LABELS):8.4f}")
    print(
        f"speed: {n_chars / t_tag:,.0f} chars/s cold, {n_chars / t_warm:,.0f} chars/s warm "
        f"(load {t_load:.1f}s incl. Kiwi)"
    )


if __name__ == "__main__":
    main()
