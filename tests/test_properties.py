"""Property tests of the parsers and normalizers: no input crashes them, offsets always point into the body, and
normalizing twice changes nothing. Korean-heavy strategies (Hangul syllables and jamo, 일/월/년 dates, titles such
as 시장/구청장, particles, parentheses) next to arbitrary text and bytes."""

from __future__ import annotations

import json
import re
import unicodedata
from datetime import date

import polars as pl
import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from transforms.common.text import normalize_text
from transforms.dates.mentions import find_date_mentions
from transforms.entities.lexicon import TITLES
from transforms.entities.mentions import extract_mentions, mention_rows
from transforms.entities.normalize import canonical_name
from transforms.ingest.errors import IngestLimits, RejectError
from transforms.ingest.files import parse_file
from transforms.ingest.parsers.text import parse_plain_text
from transforms.ingest.records import ParsedArticle

FAST = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
SLOW = settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
LIMITS = IngestLimits(max_file_bytes=200_000, max_decompressed_bytes=400_000, min_body_chars=20)
FORMS = {"html", "rss", "atom", "json", "jsonl", "xml", "text_concat", "text"}
INVISIBLE = re.compile("[\u200b-\u200f\u202a-\u202e\u2060-\u2064\u2066-\u2069\ufeff\u00ad]")
CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\r]")

# --- strategies -------------------------------------------------------------------------------------------------

hangul = st.characters(min_codepoint=0xAC00, max_codepoint=0xD7A3)
jamo = st.characters(min_codepoint=0x1100, max_codepoint=0x11FF)  # conjoining jamo: NFC composes them
syllables = st.text(hangul, min_size=1, max_size=4)
names = st.builds(
    lambda s, g: s + g,
    st.sampled_from("김이박최정강조윤장임한오서신권황"),
    st.text(hangul, min_size=1, max_size=2),
)
titles = st.sampled_from([*TITLES[:40], "시장", "구청장", "서울시장", "종로구청장", "대표이사", "교수"])
particles = st.sampled_from(
    ["은", "는", "이", "가", "을", "를", "의", "에서", "와", "과", "도", "까지", "부터"]
)
dates = st.one_of(
    st.builds(lambda d: f"{d}일", st.integers(0, 40)),
    st.builds(lambda m, d: f"{m}월 {d}일", st.integers(0, 14), st.integers(0, 35)),
    st.builds(lambda y, m: f"{y}년 {m}월", st.integers(1900, 2100), st.integers(0, 13)),
    st.builds(
        lambda y, m, d: f"{y}.{m}.{d}", st.integers(1990, 2030), st.integers(1, 12), st.integers(1, 31)
    ),
    st.builds(lambda a, b: f"지난 {a}~{b}일", st.integers(1, 31), st.integers(1, 31)),
    st.builds(
        lambda m, a, b: f"오는 {m}월 {a}~{b}일", st.integers(1, 12), st.integers(1, 31), st.integers(1, 31)
    ),
    st.builds(lambda a, b: f"{a}일부터 {b}일까지", st.integers(1, 31), st.integers(1, 31)),
    st.sampled_from(
        ["어제", "오늘", "내일", "지난해", "올해", "내년", "4박7일", "3일간", "2020년부터", "지난달"]
    ),
)
tokens = st.one_of(
    syllables,
    names,
    st.builds(lambda n, t, p: f"{n} {t}{p}", names, titles, particles),
    st.builds(lambda s, t: f"{s[0]} {t}", names, titles),  # short forms: 오 시장
    st.builds(
        lambda a, b: f"{a}({b})", syllables, st.sampled_from(["LVCC", "MLB", "CES", "AI", "서울시", "43"])
    ),
    dates,
    st.sampled_from(["서울시", "오픈AI", "CES 2024", "라스베이거스", "고척돔", "UCLA", "은평구 상공회의소"]),
    st.from_regex(r"[0-9]{1,4}", fullmatch=True),
    st.sampled_from(
        [" ", " ", "  ", "\n", ". ", ", ", "·", "“", "”", "(", ")", "\u200b", "\u3000", "\t", "\r\n"]
    ),
    st.text(jamo, min_size=1, max_size=3),
)
korean = st.lists(tokens, min_size=0, max_size=60).map("".join)
any_text = st.one_of(
    korean, st.text(max_size=300), st.lists(st.one_of(tokens, st.text(max_size=5))).map("".join)
)
# Text that trips NFC: a base, a character normalization removes, then a combining mark or a conjoining jamo.
_bases = st.sampled_from(["e", "a", "ᄀ", "ᄒ", "ᅡ", "가", "か", " ", "\n"])
_removed = st.sampled_from(
    ["", "\u200b", "\u200d", "\u00ad", "\ufeff", "\x07", "\x00", "\u202e", "\u2066", "\r"]
)
_marks = st.one_of(st.sampled_from(["\u0301", "\u0308", "\u3099", "ᅡ", "ᆫ", "ᆨ"]), jamo)
composable = st.lists(st.tuples(_bases, _removed, _marks).map("".join), min_size=1, max_size=6).map("".join)

