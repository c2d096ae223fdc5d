"""Bylines: reporter names, e-mails and datelines.

Handles the forms Korean outlets print: `라스베이거스=이상은 기자 selee@hankyung.com` (a closing line),
`(서울=연합뉴스) 이영섭 이의진 기자 =` (a lead prefix), `인천=이현준 기자`, `홍길동·김철수 기자`. A photo credit
(`/김영우 기자`) is not a byline.
"""

from __future__ import annotations

import re

from transforms.ingest.records import Reporter

REPORTER_TITLES = (
    "선임기자",
    "전문기자",
    "객원기자",
    "수습기자",
    "인턴기자",
    "사진기자",
    "영상기자",
    "기자",
    "특파원",
    "논설위원",
    "편집위원",
)
_TITLE = "|".join(REPORTER_TITLES)
_NAME = r"[가-힣]{2,4}"
_NAMES = rf"{_NAME}(?:\s*[·,ㆍ]\s*{_NAME}|\s+{_NAME})*"
# Bounded like RFC 5321 (64-character local part, 63-character labels): an unbounded pattern is quadratic on a
# long run of letters.
EMAIL_RE = re.compile(r"[A-Za-z0-9._%+-]{1,64}@[A-Za-z0-9-]{1,63}(?:\.[A-Za-z0-9-]{1,63}){1,8}")

# A whole line that is a byline: optional dateline, names, title, optional e-mail(s).
_BYLINE_LINE = re.compile(
    rf"^\s*(?:\[?(?P<dateline>[가-힣A-Za-z .]{{1,20}})=)?\s*(?P<names>{_NAMES})\s*(?P<title>{_TITLE})"
    rf"(?:\s*\(?\s*(?P<emails>{EMAIL_RE.pattern}(?:[\s,]+{EMAIL_RE.pattern})*)\s*\)?)?\s*\]?\s*$"
)
# A lead prefix: `(서울=연합뉴스) 이영섭 이의진 기자 = 본문`, `(평창=뉴스1) 임성일 기자 =`,
# `【평창=AP/뉴시스】오애리 기자 =`, `(도라산·서울=뉴스1) 공동취재단,조규희 기자,양은하 기자 =`, `【서울=뉴시스】 정당팀 =`.
_LEAD_BYLINE = re.compile(
    r"^\s*[(\[【](?P<dateline>[가-힣A-Za-z .·]{1,20})=(?P<agency>[^)\]】=]{1,20})[)\]】]\s*"
    rf"(?:(?P<names>[가-힣 ,·ㆍ]{{2,60}}?(?:{_TITLE}))\s*=\s*|[가-힣]{{2,8}}\s*=\s*)?"
)
_NOT_NAMES = frozenset(
    {
        "사진",
        "영상",
        "그래픽",
        "취재",
        "정리",
        "글",
        "편집",
        "디자인",
        "제공",
        "기자",
        "특파원",
        "인터넷",
        "온라인",
        "디지털",
        "뉴스룸",
        "공동취재단",
        "취재단",
        "취재팀",
        "인턴",
        "영상취재",
        "영상편집",
    }
)


def _split_names(names: str) -> list[str]:
    return [
        n
        for n in re.split(r"[\s·,ㆍ]+", names)
        if n
        and n not in _NOT_NAMES
        and n not in REPORTER_TITLES
        and n + "기자" not in REPORTER_TITLES
        and re.fullmatch(_NAME, n)
    ]


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
    match = _BYLINE_LINE.match(line.replace("＝", "="))
    if not match:
        return None
    emails = EMAIL_RE.findall(match.group("emails") or "")
    reporters = _reporters(match.group("names"), match.group("dateline"), emails)
    return reporters or None


def split_lead_byline(paragraph: str) -> tuple[list[Reporter], str | None, str] | None:
    """For a paragraph opening with `(서울=연합뉴스) 이영섭 기자 =`: (reporters, agency, rest of the paragraph)."""
    paragraph = paragraph.replace("＝", "=")  # `(대전＝연합뉴스)`: a full-width sign, same length
    match = _LEAD_BYLINE.match(paragraph)
    if not match:
        return None
    names = re.sub(_TITLE, " ", match.group("names") or "")
    reporters = _reporters(names, match.group("dateline"), [])
    # `AP/뉴시스`: the agency that carries the story is the last one named.
    agency = re.split(r"[/·]", match.group("agency"))[-1].strip()
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


