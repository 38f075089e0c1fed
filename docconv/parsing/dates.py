"""Finding the publication time in a meta line: the many ways Chinese sites print it."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime, timedelta, timezone, tzinfo
from functools import cache, lru_cache

from ..errors import DocconvError

DEFAULT_ZONE = "Asia/Shanghai"


@cache
def zone(name: str) -> tzinfo:
    """An IANA zone by name, or a DocconvError that says it is unknown."""
    from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError):
        hint = "use an IANA name such as Asia/Shanghai"
        raise DocconvError(f"unknown time zone {name!r} ({hint})") from None


_SEP = r"\s*[-/.年]\s*"
_YEAR = r"(?P<y>(?:19|20)\d{2})"
_MONTH = r"(?P<m>1[0-2]|0?[1-9])"
_DAY = r"(?P<d>3[01]|[12]\d|0?[1-9])"
# A weekday may sit between date and time: 2023年3月30日 星期四 10:26.
_WEEKDAY = r"(?:\s*[（(]?(?:星期|週|周|礼拜|禮拜)[一二三四五六日天][）)]?)?"
_TIME = (
    _WEEKDAY + r"(?:\s*T?\s*(?:(?:上午|早上|凌晨)|(?P<pm>下午|晚上|晚间))?\s*"
    r"(?P<H>[01]?\d|2[0-3])\s*[:：时時点]\s*(?P<M>[0-5]\d)"
    r"(?:\s*[:：分]\s*(?P<S>[0-5]\d)(?:\.\d+)?)?)?"
)
# An explicit zone after the time: HKT, GMT+8, UTC, +08:00, 北京时间.
_ZONE = (
    r"(?:\s*(?P<zone>(?:GMT|UTC)?\s*[+-]\s*\d{1,2}(?::?\d{2})?(?!\d)"
    r"|HKT|CST|GMT|UTC|Z(?![A-Za-z])))?"
)
# The day ends at a non-digit, or runs straight into the time when inline elements were
# glued together: 2018-03-0823:16.
_DAY_END = r"(?:(?!\d)|(?<=\d\d)(?=(?:[01]\d|2[0-3])[:：][0-5]\d))"
DATE_RE = re.compile(
    r"(?<!\d)" + _YEAR + _SEP + _MONTH + r"\s*[-/.月]\s*" + _DAY + _DAY_END + r"\s*[日号]?"
    + _TIME + _ZONE
)
# Time glued before the date, as some mobile pages print it: 15:312018/09/16.
GLUED_RE = re.compile(
    r"(?<!\d)(?P<H>[01]\d|2[0-3]):(?P<M>[0-5]\d)"
    + _YEAR + "[-/.]" + _MONTH + "[-/.]" + _DAY + r"(?!\d)"
)
# Taiwan prints ROC years: 民國110年3月23日, 110/03/23 (year + 1911).
ROC_RE = re.compile(
    r"(?:(?:民國|民国)\s*(?P<y>\d{2,3})\s*年\s*" + _MONTH + r"\s*月\s*" + _DAY + r"\s*日"
    r"|(?<![\d/])(?P<y2>1[01]\d)/"
    + _MONTH.replace("<m>", "<m2>") + "/" + _DAY.replace("<d>", "<d2>")
    + r"(?![\d/]))" + _TIME
)
# Two-digit years (发布时间：18-03-08 23:16), taken only with a time or a date label.
SHORT_YEAR_RE = re.compile(
    r"(?<![\d/.\-])(?P<y>\d{2})-(?P<m>0[1-9]|1[0-2])-(?P<d>0[1-9]|[12]\d|3[01])"
    + _DAY_END + _TIME
)
_DATE_LABEL = re.compile(r"(?:时间|時間|日期|发布|發布|發佈)\s*[:：]?\s*$")
# Dates without a year (10月4日 20:30): recognised so the line counts as meta, never used as a time.
YEARLESS_RE = re.compile(
    r"(?<![\d年])" + _MONTH + r"\s*月\s*" + _DAY
    + r"\s*日\s*(?P<H>[01]?\d|2[0-3])[:：](?P<M>[0-5]\d)"
)


@dataclass(frozen=True)
class Found:
    when: datetime
    start: int
    end: int
    precision: int  # 0 date only, 2 minutes, 3 seconds


# A time labelled as an update is the publish time only when the line has no other.
_UPDATE_CUE = re.compile(r"(?:更新|修改|修订|修訂|编辑于|編輯於)\S{0,4}\s*$")


# Full-width digits and separators, as older pages print dates (２００５－０３－２１).
# One character for one, so match offsets still index the original line.
_HALF_WIDTH = str.maketrans("０１２３４５６７８９－／．：", "0123456789-/.:")


def find_date(line: str, tz: tzinfo) -> Found | None:
    """The line's full date (with a year) as an aware datetime: the first one that is not
    labelled as an update time, else the first one."""
    line = line.translate(_HALF_WIDTH)
    found = [f for f in (_found(m, tz) for m in _matches(line)) if f]
    if not found:
        found = [f for f in (_found(m, tz, roc=True) for m in ROC_RE.finditer(line)) if f]
    if not found:
        short = SHORT_YEAR_RE.finditer(line)
        found = [
            f for f in (_found(m, tz, short=True) for m in short)
            if f and (f.precision or _DATE_LABEL.search(line[: f.start]))
        ]
    for f in found:
        if not _UPDATE_CUE.search(line[max(0, f.start - 10) : f.start]):
            return f
    return found[0] if found else None


def _matches(line: str) -> list[re.Match[str]]:
    glued = list(GLUED_RE.finditer(line))
    inside = [range(g.start(), g.end()) for g in glued]
    plain = [m for m in DATE_RE.finditer(line) if not any(m.start() in r for r in inside)]
    return sorted(glued + plain, key=lambda m: m.start())


def _found(
    use: re.Match[str], tz: tzinfo, roc: bool = False, short: bool = False
) -> Found | None:
    g = use.groupdict()
    if short:
        g = {**g, "y": str(2000 + int(g["y"]))}
    if roc:
        year = str(int(g["y"] or g["y2"]) + 1911)
        g = {**g, "y": year, "m": g["m"] or g["m2"], "d": g["d"] or g["d2"]}
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
    when = when.replace(tzinfo=_zone_of(g.get("zone"), tz))
    return Found(when, use.start(), use.end(), precision)


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


@lru_cache(maxsize=8192)
def has_date(line: str) -> bool:
    line = line.translate(_HALF_WIDTH)
    if any(r.search(line) for r in (DATE_RE, GLUED_RE, YEARLESS_RE, ROC_RE)):
        return True
    short = SHORT_YEAR_RE.search(line)
    return bool(short and (short.group("H") or _DATE_LABEL.search(line[: short.start()])))
