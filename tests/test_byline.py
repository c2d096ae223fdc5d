from transforms.ingest.byline import find_trailing_byline, parse_byline_line, split_lead_byline


def test_closing_line_with_dateline_and_email():
    [r] = parse_byline_line("라스베이거스=이상은 기자 selee@hankyung.com")
    assert (r.name, r.email, r.dateline) == ("이상은", "selee@hankyung.com", "라스베이거스")


def test_chosun_dateline():
    [r] = parse_byline_line("인천=이현준 기자")
    assert (r.name, r.dateline) == ("이현준", "인천")


def test_several_reporters_in_a_yonhap_lead():
    reporters, agency, rest = split_lead_byline("(서울=연합뉴스) 이영섭 이의진 기자 = 정부가 10일 발표했다.")
    assert [r.name for r in reporters] == ["이영섭", "이의진"]
    assert {r.dateline for r in reporters} == {"서울"}
    assert agency == "연합뉴스"
    assert rest == "정부가 10일 발표했다."


def test_photo_credit_is_not_a_byline():
    assert parse_byline_line("/김영우 기자") is None
    assert find_trailing_byline("무대를 선보이고 있다. /김영우 기자") is None


def test_running_text_is_not_a_byline():
    assert parse_byline_line("오 시장은 이해우 경제정책실장 등과 함께 CES를 방문했다.") is None


def test_trailing_byline_in_concatenated_text():
    reporters, start, _ = find_trailing_byline("…이야기했다. 임성일 기자 lastuncle@news1.kr")
    assert reporters[0].name == "임성일" and reporters[0].email == "lastuncle@news1.kr"
    assert start > 0
