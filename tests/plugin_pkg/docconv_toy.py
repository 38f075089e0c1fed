"""A toy docconv writer: plain text with a banner. Exists to test the plug-in mechanism."""

from __future__ import annotations

from dataclasses import dataclass
from typing import BinaryIO

extension = ".toy"
media_type = "text/plain"


@dataclass(frozen=True)
class Options:
    banner: str = "TOY"


def write(article, out: BinaryIO, options: Options) -> None:  # noqa: ANN001 - any Article
    lines = [options.banner, article.title, *article.highlights, *article.paragraphs]
    out.write(("\n".join(lines) + "\n").encode("utf-8"))
