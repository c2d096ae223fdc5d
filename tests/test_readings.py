"""transforms.entities.readings: stations and counties named by their rain, snow or temperature readings."""

from __future__ import annotations

from flows.files import read_admin_index
from flows.settings import Settings
from transforms.entities.readings import find_reading_places


def test_a_word_before_a_reading_is_a_place_and_a_measure_is_not():
    admin = read_admin_index(Settings().seeds_dir)
    body = (
        "충청권은 유치(청양) 16.0㎜, 장터(공주) 33.5㎜, 부여 20.9㎜, 철원 13.8㎜의 비가 내렸다. 대관령은 -2.1℃. "
        "최대 100㎜, 누적 강수량 50㎜, 시간당 30㎜. 김철수(45)씨는 키가 180㎝다. 여수(돌산) 76㎜, 서울(평균) 26.7㎜."
    )
    places = [s.name for s in find_reading_places(body, admin)]
    # 공주 and 부여 are ordinary words too, taken as the cities the 법정동 index knows; 유치, 장터 and 돌산 are ordinary
    # words, taken as stations because the county beside them is known; 평균 is a measure
    assert places == ["유치", "청양", "장터", "공주", "부여", "철원", "여수", "돌산", "서울"]
    assert [s.name for s in find_reading_places("대관령 -2.1℃, 번암 12㎜", admin)] == ["대관령", "번암"]


def test_in_a_list_of_readings_an_unknown_word_is_a_station_and_a_dimension_is_not():
    body = "태안(근흥) 33.5㎜ 보령 60.1㎜ 서산 52.8㎜ 도솔재의 51.0㎜ 천안 40.0㎜. 돌덩이(가로 18㎝·세로 11㎝·높이 13㎝)"
    places = [s.name for s in find_reading_places(body)]
    assert "도솔재의" in places  # unknown to Kiwi and the index, but listed among stations
    assert not {"가로", "세로", "높이"} & set(places)  # three readings in a row, of a stone's size
    assert "도솔재의" not in [
        s.name for s in find_reading_places("도솔재의 51.0㎜에 그쳤다.")
    ]  # alone: no list