# Trailing bylines in run-on text. A name directly after a Hangul letter is the end of a word, not a name.
_T_NAMES = rf"(?<![가-힣]){_NAME}(?:\s*[·,ㆍ]\s*{_NAME}| {_NAME})*"
_EMAIL = r"[A-Za-z0-9][A-Za-z0-9._%+-]{0,63}@[A-Za-z0-9-]{1,63}(?:\.[A-Za-z0-9-]{1,63}){1,8}"
_LOOSE_EMAIL = rf"(?:{_EMAIL}|[A-Za-z0-9][A-Za-z0-9._%+-]{{0,63}}@(?![A-Za-z0-9-]{{1,63}}\.))"
_TRAILING_FORMS = (
    # `[디지털뉴스국 엄하은 인턴기자]`, `[박재영 기자]`
    re.compile(
        rf"\[\s*(?:[가-힣A-Za-z]{{2,10}}\s+)?(?P<names>{_NAME}(?:\s*[·,]\s*{_NAME})*)\s*(?:{_TITLE})\s*"
        rf"(?P<email>{_LOOSE_EMAIL})?\s*\][\s,]*$"
    ),
    # `ehcho@fnnews.com 조은효 기자`, `lkbms@fnnews.com 임광복 김은희 기자`
    re.compile(rf"(?P<email>{_LOOSE_EMAIL})\s*(?P<names>{_T_NAMES})\s*(?:{_TITLE})[\s,]*$"),
    # `김우섭 기자 duter@hankyung.com`, `/평창=양준호기자 miguel@sedaily.com`, `한승희 기자(rubyh@sbs.co.kr)`,
    # `<김지환 기자 baldkim@kyunghyang.com>`, `파주(경기)=이동훈 기자 photoguy@mt.co.kr`, `박재영 기자`
    re.compile(
        rf"(?P<slash>/\s*)?[<\[(]?(?:(?P<dateline>[가-힣]{{1,8}}(?:\([가-힣]{{1,6}}\))?)=)?(?P<names>{_T_NAMES})\s*"
        rf"(?:{_TITLE})\s*[(\[<]?\s*(?P<email>{_LOOSE_EMAIL})?\s*[)\]>]?[\s,]*$"
    ),
    # `조승희 [josh@ytn.co.kr]`, `유태환 (pok2032@edaily.co.kr)`
    re.compile(rf"(?P<names>{_T_NAMES})\s*[(\[]\s*(?P<email>{_LOOSE_EMAIL})\s*[)\]][\s,]*$"),
    # a desk and its address: `온라인뉴스부 iseoul@seoul.co.kr`, `한경닷컴 뉴스룸 open@hankyung.com`
    re.compile(
        rf"(?<![가-힣])(?:[가-힣A-Za-z]{{2,8}}\s)?[가-힣]{{0,8}}(?:부|팀|국|뉴스룸)\s*[(\[]?(?P<email>{_LOOSE_EMAIL})[)\]]?[\s,]*$"
    ),
    # a bare address closing the text: `lastuncle@news1.kr`, `abilitykl@` (the scraper cut the domain)
    re.compile(rf"(?P<email>{_LOOSE_EMAIL})[\s,]*$"),
)
_VERB_ENDINGS = tuple("다요며고서음함됨임야께지면데")


