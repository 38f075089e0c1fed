"""EPUB 3 (with an NCX for EPUB 2 readers), built with ebooklib.

Passes epubcheck with no errors and no warnings. The ebooklib traps and how they are avoided
here:
- the XHTML is ours, written as a plain EpubItem: ebooklib never re-parses article text as
  markup (its EpubHtml runs content through lxml.html), and the stylesheet href is ours too;
- every creator gets its own id (ebooklib's default id "creator" repeats);
- `book.toc` is set, so the nav <ol> and the NCX navMap are not empty;
- `raise_exceptions=True`, so a failed write raises instead of returning False;
- `dcterms:modified` and the zip entry times come from the article, not the clock, and the
  identifier is a uuid5 of the content: the same article always gives the same bytes.
"""

from __future__ import annotations

import io
import json
import uuid
from dataclasses import dataclass
from datetime import datetime, timezone
from typing import BinaryIO

from ebooklib import epub

from ..model import Article
from . import cjk
from .markup import TYPOGRAPHY_CSS, article_markup, escape_text
from .metadata import description, for_metadata, iso_time
from .zipped import ZipTime, rezip

extension = ".epub"
media_type = "application/epub+zip"


@dataclass(frozen=True)
class Options:
    # Nothing to choose yet. Font embedding would go here, at a cost: subsetting a CJK font
    # for each book measured 200-400 ms.
    pass


# For when the article has no date. Any fixed value would do; this one is recognisable.
FALLBACK_TIME = datetime(2000, 1, 1, tzinfo=timezone.utc)
# Namespace for content-derived identifiers (uuid5 of the article's JSON).
ID_NAMESPACE = uuid.UUID("5d0c7c2e-6a55-4c1f-9a57-2f4f3b1e0d1a")

# Reading systems choose page colours, margins and measure; keep only the typography.
CSS = TYPOGRAPHY_CSS + """\
body { margin: 0 0.5em; }
header { padding-bottom: 0.6em; margin-bottom: 1em; border-bottom: 1px solid #ccc; }
"""

ARTICLE_FILE = "article.xhtml"
STYLE_FILE = "style.css"  # beside the article, so the relative href is simply its name


def identifier(article: Article) -> str:
    """urn:uuid derived from the whole article: stable for the same text, new for new text."""
    canonical = json.dumps(article.to_dict(), ensure_ascii=False, sort_keys=True)
    return f"urn:uuid:{uuid.uuid5(ID_NAMESPACE, canonical)}"


def _xhtml(article: Article) -> bytes:
    lang = article.lang_tag
    return (
        '<?xml version="1.0" encoding="utf-8"?>\n<!DOCTYPE html>\n'
        f'<html xmlns="http://www.w3.org/1999/xhtml" xmlns:epub="http://www.idpf.org/2007/ops" '
        f'lang="{lang}" xml:lang="{lang}">\n<head>\n'
        f"<title>{escape_text(cjk.display_title(for_metadata(article)))}</title>\n"
        f'<link rel="stylesheet" type="text/css" href="{STYLE_FILE}"/>\n'
        "</head>\n<body>\n"
        f"{article_markup(article)}"
        "</body>\n</html>\n"
    ).encode()


def build(article: Article) -> epub.EpubBook:
    book = epub.EpubBook()
    body, article = article, for_metadata(article)  # the page keeps what metadata drops
    title = cjk.display_title(article)
    book.set_identifier(identifier(article))
    book.set_title(title)
    book.set_language(article.lang_tag)
    for n, author in enumerate(article.authors, 1):
        book.add_author(author, uid=f"creator{n}", role="aut")
    if article.editor:
        book.add_metadata("DC", "contributor", article.editor, {"id": "editor"})
        book.add_metadata(None, "meta", "edt",
                          {"refines": "#editor", "property": "role", "scheme": "marc:relators"})
    if article.published:
        book.add_metadata("DC", "date", iso_time(article.published))
    publisher = article.source or article.site
    if publisher:
        book.add_metadata("DC", "publisher", publisher)
    if article.source and article.site:
        book.add_metadata("DC", "source", article.site)  # where this copy was published
    book.add_metadata("DC", "description", description(article))

    style = epub.EpubItem(uid="style", file_name=STYLE_FILE, media_type="text/css",
                          content=CSS.encode("utf-8"))
    page = epub.EpubItem(uid="article", file_name=ARTICLE_FILE,
                         media_type="application/xhtml+xml", content=_xhtml(body))
    nav = epub.EpubNav(title=cjk.label(article, "contents"))
    nav.add_link(href=STYLE_FILE, rel="stylesheet", type="text/css")
    for item in (style, page, epub.EpubNcx(), nav):
        book.add_item(item)
    # One entry, so the nav <ol> and the NCX navMap are never empty. The nav page itself stays
    # out of the reading order: a contents page for a single article is noise.
    book.toc = [epub.Link(ARTICLE_FILE, title, "article")]
    book.spine = [page]
    return book


def _zip_time(article: Article) -> ZipTime:
    """The article's own date and time for every zip entry (zip stores only 1980-2107)."""
    when = article.published or FALLBACK_TIME
    if not 1980 <= when.year <= 2107:
        when = FALLBACK_TIME
    return (when.year, when.month, when.day, when.hour, when.minute, when.second)


def write(article: Article, out: BinaryIO, options: Options) -> None:
    book = build(article)
    modified = (article.published or FALLBACK_TIME).astimezone(timezone.utc)
    raw = io.BytesIO()
    # ebooklib writes "%Y-%m-%dT%H:%M:%SZ" from mtime without converting: hand it UTC.
    # compresslevel 0: the archive is re-packed below, so compressing here is wasted work.
    epub.write_epub(raw, book, {"mtime": modified, "raise_exceptions": True,
                                "epub3_pages": False, "compresslevel": 0})
    # Re-packed with the article's time on every entry (ebooklib stamps the clock), and by
    # the EPUB OCF rules: `mimetype` first and stored, the rest deflated. Built in memory so
    # the bytes are the same whether `out` is a file, a pipe or a buffer.
    out.write(rezip(raw.getvalue(), _zip_time(article), first=("mimetype",),
                    stored=("mimetype",), compresslevel=9))
