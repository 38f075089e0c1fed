"""Clean, standalone HTML5: one file, no script but the JSON-LD, no external resource.

Built with f-strings and `html.escape` — 20-40x faster than building a tree, and every piece of
article text passes through `escape_text` exactly once, so no text can become markup.
The `<article>` markup and the typography CSS come from `markup`, which EPUB uses too.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import BinaryIO

from ..layout import safe_url
from ..model import Article
from . import cjk
from .markup import TYPOGRAPHY_CSS, article_markup, escape_text
from .metadata import description, for_metadata, iso_time
from .validate import as_bool

extension = ".html"
media_type = "text/html"


@dataclass(frozen=True)
class Options:
    fragment: bool = False  # only the <article> element, to embed in another page
    stylesheet: bool = True  # embed the stylesheet (off: the host page styles the markup)

    def __post_init__(self) -> None:
        # "false" would be truthy: switches are real bools (strings such as "no" converted).
        for name in ("fragment", "stylesheet"):
            object.__setattr__(self, name, as_bool(getattr(self, name), "html", name))


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


_attr = escape_text  # attribute values are always written double-quoted, so the same suffices


def json_ld(article: Article) -> str:
    """schema.org NewsArticle, safe inside <script>: `<`, `>` and `&` are written as \\u003c
    etc., so neither `</script>` nor `<!--` can appear and the data cannot break out."""
    article = for_metadata(article)
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
    url = safe_url(article.url)
    if url:
        data["url"] = url
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
    article = for_metadata(article)  # the body above keeps them
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
    url = safe_url(article.url)
    if url:  # where the article was published: this file is a copy of it
        head += [f'<link rel="canonical" href="{_attr(url)}">',
                 f'<meta property="og:url" content="{_attr(url)}">']
    head.append(f'<script type="application/ld+json">{json_ld(article)}</script>')
    if options.stylesheet:
        head += ['<meta name="color-scheme" content="light dark">', f"<style>\n{CSS}</style>"]
    head += ["</head>", "<body>"]
    return "\n".join(head) + "\n" + body + "</body>\n</html>\n"


def write(article: Article, out: BinaryIO, options: Options) -> None:
    out.write(render(article, options).encode("utf-8"))
