"""Date mentions in Korean news text, resolved against the article's reference date (its publication date).

Handles absolute dates (`2024년 1월 9일`, `2024.1.9`), month-day (`3월 20~21일`), day-only (`9일`, `지난 7~8일`),
years (`2020년부터`), ranges (`8일부터 14일까지`, `20~21일`), and relative words (`어제`, `지난해`, `다음 달`).
Durations are not dates: `4박7일`, `3일간`, `7일 동안`, `30일 이내`.
"""

from __future__ import annotations

import calendar
import re
from dataclasses import dataclass
from datetime import date, timedelta
from functools import lru_cache

from transforms.common.kiwi import word_analyser

_DAY = r"(?:[12][0-9]|3[01]|0?[1-9])"
_MONTH = r"(?:1[0-2]|0?[1-9])"
_YEAR = r"(?:19[0-9]{2}|20[0-9]{2})"
# Years centuries back are dates (`1831년 12월 27일`, `포레는 1887년 레퀴엠을`), but an older bare number of years
# followed by these words is an age or a span (`1000년 된 나무`, `1500년 전`, `1200년 이상`)
_SPAN_AFTER_OLD_YEAR = re.compile(r"\s?(?:전|후|된|되|간|동안|만|이상|이하|가량|쯤|여|넘|의 역사)")
_HISTORIC_YEAR = r"(?:1[0-9]{3}|20[0-9]{2})"
# the year written before a month or day the pattern read alone (`2023년 5~6월`, `676년 3월 1일`)
_YEAR_BEFORE = re.compile(r"([0-9]+)\s?년\s?[‘'\"“]?$")
# DATE_PATTERN's alternatives, in order: the one that matched gives the mention's core start and end
_CORES = ("ymd", "dotted", "ym", "md", "monthonly", "d", "year", "century")
_LUNAR_BEFORE = re.compile(r"음력\s?$")  # 음력 9월 9일: a lunar date, another calendar
_EVERY_YEAR_BEFORE = re.compile(r"(?:매년|해마다|매해)\s?$")
_YEAR_WORD = re.compile(r"올해|금년|지난해|작년|내년|이번|평균|평년")
_LIST_GAP = re.compile(r"[\s,·~∼\-–과와및또는부터까지이나에는밤낮오전후새벽아침저녁]{0,12}")
_REPORTING_AFTER = re.compile(r"\s?(?:밝혔|발표했|전했|말했|알렸|공개했|설명했)")
_SENTENCE_BREAK = re.compile(r"[.!?](?:\s|$)|다[.”\"]|\n")
# 금고 10월, 징역 1년 6월: a sentence's length in months
_SENTENCE_BEFORE = re.compile(r"(?:징역|금고|구류|자격정지|정직|감봉)\s?(?:[0-9]+\s?년\s?)?$")
# A month written without its year and resolved after the publication date, whose verb is in the past tense
# (`8월 정직 1년의 징계를 내렸다` in June), is last year's: the tense check of temporal taggers such as HeidelTime.
_SENTENCE_END = re.compile(r"(?:다|요|죠)(?=[.!?”\"’]|\s*\n|\s*$)")
_RANGE = r"\s*[~∼〜\-–]\s*"

