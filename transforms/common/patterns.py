"""Regular-expression building blocks shared by the rules."""

from __future__ import annotations

import re
from collections.abc import Iterable


def longest_first_alternation(words: Iterable[str]) -> str:
    """A regex that matches what `"|".join(map(re.escape, words))` matches when `words` are sorted longest first, in
    the same order of preference: at a position, the longest word that fits first, then the next shorter (the words
    that fit at one position are prefixes of each other, so length alone orders them).

    The words are factored into a trie (`구청장|구청|구의원` -> `구(?:청(?:장)?|의원)`): Python's engine tries the
    branches of a flat alternation one by one at every position it reaches, and a trie rules out all the words that
    share a first letter at once. With the 132 titles this makes the title-led person patterns about 30% faster.
    """
    words = list(words)
    if any(len(a) < len(b) for a, b in zip(words, words[1:], strict=False)):
        raise ValueError("the words of a longest-first alternation must be sorted longest first")
    trie: dict[str, dict] = {}
    for word in words:
        node = trie
        for ch in word:
            node = node.setdefault(ch, {})
        node[""] = {}

    def emit(node: dict[str, dict]) -> str:
        branches = [re.escape(ch) + emit(child) for ch, child in sorted(node.items()) if ch]
        if not branches:
            return ""
        body = branches[0] if len(branches) == 1 else "(?:" + "|".join(branches) + ")"
        return f"(?:{body})?" if "" in node else body  # a word may end here: the longer ones first (greedy ?)

    return emit(trie)
