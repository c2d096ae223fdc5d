"""Long forms defined with a parenthesized short form: `국제통화기금(IMF)`, `라스베이거스컨벤션센터(LVCC)`, typed
as an organization, place or event, with the short form as its alias.

A definition holds for the whole night: `night_definitions` reads every body of the night at once (one Polars
pass), so an article that writes `KOFIH` alone links to the long form another article of the night spelled out,
whichever partition each article falls in.
"""

from __future__ import annotations

import re

import polars as pl

from transforms.entities.lexicon import (
    ALIAS_ORG_HEADS,
    EVENT_HEADS,
    GENERIC_ORG_WORDS,
    GENERIC_WORDS,
    NOT_ORG_ENDINGS,
)
from transforms.entities.orgs_places import typed_name
from transforms.entities.spans import Span

_PAREN_ALIAS = re.compile(r"(?P<long>[가-힣A-Za-z0-9]{2,30})\((?P<short>[A-Z][A-Za-z0-9&]{1,10})\)")
DEFINITION_SCHEMA: dict[str, pl.DataType] = {
    "entity_type": pl.String,
    "name": pl.String,  # the long form
    "surface": pl.String,  # the short form it defines
    "definitions": pl.Int64,  # how many times the bodies define it (each copy of a body counts)
}
_ACRONYM = re.compile(r"[A-Z][A-Z0-9&]*[A-Z0-9]")


def _alias_label(long_form: str, short_form: str, gazetteer: dict[str, str] | None) -> str | None:
    """The type of a long form defined with a parenthesized short form, or None when nothing says what it is
    (`금요일(Friday)`, `인공지능(AI)`: a gloss or a term, not an entity)."""
    if gazetteer and long_form in gazetteer:
        return gazetteer[long_form]
    if long_form.endswith("센터"):
        return "LOCATION"
    label = typed_name(long_form)
    if label:
        return label
    if long_form.endswith(EVENT_HEADS) and long_form not in GENERIC_WORDS:
        return "EVENT"
    if (
        _ACRONYM.fullmatch(short_form)
        and len(long_form) >= 4
        and long_form.endswith(ALIAS_ORG_HEADS)
        and long_form not in GENERIC_ORG_WORDS
        and not long_form.endswith(NOT_ORG_ENDINGS)
    ):
        return "ORG"
    return None


def find_alias_definitions(body: str, gazetteer: dict[str, str] | None = None) -> list[Span]:
    """`메이저리그야구대회(MLB)`, `라스베이거스컨벤션센터(LVCC)`: the long form, typed, with the short form as alias.
    A long form nothing types (`인공지능(AI)`, `금요일(Friday)`) is not an entity."""
    spans = []
    for m in _PAREN_ALIAS.finditer(body):
        long_form = m.group("long")
        label = _alias_label(long_form, m.group("short"), gazetteer)
        if label is None:
            continue
        spans.append(Span(m.start("long"), m.end("long"), label, long_form, source="defined_alias"))
        spans.append(
            Span(m.start("short"), m.end("short"), label, long_form, kind="alias", source="defined_alias")
        )
    return spans


def night_definitions(
    bodies: pl.LazyFrame, gazetteer: dict[str, str] | None = None, batch_rows: int = 10_000
) -> pl.DataFrame:
    """Every alias the `body_text` column of `bodies` defines (DEFINITION_SCHEMA), typed as find_alias_definitions
    types it: the parenthesized pairs are found in Polars (the same pattern), `batch_rows` bodies at a time (a
    night's bodies are never all in memory at once), and only the distinct pairs are typed in Python."""
    total = bodies.select(pl.len()).collect().item()
    counts: dict[str, int] = {}
    for offset in range(0, total, batch_rows):
        found = (
            bodies.slice(offset, batch_rows)
            .select(pl.col("body_text").str.extract_all(_PAREN_ALIAS.pattern).alias("pair"))
            .explode("pair")
            .drop_nulls("pair")
            .group_by("pair")
            .agg(pl.len())
            .collect()
        )
        for pair, count in found.iter_rows():
            counts[pair] = counts.get(pair, 0) + count
    rows = []
    for pair in sorted(counts):
        m = _PAREN_ALIAS.fullmatch(pair)
        label = _alias_label(m.group("long"), m.group("short"), gazetteer) if m else None
        if label is not None:
            rows.append((label, m.group("long"), m.group("short"), counts[pair]))
    return pl.DataFrame(rows, schema=DEFINITION_SCHEMA, orient="row")
