"""The zone of times printed without one: made a tzinfo once, where it comes in (the API's
`tz=`, BatchOptions, --tz); everything behind that holds a tzinfo."""

from __future__ import annotations

from datetime import tzinfo
from functools import cache

from .errors import DocconvError

DEFAULT_ZONE = "Asia/Shanghai"


def zone(name: str | tzinfo | None) -> tzinfo:
    """An IANA name as a ZoneInfo (a DocconvError that says so if it is unknown), a tzinfo
    as it is, None as the default zone."""
    if isinstance(name, tzinfo):
        return name
    return _named(DEFAULT_ZONE if name is None else name)


@cache
def _named(name: str) -> tzinfo:
    from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError):
        hint = "use an IANA name such as Asia/Shanghai"
        raise DocconvError(f"unknown time zone {name!r} ({hint})") from None
