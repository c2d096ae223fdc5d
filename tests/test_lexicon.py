"""The lexicon's tables agree with each other (transforms/entities/lexicon/)."""

from __future__ import annotations

import re
import tomllib

import pytest

from transforms.entities import lexicon
from transforms.entities.identity import CAREER_PRIORITY, CAREERS, career_of
from transforms.entities.lexicon import (
    GENERIC,
    READ_KINDS,
    TITLE_KINDS,
    TITLE_ROWS,
    TITLES,
)
from transforms.entities.titles import base_title

ROWS = {r["title"]: r for r in TITLE_ROWS}


def test_version_is_recorded():
    assert re.fullmatch(r"\d+", lexicon.VERSION)


def test_titles_are_unique_and_well_formed():
    titles = [r["title"] for r in TITLE_ROWS]
    assert len(titles) == len(set(titles))
    for r in TITLE_ROWS:
        assert r["title"] and r["title"] == r["title"].strip() and " " not in r["title"]
        assert r["kind"] in TITLE_KINDS, r
        # every title has a career or is marked generic (a head any career has, a degree)
        assert r["career"] in CAREER_PRIORITY or r["career"] == GENERIC, r


def test_careers_come_from_the_titles_table():
    assert CAREERS == {r["title"]: None if r["career"] == GENERIC else r["career"] for r in TITLE_ROWS}
    for title, career in CAREERS.items():
        if title != "총장":  # 총장 is academia at a university (career_of)
            assert career_of(title) == career, title


def test_every_read_title_is_a_title_and_nothing_else_is():
    assert set(TITLES) == {r["title"] for r in TITLE_ROWS if r["kind"] in READ_KINDS}
    assert [len(t) for t in TITLES] == sorted((len(t) for t in TITLES), reverse=True)


def test_printings_end_with_a_read_title_of_another_career():
    """A `printing` row is read through a shorter title (국무위원장 as 위원장) and exists for its own career."""
    for r in TITLE_ROWS:
        if r["kind"] == "printing":
            base = base_title(r["title"])
            assert base != r["title"] and base in TITLES, r
            assert CAREERS[base] != CAREERS[r["title"]], r
        elif r["kind"] == "role":
            assert base_title(r["title"]) == r["title"], r  # else it would be read (a printing)


def test_shorter_printings_point_at_a_read_title():
    for r in TITLE_ROWS:
        if r["shorter"]:
            assert (
                r["shorter"] in TITLES and r["title"].endswith(r["shorter"]) and r["shorter"] != r["title"]
            ), r
            assert ROWS[r["shorter"]]["career"] in (r["career"], GENERIC), r


def test_no_word_is_both_a_title_and_a_non_name():
    assert not lexicon.TITLE_WORDS & lexicon.NOT_NAMES


def test_title_kinds_that_need_more_evidence_are_titles():
    assert lexicon.AMBIGUOUS_TITLES | lexicon.PROFESSION_TITLES | lexicon.STAFF_TITLES <= set(TITLES)


def test_surnames_are_one_list_with_nested_subsets():
    surnames = [r["surname"] for r in lexicon.SURNAME_ROWS]
    assert len(surnames) == len(set(surnames))
    for r in lexicon.SURNAME_ROWS:
        assert re.fullmatch(r"[가-힣]{1,2}", r["surname"]), r
        assert all(r[c] in ("0", "1") for c in ("in_rules", "is_common", "is_top", "in_ner")), r
    rules = lexicon.SURNAMES_1 | set(lexicon.SURNAMES_2)
    assert lexicon.TOP_SURNAMES <= lexicon.COMMON_SURNAMES <= rules
    assert len(lexicon.TOP_SURNAMES) == 10 and len(lexicon.COMMON_SURNAMES) == 60
    assert all(len(s) == 2 for s in lexicon.SURNAMES_2) and all(len(s) == 1 for s in lexicon.SURNAMES_1)


def test_the_ner_taggers_surnames_are_the_lexicons():
    """transforms/entities/ner keeps its own copy of the surname list; this keeps the two from drifting."""
    from transforms.entities.ner.features import SURNAMES

    assert lexicon.NER_SURNAMES == SURNAMES


def test_word_lists_have_no_duplicates_or_blanks():
    with open(lexicon.LEXICON_DIR / "words.toml", "rb") as handle:
        words = tomllib.load(handle)
    for key, values in words.items():
        if key in ("version", "election_days"):
            continue
        assert values and len(values) == len(set(values)), key
        assert all(isinstance(v, str) and v and v == v.strip() for v in values), key


@pytest.mark.parametrize(
    ("words", "endings"),
    [
        (lexicon.GENERIC_EVENTS, lexicon.EVENT_HEADS),  # a generic event is still an event word
        (lexicon.COURT_ENDINGS, lexicon.ORG_SUFFIXES),
    ],
)
def test_generic_words_end_like_what_they_exclude(words, endings):
    assert all(w.endswith(endings) for w in words)


def test_election_days_name_an_election():
    for (kind, month, day), name in lexicon.ELECTION_DAYS.items():
        assert kind in ("총선", "대선") and 1 <= month <= 12 and 1 <= day <= 31
        assert name.endswith("국회의원 선거" if kind == "총선" else "대통령 선거")
