"""Korean named-entity tagger (KLUE tag set: PS LC OG DT TI QT).

A character CRF (python-crfsuite) over character windows, Kiwi morphemes of each
word, distributional clusters, training-label priors and a gazetteer from the
konne re-annotation of KLUE train; trained by ``bench/train_ner.py`` on KLUE dev_A
and the first 5,000 KLUE train sentences. Tagging runs the CRF's weights in numpy
with per-word scores cached (see :mod:`transforms.entities.ner.model`).

    from transforms.entities.ner import load_model
    spans = load_model().tag(["오세훈 서울시장은 9일 라스베이거스에 도착했다."])
"""

from transforms.entities.ner.model import NerTagger, default_model_path, load_model

__all__ = ["NerTagger", "default_model_path", "load_model"]
