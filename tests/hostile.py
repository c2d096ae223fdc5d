"""A hostile landing corpus: files built to break ingest, each with the outcome the warehouse must show.

`build_corpus(landing, outside, canary_url=...)` writes the files and returns the `Kind`s; `evaluate(...)` reads a
published warehouse and says, per kind, what actually happened and whether it is what was expected. Shared by
`tests/test_reliability.py` and `bench/reliability.py` (`make reliability`).

Outcomes:
- `loaded`: the file's records are in `dim_article` (`articles` rows), nothing of it rejected.
- `repaired`: loaded, with the damage undone (encoding detected, invalid bytes replaced, invisible controls
  removed): `contains` must appear verbatim in the article, `excludes` nowhere in it.
- `rejected`: an `ingest_rejects` row with the named `reason`, for the whole file (`record` None) or one record.
- `unchanged`: loaded on an earlier night, skipped tonight (no ledger row, no reject of this run, one article).
- `duplicate`: every path loaded, exactly one `fct_article_duplicate` row, whose canonical is another path.
- `ignored`: not a regular file: neither loaded nor rejected, and the night does not hang on it.
"""

from __future__ import annotations

import contextlib
import gzip
import os
import random
import struct
import threading
import zlib
from collections.abc import Iterator
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import duckdb

ROOT = Path(__file__).resolve().parents[1]
LANDING = ROOT / "data" / "landing"
SEED_NAME = "000_b16488920c083763.txt"

# Columns that hold the wall clock of a run, not its content: left out of table checksums.
WALL_CLOCK_COLUMNS = frozenset({"ingested_at", "rejected_at", "finished_at"})
# Reject reasons the code documents (README, ddl/12_ingest_rejects.sql, the parsers).
NAMED_REASONS = frozenset(
    {
        "empty",
        "binary",
        "undecodable",
        "corrupt_gzip",
        "too_large",
        "no_text",
        "symlink_loop",
        "outside_landing",
        "not_a_regular_file",
        "unreadable",
        "parse_error",
        "unsafe_xml",
        "invalid_xml",
        "invalid_json",
        "wrong_type",
        "too_deep",
    }
)
# Markers planted where only a broken ingest could carry them into the warehouse.
OUTSIDE_MARKER = "OUTSIDE-LANDING-MARKER-7f3a"
SCRIPT_MARKER = "SCRIPT-RAN-MARKER-c41d"
XXE_MARKER = "XXE-EXPANDED-MARKER-9b20"

# Synthetic Korean articles (distinct text, so no two files are copies unless a kind says so).
SYNTHETIC = {
    "html": (
        "부산시는 12일 해운대구 센텀시티 일대에 인공지능 산업 집적단지를 조성한다고 밝혔다.",
        "박형준 부산시장은 이날 기자회견에서 2028년까지 1조2000억원을 투입해 기업 300곳을 유치하겠다고 말했다.",
        "시는 올해 하반기 기본계획 용역을 마치고 내년 상반기 착공에 들어갈 계획이다.",
    ),
    "json_ok": (
        "대전시는 유성구 대덕연구개발특구에 양자기술 실증센터를 세운다고 13일 밝혔다.",
        "이장우 대전시장은 연구기관과 기업이 함께 쓰는 장비 40여종을 들여오겠다고 설명했다.",
    ),
    "json_paths": (
        "광주시는 광산구 평동산업단지에 미래차 부품 시험장을 짓는다고 14일 밝혔다.",
        "강기정 광주시장은 ../../etc/passwd 같은 문자열도 기사 본문에서는 그저 글자일 뿐이라고 말했다.",
    ),
    "zero_width": (
        "오세\u200b훈 서울시장은 15일 시청에서 열린 간부회의에서 겨울철 한파 대책을 점검했다.",
        "\u202e시는 취약계층 3만 가구에 난방비를 지원하고\u202c 한파 쉼터 1000곳을 운영한다.\u2066\u2069",
        "\ufeff한파 특보가 내려지면 노숙인 순찰을 하루 네 차례로 늘린다고 시는 설명했다.\u200d",
    ),
    "weird_name": (
        "인천시는 중구 영종도에 국제 물류 허브를 조성하는 계획을 16일 발표했다.",
        "유정복 인천시장은 공항과 항만을 잇는 복합물류 체계를 2027년까지 갖추겠다고 밝혔다.",
    ),
    "sql_name": (
        "울산시는 남구 석유화학단지에 수소 배관망 50㎞를 새로 깐다고 17일 밝혔다.",
        "김두겸 울산시장은 수소 생산부터 활용까지 한 도시 안에서 해결하겠다고 말했다.",
    ),
    "outside": (
        f"{OUTSIDE_MARKER} 이 기사는 착지 폴더 바깥에 있어 절대 적재되면 안 되는 본문이다.",
        "누군가 심볼릭 링크로 바깥 파일을 들여오려 한다면 ingest는 거절해야 한다고 설명했다.",
    ),
    "json_script": (
        "대구시는 19일 동구 신서혁신도시에 의료 데이터 센터를 세운다고 밝혔다.",
        "홍준표 대구시장은 병원 20곳과 데이터 공유 협약을 맺었다고 설명했다.",
    ),
    "rss_escaped": (
        "전주시는 20일 덕진구 탄소산업단지에 수소 버스 충전소 두 곳을 연다고 밝혔다.",
        "우범기 전주시장은 시내버스 절반을 2030년까지 수소 버스로 바꾸겠다고 말했다.",
    ),
    "xinclude": (
        "창원시는 21일 성산구 국가산업단지에 로봇 실증센터를 짓는다고 밝혔다.",
        "홍남표 창원시장은 기업 50곳이 센터 장비를 함께 쓰게 된다고 설명했다.",
    ),
    "html_xxe": (
        "청주시는 22일 흥덕구 오송에 바이오 인재 학교를 세운다고 밝혔다.",
        "이범석 청주시장은 해마다 학생 300명을 길러 지역 기업에 보내겠다고 말했다.",
    ),
    "external_dtd": (
        "포항시는 23일 남구 블루밸리 산업단지에 배터리 재활용 공장이 들어선다고 밝혔다.",
        "이강덕 포항시장은 공장이 2026년부터 한 해 5만t을 처리한다고 설명했다.",
    ),
    "changing": (
        "세종시는 18일 정부세종청사 인근에 시민 공원을 새로 연다고 밝혔다.",
        "최민호 세종시장은 공원 면적이 축구장 20개 크기라고 설명했다.",
        "시는 공원 안에 어린이 도서관과 야외 공연장도 짓는다고 덧붙였다.",
    ),
}


