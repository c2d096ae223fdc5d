from pathlib import Path

import pytest

from flows.files import read_admin_index, read_gazetteer
from transforms.entities.affiliations import affiliation_of
from transforms.entities.events import find_events
from transforms.entities.mentions import extract_mentions
from transforms.entities.people import find_person_mentions
from transforms.entities.titles import base_title
from transforms.ingest.parsers.text import parse_plain_text

SEED_PEOPLE = {
    "오세훈": ("서울시장", "서울시"),
    "정문헌": ("종로구청장", "종로구"),
    # Staff listed with 오 시장 take his body, 서울시, as their affiliation.
    "이해우": ("경제정책실장", "서울시"),
    "이종현": ("민생소통특보", "서울시"),
    "박찬구": ("정무특보", "서울시"),
    "이상용": ("디지털수석", "서울시"),
    "이필형": ("동대문구청장", "동대문구"),
    "오언석": ("도봉구청장", "도봉구"),
    "최호권": ("영등포구청장", "영등포구"),
    "박일하": ("동작구청장", "동작구"),
    "이수희": ("강동구청장", "강동구"),
    "이기재": ("양천구청장", "양천구"),
    "데니스 홍": ("교수", "UCLA"),
    "김미경": ("은평구청장", "은평구"),
    "박준희": ("관악구청장", "관악구"),
}


@pytest.fixture(scope="module")
def seed_body(seed_text):
    return parse_plain_text(seed_text).body_text


def test_seed_people_with_titles(seed_body):
    people = [s for s in extract_mentions(seed_body) if s.label == "PERSON" and s.roles]
    first_roles = {}
    for p in people:
        first_roles.setdefault(p.name, p.roles[0])
    assert set(first_roles) == set(SEED_PEOPLE)
    for name, role in SEED_PEOPLE.items():
        assert first_roles[name] == role, name


def test_parenthesized_second_role(seed_body):
    jung = next(p for p in find_person_mentions(seed_body) if p.name == "정문헌")
    assert jung.roles == [("종로구청장", "종로구"), ("구청장협의회장", "구청장협의회")]


def test_short_forms_link_to_nearest_compatible_person(seed_body):
    short = [
        (seed_body[s.start : s.end], s.name)
        for s in extract_mentions(seed_body)
        if s.kind == "short" and s.label == "PERSON"
    ]
    assert short.count(("오 시장", "오세훈")) == 2
    assert ("김 구청장", "김미경") in short
    # 박일하 동작구청장 is named earlier too, but 박준희 is the nearest earlier 박 with a 구청장 title.
    assert ("박 구청장", "박준희") in short


def test_offsets_match_surface(seed_body):
    for span in extract_mentions(seed_body):
        assert 0 <= span.start < span.end <= len(seed_body)


def test_short_form_without_antecedent_is_not_a_person():
    body = "대학 총장 회의에서 한 총장은 등록금 동결을 주장했다. 전 의원들은 반대했다."
    assert [s for s in extract_mentions(body) if s.label == "PERSON"] == []


def test_incompatible_title_is_not_linked():
    body = "오세훈 서울시장과 오언석 도봉구청장이 만났다. 오 구청장은 기술을 살폈다."
    [short] = [s for s in extract_mentions(body) if s.kind == "short"]
    assert short.name == "오언석"


def test_market_is_not_a_mayor():
    body = "국내 시장 점유율이 높아졌다. 이번 대회에서 우승했다."
    assert [s for s in extract_mentions(body) if s.label == "PERSON"] == []


def test_events_orgs_places(seed_body):
    spans = extract_mentions(seed_body, gazetteer={"라스베이거스": "LOCATION", "오픈AI": "ORG"})
    by_label = {}
    for s in spans:
        by_label.setdefault(s.label, set()).add(s.name)
    assert {"CES 2024", "CES 2023", "MLB 월드투어 서울시리즈", "서울 스마트 라이프 위크"} <= by_label["EVENT"]
    assert {"서울시", "라스베이거스관광청", "한국경제인협회", "은평구 상공회의소", "오픈AI"} <= by_label[
        "ORG"
    ]
    assert {"라스베이거스", "고척돔", "라스베이거스컨벤션센터", "유레카파크"} <= by_label["LOCATION"]


