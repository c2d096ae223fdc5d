"""Korean administrative areas (법정동 code table): validate place names and map them to codes.

`종로구` is one district and maps to `서울특별시 종로구` (1111000000); `중구` exists in six cities and maps only when
the article names the city (`서울 중구` context). Built from `warehouse/seeds/admin_areas.csv` (시도 and 시군구 levels
of the 법정동 code table shipped in PyPI's addresskr, Apache-2.0).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

# Short forms of the 시도 used in news: 서울, 부산, 경기, 충북 ...
SIDO_SHORT = {
    "서울특별시": "서울",
    "부산광역시": "부산",
    "대구광역시": "대구",
    "인천광역시": "인천",
    "광주광역시": "광주",
    "대전광역시": "대전",
    "울산광역시": "울산",
    "세종특별자치시": "세종",
    "경기도": "경기",
    "강원특별자치도": "강원",
    "강원도": "강원",
    "충청북도": "충북",
    "충청남도": "충남",
    "전북특별자치도": "전북",
    "전라북도": "전북",
    "전라남도": "전남",
    "경상북도": "경북",
    "경상남도": "경남",
    "제주특별자치도": "제주",
}


@dataclass(frozen=True, slots=True)
class AdminArea:
    code: str
    full_name: str
    name: str
    level: str  # sido, sigungu

    @property
    def sido(self) -> str:
        return self.full_name.split()[0]


@dataclass
class AdminIndex:
    by_name: dict[str, list[AdminArea]] = field(default_factory=dict)
    sido_by_alias: dict[str, str] = field(default_factory=dict)  # 서울, 서울시, 서울특별시 -> 서울특별시

    @classmethod
    def from_rows(cls, rows: Iterable[dict]) -> AdminIndex:
        index = cls()
        for row in rows:
            area = AdminArea(row["admin_code"], row["full_name"], row["name"], row["level"])
            index.by_name.setdefault(area.name, []).append(area)
            if area.level == "sido":
                short = SIDO_SHORT.get(area.full_name, area.full_name)
                for alias in {
                    area.full_name,
                    short,
                    short + "시" if area.full_name.endswith("시") else short,
                    short + "도" if area.full_name.endswith("도") else short,  # 충남도, 경북도
                }:
                    index.sido_by_alias[alias] = area.full_name
        return index

    def is_city(self, word: str) -> bool:
        """`거제시`, `수원시`, `서울시`: a real city (whose government news often means)."""
        return word.endswith("시") and (word in self.by_name or word in self.sido_by_alias)

    def is_district(self, word: str) -> bool:
        """`종로구`, `홍성군`: a real 구 or 군 (not 친구, 연구, 수군)."""
        return word.endswith(("구", "군")) and any(a.level == "sigungu" for a in self.by_name.get(word, []))

    def names_an_area(self, word: str) -> bool:
        """`청주`, `화성`, `영동`: a province, city or county by its name with or without 시/군 (also a word: rice wine,
        Mars, or a neighbourhood's name)."""
        return any(w in self.by_name or w in self.sido_by_alias for w in (word, word + "시", word + "군"))

    def resolve(self, word: str, context_sidos: set[str]) -> AdminArea | None:
        """The one area `word` names, using the 시도 the article mentions to split namesakes; None if ambiguous."""
        areas = [a for a in self.by_name.get(word, []) if a.level == "sigungu"]
        if len(areas) > 1:
            areas = [a for a in areas if a.sido in context_sidos]
        return areas[0] if len(areas) == 1 else None

    def sidos_in(self, words: Iterable[str]) -> set[str]:
        return {self.sido_by_alias[w] for w in words if w in self.sido_by_alias}
