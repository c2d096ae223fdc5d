"""The quotation rules' word lists, read once from `words.toml` beside this module (pure data: nothing decides
here; transforms.quotes.marks and transforms.quotes.attribution read them)."""

from __future__ import annotations

import tomllib
from pathlib import Path

with open(Path(__file__).resolve().parent / "words.toml", "rb") as _handle:
    WORDS = tomllib.load(_handle)

VERSION: str = WORDS["version"]
REPORTING_TAILS = tuple(sorted(WORDS["reporting_tails"], key=len, reverse=True))
WRITTEN_NOUNS = frozenset(WORDS["written_nouns"])
TITLE_NOUNS = frozenset(WORDS["title_nouns"])
PRONOUNS = frozenset(WORDS["pronouns"])
CONNECTIVES = tuple(sorted(WORDS["connectives"], key=len, reverse=True))
ANONYMOUS_HEADS = frozenset(WORDS["anonymous_heads"])
ANONYMOUS_BEFORE = frozenset(WORDS["anonymous_before"])
RELATIVES = tuple(WORDS["relatives"])
ORG_SPEAKERS = tuple(sorted(WORDS["org_speakers"], key=len, reverse=True))
UNNAMED_ORGS = tuple(sorted(WORDS["unnamed_orgs"], key=len, reverse=True))
COURT_INSTANCES = tuple(sorted(WORDS["court_instances"], key=len, reverse=True))
COURT_SPEAKER = "재판부"  # the ORG name a court named by its instance speaks as