def test_titles():
    assert base_title("서울시장") == "시장" and base_title("부시장") == "부시장"
    assert affiliation_of("종로구청장") == "종로구"
    assert affiliation_of("구청장협의회장") == "구청장협의회"
    assert affiliation_of("정무특보") is None


def test_staff_take_context_only_within_the_sentence():
    body = "김철수 부산시장은 박영희 비서실장과 회의했다. 이민수 대변인은 따로 발표했다."
    roles = {p.name: p.roles for p in find_person_mentions(body)}
    people = find_person_mentions(body)
    from transforms.entities.affiliations import attach_context_affiliations

    attach_context_affiliations(body, people, [])
    roles = {p.name: p.roles[0] for p in people}
    assert roles["박영희"] == ("비서실장", "부산시")
    assert roles["이민수"] == ("대변인", None)


@pytest.mark.parametrize(
    "sentence",
    [
        "현직 판사 3명이 참석했다.",  # an adjective-like noun before a title
        "함께 교수로 일했던 동료들이 모였다.",  # an adverb
        "경찰은 판사 출신 변호사를 불렀다.",  # a noun with its particle
        "유치원 원장이 말했다.",  # a common noun
        "이를 방문해 장관과 면담했다.",  # an inflected verb
        "고려대 교수와 이화여대 총장이 만났다.",  # universities by their short names
        "공화당 의원들과 안산지원 판사가 왔다.",  # a party, a branch court
        "민주노총 지도위원이 말했다.",  # a union federation
    ],
)
def test_ordinary_words_before_a_title_are_not_people(sentence):
    assert [p.name for p in find_person_mentions(sentence)] == []


@pytest.mark.parametrize(
    ("sentence", "name"),
    [
        ("이성만 의원은 이날 기자회견을 열었다.", "이성만"),  # 이성 + 만 reads as a noun and a particle
        ("임이자 의원이 질의했다.", "임이자"),  # 임 + 이 + 자 reads as a copula and an ending
        ("박해진 교수는 이렇게 말했다.", "박해진"),
        ("손병두 고문, 김주영 국회의원 등이 참석했다.", "김주영"),
        ("조희대 대법원장이 말했다.", "조희대"),  # a name ending like a university
        ("박찬대 원내대표가 답했다.", "박찬대"),
    ],
)
def test_names_that_parse_like_words_stay_people(sentence, name):
    assert [p.name for p in find_person_mentions(sentence)] == [name]


@pytest.fixture(scope="module")
def admin():
    return read_admin_index(Path(__file__).resolve().parents[1] / "warehouse" / "seeds")


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


def test_events_are_named_within_a_sentence():
    body = (
        "있지요. 올림픽이 열렸다. 이날 본회의가 열렸다. 민주당 전당대회와 이번 학술대회, 열린 불교국제박람회, "
        "리걸 테크 AI 특별쇼와 특별쇼를 봤다. 탈당했다. 이후 시의회 본회의에서. 이로써 APEC 정상회의가 열린다."
    )
    events = [s.name for s in extract_mentions(body) if s.label == "EVENT"]
    assert events == [
        "민주당 전당대회",
        "불교국제박람회",
        "리걸 테크 AI 특별쇼",
        "시의회 본회의",
        "APEC 정상회의",
    ]


def test_province_only_where_a_place_is_meant(admin):
    body = (
        "토트넘 경기를 봤다. 경기 부양 정책. 경기 분당경찰서에 따르면 경기 파주에서 경기도 연천으로. 서현역 앞. "
        "서울·인천·경기 합의. 경기에서 졌다."
    )
    gazetteer = {"경기": "LOCATION", "서울": "LOCATION", "인천": "LOCATION"}
    places = [(body[s.start : s.end], s.name) for s in extract_mentions(body, gazetteer, admin=admin)]
    assert places == [
        ("경기", "경기도"),
        ("경기", "경기도"),
        ("경기도", "경기도"),  # the whole word: 도 is not the particle "also" here
        ("서현역", "서현역"),  # a station, though 현역 alone is "active duty"
        ("서울", "서울특별시"),
        ("인천", "인천광역시"),
        ("경기", "경기도"),
    ]


