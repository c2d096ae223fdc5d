"""Short and repeat mentions of people (transforms.entities.short_forms)."""

import pytest

from transforms.entities.mentions import extract_mentions


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


def test_short_form_without_antecedent_is_not_a_person():
    body = "대학 총장 회의에서 한 총장은 등록금 동결을 주장했다. 전 의원들은 반대했다."
    assert [s for s in extract_mentions(body) if s.label == "PERSON"] == []


def test_a_holder_of_the_title_wins_over_a_nearer_person_named_with_ssi():
    """`김 중위` is the 중위 named earlier, not the nephew introduced with 씨 between them (씨 fits any title only
    when no one holds it)."""
    body = "고(故) 김하람 중위의 조카 김도윤(64)씨가 마을을 찾았다. 주민들은 김 중위를 추모했다."
    [short] = [s for s in extract_mentions(body) if s.kind == "short"]
    assert (short.name, body[short.start : short.end]) == ("김하람", "김 중위")


def test_incompatible_title_is_not_linked():
    body = "오세훈 서울시장과 오언석 도봉구청장이 만났다. 오 구청장은 기술을 살폈다."
    [short] = [s for s in extract_mentions(body) if s.kind == "short"]
    assert short.name == "오언석"


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
    full = [s for s in found if s.kind == "full" and s.label == "PERSON"]
    assert [(s.name, s.roles[0]) for s in full] == [(name, role)]
    assert [s.name for s in found if s.kind == "short"] == [name] * shorts


def test_aged_people_with_the_honorific_ssi_and_their_short_forms():
    body = "최은순(77) 씨가 패소했다. 최 씨는 항소했다. 김모(52)씨와 A(47)씨는 말했다. 김 씨는 권기형(43·예비역 병장)씨와"
    found = [(s.name, s.kind, s.roles) for s in extract_mentions(body) if s.label == "PERSON"]
    # the anonymised 김모 and A name nobody, so `김 씨` has no antecedent
    assert found == [("최은순", "full", []), ("최은순", "short", []), ("권기형", "full", [])]


@pytest.mark.parametrize(
    ("text", "linked"),
    [
        ("이원석 검찰총장은 말했다. 이 총장은 또 말했다.", ["이원석"]),  # the title's end after its body
        ("하영제 전 국회의원이 기소됐다. 하 전 의원은 부인했다.", ["하영제"]),
        ("김동연 경기도지사는 말했다. 김 지사는 또 말했다.", ["김동연"]),  # titles.csv: 도지사 -> 지사
        ("김철수 부시장이 왔다. 김 시장은 말했다.", []),  # another rank
        ("손준성 검사장이 왔다. 손 사장은 말했다.", []),  # another word
    ],
)
def test_a_short_title_is_the_end_of_the_held_one_after_its_body(text, linked):
    assert [s.name for s in extract_mentions(text) if s.kind == "short"] == linked


def test_a_former_official_is_ssi_and_a_serving_one_is_not():
    body = (
        "김민수 전 충청남도 행정부지사는 이날 재판에 출석했다. 재판부는 김씨에게 징역 9년을 선고했다. "
        "박영호 부산시장과 박상철 전 부산시의원도 왔다. 박씨는 말을 아꼈다. "
        "이도윤 대표는 당시 경기지사 시절의 이도윤 대표를 말했다. 이씨는 답하지 않았다."
    )
    spans = extract_mentions(body)
    roles = {s.name: s.roles for s in spans if s.kind == "full" and s.roles}
    assert roles["김민수"] == [("전 행정부지사", "충청남도")]  # a province before an office is its body
    short = {body[s.start : s.end]: s.name for s in spans if s.kind == "short"}
    assert short["김씨"] == "김민수"
    assert short["박씨"] == "박상철"  # the nearest 박 holding no current title
    assert "이씨" not in short  # a serving 대표 is never 씨


def test_a_predecessor_chairman_is_not_the_chairman_of_the_short_form():
    body = (
        "김한별 한빛그룹 회장은 말했다. 고(故) 김도윤 한빛그룹 선대회장 별세 당시 주가는 낮았다. "
        "이후 김 회장 재임 중 주가가 올랐고, 김 선대회장 시절의 12배가 됐다."
    )
    shorts = [(body[m.start : m.end], m.name) for m in extract_mentions(body) if m.kind == "short"]
    assert ("김 회장", "김한별") in shorts and ("김 회장", "김도윤") not in shorts
