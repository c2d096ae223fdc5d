"""The body a role belongs to (transforms.entities.affiliations) and base titles (transforms.entities.titles)."""

from transforms.entities.affiliations import affiliation_of, attach_context_affiliations
from transforms.entities.people import find_person_mentions
from transforms.entities.titles import base_title, titles_compatible


def test_titles():
    assert base_title("서울시장") == "시장" and base_title("부시장") == "부시장"
    assert affiliation_of("종로구청장") == "종로구"
    assert affiliation_of("구청장협의회장") == "구청장협의회"
    assert affiliation_of("정무특보") is None


def test_staff_take_context_only_within_the_sentence():
    body = "김철수 부산시장은 박영희 비서실장과 회의했다. 이민수 대변인은 따로 발표했다."
    roles = {p.name: p.roles for p in find_person_mentions(body)}
    people = find_person_mentions(body)

    attach_context_affiliations(body, people, [])
    roles = {p.name: p.roles[0] for p in people}
    assert roles["박영희"] == ("비서실장", "부산시")
    assert roles["이민수"] == ("대변인", None)


def test_shorter_printings_fit_their_titles():
    from transforms.entities.spans import Span

    judge = Span(0, 3, "PERSON", "이예슬", roles=[("부장판사", None)])
    assert titles_compatible("판사", judge) and titles_compatible("부장판사", judge)
    assert not titles_compatible("검사", judge)


def test_a_vice_governors_portfolio_is_no_province():
    from transforms.entities.affiliations import affiliation_of

    assert affiliation_of("경기부지사") == "경기도"
    assert affiliation_of("충남도지사") == "충남도"
    assert (
        affiliation_of("평화부지사") is None
    )  # a portfolio: the body is written before the title, if at all
    assert affiliation_of("행정부지사") is None
