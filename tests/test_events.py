"""Events (transforms.entities.events)."""

from transforms.entities.events import find_events
from transforms.entities.mentions import extract_mentions


def test_events_are_named_within_a_sentence():
    body = (
        "있지요. 올림픽이 열렸다. 이날 본회의가 열렸다. 민주당 전당대회와 이번 학술대회, 열린 불교국제박람회, "
        "리걸 테크 AI 특별쇼와 특별쇼를 봤다. 탈당했다. 이후 시의회 본회의에서. 이로써 APEC 정상회의가 열린다."
    )
    events = [s.name for s in extract_mentions(body) if s.label == "EVENT"]
    assert events == [
        "민주당 전당대회",
        "불교국제박람회",
        "리걸 테크 AI 특별쇼",
        "시의회 본회의",
        "APEC 정상회의",
    ]


def test_numbered_wars_and_elections_are_one_event_however_written():
    body = "22대 총선과 제22대 국회의원 선거, 4·10 총선은 같다. 4·15 총선은 두 번 있었다. 2차 대전과 제2차 세계대전."
    found = [(s.name, body[s.start : s.end]) for s in find_events(body)]
    assert found == [
        ("제22대 국회의원 선거", "22대 총선"),
        ("제22대 국회의원 선거", "제22대 국회의원 선거"),
        ("제22대 국회의원 선거", "4·10 총선"),  # 4·15 was the 17th and the 21st: left unnamed
        ("제2차 세계대전", "2차 대전"),
        ("제2차 세계대전", "제2차 세계대전"),
    ]
