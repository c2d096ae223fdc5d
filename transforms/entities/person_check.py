"""A second look at the tagger's people that nothing in the article vouches for.

The CRF tagger reads a few words around each character. Alone, it takes plants, fossils, dishes, kingdoms and bands
for people (`참나리`, `스탄레이카리스`, `타르트`, `류큐`, `엑소`) as surely as it takes kings and painters (`영조`,
`피타고라스`). Where the article gives no sign of a person (no title, 씨, age, role or life dates: see
transforms.entities.resolve), this logistic model weighs what else is known of the name:
- how sure the tagger was (its max-marginal margin);
- the name's shape (syllables, words, a Korean surname), Kiwi's reading of it, and Wikidata's list of people (a full
  name, or the first or last word of one);
- what the article prints around it (the particle or mark after each occurrence, the word before and after),
  how often it recurs, whether it stands in a list with a person the tagger is sure of, and how many of the
  article's other people carry a sign.

It is trained by `bench/train_person_check.py` on tagger people of June 2024 articles that are not in the evaluation
set, each read by hand as a real person or not (a fictional or mythological character is not, as in the evaluation's
rule) in `bench/data/person_check_labels.csv`, and shipped as `person_check.json` beside this file.
"""

from __future__ import annotations

import json
import math
import re
from collections.abc import Callable, Sequence
from functools import lru_cache
from pathlib import Path

from transforms.common.kiwi import word_analyser
from transforms.entities.known_names import is_given_name, known_kind, names_a_known_person
from transforms.entities.lexicon import COMMON_SURNAMES, SURNAMES_1, SURNAMES_2
from transforms.entities.spans import Span, word_starts

MODEL_PATH = Path(__file__).with_name("person_check.json")
MARGIN_BUCKETS = (2.0, 3.0, 4.0, 6.0, 9.0)
_KOREAN_NAME = re.compile(
    rf"(?:{'|'.join(SURNAMES_2)})[가-힣]{{1,2}}|[{''.join(sorted(SURNAMES_1))}][가-힣]{{1,2}}"
)
_AFTER_MARKS = {
    "(": "paren",
    "·": "list",
    ",": "list",
    "‘": "quote",
    "’": "quote",
    "”": "quote",
    "“": "quote",
}
_PREV_WORD = re.compile(r"([가-힣]+)\s$")
_NEXT_WORD = re.compile(r"\s([가-힣]{2,})")

# (name, features) -> probability that the name is a person
PersonScorer = Callable[[str, list[str]], float]


def _bucket(value: float | None) -> str:
    if value is None:
        return "none"
    for edge in MARGIN_BUCKETS:
        if value < edge:
            return f"<{edge:g}"
    return f">={MARGIN_BUCKETS[-1]:g}"


@lru_cache(maxsize=1 << 14)
def _name_features(name: str) -> tuple[str, ...]:
    """What the name alone says: shape, Kiwi's reading, Wikidata."""
    squeezed = name.replace(" ", "")
    words = name.split()
    f = [f"len={min(len(squeezed), 7)}", f"words={min(len(words), 3)}", f"last={squeezed[-1]}"]
    if len(squeezed) >= 3:
        f.append(f"last2={squeezed[-2:]}")
    if _KOREAN_NAME.fullmatch(name):
        f.append("korean_shape")
        if name[0] in COMMON_SURNAMES:
            f.append("common_surname")
    if not re.fullmatch(r"[가-힣 ]+", name):
        f.append("not_hangul")
    kind = known_kind(name)
    if kind:
        f.append(f"wikidata={kind}")
    elif names_a_known_person(name):
        f.append("wikidata=person_word")
    if len(words) > 1 and is_given_name(words[0]):
        f.append("given_name_first")
    toks = word_analyser().tokenize(squeezed)
    f.append("kiwi=" + "+".join(t.tag for t in toks[:3]))
    if any(t.oov for t in toks):
        f.append("kiwi_oov")
    return tuple(f)


def features(
    body: str, name: str, spans: Sequence[Span], others_with_signs: float | None, listed: bool = False
) -> list[str]:
    """Features of one bare tagger person of an article: `spans` are its tagger spans (with margins),
    `others_with_signs` the share of the article's other tagger people that carry a sign of a person (None: it has
    no other), `listed` whether it stands in a list with a person the tagger is sure of."""
    margins = [s.margin for s in spans if s.margin is not None]
    f = ["bias", f"margin{_bucket(max(margins) if margins else None)}", *_name_features(name)]
    if listed:
        f.append("listed_with_a_sure_person")
    found = list(word_starts(body, name))
    f.append(f"occurrences={min(len(found), 4)}")
    context: set[str] = set()
    for pos in found[:6]:
        end = pos + len(name)
        after = body[end : end + 1]
        if "가" <= after <= "힣":
            context.add(f"after={after}")
        else:
            context.add(f"after={_AFTER_MARKS.get(after, 'space' if after.isspace() else 'other')}")
            nxt = _NEXT_WORD.match(body, end)
            if nxt:
                context.add(f"next2={nxt.group(1)[:2]}")
        before = body[pos - 1 : pos] if pos else "^"
        prev = _PREV_WORD.search(body, max(0, pos - 12), pos)
        if prev:
            context.add(f"prev_last={prev.group(1)[-1]}")
        else:
            context.add(f"before={_AFTER_MARKS.get(before, 'space' if before.isspace() else 'other')}")
    f.extend(sorted(context))
    f.append(
        "others_with_signs=none"
        if others_with_signs is None
        else f"others_with_signs={round(others_with_signs * 4) / 4:g}"
    )
    return f


class PersonCheck:
    """Logistic weights over the features above, and the probability below which a bare name is dropped (chosen by
    cross-validation in bench/train_person_check.py and stored with the weights)."""

    def __init__(self, weights: dict[str, float], threshold: float) -> None:
        self.weights = weights
        self.threshold = threshold

    def probability(self, feats: list[str]) -> float:
        z = sum(self.weights.get(f, 0.0) for f in feats)
        return 1.0 / (1.0 + math.exp(-max(-30.0, min(30.0, z))))

    def __call__(self, name: str, feats: list[str]) -> float:
        return self.probability(feats)


@lru_cache(maxsize=1)
def load_person_check(path: str | None = None) -> PersonCheck:
    data = json.loads(Path(path or MODEL_PATH).read_text(encoding="utf-8"))
    return PersonCheck(data["weights"], data["threshold"])
