"""What a body line is when the text alone shows it: a photo caption or a sub-heading."""

from __future__ import annotations

import re

from . import lines as L

# （张三 摄）, 新华社发（李四 摄）, 图为…, 资料图片, 供图: a line that credits or describes a photo.
_CAPTION = re.compile(
    r"[（(][^（()）]{0,30}(?:摄|攝|供图|供圖|资料图|資料圖|图片来源|圖片來源)[^（()）]{0,10}[）)]\s*$"
    r"|^(?:图为|圖為|图：|圖：|图/|圖/)|(?:资料图片|資料圖片|资料图|資料圖|供图|供圖)\s*[）)]?$"
)
_END = re.compile("[。！？!?…；;：:，,”」』）)】]$")


def kind_of(line: str, prev: str | None = None, following: str | None = None) -> str:
    """paragraph, caption or heading, judged by shape: a caption credits or describes a
    photo; a sub-heading is a short line without end punctuation (a numbered one, 一、…, may
    end in nothing else) between paragraphs of prose."""
    if _CAPTION.search(line) or L.is_caption(line) and len(line) < 120:
        return "caption"
    if 2 <= len(line) <= 30 and not _END.search(line) and not L.is_meta(line):
        around = [t for t in (prev, following) if t is not None]
        if not around or all(L.is_prose(t) for t in around):
            return "heading"
    return "paragraph"


def typed(paragraphs: tuple[str, ...] | list[str]) -> tuple[tuple[str, str], ...]:
    """(text, kind) for each paragraph of a text dump."""
    out = []
    for i, text in enumerate(paragraphs):
        prev = paragraphs[i - 1] if i else None
        following = paragraphs[i + 1] if i + 1 < len(paragraphs) else None
        # A sub-heading needs text on both sides: the first and last lines are paragraphs.
        kind = kind_of(text, prev, following) if prev is not None and following is not None \
            else ("caption" if kind_of(text) == "caption" else "paragraph")
        out.append((text, kind))
    return tuple(out)


# A line that is the article's address: https://…, 原文链接：https://…, URL: https://…
URL_LINE = re.compile(
    r"^(?:(?:原文|本文|文章)?(?:链接|鏈接|连接|網址|网址|地址|URL|Url|url|Link|link)\s*[:：]\s*)?"
    r"(?P<url>https?://[^\s<>\"'，。]+)$"
)


def url_of(lines: list[str]) -> str | None:
    """The first line that gives the article's address, or None."""
    for line in lines:
        m = URL_LINE.match(line.strip())
        if m:
            return m.group("url")
    return None
