"""Text files that run many articles together: seams, per-article bylines and publishers, the Naver day."""

import pytest

from transforms.common.publishers import publisher_in_text
from transforms.ingest.byline import split_trailing_byline
from transforms.ingest.detect import detect_form
from transforms.ingest.errors import RejectError
from transforms.ingest.files import parse_file
from transforms.ingest.parsers.concat import (
    is_concatenation,
    learn_link_items,
    parse_concatenated,
    split_pieces,
)

SENTENCES = (
    "평창 동계올림픽이 25일 폐회식을 끝으로 17일간의 열전을 마무리했다  대회 조직위원회는 역대 최다 국가가 참가한 "
    "대회였다고 밝혔다  선수단과 자원봉사자들은 마지막 날까지 경기장 곳곳에서 관람객을 맞았다  조직위원회 관계자는 "
    "운영 과정에서 나온 문제점을 정리해 다음 대회에 넘기겠다고 말했다"
)
YONHAP_LINKS = "▶기사제보 및 문의▶로봇이 쓰는 올림픽 속보\u00a0\u00a0▶올림픽 챗봇 체험하기"


def yonhap(city: str, names: str, email: str, subject: str) -> str:
    return f"{subject} 관련 보도(서울=연합뉴스)".replace(
        "(서울=연합뉴스)", f"({city}=연합뉴스) {names} 기자 = "
    ) + (f"{subject} 문제를 두고 정부가 입장을 밝혔다  {SENTENCES}     {email}{YONHAP_LINKS}")


NAVER_LIKE = "".join(
    [
        '토마스 바흐 위원장© News1 서근영 기자노벨평화상 질문에는 "할 일을 했을 뿐"(평창=뉴스1) 임성일 기자 = ',
        f"바흐 위원장이 기자회견을 열었다  {SENTENCES}.lastuncle@news1.kr",
        "▶ '평창2018' 관련 뉴스·포토 보기▶ 네이버메인에 ‘뉴스1채널’ 설정하기!",
        "[© 뉴스1코리아(news1.kr), 무단 전재 및 재배포 금지]기사제공 뉴스1",
        yonhap("서울", "이상헌 박경준", "honeybee@yna.co.kr", "북미 접촉"),
        yonhap("카이로", "노재현", "nojae@yna.co.kr", "대사관 이전"),
        yonhap("파리", "김용래", "yonglae@yna.co.kr", "애플 집회"),
        f"정부, 대화 국면으로 전환美 대화파 입지 커져 김영철 부위원장이 방남했다  {SENTENCES}.",
        "ehcho@fnnews.com 조은효 기자        ▶ 세상의 모든 골 때리는 이야기 'fn파스'▶ 속보이는 연예뉴스 fn스타  ",
        "※ 저작권자 ⓒ  파이낸셜뉴스  무단 전재-재배포 금지",
        f"[한국경제] 제약·바이오 업종의 질주가 다시 시작되고 있다  {SENTENCES}.김우섭 기자 duter@hankyung.com",
        "[한경닷컴 바로가기] [글방] [모바일한경 구독신청] ⓒ 한국경제 & hankyung.com, 무단전재 및 재배포 금지",
    ]
)


def test_naver_like_line_is_split_at_every_seam():
    assert detect_form(NAVER_LIKE) == "text_concat"
    articles = parse_concatenated(NAVER_LIKE)
    assert [a.publisher_name for a in articles] == [
        "뉴스1",
        "연합뉴스",
        "연합뉴스",
        "연합뉴스",
        "파이낸셜뉴스",
        "한국경제",
    ]
    assert [[(r.name, r.email, r.dateline) for r in a.reporters] for a in articles] == [
        [("임성일", "lastuncle@news1.kr", "평창")],
        [("이상헌", "honeybee@yna.co.kr", "서울"), ("박경준", None, "서울")],
        [("노재현", "nojae@yna.co.kr", "카이로")],
        [("김용래", "yonglae@yna.co.kr", "파리")],
        [("조은효", "ehcho@fnnews.com", None)],
        [("김우섭", "duter@hankyung.com", None)],
    ]
    for article in articles:
        assert len(article.body_text) >= 150
        assert not any(mark in article.body_text for mark in ("▶", "무단", "기사제공", "@", "바로가기"))
        assert article.body_text.rstrip().endswith(("말했다", "말했다."))
    # the caption and subtitle before the lead byline are the subtitle, not the body; the photo credit is no byline
    assert (
        articles[0].subtitle.startswith("토마스 바흐 위원장")
        and "바흐 위원장이 기자회견을" in articles[0].body_text
    )
    assert articles[1].body_text.startswith("북미 접촉 문제를 두고")


def test_link_items_are_learned_from_the_file():
    items = learn_link_items(NAVER_LIKE)
    assert "▶올림픽 챗봇 체험하기" in items and "▶기사제보 및 문의" in items
    assert not any(
        "북미" in item or "대사관" in item for item in items
    )  # the next article's words are not chrome