json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | korean | st.text(max_size=20),
    lambda inner: (
        st.lists(inner, max_size=4)
        | st.dictionaries(
            st.sampled_from(
                ["title", "body", "content", "author", "published", "url", "items", "articles", "x"]
            ),
            inner,
            max_size=5,
        )
    ),
    max_leaves=20,
)


def markup(body: str, tag: str) -> str:
    return (
        f"<html><head><title>{body[:20]}</title></head><body><{tag}>{body}</{tag}><p>{body}</p></body></html>"
    )


raw_inputs = st.one_of(
    st.binary(max_size=2000),
    korean.map(lambda t: t.encode("utf-8")),
    korean.map(lambda t: t.encode("cp949", errors="ignore")),
    korean.map(lambda t: t.encode("utf-16-le")),
    st.text(max_size=400).map(lambda t: t.encode("utf-8", errors="surrogatepass")),
    json_values.map(lambda v: json.dumps(v, ensure_ascii=False).encode()),
    st.lists(json_values, max_size=4).map(lambda vs: "\n".join(json.dumps(v) for v in vs).encode()),
    st.builds(markup, korean, st.sampled_from(["p", "div", "script", "article", "iframe"])).map(str.encode),
    korean.map(
        lambda t: (
            f'<?xml version="1.0"?><rss version="2.0"><channel><item><title>{t[:10]}</title>'
            f"<description>{t}</description></item></channel></rss>"
        ).encode()
    ),
)


# --- parsers never crash ---------------------------------------------------------------------------------------


@SLOW
@given(raw_inputs)
def test_parse_file_returns_records_or_a_named_reject(raw):
    try:
        form, records = parse_file(raw, LIMITS)
    except RejectError as exc:
        assert exc.reason and exc.reason == exc.reason.strip() and " " not in exc.reason
        return
    assert form in FORMS
    for record in records:
        if isinstance(record, RejectError):
            assert record.reason
            continue
        assert isinstance(record, ParsedArticle)
        assert len(record.body_text.strip()) >= LIMITS.min_body_chars
        assert "\x00" not in record.body_text


@FAST
@given(any_text)
def test_parse_plain_text_never_crashes_and_cleans_the_body(text):
    article = parse_plain_text(text)
    for field in (article.body_text, article.title or "", article.subtitle or ""):
        assert not INVISIBLE.search(field) and not CONTROL.search(field)
    assert article.removed_repeated_blocks >= 0 and article.removed_boilerplate_lines >= 0
    assert all(line == line.strip() and line for line in article.body_text.split("\n") if article.body_text)


# --- offsets are inside the body; findings do not depend on where the body sits -----------------------------------

# A paragraph before the body that names nothing: every finding in the body must come out the same, shifted by its
# length. This fails when a rule anchors on the start of the text, reads a window past the body, or lets an earlier
# paragraph change what a later one means without reason.
NEUTRAL_LEAD = "1.\n"


def _spans(body: str, shift: int = 0) -> list[tuple]:
    return [(s.start - shift, s.end - shift, s.label, s.name, s.kind) for s in extract_mentions(body)]


@FAST
@given(korean)
def test_mentions_are_ordered_inside_the_body_and_independent_of_position(text):
    body = normalize_text(text)
    spans = extract_mentions(body)
    previous_end = 0
    for span in spans:
        assert 0 <= span.start < span.end <= len(body)
        assert span.start >= previous_end  # in order, never overlapping
        assert span.name and span.name == span.name.strip()
        previous_end = span.end
    assert _spans(NEUTRAL_LEAD + body, len(NEUTRAL_LEAD)) == _spans(body)


@FAST
@given(korean)
def test_byline_rows_have_no_offsets_and_body_rows_do(text):
    body = normalize_text(text)
    rows = mention_rows("a", body, [{"name": "이상은"}], "한국경제")
    bylines = [r for r in rows if r["mention_kind"] == "byline"]
    assert [r["name"] for r in bylines] == ["이상은"]
    assert all(r["start_char"] is None for r in bylines)
    assert all(r["start_char"] is not None for r in rows if r["mention_kind"] != "byline")


