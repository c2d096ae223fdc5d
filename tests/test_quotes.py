"""transforms.quotes: quotations and their speakers, on invented sentences (one per attribution pattern)."""

from __future__ import annotations

import polars as pl

from transforms.entities.identity import entity_key
from transforms.quotes import QUOTE_SCHEMA, article_quotes, extract_quote_frames
from transforms.quotes.marks import find_quoted
from transforms.quotes.speakers import Mention

PEOPLE = {"김동수": 11, "이재수": 12, "최영희": 13, "홍길동": 14, "박민철": 15, "정소연": 16}
ORGS = {"더불어민주당": 21, "검찰청": 22, "한빛대학교": 25, "경주시장": 26}


def mentions_of(body: str, spans: list[tuple[str, str, str]]) -> list[Mention]:
    """(surface, entity name, type) -> Mentions at every occurrence of the surface."""
    out = []
    for surface, name, kind in spans:
        key = PEOPLE.get(name) or ORGS.get(name)
        start = body.find(surface)
        while start >= 0:
            out.append(Mention(start, start + len(surface), key, kind, name))
            start = body.find(surface, start + 1)
    return out


def quotes(body: str, spans: list[tuple[str, str, str]] = ()) -> list[dict]:
    rows, _ = article_quotes(1, body, mentions_of(body, spans))
    for row in rows:  # the contract the warehouse check asserts
        assert body[row["start_char"] : row["end_char"]] == row["quote_text"]
    return rows


def test_speaker_before_the_quote_with_title_and_verb():
    body = "김동수 경기도지사는 이날 기자회견에서 “도민의 안전이 무엇보다 우선이다”라고 말했다."
    [q] = quotes(body, [("김동수", "김동수", "PERSON")])
    assert q["quote_text"] == "도민의 안전이 무엇보다 우선이다"
    assert (q["speaker_kind"], q["speaker_entity_key"]) == ("person", 11)
    assert q["speaker_surface"] == "김동수 경기도지사"
    assert q["verb"] == "말했다" and q["paragraph_index"] == 0


def test_short_form_mention_and_short_form_without_one():
    body = (
        "이재수 대표는 10일 국회를 찾았다. 박민철 교수도 동행했다.\n"
        "이 대표는 “예산 심사를 서두르겠다”고 밝혔다.\n박 교수는 “제도 개선이 먼저”라고 했다."
    )
    rows = quotes(
        body,
        [("이재수", "이재수", "PERSON"), ("이 대표", "이재수", "PERSON"), ("박민철", "박민철", "PERSON")],
    )
    assert [(r["speaker_kind"], r["speaker_entity_key"]) for r in rows] == [("person", 12), ("person", 15)]
    assert rows[0]["paragraph_index"] == 1 and rows[1]["speaker_surface"] == "박 교수"


def test_pronoun_gives_the_person_the_paragraph_is_about():
    body = "최영희 의원은 이날 법안을 대표 발의했다. 그녀는 “아이들의 안전을 지키는 법”이라고 설명했다."
    [q] = quotes(body, [("최영희", "최영희", "PERSON")])
    assert (q["speaker_kind"], q["speaker_entity_key"], q["speaker_surface"]) == ("person", 13, "그녀")


def test_dropped_subject_after_a_connective_continues_the_previous_speaker():
    body = (
        "김동수 지사는 “재난 대응 체계를 다시 짜겠다”고 말했다. 정소연 의원이 회의에 늦게 도착했다.\n"
        "이어 “시군과 협의해 예산을 마련하겠다”고 덧붙였다."
    )
    rows = quotes(body, [("김동수", "김동수", "PERSON"), ("정소연", "정소연", "PERSON")])
    assert [r["speaker_entity_key"] for r in rows] == [11, 11]
    assert rows[1]["speaker_surface"] is None and rows[1]["verb"] == "덧붙였다"


