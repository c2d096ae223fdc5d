"""Text normalization shared by every parser."""

from __future__ import annotations

import re
import unicodedata

# Zero-width and bidi control characters: invisible, break matching, and can reorder what a reader sees.
_INVISIBLE = re.compile("[\u200b-\u200f\u202a-\u202e\u2060-\u2064\u2066-\u2069\ufeff\u00ad]")
_SPACES = re.compile(r"[ \t\u00a0\u2000-\u200a\u3000\u202f\u205f]+")
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


def normalize_text(text: str) -> str:
    """Invisible/control characters removed, NFC, line ends unified, runs of spaces folded (newlines kept)."""
    # Invisible and control characters go first: removed after NFC they could leave a sequence NFC would
    # compose (e + ZWSP + U+0301), and the result would not be normalized (nor idempotent).
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    text = _INVISIBLE.sub("", text)
    text = _CONTROL.sub("", text)
    text = unicodedata.normalize("NFC", text)
    return "\n".join(_SPACES.sub(" ", line).strip() for line in text.split("\n"))


def block_key(line: str) -> str:
    """What two paragraphs must share to count as the same block: text without spaces and quote variants."""
    return re.sub(r"[\s\"'“”‘’`]+", "", line)


_HANGUL = re.compile("[\uac00-\ud7a3]")
_KANA = re.compile("[\u3040-\u30ff]")
_HAN = re.compile("[\u4e00-\u9fff]")
_LATIN = re.compile("[A-Za-z]")


def detect_language(text: str) -> str | None:
    """Script-based language guess: 'ko', 'ja', 'zh', 'en' or None (too little text to tell)."""
    sample = text[:4000]
    hangul = len(_HANGUL.findall(sample))
    kana = len(_KANA.findall(sample))
    han = len(_HAN.findall(sample))
    latin = len(_LATIN.findall(sample))
    letters = hangul + kana + han + latin
    if letters < 20:
        return None
    if hangul / letters > 0.3:
        return "ko"
    if kana / letters > 0.1:
        return "ja"
    if han / letters > 0.3:
        return "zh"
    if latin / letters > 0.8 and re.search(r"\b(the|and|of|to|in|is)\b", sample, re.IGNORECASE):
        return "en"
    return None