def test_law_firms_are_named_by_the_word_after_their_kind():
    body = (
        "법무법인 태평양 김철수 변호사는 법무법인(유한) 대륙아주에서 일했다. 법무법인 태평양 변호사가 말했다. "
        "법무법인 등을 찾았다. 법무법인 세종은 밝혔다. 법무법인 YK의 대표. 태평양과 세종 변호사들."
    )
    spans = extract_mentions(body, {"세종": "LOCATION"})
    assert [(s.label, s.name) for s in spans] == [
        ("ORG", "법무법인 태평양"),
        ("PERSON", "김철수"),
        ("ORG", "법무법인 대륙아주"),
        ("ORG", "법무법인 태평양"),  # and 태평양 is no person
        ("ORG", "법무법인 세종"),  # not the city
        ("ORG", "법무법인 YK"),
        ("ORG", "법무법인 태평양"),  # by its own name after the full one
        ("ORG", "법무법인 세종"),
    ]


@pytest.mark.parametrize(
    "text",
    ["우리나라 주식시장은 커졌다.", "국내 법률시장 개방", "한겨레 산업팀장 김모씨는"],
)
def test_markets_and_papers_are_not_people(text):
    # 시장 after common nouns is a market (Kiwi), and a paper's desk title does not make the paper a person
    assert find_person_mentions(text) == []


@pytest.mark.parametrize("text", ["강기정 광주시장이 왔다.", "박형준 부산시장이 왔다.", "이재준 수원시장과"])
def test_mayors_stay_people(text):
    assert [p.roles[0][0][-2:] for p in find_person_mentions(text)] == ["시장"]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # a body the gazetteer knows, a former or then title, an age and class in brackets, names listed with ·
        ("김기현 국민의힘 의원이 말했다.", [("김기현", "의원", "국민의힘")]),
        ("송영길 전 더불어민주당 대표가 출석했다.", [("송영길", "전 대표", "더불어민주당")]),
        ("임성근 당시 해병1사단장은", [("임성근", "당시 해병1사단장", "해병1사단")]),
        ("김기현(65·사법연수원 15기) 의원이 말했다.", [("김기현", "의원", None)]),
        ("김선수·이동원·노정희 대법관의 후임", [(n, "대법관", None) for n in ("김선수", "이동원", "노정희")]),
    ],
)
def test_people_written_with_former_titles_ages_and_lists(text, expected):
    found = find_person_mentions(text, {"국민의힘": "ORG", "더불어민주당": "ORG"})
    assert [(p.name, *p.roles[0]) for p in found] == expected


def test_provinces_by_short_name_and_national_bodies(admin):
    gazetteer = read_gazetteer(Path(__file__).resolve().parents[1] / "warehouse" / "seeds")
    body = "경북 포항시와 충남도, 경상북도. 행정안전부와 헌재는 국회에서 밝혔다."
    found = [(s.label, s.name) for s in extract_mentions(body, gazetteer, admin=admin)]
    assert found == [
        ("LOCATION", "경상북도"),
        ("ORG", "포항시"),
        ("LOCATION", "충청남도"),
        ("LOCATION", "경상북도"),
        ("ORG", "행정안전부"),  # 안전부 is not 전부 ("all")
        ("ORG", "헌재"),  # the alias table makes it 헌법재판소
        ("ORG", "국회"),
    ]


