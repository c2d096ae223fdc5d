"""HTML article pages and HTML fragments: main text, captions out, metadata, determinism."""

import gzip
import json
from datetime import datetime, timedelta, timezone

import pytest

from transforms.ingest.files import parse_file
from transforms.ingest.parsers.html import clean_title, parse_html
from transforms.ingest.parsers.markup import html_to_paragraphs

KST = timezone(timedelta(hours=9))
P1 = "검찰이 ‘쌍방울 불법 대북 송금’에 연루된 혐의로 더불어민주당 이재명 대표를 12일 불구속 기소했다."
P2 = "이화영 전 경기도 평화부지사가 대북 송금 혐의로 지난 7일 1심 법원에서 중형이 선고된 지 5일 만이다."
P3 = "수원지검 형사 6부는 이날 이 대표에 대해 제3자 뇌물과 외국환거래법 위반 등 세 가지 혐의를 적용했다."
CAPTION = "이재명 더불어민주당 대표가 12일 오전 국회에서 열린 최고위원회의에 참석하고 있다. /김영우 기자"
KOREAN_PAGE = f"""<!DOCTYPE html>
<html lang="ko"><head><meta charset="utf-8">
<title>검찰, 이재명 기소 | 조선일보</title>
<meta property="og:title" content="검찰, 이재명 ‘불법 대북송금’ 혐의 기소">
<meta property="og:site_name" content="조선일보">
<meta property="article:published_time" content="2024-06-12T11:36:40">
<link rel="canonical" href="https://www.chosun.com/national/court_law/2024/06/12/WZDB2CPL55C5PE4ZJRYYSPGVMU/">
</head><body>
<header><nav><a href="/">홈</a> <a href="/national">사회</a> <a href="/politics">정치</a></nav></header>
<article>
<h1>검찰, 이재명 ‘불법 대북송금’ 혐의 기소</h1>
<figure><img src="a.jpg"><figcaption>{CAPTION}</figcaption></figure>
<p>{P1}</p><p>{P2}</p><p>{P3}</p>
<p>수원=김수언 기자 soo@chosun.com</p>
</article>
<aside><h3>많이 본 뉴스</h3><ul><li><a href="/1">다른 기사 제목 하나</a></li><li><a href="/2">다른 기사 제목 둘</a></li></ul></aside>
<footer>ⓒ 조선일보 무단 전재 및 재배포 금지</footer>
</body></html>"""


def test_korean_page_text_and_metadata():
    article = parse_html(KOREAN_PAGE)
    assert article.body_text.split("\n") == [P1, P2, P3]
    assert article.title == "검찰, 이재명 ‘불법 대북송금’ 혐의 기소"
    assert article.url.startswith("https://www.chosun.com/national/court_law/2024/06/12/")
    assert (article.publisher_name, article.publisher_domain) == ("조선일보", "chosun.com")
    assert [(r.name, r.email, r.dateline) for r in article.reporters] == [
        ("김수언", "soo@chosun.com", "수원")
    ]
    # no zone in the page: KST
    assert article.published_at == datetime(2024, 6, 12, 11, 36, 40, tzinfo=KST)
    assert article.language == "ko"


def test_caption_and_photo_credit_stay_out():
    article = parse_html(KOREAN_PAGE)
    assert "최고위원회의에 참석하고" not in article.body_text
    assert "김영우" not in {r.name for r in article.reporters}


def test_meta_charset_page_through_parse_file():
    raw = KOREAN_PAGE.replace('<meta charset="utf-8">', '<meta charset="euc-kr">').encode("cp949", "replace")
    form, [article] = parse_file(raw)
    assert form == "html" and P1 in article.body_text


def test_extraction_does_not_depend_on_what_was_read_before():
    other = KOREAN_PAGE.replace(P1, "경찰은 같은 날 별도의 수사에 착수했다고 밝혔다. " * 3)
    first = parse_html(KOREAN_PAGE).body_text
    parse_html(other)
    parse_html(other)
    assert parse_html(KOREAN_PAGE).body_text == first  # trafilatura's dedup cache is off