def test_one_article_printed_twice_is_not_a_concatenation(seed_text):
    single = f"제목\n{SENTENCES}\n홍길동 기자 hong@yna.co.kr\nⓒ 연합뉴스, 무단 전재-재배포 금지\n"
    assert not is_concatenation(single * 2)
    assert detect_form(seed_text) == "text"


def test_multi_line_dump_keeps_titles():
    block = "{title}\n{body}\n{name} 기자 {email}\nⓒ {outlet}, 무단 전재 및 재배포 금지\n"
    text = "".join(
        block.format(title=f"기사 제목 {i}", body=SENTENCES, name=name, email=email, outlet=outlet)
        for i, (name, email, outlet) in enumerate(
            [
                ("김철수", "kim@hani.co.kr", "한겨레"),
                ("이영희", "lee@khan.co.kr", "경향신문"),
                ("박민수", "park@mk.co.kr", "매일경제"),
            ]
        )
    )
    form, articles = parse_file(text.encode())
    assert form == "text_concat"
    assert [a.title for a in articles] == ["기사 제목 0", "기사 제목 1", "기사 제목 2"]
    assert [a.publisher_name for a in articles] == ["한겨레", "경향신문", "매일경제"]
    assert [a.reporters[0].name for a in articles] == ["김철수", "이영희", "박민수"]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("…이야기했다.lastuncle@news1.kr", ([], ["lastuncle@news1.kr"])),
        ('분석된다"고 했다.ehcho@fnnews.com 조은효 기자', ([("조은효", "ehcho@fnnews.com")], [])),
        ("교량입니다. 한승희 기자(rubyh@sbs.co.kr)", ([("한승희", "rubyh@sbs.co.kr")], [])),
        ("계획이다./평창=양준호기자 miguel@sedaily.com", ([("양준호", "miguel@sedaily.com")], [])),
        ("규정하고 있습니다.조승희 [josh@ytn.co.kr]", ([("조승희", "josh@ytn.co.kr")], [])),
        ("못 박았다  김미나 기자 mina@hani.co.kr", ([("김미나", "mina@hani.co.kr")], [])),
        ("보인다.[디지털뉴스국 엄하은 인턴기자]", ([("엄하은", None)], [])),
        ("불참한다.abilitykl@", ([], ["abilitykl@"])),
        (
            "예상된다.안석 기자 a@seoul.co.kr김진아 기자 j@seoul.co.kr",
            ([("안석", "a@seoul.co.kr"), ("김진아", "j@seoul.co.kr")], []),
        ),
    ],
)
def test_closing_byline_forms(text, expected):
    reporters, emails, start = split_trailing_byline(text)
    assert ([(r.name, r.email) for r in reporters], emails) == expected
    assert text[:start].rstrip()[-1] in ".다"


def test_photo_credit_closing_text_is_not_a_byline():
    assert split_trailing_byline("무대를 선보이고 있다. /김영우 기자") is None


@pytest.mark.parametrize(
    ("line", "publisher"),
    [
        ("[저작권자(c) YTN & YTN PLUS 무단전재 및 재배포 금지]", "YTN"),
        ("<저작권자ⓒ 공감언론 뉴시스통신사  무단전재-재배포 금지.>", "뉴시스"),
        ("[ⓒ한겨레신문 : 무단전재 및 재배포 금지]", "한겨레"),
        ("- Copyrights ⓒ 헤럴드경제 & heraldbiz.com, 무단 전재 및 재배포 금지 -", "헤럴드경제"),
        ("ⓒ마이데일리(www.mydaily.co.kr) 무단전재&재배포 금지", "마이데일리"),
    ],
)
def test_copyright_lines_name_the_publisher(line, publisher):
    assert publisher_in_text(line)[0] == publisher


def test_naver_concatenation(corpora):
    raw = (corpora / "ko_news_naver_2018_soynlp" / "naver_news_2018-02-25_concatenated.txt").read_bytes()
    form, records = parse_file(raw)
    articles = [r for r in records if not isinstance(r, RejectError)]
    assert form == "text_concat"
    assert len(articles) >= 100
    assert all(len(a.body_text) >= 50 for a in articles)
    assert sum(bool(a.reporters) for a in articles) >= 0.6 * len(articles)
    assert sum(bool(a.publisher_name) for a in articles) >= 0.95 * len(articles)
    assert len({a.publisher_name for a in articles}) >= 20
    first_news1 = next(a for a in articles if a.publisher_name == "뉴스1")
    assert [(r.name, r.email, r.dateline) for r in first_news1.reporters] == [
        ("임성일", "lastuncle@news1.kr", "평창")
    ]
    assert first_news1.body_text.startswith("평창 동계올림픽에 북한 선수단이 파견되고")
    assert sum("▶" in a.body_text for a in articles) <= 0.05 * len(articles)
    assert not any("무단 전재" in a.body_text or "무단전재" in a.body_text for a in articles)
    assert len(split_pieces(raw.decode())) >= len(articles)