@pytest.mark.parametrize(
    ("text", "name", "role", "shorts"),
    [
        # a rank or an institution before the title; the short form drops it or keeps it
        (
            "김영태 서울대병원장은 밝혔다. 김 병원장은 또 김 원장은",
            "김영태",
            ("서울대병원장", "서울대병원"),
            2,
        ),
        ("이원석 서울중앙지검장은 말했다. 이 지검장은", "이원석", ("서울중앙지검장", "서울중앙지검"), 1),
        ("이예슬 부장판사는 말했다. 이 부장판사는 또 이 판사는", "이예슬", ("부장판사", None), 2),
        # 검사장 is a prosecutor, not a 사장 (company president): `손 사장` is somebody else
        ("손준성 검사장이 기소됐다. 손 검사장은 부인했다. 손 사장은", "손준성", ("검사장", None), 1),
        # military ranks; 소위 alone is "so-called", so it needs a body as 대위 and 하사 do
        ("박정훈 대령은 말했다. 이것은 소위 말하는 것. 박 대령은", "박정훈", ("대령", None), 1),
    ],
)
def test_titles_with_a_rank_and_their_short_forms(text, name, role, shorts):
    found = extract_mentions(text)
    full = [s for s in found if s.kind == "full"]
    assert [(s.name, s.roles[0]) for s in full] == [(name, role)]
    assert [s.name for s in found if s.kind == "short"] == [name] * shorts


def test_aged_people_with_the_honorific_ssi_and_their_short_forms():
    body = "최은순(77) 씨가 패소했다. 최 씨는 항소했다. 김모(52)씨와 A(47)씨는 말했다. 김 씨는 권기형(43·예비역 병장)씨와"
    found = [(s.name, s.kind, s.roles) for s in extract_mentions(body) if s.label == "PERSON"]
    # the anonymised 김모 and A name nobody, so `김 씨` has no antecedent
    assert found == [("최은순", "full", []), ("최은순", "short", []), ("권기형", "full", [])]


def test_a_city_in_an_address_is_a_place_and_acting_it_is_the_government(admin):
    body = "경기 성남시 도촌동 땅을 샀다. 성남시는 9일 밝혔다. 수원시에서 열린 행사. 성남시 봉사활동, 성남시 분당구."
    found = [(s.label, s.name) for s in extract_mentions(body, admin=admin)]
    assert found == [
        ("LOCATION", "경기도"),
        ("LOCATION", "경기도 성남시"),  # followed by a neighbourhood
        ("ORG", "성남시"),  # the subject of 밝혔다: the city government
        ("LOCATION", "경기도 수원시"),  # 에서: where something happened
        ("ORG", "성남시"),  # 봉사활동 is a common noun, not a neighbourhood
        ("LOCATION", "경기도 성남시"),
        ("LOCATION", "경기도 성남시 분당구"),
    ]


def test_numbered_wars_and_elections_are_one_event_however_written():
    body = "22대 총선과 제22대 국회의원 선거, 4·10 총선은 같다. 4·15 총선은 두 번 있었다. 2차 대전과 제2차 세계대전."
    found = [(s.name, body[s.start : s.end]) for s in find_events(body)]
    assert found == [
        ("제22대 국회의원 선거", "22대 총선"),
        ("제22대 국회의원 선거", "제22대 국회의원 선거"),
        ("제22대 국회의원 선거", "4·10 총선"),  # 4·15 was the 17th and the 21st: left unnamed
        ("제2차 세계대전", "2차 대전"),
        ("제2차 세계대전", "제2차 세계대전"),
    ]


@pytest.mark.parametrize(
    ("text", "division", "person"),
    [
        (
            "서울중앙지법 형사33부(재판장 김동현) 심리로",
            "서울중앙지법 형사33부",
            ("김동현", ("재판장", "서울중앙지법 형사33부")),
        ),
        ("대법원 형사3부(주심 오석준 대법관)는", "대법원 형사3부", ("오석준", ("대법관", "대법원 형사3부"))),
        (
            "서울고법 민사22-1부(재판장 성수제)는",
            "서울고법 민사22-1부",
            ("성수제", ("재판장", "서울고법 민사22-1부")),
        ),
        (
            "광주지법 제1-2형사부(재판장 연선주)는",
            "광주지법 제1-2형사부",
            ("연선주", ("재판장", "광주지법 제1-2형사부")),
        ),
    ],
)
def test_presiding_judges_hold_their_division(text, division, person):
    found = extract_mentions(text)
    assert [s.name for s in found if s.label == "ORG"] == [division]
    assert [(s.name, s.roles[0]) for s in found if s.label == "PERSON"] == [person]
    assert extract_mentions("2형사부는 1부 리그에서") == []  # a division needs its court
