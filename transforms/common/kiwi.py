"""The Kiwi morphological analyser: one configuration, one instance per process, loaded on first use.

Entities (is a word ordinary language, a market, a modifier, a neighbourhood), dates (is a verb past tense) and the
CRF tagger's features (transforms/entities/ner) read words with it. One instance: Kiwi's first call loads its model
(2-3 s), so two instances cost a worker twice that and twice the memory.
"""

from __future__ import annotations

from functools import lru_cache
from typing import Any


@lru_cache(maxsize=1)
def word_analyser() -> Any:
    """Kiwi with its default dictionaries but the multi-word one, and two worker threads (a batch of words is split
    over them). The CRF tagger was trained with the multi-word dictionary loaded; without it (its entries span several
    words, and the tagger reads words one at a time) Kiwi takes 304 MiB instead of 482, and 3 of the 23,533 tagger
    spans of 600 real articles differ. The rules read the 1,490 would-be names of the real June 2024 articles the same
    way with it as with the base dictionary alone. Loaded on first use, only in the processes that read words
    (entities, dates)."""
    from kiwipiepy import Kiwi

    return Kiwi(num_workers=2, load_multi_dict=False)


# Kiwi's (Sejong) tags of verb endings: connective, final, adnominal, nominal (방문해, 밝혔다, 열린, 받음).
ENDING_TAGS = frozenset({"EC", "EF", "ETM", "ETN"})
