"""Finding the publication time in a meta line: the many ways Chinese sites print it."""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime, timedelta, timezone, tzinfo
from functools import lru_cache

from ..zones import zone

_SEP = r"\s*[-/.年]\s*"
_YEAR = r"(?P<y>(?:19|20)\d{2})"
_MONTH = r"(?P<m>1[0-2]|0?[1-9])"
_DAY = r"(?P<d>3[01]|[12]\d|0?[1-9])"
# A weekday may sit between date and time: 2023年3月30日 星期四 10:26.
# (Taiwan pages print it as a bracketed numeral: 2023/03/29（三）10:26.)
_WEEKDAY = (
    r"(?:\s*(?:[（(]?(?:星期|週|周|礼拜|禮拜)[一二三四五六日天][）)]?|[（(][一二三四五六日][）)]))?"
)
# Zones printed as abbreviations. Only unambiguous ones (CST is China Standard Time in a
# Chinese article); IST, AST, CDT, MST (Mountain or Malaysia) and the like name several
# zones and are left alone, so the time takes the default zone rather than a wrong one.
_ABBREVIATIONS: dict[str, str | float] = {
    "HKT": "Asia/Hong_Kong", "CST": "Asia/Shanghai", "JST": "Asia/Tokyo", "KST": "Asia/Seoul",
    "SGT": "Asia/Singapore", "PHT": 8, "MYT": 8, "AWST": 8, "ICT": 7, "WIB": 7,
    "GMT": 0, "UTC": 0, "UT": 0, "Z": 0, "WET": 0, "WEST": 1, "BST": 1, "CET": 1, "CEST": 2,
    "EET": 2, "EEST": 3, "MSK": 3,
    "EST": -5, "EDT": -4, "MDT": -6, "PST": -8, "PDT": -7, "AKST": -9,
    "AKDT": -8, "HST": -10, "AEST": 10, "AEDT": 11, "ACST": 9.5, "ACDT": 10.5,
    "NZST": 12, "NZDT": 13,
}
# Zones printed as a place's time: 北京时间, 台北時間, 香港时间 (当地时间 says nothing).
_PLACES: dict[str, str] = {
    "北京": "Asia/Shanghai", "台北": "Asia/Taipei", "臺北": "Asia/Taipei",
    "台湾": "Asia/Taipei", "台灣": "Asia/Taipei", "臺灣": "Asia/Taipei",
    "香港": "Asia/Hong_Kong", "澳门": "Asia/Macau", "澳門": "Asia/Macau",
    "东京": "Asia/Tokyo", "東京": "Asia/Tokyo", "日本": "Asia/Tokyo",
    "首尔": "Asia/Seoul", "首爾": "Asia/Seoul", "韩国": "Asia/Seoul", "韓國": "Asia/Seoul",
    "新加坡": "Asia/Singapore", "格林尼治": "UTC", "格林威治": "UTC",
    "美东": "America/New_York", "美東": "America/New_York", "美国东部": "America/New_York",
    "美國東部": "America/New_York", "纽约": "America/New_York", "紐約": "America/New_York",
    "美西": "America/Los_Angeles", "美国西部": "America/Los_Angeles",
    "美國西部": "America/Los_Angeles", "太平洋": "America/Los_Angeles",
    "伦敦": "Europe/London", "倫敦": "Europe/London", "英国": "Europe/London",
    "英國": "Europe/London", "巴黎": "Europe/Paris", "柏林": "Europe/Berlin",
    "莫斯科": "Europe/Moscow",
}


def _longest_first(words: Iterable[str]) -> str:
    return "|".join(sorted(words, key=len, reverse=True))


