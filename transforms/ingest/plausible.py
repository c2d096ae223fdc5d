"""Is a parsed body text at all? Garbage (random bytes that happened to decode, one repeated symbol, a blob with no
word breaks, a soup of characters from many scripts) must never become an article.

`text_problem(body)` returns None for text, else the reason's detail; `parse_file` rejects such a record as
`not_text`. Every measure is over the body's non-space characters:

- **invisible share**: controls, unassigned and private-use code points, U+FFFD (bytes that decoded to nothing);
- **letters**: share of letters (Unicode category L*), and of letters plus digits (tables of results are digits);
- **one character**: the share of the most frequent character (a run of `"` or `R`);
- **symbols**: share of punctuation and symbols (categories P*, S*);
- **scripts**: the letters' three most frequent scripts must hold most of them (Korean text is Hangul, Latin and
  Han; random code points are dozens of scripts);
- **word breaks**: in a script written with spaces, tokens have the length of words;
- **case**: cased letters form words (lower, Capitalized, CAPITALS), not runs like `qXvB` of random letters;
- **common syllables**: Hangul text is written in the 2,350 syllables of KS X 1001 (June 2024 Chosun and Lawtimes:
  99.999% of syllables, 99.1% in the worst article; uniformly random syllables: 21%), Chinese and Japanese in
  the ideographs of their national character sets.

The thresholds are loose on purpose, measured by `bench/plausibility.py` on every real corpus (zero real articles
rejected) and on the fuzz cases of `bench/fuzz.py`: a borderline real article must load.
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from dataclasses import dataclass
from functools import lru_cache

# Scripts written without spaces between words: the word-break measure does not apply to them.
SPACELESS_SCRIPTS = frozenset({"CJK", "KANA", "THAI", "LAO", "KHMER", "MYANMAR", "TIBETAN", "YI"})
SAMPLE_CHARS = 50_000  # the measures read at most this many characters of a body (a long body is sampled)


@dataclass(frozen=True)
class TextThresholds:
    """Limits of `text_problem`; each is a share of the body's non-space characters (unless named otherwise)."""

    max_invisible: float = 0.10
    min_letters: float = 0.10
    min_letters_digits: float = 0.30
    max_one_char: float = 0.70
    max_symbols: float = 0.70
    min_top_scripts: float = 0.80  # share of letters in the three most frequent writing systems
    max_mean_token: float = 30.0  # characters per whitespace-separated token (scripts written with spaces)
    max_odd_case: float = 0.40  # share of cased letter runs with a lower-case letter before an upper-case one
    min_common_syllables: float = 0.70  # of Hangul syllables and ideographs, the share in one national set
    min_chars: int = 8  # shorter non-space texts are left to the `no_text` length limit


_SCRIPT_GROUPS = {"IDEOGRAPHIC": "CJK", "HIRAGANA": "KANA", "KATAKANA": "KANA", "KATAKANA-HIRAGANA": "KANA"}


@lru_cache(maxsize=65_536)
def _script(char: str) -> str:
    """The writing system of a letter, from its Unicode name's first word (HANGUL, LATIN, CJK, CYRILLIC, …);
    the two kana are one (Japanese is kana, ideographs and Latin), full- and half-width forms are their script."""
    words = unicodedata.name(char, "UNKNOWN").split(" ", 2)
    word = words[1] if words[0] in {"FULLWIDTH", "HALFWIDTH"} and len(words) > 1 else words[0]
    return _SCRIPT_GROUPS.get(word, word)


# The national character sets that hold the syllables and ideographs in everyday use: KS X 1001 (EUC-KR: 2,350 of
# the 11,172 Hangul syllables and 4,888 ideographs), GB 2312, Big5, JIS X 0208. Real text in one language keeps to
# one of them; random code points do not. Two bytes exactly: Python's EUC-KR spells the other syllables in eight.
COMMON_SETS = ("euc-kr", "gb2312", "big5", "shift_jis")


