from datetime import date

import pytest

from transforms.dates.mentions import find_date_mentions
from transforms.ingest.parsers.text import parse_plain_text

REF = date(2024, 1, 9)


def spans(text, ref=REF):
    return [(d.surface, d.date_from, d.date_to) for d in find_date_mentions(text, ref)]


def test_seed_dates(seed_text):
    body = parse_plain_text(seed_text).body_text
    found = find_date_mentions(body, REF)
    assert [(d.surface, d.date_from, d.date_to) for d in found] == [
        ("9일", date(2024, 1, 9), date(2024, 1, 9)),
        ("지난 7~8일", date(2024, 1, 7), date(2024, 1, 8)),
        ("2020년부터", date(2020, 1, 1), date(2020, 12, 31)),
        ("지난 8일부터 14일까지", date(2024, 1, 8), date(2024, 1, 14)),
        ("오는 3월 20~21일", date(2024, 3, 20), date(2024, 3, 21)),
    ]
    assert all(body[d.start : d.end] == d.surface for d in found)


@pytest.mark.parametrize(
    "text",
    [
        "오늘날 법학",
        "징역 2년6월",
        "4박7일간의 출장",
        "3일간 열린",
        "7일 동안",
        "30일 이내",
        "13개 기관",
        "81곳",
    ],
)
def test_durations_and_counts_are_not_dates(text):
    assert spans(text) == []


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("2024년 6월 3일 발표", (date(2024, 6, 3), date(2024, 6, 3))),
        ("2024.06.03 기준", (date(2024, 6, 3), date(2024, 6, 3))),
        ("지난해 12월", (date(2023, 12, 1), date(2023, 12, 31))),
        ("지난 28일", (date(2023, 12, 28), date(2023, 12, 28))),
        ("오는 5일", (date(2024, 2, 5), date(2024, 2, 5))),
        ("어제", (date(2024, 1, 8), date(2024, 1, 8))),
        ("지난달 30일 구속", (date(2023, 12, 30), date(2023, 12, 30))),
        ("다음 달 2~3일", (date(2024, 2, 2), date(2024, 2, 3))),
        ("내달 10일", (date(2024, 2, 10), date(2024, 2, 10))),
        # a bare day after the publication day: the nearer of this month's and last month's
        ("28일", (date(2023, 12, 28), date(2023, 12, 28))),
        ("20일", (date(2024, 1, 20), date(2024, 1, 20))),
        ("8월 48세 나이로", (date(2024, 8, 1), date(2024, 8, 31))),
        ("다음 달", (date(2024, 2, 1), date(2024, 2, 29))),
    ],
)
def test_resolution(text, expected):
    [(_, date_from, date_to)] = spans(text)
    assert (date_from, date_to) == expected


def test_without_reference_only_absolute_dates_resolve():
    found = find_date_mentions("2024년 6월 3일과 9일", None)
    assert [(d.surface, d.is_resolved) for d in found] == [("2024년 6월 3일", True), ("9일", False)]