@dataclass(frozen=True)
class Expected:
    outcome: str  # loaded, repaired, rejected, unchanged, duplicate, ignored
    reason: str | None = None  # the reject reason (rejected)
    record: int | None = None  # the record index of a record-level reject; None: the whole file
    articles: int = 1  # article rows the file must have (loaded, repaired, unchanged, duplicate)
    contains: tuple[str, ...] = ()  # verbatim in the article's title + body
    excludes: tuple[str, ...] = ()  # nowhere in the article's title + body
    people: tuple[str, ...] = ()  # PERSON entities the article must mention

    def describe(self) -> str:
        if self.outcome == "rejected":
            where = "file" if self.record is None else f"record {self.record}"
            return f"rejected {self.reason} ({where})"
        if self.outcome in {"loaded", "repaired"} and self.record is not None:
            return f"{self.outcome} {self.articles} + record {self.record} rejected {self.reason}"
        if self.outcome in {"loaded", "repaired"}:
            return f"{self.outcome} {self.articles}"
        return self.outcome


@dataclass(frozen=True)
class Kind:
    name: str
    paths: tuple[str, ...]  # source_file values (relative to the landing folder) this kind creates
    expected: Expected
    what: str


@dataclass(frozen=True)
class Verdict:
    kind: str
    expected: str
    actual: str
    ok: bool


@dataclass
class Corpus:
    landing: Path
    outside: Path
    kinds: list[Kind] = field(default_factory=list)

    def kind(self, name: str) -> Kind:
        return next(k for k in self.kinds if k.name == name)

    @property
    def paths(self) -> list[str]:
        """Every landing entry a run must count as seen (`ignored` entries are not files)."""
        return [p for k in self.kinds if k.expected.outcome != "ignored" for p in k.paths]


def good_paragraphs(name: str, count: int = 3) -> list[str]:
    """`count` long paragraphs of a real sample article (what `contains` checks look for)."""
    lines = (LANDING / name).read_text(encoding="utf-8").splitlines()
    return [line.strip() for line in lines if len(line.strip()) >= 60][:count]


def png_bytes(width: int = 64, height: int = 64) -> bytes:
    """A real, valid PNG image."""

    def chunk(tag: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + tag + data + struct.pack(">I", zlib.crc32(tag + data))

    rows = b"".join(b"\x00" + bytes((x * 4) % 256 for x in range(width * 3)) for _ in range(height))
    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", header)
        + chunk(b"IDAT", zlib.compress(rows))
        + chunk(b"IEND", b"")
    )


def gzip_bomb(expanded_bytes: int) -> bytes:
    """Gzip of `expanded_bytes` zeros (about 1000x smaller), written in chunks so it never sits in memory."""
    out = zlib.compressobj(9, zlib.DEFLATED, 31)  # wbits 31: a gzip container
    block = bytes(1 << 20)
    parts = []
    left = expanded_bytes
    while left > 0:
        parts.append(out.compress(block[: min(left, len(block))]))
        left -= len(block)
    parts.append(out.flush())
    return b"".join(parts)


