"""What several writers share beyond Chinese text rules (those are in cjk): times, summaries,
reproducible zip packages, and the `<article>` markup and typography CSS of HTML and EPUB.

Writers import from here and from cjk, never from each other.
"""

from __future__ import annotations

import io
import math
import os
import zipfile
from collections.abc import Collection, Sequence
from datetime import datetime, timedelta, timezone
from html import escape
from typing import Any

from ..errors import FormatError
from ..model import Article
from . import cjk

# ---------------------------------------------------------------------------------------------
# Option checking: every writer's Options validates itself in __post_init__.


class InvalidOption(FormatError, ValueError):
    """A writer option of the wrong type or out of range. A ValueError (what a dataclass's
    __post_init__ is expected to raise) and a FormatError (what docconv reports for a bad
    option), so the registry passes it on unchanged."""

    def __init__(self, fmt: str, name: str, problem: str) -> None:
        super().__init__(f"{fmt}.{name}: {problem}")
        self.fmt, self.name, self.problem = fmt, name, problem

    def __reduce__(self) -> tuple[Any, ...]:  # picklable: batch workers send errors back
        return type(self), (self.fmt, self.name, self.problem)


_TRUE = ("1", "true", "yes", "on")
_FALSE = ("0", "false", "no", "off")


def as_bool(value: Any, fmt: str, name: str) -> bool:
    """A bool; also the strings true/false, yes/no, on/off, 1/0 and the integers 1/0."""
    if isinstance(value, bool):
        return value
    if isinstance(value, str) and value.strip().lower() in _TRUE + _FALSE:
        return value.strip().lower() in _TRUE
    if isinstance(value, int) and value in (0, 1):
        return bool(value)
    raise InvalidOption(fmt, name, f"{value!r} is not true or false")


def as_number(value: Any, fmt: str, name: str, low: float, high: float,
              unit: str = "") -> float:
    """A finite number in [low, high]; numeric strings ("12", " 10.5 ") are accepted."""
    number: float | None = None
    if isinstance(value, int | float) and not isinstance(value, bool):
        number = float(value)
    elif isinstance(value, str):
        try:
            number = float(value.strip())
        except ValueError:
            number = None
    if number is None or not math.isfinite(number):
        raise InvalidOption(fmt, name, f"{value!r} is not a number")
    if not low <= number <= high:
        shown = f"{number:g}{' ' + unit if unit else ''}"
        raise InvalidOption(fmt, name, f"{shown} is out of range ({low:g}-{high:g}"
                                     f"{' ' + unit if unit else ''})")
    return number


def as_name(value: Any, fmt: str, name: str, *, optional: bool = False) -> str | None:
    """A font name or similar: a non-blank string without control characters (which XML
    cannot carry); None allowed when `optional`."""
    if value is None and optional:
        return None
    if not isinstance(value, str):
        raise InvalidOption(fmt, name, f"expected a name, not {type(value).__name__}")
    if not value.strip():
        raise InvalidOption(fmt, name, "must not be empty")
    if any(ord(c) < 0x20 or 0x7F <= ord(c) < 0xA0 for c in value):
        raise InvalidOption(fmt, name, f"{value!r} has control characters")
    return value


def as_path(value: Any, fmt: str, name: str) -> str | None:
    """None or a file name (str or os.PathLike), as a string."""
    if value is None:
        return None
    if isinstance(value, os.PathLike):
        value = os.fspath(value)
    if not isinstance(value, str) or not value.strip():
        raise InvalidOption(fmt, name, f"expected a font file name, not {value!r}")
    return value


# ---------------------------------------------------------------------------------------------
# Times and summaries


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
    return clip((article.highlights or article.paragraphs or (default,))[0], limit)


# ---------------------------------------------------------------------------------------------
# Zip packages (DOCX, EPUB)

ZipTime = tuple[int, int, int, int, int, int]


