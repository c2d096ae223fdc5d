"""RSS and Atom feeds: items as articles, sloppy real feeds tolerated, entity bombs and external entities refused."""

import gzip
import socket
import time
import urllib.request
from datetime import UTC, datetime

import pytest

from transforms.ingest.errors import RejectError
from transforms.ingest.files import parse_file
from transforms.ingest.parsers.feed import parse_feed

BODY = "검찰이 ‘쌍방울 불법 대북 송금’에 연루된 혐의로 더불어민주당 이재명 대표를 12일 불구속 기소했다."
RSS = f"""<?xml version='1.0' encoding='UTF-8'?>
<rss xmlns:content="http://purl.org/rss/1.0/modules/content/" xmlns:dc="http://purl.org/dc/elements/1.1/"
     version="2.0">
  <channel><title>조선일보</title><link>https://www.chosun.com</link>
    <item>
      <title>[속보] 검찰, 이재명 기소</title>
      <link>https://www.chosun.com/national/court_law/2024/06/12/WZDB2CPL55C5PE4ZJRYYSPGVMU/</link>
      <guid isPermaLink="true">https://www.chosun.com/national/court_law/2024/06/12/WZDB2CPL55C5PE4ZJRYYSPGVMU/</guid>
      <dc:creator>수원=김수언 기자</dc:creator>
      <description>짧은 요약</description>
      <pubDate>Wed, 12 Jun 2024 02:36:40 +0000</pubDate>
      <content:encoded>&lt;figure&gt;&lt;img src="a.jpg"&gt;&lt;figcaption&gt;&lt;small&gt;이재명 대표가 회의에 참석하고 있다.
        /뉴스1&lt;/small&gt;&lt;/figcaption&gt;&lt;/figure&gt;&lt;br&gt;&lt;br&gt;{BODY}&lt;br&gt;&lt;br&gt;둘째 문단이다.</content:encoded>
    </item>
    <item><title>둘째 기사</title><link>https://www.chosun.com/2</link>
      <description><![CDATA[<p>설명만 있는 기사의 본문이다. 충분히 길게 쓴다.</p>]]></description></item>
  </channel>
</rss>"""
ATOM = """<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom">
  <title>Example</title><link href="https://www.hani.co.kr/"/>
  <entry>
    <title>아톰 기사</title><link href="https://www.hani.co.kr/arti/1.html"/><id>urn:uuid:1</id>
    <updated>2024-06-12T10:00:00+09:00</updated><published>2024-06-12T09:00:00+09:00</published>
    <author><name>김미나</name></author>
    <summary>요약</summary>
    <content type="html">&lt;p&gt;아톰 피드의 본문 문단이다. 충분히 길다.&lt;/p&gt;&lt;p&gt;두 번째 문단.&lt;/p&gt;</content>
  </entry>
</feed>"""
# Lawtimes: `dc:` and `media:` prefixes used but never declared (strict XML parsers reject the file)
UNDECLARED = """<?xml version="1.0" encoding="utf-8"?>
<rss version="2.0"><channel><title>news</title><link>https://www.lawtimes.co.kr/news</link>
  <item><title>[판결] 상표권 분쟁 최종 승소</title><link>https://www.lawtimes.co.kr/news/199012</link>
    <description>&lt;p&gt;가수 영탁 씨가 대법원에서 일부승소를 확정받았다. 상고가 기각됐다.&lt;/p&gt;</description>
    <dc:creator>한수현 기자</dc:creator><media:thumbnail url="https://image.lawtimes.co.kr/1.jpg"/>
    <pubDate>Wed, 12 Jun 2024 10:29:46 +0900</pubDate></item>
</channel></rss>"""
BILLION_LAUGHS = """<?xml version="1.0"?>
<!DOCTYPE rss [
 <!ENTITY lol "lol">
 <!ENTITY lol1 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
 <!ENTITY lol2 "&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;">
 <!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">
 <!ENTITY lol4 "&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;">
 <!ENTITY lol5 "&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;">
 <!ENTITY lol6 "&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;">
 <!ENTITY lol7 "&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;">
 <!ENTITY lol8 "&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;">
 <!ENTITY lol9 "&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;">
]>
<rss version="2.0"><channel><title>bomb</title>
<item><title>&lol9;</title><description>&lol9;</description></item></channel></rss>"""


def test_rss_items_content_encoded_preferred():
    slots = parse_feed(RSS)
    first, second = slots
    assert first.body_text.split("\n") == [BODY, "둘째 문단이다."]  # content:encoded, not the description
    assert "회의에 참석하고" not in first.body_text  # the caption and its photo credit
    assert [(r.name, r.dateline) for r in first.reporters] == [("김수언", "수원")]
    assert first.published_at == datetime(2024, 6, 12, 2, 36, 40, tzinfo=UTC)
    assert (first.publisher_name, first.publisher_domain) == ("조선일보", "chosun.com")
    assert first.url.endswith("/WZDB2CPL55C5PE4ZJRYYSPGVMU/") and first.title == "[속보] 검찰, 이재명 기소"
    assert second.body_text == "설명만 있는 기사의 본문이다. 충분히 길게 쓴다."


