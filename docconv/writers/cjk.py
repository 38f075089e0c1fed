"""What several writers share: punctuation classes, labels, the printed meta line."""

from __future__ import annotations

from datetime import datetime

from ..layout import display_title
from ..model import Article

__all__ = ["display_title", "editor_line", "format_date", "label", "meta_parts"]

# Characters that must not start a line (closing marks, small kana, iteration marks).
NO_START = frozenset(
    "，。、；：？！）」』》〉】〕〗〙〛｝］”’…‥—–·・〜～ー々〻"
    "ぁぃぅぇぉっゃゅょゎゕゖァィゥェォッャュョヮヵヶ"
    ",.;:?!)]}%‰℃°′″"
)
# Characters that must not end a line (opening marks, currency signs before numbers).
NO_END = frozenset("（「『《〈【〔〖〘〚｛［“‘([{$£¥￥＄＃#@")

_LABELS = {
    "zh-Hans": {"author": "作者", "source": "来源", "editor": "责任编辑", "highlights": "要点",
                "page": "第 {n} 页", "of": "共 {total} 页", "contents": "目录",
                "link": "原文链接"},
    "zh-Hant": {"author": "作者", "source": "來源", "editor": "責任編輯", "highlights": "要點",
                "page": "第 {n} 頁", "of": "共 {total} 頁", "contents": "目錄",
                "link": "原文連結"},
}


def label(article: Article, key: str) -> str:
    """A printed label in the article's own script (来源 or 來源)."""
    return _LABELS.get(article.language, _LABELS["zh-Hans"])[key]


def format_date(published: datetime) -> str:
    """2021年3月23日 07:06 — the way Chinese papers print a dateline."""
    text = f"{published.year}年{published.month}月{published.day}日"
    if (published.hour, published.minute, published.second) != (0, 0, 0):
        text += f" {published:%H:%M}"
    return text


def meta_parts(article: Article) -> list[str]:
    """The meta line's parts: date, authors, source (each only when known)."""
    parts = []
    if article.published:
        parts.append(format_date(article.published))
    if article.authors:
        parts.append(f"{label(article, 'author')}：{'、'.join(article.authors)}")
    if article.source:
        parts.append(f"{label(article, 'source')}：{article.source}")
    return parts


def editor_line(article: Article) -> str | None:
    return f"{label(article, 'editor')}：{article.editor}" if article.editor else None