# What a date mention can start with: a digit (every core) or the first letter of a prefix word. Checked first at
# every position, it turns most positions away in one test (five times faster than failing through the groups).
DATE_STARTS = "0-9지오올내재작금이다그같"
DATE_PATTERN = re.compile(
    rf"""
    (?=[{DATE_STARTS}])(?<![0-9.])
    (?P<prefix>(?:지난해|지난달|지난|오는|올해|내년|재작년|작년|금년|(?<![가-힣])올|이달|이번\s달|다음\s?달|내달|그해|같은\s?해|(?:그\s)?이듬해|같은\s?달)\s)?
    (?:
        (?P<ymd>(?P<y1>{_HISTORIC_YEAR})\s?년\s?(?P<m1>{_MONTH})\s?월\s?(?P<d1>{_DAY})(?:\s?일(?:{_RANGE}(?P<d1b>{_DAY})\s?일?)?|{_RANGE}(?P<d1c>{_DAY})\s?일))
      | (?P<dotted>(?P<y2>{_YEAR})[.\-/]\s?(?P<m2>{_MONTH})[.\-/]\s?(?P<d2>{_DAY})(?![0-9]))
      | (?P<ym>(?P<y3>{_HISTORIC_YEAR})\s?년\s?(?P<m3>{_MONTH})(?:(?:\s?월)?{_RANGE}(?P<m3b>{_MONTH}))?\s?월(?!\s?[0-9]+\s?일))
      | (?P<md>(?P<m4>{_MONTH})\s?월\s?(?P<d4>{_DAY})(?:\s?일(?:{_RANGE}(?P<d4b>{_DAY})\s?일)?|{_RANGE}(?P<d4c>{_DAY})\s?일))
      | (?P<monthonly>(?P<m5>{_MONTH})(?:(?:\s?월)?{_RANGE}(?P<m5b>{_MONTH}))?\s?월(?!\s?[0-9]+\s?일))
      | (?P<d>(?P<d6>{_DAY})(?:{_RANGE}(?P<d6b>{_DAY}))?\s?일)
      | (?P<year>(?P<y7>{_HISTORIC_YEAR})(?:{_RANGE}(?P<y7b>{_HISTORIC_YEAR}|[0-9]{{2}}))?\s?년(?P<decade>대)?(?!\s?[0-9]{{1,2}}\s?월))
      | (?P<century>(?P<c8>[12]?[0-9])\s?세기)
    )
    (?P<suffix>\s?(?:부터|까지|간|동안|이내|째|전|후|만에))?
    """,
    re.VERBOSE,
)
RELATIVE_WORDS = {
    "그제": ("day", -2),
    "어제": ("day", -1),
    "오늘": ("day", 0),
    "내일": ("day", 1),
    "모레": ("day", 2),
    "지난주": ("week", -1),
    "이번 주": ("week", 0),
    "다음 주": ("week", 1),
    "다음주": ("week", 1),
    "지난달": ("month", -1),
    "이번 달": ("month", 0),
    "다음 달": ("month", 1),
    "다음달": ("month", 1),
    "지난해": ("year", -1),
    "작년": ("year", -1),
    "올해": ("year", 0),
    "내년": ("year", 1),
}
_RELATIVE = re.compile(
    r"(?<![가-힣])(" + "|".join(sorted(map(re.escape, RELATIVE_WORDS), key=len, reverse=True)) + ")(?!날)"
)  # 오늘날 is "nowadays"
# words before a month that name its year: 작년 5월 is last year's May
_PREFIX_YEAR_STEP = {"올해": 0, "올": 0, "금년": 0, "지난해": -1, "작년": -1, "재작년": -2, "내년": 1}
# words that name a year by the one the text wrote last: 1990년 ... 그해 10월
_ANAPHORIC_YEAR_STEP = {"그해": 0, "같은 해": 0, "같은해": 0, "이듬해": 1, "그 이듬해": 1}
# and before a day, its month: 지난달 30일
_PREFIX_MONTH_STEP = {"지난달": -1, "이달": 0, "이번 달": 0, "다음 달": 1, "다음달": 1, "내달": 1}
_DURATION_SUFFIX = {"간", "동안", "이내", "째", "만에"}


@dataclass(frozen=True, slots=True)
class DateMention:
    surface: str
    start: int
    end: int
    date_from: date | None
    date_to: date | None

    @property
    def is_resolved(self) -> bool:
        return self.date_from is not None


def _safe(year: int, month: int, day: int) -> date | None:
    if not 1 <= month <= 12 or not 1 <= day <= calendar.monthrange(year, month)[1]:
        return None
    return date(year, month, day)


def _month_end(year: int, month: int) -> date:
    return date(year, month, calendar.monthrange(year, month)[1])


def _shift_month(ref: date, months: int) -> tuple[int, int]:
    index = ref.year * 12 + ref.month - 1 + months
    return index // 12, index % 12 + 1


def _resolve_day(day: int, ref: date, direction: str | None) -> tuple[int, int]:
    """The (year, month) of a bare `N일`: this month, unless the words or the distance say another."""
    year, month = ref.year, ref.month
    if direction == "past" and day > ref.day:
        year, month = _shift_month(ref, -1)
    elif direction == "future" and day < ref.day:
        year, month = _shift_month(ref, 1)
    elif direction is None and day > ref.day:
        # the nearer of this month's and last month's day: `28일` in a story dated the 3rd is last month's (5 days
        # back, not 25 ahead), `27일` in one dated the 15th is this month's (12 ahead, 19 back); a tie is the past
        prev_year, prev_month = _shift_month(ref, -1)
        back = ref.day + calendar.monthrange(prev_year, prev_month)[1] - day
        if back <= day - ref.day:
            year, month = prev_year, prev_month
    return year, month


