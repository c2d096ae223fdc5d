"""Korean named-entity tagger (KLUE tag set: PS LC OG DT TI QT).

A character CRF (python-crfsuite) over Kiwi morpheme features, trained by
``bench/train_ner.py`` on the A_train half of the KLUE NER v1.1 dev set.

    from transforms.entities.ner import load_model
    spans = load_model().tag(["오세훈 서울시장은 9일 라스베이거스에 도착했다."])
"""

from transforms.entities.ner.model import NerTagger, default_model_path, load_model

__all__ = ["NerTagger", "default_model_path", "load_model"]
