"""Places written as addresses: a province or metropolitan city followed by its city, county or district and, below
it, a neighbourhood or a road (`서울 강남구 삼성동`, `경기 의정부`, `전남 구례`, `서울 중구 세종대로`), or a city followed by its ward or
neighbourhood (`안산시 단원구`, `의정부시 녹양동`).

The whole address is one place, named by the 법정동 index's full name of its deepest administrative level plus the
parts below it as written (`서울특별시 강남구 삼성동`), so `v_location` still finds its code. A district after its
province is read with or without its 시/군/구 (`의정부` is 의정부시 after 경기), but only when the index holds it
inside that province: `경기 화성` is a city, `서울 화성` is nothing.
"""

from __future__ import annotations

import re

from transforms.entities.admin import AdminArea, AdminIndex
from transforms.entities.orgs_places import is_neighbourhood, typed_name
from transforms.entities.people import is_common_word
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


def _city(word: str, admin: AdminIndex) -> AdminArea | None:
    """The one city (시) of the index that `word` names: `수원시`, `고양시` (not `중구`, which six cities have)."""
    if not word.endswith("시"):
        return None  # most words of a body: no look-up
    areas = [a for a in admin.by_name.get(word, []) if a.level == "sigungu"]
    return areas[0] if len(areas) == 1 else None


def _ward_of(word: str, city: AdminArea, admin: AdminIndex) -> AdminArea | None:
    """The ward (구) of `city` that `word` names: 단원구 of 안산시."""
    for area in admin.by_name.get(word, []):
        if area.level == "sigungu" and area.full_name.startswith(city.full_name + " "):
            return area
    return None


def find_addresses(body: str, admin: AdminIndex | None) -> list[Span]:
    """Addresses of two parts or more that start with a province or metropolitan city (`서울 중구 세종대로`,
    `서울 청담동`, `부산 서면`) or with a city (`안산시 단원구`, `의정부시 녹양동`), as single places."""
    if admin is None:
        return []
    spans: list[Span] = []
    for m in re.finditer(r"(?<![가-힣A-Za-z0-9])([가-힣]{2,7})(?= )", body):
        sido = admin.sido_by_alias.get(m.group(1))
        district: AdminArea | None = None
        if sido is None:
            district = _city(m.group(1), admin)
            if district is None:
                continue
            sido = district.sido
        name, end, parts = (district.full_name if district else sido), m.end(), 1
        below = False  # a neighbourhood or road has been read: only more of those may follow
        pos = m.end()
        while parts < 5:
            nxt = _NEXT_WORD.match(body, pos)
            if nxt is None:
                break
            raw = nxt.group(1)
            # a road or neighbourhood keeps the syllable a particle would take (세종대로, not 세종대 + 로)
            word = (
                raw
                if (district is not None and _ROAD.fullmatch(raw)) or is_neighbourhood(raw)
                else strip_particle(raw)
            )
            if not below and district is None and (area := _district_in(word, sido, admin)) is not None:
                district, name = area, area.full_name
            elif not below and district is not None and (ward := _ward_of(word, district, admin)) is not None:
                district, name = ward, ward.full_name
            # a neighbourhood right after a province, unless it names a county too (강원 영동: 영동군)
            elif (is_neighbourhood(word) and (district is not None or not admin.names_an_area(word))) or (
                district is not None and _ROAD.fullmatch(word) and not is_common_word(word)
            ):
                name, below = f"{name} {word}", True
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


def find_qualified_places(
    body: str, places: list[Span], tagged: list[Span], admin: AdminIndex | None
) -> list[Span]:
    """A foreign place written after the country or city it is in (`미국 뉴욕`, `캐나다 몬트리올`, `파리 센강`): one
    place, the inner one, as the domestic addresses are (`전남 구례` is 구례군). Read from two LOCATION mentions
    side by side (`places`, the rules'), or from a tagger LOCATION span whose first word the rules know as a place.
    A domestic province or city first is an address (find_addresses), not this."""
    domestic = admin.sido_by_alias if admin is not None else {}
    rule_places = sorted((p for p in places if p.label == "LOCATION"), key=lambda p: p.start)
    outer_names = {body[p.start : p.end]: p for p in rule_places}
    spans: list[Span] = []
    for a, b in zip(rule_places, rule_places[1:], strict=False):
        if body[a.end : b.start] == " " and _foreign(body[a.start : a.end], a, domestic, admin):
            spans.append(Span(a.start, b.end, "LOCATION", b.name, source="qualified_place"))
    for t in tagged:
        head, _, rest = t.name.partition(" ")
        outer = outer_names.get(head)
        if t.label != "LOCATION" or not rest or outer is None or outer.start != t.start:
            continue
        if _foreign(head, outer, domestic, admin) and _place_word(rest):
            spans.append(Span(t.start, t.end, "LOCATION", rest, source="qualified_place"))
    return spans


def _place_word(word: str) -> bool:
    """One word the tagger read as a place inside another: a name (쾰른, 몬트리올), not an ordinary word (거리,
    대사관), a word with a particle, or an organization's shape (슈투트가르트발레단)."""
    return (
        len(word) >= 2
        and " " not in word
        and strip_particle(word) == word
        and typed_name(word) != "ORG"
        and not is_common_word(word)
    )


def _foreign(surface: str, place: Span, domestic: dict[str, str], admin: AdminIndex | None) -> bool:
    """The outer place is not a Korean province, city or address (those start addresses)."""
    if surface in domestic or place.name in domestic or place.source == "address":
        return False
    return admin is None or (surface not in admin.by_name and place.name not in admin.by_name)
