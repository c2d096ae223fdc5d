"""The entity rules' lexicon: titles, surnames and word lists, read once from the data files in `lexicon/`.

- `lexicon/titles.csv`: one row per title: its career (identity.CAREERS; `generic` for heads any career has, which
  decide nothing), how the rules read it (`kind`), the shorter printing a short form may use (`shorter`) and why,
  where a row needs saying (`note`).
  Kinds: `title` (read after a name), `staff` (read; serves the principal named before it in the sentence),
  `ambiguous` (read, but also a common noun: 시장 = market, needs a body or a longer printing), `profession`
  (read, but only after a three-syllable name with a common surname: `기성 의사` is no name), `printing` (not read
  on its own: a longer printing of a read title whose career differs, 국무위원장 of 위원장) and `role` (not read
  after a name: a role given elsewhere, as bylines give 기자).
- `lexicon/surnames.csv`: one row per surname, with the subsets the rules use (`is_common`, `is_top`) and the CRF
  tagger's feature list (`in_ner`, transforms/entities/ner/features.py keeps its own copy; a test keeps them equal).
- `lexicon/words.toml`: the other word lists, each with why it exists, the election days, and the lexicon's
  `version`.

Pure data: nothing here decides; the rules modules read these names. The files are read at import (they ship with
the package, like code).
"""

from __future__ import annotations

import csv
import re
import tomllib
from pathlib import Path

LEXICON_DIR = Path(__file__).resolve().parent / "lexicon"
GENERIC = "generic"  # a title's career when it has none: a head any career has, a degree
READ_KINDS = frozenset({"title", "staff", "ambiguous", "profession"})  # kinds the rules read after a name
TITLE_KINDS = READ_KINDS | {"printing", "role"}