def _resolve_month(month: int, ref: date, direction: str | None, explicit_year: int | None) -> int:
    if explicit_year:
        return explicit_year
    if direction == "future" and month < ref.month:
        return ref.year + 1
    if direction == "past" and month > ref.month:
        return ref.year - 1
    return ref.year


def _relative(word: str, ref: date) -> tuple[date, date]:
    unit, step = RELATIVE_WORDS[word]
    if unit == "day":
        day = ref + timedelta(days=step)
        return day, day
    if unit == "week":
        monday = ref - timedelta(days=ref.weekday()) + timedelta(weeks=step)
        return monday, monday + timedelta(days=6)
    if unit == "month":
        year, month = _shift_month(ref, step)
        return date(year, month, 1), _month_end(year, month)
    return date(ref.year + step, 1, 1), date(ref.year + step, 12, 31)


_PAST_ENDINGS = frozenset({"었", "았", "였", "더"})
# verbs that make postpositions (`에 대한`, `에 따른`, `을 위한`): their ㄴ is no tense
_POSTPOSITION_VERBS = frozenset(
    {"대하", "관하", "의하", "위하", "통하", "따르", "인하", "비롯하", "향하", "불구하"}
)
_PLAN_WORDS = re.compile(r"예정|계획|전망|방침|목표")


@lru_cache(maxsize=1 << 14)
def _told_in_past(clause: str) -> bool:
    """Whether the first verb after a date is in the past tense (Kiwi): a past ending (석방됐다, 떨어졌다) or a past
    adnominal (결정을 한 뒤, 합세한); not a plan (열기로 하고), a present modifier (퇴임하는) or a will (개최하겠다)."""
    if _PLAN_WORDS.search(clause):
        return False
    toks = word_analyser().tokenize(clause)
    for i, tok in enumerate(toks):
        tag = tok.tag.split("-")[0]
        if tag not in {"VV", "VA", "VX", "XSV", "XSA", "VCP"} or tok.form in _POSTPOSITION_VERBS:
            continue
        for nxt in toks[i + 1 :]:
            t = nxt.tag.split("-")[0]
            if t == "EP":
                if nxt.form in _PAST_ENDINGS:
                    return True
                continue
            if t == "ETM":
                return nxt.form in {"ᆫ", "ㄴ", "은", "던"} and tag in {"VV", "XSV"}  # Kiwi writes ㄴ as U+11AB
            return False
        return False
    return False


def _clause_after(body: str, end: int) -> str:
    """The text from a date to the end of its sentence (at most 200 characters)."""
    close = _SENTENCE_END.search(body, end, min(len(body), end + 200))
    return body[end : close.end() if close else min(len(body), end + 200)]


