"""Publication dates as sources write them.

`parse_datetime` reads the date formats crawlers leave (ISO 8601, RFC 822, Korean `2018.02.25 오후 3:10`, epoch
seconds or milliseconds) and returns a timezone-aware datetime, KST when the source gives no zone.
"""

from __future__ import annotations

import re
import warnings
from datetime import UTC, datetime, timedelta, timezone
from email.utils import parsedate_to_datetime

KST = timezone(timedelta(hours=9))
_MIN_YEAR, _MAX_YEAR = 1990, 2100

_KOREAN_DATE = re.compile(
    r"(?P<y>\d{4})\s*[.\-/년]\s*(?P<m>\d{1,2})\s*[.\-/월]\s*(?P<d>\d{1,2})\s*일?\.?"
    r"(?:\s*\([월화수목금토일]\))?"
    r"(?:\s*(?P<ampm>오전|오후|AM|PM|am|pm)?\s*(?P<H>\d{1,2})\s*[:시]\s*(?P<M>\d{1,2})?\s*분?"
    r"(?:\s*:\s*(?P<S>\d{1,2}))?)?"
)
_ZONE_SUFFIX = re.compile(r"\s*(?:KST|\(KST\)|\+09:?00)\s*$")


def _aware(value: datetime, default_tz: timezone) -> datetime | None:
    if not _MIN_YEAR <= value.year <= _MAX_YEAR:
        return None
    return value if value.tzinfo is not None else value.replace(tzinfo=default_tz)


def parse_datetime(value: object, default_tz: timezone = KST) -> datetime | None:
    """A timezone-aware datetime from what a source gives, or None when it is not a date.

    Args:
        value: a string (ISO 8601, RFC 822, `2018.02.25 오후 3:10`, `2024년 6월 12일 10:30`), an epoch number
            (seconds or milliseconds), or a datetime.
        default_tz: the zone of a value written without one (KST: the corpora are Korean newsrooms).
    """
    if value is None or isinstance(value, bool):
        return None
    if isinstance(value, datetime):
        return _aware(value, default_tz)
    if isinstance(value, int | float):
        seconds = float(value) / 1000 if abs(value) > 1e11 else float(value)
        try:
            return _aware(datetime.fromtimestamp(seconds, tz=UTC), default_tz)
        except (OverflowError, OSError, ValueError):
            return None
    if not isinstance(value, str):
        return None
    text = value.strip()
    if not text or len(text) > 80:
        return None
    if re.fullmatch(r"\d{10}(?:\d{3})?", text):
        return parse_datetime(int(text), default_tz)
    zone = default_tz
    if _ZONE_SUFFIX.search(text) and not re.search(r"[+-]\d{2}:?\d{2}$", text):
        text, zone = _ZONE_SUFFIX.sub("", text), KST
    try:
        return _aware(datetime.fromisoformat(text.replace(" UTC", "+00:00")), zone)
    except ValueError:
        pass
    if re.search(r"[A-Za-z]{3},?\s+\d{1,2}\s+[A-Za-z]{3}|\d{1,2}\s+[A-Za-z]{3}\s+\d{4}", text):
        try:
            parsed = parsedate_to_datetime(text)
            # RFC 822 `-0000` means "UTC, local zone unknown": the instant is still UTC.
            return _aware(parsed if parsed.tzinfo else parsed.replace(tzinfo=UTC), zone)
        except (TypeError, ValueError, IndexError):
            pass
    match = _KOREAN_DATE.search(text)
    if match:
        hour = int(match.group("H") or 0)
        ampm = (match.group("ampm") or "").lower()
        if ampm in {"오후", "pm"} and hour < 12:
            hour += 12
        elif ampm in {"오전", "am"} and hour == 12:
            hour = 0
        try:
            return _aware(
                datetime(
                    int(match.group("y")),
                    int(match.group("m")),
                    int(match.group("d")),
                    hour,
                    int(match.group("M") or 0),
                    int(match.group("S") or 0),
                ),
                zone,
            )
        except ValueError:
            return None
    return _dateutil_parse(text, zone)


def _dateutil_parse(text: str, zone: timezone) -> datetime | None:
    """English month names and other free forms; the default date is a sentinel, never today (no clock)."""
    from dateutil import parser as dateutil_parser

    sentinel = datetime(1, 1, 1)
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # `EST` and other zone names it cannot map
            parsed = dateutil_parser.parse(text, default=sentinel, fuzzy=False)
    except (ValueError, OverflowError, TypeError):
        return None
    if parsed.year == 1:
        return None
    return _aware(parsed, zone)
