"""Reporters from author, creator and byline fields (`인천=이현준 기자`, `By Erin Cunningham`, `홍길동·김철수 기자`),
and the merge of reporters named in several places (metadata, lead and closing bylines)."""

from __future__ import annotations

import re
from collections.abc import Iterable

from transforms.common.publishers import is_publication
from transforms.common.text import normalize_text
from transforms.ingest.byline import EMAIL_RE, REPORTER_TITLES, parse_byline_line, split_lead_byline
from transforms.ingest.records import Reporter

_AUTHOR_PREFIX = re.compile(
    r"^(?:by|par|von|por|di|door|av|af|written by|글|글쓴이)\s*[:\s]\s*", re.IGNORECASE
)
_AUTHOR_SPLIT = re.compile(r"\s*(?:;|\||,|\band\b|&|\bund\b|\bet\b|\by\b|·|ㆍ)\s*")
_NON_PERSON = re.compile(
    r"https?://|www\.|\.(?:com|net|org|kr)\b|^\d|\bstaff\b|\bdesk\b|newsroom|editor(?:ial)?s?$|reporters?$|"
    r"\bwriters?\b|\bbureau\b|\bwire\b|\bcorrespondents?\b|\bnews\b|\bpress\b|"
    r"^(?:reuters|ap|afp|upi|dpa|efe|ansa|bloomberg|associated press|agence france-presse|yonhap|xinhua)$|"
    r"뉴스룸|온라인|디지털|인터넷|편집국|취재팀|뉴스팀|뉴스부",
    re.IGNORECASE,
)
_KOREAN_NAME_FIRST = re.compile(r"^([가-힣]{2,4})(?:\s|\(|$)")
# What author fields hold that is not a person: CMS placeholders and labels.
_NOT_AUTHORS = frozenset(
    {
        "username",
        "admin",
        "administrator",
        "submitted",
        "author",
        "authors",
        "by",
        "作者",
        "记者",
        "記者",
        "autor",
        "redaktion",
        "redacción",
        "rédaction",
        "anonymous",
        "unknown",
        "none",
        "null",
        "guest",
        "user",
    }
)


def reporters_from_author(value: str | None) -> list[Reporter]:
    """Reporters from an author/creator/byline field: `인천=이현준 기자`, `김명일 기자`, `정상민 교수(충남대 로스쿨)`,
    `By Erin Cunningham`, `Jane Doe and John Roe`, `홍길동·김철수 기자`. Desks and sites are not people."""
    if not value:
        return []
    text = normalize_text(value).replace("\n", " ").strip()
    if not text or len(text) > 200:
        return []
    emails = EMAIL_RE.findall(text)
    text = text.lstrip("|·-–—:> ")
    if _HANGUL.match(text):  # a Korean credit line: `[place=]NAME [description], …`
        return _korean_author_names(text, emails)
    parsed = parse_byline_line(text)
    if parsed:
        return parsed
    # `수원=권상은 기자, 인천=김현수 기자`: several bylines in one field
    parts = [parse_byline_line(part) for part in re.split(r"\s*[,;/]\s*", text)]
    if len(parts) > 1 and all(parts):
        return merge_reporters(*parts)
    lead = split_lead_byline(text)
    if lead and lead[0]:
        return lead[0]
    text = EMAIL_RE.sub(" ", text).strip(" ,;()[]<>")
    text = _AUTHOR_PREFIX.sub("", text)
    reporters: list[Reporter] = []
    for part in _AUTHOR_SPLIT.split(text):
        part = part.strip(" .,:;-–—")
        if not part or _NON_PERSON.search(part) or part.casefold() in _NOT_AUTHORS:
            continue
        korean = _KOREAN_NAME_FIRST.match(part)
        if korean:
            byline = parse_byline_line(part)
            name = byline[0].name if byline else korean.group(1)
            if byline is None and part.endswith(("기자", "특파원")) and " " not in part:
                continue
        elif re.fullmatch(r"[^\W\d_][\w'’.\- ]{1,60}", part) and 1 <= len(part.split()) <= 5:
            name = part
        else:
            continue
        if name not in {r.name for r in reporters}:
            reporters.append(Reporter(name=name))
    for reporter, email in zip(reporters, emails, strict=False):
        reporter.email = email
    return reporters


