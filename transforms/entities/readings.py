"""Places named by their readings: a weather report lists stations with the rain, snow or temperature measured there
(`철원 12.5㎜`, `신북(춘천) 20.5㎜`, `대관령 -2.1℃`). Rain is measured at places, never at people or things, so a word
before a reading is a place, and so is the county in brackets after it. Many stations are also ordinary words
(공주 a princess, 부여 a grant, 장수 long life): those are taken only when the 법정동 index knows them as a city or
county (공주시, 부여군); other words are taken when Kiwi reads them as one proper or unknown noun (대관령, 번암), so
that the measures before a reading (최대, 누적, 시간당) are not places."""

from __future__ import annotations

import re

from transforms.common.kiwi import word_analyser
from transforms.entities.admin import AdminIndex
from transforms.entities.spans import Span

# A reading of rain, snow or temperature: `53.8㎜`, ` -2.1℃` (resolve.py reads it after a tagger's name too)
READING_VALUE = r"\s?-?\d[\d,]*(?:\.\d+)?\s?(?:㎜|mm|㎝|cm|℃|°C)"
_READING = re.compile(
    rf"(?<![가-힣A-Za-z0-9])(?P<name>[가-힣]{{2,5}})(?:\((?P<county>[가-힣]{{2,5}})\))?{READING_VALUE}"
)


# What a reading can be of besides a place: 평균 26.7㎜, 최대 120㎜, 누적, 시간당
_MEASURES = frozenset(
    {
        "평균",
        "최대",
        "최고",
        "최저",
        "누적",
        "시간당",
        "일강수량",
        "강수량",
        "합계",
        "예상",
        "전체",
        "지역",
        "곳",
        "많은곳",
    }
)


def _ordinary_noun(word: str) -> bool:
    """One common noun Kiwi knows (가로, 높이, 평균): a dimension or a measure, not a station."""
    toks = word_analyser().tokenize(word)
    return len(toks) == 1 and toks[0].tag == "NNG" and not toks[0].oov


def _is_place(word: str, admin: AdminIndex | None) -> bool:
    if admin is not None and admin.names_an_area(word):
        return True
    toks = word_analyser().tokenize(word)
    return len(toks) == 1 and (
        toks[0].tag == "NNP" or toks[0].oov
    )  # 대관령, 철원; 번암 (unknown); not 시간당


# Readings printed one after another (`보령 60.1㎜ 서산 52.8㎜ 도솔재의 51.0㎜`): at least this many in a row make a
# list of stations, where every name that is no measure or other common noun is a place, known to Kiwi or not
_LIST_RUN = 3
_BETWEEN_READINGS = re.compile(r"[\s,·]*")


def _reading_runs(matches: list[re.Match[str]], body: str) -> list[bool]:
    """For each reading, whether it is part of a run of _LIST_RUN or more readings separated only by spaces, commas
    or middle dots."""
    runs: list[list[int]] = []
    for i, m in enumerate(matches):
        if runs and _BETWEEN_READINGS.fullmatch(body, matches[runs[-1][-1]].end(), m.start()):
            runs[-1].append(i)
        else:
            runs.append([i])
    listed = [False] * len(matches)
    for run in runs:
        if len(run) >= _LIST_RUN:
            for i in run:
                listed[i] = True
    return listed


def find_reading_places(body: str, admin: AdminIndex | None = None) -> list[Span]:
    """LOCATION spans for the stations and counties of the readings in a body, in order."""
    spans: list[Span] = []
    matches = list(_READING.finditer(body))
    for m, listed in zip(matches, _reading_runs(matches, body), strict=True):
        places = {
            g: bool(m.group(g))
            and (
                listed
                and m.group(g) not in _MEASURES
                and not _ordinary_noun(m.group(g))
                or _is_place(m.group(g), admin)
            )
            for g in ("name", "county")
        }
        if m.group("county") and any(places.values()):
            # 여수(돌산) 76㎜, 대신(여주) 40.5㎜: a station and its county; one known as a place makes the other one
            # (돌산, 대신, 정산 are ordinary words too), unless it is a measure (서울(평균), 최대(누적))
            for group in ("name", "county"):
                places[group] = places[group] or m.group(group) not in _MEASURES
        for group in ("name", "county"):
            if places[group]:
                start, end = m.span(group)
                spans.append(Span(start, end, "LOCATION", m.group(group), source="reading"))
    return spans
