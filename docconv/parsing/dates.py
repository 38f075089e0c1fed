"""Finding the publication time in a meta line: the many ways Chinese sites print it."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime, timedelta, timezone, tzinfo
from functools import cache

from ..errors import DocconvError

DEFAULT_ZONE = "Asia/Shanghai"


@cache
def zone(name: str) -> tzinfo:
    """An IANA zone by name, or a DocconvError that says it is unknown."""
    from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError):
        raise DocconvError(f"unknown time zone {name!r} (use an IANA name such as Asia/Shanghai)") from None


_SEP = r"\s*[-/.年]\s*"
_YEAR = r"(?P<y>(?:19|20)\d{2})"
_MONTH = r"(?P<m>1[0-2]|0?[1-9])"
_DAY = r"(?P<d>3[01]|[12]\d|0?[1-9])"
_TIME = (
    r"(?:\s*T?\s*(?:(?:上午|早上|凌晨)|(?P<pm>下午|晚上|晚间))?\s*"
    r"(?P<H>[01]?\d|2[0-3])\s*[:：时時点]\s*(?P<M>[0-5]\d)"
    r"(?:\s*[:：分]\s*(?P<S>[0-5]\d)(?:\.\d+)?)?)?"
)
# An explicit zone after the time: HKT, GMT+8, UTC, +08:00, 北京时间.
_ZONE = r"(?:\s*(?P<zone>(?:GMT|UTC)?\s*[+-]\s*\d{1,2}(?::?\d{2})?(?!\d)|HKT|CST|GMT|UTC|Z(?![A-Za-z])))?"
DATE_RE = re.compile(
    r"(?<!\d)" + _YEAR + _SEP + _MONTH + r"\s*[-/.月]\s*" + _DAY + r"(?!\d)\s*[日号]?" + _TIME + _ZONE
)
# Time glued before the date, as some mobile pages print it: 15:312018/09/16.
GLUED_RE = re.compile(
    r"(?<!\d)(?P<H>[01]\d|2[0-3]):(?P<M>[0-5]\d)" + _YEAR + r"[-/.]" + _MONTH + r"[-/.]" + _DAY + r"(?!\d)"
)
# Dates without a year (10月4日 20:30): recognised so the line counts as meta, never used as a time.
YEARLESS_RE = re.compile(r"(?<![\d年])" + _MONTH + r"\s*月\s*" + _DAY + r"\s*日\s*(?P<H>[01]?\d|2[0-3])[:：](?P<M>[0-5]\d)")


@dataclass(frozen=True)
class Found:
    when: datetime
    start: int
    end: int
    precision: int  # 0 date only, 2 minutes, 3 seconds


def find_date(line: str, tz: tzinfo) -> Found | None:
    """The first full date (with a year) in `line`, as an aware datetime."""
    glued = GLUED_RE.search(line)
    m = DATE_RE.search(line)
    use = glued if glued and (not m or glued.start() <= m.start()) else m
    if use is None:
        return None
    g = use.groupdict()
    try:
        hour = int(g["H"]) if g.get("H") else 0
        if g.get("pm") and hour < 12:
            hour += 12
        when = datetime(
            int(g["y"]), int(g["m"]), int(g["d"]),
            hour, int(g["M"]) if g.get("M") else 0, int(g["S"]) if g.get("S") else 0,
        )
    except ValueError:
        return None
    precision = 3 if g.get("S") else 2 if g.get("H") else 0
    return Found(when.replace(tzinfo=_zone_of(g.get("zone"), tz)), use.start(), use.end(), precision)


def _zone_of(text: str | None, default: tzinfo) -> tzinfo:
    if not text:
        return default
    t = text.replace(" ", "").upper()
    if t == "HKT":
        return zone("Asia/Hong_Kong")
    if t in ("GMT", "UTC", "Z"):
        return timezone.utc
    if t == "CST":  # in a Chinese article CST is China Standard Time
        return zone("Asia/Shanghai")
    m = re.search(r"([+-])(\d{1,2}):?(\d{2})?$", t)
    if m:
        sign = 1 if m.group(1) == "+" else -1
        offset = timedelta(hours=int(m.group(2)), minutes=int(m.group(3) or 0))
        if offset <= timedelta(hours=14):
            return timezone(sign * offset)
    return default


def has_date(line: str) -> bool:
    return bool(DATE_RE.search(line) or GLUED_RE.search(line) or YEARLESS_RE.search(line))
