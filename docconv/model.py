"""The article model: the one structure every reader produces and every writer renders."""

from __future__ import annotations

from dataclasses import dataclass, fields
from datetime import datetime
from typing import Any

from .errors import DocconvError
from .text import clean_inline


def _opt(value: str | None) -> str | None:
    if value is None:
        return None
    value = clean_inline(value)
    return value or None


def _strings(values: Any) -> tuple[str, ...]:
    cleaned = (clean_inline(v) for v in (values or ()))
    return tuple(v for v in cleaned if v)


# What a body block is. Each kind is still one of `paragraphs`: the flat list of body texts.
BLOCK_KINDS = ("paragraph", "heading", "caption", "quote")


@dataclass(frozen=True)
class Block:
    """One block of the body: a paragraph, a sub-heading, a photo caption or a quote."""

    text: str
    kind: str = "paragraph"
    # Links inside the text, in order: (the linked words, as they occur in `text`; the URL).
    links: tuple[tuple[str, str], ...] = ()

    def __post_init__(self) -> None:
        put = object.__setattr__
        put(self, "text", clean_inline(self.text or ""))
        if self.kind not in BLOCK_KINDS:
            known = ", ".join(BLOCK_KINDS)
            raise DocconvError(f"unknown block kind {self.kind!r} (known: {known})")
        links = ((clean_inline(str(words)), str(url).strip()) for words, url in self.links or ())
        put(self, "links", tuple((w, u) for w, u in links if w and u and w in self.text))

    def to_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = {"kind": self.kind, "text": self.text}
        if self.links:
            out["links"] = [{"text": words, "url": url} for words, url in self.links]
        return out


def _blocks(values: Any) -> tuple[Block, ...]:
    out = []
    for value in values or ():
        block = value
        if isinstance(value, dict):
            links = tuple((str(link.get("text") or ""), str(link.get("url") or ""))
                          for link in value.get("links") or () if isinstance(link, dict))
            block = Block(str(value.get("text") or ""), str(value.get("kind") or "paragraph"),
                          links)
        if not isinstance(block, Block):
            kind = type(value).__name__
            raise DocconvError(f"a body block must be a Block or a mapping, not {kind}")
        if block.text:
            out.append(block)
    return tuple(out)


@dataclass(frozen=True)
class Article:
    """One news article.

    Strings are trimmed and free of XML-illegal characters (enforced here, so no writer ever
    sees them); empty strings become None and empty list items are dropped.
    """

    title: str
    site: str | None = None
    published: datetime | None = None  # always timezone-aware
    authors: tuple[str, ...] = ()
    source: str | None = None
    editor: str | None = None
    highlights: tuple[str, ...] = ()
    paragraphs: tuple[str, ...] = ()
    subtitle: str | None = None
    language: str = "zh-Hans"  # zh-Hans or zh-Hant; en or und for text without Chinese
    url: str | None = None  # where the article was published (canonical link, og:url)
    # The body as typed blocks. Given, they decide `paragraphs` (their texts, in order);
    # left out, every paragraph is a plain paragraph block.
    blocks: tuple[Block, ...] = ()

    def __post_init__(self) -> None:
        put = object.__setattr__
        put(self, "title", clean_inline(self.title or ""))
        for name in ("site", "source", "editor", "subtitle", "url"):
            put(self, name, _opt(getattr(self, name)))
        for name in ("authors", "highlights", "paragraphs"):
            put(self, name, _strings(getattr(self, name)))
        blocks = _blocks(self.blocks)
        if blocks:
            put(self, "paragraphs", tuple(b.text for b in blocks))
        else:
            blocks = tuple(Block(p) for p in self.paragraphs)
        put(self, "blocks", blocks)
        if self.published is not None and self.published.tzinfo is None:
            raise DocconvError("Article.published must be timezone-aware")
        put(self, "language", self.language or "zh-Hans")

    @property
    def lang_tag(self) -> str:
        """The HTML/XML language tag: zh-CN for simplified text, zh-TW for traditional,
        en for English and und for text in no language the parser names."""
        if self.language == "zh-Hant":
            return "zh-TW"
        if self.language in ("en", "und"):
            return self.language
        return "zh-CN"

    def to_dict(self) -> dict[str, Any]:
        return {
            "site": self.site,
            "title": self.title or None,
            "published": self.published.isoformat() if self.published else None,
            "authors": list(self.authors),
            "source": self.source,
            "editor": self.editor,
            "highlights": list(self.highlights),
            "paragraphs": list(self.paragraphs),
            "subtitle": self.subtitle,
            "language": self.language,
            "url": self.url,
            "blocks": [b.to_dict() for b in self.blocks],
        }

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Article:
        known = {f.name for f in fields(cls)}
        kwargs = {k: v for k, v in data.items() if k in known}
        published = kwargs.get("published")
        if isinstance(published, str):
            try:
                # Python 3.10's fromisoformat does not take a trailing Z.
                iso = published[:-1] + "+00:00" if published.endswith(("Z", "z")) else published
                kwargs["published"] = datetime.fromisoformat(iso)
            except ValueError as exc:
                raise DocconvError(f"bad published time {published!r}: {exc}") from None
        for name in ("authors", "highlights", "paragraphs"):
            kwargs[name] = tuple(kwargs.get(name) or ())
        kwargs["title"] = kwargs.get("title") or ""
        return cls(**kwargs)