def test_two_quotes_joined_by_myeo_are_two_quotations_with_one_speaker():
    body = "정소연 의원은 “첫 번째 문제는 속도다”며 “두 번째 문제는 비용이다”라고 지적했다."
    rows = quotes(body, [("정소연", "정소연", "PERSON")])
    assert [r["quote_text"] for r in rows] == ["첫 번째 문제는 속도다", "두 번째 문제는 비용이다"]
    assert {r["speaker_entity_key"] for r in rows} == {16}
    assert {r["verb"] for r in rows} == {"지적했다"}


def test_side_of_a_person_is_the_person():
    body = "홍길동 측은 “사실과 다른 보도에 법적 대응하겠다”고 반박했다."
    [q] = quotes(body, [("홍길동", "홍길동", "PERSON")])
    assert (q["speaker_kind"], q["speaker_entity_key"]) == ("person", 14)


def test_organizations_speak_by_name_and_by_a_common_word():
    body = (
        "민주당은 “정부가 책임을 져야 한다”고 밝혔다.\n"
        "재판부는 “피고인이 반성하지 않고 있다”며 실형을 선고했다."
    )
    rows, speakers = article_quotes(1, body, mentions_of(body, [("민주당", "더불어민주당", "ORG")]))
    assert (rows[0]["speaker_kind"], rows[0]["speaker_entity_key"]) == ("org", 21)
    court = entity_key("ORG", "재판부")
    assert (rows[1]["speaker_kind"], rows[1]["speaker_entity_key"]) == ("org", court)
    assert speakers == [
        {"entity_key": court, "entity_type": "ORG", "canonical_name": "재판부", "disambiguator": None}
    ]


def test_posts_and_written_statements_in_single_marks_are_quotations():
    body = "A씨는 자신의 사회관계망서비스에 ‘오늘은 정말 잊지 못할 하루였다’라는 글을 올렸다."
    [q] = quotes(body)
    assert q["quote_text"] == "오늘은 정말 잊지 못할 하루였다"
    assert (q["speaker_kind"], q["speaker_entity_key"], q["verb"]) == ("anonymous", None, "올렸다")


def test_anonymous_sources_stay_anonymous_next_to_a_named_person():
    body = (
        "정소연 의원의 발언을 두고 한 법조인은 “법리상 무리한 주장”이라고 말했다. "
        "검찰청 관계자는 “수사 중인 사안이라 답할 수 없다”고 했다."
    )
    rows = quotes(body, [("정소연", "정소연", "PERSON"), ("검찰청", "검찰청", "ORG")])
    assert [(r["speaker_kind"], r["speaker_entity_key"]) for r in rows] == [("anonymous", None)] * 2
    assert [r["speaker_surface"] for r in rows] == ["한 법조인", "검찰청 관계자"]


def test_scare_quotes_titles_and_coined_terms_are_not_quotations():
    body = (
        "여야는 ‘검수완박’ 법안을 두고 맞섰다. 이른바 “꼼수 탈당” 논란도 이어졌다. "
        "‘나의 오래된 친구’라는 제목의 드라마가 방영됐다."
    )
    found = find_quoted(body)
    assert [body[q.start : q.end] for q in found] == ["검수완박", "꼼수 탈당", "나의 오래된 친구"]
    assert not any(q.is_quotation for q in found)
    assert quotes(body) == []


def test_nested_quote_is_part_of_its_quotation_and_speaker_after_the_quote():
    body = "“그가 ‘괜찮다’고 했지만 믿기 어려웠다”고 김동수 지사는 말했다."
    [q] = quotes(body, [("김동수", "김동수", "PERSON")])
    assert q["quote_text"] == "그가 ‘괜찮다’고 했지만 믿기 어려웠다"
    assert q["speaker_entity_key"] == 11


def test_unresolved_when_no_speaker_is_written_or_known():
    body = "“오늘부터 운행을 멈춥니다”라는 안내문이 붙었다는 얘기가 전해졌다."
    [q] = quotes(body)
    assert (q["speaker_kind"], q["speaker_entity_key"]) == ("unresolved", None)


