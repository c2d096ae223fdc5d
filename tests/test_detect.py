"""Form detection by content, encodings, gzip, NFC: every raw form a crawler leaves behind reaches its parser."""

import gzip
import json
import unicodedata

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from transforms.ingest.decode import declared_charset, decode_bytes
from transforms.ingest.detect import detect_form, xml_root
from transforms.ingest.errors import RejectError
from transforms.ingest.files import parse_file

BODY = (
    "서울시는 9일 미국 라스베이거스에서 개막한 전시회에 참석했다고 밝혔다. 오세훈 서울시장이 현장을 찾았다."
)
PAGE = f"""<!DOCTYPE html>
<html lang="ko"><head><meta charset="utf-8"><title>서울시장 CES 참관</title>
<link rel="canonical" href="https://www.hankyung.com/article/2024010912345"></head>
<body><nav>홈 | 정치 | 경제</nav><article><h1>서울시장 CES 참관</h1><p>{BODY}</p>
<p>오 시장은 이날 전시장을 돌며 국내 기업 관계자들과 만나 기술 동향을 살펴봤다고 서울시는 전했다.</p>
<p>이상은 기자 selee@hankyung.com</p></article></body></html>"""
RSS = """<?xml version="1.0" encoding="utf-8"?>
<rss version="2.0"><channel><title>t</title><item><title>a</title><description>b</description></item></channel></rss>"""
ATOM = """<?xml version="1.0"?><feed xmlns="http://www.w3.org/2005/Atom"><title>t</title></feed>"""
RDF = """<?xml version="1.0"?><rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#"></rdf:RDF>"""


@pytest.mark.parametrize(
    ("text", "form"),
    [
        (PAGE, "html"),
        (
            '<?xml version="1.0"?>\n<!DOCTYPE html>\n<html xmlns="http://www.w3.org/1999/xhtml"><body/></html>',
            "html",
        ),
        ("<div><p>본문 첫 문단</p><p>둘째 문단</p><br><p>셋째</p></div>", "html"),
        (RSS, "rss"),
        (ATOM, "atom"),
        (RDF, "rss"),
        ('<?xml version="1.0"?><!DOCTYPE rss [<!ENTITY a "b">]><!-- c --><rss version="2.0"/>', "rss"),
        ('<?xml version="1.0"?><sitemap><url/></sitemap>', "xml"),
        ('{"title": "제목", "body": "본문"}', "json"),
        ('[{"title": "a"}, {"title": "b"}]', "json"),
        ('{"title": "a"}\n{"title": "b"}\n', "jsonl"),
        ('{"title": "a"}\n{"title": \n{"title": "c"}\n', "jsonl"),
        ("[1, 2", "json"),
        ("[속보] 검찰, 이재명 기소\n검찰이 12일 이재명 대표를 불구속 기소했다.", "text"),
        ("<출연 : 서양호 소장> 김영철 부위원장이 방남했습니다. 논란이 커지고 있습니다.", "text"),
        (BODY, "text"),
    ],
)
def test_forms_are_detected_by_content(text, form):
    assert detect_form(text) == form


def test_xml_root_skips_prolog_with_internal_subset():
    text = '<?xml version="1.0"?>\n<!-- x -->\n<!DOCTYPE lolz [<!ENTITY lol "lol"><!ELEMENT lolz (#PCDATA)>]>\n<lolz/>'
    assert xml_root(text) == "lolz"


def test_a_txt_holding_json_is_json():
    records = [{"title": f"제목 {i}", "body": BODY, "url": "https://www.yna.co.kr/view/1"} for i in range(3)]
    form, parsed = parse_file(json.dumps(records, ensure_ascii=False).encode())
    assert form == "json" and len(parsed) == 3
    assert all(r.publisher_name == "연합뉴스" for r in parsed)