def test_fragment_paragraphs_breaks_and_drops():
    markup = (
        '<figure><img src="x.jpg"><figcaption><small>사진 설명 /뉴스1</small></figcaption></figure>'
        "<br><br>첫 문단.<br><br>둘째 <b>문단</b>.<p>셋째 문단.</p><script>var x = 1;</script>"
        '<div class="photo_caption">다른 캡션</div>'
    )
    paragraphs, dropped, _ = html_to_paragraphs(markup)
    assert paragraphs == ["첫 문단.", "둘째 문단.", "셋째 문단."]
    assert dropped == 4  # img, figcaption, script, caption div


def test_unclosed_figure_does_not_swallow_the_body():
    markup = '<figure><img src="x.jpg"><br><br>생태시민을 위한 책이에요.<br><br>지리 교사 여섯 명이 썼어요.'
    assert html_to_paragraphs(markup)[0] == ["생태시민을 위한 책이에요.", "지리 교사 여섯 명이 썼어요."]


@pytest.mark.parametrize(
    ("title", "site", "url", "clean"),
    [
        (
            "N. Korea slams S. Korea | Yonhap News Agency",
            "Yonhap News Agency",
            None,
            "N. Korea slams S. Korea",
        ),
        (
            "LinkNaija | Kate Henshaw Is Looking Stunning",
            "LinkNaija",
            None,
            "Kate Henshaw Is Looking Stunning",
        ),
        ("검찰, 이재명 기소 - 조선일보", None, "https://www.chosun.com/x", "검찰, 이재명 기소"),
        ("Title - with a dash in it", "Some Site", None, "Title - with a dash in it"),
    ],
)
def test_site_name_is_cut_from_titles(title, site, url, clean):
    assert clean_title(title, site, url) == clean


def test_zyte_page_main_text(corpora):
    folder = corpora / "html_article_extraction_benchmark"
    key = "06ee193de4bd611f7fafbab0c59b0f6fe3495093516720632cd093b24c7a0e98"
    gold = json.loads((folder / "ground-truth.json").read_text(encoding="utf-8"))[key]["articleBody"]
    form, [article] = parse_file((folder / "html" / f"{key}.html.gz").read_bytes())
    assert form == "html"
    gold_words, got_words = set(gold.split()), set(article.body_text.split())
    assert len(gold_words & got_words) / len(gold_words) > 0.9
    assert len(gold_words & got_words) / len(got_words) > 0.9
    assert article.title.startswith("The VW ID. SPACE VIZZION")
    assert [r.name for r in article.reporters] == ["Chris Davies"]
    assert article.publisher_domain == "slashgear.com" and article.published_at.tzinfo is not None


def test_readability_page_metadata(corpora):
    page = corpora / "html_readability_testpages" / "aclu"
    gold = json.loads((page / "expected-metadata.json").read_text(encoding="utf-8"))
    _, [article] = parse_file((page / "source.html").read_bytes())
    assert article.title == gold["title"]
    assert [r.name for r in article.reporters] == [gold["byline"]]
    assert article.published_at.date().isoformat() == gold["publishedTime"][:10]
    assert article.publisher_name == gold["siteName"]


def test_yonhap_english_page(corpora):
    raw = (corpora / "html_newspaper4k_tests" / "html" / "yna_co_kr.html").read_bytes()
    _, [article] = parse_file(gzip.compress(raw))
    assert article.body_text.startswith("SEOUL, Aug. 20 (Yonhap) -- North Korea")
    assert (article.publisher_name, article.publisher_domain) == ("연합뉴스", "yna.co.kr")
    assert article.language == "en" and article.title.endswith("warns of consequences")


def test_a_broken_page_with_a_script_at_its_root_does_not_crash_the_parser():
    # found by the property test: htmldate's date search asserted on a <script> with no parent
    from transforms.ingest.errors import RejectError

    try:
        parse_html("<body><script><html>")
    except RejectError as reject:
        assert reject.reason
