"""Publisher identity from a domain, an e-mail address, an agency tag or a copyright line."""

from __future__ import annotations

import re
from collections.abc import Sequence

# Registered domain -> publisher name. Korean outlets seen in the corpora plus the national majors.
PUBLISHER_BY_DOMAIN: dict[str, str] = {
    "hankyung.com": "한국경제",
    "chosun.com": "조선일보",
    "biz.chosun.com": "조선비즈",
    "yna.co.kr": "연합뉴스",
    "yonhapnewstv.co.kr": "연합뉴스TV",
    "news1.kr": "뉴스1",
    "sedaily.com": "서울경제",
    "newsis.com": "뉴시스",
    "ytn.co.kr": "YTN",
    "sbs.co.kr": "SBS",
    "edaily.co.kr": "이데일리",
    "fnnews.com": "파이낸셜뉴스",
    "heraldcorp.com": "헤럴드경제",
    "mt.co.kr": "머니투데이",
    "nocutnews.co.kr": "노컷뉴스",
    "cbs.co.kr": "노컷뉴스",
    "ohmynews.com": "오마이뉴스",
    "mbc.co.kr": "MBC",
    "imbc.com": "MBC",
    "seoul.co.kr": "서울신문",
    "kmib.co.kr": "국민일보",
    "kbs.co.kr": "KBS",
    "hani.co.kr": "한겨레",
    "khan.co.kr": "경향신문",
    "joongang.co.kr": "중앙일보",
    "joins.com": "중앙일보",
    "donga.com": "동아일보",
    "mk.co.kr": "매일경제",
    "lawtimes.co.kr": "법률신문",
    "hankookilbo.com": "한국일보",
    "segye.com": "세계일보",
    "munhwa.com": "문화일보",
    "asiae.co.kr": "아시아경제",
    "etnews.com": "전자신문",
    "zdnet.co.kr": "지디넷코리아",
    "dt.co.kr": "디지털타임스",
    "ajunews.com": "아주경제",
    "newspim.com": "뉴스핌",
    "inews24.com": "아이뉴스24",
    "jtbc.co.kr": "JTBC",
    "ichannela.com": "채널A",
    "tvchosun.com": "TV조선",
    "mbn.co.kr": "MBN",
    "koreaherald.com": "코리아헤럴드",
    "koreatimes.co.kr": "코리아타임스",
    "dailian.co.kr": "데일리안",
    "pressian.com": "프레시안",
    "mediatoday.co.kr": "미디어오늘",
    "busan.com": "부산일보",
    "kookje.co.kr": "국제신문",
    "imaeil.com": "매일신문",
    "kwnews.co.kr": "강원일보",
    "yonhapnews.co.kr": "연합뉴스",
    "heraldbiz.com": "헤럴드경제",
    "imnews.com": "MBC",
    "kyunghyang.com": "경향신문",
    "sportsworldi.com": "스포츠월드",
    "mydaily.co.kr": "마이데일리",
    "joseilbo.com": "조세일보",
    "moneys.mt.co.kr": "머니S",
    "msnet.co.kr": "매일신문",
    "mbcplus.com": "MBC플러스",
    "sportsseoul.com": "스포츠서울",
    "osen.co.kr": "OSEN",
    "hankyung.co.kr": "한국경제",
}

DOMAIN_BY_PUBLISHER: dict[str, str] = {}
for _domain, _name in PUBLISHER_BY_DOMAIN.items():
    DOMAIN_BY_PUBLISHER.setdefault(_name, _domain)

# Other spellings of a publisher seen in copyright lines, agency tags and crawler `source` fields.
PUBLISHER_ALIASES: dict[str, str] = {
    "뉴스1코리아": "뉴스1",
    "News1": "뉴스1",
    "한겨레신문": "한겨레",
    "공감언론 뉴시스통신사": "뉴시스",
    "뉴시스통신사": "뉴시스",
    "NEWSIS": "뉴시스",
    "CBS노컷뉴스": "노컷뉴스",
    "CBS 노컷뉴스": "노컷뉴스",
    "Yonhap": "연합뉴스",
    "연합뉴스 TV": "연합뉴스TV",
    "YTN PLUS": "YTN",
    "SBS Digital News Lab": "SBS",
    "한경닷컴": "한국경제",
    "모바일한경": "한국경제",
    "MBC&iMBC": "MBC",
    "iMBC": "MBC",
    "조선닷컴": "조선일보",
    "Chosun Ilbo": "조선일보",
    "The Korea Herald": "코리아헤럴드",
    "The Korea Times": "코리아타임스",
    "Yonhap News Agency": "연합뉴스",
    "Lawtimes": "법률신문",
}
# The first label of a known domain (`yna` for yna.co.kr), as crawlers write a `source` field.
_STEMS: dict[str, str] = {}
for _domain in PUBLISHER_BY_DOMAIN:
    _stem = _domain.split(".")[0]
    _STEMS[_stem] = "" if _stem in _STEMS else _domain
DOMAIN_BY_STEM: dict[str, str] = {stem: domain for stem, domain in _STEMS.items() if domain}
# Every name a publisher goes by: its registered name or one of its other spellings.
KNOWN_PUBLISHER_NAMES = frozenset({*DOMAIN_BY_PUBLISHER, *PUBLISHER_ALIASES})
_KNOWN_NAMES = sorted(KNOWN_PUBLISHER_NAMES, key=lambda n: (-len(n), n))
_KNOWN_NAME_RE = re.compile("|".join(re.escape(n) for n in _KNOWN_NAMES))
_DOMAIN_IN_TEXT = re.compile(
    r"(?<![A-Za-z0-9@.-])((?:[a-z0-9-]{1,63}\.){1,6}(?:com|net|org|kr|co\.kr|or\.kr))\b", re.IGNORECASE
)

