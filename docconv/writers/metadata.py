"""Times and one-line summaries for document metadata (HTML meta, EPUB OPF, PDF info)."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone

from ..layout import summary_text
from ..model import Article
from . import cjk


def whole_minute_offset(when: datetime) -> datetime:
    """`when`, or the same instant in UTC when its zone offset has seconds. ISO 8601 in HTML,
    W3CDTF in EPUB and PDF dates give offsets in hours and minutes only, and a local-mean-time
    offset (Asia/Shanghai before 1901 is +08:05:43) has seconds."""
    offset = when.utcoffset()
    if offset is not None and offset % timedelta(minutes=1):
        return when.astimezone(timezone.utc)
    return when


def iso_time(when: datetime) -> str:
    """ISO 8601 to the second (HTML's datetime allows at most 3 fractional digits), with an
    offset in whole minutes."""
    return whole_minute_offset(when).isoformat(timespec="seconds")


def clip(text: str, limit: int) -> str:
    """`text` cut to at most `limit` characters, the cut marked with "…"."""
    return text if len(text) <= limit else text[: limit - 1] + "…"


def description(article: Article, limit: int = 120, *, default: str | None = None) -> str:
    """A one-line summary (HTML's <meta name=description>, EPUB's dc:description, the PDF's
    Subject): the first highlight, else the first paragraph, else `default` (None: the
    title), cut to `limit` characters."""
    if default is None:
        default = cjk.display_title(article)
    first = summary_text(article)
    return clip((article.highlights or ((first,) if first else ()) or (default,))[0], limit)