@pytest.mark.parametrize(
    ("text", "ref", "expected"),
    [
        ("1일부터 20일까지", date(2024, 6, 5), (date(2024, 6, 1), date(2024, 6, 20))),
        ("28일부터 3일까지", date(2024, 6, 30), (date(2024, 6, 28), date(2024, 7, 3))),
    ],
)
def test_ranges_never_end_before_they_start(text, ref, expected):
    [(_, date_from, date_to)] = spans(text, ref)
    assert (date_from, date_to) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # a year before 1950 with its month is a date, not this year's 12월 27일 (the Chosun history column)
        ("비글호는 1831년 12월 27일 출발했다", ("1831년 12월 27일", date(1831, 12, 27), date(1831, 12, 27))),
        ("1945년 8월 15일 광복", ("1945년 8월 15일", date(1945, 8, 15), date(1945, 8, 15))),
        ("1592년 4월 임진왜란", ("1592년 4월", date(1592, 4, 1), date(1592, 4, 30))),
        ("1919년 독립선언", ("1919년", date(1919, 1, 1), date(1919, 12, 31))),
        ("1950년대 서울", ("1950년대", date(1950, 1, 1), date(1959, 12, 31))),
        ("1800년대 유럽", ("1800년대", date(1800, 1, 1), date(1899, 12, 31))),
        ("14세기 유럽", ("14세기", date(1301, 1, 1), date(1400, 12, 31))),
        ("1970~80년대 한국", ("1970~80년대", date(1970, 1, 1), date(1989, 12, 31))),
        ("1832년 1차 개정", ("1832년", date(1832, 1, 1), date(1832, 12, 31))),
        ("포레는 1887년 레퀴엠을", ("1887년", date(1887, 1, 1), date(1887, 12, 31))),
        # years and months as ranges, and the words that name the year of a month
        ("2019~2023년 아파트 화재", ("2019~2023년", date(2019, 1, 1), date(2023, 12, 31))),
        ("작년 5월~6월 점검", ("작년 5월~6월", date(2023, 5, 1), date(2023, 6, 30))),
        ("재작년 3월", ("재작년 3월", date(2022, 3, 1), date(2022, 3, 31))),
        ("올 4월 말 기준", ("올 4월", date(2024, 4, 1), date(2024, 4, 30))),
        ("12~1월 사이", ("12~1월", date(2024, 12, 1), date(2025, 1, 31))),
        ("2018년 8월~10월 3개월간", ("2018년 8월~10월", date(2018, 8, 1), date(2018, 10, 31))),
        # a year the pattern does not read: its month-day is kept, unresolved
        ("676년 3월 1일", ("3월 1일", None, None)),
    ],
)
def test_years_ranges_and_the_words_naming_a_year(text, expected):
    assert spans(text) == [expected]


@pytest.mark.parametrize("text", ["1000년 된 나무", "1500년 전", "1200년 이상", "1500년의 역사"])
def test_a_bare_old_number_of_years_is_not_a_date(text):
    assert spans(text) == []


def test_that_year_is_the_year_written_before():
    assert spans("2022년 영화를 연출해 그해 10월부터 상영") == [
        ("2022년", date(2022, 1, 1), date(2022, 12, 31)),
        ("그해 10월부터", date(2022, 10, 1), date(2022, 10, 31)),
    ]
    assert spans("1990년 입사해 이듬해 3월 결혼")[1] == ("이듬해 3월", date(1991, 3, 1), date(1991, 3, 31))
    assert spans("그해 10월") == [("그해 10월", None, None)]  # no year written before: not this year
    assert spans("지난해 1월부터 같은 해 5월까지") == [
        ("지난해 1월부터 같은 해 5월까지", date(2023, 1, 1), date(2023, 5, 31))
    ]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # a month without its year, after the publication date, whose verb is in the past tense: last year's
        ("변협은 8월 정직 1년의 징계를 내렸다.", date(2023, 8, 1)),
        ("9월에 구속 기간 만료로 석방됐다.", date(2023, 9, 1)),
        ("법원은 10월 5일 1심에서 선임됐던 변호사에게 통지했다.", date(2023, 10, 5)),
        # plans, wills and present modifiers keep this year's
        ("2차 회의는 7월 16일에 열린다.", date(2024, 7, 16)),
        ("8월 1일 퇴임하는 대법관의 후임 후보자가 9명으로 압축됐다.", date(2024, 8, 1)),
        ("“6월 18일 전면 휴진을 통해 대회를 개최하겠다”고 했다.", date(2024, 6, 18)),
        ("8월 23일 이 전 대표에 대한 피고인 신문을 진행할 계획이다.", date(2024, 8, 23)),
        ("청문회를 6월 21일 열기로 하고 증인을 채택했다.", date(2024, 6, 21)),
    ],
)
def test_the_verb_tense_decides_the_year_of_a_later_month(text, expected):
    [(_, date_from, _)] = spans(text, date(2024, 6, 5))
    assert date_from == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # a month later in a sentence that wrote its year takes that year
        ("검찰이 2019년 11월 말 또는 12월 초 계좌를 추적했다", (date(2019, 12, 1), date(2019, 12, 31))),
        ("작년 2월과 8월 두 차례", (date(2023, 8, 1), date(2023, 8, 31))),
        ("2020년 6월 25일인데 올해는 첫 장맛비가 7월이 돼야", (date(2024, 7, 1), date(2024, 7, 31))),
        ("2020년 일이다. 9월에 열린다.", (date(2024, 9, 1), date(2024, 9, 30))),
        # every year's month is no one date
        ("매년 8월에 실시되던 시험", (None, None)),
        ("체결하고 6월마다 봉사를", (None, None)),
        ("음력 9월 9일이 되면", (None, None)),
    ],
)
def test_a_sentence_lends_its_year_to_later_months(text, expected):
    assert spans(text, date(2024, 6, 5))[-1][1:] == expected


