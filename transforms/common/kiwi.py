"""The Kiwi morphological analyser: one configuration, one instance per process, loaded on first use.

Entities (is a word ordinary language, a market, a modifier, a neighbourhood) and dates (is a verb past tense) read
words with it. The CRF tagger in transforms/entities/ner builds its own (default dictionaries, two worker threads
that analyse ahead of feature building), owned with that package.
"""

from __future__ import annotations

from functools import lru_cache
from typing import Any


@lru_cache(maxsize=1)
def word_analyser() -> Any:
    """Kiwi with its base dictionary only (no typo or multi-word dictionaries): 2 s to load instead of 4, and the
    same analyses of the 1,490 would-be names of the real June 2024 articles. Loaded on first use, only in the
    processes that read words (entities, dates)."""
    from kiwipiepy import Kiwi

    return Kiwi(num_workers=1, load_typo_dict=False, load_multi_dict=False)


# Kiwi's (Sejong) tags of verb endings: connective, final, adnominal, nominal (방문해, 밝혔다, 열린, 받음).
ENDING_TAGS = frozenset({"EC", "EF", "ETM", "ETN"})
