"""Organizations and places (transforms.entities.orgs_places) and long forms defined with a short one
(transforms.entities.defined_aliases)."""

from pathlib import Path

import pytest

from flows.files import read_gazetteer
from transforms.entities.addresses import find_addresses
from transforms.entities.mentions import extract_mentions
from transforms.entities.spans import Span


def _orgs(body, admin):
    return [s.name for s in extract_mentions(body, admin=admin) if s.label == "ORG"]


@pytest.mark.parametrize(
    ("body", "orgs"),
    [
        # courts and prosecutors by their seats; a law ending in 지법 is not a court
        ("서울중앙지법과 수원지검이 청탁금지법, 농지법 사건을 맡았다.", ["서울중앙지법", "수원지검"]),
        # a numbered division is named by its body, and alone it is no organization
        ("서울중앙지법 형사1부는 선고했다. 형사1부는 이렇게 밝혔다.", ["서울중앙지법 형사1부"]),
        # kinds of organization and common nouns ending like one
        ("재판부는 법무법인 관계자와 임산부, 1인당 지원금을 언급했다.", []),
        ("더불어민주당 지도부가 국방부를 찾았다.", ["더불어민주당", "국방부"]),
        # 당 as "per" or the passive is no party; a party's name is
        ("시간당 50mm, 포기당했다는 기본소득당의 주장", ["기본소득당"]),
    ],
)
def test_organizations(body, orgs, admin):
    assert _orgs(body, admin) == orgs


def test_parenthesized_terms_are_not_organizations():
    body = "인공지능(AI)과 국내총생산(GDP), 금요일(Friday), 국제통화기금(IMF), 로스앤젤레스(LA)를 다뤘다."
    spans = extract_mentions(body, gazetteer={"로스앤젤레스": "LOCATION"})
    assert {(s.label, s.name, s.kind) for s in spans} == {
        ("ORG", "국제통화기금", "full"),
        ("ORG", "국제통화기금", "alias"),
        ("LOCATION", "로스앤젤레스", "full"),
        ("LOCATION", "로스앤젤레스", "alias"),
    }


def test_province_only_where_a_place_is_meant(admin):
    body = (
        "토트넘 경기를 봤다. 경기 부양 정책. 경기 분당경찰서에 따르면 경기 파주에서 경기도 연천으로. 서현역 앞. "
        "서울·인천·경기 합의. 경기에서 졌다."
    )
    gazetteer = {"경기": "LOCATION", "서울": "LOCATION", "인천": "LOCATION"}
    places = [(body[s.start : s.end], s.name) for s in extract_mentions(body, gazetteer, admin=admin)]
    assert places == [
        ("경기", "경기도"),
        ("경기 파주", "경기도 파주시"),  # an address: the province and its city, one place
        ("경기도 연천", "경기도 연천군"),  # the whole word: 도 is not the particle "also" here
        ("서현역", "서현역"),  # a station, though 현역 alone is "active duty"
        ("서울", "서울특별시"),
        ("인천", "인천광역시"),
        ("경기", "경기도"),
    ]


def test_provinces_by_short_name_and_national_bodies(admin):
    gazetteer = read_gazetteer(Path(__file__).resolve().parents[1] / "warehouse" / "seeds")
    body = "경북 포항시와 충남도, 경상북도. 행정안전부와 헌재는 국회에서 밝혔다."
    found = [(s.label, s.name) for s in extract_mentions(body, gazetteer, admin=admin)]
    assert found == [
        ("LOCATION", "경상북도 포항시"),  # a city after its province is a place (an address)
        ("LOCATION", "충청남도"),
        ("LOCATION", "경상북도"),
        ("ORG", "행정안전부"),  # 안전부 is not 전부 ("all")
        ("ORG", "헌재"),  # the alias table makes it 헌법재판소
        ("ORG", "국회"),
    ]


def test_a_city_in_an_address_is_a_place_and_acting_it_is_the_government(admin):
    body = "경기 성남시 도촌동 땅을 샀다. 성남시는 9일 밝혔다. 수원시에서 열린 행사. 성남시 봉사활동, 성남시 분당구."
    found = [(s.label, s.name) for s in extract_mentions(body, admin=admin)]
    assert found == [
        ("LOCATION", "경기도 성남시 도촌동"),  # an address is one place, named down to its neighbourhood
        ("ORG", "성남시"),  # the subject of 밝혔다: the city government
        ("LOCATION", "경기도 수원시"),  # 에서: where something happened
        ("ORG", "성남시"),  # 봉사활동 is a common noun, not a neighbourhood
        ("LOCATION", "경기도 성남시 분당구"),  # a city and its ward: one place, as an address
    ]