def split_trailing_byline(text: str, max_bylines: int = 3) -> tuple[list[Reporter], list[str], int] | None:
    """Bylines closing running text, in the orders Korean outlets print them.

    Returns (reporters, e-mails not tied to a name, start offset of the byline block) or None. Several bylines in a
    row (`안석 기자 a@seoul.co.kr김진아 기자 b@seoul.co.kr`) are all taken. A slash credit without an e-mail
    (`… 있다. /김영우 기자`) is a photo credit and is not taken.
    """
    end = len(text.rstrip())
    reporters: list[Reporter] = []
    loose: list[str] = []
    start = None
    for _ in range(max_bylines):
        head = text[:end]
        for form in _TRAILING_FORMS:
            match = form.search(head)
            if match:
                break
        else:
            break
        groups = match.groupdict()
        email = groups.get("email")
        if groups.get("slash") and not email:
            break  # a photo credit
        start_here = match.start()
        names_text = groups.get("names")
        if names_text:
            tokens = names_text.split(" ")
            skip = 0
            while skip < len(tokens) - 1 and tokens[skip].endswith(_VERB_ENDINGS):
                skip += 1
            if skip:  # `…못 박았다 김미나 기자`: the words before the name stay in the text
                start_here = match.start("names") + len(" ".join(tokens[:skip])) + 1
            people = _split_names(" ".join(tokens[skip:]))
            if not people:
                break
            reporters[:0] = _reporters(" ".join(people), groups.get("dateline"), [email] if email else [])
        elif email:
            loose.insert(0, email)
        start = start_here
        end = len(head[:start].rstrip())
    if start is None:
        return None
    return reporters, loose, start


def parse_bracket_byline(content: str) -> tuple[list[Reporter], str | None] | None:
    """The inside of a bracketed byline: `아시아경제 황진영 기자`, `스포츠월드=김재원 기자`, `홍천=서정욱 기자`,
    `머니투데이 파주(경기)=이동훈 기자`, `장성혁기자 jsh0529@msnet.co.kr`, or a bare outlet `서울경제`.

    Returns (reporters, outlet name or None), or None when the brackets hold something else (`[속보]`).
    """
    from transforms.common.publishers import DOMAIN_BY_PUBLISHER, PUBLISHER_ALIASES, publisher_in_text

    emails = EMAIL_RE.findall(content)
    rest = EMAIL_RE.sub(" ", content).strip()
    if rest in DOMAIN_BY_PUBLISHER or rest in PUBLISHER_ALIASES:
        return [], PUBLISHER_ALIASES.get(rest, rest)
    outlet, _ = publisher_in_text(rest)
    dateline = None
    if "=" in rest:
        left, rest = (part.strip() for part in rest.split("=", 1))
        if outlet and left.startswith(outlet):
            left = left[len(outlet) :].strip()
        elif outlet is None:
            pass
        dateline = left or None
        if dateline and (dateline == outlet or not re.fullmatch(r"[가-힣()]{1,12}", dateline)):
            dateline = None
    elif outlet:
        rest = rest.replace(outlet, " ", 1)
    title = re.search(_TITLE, rest)
    if not title:
        return None
    names = re.sub(_TITLE, " ", rest)
    if not re.fullmatch(r"[가-힣A-Za-z ,·ㆍ]*", names):
        return None
    tokens = names.split()
    if outlet is None and tokens and len(tokens) > 1 and not re.fullmatch(_NAME, tokens[0]):
        tokens = tokens[1:]  # a desk: `디지털뉴스국 엄하은`
    reporters = _reporters(" ".join(t for t in tokens if re.fullmatch(_NAME, t)), dateline, emails)
    if not reporters:
        return None
    return reporters, outlet


_BRACKET_LEAD = re.compile(r"^\s*[\[【]\s*([^\[\]【】]{2,40}?)\s*[\]】]\s*")


def split_bracket_lead(paragraph: str) -> tuple[list[Reporter], str | None, str] | None:
    """For a paragraph opening with `[아시아경제 황진영 기자]` or `[서울경제]`: (reporters, outlet, rest)."""
    match = _BRACKET_LEAD.match(paragraph)
    if not match:
        return None
    parsed = parse_bracket_byline(match.group(1))
    if parsed is None:
        return None
    reporters, outlet = parsed
    return reporters, outlet, paragraph[match.end() :].strip()


def attach_emails(reporters: list[Reporter], emails: list[str]) -> None:
    """Give loose e-mail lines (an address on its own line after the byline) to the reporters without one, in order.
    A cut address (`abilitykl@`) names nobody's domain and is skipped."""
    for email in emails:
        if "." not in email.rsplit("@", 1)[-1]:
            continue
        for reporter in reporters:
            if reporter.email is None:
                reporter.email = email
                break
