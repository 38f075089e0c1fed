"""The article's reading order, computed once: what every writer renders, top to bottom.

    site → title → subtitle → meta → highlights → body blocks → editor → source link

Writers walk `blocks(article)` and style each part by its kind; none of them decides the
order, skips empty fields or picks the body's first paragraph on its own.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from .model import Article

# Kinds of parts, in the order they can appear. The body kinds are the model's block kinds.
HEAD_KINDS = ("site", "title", "subtitle", "meta", "highlights")
BODY_KINDS = ("paragraph", "heading", "caption", "quote")
FOOT_KINDS = ("editor", "link")

_WEB = re.compile(r"https?://[^\s<>\"']+$", re.IGNORECASE)


@dataclass(frozen=True)
class Part:
    kind: str
    text: str = ""  # the editor part holds the name; writers print their own label
    items: tuple[str, ...] = ()  # the highlights' points
    links: tuple[tuple[str, str], ...] = ()  # a body block's links: (words in text, URL)


def safe_url(url: str | None) -> str | None:
    """The article's URL when it is a web address a reader may follow (http or https only:
    never javascript: or data:)."""
    return url if url and _WEB.match(url) else None


def display_title(article: Article) -> str:
    """The title, or a stand-in built from the body when the article has none."""
    if article.title:
        return article.title
    first = article.paragraphs[0] if article.paragraphs else ""
    return first[:30] or "无标题"


def blocks(article: Article) -> list[Part]:
    parts = []
    if article.site:
        parts.append(Part("site", article.site))
    parts.append(Part("title", display_title(article)))
    if article.subtitle:
        parts.append(Part("subtitle", article.subtitle))
    if article.published or article.authors or article.source:
        parts.append(Part("meta"))  # date, authors, source: each writer prints its own line
    if article.highlights:
        parts.append(Part("highlights", items=article.highlights))
    parts += [
        Part(block.kind, block.text, links=tuple((w, u) for w, u in block.links if safe_url(u)))
        for block in article.blocks
    ]
    if article.editor:
        parts.append(Part("editor", article.editor))
    url = safe_url(article.url)
    if url:
        parts.append(Part("link", url))
    return parts


def runs(text: str, links: tuple[tuple[str, str], ...]) -> list[tuple[str, str | None]]:
    """`text` cut into (words, URL or None) runs: each link's words at their next
    occurrence, in order; a link whose words are not found further on is left out."""
    out: list[tuple[str, str | None]] = []
    at = 0
    for words, url in links:
        found = text.find(words, at)
        if found < 0:
            continue
        if found > at:
            out.append((text[at:found], None))
        out.append((words, url))
        at = found + len(words)
    if at < len(text) or not out:
        out.append((text[at:], None))
    return out


def summary_text(article: Article) -> str | None:
    """The body text a one-line summary may quote: the first paragraph or quote, never a
    caption or a sub-heading."""
    return next((b.text for b in article.blocks if b.kind in ("paragraph", "quote")), None)
