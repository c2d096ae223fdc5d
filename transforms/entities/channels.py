"""Online channels and accounts named in quotes after what they are: `유튜브 채널 ‘나락 보관소’`, `유튜버 ‘슈카월드’`,
`인스타그램 계정 ‘이글스TV’`. A channel speaks and is spoken of like a small outlet, so it is an ORG, found at the
quoted name and at every later bare occurrence of it in the article (`나락 보관소는 …`), where nothing else would
read it: the resolution layer drops a tagger's name in single quotes as a term (resolve.py `quoted_term`)."""

from __future__ import annotations

import re

from transforms.entities.spans import Span, later_occurrences

_CHANNEL = re.compile(
    r"(?:유튜브\s?채널|유튜버|(?:인스타그램|틱톡|엑스|트위터|페이스북)\s?계정|채널)\s?[‘'](?P<name>[^‘’'\n()]{2,20})[’']"
)


def find_channels(body: str) -> list[Span]:
    """ORG spans for the channels a body names, in order: each quoted name, then its bare occurrences."""
    names: dict[str, int] = {}
    spans: list[Span] = []
    for m in _CHANNEL.finditer(body):
        name = m.group("name").strip()
        if len(name) < 2:
            continue
        start = m.start("name") + m.group("name").index(name)
        spans.append(Span(start, start + len(name), "ORG", name, source="channel"))
        names.setdefault(name, m.end())
    spans.extend(later_occurrences(body, names, "ORG", "channel"))
    return sorted(spans, key=lambda s: s.start)