def test_an_address_is_one_place_named_by_the_index(admin):
    body = "행사는 서울 강남구 삼성동 코엑스에서 열렸다. 서울 중구 세종대로 일대, 전남 구례, 서울 시민, 서울 화성."
    found = [
        (body[s.start : s.end], s.name) for s in extract_mentions(body, admin=admin) if s.label == "LOCATION"
    ]
    assert ("서울 강남구 삼성동", "서울특별시 강남구 삼성동") in found
    assert ("서울 중구 세종대로", "서울특별시 중구 세종대로") in found  # a road keeps its 로
    assert ("전남 구례", "전라남도 구례군") in found  # a county without its 군, inside its province
    assert ("서울", "서울특별시") in found  # 서울 시민: no address
    assert not any(name.endswith("화성시") for _, name in found)  # 화성 is a city of 경기, not of 서울


def test_a_city_and_its_ward_or_neighbourhood_are_one_place(admin):
    body = "안산시 단원구 주민, 부천시 오정구 대장동 일대, 서울 청담동, 강원 영동 지역, 여수시 도로 위."
    found = [(body[s.start : s.end], s.name) for s in find_addresses(body, admin)]
    assert found == [
        ("안산시 단원구", "경기도 안산시 단원구"),
        ("부천시 오정구 대장동", "경기도 부천시 오정구 대장동"),
        ("서울 청담동", "서울특별시 청담동"),  # a province and its neighbourhood
    ]  # 영동 is a county (영동군) as much as a neighbourhood; 도로 is a road, not a road's name


def test_a_foreign_place_after_its_country_is_one_place(admin):
    gazetteer = read_gazetteer(Path(__file__).resolve().parents[1] / "warehouse" / "seeds")
    body = "미국 뉴욕 시민과 캐나다 몬트리올 주민이 모였다. 뉴욕 거리에서. 서울 중구."
    tagged = [
        Span(
            body.index("캐나다 몬트리올"),
            body.index("캐나다 몬트리올") + 8,
            "LOCATION",
            "캐나다 몬트리올",
            source="tagger",
        ),
        Span(body.index("뉴욕 거리"), body.index("뉴욕 거리") + 5, "LOCATION", "뉴욕 거리", source="tagger"),
    ]
    found = [(body[s.start : s.end], s.name) for s in extract_mentions(body, gazetteer, tagged, admin)]
    assert found == [
        ("미국 뉴욕", "뉴욕"),  # the city, in its country
        ("캐나다 몬트리올", "몬트리올"),
        ("뉴욕", "뉴욕"),  # 거리 (a street) is an ordinary word, not a place of 뉴욕
        ("서울 중구", "서울특별시 중구"),  # a domestic address
    ]


def test_a_body_named_after_a_date_in_history_keeps_the_date(admin):
    body = "3·15의거기념재단은 밝혔다. 4·16 세월호참사특별조사위원회는 발표했다. 4·3평화재단 관계자."
    orgs = [(body[s.start : s.end], s.name) for s in extract_mentions(body, admin=admin) if s.label == "ORG"]
    assert orgs == [
        ("3·15의거기념재단", "3·15의거기념재단"),
        ("4·16 세월호참사특별조사위원회", "4·16 세월호참사특별조사위원회"),
        ("4·3평화재단", "4·3평화재단"),
    ]


def test_regions_of_several_provinces_and_parts_of_one_are_places(admin):
    body = "수도권·충청권과 호남에 비가 온다. 경기남부와 경북북부에도. 한반도 중서부와 프랑스 북동부, 노동부."
    spans = extract_mentions(body, admin=admin)
    places = [s.name for s in spans if s.label == "LOCATION"]
    orgs = [s.name for s in spans if s.label == "ORG"]
    assert {"수도권", "충청권", "호남", "경기남부", "경북북부"} <= set(places)
    assert orgs == ["노동부"]  # 중서부, 북동부 are directions, not ministries


def test_a_city_with_a_rain_reading_is_a_place(admin):
    spans = extract_mentions(
        "광양시 106.3㎜ 순천시 100.0㎜의 비가 내렸다. 광양시는 대책을 밝혔다.", admin=admin
    )
    assert [(s.name, s.label) for s in spans if "시" in s.name] == [
        ("전라남도 광양시", "LOCATION"),
        ("전라남도 순천시", "LOCATION"),
        ("광양시", "ORG"),
    ]


def test_a_neighbourhood_alone_is_a_place_and_words_ending_like_one_are_not(admin):
    body = (
        "대치동과 잠실동의 아파트, 가은읍 장터. 행동과 활동, 법정동 신설, 컵라면, 전동 킥보드. "
        "거제동 부산법원 앞에서."
    )
    spans = extract_mentions(body, admin=admin)
    assert [s.name for s in spans if s.label == "LOCATION"] == ["대치동", "잠실동", "가은읍", "거제동"]
    assert [s.name for s in spans if s.label == "ORG"] == [
        "부산법원"
    ]  # the court at its address, not 거제동 부산법원


def test_a_latin_acronym_before_a_body_is_part_of_its_name(admin):
    body = "KB 경영연구소와 NRF 평가위원회, AI 위원회, IBD(양조연구소)가 참여했다."
    assert _orgs(body, admin) == ["KB 경영연구소", "NRF 평가위원회", "양조연구소"]  # 위원회 alone is generic


