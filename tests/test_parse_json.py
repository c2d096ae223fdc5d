"""JSON and JSON Lines exports: default field names, a field map, HTML bodies, bad records rejected in their slot."""

import json
from datetime import UTC, datetime, timedelta, timezone

import pytest

from transforms.dates.published import parse_datetime
from transforms.ingest.authors import reporters_from_author
from transforms.ingest.errors import RejectError
from transforms.ingest.files import parse_file
from transforms.ingest.parsers.json import normalize_field_map, parse_json, parse_jsonl

KST = timezone(timedelta(hours=9))
LEAD = "(서울=연합뉴스) 이영섭 이의진 기자 = 정부가 10일 &apos;반도체 지원 대책&apos;을 발표했다. 지원 규모는 역대 최대다."
YNA = {
    "id": "0d31",
    "title": "정부, 반도체 지원 대책 발표",
    "summary": LEAD,
    "source": "yna",
    "date": "2025-08-13T09:41:04+09:00",
    "url": "https://www.yna.co.kr/view/AKR20250813042200055",
}
CHOSUN_ROW = {
    "guid": "https://www.chosun.com/national/2024/06/12/ABC/",
    "link": "https://www.chosun.com/national/2024/06/12/ABC/",
    "title": "인천 화재 현장",
    "creator": "인천=이현준 기자",
    "pubDate": "Wed, 12 Jun 2024 02:36:40 +0000",
    "content_html": (
        '<figure><img src="x.jpg"><figcaption><small>12일 인천의 한 공장에서 소방대원들이 불을 끄고 있다. '
        "/뉴스1</small></figcaption></figure><br><br>12일 오전 인천 서구의 한 공장에서 불이 나 소방당국이 "
        "진화에 나섰다.<br><br>소방당국은 인명 피해는 없는 것으로 파악했다고 밝혔다."
    ),
}


def test_yonhap_lead_record():
    [article] = parse_json(json.dumps([YNA], ensure_ascii=False))
    assert [(r.name, r.dateline) for r in article.reporters] == [("이영섭", "서울"), ("이의진", "서울")]
    assert article.body_text == "정부가 10일 '반도체 지원 대책'을 발표했다. 지원 규모는 역대 최대다."
    assert (article.publisher_name, article.publisher_domain) == ("연합뉴스", "yna.co.kr")
    assert article.published_at == datetime(2025, 8, 13, 9, 41, 4, tzinfo=KST)
    assert article.url == YNA["url"] and article.title == YNA["title"]


def test_chosun_row_html_body_creator_and_rfc822():
    [article] = parse_jsonl(json.dumps(CHOSUN_ROW, ensure_ascii=False))
    assert article.body_text.split("\n") == [
        "12일 오전 인천 서구의 한 공장에서 불이 나 소방당국이 진화에 나섰다.",
        "소방당국은 인명 피해는 없는 것으로 파악했다고 밝혔다.",
    ]
    assert [(r.name, r.dateline) for r in article.reporters] == [("이현준", "인천")]
    assert article.published_at == datetime(2024, 6, 12, 2, 36, 40, tzinfo=UTC)
    assert article.publisher_name == "조선일보" and article.removed_boilerplate_lines >= 1


def test_field_map_overrides_names_and_reaches_into_objects():
    record = {
        "headline_text": "제목",
        "story": {"text": "<p>본문 첫 문단은 충분히 길어서 본문으로 읽힌다.</p><p>둘째 문단.</p>"},
        "meta": {"by": "홍길동 기자", "when": 1718159800},
        "canonical": "https://www.hankyung.com/article/1",
    }
    field_map = {
        "title": "headline_text",
        "body": "story.text",
        "author": "meta.by",
        "published": ["meta.when"],
    }
    field_map["url"] = "canonical"
    [article] = parse_json(json.dumps(record, ensure_ascii=False), field_map)
    assert article.title == "제목" and article.body_text.startswith("본문 첫 문단은")
    assert [r.name for r in article.reporters] == ["홍길동"]
    assert article.published_at.year == 2024 and article.publisher_name == "한국경제"
    with pytest.raises(ValueError):
        normalize_field_map({"bdy": "x"})


def test_bad_records_are_rejected_in_their_slot():
    deep: dict = {"rendered": "x"}
    for _ in range(50):
        deep = {"content": deep}
    records = [
        {"title": "ok", "body": "정상적인 본문이 여기에 들어 있다. 충분히 길다."},
        {"title": "number body", "body": 12345},
        {"title": "deep body", "body": deep},
        {"title": "no body"},
        ["not", "an", "object"],
        {"title": "bad date", "body": "본문이 있다. 날짜 필드가 객체이다.", "date": {"y": 2024}},
        {"title": "ok 2", "content": ["문단 하나입니다.", "문단 둘입니다."]},
    ]
    slots = parse_json(json.dumps(records, ensure_ascii=False))
    reasons = [s.reason if isinstance(s, RejectError) else "ok" for s in slots]
    assert reasons == ["ok", "wrong_type", "wrong_type", "no_text", "wrong_type", "wrong_type", "ok"]
    assert slots[-1].body_text == "문단 하나입니다.\n문단 둘입니다."


