"""Bylines: reporter names, e-mails and datelines.

Handles the forms Korean outlets print: `라스베이거스=이상은 기자 selee@hankyung.com` (a closing line),
`(서울=연합뉴스) 이영섭 이의진 기자 =` (a lead prefix), `인천=이현준 기자`, `홍길동·김철수 기자`. A photo credit
(`/김영우 기자`) is not a byline.
"""

from __future__ import annotations

import re

from transforms.records import Reporter

REPORTER_TITLES = ("선임기자", "전문기자", "객원기자", "수습기자", "기자", "특파원", "논설위원", "편집위원")
_TITLE = "|".join(REPORTER_TITLES)
_NAME = r"[가-힣]{2,4}"
_NAMES = rf"{_NAME}(?:\s*[·,ㆍ]\s*{_NAME}|\s+{_NAME})*"
EMAIL_RE = re.compile(r"[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)+")

# A whole line that is a byline: optional dateline, names, title, optional e-mail(s).
_BYLINE_LINE = re.compile(
    rf"^\s*(?:\[?(?P<dateline>[가-힣A-Za-z .]{{1,20}})=)?\s*(?P<names>{_NAMES})\s*(?P<title>{_TITLE})"
    rf"(?:\s*\(?\s*(?P<emails>{EMAIL_RE.pattern}(?:[\s,]+{EMAIL_RE.pattern})*)\s*\)?)?\s*\]?\s*$"
)
# A lead prefix: `(서울=연합뉴스) 이영섭 이의진 기자 = 본문` or `(평창=뉴스1) 임성일 기자 =`.
_LEAD_BYLINE = re.compile(
    rf"^\s*[(\[](?P<dateline>[가-힣A-Za-z .]{{1,20}})=(?P<agency>[^)\]]{{1,20}})[)\]]\s*"
    rf"(?:(?P<names>{_NAMES})\s*(?P<title>{_TITLE})\s*)?=?\s*"
)
_NOT_NAMES = frozenset(
    {"사진", "영상", "그래픽", "취재", "정리", "글", "편집", "디자인", "제공", "기자", "특파원"}
)


def _split_names(names: str) -> list[str]:
    return [n for n in re.split(r"[\s·,ㆍ]+", names) if n and n not in _NOT_NAMES]


def _reporters(names: str | None, dateline: str | None, emails: list[str]) -> list[Reporter]:
    people = _split_names(names or "")
    dateline = dateline.strip() if dateline else None
    reporters = []
    for i, name in enumerate(people):
        # E-mails follow the names in order; a single address with several names belongs to the first.
        email = emails[i] if i < len(emails) else None
        reporters.append(Reporter(name=name, email=email, dateline=dateline))
    return reporters


def parse_byline_line(line: str) -> list[Reporter] | None:
    """Reporters if the whole line is a byline, else None. A photo credit (`/김영우 기자`) is not a byline."""
    if len(line) > 120 or line.lstrip().startswith("/"):
        return None
    match = _BYLINE_LINE.match(line)
    if not match:
        return None
    emails = EMAIL_RE.findall(match.group("emails") or "")
    reporters = _reporters(match.group("names"), match.group("dateline"), emails)
    return reporters or None


def split_lead_byline(paragraph: str) -> tuple[list[Reporter], str | None, str] | None:
    """For a paragraph opening with `(서울=연합뉴스) 이영섭 기자 =`: (reporters, agency, rest of the paragraph)."""
    match = _LEAD_BYLINE.match(paragraph)
    if not match:
        return None
    reporters = _reporters(match.group("names"), match.group("dateline"), [])
    agency = match.group("agency").strip()
    return reporters, agency, paragraph[match.end() :].strip()


def find_trailing_byline(text: str) -> tuple[list[Reporter], int, int] | None:
    """A byline embedded at the end of running text (`...했다.  홍길동 기자 hong@x.kr`): reporters, start, end."""
    pattern = re.compile(
        rf"(?:(?P<dateline>[가-힣A-Za-z]{{1,12}})=)?(?P<names>{_NAMES})\s*(?P<title>{_TITLE})\s*"
        rf"(?P<emails>{EMAIL_RE.pattern})?\s*$"
    )
    match = pattern.search(text)
    if not match or (match.start() > 0 and text[match.start() - 1] == "/"):
        return None
    emails = [match.group("emails")] if match.group("emails") else []
    reporters = _reporters(match.group("names"), match.group("dateline"), emails)
    return (reporters, match.start(), match.end()) if reporters else None
