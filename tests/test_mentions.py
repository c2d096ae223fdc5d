"""All rule mentions of a body (transforms.entities.mentions): the seed article end to end."""

from transforms.entities.mentions import extract_mentions

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


def test_seed_people_with_titles(seed_body):
    people = [s for s in extract_mentions(seed_body) if s.label == "PERSON" and s.roles]
    first_roles = {}
    for p in people:
        first_roles.setdefault(p.name, p.roles[0])
    assert set(first_roles) == set(SEED_PEOPLE)
    for name, role in SEED_PEOPLE.items():
        assert first_roles[name] == role, name


def test_offsets_match_surface(seed_body):
    for span in extract_mentions(seed_body):
        assert 0 <= span.start < span.end <= len(seed_body)


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


def test_the_body_a_title_rule_reads_is_an_organization_mention():
    body = (
        "이영수 한빛대 기계공학과 교수는 말했다. 박관호 현 위메이드 대표가 왔다. 오세훈 서울시장과 "
        "김창호 증산면 이장협의회장도. 세계 곳곳에서 AI 변호사가 등장했다."
    )
    spans = extract_mentions(body)
    orgs = {s.name for s in spans if s.label == "ORG"}
    assert {"한빛대", "위메이드"} <= orgs
    assert not {"서울시", "증산면", "AI"} & orgs  # read out of a title, a place, no person before it
    people = {s.name for s in spans if s.label == "PERSON"}
    assert "세계 곳곳에서" not in people


def test_an_organization_glued_to_its_heads_title_is_a_mention_and_a_joint_dot_separates_words():
    body = "최동철 5공수여단장과 한민수 경찰청장, 오세훈 서울시장, 이해우 경제정책실장. 박영재(55‧사법연수원 22기) 변호사."
    orgs = [s.name for s in extract_mentions(body) if s.label == "ORG"]
    assert orgs == ["5공수여단", "경찰청", "사법연수원"]  # not the city of a mayor, not a department


def test_a_title_that_names_an_institute_gives_way_to_the_title_after_it():
    body = (
        "김영호 한빛대 법학연구원 데이터센터 소장은 말했다. 정수민 한국개발연구원(KDI) 선임연구위원이 왔다."
    )
    roles = {s.name: s.roles for s in extract_mentions(body) if s.label == "PERSON"}
    assert roles == {"김영호": [("소장", "한빛대")], "정수민": [("선임연구위원", "한국개발연구원")]}


def test_an_organization_glued_to_a_heads_title_is_found_without_a_name_too():
    body = "위원은 선임대법관, 한빛지방우정청장, 대한한빛협회장이 추천한다. 교무부학장과 수사부장, 대학병원장, 교육부장관도."
    orgs = [s.name for s in extract_mentions(body) if s.label == "ORG"]
    # a deputy's 부, a department's 부장 and a kind of body are no organization; a ministry under its 장관 is
    assert orgs == ["한빛지방우정청", "대한한빛협회", "교육부"]