def test_gzip_of_every_form_is_read():
    for raw, form in (
        (PAGE.encode(), "html"),
        (json.dumps([{"body": BODY}], ensure_ascii=False).encode(), "json"),
        (RSS.replace("<description>b</description>", f"<description>{BODY}</description>").encode(), "rss"),
    ):
        got_form, records = parse_file(gzip.compress(raw))
        assert got_form == form
        assert "라스베이거스" in records[0].body_text


def test_utf16_without_bom_both_byte_orders():
    text = "Seoul City said on Tuesday that " + BODY
    for codec in ("utf-16-le", "utf-16-be"):
        decoded, encoding = decode_bytes(text.encode(codec))
        assert decoded == text and encoding == codec


def test_cp949_and_euc_kr_detected_not_assumed():
    for codec in ("cp949", "euc-kr"):
        text, encoding = decode_bytes(BODY.encode(codec))
        assert text == BODY and encoding == "cp949"
    # UTF-8 is never taken for CP949 (or the other way round)
    assert decode_bytes(BODY.encode("utf-8")) == (BODY, "utf-8")


def test_html_meta_charset_is_honoured():
    page = PAGE.replace(
        '<meta charset="utf-8">', '<meta http-equiv="Content-Type" content="text/html; charset=euc-kr">'
    )
    raw = page.encode("cp949")
    assert declared_charset(raw) == "cp949"
    form, [article] = parse_file(raw)
    assert form == "html" and BODY in article.body_text


def test_utf8_bom_and_nfc():
    decomposed = unicodedata.normalize("NFD", BODY)
    assert decomposed != BODY
    _, [article] = parse_file(b"\xef\xbb\xbf" + decomposed.encode())
    assert article.body_text == BODY


def test_unknown_xml_is_rejected_as_a_whole():
    with pytest.raises(RejectError) as err:
        parse_file(b'<?xml version="1.0"?><sitemap><url>x</url></sitemap>')
    assert err.value.reason == "wrong_type"


_FRAGMENTS = [
    "<html>", "<body>", '<meta charset="euc-kr">', "<p>", "</p>", "<br>", "<figure>", '<rss version="2.0">',
    "<channel>", "<item>", "<title>", "</title>", "</item>", '<feed xmlns="http://www.w3.org/2005/Atom">', "<entry>",
    "{", "}", "[", "]", '"body":', '"title":', ":", ",", '"', "\n", "(서울=연합뉴스) 홍길동 기자 = ", "ⓒ 연합뉴스 무단 전재 금지",
    "▶", "hong@yna.co.kr", "본문 문장이다. ", "The body. ", '<?xml version="1.0"?>', '<!DOCTYPE x [<!ENTITY a "b">]>',
    "&amp;", "&a;", "\x00", "\ufeff", "<![CDATA[", "]]>", "<content:encoded>", "2024-06-12", "null", "123", "<script>",
]  # fmt: skip


@settings(max_examples=150, deadline=None)
@given(
    st.lists(st.sampled_from(_FRAGMENTS), min_size=1, max_size=40),
    st.sampled_from(["utf-8", "utf-16", "gzip"]),
)
def test_any_mix_of_forms_parses_or_is_rejected_with_a_reason(fragments, packing):
    text = "".join(fragments)
    raw = gzip.compress(text.encode()) if packing == "gzip" else text.encode(packing)
    try:
        form, records = parse_file(raw)
    except RejectError as err:
        assert err.reason and err.reason.replace("_", "").isalpha()
        return
    assert all(isinstance(r, RejectError) or r.body_text.strip() for r in records)


def test_bracketed_number_headline_is_text_not_json():
    from transforms.ingest.detect import detect_form

    text = '[2024 LTAS] "AI에 법과 윤리가 더해지면" - 기조 연설\n-\n기사 스크랩\n본문은 충분히 길게 이어지는 문장이다.'
    assert detect_form(text) == "text"
    assert detect_form("[1, 2, 3]") == "json"
    assert detect_form("[\n  3.5 ]") == "json"
