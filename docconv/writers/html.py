"""Clean, standalone HTML5: one file, no script but the JSON-LD, no external resource.

Built with f-strings and `html.escape` — 20-40x faster than building a tree, and every piece of
article text passes through `escape_text` exactly once, so no text can become markup.
The `<article>` markup and the typography CSS are shared with the EPUB writer.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import datetime, timedelta, timezone
from html import escape
from typing import BinaryIO

from ..model import Article
from . import cjk

extension = ".html"
media_type = "text/html"


@dataclass(frozen=True)
class Options:
    fragment: bool = False  # only the <article> element, to embed in another page
    stylesheet: bool = True  # embed the stylesheet (off: the host page styles the markup)


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

# Only for the web page: a comfortable measure (~38 characters a line), paper colours,
# a dark scheme and print styles. Reading systems set these themselves, so EPUB leaves them out.
PAGE_CSS = """\
html { -webkit-text-size-adjust: 100%; text-size-adjust: 100%; }
body { margin: 0; padding: 3em 1.25em 4em; color: #1d1d1d; background: #fbfaf6;
  font-size: 1.125rem; }
article { max-width: 38em; margin: 0 auto; }
header { padding-bottom: 0.9em; margin-bottom: 1.4em; border-bottom: 1px solid #ddd8cc; }
@media (prefers-color-scheme: dark) {
  body { color: #e4e1da; background: #1c1b19; }
  .meta, footer p { color: #a8a49b; }
  .site { color: #e0706a; }
  .highlights { background: #2a2824; border-color: #e0706a; }
  header { border-color: #3b3934; }
}
@media print {
  @page { size: A4; margin: 2cm 2.2cm; }
  body { padding: 0; font-size: 11pt; color: #000; background: none; }
  article { max-width: none; }
  .site, .meta, footer p { color: #333; }
  .highlights { background: none; border-color: #000; break-inside: avoid; }
  h1 { break-after: avoid; }
  p { orphans: 2; widows: 2; }
}
"""

CSS = TYPOGRAPHY_CSS + PAGE_CSS


def escape_text(s: str) -> str:
    """Text content: `<`, `>`, `&` and quotes become references (valid in HTML and XHTML)."""
    return escape(s, quote=True)


_attr = escape_text  # attribute values are always written double-quoted, so the same suffices


def iso_time(when: datetime) -> str:
    """ISO 8601 to the second: HTML's datetime allows at most 3 fractional digits. Its zone
    offset (like W3CDTF's, in EPUB) has hours and minutes only, so a local-mean-time offset
    (Asia/Shanghai before 1901 is +08:05:43) is given as the same instant in UTC."""
    offset = when.utcoffset()
    if offset is not None and offset % timedelta(minutes=1):
        when = when.astimezone(timezone.utc)
    return when.isoformat(timespec="seconds")


def description(article: Article, limit: int = 120) -> str:
    """A one-line summary for <meta name=description>: the first highlight or paragraph."""
    first = (article.highlights or article.paragraphs or (cjk.display_title(article),))[0]
    return first if len(first) <= limit else first[: limit - 1] + "…"


def article_markup(article: Article) -> str:
    """The `<article>` element. Well-formed XML as well as HTML, so EPUB reuses it."""
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


def json_ld(article: Article) -> str:
    """schema.org NewsArticle, safe inside <script>: `<`, `>` and `&` are written as \\u003c
    etc., so neither `</script>` nor `<!--` can appear and the data cannot break out."""
    data: dict[str, object] = {
        "@context": "https://schema.org",
        "@type": "NewsArticle",
        "headline": cjk.display_title(article),
        "inLanguage": article.lang_tag,
        "description": description(article),
    }
    if article.published:
        data["datePublished"] = iso_time(article.published)
    if article.authors:
        data["author"] = [{"@type": "Person", "name": a} for a in article.authors]
    if article.editor:
        data["editor"] = {"@type": "Person", "name": article.editor}
    if article.site:
        data["publisher"] = {"@type": "Organization", "name": article.site}
    if article.source:
        data["sourceOrganization"] = {"@type": "Organization", "name": article.source}
    text = json.dumps(data, ensure_ascii=False, separators=(",", ":"))
    return text.translate(_JSON_SAFE)


_JSON_SAFE = {ord("<"): "\\u003c", ord(">"): "\\u003e", ord("&"): "\\u0026",
              0x2028: "\\u2028", 0x2029: "\\u2029"}


def render(article: Article, options: Options | None = None) -> str:
    """The whole document (or only the <article> element with `fragment=True`)."""
    options = options or Options()
    body = article_markup(article)
    if options.fragment:
        return body
    title = _attr(cjk.display_title(article))
    summary = _attr(description(article))
    lang = article.lang_tag
    head = [
        "<!DOCTYPE html>",
        f'<html lang="{lang}">',
        "<head>",
        '<meta charset="utf-8">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        f"<title>{title}</title>",
        f'<meta name="description" content="{summary}">',
    ]
    if article.authors:
        head.append(f'<meta name="author" content="{_attr("、".join(article.authors))}">')
    head += [
        '<meta property="og:type" content="article">',
        f'<meta property="og:title" content="{title}">',
        f'<meta property="og:description" content="{summary}">',
        f'<meta property="og:locale" content="{lang.replace("-", "_")}">',
    ]
    if article.site:
        head.append(f'<meta property="og:site_name" content="{_attr(article.site)}">')
    if article.published:
        head.append(f'<meta property="article:published_time" '
                    f'content="{iso_time(article.published)}">')
    head.append(f'<script type="application/ld+json">{json_ld(article)}</script>')
    if options.stylesheet:
        head += ['<meta name="color-scheme" content="light dark">', f"<style>\n{CSS}</style>"]
    head += ["</head>", "<body>"]
    return "\n".join(head) + "\n" + body + "</body>\n</html>\n"


def write(article: Article, out: BinaryIO, options: Options) -> None:
    out.write(render(article, options).encode("utf-8"))