@FAST
@given(korean, st.one_of(st.none(), st.dates(min_value=date(1950, 1, 1), max_value=date(2090, 12, 31))))
def test_date_mentions_are_ordered_ranges_independent_of_position(text, reference):
    body = normalize_text(text)
    mentions = find_date_mentions(body, reference)
    previous_end = 0
    for mention in mentions:
        assert 0 <= mention.start < mention.end <= len(body)
        assert mention.start >= previous_end
        previous_end = mention.end
        assert re.search(
            r"\d|[어오내올작금재]|지난|이번|이달|이날|당일|전날|그날|다음|같은|그해|이듬|매", mention.surface
        ), mention.surface
        if mention.date_from and mention.date_to:
            assert mention.date_from <= mention.date_to
        if reference is None and mention.date_from is not None:
            assert re.search(r"\d{4}", mention.surface)  # only absolute dates resolve without a reference
    shifted = find_date_mentions(NEUTRAL_LEAD + body, reference)
    n = len(NEUTRAL_LEAD)
    assert [(m.start - n, m.end - n, m.date_from, m.date_to) for m in shifted] == [
        (m.start, m.end, m.date_from, m.date_to) for m in mentions
    ]


@SLOW
@given(st.lists(korean, min_size=1, max_size=3))
def test_entity_frames_are_related_and_keep_their_grain(bodies):
    from flows.files import read_aliases, read_gazetteer
    from flows.settings import Settings
    from transforms.entities import ALIAS_SCHEMA, extract_entity_frames

    seeds = Settings().seeds_dir
    bodies = [normalize_text(b) for b in bodies]
    articles = pl.DataFrame(
        {
            "article_id": [f"a{i}" for i in range(len(bodies))],
            "article_key": list(range(len(bodies))),
            "body_text": bodies,
            "reporters": [[] for _ in bodies],
            "publisher_name": [None] * len(bodies),
            "date_key": [date(2024, 1, 9)] * len(bodies),
            "is_date_from_run": [True] * len(bodies),
        },
        schema_overrides={
            "reporters": pl.List(pl.Struct({"name": pl.String, "email": pl.String, "dateline": pl.String}))
        },
    )
    frames = extract_entity_frames(articles, read_gazetteer(seeds), read_aliases(seeds, ALIAS_SCHEMA))
    mentions, entities = frames["mentions"], frames["entities"]
    # every mention names an entity of its own type (the fct_mention -> dim_entity relationship)
    typed = mentions.join(entities.select("entity_key", "entity_type"), on="entity_key", how="left")
    assert typed["entity_type"].null_count() == 0
    assert entities["entity_key"].n_unique() == entities.height
    # person roles belong to people
    roles = frames["person_roles"].join(entities, on="entity_key", how="left")
    assert roles.filter(pl.col("entity_type") != "PERSON").height == 0
    keys = mentions.select("article_key", "entity_key", "start_char", "mention_kind")
    assert keys.n_unique() == keys.height  # the grain of fct_mention


# --- normalization is idempotent ------------------------------------------------------------------------------


@FAST
@given(any_text)
def test_normalize_text_is_idempotent(text):
    once = normalize_text(text)
    assert normalize_text(once) == once


@settings(max_examples=200, deadline=None)
@given(composable)
def test_normalize_text_is_idempotent_next_to_combining_marks(text):
    once = normalize_text(text)
    assert normalize_text(once) == once
    assert unicodedata.is_normalized("NFC", once)


@FAST
@given(st.one_of(composable, any_text))
def test_normalize_text_output_is_clean(text):
    out = normalize_text(text)
    assert not INVISIBLE.search(out) and not CONTROL.search(out)
    assert all(line == line.strip() and "  " not in line for line in out.split("\n"))


@FAST
@given(
    st.lists(
        st.one_of(any_text, composable, st.text(st.characters(categories=["Zs", "Cc", "Mn"]))), max_size=30
    )
)
def test_canonical_name_is_idempotent(values):
    once = pl.Series("n", values, dtype=pl.String).to_frame().select(canonical_name(pl.col("n")))["n"]
    twice = once.to_frame().select(canonical_name(pl.col("n")))["n"]
    assert once.to_list() == twice.to_list()


@pytest.mark.parametrize(
    "text",
    [
        "ᄀ\u200bᅡ",  # conjoining jamo split by a zero-width space: 가 once the space is gone
        "e\u200b\u0301",  # e + ZWSP + combining acute: é once the space is gone
        "ᄒ\u00adᅡᆫ",  # a soft hyphen inside a jamo syllable
    ],
)
def test_normalize_text_is_idempotent_on_known_cases(text):
    once = normalize_text(text)
    assert normalize_text(once) == once


@FAST
@given(korean)
def test_normalize_keeps_hangul_text(text):
    assume(not INVISIBLE.search(text) and not CONTROL.search(text) and "\t" not in text)
    assume(unicodedata.is_normalized("NFC", text))
    out = normalize_text(text)
    assert re.sub(r"\s+", "", out) == re.sub(r"\s+", "", text)  # only spacing may change
