from transforms.ingest.boilerplate import is_crumb
from transforms.ingest.parsers.text import parse_plain_text


def test_seed_title_subtitle_body_byline(seed_text):
    article = parse_plain_text(seed_text)
    assert article.title == "서울시장도 구청장도 CES行…첨단기술 '열공 모드'"
    assert article.subtitle.split("\n") == [
        "오세훈 시장·구청장 9명 참관",
        "국내외 기업·전문가와 면담",
        '"지역 발전 아이디어 찾을 것"',
    ]
    assert article.body_text.startswith("서울시와 서울 주요 구청장이 9일")
    assert article.body_text.endswith("아이디어를 발굴하겠다고 했다.")
    assert article.paragraph_count == 8
    assert [(r.name, r.email, r.dateline) for r in article.reporters] == [
        ("이상은", "selee@hankyung.com", "라스베이거스")
    ]
    assert (article.publisher_name, article.publisher_domain) == ("한국경제", "hankyung.com")
    assert article.language == "ko"


def test_seed_repeated_blocks_kept_once_and_counted(seed_text):
    article = parse_plain_text(seed_text)
    # 2 subtitle lines + 7 body paragraphs + the byline are printed a second time.
    assert article.removed_repeated_blocks == 10
    assert article.body_text.count("오 시장은 이해우 경제정책실장") == 1
    for crumb in ("기사 스크랩", "공유", "댓글", "클린뷰", "프린트"):
        assert crumb not in article.body_text.split("\n")
    assert article.removed_boilerplate_lines == 10


def test_crumbs():
    assert is_crumb("클린뷰") and is_crumb("-") and is_crumb(" | ".strip() or "|")
    assert not is_crumb("오세훈 시장·구청장 9명 참관")


def test_single_paragraph_has_no_title():
    article = parse_plain_text("오늘 서울 날씨는 맑고 기온은 영상 10도까지 오르겠다고 기상청이 밝혔다.")
    assert article.title is None
    assert article.paragraph_count == 1


def test_copyright_line_names_publisher():
    text = "제목입니다\n본문 첫 문단은 충분히 길어서 제목이 아니라 본문으로 읽히는 문장이다.\nⓒ 연합뉴스, 무단 전재-재배포 금지"
    article = parse_plain_text(text)
    assert article.publisher_name == "연합뉴스"
    assert article.publisher_domain == "yna.co.kr"
    assert "무단" not in article.body_text