def rezip(data: bytes, date_time: ZipTime, *, first: Sequence[str] = (),
          stored: Collection[str] = (), compresslevel: int | None = None) -> bytes:
    """The same package with fixed entry times and attributes, so equal input gives equal
    bytes (python-docx and ebooklib stamp the clock). Entries keep their order, except that
    those named in `first` come first; those in `stored` are not compressed, the rest are
    deflated at `compresslevel` (None: zlib's default)."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as source, zipfile.ZipFile(buffer, "w") as target:
        names = source.namelist()
        rank = {name: k for k, name in enumerate(first)}
        names.sort(key=lambda name: rank.get(name, len(rank)))  # stable: keeps the rest
        for name in names:
            if name in stored:
                target.writestr(zip_entry(name, date_time, zipfile.ZIP_STORED), source.read(name))
            else:
                target.writestr(zip_entry(name, date_time, zipfile.ZIP_DEFLATED),
                                source.read(name), compresslevel=compresslevel)
    return buffer.getvalue()


def zip_entry(name: str, date_time: ZipTime, compress_type: int) -> zipfile.ZipInfo:
    """A zip entry that carries no clock and no host: fixed time, a regular rw-r--r-- file."""
    entry = zipfile.ZipInfo(name, date_time=date_time)
    entry.create_system = 3  # Unix, whatever the host
    entry.external_attr = 0o100644 << 16
    entry.compress_type = compress_type
    return entry


# ---------------------------------------------------------------------------------------------
# Markup for HTML and EPUB

# Fonts: the serif (Song/Ming) face for reading, sans (Hei) for the headline. Traditional text
# gets the TC faces first so its glyph forms match the reader's expectations.
SERIF_SC = ('"Noto Serif SC", "Noto Serif CJK SC", "Source Han Serif SC", "Songti SC", '
            'STSong, SimSun, serif')
SANS_SC = ('"Noto Sans SC", "Noto Sans CJK SC", "Source Han Sans SC", "PingFang SC", '
           '"Hiragino Sans GB", "Microsoft YaHei", sans-serif')
SERIF_TC = ('"Noto Serif TC", "Noto Serif CJK TC", "Source Han Serif TC", "Songti TC", '
            'PMingLiU, MingLiU, serif')
SANS_TC = ('"Noto Sans TC", "Noto Sans CJK TC", "Source Han Sans TC", "PingFang TC", '
           '"Microsoft JhengHei", sans-serif')

# Typography both HTML and EPUB use. Browsers and reading systems do kinsoku themselves once
# `line-break: strict` is set; justify spreads CJK lines evenly (there are no spaces to stretch).
# The meta line's parts are inline blocks so a narrow screen wraps between them, not inside.
# The highlights box is tinted, not painted: it stays readable in a reader's night mode.
TYPOGRAPHY_CSS = f"""\
body {{ font-family: {SERIF_SC}; line-height: 1.8; }}
body:lang(zh-TW) {{ font-family: {SERIF_TC}; }}
article {{ text-align: justify; line-break: strict; overflow-wrap: break-word; }}
h1, .highlights, .meta, .site {{ font-family: {SANS_SC}; }}
h1:lang(zh-TW), .highlights:lang(zh-TW), .meta:lang(zh-TW), .site:lang(zh-TW) {{
  font-family: {SANS_TC}; }}
h1 {{ font-size: 1.6em; line-height: 1.4; font-weight: bold; text-align: left;
  margin: 0.2em 0 0.6em; }}
header p, .meta {{ text-indent: 0; margin: 0; }}
.site {{ font-size: 0.85em; font-weight: bold; color: #a61b1b; }}
.subtitle {{ font-size: 1.1em; margin: -0.3em 0 0.6em; }}
.meta {{ font-size: 0.85em; color: #5f5f5f; text-align: left; }}
.meta > * {{ display: inline-block; margin-right: 1.2em; }}
.meta > :last-child {{ margin-right: 0; }}
.meta cite {{ font-style: normal; }}
.highlights {{ margin: 1.4em 0; padding: 0.7em 1em; border-left: 0.25em solid #a61b1b;
  background: rgba(140, 110, 60, 0.09); font-size: 0.95em; }}
.highlights ul {{ margin: 0; padding-left: 1.2em; list-style-type: square; }}
.highlights li {{ margin: 0.25em 0; }}
article > p {{ text-indent: 2em; margin: 0 0 0.8em; }}
footer {{ margin-top: 1.6em; }}
footer p {{ text-indent: 0; margin: 0; text-align: right; font-size: 0.85em; color: #5f5f5f; }}
"""


def escape_text(s: str) -> str:
    """Text content: `<`, `>`, `&` and quotes become references (valid in HTML and XHTML)."""
    return escape(s, quote=True)


def article_markup(article: Article) -> str:
    """The `<article>` element: well-formed XML as well as HTML."""
    out = ["<article>", "<header>"]
    if article.site:
        out.append(f'<p class="site">{escape_text(article.site)}</p>')
    out.append(f"<h1>{escape_text(cjk.display_title(article))}</h1>")
    if article.subtitle:
        out.append(f'<p class="subtitle">{escape_text(article.subtitle)}</p>')
    meta = []
    if article.published:
        meta.append(f'<time datetime="{iso_time(article.published)}">'
                    f"{escape_text(cjk.format_date(article.published))}</time>")
    if article.authors:
        names = "、".join(f'<span class="author">{escape_text(a)}</span>' for a in article.authors)
        meta.append(f'<span class="byline">{cjk.label(article, "author")}：{names}</span>')
    if article.source:
        meta.append(f'<span class="source">{cjk.label(article, "source")}：'
                    f"<cite>{escape_text(article.source)}</cite></span>")
    if meta:
        # a <div>, not a <p>: it keeps the line valid if a byline ever becomes an <address>
        out.append(f'<div class="meta">{" ".join(meta)}</div>')
    out.append("</header>")
    if article.highlights:
        out.append(f'<aside class="highlights" aria-label="{cjk.label(article, "highlights")}">'
                   "<ul>")
        out += [f"<li>{escape_text(h)}</li>" for h in article.highlights]
        out.append("</ul></aside>")
    out += [f"<p>{escape_text(p)}</p>" for p in article.paragraphs]
    editor = cjk.editor_line(article)
    if editor:
        out.append(f'<footer><p class="editor">{escape_text(editor)}</p></footer>')
    out.append("</article>")
    return "\n".join(out) + "\n"