def test_atom_entries():
    [entry] = parse_feed(ATOM)
    assert entry.body_text == "아톰 피드의 본문 문단이다. 충분히 길다.\n두 번째 문단."
    assert [r.name for r in entry.reporters] == ["김미나"]
    assert entry.published_at.isoformat() == "2024-06-12T09:00:00+09:00"
    assert entry.publisher_name == "한겨레"


def test_undeclared_prefixes_are_tolerated():
    form, [item] = parse_file(UNDECLARED.encode())
    assert form == "rss"
    assert [r.name for r in item.reporters] == ["한수현"]
    assert (item.publisher_name, item.publisher_domain) == ("법률신문", "lawtimes.co.kr")


def test_billion_laughs_is_refused_without_expanding():
    start = time.perf_counter()
    with pytest.raises(RejectError) as err:
        parse_file(BILLION_LAUGHS.encode())
    assert err.value.reason == "unsafe_xml"
    assert time.perf_counter() - start < 2
    with pytest.raises(RejectError):  # gzip'd, too
        parse_file(gzip.compress(BILLION_LAUGHS.encode()))


@pytest.mark.parametrize(
    "doctype",
    [
        '<!DOCTYPE rss [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>',
        '<!DOCTYPE rss [<!ENTITY % remote SYSTEM "http://127.0.0.1:9/evil.dtd"> %remote;]>',
        '<!DOCTYPE rss [ <!ENTITY  xxe   PUBLIC "-//x//y" "file:///etc/hostname" > ]>',
    ],
)
def test_external_entities_are_never_resolved(doctype):
    feed = f"""<?xml version="1.0"?>{doctype}
<rss version="2.0"><channel><title>t</title>
<item><title>x</title><description>before &xxe; after, a long enough body text.</description></item>
</channel></rss>"""
    with pytest.raises(RejectError) as err:
        parse_feed(feed)
    assert err.value.reason == "unsafe_xml"


def test_external_dtd_reference_alone_is_not_fetched(monkeypatch):
    # A DOCTYPE that only names an external DTD declares no entity: the feed parses, and nothing is fetched.
    def no_network(*args, **kwargs):
        raise AssertionError(f"network access attempted: {args}")

    monkeypatch.setattr(socket.socket, "connect", no_network)
    monkeypatch.setattr(socket, "create_connection", no_network)
    monkeypatch.setattr(urllib.request, "urlopen", no_network)
    feed = UNDECLARED.replace(
        '<?xml version="1.0" encoding="utf-8"?>',
        '<?xml version="1.0" encoding="utf-8"?>\n<!DOCTYPE rss SYSTEM "http://127.0.0.1:9/rss.dtd">',
    )
    [item] = parse_feed(feed)
    assert "일부승소" in item.body_text


def test_broken_feed_is_rejected():
    with pytest.raises(RejectError) as err:
        parse_feed('<?xml version="1.0"?><rss version="2.0"><channel><title>t</title></channel></rss>')
    assert err.value.reason in {"no_text", "invalid_xml"}


def test_real_lawtimes_snapshot(corpora):
    path = (
        corpora
        / "ko_news_rss_gitscrape"
        / "raw_feed_snapshots"
        / "lawtimes_news_20240612T013459Z_5bce2f23ee.xml"
    )
    form, slots = parse_file(path.read_bytes())
    assert form == "rss" and len(slots) == 24
    articles = [s for s in slots if not isinstance(s, RejectError)]
    assert len(articles) >= 20
    assert all(a.publisher_name == "법률신문" and a.published_at.tzinfo is not None for a in articles)
    assert sum(bool(a.reporters) for a in articles) >= 18
    assert not any("《사진=" in a.body_text or "<" in a.body_text for a in articles)
    assert articles[0].title.startswith("[판결]")


def test_real_chosun_snapshot(corpora):
    path = (
        corpora
        / "ko_news_rss_gitscrape"
        / "raw_feed_snapshots"
        / "chosun_national_20240612T031838Z_a4ff179e42.xml"
    )
    form, slots = parse_file(path.read_bytes())
    articles = [s for s in slots if not isinstance(s, RejectError)]
    assert form == "rss" and len(slots) == 100 and len(articles) >= 85
    assert all(a.publisher_domain == "chosun.com" for a in articles)
    assert not any(
        line.rstrip().endswith(("/뉴스1", "/연합뉴스")) for a in articles for line in a.body_text.split("\n")
    )