def test_frames_have_the_schema_and_add_speaker_entities():
    articles = pl.DataFrame(
        {"article_key": [7], "body_text": ["재판부는 “증거가 부족하다”고 판단했다."]},
    )
    mentions = pl.DataFrame(
        schema={"article_key": pl.Int64, "entity_key": pl.Int64, "start_char": pl.Int64, "end_char": pl.Int64}
    )
    entities = pl.DataFrame(
        schema={"entity_key": pl.Int64, "entity_type": pl.String, "canonical_name": pl.String}
    )
    frame, speakers = extract_quote_frames(articles, mentions, entities)
    assert frame.schema == pl.Schema(QUOTE_SCHEMA)
    assert frame.select("article_key", "quote_text", "speaker_kind").row(0) == (7, "증거가 부족하다", "org")
    assert speakers["canonical_name"].to_list() == ["재판부"]


def test_interview_answers_belong_to_the_interviewee():
    body = (
        "정소연 의원이 새 법안을 냈다. 다음은 정소연 의원과의 일문일답.\n"
        "- 법안을 낸 이유는\n“현장의 목소리를 들었기 때문입니다.”\n"
        "- 앞으로의 계획은\n“끝까지 통과시키겠습니다.”"
    )
    rows = quotes(body, [("정소연", "정소연", "PERSON")])
    assert [r["speaker_entity_key"] for r in rows] == [16, 16]
    assert {r["speaker_surface"] for r in rows} == {None}


def test_plural_unnamed_sources_and_clauses_are_no_named_speakers():
    body = (
        "정소연 의원의 해명에도 유가족들은 “진상을 밝혀야 한다”고 말했다. 보고됐는지는 “알 수 없다”고 했다."
    )
    rows = quotes(body, [("정소연", "정소연", "PERSON")])
    assert rows[0]["speaker_kind"] == "anonymous" and rows[0]["speaker_surface"] == "유가족들"
    # `보고됐는지는` is a clause, not a subject: the dropped subject continues the anonymous source, never 정소연
    assert (rows[1]["speaker_kind"], rows[1]["speaker_surface"]) == ("anonymous", None)


def test_an_organization_left_unnamed_is_an_anonymous_source():
    body = (
        "김동수 지사가 사과를 요구하자 해당 업체는 “깊이 사과드린다”고 했다. 학교 측은 “조사 중”이라고 했다."
    )
    rows = quotes(body, [("김동수", "김동수", "PERSON")])
    assert [(r["speaker_kind"], r["speaker_surface"]) for r in rows] == [
        ("anonymous", "업체"),
        ("anonymous", "학교 측"),
    ]


def test_an_embedded_subject_does_not_stop_the_speaker_going_on():
    body = (
        "정소연 의원은 “예산이 부족하다”고 말했다. "
        "논란이 커진 보조금에 대해서는 “다시 따져보겠다”며 말을 아꼈다."
    )
    rows = quotes(body, [("정소연", "정소연", "PERSON")])
    assert [r["speaker_entity_key"] for r in rows] == [16, 16]


def test_a_short_organization_takes_the_fuller_name_of_the_article_but_never_a_title():
    body = (
        "한빛대학교와 경주시장이 협약을 맺었다. 한빛대는 “지역과 함께 성장하겠다”고 밝혔다. "
        "경주시는 “협력을 넓히겠다”고 했다."
    )
    spans = [("한빛대학교", "한빛대학교", "ORG"), ("경주시장", "경주시장", "ORG")]
    mentions = mentions_of(body, spans)
    short = body.find("한빛대는")
    mentions.append(Mention(short, short + 3, 23, "ORG", "한빛대"))
    city = body.find("경주시는")
    mentions.append(Mention(city, city + 3, 24, "ORG", "경주시"))
    rows, _ = article_quotes(1, body, mentions)
    assert [r["speaker_entity_key"] for r in rows] == [ORGS["한빛대학교"], 24]


