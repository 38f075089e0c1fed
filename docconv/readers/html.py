"""Saved web pages: bytes → DOM (beautifulsoup4 + lxml) → Article.

The page is read in three passes, each using what the DOM offers beyond plain text:

1. what the page states about itself: `<title>`, og:title, the canonical URL, the published
   time in meta tags, JSON-LD and `<time>`, the site's name (page.py);
2. the page as lines, one per block element, like a scraped text dump: furniture (nav,
   footer, share bars, related links, comment boxes — judged by tag and class/id words) is
   left out unless it holds meta lines, and the article's container is the block with the
   most running text and the fewest links (dom.py);
3. the text parser's rules (parsing/) on those lines: headline, meta fields, body bounds.
   The fields come out of the same functions as for text dumps; the DOM then types the body
   blocks (h2/h3 sub-headings, figcaptions, blockquotes) and a stated time refines a printed
   date that lacks one.
"""

from __future__ import annotations

import re
from typing import Any

from ..model import Article
from ..zones import zone

suffixes = (".html", ".htm", ".xhtml", ".shtml")

_MARKUP = re.compile(rb"<!doctype\s+html|<html[\s>]|<head[\s>]|<body[\s>]|<meta\s", re.I)
_UTF16_MARKUP = re.compile("<!doctype\\s+html|<html[\\s>]|<head[\\s>]|<body[\\s>]", re.I)


def sniff(data: bytes) -> bool:
    """A page starts with markup (after a BOM, blanks or a comment) and names html, head,
    body or a meta tag near its top."""
    head = data[:4096]
    if head.startswith((b"\xff\xfe", b"\xfe\xff")):
        text = head.decode("utf-16", errors="ignore")
        return text.lstrip("\ufeff \t\r\n").startswith("<") and bool(_UTF16_MARKUP.search(text))
    head = head.lstrip(b"\xef\xbb\xbf \t\r\n")
    return head.startswith(b"<") and bool(_MARKUP.search(head))


def read(data: bytes, options: Any) -> Article:
    from .page import read_page

    return read_page(data, tz=zone(getattr(options, "tz", None)))
