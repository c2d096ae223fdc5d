"""People with titles, presiding judges, aged people, and what is no name (transforms.entities.people)."""

import pytest

from transforms.entities.mentions import extract_mentions
from transforms.entities.people import find_person_mentions


def test_parenthesized_second_role(seed_body):
    jung = next(p for p in find_person_mentions(seed_body) if p.name == "정문헌")
    assert jung.roles == [("종로구청장", "종로구"), ("구청장협의회장", "구청장협의회")]


def test_market_is_not_a_mayor():
    body = "국내 시장 점유율이 높아졌다. 이번 대회에서 우승했다."
    assert [s for s in extract_mentions(body) if s.label == "PERSON"] == []


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
        ("김성만 의원은 이날 기자회견을 열었다.", "김성만"),  # 김성 + 만 reads as a noun and a particle
        ("임이자 의원이 질의했다.", "임이자"),  # 임 + 이 + 자 reads as a copula and an ending
        ("박해진 교수는 이렇게 말했다.", "박해진"),
        ("손병두 고문, 김주영 국회의원 등이 참석했다.", "김주영"),
        ("조희대 대법원장이 말했다.", "조희대"),  # a name ending like a university
        ("박찬대 원내대표가 답했다.", "박찬대"),
    ],
)
def test_names_that_parse_like_words_stay_people(sentence, name):
    assert [p.name for p in find_person_mentions(sentence)] == [name]


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


def test_a_title_is_never_a_name():
    # 부의장 in a ·-joined list before a title was taken for a listed name (lexicon v2: titles.csv is read as
    # not-names, with no copies in words.toml)
    found = find_person_mentions("재선의 남창진 부의장·박중화 교통위원장이 후보로 등록했다.")
    assert [p.name for p in found] == ["남창진", "박중화"]


def test_a_current_title_and_professions_that_also_modify_nouns():
    body = (
        "김도현 현 한빛재단 이사장은 말했다. 정신과 의사 오민재(42)와 회계사 장서윤(51)씨가 왔다. "
        "의사 국가시험 일정과 변리사 부친상 소식, 의사 하나 되어."
    )
    people = {s.name: s.roles for s in extract_mentions(body) if s.label == "PERSON" and s.kind == "full"}
    assert people == {
        "김도현": [("이사장", "한빛재단")],
        "오민재": [("의사", None)],
        "장서윤": [("회계사", None)],
    }


def test_book_credits_glossed_foreign_names_and_military_units():
    body = (
        "신간 소개\n김하늘 지음 l 온새 그림 l 출판사 푸른책 l 가격 1만8000원\n"
        "사나운 바다 비비언 로닉 지음 l 노지원 옮김 l 출판사 한빛\n"
        "고요한 우연 김수하 지음 l 출판사 문학숲 l 가격 1만2500원\n그의 그림 세계와 풍경 그림.\n"
        "위스키의 아버지라 불리는 존 브라운(John Brown) 박사는 말했다. "
        "혐의로 박병수 당시 3보병여단 12대대장을 고발했다."
    )
    people = {s.name: s.roles for s in extract_mentions(body) if s.label == "PERSON" and s.kind == "full"}
    assert people == {
        "김하늘": [("작가", None)],
        "온새": [("그림작가", None)],
        "비비언 로닉": [("작가", None)],  # not 바다 비비언 로닉: the title ends in an ordinary word
        "노지원": [("번역가", None)],
        "김수하": [("작가", None)],
        "존 브라운": [("박사", None)],
        "박병수": [("당시 12대대장", "3보병여단")],
    }


def test_a_head_named_in_brackets_after_the_body_takes_that_role():
    from transforms.entities.mentions import extract_mentions

    body = (
        "한빛전자(대표이사 박서준)는 밝혔다. 서울중앙지검 형사9부(부장 최민호)는 기소했다. "
        "특별수사팀(팀장 이준호 반부패9부장)이 맡았다. 대법원 형사3부(주심 오석훈 대법관)는 선고했다. "
        "서울동부지법 형사항소1-2부(부장판사 한도윤)는 감형했다."
    )
    roles = {m.name: m.roles for m in extract_mentions(body) if m.label == "PERSON" and m.kind == "full"}
    assert roles["박서준"] == [("대표이사", "한빛전자")]
    assert roles["최민호"] == [("부장", "서울중앙지검 형사9부")]
    assert ("팀장", "특별수사팀") in roles["이준호"]
    assert roles["한도윤"] == [("부장판사", "서울동부지법 형사항소1-2부")]  # a division with a hyphen
    assert all(
        affiliation != "형사3부" for _, affiliation in roles["오석훈"]
    )  # people.py's presiding judge rule