def _read_csv(name: str) -> list[dict[str, str]]:
    with open(LEXICON_DIR / name, encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def _flag(value: str) -> bool:
    return value == "1"


TITLE_ROWS = _read_csv("titles.csv")
SURNAME_ROWS = _read_csv("surnames.csv")
with open(LEXICON_DIR / "words.toml", "rb") as _handle:
    WORDS = tomllib.load(_handle)

VERSION: str = WORDS["version"]

# --- titles (titles.csv)
# Titles the rules read, longest first so that 구청장 wins over 청장 and 부시장 over 시장 (ties in file order).
TITLES = tuple(sorted((r["title"] for r in TITLE_ROWS if r["kind"] in READ_KINDS), key=len, reverse=True))
PROFESSION_TITLES = frozenset(r["title"] for r in TITLE_ROWS if r["kind"] == "profession")
AMBIGUOUS_TITLES = frozenset(r["title"] for r in TITLE_ROWS if r["kind"] == "ambiguous")
STAFF_TITLES = frozenset(r["title"] for r in TITLE_ROWS if r["kind"] == "staff")
# A rank printed before a title may be dropped in a short form: 김 판사 for 김OO 부장판사, 김 원장 for a 병원장.
SHORTER_TITLE = {r["title"]: r["shorter"] for r in TITLE_ROWS if r["shorter"]}
# Title -> career (None: generic), for every row: what transforms.entities.identity reads.
# Every word of the titles table, read or not: none is a name (장관 후보, 특파원 기자).
TITLE_WORDS = frozenset(r["title"] for r in TITLE_ROWS)
CAREERS: dict[str, str | None] = {
    r["title"]: None if r["career"] == GENERIC else r["career"] for r in TITLE_ROWS
}

# --- surnames (surnames.csv)
_RULE_SURNAMES = [r["surname"] for r in SURNAME_ROWS if _flag(r["in_rules"])]
# Two-syllable surnames, tried before their first syllable (남궁 before 남).
SURNAMES_2 = tuple(s for s in _RULE_SURNAMES if len(s) == 2)
SURNAMES_1 = frozenset(s for s in _RULE_SURNAMES if len(s) == 1)
# A surname with 모 standing for a withheld name (김모씨, 박모 양, 남궁모씨); a three-syllable name ending in 모 (정일모)
# is a name.
WITHHELD_NAME = re.compile("(?:[가-힣]|" + "|".join(SURNAMES_2) + ")모")
# The 60 most common: what a profession's holder or a name Kiwi parses as a verb must start with.
COMMON_SURNAMES = frozenset(r["surname"] for r in SURNAME_ROWS if _flag(r["is_common"]))
# The ten most common: a three-syllable word ending in 대 that starts with one is a name as often as a university
# (조희대 대법원장, 박찬대 원내대표); one that does not is a university (고려대, 서강대, 한양대 교수).
TOP_SURNAMES = frozenset(r["surname"] for r in SURNAME_ROWS if _flag(r["is_top"]))
NER_SURNAMES = frozenset(r["surname"] for r in SURNAME_ROWS if _flag(r["in_ner"]))

# --- word lists (words.toml; the reasons are written there)
PARTICLES = tuple(sorted(WORDS["particles"], key=len, reverse=True))  # longest first, ties in file order
NOT_NAMES = frozenset(WORDS["not_names"])
NOT_NAME_FINALS = frozenset(WORDS["not_name_finals"])
COURT_ENDINGS = tuple(WORDS["court_endings"])
ORG_SUFFIXES = (*WORDS["org_endings"], *COURT_ENDINGS)
NOT_ORG_ENDINGS = tuple(WORDS["not_org_endings"])
GENERIC_ORG_WORDS = frozenset(WORDS["generic_org_words"])
ALIAS_ORG_HEADS = tuple(WORDS["alias_org_heads"])
PLACE_SUFFIXES = tuple(WORDS["place_endings"])
NOT_PLACE_ENDINGS = tuple(WORDS["not_place_endings"])
ADMIN_SUFFIXES = tuple(WORDS["admin_endings"])
AMBIGUOUS_PLACES = frozenset(WORDS["ambiguous_places"])
MACRO_REGIONS = frozenset(WORDS["macro_regions"])
NOT_PERSONS = frozenset(WORDS["not_persons"])
NOT_PERSON_ENDINGS = tuple(WORDS["not_person_endings"])
PERSON_NOUNS = frozenset(WORDS["person_nouns"])
NOT_ACRONYMS = frozenset(WORDS["not_acronyms"])
NOT_NEIGHBOURHOODS = frozenset(WORDS["not_neighbourhoods"])
NOT_NEIGHBOURHOOD_ENDINGS = tuple(WORDS["not_neighbourhood_endings"])
MACRO_REGION_STEMS = tuple(WORDS["macro_region_stems"])
REGION_PARTS = tuple(WORDS["region_parts"])
GENERIC_WORDS = frozenset(WORDS["generic_words"])
EVENT_HEADS = tuple(WORDS["event_heads"])
GENERIC_EVENTS = frozenset(WORDS["generic_events"])
EVENT_STOP_WORDS = frozenset(WORDS["event_stop_words"])
FIRM_PARTICLES = tuple(WORDS["firm_particles"])
NOT_FIRM_NAMES = frozenset(WORDS["not_firm_names"])
DEPARTMENT_ENDINGS = tuple(WORDS["department_endings"])
ACADEMIC_PARTS = tuple(WORDS["academic_parts"])
SCHOOL_ENDINGS = tuple(WORDS["school_endings"])
PRE_NAME_ROLES_WITH_BRACKETS = frozenset(WORDS["pre_name_roles_with_brackets"])
PRE_NAME_ROLES = tuple(
    sorted([*WORDS["pre_name_roles"], *PRE_NAME_ROLES_WITH_BRACKETS], key=len, reverse=True)
)  # longest first
# (총선|대선, month, day) -> the one election held that day
ELECTION_DAYS = {(e["kind"], e["month"], e["day"]): e["name"] for e in WORDS["election_days"]}