_PLACE_ZONE = r"(?:" + _longest_first(_PLACES) + r")(?:标准|標準)?(?:时间|時間)"
_ZONE_NAME = (
    r"(?:(?:GMT|UTC)\s*[+-]\s*\d{1,2}(?::?\d{2})?(?!\d)"
    r"|(?:" + _longest_first(_ABBREVIATIONS) + r")(?![A-Za-z])"
    r"|" + _PLACE_ZONE + ")"
)
# The time after the date; a comma and a zone may come between them:
# 2012年12月10日, 格林尼治标准时间10:41.
_TIME = (
    _WEEKDAY + r"(?:\s*[,，|｜]?\s*(?P<zpre>" + _PLACE_ZONE + r")?\s*T?\s*"
    r"(?:(?:上午|早上|凌晨)|(?P<pm>下午|晚上|晚间))?\s*"
    r"(?P<H>[01]?\d|2[0-3])\s*[:：时時点]\s*(?P<M>[0-5]\d)"
    r"(?:\s*[:：分]\s*(?P<S>[0-5]\d)(?:\.\d+)?)?"
    r"(?:\s*(?:(?P<am2>AM|am|a\.m\.)|(?P<pm2>PM|pm|p\.m\.))(?![A-Za-z]))?)?"
)
# An explicit zone after the time, perhaps in brackets: HKT, (GMT+8), +08:00, （北京时间）.
_ZONE = (
    r"(?:\s*(?P<zbr>[（(])?\s*(?P<zone>" + _ZONE_NAME + r"|[+-]\s*\d{1,2}(?::?\d{2})?(?!\d))"
    r"\s*(?(zbr)[）)]))?"
)
# …or just before the date: 北京时间 2021-03-23 07:06, (GMT+8) 2021-03-23, 台北時間：….
_ZONE_BEFORE = re.compile(
    r"(?:^|(?<![A-Za-z]))[（(]?\s*(?P<zone>" + _ZONE_NAME + r")\s*[）)]?\s*[:：]?\s*$"
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


# Month and day with a time but no year, as lists and mobile pages print them: 05-13 09:16.
YEARLESS_DASH_RE = re.compile(
    r"(?<![\d/.\-])(?P<m>1[0-2]|0[1-9])[-/](?P<d>3[01]|[12]\d|0[1-9])\s+"
    r"(?P<H>[01]?\d|2[0-3])[:：](?P<M>[0-5]\d)(?:[:：](?P<S>[0-5]\d))?(?!\d)"
)
# A time alone on a line, printed under its date: 10:41, 下午 3:05, 时间：10:41:30.
BARE_TIME_RE = re.compile(
    r"^(?:(?:时间|時間)\s*[:：]\s*)?(?:(?:上午|早上|凌晨)|(?P<pm>下午|晚上|晚间))?\s*"
    r"(?P<H>[01]?\d|2[0-3])[:：](?P<M>[0-5]\d)(?:[:：](?P<S>[0-5]\d))?$"
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


def with_time(found: Found, line: str) -> Found | None:
    """`found` (a date printed without a time) with the time printed alone on `line`."""
    m = BARE_TIME_RE.match(line.translate(_HALF_WIDTH).strip())
    if not m:
        return None
    hour = int(m.group("H"))
    if m.group("pm") and hour < 12:
        hour += 12
    second = int(m.group("S") or 0)
    when = found.when.replace(hour=hour, minute=int(m.group("M")), second=second)
    return Found(when, found.start, found.end, 3 if m.group("S") else 2)


def find_yearless(line: str, tz: tzinfo, year: int) -> Found | None:
    """A month, day and time printed without a year (10月4日 20:30, 05-13 09:16), dated in
    `year`, the year the page prints elsewhere."""
    line = line.translate(_HALF_WIDTH)
    for rx in (YEARLESS_RE, YEARLESS_DASH_RE):
        m = rx.search(line)
        if not m:
            continue
        g = m.groupdict()
        try:
            when = datetime(year, int(g["m"]), int(g["d"]), int(g["H"]), int(g["M"]),
                            int(g.get("S") or 0), tzinfo=tz)
        except ValueError:
            return None
        return Found(when, m.start(), m.end(), 3 if g.get("S") else 2)
    return None


def year_of(line: str) -> int | None:
    """The year of the first full date on the line."""
    m = DATE_RE.search(line.translate(_HALF_WIDTH))
    return int(m.group("y")) if m else None


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
        if (g.get("pm") or g.get("pm2")) and hour < 12:
            hour += 12
        if g.get("am2") and hour == 12:
            hour = 0
        when = datetime(
            int(g["y"]), int(g["m"]), int(g["d"]),
            hour, int(g["M"]) if g.get("M") else 0, int(g["S"]) if g.get("S") else 0,
        )
    except ValueError:
        return None
    precision = 3 if g.get("S") else 2 if g.get("H") else 0
    printed = g.get("zone") or g.get("zpre")
    if not printed:
        before = _ZONE_BEFORE.search(use.string, 0, use.start())
        printed = before.group("zone") if before else None
    when = when.replace(tzinfo=_zone_of(printed, tz))
    return Found(when, use.start(), use.end(), precision)

# Printed zone names, for readers of the text beside a date (当地时间 names no zone).
_ZONE_WORDS = re.compile(
    r"[（(]?\s*(?:" + _ZONE_NAME + r"|(?:当地|當地|本地)(?:时间|時間))\s*[）)]?\s*[:：]?"
)


def strip_zones(text: str) -> str:
    """The text without printed zone names: 北京时间 2021-… → 2021-…."""
    return _ZONE_WORDS.sub(" ", text).strip()


def _zone_of(text: str | None, default: tzinfo) -> tzinfo:
    """The zone a printed name, abbreviation or offset stands for, else the default."""
    if not text:
        return default
    t = text.replace(" ", "")
    place = re.sub("(?:标准|標準)?(?:时间|時間)$", "", t)
    if place != t:
        return zone(_PLACES[place]) if place in _PLACES else default
    m = re.search(r"([+-])(\d{1,2}):?(\d{2})?$", t)
    if m:
        sign = 1 if m.group(1) == "+" else -1
        offset = timedelta(hours=int(m.group(2)), minutes=int(m.group(3) or 0))
        if offset <= timedelta(hours=14):
            return timezone(sign * offset)
        return default
    known = _ABBREVIATIONS.get(t.upper())
    if isinstance(known, str):
        return zone(known)
    if known is not None:
        return timezone(timedelta(hours=known)) if known else timezone.utc
    return default


@lru_cache(maxsize=8192)
def has_date(line: str) -> bool:
    line = line.translate(_HALF_WIDTH)
    if any(r.search(line) for r in (DATE_RE, GLUED_RE, YEARLESS_RE, ROC_RE, YEARLESS_DASH_RE)):
        return True
    short = SHORT_YEAR_RE.search(line)
    return bool(short and (short.group("H") or _DATE_LABEL.search(line[: short.start()])))
