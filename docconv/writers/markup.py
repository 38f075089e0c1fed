"""The `<article>` markup and typography CSS that HTML and EPUB share."""

from __future__ import annotations

import re
from html import escape

from ..fontstacks import SANS_SC, SANS_TC, SERIF_SC, SERIF_TC
from ..layout import blocks, runs
from ..model import Article
from . import cjk, headline
from .metadata import iso_time

# A URL in running text ends at a space or a full-width mark; ASCII punctuation at its end
# belongs to the sentence.
URL = re.compile(r"(?:https?://|www\.)[^\s<>\"'\u3000-\u303f\uff00-\uffef“”‘’…—]+")
URL_TAIL = ".,;:!?)]}'\""
_URL_BREAK = re.compile(r"(?<=[/.?&])(?=.)")
# A headline longer than this may need two lines on a phone (1.6em type, about 13
# characters a line at 360 px): only then is it segmented into words.
SHORT_HEADLINE = 12

# Typography both HTML and EPUB use, to clreq as the PDF is set. Browsers and reading systems
# do kinsoku themselves once `line-break: strict` is set; justify spreads CJK lines evenly
# (there are no spaces to stretch). `text-spacing-trim` sets one of two adjacent full-width
# marks in half width, `text-autospace` puts space between Han and Latin letters or numerals
# (Chromium 123+ and 140+; other engines ignore them). A headline breaks only where `<wbr>`
# marks a word boundary (keep-all), in lines of balanced length. English articles hyphenate.
# The meta line's parts are inline blocks so a narrow screen wraps between them, not inside.
# The highlights box is tinted, not painted: it stays readable in a reader's night mode.
TYPOGRAPHY_CSS = f"""\
body {{ font-family: {SERIF_SC}; line-height: 1.8; }}
body:lang(zh-TW) {{ font-family: {SERIF_TC}; }}
article {{ text-align: justify; line-break: strict; overflow-wrap: break-word;
  text-spacing-trim: normal; text-autospace: normal; }}
article:lang(en) {{ hyphens: auto; }}
article a {{ color: inherit; overflow-wrap: anywhere; }}
h1, .highlights, .meta, .site {{ font-family: {SANS_SC}; }}
h1:lang(zh-TW), .highlights:lang(zh-TW), .meta:lang(zh-TW), .site:lang(zh-TW) {{
  font-family: {SANS_TC}; }}
h1 {{ font-size: 1.6em; line-height: 1.4; font-weight: bold; text-align: left;
  margin: 0.2em 0 0.6em; text-wrap: balance; word-break: keep-all; }}
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
article > h2 {{ font-family: {SANS_SC}; font-size: 1.15em; line-height: 1.5; text-align: left;
  margin: 1.4em 0 0.6em; }}
article > h2:lang(zh-TW) {{ font-family: {SANS_TC}; }}
article > p.caption {{ text-indent: 0; text-align: center; font-size: 0.85em; color: #5f5f5f;
  margin: -0.2em 0 1em; }}
blockquote {{ margin: 0 0 0.8em 2em; padding-left: 0.8em; border-left: 0.15em solid #ccc; }}
blockquote p {{ text-indent: 0; margin: 0; }}
footer {{ margin-top: 1.6em; }}
footer p {{ text-indent: 0; margin: 0; text-align: right; font-size: 0.85em; color: #5f5f5f; }}
footer .link {{ overflow-wrap: anywhere; }}
"""


def escape_text(s: str) -> str:
    """Text content: `<`, `>`, `&` and quotes become references (valid in HTML and XHTML)."""
    return escape(s, quote=True)


def text_markup(text: str) -> str:
    """Running text escaped, its URLs made links that may break after / . ? & (<wbr>)."""
    out = []
    at = 0
    for m in URL.finditer(text):
        url = m.group().rstrip(URL_TAIL)
        if len(url) < 8:
            continue
        start, end = m.start(), m.start() + len(url)
        href = url if "://" in url else "http://" + url
        scheme, sep, rest = url.partition("://")
        head = scheme + sep if sep else ""
        pieces = _URL_BREAK.split(rest if sep else url)  # each ends with a break mark
        shown = escape_text(head) + "<wbr/>".join(escape_text(p) for p in pieces)
        out += [escape_text(text[at:start]), f'<a href="{escape_text(href)}">{shown}</a>']
        at = end
    out.append(escape_text(text[at:]))
    return "".join(out)


def headline_markup(title: str) -> str:
    """The headline escaped, with <wbr/> at the word boundaries between two letters (the
    CSS's keep-all forbids every other break between Han characters; spaces and marks
    still break)."""
    if len(title) <= SHORT_HEADLINE:
        return escape_text(title)
    words = headline.break_positions(title)[0]
    out = []
    for k, ch in enumerate(title):
        if k in words and ch.isalnum() and title[k - 1].isalnum():
            out.append("<wbr/>")
        out.append(escape_text(ch))
    return "".join(out)


_HEAD = frozenset(("site", "title", "subtitle", "meta"))


def article_markup(article: Article) -> str:
    """The `<article>` element, in the order `layout.blocks` gives: well-formed XML as well
    as HTML."""
    out = ["<article>", "<header>"]
    footer: list[str] = []
    in_header = True
    for part in blocks(article):
        kind = part.kind
        text = _linked(part.text, part.links) if part.links else escape_text(part.text)
        # running text: its own URLs become links too
        body = text if part.links else text_markup(part.text)
        if in_header and kind not in _HEAD:
            out.append("</header>")
            in_header = False
        if kind == "site":
            out.append(f'<p class="site">{text}</p>')
        elif kind == "title":
            out.append(f"<h1>{text if part.links else headline_markup(part.text)}</h1>")
        elif kind == "subtitle":
            out.append(f'<p class="subtitle">{text}</p>')
        elif kind == "meta":
            out.append(_meta(article))
        elif kind == "highlights":
            out.append(f'<aside class="highlights" aria-label="{cjk.label(article, "highlights")}">'
                       "<ul>")
            out += [f"<li>{text_markup(h)}</li>" for h in part.items]
            out.append("</ul></aside>")
        elif kind == "heading":
            out.append(f"<h2>{text}</h2>")
        elif kind == "caption":
            out.append(f'<p class="caption">{body}</p>')
        elif kind == "quote":
            out.append(f"<blockquote><p>{body}</p></blockquote>")
        elif kind == "editor":
            footer.append(f'<p class="editor">{escape_text(cjk.editor_line(article) or "")}</p>')
        elif kind == "link":  # layout.safe_url let only http(s) through
            footer.append(f'<p class="link">{cjk.label(article, "link")}：'
                          f'<a href="{text}">{text}</a></p>')
        else:
            out.append(f"<p>{body}</p>")
    if in_header:
        out.append("</header>")
    if footer:
        out.append("<footer>" + "".join(footer) + "</footer>")
    out.append("</article>")
    return "\n".join(out) + "\n"


def _linked(text: str, links: tuple[tuple[str, str], ...]) -> str:
    """Escaped text with its links as <a href> (layout let only http(s) addresses through)."""
    return "".join(
        f'<a href="{escape_text(url)}">{escape_text(words)}</a>' if url else escape_text(words)
        for words, url in runs(text, links)
    )


def _meta(article: Article) -> str:
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
    # a <div>, not a <p>: it keeps the line valid if a byline ever becomes an <address>
    return f'<div class="meta">{" ".join(meta)}</div>'