def test_an_academy_is_an_organization_and_a_kind_of_academy_is_not(admin):
    body = "한빛학원 관계자와 국립해양과학원 연구진이 만났다. 입시학원과 대학원, 법학전문대학원은 늘었다."
    orgs = [s.name for s in extract_mentions(body, admin=admin) if s.label == "ORG"]
    assert orgs == ["한빛학원", "국립해양과학원"]


def test_a_universitys_department_the_tagger_found_leaves_the_university_as_the_body(admin):
    body = "김영호 한빛대학교 기계공학과 교수와 서울중앙지검 특별수사팀이 만났다."
    tagged = [
        Span(body.index(name), body.index(name) + len(name), "ORG", name, source="tagger")
        for name in ("한빛대학교 기계공학과", "서울중앙지검 특별수사팀")
    ]
    orgs = [s.name for s in extract_mentions(body, admin=admin, tagged=tagged) if s.label == "ORG"]
    assert orgs == ["한빛대학교", "서울중앙지검 특별수사팀"]


def test_a_place_before_a_body_with_a_name_of_its_own_stays_a_place(admin):
    body = "독일 공영방송과 영국 한빛연구소, 서울 종로구 서울대병원. 미국 CNN방송이 보도했다."
    gazetteer = {"독일": "LOCATION", "영국": "LOCATION", "미국": "LOCATION"}
    spans = extract_mentions(body, gazetteer, admin=admin)
    assert [(s.name, s.label) for s in spans] == [
        ("독일 공영방송", "ORG"),  # a kind of body: the German one
        ("영국", "LOCATION"),
        ("한빛연구소", "ORG"),
        ("서울특별시 종로구", "LOCATION"),
        ("서울대병원", "ORG"),
        ("미국", "LOCATION"),
        ("CNN방송", "ORG"),
    ]
    # the tagger's span over both does not take their place
    tagged = [
        Span(
            body.index("영국 한빛연구소"),
            body.index("영국 한빛연구소") + 8,
            "ORG",
            "영국 한빛연구소",
            source="tagger",
        )
    ]
    assert "한빛연구소" in [s.name for s in extract_mentions(body, gazetteer, tagged, admin)]


def test_a_book_credits_publisher_is_an_organization_and_a_college_leaves_its_university():
    body = (
        "별을 세는 밤 김하늘 지음 l 온새 그림 l 출판사 푸른책 l 가격 1만3000원. 그는 한빛대 치대를 졸업했다."
    )
    tagged = [
        Span(body.index("한빛대 치대"), body.index("한빛대 치대") + 6, "ORG", "한빛대 치대", source="tagger")
    ]
    orgs = [s.name for s in extract_mentions(body, None, tagged) if s.label == "ORG"]
    assert orgs == ["푸른책", "한빛대"]


def test_a_province_as_a_clauses_subject_is_its_government_but_not_in_the_weather(admin):
    body = "경기도는 대북 전단 살포 지역에 출입을 막았다. 충북도가 환영했다. 제주도는 낮 기온이 30도다. 경기도에 비가 온다."
    found = [(s.name, s.label) for s in extract_mentions(body, admin=admin)]
    assert found == [
        ("경기도", "ORG"),
        ("충청북도", "ORG"),
        ("제주특별자치도", "LOCATION"),
        ("경기도", "LOCATION"),
    ]


def test_an_ending_inside_an_ordinary_word_makes_no_body_or_station(admin):
    body = "부지 조성공사와 본공사가 늦어졌다. 피난처를 찾았다. 기차역과 통화내역을 봤다. 서울교통공사와 강남역, 법제처."
    gazetteer = read_gazetteer(Path(__file__).resolve().parents[1] / "warehouse" / "seeds")
    found = [(s.name, s.label) for s in extract_mentions(body, gazetteer, admin=admin)]
    assert found == [("서울교통공사", "ORG"), ("강남역", "LOCATION"), ("법제처", "ORG")]


def test_a_foreign_countrys_ministry_is_its_own_and_a_domestic_one_is_the_gazetteers(admin):
    gazetteer = read_gazetteer(Path(__file__).resolve().parents[1] / "warehouse" / "seeds")
    body = "미국 국방부와 한국 외교부, 서울 종로구 헌재가 밝혔다."
    found = [(s.name, s.label) for s in extract_mentions(body, gazetteer, admin=admin)]
    assert ("미국 국방부", "ORG") in found and ("외교부", "ORG") in found and ("헌재", "ORG") in found


def test_a_tagger_organization_after_a_rules_province_keeps_its_own_words(admin):
    """`경기 화성한빛경찰서`: the rules read 경기 (the province) and win the overlap; the station after it stays."""
    body = "경기 화성한빛경찰서는 20대 남성을 입건했다."
    tagged = [Span(0, 10, "ORG", "경기 화성한빛경찰서", source="tagger")]
    found = {(s.label, s.name) for s in extract_mentions(body, {}, tagged, admin)}
    assert ("ORG", "화성한빛경찰서") in found and ("LOCATION", "경기도") in found