def write_single_line(path: Path, size: int) -> None:
    """A file of `size` bytes holding one line of text (no newline), written in 4 MB blocks."""
    unit = ("가나다라마바사 " * 200).encode("utf-8")
    block = (unit * (4_000_000 // len(unit) + 1))[:4_000_000]
    with open(path, "wb") as handle:
        left = size
        while left > 0:
            handle.write(block[: min(left, len(block))])
            left -= len(block)


def _article(title: str, paragraphs: tuple[str, ...] | list[str], byline: str = "") -> str:
    return "\n".join([title, "-", "기사 스크랩", "-", "공유", *paragraphs, byline]).strip() + "\n"


def _html_page(canary: str) -> str:
    body = "".join(f"<p>{p}</p>\n" for p in SYNTHETIC["html"])
    return f"""<!DOCTYPE html>
<html lang="ko"><head><meta charset="utf-8">
<title>부산, 센텀에 AI 산업단지 조성 | 부산일보</title>
<link rel="stylesheet" href="{canary}/style.css">
<script src="{canary}/script.js"></script>
<script>document.write("{SCRIPT_MARKER}"); fetch("{canary}/fetch"); new Image().src = "{canary}/beacon";</script>
<meta http-equiv="refresh" content="0; url={canary}/refresh">
</head>
<body onload="document.body.innerHTML='{SCRIPT_MARKER}'">
<nav><a href="{canary}/nav">홈</a></nav>
<iframe src="{canary}/iframe" width="600" height="400"></iframe>
<article>
<h1>부산, 센텀에 AI 산업단지 조성</h1>
<img src="{canary}/photo.jpg" onerror="fetch('{canary}/onerror')">
{body}<script>eval(atob("ZmV0Y2goJ2h0dHA6Ly8xMjcuMC4wLjEvJyk="));document.write("{SCRIPT_MARKER}")</script>
<object data="{canary}/object.swf"></object><embed src="{canary}/embed.swf">
<svg><script>alert("{SCRIPT_MARKER}")</script></svg>
</article>
<noscript><img src="{canary}/noscript.gif"></noscript>
</body></html>
"""


def _billion_laughs() -> str:
    entities = ['<!ENTITY lol "lol">'] + [
        f'<!ENTITY lol{i} "{("&lol" + (str(i - 1) if i > 1 else "") + ";") * 10}">' for i in range(1, 10)
    ]
    return (
        '<?xml version="1.0" encoding="utf-8"?>\n<!DOCTYPE rss [\n  '
        + "\n  ".join(entities)
        + '\n]>\n<rss version="2.0"><channel><title>laughs</title>'
        "<item><title>&lol9;</title><description>&lol9; 본문이 아니라 폭탄이다.</description></item>"
        "</channel></rss>\n"
    )


def _xxe_feed(canary: str) -> str:
    return f"""<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE rss [
  <!ENTITY xxe SYSTEM "file:///etc/passwd">
  <!ENTITY remote SYSTEM "{canary}/xxe.dtd">
  <!ENTITY marker "{XXE_MARKER}">
]>
<rss version="2.0"><channel><title>xxe</title><link>https://example.com/</link>
<item><title>외부 엔티티 &marker;</title><link>https://example.com/1</link>
<description>&xxe; &remote; 이 항목은 외부 엔티티를 읽으려는 피드다. 적재되면 안 된다.</description></item>
</channel></rss>
"""


def _deep_json(depth: int = 100_000) -> str:
    return '{"title": "깊은 중첩", "body": ' + "[" * depth + '"바닥"' + "]" * depth + "}"


def _wrong_types_json() -> str:
    import json

    return json.dumps(
        [
            {
                "title": "대전, 양자기술 실증센터 세운다",
                "body": "\n".join(SYNTHETIC["json_ok"]),
                "author": "김기자",
                "published": "2024-01-13T09:00:00+09:00",
            },
            {
                "title": 12345,
                "body": {"x": 1, "y": [True, None]},
                "author": 3.5,
                "published": [2024, 1, 13],
                "url": False,
            },
        ],
        ensure_ascii=False,
    )


def _path_values_json() -> str:
    import json

    return json.dumps(
        {
            "id": "../../../../etc/shadow",
            "title": "../../etc/passwd",
            "body": "\n".join(SYNTHETIC["json_paths"]),
            "url": "file:///etc/passwd",
            "link": "../../../etc/passwd",
            "source": "../../../etc/passwd",
            "image": "/etc/passwd",
            "author": "../../root",
            "published": "2024-01-14",
        },
        ensure_ascii=False,
    )


def _json_body_with_script(canary: str) -> str:
    import json

    markup = (
        f'<script>document.write("{SCRIPT_MARKER}");fetch("{canary}/json-script")</script>'
        f'<iframe src="{canary}/json-iframe"></iframe>'
    )
    return json.dumps(
        {"title": "대구, 의료 데이터 센터", "body": markup + "\n".join(SYNTHETIC["json_script"])},
        ensure_ascii=False,
    )


def _rss(items: str, doctype: str = "", xmlns: str = "") -> str:
    return (
        f'<?xml version="1.0" encoding="utf-8"?>\n{doctype}<rss version="2.0"{xmlns}>'
        f"<channel><title>피드</title><link>https://news.example.kr/</link>{items}</channel></rss>\n"
    )


def _rss_escaped_script(canary: str) -> str:
    escaped = (
        f"&lt;script&gt;document.write(&quot;{SCRIPT_MARKER}&quot;)&lt;/script&gt;"
        f"&lt;iframe src=&quot;{canary}/rss-iframe&quot;&gt;&lt;/iframe&gt;"
    )
    body = escaped + "\n".join(SYNTHETIC["rss_escaped"])
    return _rss(
        f"<item><title>전주, 수소 버스 충전소</title><link>https://news.example.kr/1</link>"
        f"<description>{body}</description></item>"
    )


def _rss_xinclude() -> str:
    body = "".join(SYNTHETIC["xinclude"])
    return _rss(
        "<item><title>창원, 로봇 실증센터</title><link>https://news.example.kr/2</link>"
        '<description><xi:include href="file:///etc/passwd" parse="text"/>'
        f"{body}</description></item>",
        xmlns=' xmlns:xi="http://www.w3.org/2001/XInclude"',
    )


def _rss_external_dtd(canary: str) -> str:
    body = " ".join(SYNTHETIC["external_dtd"])
    return _rss(
        f"<item><title>포항, 배터리 재활용 공장</title><link>https://news.example.kr/3</link>"
        f"<description>{body}</description></item>",
        doctype=f'<!DOCTYPE rss SYSTEM "{canary}/rss.dtd">\n',
    )


def _html_with_entities(canary: str) -> str:
    paragraphs = "".join(f"<p>{p}</p>" for p in SYNTHETIC["html_xxe"])
    return (
        f'<!DOCTYPE html [<!ENTITY xxe SYSTEM "file:///etc/passwd"><!ENTITY remote SYSTEM "{canary}/html-xxe">'
        f'<!ENTITY marker "{XXE_MARKER}">]>'
        "<html><head><meta charset='utf-8'><title>청주, 바이오 인재 학교</title></head>"
        f"<body><article><h1>청주, 바이오 인재 학교</h1>{paragraphs}<p>&xxe; &remote; &marker;</p></article></body></html>"
    )


def build_corpus(
    landing: Path,
    outside: Path,
    *,
    canary_url: str = "http://127.0.0.1:9",
    max_decompressed_bytes: int = 16_000_000,
    big_line_bytes: int = 200_000_000,
) -> Corpus:
    """Write the hostile corpus into `landing` (and the targets of escaping symlinks into `outside`).

    Args:
        landing: the (empty or absent) landing folder.
        outside: a folder beside it; symlinks in the landing folder point here and must never be followed.
        canary_url: base URL of a local HTTP server that counts requests: every URL in scripts, iframes, images
            and external XML entities points there, so a fetch is seen.
        max_decompressed_bytes: the run's NEWSETL_MAX_DECOMPRESSED_BYTES; the gzip bomb expands to 8x that.
        big_line_bytes: the size of the single-line file; it must exceed the run's NEWSETL_MAX_FILE_BYTES.
    Returns: the corpus with one `Kind` per hostile input.
    """
    landing.mkdir(parents=True, exist_ok=True)
    outside.mkdir(parents=True, exist_ok=True)
    corpus = Corpus(landing, outside)
    kinds = corpus.kinds

    def write(rel: str, data: bytes | str) -> None:
        path = landing / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data.encode("utf-8") if isinstance(data, str) else data)

    def copy(name: str, rel: str) -> None:
        write(rel, (LANDING / name).read_bytes())

    def add(name: str, paths: str | tuple[str, ...], expected: Expected, what: str) -> None:
        kinds.append(Kind(name, (paths,) if isinstance(paths, str) else paths, expected, what))

    # --- real articles ------------------------------------------------------------------------------------
    for name in (SEED_NAME, "chosun_05_r1.txt"):
        copy(name, name)
    add(
        "good_unchanged",
        (SEED_NAME, "chosun_05_r1.txt"),
        Expected("unchanged", contains=tuple(good_paragraphs("chosun_05_r1.txt", 1))),
        "real articles loaded on the previous night, unchanged",
    )
    copy("chosun_07_r1.txt", "chosun_07_r1.txt")
    add(
        "good_new",
        "chosun_07_r1.txt",
        Expected("loaded", contains=tuple(good_paragraphs("chosun_07_r1.txt", 2))),
        "a real article, new tonight",
    )
    copy("chosun_08_r1.txt", "sub/dir/chosun_08_r1.txt")
    add(
        "good_in_subfolder",
        "sub/dir/chosun_08_r1.txt",
        Expected("loaded", contains=tuple(good_paragraphs("chosun_08_r1.txt", 1))),
        "a real article two folders down",
    )
    write("chosun_09_r1.txt.gz", gzip.compress((LANDING / "chosun_09_r1.txt").read_bytes(), mtime=0))
    add(
        "good_gzip",
        "chosun_09_r1.txt.gz",
        Expected("loaded", contains=tuple(good_paragraphs("chosun_09_r1.txt", 1))),
        "a real article, gzipped",
    )
    copy("chosun_02_r1.txt", "chosun_02_r1.txt")
    copy("chosun_02_r1.txt", "copy of chosun_02_r1 (1).txt")
    add(
        "exact_duplicate",
        ("chosun_02_r1.txt", "copy of chosun_02_r1 (1).txt"),
        Expected("duplicate"),
        "the same article under another name: one fct_article_duplicate row",
    )

    # --- empty, binary, compressed ------------------------------------------------------------------------
    write("empty.txt", b"")
    add("empty", "empty.txt", Expected("rejected", "empty"), "0 bytes")
    write("whitespace.txt", " \t\r\n\n   \u3000\n".encode())
    add("whitespace_only", "whitespace.txt", Expected("rejected", "empty"), "spaces, tabs, newlines")
    write("garbage.dat", random.Random(8).randbytes(65_536))
    add("binary_garbage", "garbage.dat", Expected("rejected", "binary"), "64 KB of random bytes")
    write("photo.txt", png_bytes())
    add("png_named_txt", "photo.txt", Expected("rejected", "binary"), "a real PNG image named .txt")
    whole = gzip.compress((LANDING / "chosun_10_r1.txt").read_bytes(), mtime=0)
    write("truncated.txt.gz", whole[: len(whole) // 2])
    add("truncated_gzip", "truncated.txt.gz", Expected("rejected", "corrupt_gzip"), "half of a gzip stream")
    write("bomb.txt.gz", gzip_bomb(8 * max_decompressed_bytes))
    add(
        "gzip_bomb",
        "bomb.txt.gz",
        Expected("rejected", "too_large"),
        f"gzip expanding to {8 * max_decompressed_bytes:,} bytes (8x the decompression limit)",
    )
    write_single_line(landing / "one_line_200mb.txt", big_line_bytes)
    add(
        "huge_single_line",
        "one_line_200mb.txt",
        Expected("rejected", "too_large"),
        f"one {big_line_bytes:,}-byte line, over NEWSETL_MAX_FILE_BYTES",
    )

    # --- encodings ----------------------------------------------------------------------------------------
    text = (LANDING / "chosun_03_r1.txt").read_text(encoding="utf-8")
    paragraphs = good_paragraphs("chosun_03_r1.txt", 3)
    damaged = text.replace(paragraphs[-1], paragraphs[-1][:10] + "\udcff" + paragraphs[-1][10:], 1)
    write("invalid_utf8.txt", damaged.encode("utf-8", errors="surrogateescape"))
    add(
        "invalid_utf8",
        "invalid_utf8.txt",
        Expected("repaired", contains=tuple(paragraphs[:-1]), excludes=("\udcff",)),
        "a UTF-8 article with one stray 0xFF byte",
    )
    write("cp949.txt", (LANDING / "chosun_04_r1.txt").read_text(encoding="utf-8").encode("cp949"))
    add(
        "cp949_undeclared",
        "cp949.txt",
        Expected("repaired", contains=tuple(good_paragraphs("chosun_04_r1.txt", 2))),
        "a Korean article in CP949, no declaration",
    )
    write("utf16.txt", (LANDING / "chosun_06_r1.txt").read_text(encoding="utf-8").encode("utf-16-le"))
    add(
        "utf16_no_bom",
        "utf16.txt",
        Expected("repaired", contains=tuple(good_paragraphs("chosun_06_r1.txt", 2))),
        "a Korean article in UTF-16-LE without BOM",
    )
    first = (LANDING / "chosun_01_r1.txt").read_text(encoding="utf-8").splitlines()
    half = len(first) // 2
    mixed = "\n".join(first[:half]).encode("utf-8") + b"\n" + "\n".join(first[half:]).encode("cp949")
    write("mixed_encoding.txt", mixed)
    long_lines = [line.strip() for line in first if len(line.strip()) >= 60]
    add(
        "mixed_encodings",
        "mixed_encoding.txt",
        Expected(
            "repaired",
            contains=(
                next(x for x in long_lines if x in first[:half]),
                next(x for x in long_lines if x in first[half:]),
            ),
        ),
        "first half UTF-8, second half CP949",
    )
    write("invisible.txt", _article("서울시, 한파 대책 점검", SYNTHETIC["zero_width"]))
    add(
        "zero_width_and_rtl",
        "invisible.txt",
        Expected(
            "repaired",
            contains=("오세훈 서울시장은", "시는 취약계층 3만 가구에 난방비를 지원하고 한파 쉼터"),
            excludes=("\u200b", "\u200d", "\u202e", "\u202c", "\u2066", "\u2069", "\ufeff"),
            people=("오세훈",),
        ),
        "zero-width spaces/joiners, RTL override, isolates, a BOM mid-text",
    )

    # --- structure ----------------------------------------------------------------------------------------
    write("title_only.txt", _article("공정위 ‘SPC 647억 과징금’, 대법서 최종 취소 판결 확정", []))
    add(
        "title_only",
        "title_only.txt",
        Expected("rejected", "no_text", record=0),
        "a headline and page crumbs, no body",
    )
    write("one_char.txt", "꿈")
    add("one_char_article", "one_char.txt", Expected("rejected", "no_text", record=0), "one character")
    write("deep.json", _deep_json())
    add("deep_nested_json", "deep.json", Expected("rejected", "too_deep"), "JSON nested 100,000 levels")
    write("wrong_types.json", _wrong_types_json())
    add(
        "json_wrong_types",
        "wrong_types.json",
        Expected(
            "loaded",
            reason="wrong_type",
            record=1,
            contains=(SYNTHETIC["json_ok"][0],),
        ),
        "a JSON array: one good record, one with numbers/objects/lists where text belongs",
    )
    write("path_values.json", _path_values_json())
    add(
        "json_path_values",
        "path_values.json",
        Expected("loaded", contains=(SYNTHETIC["json_paths"][0],), excludes=("root:x:0:0",)),
        "../../etc/passwd and file:// URLs as JSON field values",
    )
    write("laughs.xml", _billion_laughs())
    add("xml_billion_laughs", "laughs.xml", Expected("rejected", "unsafe_xml"), "RSS with a 10^9 entity bomb")
    write("xxe.rss", _xxe_feed(canary_url))
    add(
        "xml_external_entity",
        "xxe.rss",
        Expected("rejected", "unsafe_xml"),
        "RSS with SYSTEM entities for file:///etc/passwd and a local URL",
    )
    write("page.html", _html_page(canary_url))
    add(
        "html_scripts_iframes",
        "page.html",
        Expected(
            "loaded",
            contains=SYNTHETIC["html"][:2],
            excludes=(SCRIPT_MARKER, "document.write", "fetch(", "<script", "<iframe", "atob("),
        ),
        "an article page with scripts, iframes, event handlers and remote media (all to a local canary)",
    )

    write("json_script.json", _json_body_with_script(canary_url))
    add(
        "json_body_with_script",
        "json_script.json",
        Expected(
            "loaded",
            contains=(SYNTHETIC["json_script"][0],),
            excludes=(SCRIPT_MARKER, "<script", "<iframe", "document.write"),
        ),
        "a JSON body holding only <script> and <iframe> markup before the text",
    )
    write("escaped_script.rss", _rss_escaped_script(canary_url))
    add(
        "rss_escaped_script",
        "escaped_script.rss",
        Expected(
            "loaded",
            contains=(SYNTHETIC["rss_escaped"][0],),
            excludes=(SCRIPT_MARKER, "<script", "<iframe", "document.write"),
        ),
        "an RSS description with &lt;script&gt; and &lt;iframe&gt; escaped once",
    )
    write("xinclude.rss", _rss_xinclude())
    add(
        "rss_xinclude",
        "xinclude.rss",
        Expected(
            "loaded", contains=(SYNTHETIC["xinclude"][0],), excludes=("root:x:0:0", "<include", "xi:include")
        ),
        "an RSS item with <xi:include href=file:///etc/passwd>",
    )
    write("external_dtd.rss", _rss_external_dtd(canary_url))
    add(
        "rss_external_dtd",
        "external_dtd.rss",
        Expected("loaded", contains=(SYNTHETIC["external_dtd"][0],)),
        "an RSS feed whose DOCTYPE names a DTD on a (canary) URL: never fetched",
    )
    write("entities.html", _html_with_entities(canary_url))
    add(
        "html_with_dtd_entities",
        "entities.html",
        Expected("loaded", contains=(SYNTHETIC["html_xxe"][0],), excludes=("root:x:0:0", XXE_MARKER)),
        "an HTML page whose DOCTYPE declares file:// and URL entities",
    )

    # --- names and links ----------------------------------------------------------------------------------
    weird = "file with spaces 'single' \"double\" 한글 名 ü.txt"
    write(weird, _article("인천, 영종도에 물류 허브", SYNTHETIC["weird_name"]))
    add(
        "name_spaces_quotes_unicode",
        weird,
        Expected("loaded", contains=(SYNTHETIC["weird_name"][0],)),
        "a file name with spaces, both quotes, Hangul, CJK and Latin-1",
    )
    sql_name = "x'); drop table dim_article; --.txt"
    write(sql_name, _article("울산, 수소 배관망 확충", SYNTHETIC["sql_name"]))
    add(
        "name_sql_injection",
        sql_name,
        Expected("loaded", contains=(SYNTHETIC["sql_name"][0],)),
        "a file name that is an SQL injection",
    )
    (landing / "loop").mkdir(exist_ok=True)
    os.symlink("..", landing / "loop" / "back")
    add(
        "symlink_loop_dir",
        "loop/back",
        Expected("rejected", "symlink_loop"),
        "loop/back -> .. (a folder cycle)",
    )
    os.symlink("cycle_b.txt", landing / "cycle_a.txt")
    os.symlink("cycle_a.txt", landing / "cycle_b.txt")
    add(
        "symlink_loop_file",
        ("cycle_a.txt", "cycle_b.txt"),
        Expected("rejected", "symlink_loop"),
        "cycle_a.txt -> cycle_b.txt -> cycle_a.txt",
    )
    (outside / "secret.txt").write_text(_article("바깥 파일", SYNTHETIC["outside"]), encoding="utf-8")
    (outside / "dir").mkdir(exist_ok=True)
    (outside / "dir" / "secret2.txt").write_text(
        _article("바깥 폴더", SYNTHETIC["outside"][::-1]), encoding="utf-8"
    )
    os.symlink(outside / "secret.txt", landing / "outside_link.txt")
    os.symlink(os.path.relpath(outside / "dir", landing), landing / "outside_dir")
    add(
        "symlink_outside",
        ("outside_link.txt", "outside_dir"),
        Expected("rejected", "outside_landing"),
        "a file symlink and a folder symlink leading out of the landing folder (refused as one entry, unread)",
    )
    os.symlink("/nonexistent/article.txt", landing / "dangling.txt")
    add("dangling_symlink", "dangling.txt", Expected("rejected", "unreadable"), "a symlink to nothing")
    os.mkfifo(landing / "named_pipe.txt")
    add(
        "fifo",
        "named_pipe.txt",
        Expected("rejected", "not_a_regular_file"),
        "a named pipe named .txt (a reader that opens it blocks forever): refused without opening it",
    )
    return corpus


# --- the change-while-read scenario (a test hook: reads are intercepted in-process) ----------------------


def changing_article() -> tuple[bytes, bytes]:
    """(what a reader sees mid-write: the first part, the complete file)."""
    full = _article("세종, 청사 옆 시민 공원 개장", SYNTHETIC["changing"]).encode("utf-8")
    cut = full.index(SYNTHETIC["changing"][2].encode("utf-8"))
    return full[:cut], full


@contextlib.contextmanager
def changes_while_read(path: Path, complete: bytes) -> Iterator[list[int]]:
    """While active, reading `path` returns what is on disk, and then the writer finishes: `complete` is written
    (mtime moves on). Yields the list of read sizes seen. Simulates a file still being written when ingest reads it."""
    import pathlib

    original = pathlib.Path.read_bytes
    target = path.resolve()
    reads: list[int] = []

    def read_bytes(self: pathlib.Path) -> bytes:
        data = original(self)
        if self.resolve() == target and not reads:
            reads.append(len(data))
            with open(target, "wb") as handle:
                handle.write(complete)
            stat = target.stat()
            os.utime(target, ns=(stat.st_atime_ns, stat.st_mtime_ns + 2_000_000_000))
        return data

    pathlib.Path.read_bytes = read_bytes
    try:
        yield reads
    finally:
        pathlib.Path.read_bytes = original


@contextlib.contextmanager
def read_fails(path: Path, error: int = 5) -> Iterator[list[int]]:
    """While active, reading `path` raises OSError(`error`, default EIO): a bad disk block, a file on a vanished
    network share. Yields the list of failed reads."""
    import pathlib

    original = pathlib.Path.read_bytes
    target = path.resolve()
    failures: list[int] = []

    def read_bytes(self: pathlib.Path) -> bytes:
        if self.resolve() == target:
            failures.append(error)
            raise OSError(error, os.strerror(error), str(self))
        return original(self)

    pathlib.Path.read_bytes = read_bytes
    try:
        yield failures
    finally:
        pathlib.Path.read_bytes = original


# --- a canary HTTP server: any request is a fetch that must not happen ---------------------------------------


class Canary:
    """A local HTTP server that records every request made to it."""

    def __init__(self) -> None:
        hits: list[str] = []

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self) -> None:  # noqa: N802
                hits.append(self.path)
                self.send_response(200)
                self.send_header("Content-Type", "text/plain")
                self.end_headers()
                self.wfile.write(b"root:x:0:0:canary")

            do_POST = do_GET  # noqa: N815

            def log_message(self, *args) -> None:
                pass

        self.hits = hits
        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}"
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    def __enter__(self) -> Canary:
        self.thread.start()
        return self

    def __exit__(self, *exc) -> None:
        self.server.shutdown()
        self.server.server_close()


# --- reading a warehouse ----------------------------------------------------------------------------------


def _quote(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


def table_checksums(path: str | Path) -> dict[str, tuple[int, int]]:
    """(row count, sum of row hashes) per base table, wall-clock columns left out."""
    con = duckdb.connect(str(path), read_only=True)
    try:
        tables = [
            r[0]
            for r in con.execute(
                "select table_name from information_schema.tables where table_type = 'BASE TABLE' order by 1"
            ).fetchall()
        ]
        out = {}
        for table in tables:
            cols = ", ".join(_quote(c) for c in con.table(table).columns if c not in WALL_CLOCK_COLUMNS)
            out[table] = tuple(
                con.execute(
                    f"select count(*), coalesce(sum(hash({cols})), 0) from {_quote(table)}"  # noqa: S608 (catalog names)
                ).fetchone()
            )
        return out
    finally:
        con.close()


def find_text_anywhere(path: str | Path, needles: list[str]) -> list[tuple[str, str, str]]:
    """(table, column, needle) for every text column of every table that contains one of `needles`."""
    con = duckdb.connect(str(path), read_only=True)
    try:
        columns = con.execute(
            "select c.table_name, c.column_name from information_schema.columns c "
            "join information_schema.tables t using (table_schema, table_name) "
            "where t.table_type = 'BASE TABLE' and c.data_type = 'VARCHAR' order by 1, 2"
        ).fetchall()
        found = []
        for table, column in columns:
            for needle in needles:
                hit = con.execute(
                    f"select count(*) from {_quote(table)} where contains({_quote(column)}, ?)",  # noqa: S608
                    [needle],
                ).fetchone()[0]
                if hit:
                    found.append((table, column, needle))
        return found
    finally:
        con.close()


def latest_run_id(path: str | Path) -> str:
    con = duckdb.connect(str(path), read_only=True)
    try:
        return con.execute("select run_id from etl_run order by finished_at desc limit 1").fetchone()[0]
    finally:
        con.close()


def evaluate(path: str | Path, corpus: Corpus, run_id: str) -> list[Verdict]:
    """Per kind: what the warehouse shows for its files against what was expected."""
    con = duckdb.connect(str(path), read_only=True)
    try:
        return [_verdict(con, kind, run_id) for kind in corpus.kinds]
    finally:
        con.close()


def _verdict(con: duckdb.DuckDBPyConnection, kind: Kind, run_id: str) -> Verdict:
    exp = kind.expected
    problems: list[str] = []
    facts: list[str] = []
    texts: list[str] = []
    for path in kind.paths:
        articles = con.execute(
            "select article_key, source_record, coalesce(title, '') || chr(10) || body_text, run_id "
            "from dim_article where source_file = ? order by source_record",
            [path],
        ).fetchall()
        rejects = con.execute(
            "select source_record, reason, detail from ingest_rejects where source_file = ? and run_id = ? "
            "order by source_record nulls first",
            [path, run_id],
        ).fetchall()
        ledger = con.execute("select status, run_id from etl_file where source_file = ?", [path]).fetchall()
        state = []
        if articles:
            state.append(f"loaded {len(articles)}")
        for record, reason, _detail in rejects:
            where = "file" if record is None else f"record {record}"
            state.append(f"rejected {reason} ({where})")
        facts.append(" + ".join(state) or "absent")
        text = "\n".join(a[2] for a in articles)
        if exp.outcome in {"loaded", "repaired", "unchanged", "duplicate"}:
            if len(articles) != exp.articles:
                problems.append(f"{path}: {len(articles)} article rows, expected {exp.articles}")
            expected_rejects = [] if exp.record is None else [(exp.record, exp.reason)]
            if [(r, reason) for r, reason, _ in rejects] != expected_rejects:
                problems.append(f"{path}: rejects {[(r, x) for r, x, _ in rejects]}")
            texts.append(text)
            problems += [f"{path}: holds {x!r}" for x in exp.excludes if x in text]
            for person in exp.people:
                mentioned = con.execute(
                    "select count(*) from fct_mention m join dim_entity e using (entity_key) "
                    "join dim_article a using (article_key) "
                    "where a.source_file = ? and e.entity_type = 'PERSON' and e.canonical_name = ?",
                    [path, person],
                ).fetchone()[0]
                if not mentioned:
                    problems.append(f"{path}: no PERSON {person}")
        if exp.outcome == "unchanged":
            if any(a[3] == run_id for a in articles) or any(r == run_id for _, r in ledger):
                problems.append(f"{path}: processed again tonight")
            facts[-1] = "unchanged" if not problems else facts[-1]
        if exp.outcome == "rejected":
            if articles:
                problems.append(f"{path}: {len(articles)} article rows")
            wanted = [(exp.record, exp.reason)]
            if [(r, reason) for r, reason, _ in rejects] != wanted:
                problems.append(f"{path}: rejects {[(r, x, d[:60]) for r, x, d in rejects]}")
        if exp.outcome == "ignored" and (articles or rejects):
            problems.append(f"{path}: seen")
    problems += [f"lacks {c[:30]!r}" for c in exp.contains if not any(c in t for t in texts)]
    if exp.outcome == "duplicate":
        rows = con.execute(
            "select a.source_file, c.source_file, d.method from fct_article_duplicate d "
            "join dim_article a using (article_key) join dim_article c on c.article_key = d.canonical_article_key "
            "where a.source_file in (select unnest(?::varchar[]))",
            [list(kind.paths)],
        ).fetchall()
        facts = [f"loaded {len(kind.paths)}, {len(rows)} duplicate row(s)"] + [
            f"{copy} -> {canonical} ({method})" for copy, canonical, method in rows
        ]
        if len(rows) != 1 or rows[0][1] not in kind.paths or rows[0][0] == rows[0][1]:
            problems.append(f"duplicate rows {rows}")
    if exp.outcome == "ignored":
        facts = ["not seen"] if not problems else facts
    actual = "; ".join(dict.fromkeys(facts))
    if problems:
        actual += " | " + "; ".join(problems)
    return Verdict(kind.name, exp.describe(), actual, not problems)


def reconcile(path: str | Path, corpus: Corpus, run_id: str) -> list[Verdict]:
    """Counts of the run against the corpus: files seen = loaded + rejected + unchanged, records likewise, every
    reject reason named, no file or article counted twice, checks passed."""
    con = duckdb.connect(str(path), read_only=True)
    try:
        run = dict(
            zip(
                [d[0] for d in con.execute("select * from etl_run where run_id = ?", [run_id]).description],
                con.execute("select * from etl_run where run_id = ?", [run_id]).fetchone(),
                strict=True,
            )
        )
        q = lambda sql, *p: con.execute(sql, list(p)).fetchone()[0]  # noqa: E731
        seen = len(corpus.paths)
        unchanged_paths = sum(len(k.paths) for k in corpus.kinds if k.expected.outcome == "unchanged")
        file_rejects = q(
            "select count(*) from ingest_rejects where run_id = ? and source_record is null", run_id
        )
        record_rejects = q(
            "select count(*) from ingest_rejects where run_id = ? and source_record is not null", run_id
        )
        all_records_rejected = q(
            "select count(*) from etl_file f where run_id = ? and status = 'rejected' and not exists "
            "(select 1 from ingest_rejects r where r.source_file = f.source_file "
            "and r.run_id = f.run_id and r.source_record is null)",
            run_id,
        )
        records_read = q("select coalesce(sum(record_count), 0) from etl_file where run_id = ?", run_id)
        articles_tonight = q("select count(*) from dim_article where run_id = ?", run_id)
        out = [
            Verdict(
                "count: files seen",
                f"{seen} (every landing entry)",
                str(run["files_seen"]),
                run["files_seen"] == seen,
            ),
            Verdict(
                "count: seen = loaded + rejected + unchanged",
                str(run["files_seen"]),
                f"{run['files_loaded']} + {run['files_rejected']} + {run['files_unchanged']}",
                run["files_seen"] == run["files_loaded"] + run["files_rejected"] + run["files_unchanged"],
            ),
            Verdict(
                "count: files unchanged",
                str(unchanged_paths),
                str(run["files_unchanged"]),
                run["files_unchanged"] == unchanged_paths,
            ),
            Verdict(
                "count: files rejected = file-level rejects + files all of whose records were rejected",
                str(run["files_rejected"]),
                f"{file_rejects} + {all_records_rejected}",
                run["files_rejected"] == file_rejects + all_records_rejected,
            ),
            Verdict(
                "count: records read = loaded + rejected",
                str(records_read),
                f"{articles_tonight} + {record_rejects}",
                records_read == articles_tonight + record_rejects,
            ),
            Verdict(
                "count: articles loaded tonight",
                str(articles_tonight),
                str(run["articles_loaded"]),
                run["articles_loaded"] == articles_tonight,
            ),
        ]
        reasons = {r[0] for r in con.execute("select distinct reason from ingest_rejects").fetchall()}
        out.append(
            Verdict(
                "every reject reason is named",
                "subset of documented reasons",
                ", ".join(sorted(reasons)),
                reasons <= NAMED_REASONS,
            )
        )
        twice = con.execute(
            "select source_file, source_record, count(*) from dim_article group by all having count(*) > 1"
        ).fetchall()
        out.append(Verdict("no article counted twice", "0 repeated (file, record)", str(twice), not twice))
        fact_gap = q(
            "select count(*) from dim_article a full join fct_article f using (article_key) "
            "where a.article_key is null or f.article_key is null"
        )
        out.append(
            Verdict("every article has one fct_article row", "0 missing", str(fact_gap), fact_gap == 0)
        )
        escaped = con.execute(
            "select source_file from (select source_file from dim_article union all "
            "select source_file from etl_file union all select source_file from ingest_rejects) "
            "where source_file like '/%' or source_file like '../%' or contains(source_file, '/../')"
        ).fetchall()
        out.append(Verdict("no source path escapes the folder", "none", str(escaped), not escaped))
        return out
    finally:
        con.close()


def forbidden_texts() -> list[str]:
    """Text that only an escape could bring into the warehouse: /etc/passwd lines, markers of outside files,
    script output and expanded entities."""
    passwd = [line for line in Path("/etc/passwd").read_text().splitlines() if len(line) > 12][:3]
    return [*passwd, "root:x:0:0", OUTSIDE_MARKER, SCRIPT_MARKER, XXE_MARKER, "lollollollol"]


def format_table(rows: list[Verdict]) -> str:
    """kind → expected → actual → pass, as an aligned text table."""
    header = ("kind", "expected outcome", "actual", "pass")
    cells = [header] + [(r.kind, r.expected, r.actual, "PASS" if r.ok else "FAIL") for r in rows]
    widths = [min(max(len(c[i]) for c in cells), limit) for i, limit in enumerate((44, 44, 90, 4))]

    def line(c: tuple[str, ...]) -> str:
        return " | ".join(
            (v if len(v) <= w or i == 2 else v[: w - 1] + "…").ljust(w)
            for i, (v, w) in enumerate(zip(c, widths, strict=True))
        ).rstrip()

    rule = "-+-".join("-" * w for w in widths)
    return "\n".join([line(header), rule, *(line(c) for c in cells[1:])])


def hostile_env(max_file_bytes: int = 8_000_000, max_decompressed_bytes: int = 16_000_000) -> dict[str, str]:
    """The settings a hostile run uses (limits low enough that a bomb and a huge file are cheap to reject)."""
    return {
        "NEWSETL_MAX_FILE_BYTES": str(max_file_bytes),
        "NEWSETL_MAX_DECOMPRESSED_BYTES": str(max_decompressed_bytes),
    }