def test_a_magazine_issue_is_not_a_month():
    assert spans("신문은 선생님 7·8월호가 나왔다") == []


def test_a_bare_day_takes_the_month_of_the_day_before_it():
    found = spans("신씨는 4월 16일, 23일, 5월 2일, 9일, 17일에 걸쳐 반성문을 제출했다.", date(2024, 6, 5))
    assert [d for _, d, _ in found] == [
        date(2024, 4, 16),
        date(2024, 4, 23),
        date(2024, 5, 2),
        date(2024, 5, 9),
        date(2024, 5, 17),
    ]
    assert spans("A씨는 5월 20일 폭행했다. 같은 달 25일에도 때렸다.", date(2024, 6, 5))[1][1] == date(
        2024, 5, 25
    )
    assert spans("지난달 30일 입원해 3일 숨졌다.", date(2024, 6, 5))[1][1] == date(2024, 6, 3)


def test_a_day_range_right_before_a_bare_day_does_not_break_the_list_reading():
    # found by the property test: the range's last day (`30`) was kept where the last resolved day belongs
    found = find_date_mentions("오는 2월 1~30일1일부터 1일까지", date(2000, 1, 1))
    assert [m.surface for m in found] == ["오는 2월 1~30일", "1일부터 1일까지"]


def test_every_prefix_word_starts_with_a_letter_the_pattern_looks_for():
    """DATE_PATTERN turns a position away unless it holds a digit or the first letter of a prefix word: a prefix
    word added without its letter in DATE_STARTS would never be read."""
    import re

    from transforms.dates.mentions import DATE_PATTERN, DATE_STARTS

    prefixes = re.search(r"\(\?P<prefix>\(\?:(.*?)\)\\s\)\?", DATE_PATTERN.pattern).group(1)
    words = [re.sub(r"\(\?<!\[가-힣\]\)|\(\?:|\)\?|\\s\??|\)", "", alt) for alt in prefixes.split("|")]
    assert len(words) >= 15
    for word in words:
        assert word[0] in DATE_STARTS, word
        assert find_date_mentions(f"회의는 {word} 5월 3일 열렸다.", date(2024, 6, 9)), word


def test_the_start_check_changes_no_match(seed_text):
    """The look-ahead on DATE_STARTS only saves time: without it the pattern finds the same dates."""
    import re

    from transforms.dates.mentions import DATE_PATTERN, DATE_STARTS

    unchecked = re.compile(DATE_PATTERN.pattern.replace(f"(?=[{DATE_STARTS}])", "", 1), DATE_PATTERN.flags)
    assert unchecked.pattern != DATE_PATTERN.pattern
    text = parse_plain_text(seed_text).body_text + (
        " 지난해 3월 20~21일, 오는 2025년 1월, 이번 달 5일, 그 이듬해 4월, 같은 해 7월, 올 9월, 2024.6.3,"
        " 1990년대, 19세기, 재작년 12월 31일부터 내달 2일까지, 같은달 3일 열렸다."
    )
    found = [(m.span(), m.groupdict()) for m in DATE_PATTERN.finditer(text)]
    assert found == [(m.span(), m.groupdict()) for m in unchecked.finditer(text)]
    assert len(found) >= 14
