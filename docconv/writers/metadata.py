"""Times and one-line summaries for document metadata (HTML meta, EPUB OPF, PDF info)."""

from __future__ import annotations

import dataclasses
from datetime import datetime, timedelta, timezone

from ..layout import summary_text
from ..model import Article
from ..text import strip_bidi
from . import cjk


def for_metadata(article: Article) -> Article:
    """The article as its metadata shows it (a <title>, a PDF's /Title, the EPUB's OPF, a
    DOCX's core properties): without bidi controls, which in a file listing, a tab or a
    viewer's title bar reorder what follows them (a title ending "\u202egpj.exe" shown as
    "exe.jpg"). The body keeps them: there they only affect the body."""
    return dataclasses.replace(
        article, title=strip_bidi(article.title), site=_opt(article.site),
        source=_opt(article.source), editor=_opt(article.editor),
        subtitle=_opt(article.subtitle),
        authors=tuple(strip_bidi(a) for a in article.authors),
        highlights=tuple(strip_bidi(h) for h in article.highlights),
        # the first paragraph is the description when there are no highlights
        paragraphs=tuple(strip_bidi(p) if n == 0 else p for n, p in enumerate(article.paragraphs)))


def _opt(text: str | None) -> str | None:
    return strip_bidi(text) if text else text


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
