from pathlib import Path

import pytest

from flows.files import read_admin_index
from transforms.entities.orgs_places import find_orgs_and_places

SEEDS = Path(__file__).resolve().parents[1] / "warehouse" / "seeds"


@pytest.fixture(scope="module")
def admin():
    return read_admin_index(SEEDS)


def test_unique_district_maps_to_its_full_name_and_code(admin):
    area = admin.resolve("종로구", set())
    assert (area.full_name, area.code) == ("서울특별시 종로구", "1111000000")


def test_namesake_districts_need_the_city(admin):
    assert admin.resolve("중구", set()) is None
    assert admin.resolve("중구", {"부산광역시"}).full_name == "부산광역시 중구"


def test_common_nouns_are_not_places(admin):
    body = "친구와 연구를 요구했다. 반드시 수군이 이긴다. 부산 중구에서 만났다. 거제시는 발표했다."
    spans = {(s.label, s.name) for s in find_orgs_and_places(body, {"부산": "LOCATION"}, admin)}
    # the short name of a 시도 is the same entity as its full name
    assert spans == {("LOCATION", "부산광역시"), ("LOCATION", "부산광역시 중구"), ("ORG", "거제시")}