# Mail providers: an address there says nothing about the publisher.
FREE_MAIL_DOMAINS = frozenset(
    {
        "gmail.com",
        "naver.com",
        "daum.net",
        "hanmail.net",
        "kakao.com",
        "nate.com",
        "hotmail.com",
        "yahoo.com",
        "outlook.com",
        "icloud.com",
        "korea.com",
    }
)

_SECOND_LEVEL = frozenset({"co", "or", "go", "ne", "re", "ac", "pe", "com", "org", "net"})


def registered_domain(host: str) -> str | None:
    """`news.hankyung.com` -> `hankyung.com`; `www.yna.co.kr` -> `yna.co.kr`; known sub-brands kept."""
    host = host.strip().lower().rstrip(".")
    host = re.sub(r"^[a-z]+://", "", host).split("/")[0].split(":")[0]
    if not host or "." not in host:
        return None
    labels = host.split(".")
    for size in range(len(labels), 1, -1):
        candidate = ".".join(labels[-size:])
        if candidate in PUBLISHER_BY_DOMAIN:
            return candidate
    if len(labels) >= 3 and len(labels[-1]) == 2 and labels[-2] in _SECOND_LEVEL:
        return ".".join(labels[-3:])
    return ".".join(labels[-2:])


def publisher_from_domain(host: str | None) -> tuple[str | None, str | None]:
    """(publisher name, registered domain) for a host or URL; the name is None when the domain is unknown."""
    if not host:
        return None, None
    domain = registered_domain(host)
    if domain is None or domain in FREE_MAIL_DOMAINS:
        return None, None
    return PUBLISHER_BY_DOMAIN.get(domain), domain


def publisher_from_email(email: str | None) -> tuple[str | None, str | None]:
    """(publisher name, domain) from a reporter's address; free-mail addresses give (None, None)."""
    if not email or "@" not in email:
        return None, None
    return publisher_from_domain(email.rsplit("@", 1)[1])


def publisher_from_name(name: str | None) -> tuple[str | None, str | None]:
    """(publisher name, domain) from a name such as an agency tag (`연합뉴스`) or copyright holder.

    Aliases (`뉴스1코리아` → 뉴스1) and domain stems (`yna` → 연합뉴스) resolve to the registered publisher.
    """
    if not name:
        return None, None
    name = name.strip()
    name = PUBLISHER_ALIASES.get(name, name)
    if name in DOMAIN_BY_PUBLISHER:
        return name, DOMAIN_BY_PUBLISHER[name]
    stem_domain = DOMAIN_BY_STEM.get(name.lower())
    if stem_domain:
        return PUBLISHER_BY_DOMAIN[stem_domain], stem_domain
    return name, None


def publisher_in_text(text: str | None) -> tuple[str | None, str | None]:
    """(publisher name, domain) named somewhere in a line such as a copyright footer.

    `ⓒ 한국경제 & hankyung.com, 무단전재 및 재배포 금지` → (한국경제, hankyung.com). A known name wins over a
    domain; an unknown domain is returned with no name. (None, None) when the line names no publisher.
    """
    if not text:
        return None, None
    found = _KNOWN_NAME_RE.search(text)
    if found:
        return publisher_from_name(found.group(0))
    for match in _DOMAIN_IN_TEXT.finditer(text):
        name, domain = publisher_from_domain(match.group(1))
        if domain:
            return name, domain
    return None, None


def _url_host(url: str | None) -> str | None:
    if not url:
        return None
    match = re.match(r"^[a-z][a-z0-9+.-]*://([^/?#]+)", url.strip(), re.IGNORECASE)
    return match.group(1) if match else None


def resolve_publisher(
    *,
    url: str | None = None,
    emails: Sequence[str] = (),
    copyright_line: str | None = None,
    agency: str | None = None,
    site_name: str | None = None,
    source_name: str | None = None,
) -> tuple[str | None, str | None]:
    """(publisher name, domain). The outlet the page was published on wins (URL), then reporter e-mail domains,
    the copyright line, the agency or outlet tag in the lead, the site name, and a crawler's `source` field."""
    url_name, url_domain = publisher_from_domain(_url_host(url))
    if url_name:
        return url_name, url_domain
    candidates: list[tuple[str | None, str | None]] = [publisher_from_email(e) for e in emails]
    if copyright_line:
        candidates.append(publisher_in_text(copyright_line))
    if agency:
        candidates.append(publisher_from_name(agency))
    if source_name:
        candidates.append(publisher_from_name(source_name))
    if site_name:
        named = publisher_in_text(site_name)
        candidates.append(named if named[0] else (site_name.strip(), None))
    for name, domain in candidates:
        if name and domain:
            return name, domain
    if url_domain:
        named = next((name for name, _ in candidates if name), None)
        return named, url_domain
    for name, domain in candidates:
        if domain:
            return name, domain
    for name, domain in candidates:
        if name:
            return name, domain
    return None, None


_PUBLICATION_ENDINGS = ("일보", "신문", "뉴스", "방송", "통신", "닷컴", "미디어", "매거진", "저널")


def is_publication(name: str) -> bool:
    """A credit that names a paper, not a person: `조선일보` (Chosun's creator field on its fortune column), `연합뉴스`,
    `한경닷컴`, any known publisher or one of its spellings."""
    return name in KNOWN_PUBLISHER_NAMES or name.endswith(_PUBLICATION_ENDINGS)
