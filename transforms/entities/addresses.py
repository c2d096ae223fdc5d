"""Places written as addresses: a province or metropolitan city followed by its city, county or district and, below
it, a neighbourhood or a road (`서울 강남구 삼성동`, `경기 의정부`, `전남 구례`, `서울 중구 세종대로`).

The whole address is one place, named by the 법정동 index's full name of its deepest administrative level plus the
parts below it as written (`서울특별시 강남구 삼성동`), so `v_location` still finds its code. A district after its
province is read with or without its 시/군/구 (`의정부` is 의정부시 after 경기), but only when the index holds it
inside that province: `경기 화성` is a city, `서울 화성` is nothing.
"""

from __future__ import annotations

import re

from transforms.entities.admin import AdminArea, AdminIndex
from transforms.entities.orgs_places import is_neighbourhood
from transforms.entities.spans import Span, strip_particle

_NEXT_WORD = re.compile(r" ([가-힣0-9]{1,12})")
_ROAD = re.compile(r"[가-힣0-9]{1,10}(?:대로|로|길)(?:\d+(?:번길|길))?")


def _district_in(word: str, sido: str, admin: AdminIndex) -> AdminArea | None:
    """The district or city of `sido` that `word` names, with or without its 시/군/구."""
    for candidate in (word, word + "시", word + "군", word + "구"):
        for area in admin.by_name.get(candidate, []):
            if area.level == "sigungu" and area.sido == sido:
                return area
    return None


def find_addresses(body: str, admin: AdminIndex | None) -> list[Span]:
    """Addresses of two parts or more that start with a province or metropolitan city, as single places."""
    if admin is None:
        return []
    spans: list[Span] = []
    for m in re.finditer(r"(?<![가-힣A-Za-z0-9])([가-힣]{2,7})(?= )", body):
        sido = admin.sido_by_alias.get(m.group(1))
        if sido is None:
            continue
        name, end, parts = sido, m.end(), 1
        district: AdminArea | None = None
        pos = m.end()
        while parts < 5:
            nxt = _NEXT_WORD.match(body, pos)
            if nxt is None:
                break
            raw = nxt.group(1)
            # a road or neighbourhood keeps the syllable a particle would take (세종대로, not 세종대 + 로)
            word = (
                raw
                if district is not None and (_ROAD.fullmatch(raw) or is_neighbourhood(raw))
                else strip_particle(raw)
            )
            if district is None and (area := _district_in(word, sido, admin)) is not None:
                district, name = area, area.full_name
            elif district is not None and (is_neighbourhood(word) or _ROAD.fullmatch(word)):
                name = f"{name} {word}"
            else:
                break
            end = nxt.start(1) + len(word)
            parts += 1
            if word != raw:  # a particle ends the address (서울 강남구에서)
                break
            pos = nxt.end()
        if parts >= 2:
            spans.append(Span(m.start(), end, "LOCATION", name, source="address"))
    return spans