@lru_cache(maxsize=65_536)
def _common_sets(char: str) -> tuple[bool, ...]:
    """For each of COMMON_SETS, whether the character is one of its two-byte characters."""
    found = []
    for codec in COMMON_SETS:
        try:
            found.append(len(char.encode(codec)) == 2)
        except UnicodeEncodeError:
            found.append(False)
    return tuple(found)


# A run of four or more cased letters: Latin, Greek, Cyrillic.
_CASED_RUN = re.compile(r"[A-Za-z\u00c0-\u024f\u0370-\u03ff\u0400-\u04ff]{4,}")


def _odd_case_share(text: str) -> tuple[int, int]:
    """(distinct runs of four or more cased letters, of them those with a lower-case letter before an upper-case
    one). Words are lower-case, Capitalized or CAPITALS (a name like ThoughtRiver is one run however often it is
    printed); random letters mix cases."""
    runs = set(_CASED_RUN.findall(text))
    odd = 0
    for run in runs:
        first_lower = next((i for i, char in enumerate(run) if char.islower()), None)
        odd += first_lower is not None and any(char.isupper() for char in run[first_lower:])
    return len(runs), odd


def _invisible(char: str, category: str) -> bool:
    return category in {"Cc", "Cs", "Co", "Cn"} or char == "\ufffd"


def text_problem(body: str, limits: TextThresholds = TextThresholds()) -> str | None:  # noqa: B008 (frozen)
    """None when `body` reads as text in some language; else what is wrong with it, for a reject's detail."""
    sample = body[:SAMPLE_CHARS]
    tokens = sample.split()
    chars = "".join(tokens)
    total = len(chars)
    if total < limits.min_chars:
        return None
    counts = Counter(chars)
    letters = digits = symbols = invisible = 0
    scripts: Counter[str] = Counter()
    syllables = 0  # Hangul syllables and ideographs
    common = [0] * len(COMMON_SETS)  # of them, how many each national set holds
    for char, count in counts.items():
        category = unicodedata.category(char)
        if category[0] == "L":
            letters += count
            script = _script(char)
            scripts[script] += count
            if script == "CJK" or (script == "HANGUL" and "\uac00" <= char <= "\ud7a3"):
                syllables += count
                for index, held in enumerate(_common_sets(char)):
                    common[index] += count * held
        elif category[0] == "M":  # vowel signs and other marks: letters of Myanmar, Devanagari, Thai …
            letters += count
        elif category == "Nd":
            digits += count
        elif category[0] in "PS":
            symbols += count
        elif _invisible(char, category):
            invisible += count
    share = lambda n: n / total  # noqa: E731
    if share(invisible) > limits.max_invisible:
        return f"{share(invisible):.0%} control, unassigned or replacement characters"
    top_char, top_count = counts.most_common(1)[0]
    if share(top_count) > limits.max_one_char:
        return f"one character ({top_char!r}) is {share(top_count):.0%} of the text"
    if share(letters) < limits.min_letters or share(letters + digits) < limits.min_letters_digits:
        return f"letters are {share(letters):.0%} and digits {share(digits):.0%} of the text"
    if share(symbols) > limits.max_symbols:
        return f"punctuation and symbols are {share(symbols):.0%} of the text"
    if scripts:
        in_top = sum(count for _script_name, count in scripts.most_common(3))
        if in_top / sum(scripts.values()) < limits.min_top_scripts:
            return f"letters of {len(scripts)} scripts; the three most frequent hold {in_top / sum(scripts.values()):.0%}"
        if scripts.most_common(1)[0][0] not in SPACELESS_SCRIPTS:
            if total / len(tokens) > limits.max_mean_token:
                return f"{total / len(tokens):.0f} characters per space-separated token"
        runs, odd = _odd_case_share(sample)
        if runs >= 8 and odd / runs > limits.max_odd_case:
            return f"{odd} of {runs} letter runs mix cases inside a word"
    if syllables >= 20 and max(common) / syllables < limits.min_common_syllables:
        return f"only {max(common) / syllables:.0%} of the Hangul syllables and ideographs are in one national set"
    return None