def test_words_told_after_the_quote_and_the_public_voice():
    body = (
        "영상에는 “풍경이 정말 예쁘다” “올여름 휴가는 여기로 가야겠다” 등 댓글이 달렸다.\n"
        "“답답한 일이 있어 오랜만에 글을 올려본다.”\n정소연 전 천안함장의 말이다.\n"
        "“하늘에서 종이가 떨어졌다”는 신고가 들어왔다."
    )
    rows = quotes(body, [("정소연", "정소연", "PERSON"), ("천안함", "검찰청", "ORG")])
    assert [(r["speaker_kind"], r["speaker_entity_key"]) for r in rows] == [
        ("anonymous", None),
        ("anonymous", None),
        ("person", 16),
        ("anonymous", None),
    ]


def test_an_anonymised_person_with_a_place_in_parentheses_and_a_question_clause():
    body = (
        "남모(46·김제)씨는 “폭발음인 줄 알았다”고 했다.\n"
        "김동수 지사는 이날 회견을 열었다. 대책이 있느냐는 질문에는 “곧 발표하겠다”고 했다. "
        "일부는 “오죽했으면 저럴까”라고 했다."
    )
    rows = quotes(body, [("김제", "검찰청", "LOCATION"), ("김동수", "김동수", "PERSON")])
    assert [(r["speaker_kind"], r["speaker_entity_key"]) for r in rows] == [
        ("anonymous", None),
        ("person", 11),
        ("anonymous", None),
    ]


def test_a_short_name_the_article_defines_is_the_organization_of_the_full_name():
    from transforms.quotes.abbreviations import defined_abbreviations

    body = (
        "전국 대학들이 모인 ‘의료개혁을 위한 대학 총장 협의회(의총협)’가 10일 “정부가 답하라”고 밝혔다.\n"
        "의총협은 “대화가 먼저”라고 했다. 한국예술재단(이하 예술재단)은 “지원을 늘리겠다”고 했다.\n"
        "예술재단 측은 “곧 발표한다”고 덧붙였다."
    )
    art = body.find("한국예술재단")
    orgs = [(art, art + 6, 31, "한국예술재단")]
    full = "의료개혁을 위한 대학 총장 협의회"
    assert defined_abbreviations(body, orgs) == {
        "의총협": (entity_key("ORG", full), full, True),
        "예술재단": (31, "한국예술재단", False),
    }
    rows, speakers = article_quotes(1, body, [Mention(art, art + 6, 31, "ORG", "한국예술재단")])
    assert [r["speaker_entity_key"] for r in rows] == [entity_key("ORG", full)] * 2 + [31, 31]
    assert {s["canonical_name"] for s in speakers} == {full}


def test_no_definition_without_an_organization_ending_or_the_letters_in_order():
    from transforms.quotes.abbreviations import defined_abbreviations

    assert defined_abbreviations("인공지능(AI)이 바꾼 일상. 국내총생산(GDP)은 늘었다.", []) == {}
    assert defined_abbreviations("서울 시민 모임(한강회)이 열렸다.", []) == {}


def test_a_relative_is_not_the_person_named_before_them_and_a_pronoun_takes_the_topic():
    body = (
        "홍길동 씨의 친오빠는 “동생은 억울하다”고 했다.\n"
        "최영희 의원은 이날 법안을 냈다. 점주가 반대하자 그녀는 “대화하겠다”고 말했다."
    )
    rows = quotes(body, [("홍길동", "홍길동", "PERSON"), ("최영희", "최영희", "PERSON")])
    assert (rows[0]["speaker_kind"], rows[0]["speaker_entity_key"]) == ("anonymous", None)
    assert rows[0]["speaker_surface"] == "친오빠"
    assert (rows[1]["speaker_kind"], rows[1]["speaker_entity_key"]) == ("person", 13)  # 점주가 is a clause's
