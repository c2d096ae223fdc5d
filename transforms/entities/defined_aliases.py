"""Long forms defined with a parenthesized short form: `국제통화기금(IMF)`, `라스베이거스컨벤션센터(LVCC)`, typed
as an organization, place or event, with the short form as its alias."""

from __future__ import annotations

import re

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
