"""transforms.entities.channels: online channels named in quotes after what they are."""

from __future__ import annotations

from transforms.entities.channels import find_channels
from transforms.entities.mentions import extract_mentions


def test_a_channel_in_quotes_is_an_organization_at_every_occurrence():
    body = (
        "유튜브 채널 ‘빛나는 창고’는 가해자를 공개했다. 빛나는 창고는 “사과한다”고 밝혔다. "
        "유튜버 ‘달빛월드’와 인스타그램 계정 ‘별책TV’도. 영화 ‘빛나는 창고’가 아니라 ‘채널 개편’이라는 말."
    )
    found = [(body[s.start : s.end], s.name) for s in find_channels(body)]
    assert found == [
        ("빛나는 창고", "빛나는 창고"),
        ("빛나는 창고", "빛나는 창고"),
        ("달빛월드", "달빛월드"),
        ("별책TV", "별책TV"),
        ("빛나는 창고", "빛나는 창고"),  # the same name later in the article, in quotes or not
    ]
    orgs = {s.name for s in extract_mentions(body) if s.label == "ORG"}
    assert {"빛나는 창고", "달빛월드", "별책TV"} <= orgs and "채널 개편" not in orgs


def test_a_quoted_name_with_a_bracket_is_no_channel():
    assert find_channels("유튜브 채널 ‘작은 갤러리(본명 홍길동)’ 운영자") == []
