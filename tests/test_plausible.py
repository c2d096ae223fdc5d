"""Issue 20: garbage is never an article; short real texts still load."""

from __future__ import annotations

import base64
import json
import random

import pytest

from transforms.ingest.errors import RejectError
from transforms.ingest.files import parse_file
from transforms.ingest.plausible import text_problem


def outcome(raw: bytes) -> str:
    """`article`, or the reason the file or its only record was rejected."""
    try:
        _form, records = parse_file(raw)
    except RejectError as exc:
        return exc.reason
    assert len(records) == 1
    return records[0].reason if isinstance(records[0], RejectError) else "article"


def random_bytes(seed: int, size: int) -> bytes:
    rng = random.Random(seed)
    return bytes(rng.getrandbits(8) for _ in range(size))


@pytest.mark.parametrize(("seed", "size"), [(1, 5000), (2, 300), (3, 60000), (4, 20), (5, 1000)])
def test_random_bytes_are_rejected(seed, size):
    assert outcome(random_bytes(seed, size)) in {"binary", "undecodable", "not_text", "no_text"}


@pytest.mark.parametrize("char", ['"', "R", "B", "ㅋ", "가", "-", "\u3000x"])
def test_one_repeated_symbol_is_rejected(char):
    assert outcome((char * 3000).encode()) in {"not_text", "no_text"}


@pytest.mark.parametrize("seed", range(6))
def test_random_characters_are_not_text(seed):
    rng = random.Random(seed)
    printable = "".join(chr(rng.randrange(32, 127)) for _ in range(3000))
    code_points = "".join(chr(rng.randrange(0x20, 0xD7FF)) for _ in range(1500))
    syllables = " ".join(
        "".join(chr(rng.randrange(0xAC00, 0xD7A4)) for _ in range(rng.randrange(1, 5))) for _ in range(600)
    )
    spaced_letters = " ".join(
        "".join(
            rng.choice("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ")
            for _ in range(rng.randrange(4, 9))
        )
        for _ in range(300)
    )
    blob = base64.b64encode(random.Random(seed).randbytes(3000)).decode()
    for text in (printable, code_points, syllables, spaced_letters, blob):
        assert outcome(text.encode()) == "not_text", text[:60]


def test_control_characters_are_rejected():
    raw = "기사 본문입니다. ".encode() + bytes(range(1, 9)) * 200
    assert outcome(raw) in {"binary", "not_text", "no_text"}


@pytest.mark.parametrize(
    "text",
    [
        # a one-paragraph notice
        "알림\n내일(6일)은 현충일로 신문을 발행하지 않습니다. 독자 여러분의 양해를 바랍니다.",
        # an English wire lead
        "SEOUL, June 3 (Reuters) - South Korea's exports rose 11.7% in May from a year earlier, "
        "data showed on Monday, beating forecasts.",
        # a table of results, mostly numbers
        "프로야구 전적\n삼성 5-3 LG\nKT 2-1 SSG\n두산 10-4 한화\n순위 1 KIA 38승 24패 .613\n2 LG 36승 27패 .571",
        # personnel notices joined by symbols
        "▲기획재정부◇실장급 승진▷차관보 윤인대◇국장급 전보▷경제정책국장 김재훈▷미래전략국장 유수영",
        # Japanese, no spaces, kana and ideographs
        "東京都は3日、新型の感染者が新たに確認されたと発表した。都内の感染者は累計で1万人を超えた。",
        # a short review with repeated laughter
        "재밌는거같은데 은지원도 멋지고 ㅋㅋㅋㅋㅋㅋㅋㅋ",
    ],
)
def test_short_real_texts_load(text):
    assert text_problem(text) is None
    assert outcome(json.dumps({"title": "제목", "body": text}).encode()) == "article"


def test_problem_names_the_measure():
    assert "one character" in text_problem('"' * 100)
    assert "per space-separated token" in text_problem("qwertyuiopasdfghjklzxcvbnm" * 4)
    assert "mix cases" in text_problem(
        " ".join(["qXvB", "tTqa", "abCd", "kkLm", "zzZz", "ooPp", "yYyy", "aaBB"])
    )
    assert text_problem("짧음") is None  # too short to judge: the `no_text` length limit decides
