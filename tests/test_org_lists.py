"""transforms.entities.org_lists: organizations named in a list that says what they are."""

from __future__ import annotations

from tests.test_resolve import _tag
from transforms.entities.mentions import extract_mentions
from transforms.entities.org_lists import find_listed_orgs


def test_the_items_of_a_list_of_companies_are_organizations_at_every_occurrence():
    body = (
        "행사에는 별빛소프트와 다온랩, 누리AI·새나래 등 국내 주요 법률 기업들이 참여한다. "
        "다온랩은 새 서비스를 선보인다. 다온랩스는 다른 회사다."
    )
    found = [(s.start, s.name) for s in find_listed_orgs(body)]
    names = [name for _, name in found]
    assert names == ["별빛소프트", "다온랩", "누리AI", "새나래", "다온랩"]  # not 다온랩 of 다온랩스
    assert found[-1][0] == body.index("다온랩은")


def test_a_count_and_words_between_the_list_and_its_head_are_read():
    body = "가온소재·바름가구·새솔텍 등 8개 가구 업체와 미래대·한빛대 등 수도권 4년제 대학"
    assert [s.name for s in find_listed_orgs(body)] == ["가온소재", "바름가구", "새솔텍", "미래대", "한빛대"]


def test_lists_of_people_things_or_ordinary_words_are_not_organizations(admin):
    assert find_listed_orgs("김가온, 이바름 등 관계자들이 모였다.") == []  # people, not bodies
    assert find_listed_orgs("GPT, 누리 등 모델을 쓴다.") == []  # things
    # the list starts after 기업과; 양산 is a city (an item of several words: 넥센타이어 양산공장)
    body = (
        "글로벌 법률 기업과 다온랩, 새나래 등 국내 기업들. 넥센타이어 양산·창녕공장, 부산신항만 등 6개 기업"
    )
    names = [s.name for s in find_listed_orgs(body, admin)]
    assert names == ["다온랩", "새나래", "창녕공장", "부산신항만"]


def test_a_tagger_person_in_a_list_of_companies_is_retyped():
    body = "별빛소프트, 다온랩 등 스타트업들이 참가했다. 다온랩은 상을 받았다."
    mentions = extract_mentions(body, {}, _tag(body, ("다온랩", "PS"), ("다온랩", "PS")))
    assert {(m.name, m.label) for m in mentions} == {("별빛소프트", "ORG"), ("다온랩", "ORG")}


def test_words_coordinated_with_an_organization_are_organizations():
    from transforms.entities.mentions import extract_mentions

    body = (
        "서울시는 한빛은행·라온픽·달빛마켓과 협약을 맺었다. 라온픽은 말했다. 시청·자치단체·소방은 대비했다. "
        "법률신문과 가온이상 공동 주최로 열린다. 김철수·이영희 교수는 말했다."
    )
    orgs = [s.name for s in extract_mentions(body) if s.label == "ORG"]
    assert orgs.count("라온픽") == 2  # and at its later bare occurrence
    assert "가온이상" in orgs  # co-hosts say what they are, whatever Kiwi reads in the name
    assert "자치단체" not in orgs  # a kind of body, not one
    assert not {"김철수", "이영희"} & set(orgs)  # no organization in that list


def test_an_organization_named_in_quotes_after_its_kind():
    from transforms.entities.org_lists import find_appositive_orgs

    body = (
        "위스키 증류소 ‘한빛(Hanbit)’의 신제품. 한빛은 1956년 세워졌다. 리걸테크 스타트업 ‘라온픽’을 창업했다. "
        "전통문양 브랜드 ‘오우르’와 한국광고주협회 ‘국민이 선택한 광고상’."
    )
    assert [s.name for s in find_appositive_orgs(body)] == ["한빛", "한빛", "라온픽"]