_HANGUL = re.compile(r"[가-힣]")
# Desks and generic bylines (`인터넷 기자`, `온라인뉴스부`): no person.
_DESK_WORDS = frozenset(
    {
        "인터넷",
        "온라인",
        "디지털",
        "뉴스",
        "편집",
        "편집부",
        "사회부",
        "정치부",
        "경제부",
        "국제부",
        "문화부",
        "체육부",
        "사진부",
        "영상",
        "사진",
        "그래픽",
        "취재",
        "정리",
        "기획",
        "구성",
        "인턴",
        "기자",
        "특파원",
        "논설위원",
        "연합뉴스",
    }
)


def _korean_author_names(text: str, emails: list[str]) -> list[Reporter]:
    """A Korean creator field: comma-separated credits, each `[place or role=]NAME [description]`.

    `김미향 출판평론가·수필가` is one person with a description; `기획·구성=오주비 기자` credits 오주비; `인천=이현준
    기자` carries a dateline; `인터넷 기자` names a desk, not a person.
    """
    reporters: list[Reporter] = []
    for part in re.split(r"\s*[,;，]\s*", EMAIL_RE.sub(" ", text)):
        part = re.sub(r"\([^)]*\)", " ", part).strip()
        dateline = None
        credit = re.match(r"^([^=]{1,20})=\s*", part)
        if credit:
            label = credit.group(1).strip()
            is_place = not re.search(r"기획|구성|글|사진|그림|영상|정리|취재|편집|디자인", label)
            dateline = label if is_place else None
            part = part[credit.end() :]
        tokens = part.split()
        if not tokens:
            continue
        joined = tokens[0].split("·")
        if len(joined) > 1 and len(tokens) > 1 and tokens[1] in REPORTER_TITLES:
            # `홍길동·김철수 기자`: names joined by a middle dot share the title
            tokens = [*joined, *tokens[1:]]
        match = re.fullmatch(r"([가-힣]{2,4}?)(?:선임기자|기자|특파원)?", tokens[0])
        if not match or match.group(1) in _DESK_WORDS or is_publication(tokens[0]):
            continue
        names = [match.group(1)]
        # `이영섭 이의진 기자`: several names before one title
        for token in tokens[1:]:
            if (
                re.fullmatch(r"[가-힣]{2,4}", token)
                and token not in _DESK_WORDS
                and token not in REPORTER_TITLES
            ):
                names.append(token)
                continue
            break
        if len(names) > 1 and not (len(tokens) > len(names) and tokens[len(names)] in REPORTER_TITLES):
            names = names[:1]  # `김현철 서울 영동고 역사 교사`: one name, then a description
        for name in names:
            if name not in {r.name for r in reporters}:
                reporters.append(Reporter(name=name, dateline=dateline))
    for reporter, email in zip(reporters, emails, strict=False):
        reporter.email = email
    return reporters


def merge_reporters(*groups: Iterable[Reporter]) -> list[Reporter]:
    """One reporter per name, in first-seen order; a later mention fills an e-mail or dateline the first lacked.

    Names are compared case-insensitively (`JEFFREY GETTLEMAN` is `Jeffrey Gettleman`), and a lone lower-case handle
    that is the first name of a known reporter (`devindra`) is that reporter.
    """
    merged: dict[str, Reporter] = {}
    for group in groups:
        for reporter in group:
            key = " ".join(re.sub(r"[\W_]+", " ", reporter.name.casefold()).split())
            if key not in merged and " " not in key and reporter.name.islower():
                key = next((k for k in merged if k.split(" ")[0] == key), key)
            known = merged.get(key)
            if known is None:
                merged[key] = Reporter(reporter.name, reporter.email, reporter.dateline)
            else:
                known.email = known.email or reporter.email
                known.dateline = known.dateline or reporter.dateline
                if known.name.isupper() and not reporter.name.isupper():
                    known.name = reporter.name
    return list(merged.values())
