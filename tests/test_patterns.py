import random
import re

import pytest

from transforms.common.patterns import longest_first_alternation
from transforms.entities.lexicon import PARTICLES, TITLES


@pytest.mark.parametrize("words", [TITLES, PARTICLES], ids=["titles", "particles"])
def test_the_trie_matches_what_the_flat_alternation_matches(words):
    """Same matches, same preference (the longest word that lets the rest match), on text made of the words, their
    prefixes and other letters, with a continuation that makes the longest word fail sometimes."""
    flat = "|".join(re.escape(w) for w in words)
    trie = longest_first_alternation(words)
    assert trie != flat
    rng = random.Random(7)
    pieces = [*words, *(w[:-1] for w in words if len(w) > 1), "김", "이", " ", "장", "은", "다"]
    text = "".join(rng.choice(pieces) for _ in range(20_000))
    for template in (r"(?:{})", r"(?P<w>{})(?=[장은다 ])", r"[가-힣]{{0,3}}?(?:{})(?:은|는)?\s"):
        old = re.compile(template.format(flat))
        new = re.compile(template.format(trie))
        assert [m.span() for m in old.finditer(text)] == [m.span() for m in new.finditer(text)]


def test_words_must_come_longest_first():
    assert re.fullmatch(longest_first_alternation(["시장", "장"]), "시장")
    with pytest.raises(ValueError, match="longest first"):
        longest_first_alternation(["장", "시장"])
