"""Text → Article. (Temporary stub while the real parser is written.)"""

from __future__ import annotations

from ..model import Article


def parse_text(text: str, *, tz: str | None = None) -> Article:
    lines = [ln.strip() for ln in text.split("\n") if ln.strip()]
    return Article(title=lines[0] if lines else "", paragraphs=tuple(lines[1:]))