def test_a_compound_title_in_brackets_and_a_law_firm_by_its_own_name_give_roles():
    """`한빛산업협회(협회장 X)`, `법무법인 누리(대표변호사 X)`; later `X(46·사법연수원 37기) 누리 변호사`: the firm's own
    name is the body of the title, as the gazetteer's organizations are."""
    body = (
        "법무법인 누리(대표변호사 박서준)와 한빛산업협회(협회장 최민호)가 세미나를 열었다. "
        "이준호(46·사법연수원 37기) 누리 변호사가 발표했다. 김도윤 리걸픽 법률AI센터장은 강연했다."
    )
    roles = {m.name: m.roles for m in extract_mentions(body) if m.label == "PERSON" and m.kind == "full"}
    assert roles["박서준"] == [("대표변호사", "누리")]
    assert roles["최민호"] == [("협회장", "한빛산업협회")]
    assert roles["이준호"] == [("변호사", "누리")]
    assert roles["김도윤"] == [("법률AI센터장", "리걸픽")]


def test_a_journalist_of_another_outlet_is_a_person_but_a_byline_is_not():
    from transforms.entities.mentions import extract_mentions

    body = "검찰은 박서준 한울뉴스 기자도 소환했다. 최민호 KBS PD와 함께 갔다. 기자는 물었다.\n이준호 기자 lee@news.kr"
    people = {m.name: m.roles for m in extract_mentions(body) if m.label == "PERSON"}
    assert people == {"박서준": [("기자", "한울뉴스")], "최민호": [("PD", "KBS")]}


def test_stacked_roles_before_a_name_reach_the_name():
    from transforms.entities.named_roles import find_pre_titled_people

    body = "유튜버 치과의사 한서윤(41)씨가 폐업했다. 배우 겸 가수 윤도현(37)측이 밝혔다. 개그맨 출신 방송인 오지훈(48)이 말했다."
    found = {s.name: s.roles for s in find_pre_titled_people(body)}
    assert found == {"한서윤": [("치과의사", None)], "윤도현": [("가수", None)], "오지훈": [("방송인", None)]}


def test_a_name_after_a_role_ends_at_its_particle_and_european_name_particles_are_kept():
    from transforms.entities.named_roles import find_pre_titled_people

    found = [s.name for s in find_pre_titled_people("배우 서도윤도 인스타그램에 글을 올렸다.")]
    assert found == ["서도윤"]
    assert [s.name for s in find_pre_titled_people("화가 마르턴 판 데이크의 작품이 왔다.")] == [
        "마르턴 판 데이크"
    ]
    assert find_pre_titled_people("고(故) 임모씨가 숨진 사건을 다뤘다.") == []


def test_a_presiding_judge_listed_before_the_other_judges_keeps_the_division():
    from transforms.entities.people import find_person_mentions

    body = "서울고법 가사9부(재판장 김철호 부장판사, 이영선·박민규 고법판사)는 선고했다."
    judge = next(s for s in find_person_mentions(body) if s.name == "김철호")
    assert judge.roles == [("부장판사", "서울고법 가사9부")] and judge.source == "presiding_judge"


def test_a_post_held_together_with_another_is_a_second_role():
    from transforms.entities.spans import Span

    body = "회의에는 한동진 부총리 겸 기획재정부 장관과 박미래 전 교육부 장관 겸 사회부총리가 나왔다."
    found = {s.name: s.roles for s in find_person_mentions(body, {"기획재정부": "ORG", "교육부": "ORG"})}
    assert found["한동진"] == [("부총리", None), ("장관", "기획재정부")]
    assert found["박미래"] == [("전 장관", "교육부"), ("전 사회부총리", None)]
    # a name the tagger found takes both posts printed after it; a word that names no body is no post's body
    tagged = [Span(0, 8, "PERSON", "로버트 E 밀러", source="tagger")]
    people = extract_mentions("로버트 E 밀러 판사 겸 교수 초청 강연.", None, tagged)
    assert next(s for s in people if s.label == "PERSON").roles == [("판사", None), ("교수", None)]
    assert find_person_mentions("한동진 부총리 겸 홍보 위원장이 왔다.")[0].roles == [("부총리", None)]


def test_names_listed_with_their_ages_before_a_shared_title_all_hold_it():
    body = "퇴임하는 한민호(63·사법연수원 17기)·서지원(61·17기)·오세진(61·19기) 대법관의 후임이 정해진다."
    assert [(s.name, s.roles) for s in find_person_mentions(body)] == [
        ("한민호", [("대법관", None)]),
        ("서지원", [("대법관", None)]),
        ("오세진", [("대법관", None)]),
    ]


def test_a_province_or_city_by_its_short_name_and_do_or_si_is_the_body_of_an_office():
    body = "한도윤 경남도 행정부지사는 말했다. 한서윤 부산시 행정부시장이 왔다. 김도윤 경남도 교수는 아니다."
    roles = {m.name: m.roles for m in extract_mentions(body) if m.label == "PERSON" and m.kind == "full"}
    assert roles["한도윤"] == [("행정부지사", "경남")]
    assert roles["한서윤"] == [("행정부시장", "부산시")]
    assert "김도윤" not in roles  # a region before a professor's title is no body it serves