def find_date_mentions(body: str, reference: date | None) -> list[DateMention]:
    """Date mentions in `body`, in order, resolved against `reference` (None: only absolute dates resolve).

    Returns DateMention with Python str offsets; `body[start:end] == surface`.
    """
    found: list[DateMention] = []
    taken: list[tuple[int, int]] = []
    last_written_year: int | None = None
    sentence_year: tuple[int, int | None, int] | None = None  # (year, month, end) of the last written year
    last_day: tuple[date, int] | None = None  # the last resolved month-day and where it ends
    for m in DATE_PATTERN.finditer(body):
        suffix = (m.group("suffix") or "").strip()
        if suffix in _DURATION_SUFFIX:
            continue
        core_start = next(m.start(g) for g in _CORES if m.group(g))
        if core_start > 0 and body[core_start - 1] == "박":  # 4박7일: a trip's length
            continue
        if (m.group("md") or m.group("monthonly")) and _SENTENCE_BEFORE.search(
            body, max(0, core_start - 12), core_start
        ):
            continue
        if m.group("year") and int(m["y7"]) < 1900 and _SPAN_AFTER_OLD_YEAR.match(body, m.end("year")):
            continue
        if m.group("d") and re.match(
            r"\s?(?:개|명|곳|건|시|분|초|원|번|차|회|위|배|치|%|정지|의\s(?:[가-힣]+\s)?(?:정지|기간))",
            body[m.end("d") :],
        ):
            continue
        if m.group("monthonly") and body.startswith("호", m.end("monthonly")):  # 7·8월호: a magazine issue
            continue
        prefix = (m.group("prefix") or "").strip()
        direction = {"지난": "past", "오는": "future"}.get(prefix)
        year_step = _PREFIX_YEAR_STEP.get(prefix)
        month_step = _PREFIX_MONTH_STEP.get(re.sub(r"\s+", " ", prefix))
        prefix_year = reference.year + year_step if reference and year_step is not None else None
        anaphoric_step = _ANAPHORIC_YEAR_STEP.get(re.sub(r"\s+", " ", prefix))
        if anaphoric_step is not None and last_written_year is not None:
            prefix_year = last_written_year + anaphoric_step
        end = m.end("suffix") if suffix in {"부터", "까지"} else next(m.end(g) for g in _CORES if m.group(g))
        decade = bool(m.group("decade")) and int(m["y7"]) % 10 == 0  # 1950년대: the ten years
        if m.group("decade") and not decade and end == m.end("year"):
            end -= 1  # `2024년대`: no decade; the year alone
        # 그해 with no year written before it: no year to take, not this year; 매년 8월 is no one date
        unread_year = (
            (anaphoric_step is not None and last_written_year is None)
            or _EVERY_YEAR_BEFORE.search(body, max(0, core_start - 4), core_start)
            or body.startswith("마다", end)  # 6월마다
            or _LUNAR_BEFORE.search(body, max(0, core_start - 4), core_start)
        )
        # a month later in a sentence that wrote its year takes it (`2019년 11월 말 또는 12월 초`,
        # `작년 2월과 8월`); a month before the written one is the next year's (`2023년 11월부터 2월까지`)
        if (
            sentence_year is not None
            and prefix_year is None
            and direction is None
            and (m.group("md") or m.group("monthonly"))
            and not _SENTENCE_BREAK.search(body, sentence_year[2], core_start)
            and not _YEAR_WORD.search(body, sentence_year[2], core_start)
        ):
            month_here = int(m["m4"] or m["m5"])
            prefix_year = sentence_year[0] + (sentence_year[1] is not None and month_here < sentence_year[1])
        # a month or day right after a written year takes that year; after one no date has (`676년 3월`) it stays
        # unresolved rather than become this year's
        year_before = (m.group("md") or m.group("monthonly") or m.group("d")) and _YEAR_BEFORE.search(
            body[max(0, core_start - 8) : core_start]
        )
        if year_before:
            written = int(year_before.group(1))
            if written < 100:  # 징역 2년6월, 1년 3개월: a length of time
                continue
            unread_year = not 1000 <= written <= 2099
            prefix_year = None if unread_year else written
        start = m.start() if prefix else core_start
        date_from = date_to = None
        if m.group("ymd"):
            date_from = _safe(int(m["y1"]), int(m["m1"]), int(m["d1"]))
            range_end = m["d1b"] or m["d1c"]
            date_to = _safe(int(m["y1"]), int(m["m1"]), int(range_end)) if range_end else date_from
        elif m.group("dotted"):
            date_from = date_to = _safe(int(m["y2"]), int(m["m2"]), int(m["d2"]))
        elif m.group("ym"):
            year, month = int(m["y3"]), int(m["m3"])
            last = int(m["m3b"]) if m["m3b"] else month  # 2018년 8월~10월
            date_from, date_to = date(year, month, 1), _month_end(year + (last < month), last)
        elif m.group("year"):
            year = int(m["y7"])
            last = int(m["y7b"]) if m["y7b"] else year  # 2019~2023년
            if m["y7b"] and len(m["y7b"]) == 2:  # 1970~80년대
                last = year - year % 100 + last + (100 if last < year % 100 else 0)
            # 1950년대 is ten years; 1800년대 (and 1900년대) a century, 2000년대 the decade
            span = (99 if year % 100 == 0 and year < 2000 else 9) if decade else 0
            date_from, date_to = date(year, 1, 1), date(last + span, 12, 31)
        elif m.group("century"):
            if body.endswith(("기원전", "기원전 "), 0, core_start) or int(m["c8"]) == 0:
                continue  # 기원전 5세기: before the calendar's first year
            century = int(m["c8"])
            date_from, date_to = date(century * 100 - 99, 1, 1), date(century * 100, 12, 31)
        elif unread_year:
            pass
        elif reference is not None and m.group("md"):
            month = int(m["m4"])
            year = _resolve_month(month, reference, direction, prefix_year)
            if (
                direction is None
                and prefix_year is None
                and (month, int(m["d4"])) > (reference.month, reference.day)
            ):
                year -= _told_in_past(_clause_after(body, m.end()))
            date_from = _safe(year, month, int(m["d4"]))
            range_end = m["d4b"] or m["d4c"]
            date_to = _safe(year, month, int(range_end)) if range_end else date_from
        elif reference is not None and m.group("monthonly"):
            month = int(m["m5"])
            year = _resolve_month(month, reference, direction, prefix_year)
            if direction is None and prefix_year is None and month > reference.month:
                year -= _told_in_past(_clause_after(body, m.end()))
            last = int(m["m5b"]) if m["m5b"] else month  # 5~6월, 5월~6월; 12~1월 ends next year
            last_year = year + 1 if last < month else year
            date_from, date_to = date(year, month, 1), _month_end(last_year, last)
        elif reference is not None and m.group("d"):
            day = int(m["d6"])
            if month_step is not None:
                year, month = _shift_month(reference, month_step)
            elif last_day is not None and re.sub(r"\s+", "", prefix) == "같은달":
                year, month = last_day[0].year, last_day[0].month
            elif (
                last_day is not None
                and not prefix
                and day >= last_day[0].day
                and _LIST_GAP.fullmatch(body, last_day[1], core_start)
            ):
                # `5월 2일, 9일, 17일`, `8월 21일과 22일`, `3월 8일부터 28일`: a day listed right after another
                # takes its month
                year, month = last_day[0].year, last_day[0].month
            else:
                year, month = _resolve_day(day, reference, direction)
            date_from = _safe(year, month, int(m["d6"]))
            date_to = _safe(year, month, int(m["d6b"])) if m["d6b"] else date_from
        if date_from and date_to and date_to < date_from:
            date_to = date_from
        if date_from and (
            m.group("ymd") or m.group("dotted") or m.group("ym") or m.group("year") or prefix_year is not None
        ):
            last_written_year = date_to.year if date_to else date_from.year
            sentence_year = (
                last_written_year,
                None if m.group("year") else (date_to or date_from).month,
                end,
            )
        if (
            date_to
            and (m.group("ymd") or m.group("dotted") or m.group("md") or m.group("d"))
            and not _REPORTING_AFTER.match(body, end)
        ):
            last_day = (date_to, end)  # the day a story was reported (`6일 밝혔다`) is no event of it
        found.append(DateMention(body[start:end], start, end, date_from, date_to))
        taken.append((start, end))
    for m in _RELATIVE.finditer(body):
        if any(s <= m.start() < e for s, e in taken):
            continue
        date_from, date_to = _relative(m.group(1), reference) if reference else (None, None)
        found.append(DateMention(m.group(1), m.start(), m.end(), date_from, date_to))
    found.sort(key=lambda d: d.start)
    return _merge_ranges(body, found)


def _merge_ranges(body: str, mentions: list[DateMention]) -> list[DateMention]:
    """`8일부터 14일까지` is one range: merge a `…부터` mention with the `…까지` one right after it."""
    merged: list[DateMention] = []
    for mention in mentions:
        if (
            merged
            and merged[-1].surface.endswith("부터")
            and mention.surface.endswith("까지")
            and not body[merged[-1].end : mention.start].strip()
        ):
            first = merged.pop()
            date_to = mention.date_to or first.date_to
            if first.date_from and date_to and date_to < first.date_from:
                # `28일부터 3일까지`: the end is the first such day on or after the start.
                date_to = _safe(first.date_from.year, first.date_from.month, date_to.day)
                if date_to is None or date_to < first.date_from:
                    year, month = _shift_month(first.date_from, 1)
                    date_to = _safe(year, month, mention.date_to.day) or _month_end(year, month)
            mention = DateMention(
                body[first.start : mention.end], first.start, mention.end, first.date_from, date_to
            )
        merged.append(mention)
    return merged