def test_jsonl_bad_line_and_deep_nesting_do_not_crash():
    good = json.dumps({"body": "첫째 기사 본문이다. 충분한 길이의 문장이다."}, ensure_ascii=False)
    text = "\n".join([good, '{"body": "cut', "[" * 100_000 + "]" * 100_000, good, ""])
    slots = parse_jsonl(text)
    assert [getattr(s, "reason", "ok") for s in slots] == ["ok", "invalid_json", "too_deep", "ok"]
    with pytest.raises(RejectError) as err:
        parse_file(("[" * 100_000 + "]" * 100_000).encode())
    assert err.value.reason == "too_deep"
    with pytest.raises(RejectError) as err:
        parse_file(b'[{"body": "x"}, ')
    assert err.value.reason == "invalid_json"
    with pytest.raises(RejectError) as err:
        parse_file(b"[]")
    assert err.value.reason == "no_text"


def test_record_lists_inside_an_object():
    document = {
        "status": "ok",
        "data": {"articles": [{"title": "a", "text": "본문 가"}, {"title": "b", "text": "본문 나"}]},
    }
    assert [a.title for a in parse_json(json.dumps(document, ensure_ascii=False))] == ["a", "b"]
    hits = {"hits": {"hits": [{"_source": {"title": "c", "body": "본문 다"}}]}}
    assert [a.title for a in parse_json(json.dumps(hits, ensure_ascii=False))] == ["c"]


def test_parse_file_passes_the_field_map():
    raw = json.dumps(
        {"heading": "제목", "words": "본문은 이렇게 충분히 긴 문장으로 되어 있다."}, ensure_ascii=False
    )
    form, [article] = parse_file(raw.encode(), field_map={"title": "heading", "body": "words"})
    assert form == "json" and article.title == "제목"
    with pytest.raises(ValueError):
        parse_file(raw.encode(), field_map={"headline": "heading"})


@pytest.mark.parametrize(
    ("value", "names"),
    [
        ("인천=이현준 기자", ["이현준"]),
        ("김명일 기자", ["김명일"]),
        ("정상민 교수(충남대 로스쿨)", ["정상민"]),
        ("인터넷 기자", []),
        ("조선일보", []),
        ("연합뉴스 기자", []),
        ("한경닷컴", []),
        ("By Erin Cunningham", ["Erin Cunningham"]),
        ("Jane Doe and John Roe", ["Jane Doe", "John Roe"]),
        ("홍길동·김철수 기자", ["홍길동", "김철수"]),
        ("Reuters", []),
    ],
)
def test_author_fields(value, names):
    assert [r.name for r in reporters_from_author(value)] == names


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("Sat, 01 Jun 2024 22:05:26 -0000", datetime(2024, 6, 1, 22, 5, 26, tzinfo=UTC)),
        ("2024-06-12 10:30", datetime(2024, 6, 12, 10, 30, tzinfo=KST)),
        ("2018.02.25 오후 3:10", datetime(2018, 2, 25, 15, 10, tzinfo=KST)),
        ("2024년 6월 12일 10시 30분", datetime(2024, 6, 12, 10, 30, tzinfo=KST)),
        ("입력 2024.06.12. 11:30", datetime(2024, 6, 12, 11, 30, tzinfo=KST)),
        (1718159800000, datetime(2024, 6, 12, 2, 36, 40, tzinfo=UTC)),
        ("June 12, 2024", datetime(2024, 6, 12, tzinfo=KST)),
        ("not a date", None),
        ("", None),
    ],
)
def test_dates_are_aware_and_kst_by_default(value, expected):
    assert parse_datetime(value) == expected


def test_real_chosun_jsonl_row(corpora):
    path = corpora / "ko_news_rss_gitscrape" / "chosun_national_2024-06.jsonl"
    rows = path.read_text(encoding="utf-8").split("\n")[:40]
    row = next(json.loads(r) for r in rows if "인천=" in r)
    [article] = parse_jsonl(json.dumps(row, ensure_ascii=False))
    assert "인천" in {r.dateline for r in article.reporters} and article.publisher_name == "조선일보"
    assert "/뉴스1" not in article.body_text and "<" not in article.body_text
    assert article.published_at.tzinfo is not None and article.language == "ko"
    form, slots = parse_file("\n".join(rows).encode())
    assert form == "jsonl" and len(slots) == 40


def test_real_ktitan_leads(corpora):
    records = json.loads(
        (corpora / "ko_news_leads_ktitan" / "kr_articles_2025-08-13.json").read_text(encoding="utf-8")
    )
    sample = [r for r in records if "기자 =" in r["summary"]][:30] + [
        r for r in records if r["source"] == "chosun"
    ][:10]
    slots = parse_json(json.dumps(sample, ensure_ascii=False))
    yna = slots[:30]
    assert all(a.publisher_name == "연합뉴스" and a.reporters for a in yna)
    assert not any("기자 =" in a.body_text or "&apos;" in a.body_text for a in yna)
    assert all(a.publisher_name == "조선일보" for a in slots[30:])
