"""Raw text dumps: bytes → clean text (decode.py) → Article (parsing/)."""

from __future__ import annotations

from datetime import tzinfo
from typing import Any

from ..model import Article
from ..zones import zone

suffixes = (".txt", ".text")


def sniff(data: bytes) -> bool:
    """Text is what every other reader turns down."""
    return True


def read(data: bytes, options: Any) -> Article:
    from ..decode import decode

    return parse(decode(data), tz=zone(getattr(options, "tz", None)), normalized=True)


def parse(text: str, *, tz: tzinfo, normalized: bool = False) -> Article:
    """Decoded text → Article, with the body lines typed where the text shows what they are
    (`normalized`: the text is decode()'s, its hygiene done)."""
    from dataclasses import replace

    from ..model import Block
    from ..parsing import parse_text
    from ..parsing.blocks import typed, url_of

    article = parse_text(text, tz=tz, normalized=normalized)
    blocks = tuple(Block(t, kind) for t, kind in typed(article.paragraphs))
    return replace(article, blocks=blocks, url=url_of(text.split("\n")))
