"""index.html: the archive as a static page, with a link per format to every article."""

from __future__ import annotations

import contextlib
import html
from collections.abc import Iterable, Iterator
from datetime import datetime
from pathlib import PurePosixPath
from typing import NamedTuple
from urllib.parse import quote

from .. import __version__
from ..fontstacks import SANS_SC
from ..text import shown, strip_bidi
from .report import Entry

INDEX_NAME = "index.html"

# The articles' own sans stack, so the archive looks like the pages it links to.
_CSS = f"""
body{{margin:0 auto;max-width:60rem;padding:1rem 1.25rem 3rem;line-height:1.7;
font-family:{SANS_SC}}}
h1{{margin:.5rem 0 0;font-size:1.6rem}}
h2{{margin:2rem 0 .5rem;font-size:1.2rem;border-bottom:1px solid #8884}}
.summary{{margin:.25rem 0 0;color:#777}}
ol{{list-style:none;margin:0;padding:0}}
li{{padding:.5rem 0;border-bottom:1px solid #8882}}
.title{{font-size:1.05rem;font-weight:600;text-decoration:none}}
.title:hover{{text-decoration:underline}}
.meta{{display:block;font-size:.875rem;color:#777}}
.meta>*+*::before{{content:" · "}}
.formats a{{margin-right:.6em;font-size:.8rem}}
.failed code{{font-size:.85rem}}
""".strip()


class IndexItem(NamedTuple):
    input: str
    title: str | None
    published: str | None  # ISO 8601
    source: str | None
    outputs: dict[str, str]  # format → path relative to OUT, in the order the links show
    lang: str | None = None  # the article's language tag; None: the page's (zh-CN)


def _href(rel: str) -> str:
    # the name's bytes: a file name that is not valid UTF-8 is linked as it is on disk
    return html.escape(quote(rel.encode("utf-8", "surrogateescape"), safe="/"), quote=True)


PAGE_LANG = "zh-CN"


def render_index(items: Iterable[IndexItem], count: int, failed: Iterable[Entry],
                 failed_count: int, generated: datetime) -> Iterator[str]:
    """The page in pieces: articles grouped by year, newest first (`items` come sorted),
    each with its date, source and a link per format (the title links to the HTML when
    there is one); the inputs that failed at the end. A traditional-Chinese article's entry
    carries its own lang (zh-TW), so it is shown with the right glyphs. `generated` is
    shown with its offset. No scripts."""
    esc = html.escape
    stamp = generated.isoformat(timespec="seconds")
    yield (
        f'<!DOCTYPE html>\n<html lang="{PAGE_LANG}">\n<head>\n<meta charset="utf-8">\n'
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        f'<meta name="generator" content="docconv {esc(__version__)}">\n'
        f"<title>文章存档（{count} 篇）</title>\n<style>\n{_CSS}\n</style>\n"
        "</head>\n<body>\n<header>\n<h1>文章存档</h1>\n"
        f'<p class="summary">共 {count} 篇'
        + (f"，{failed_count} 篇未能转换" if failed_count else "")
        + f' · 生成于 <time datetime="{stamp}">{stamp.replace("T", " ")}</time></p>\n'
        "</header>\n<main>\n"
    )
    group: str | None = None
    for item in items:
        moment = None
        if item.published:
            with contextlib.suppress(ValueError):
                moment = datetime.fromisoformat(item.published)
        heading = f"{moment.year}年" if moment else "日期不详"
        if heading != group:
            close = "</ol>\n</section>\n" if group else ""
            yield f"{close}<section>\n<h2>{heading}</h2>\n<ol>\n"
            group = heading
        title = esc(strip_bidi(item.title) if item.title
                    else shown(PurePosixPath(item.input).stem))
        link = item.outputs.get("html") or next(iter(item.outputs.values()))
        meta = []
        if moment:
            midnight = (moment.hour, moment.minute, moment.second) == (0, 0, 0)
            when = f"{moment:%Y-%m-%d}" if midnight else f"{moment:%Y-%m-%d %H:%M}"
            meta.append(f'<time datetime="{esc(item.published or "")}">{when}</time>')
        if item.source:
            meta.append(f'<span class="source">{esc(strip_bidi(item.source))}</span>')
        links = " ".join(f'<a href="{_href(path)}">{esc(name.upper())}</a>'
                         for name, path in item.outputs.items())
        meta.append(f'<span class="formats">{links}</span>')
        lang = f' lang="{esc(item.lang)}"' if item.lang and item.lang != PAGE_LANG else ""
        yield (f'<li{lang}><a class="title" href="{_href(link)}">{title}</a>'
               f'<span class="meta">{"".join(meta)}</span></li>\n')
    if group:
        yield "</ol>\n</section>\n"
    elif not count:
        yield "<p>还没有文章。</p>\n"
    if failed_count:
        yield f'<section class="failed">\n<h2>未能转换（{failed_count}）</h2>\n<ul>\n'
        for entry in failed:
            yield (f"<li><code>{esc(shown(entry.input))}</code>："
                   f"{esc(shown(entry.error or ''))}</li>\n")
        yield "</ul>\n</section>\n"
    yield "</main>\n</body>\n</html>\n"
