"""The meta fields (time, source, editor, authors) read from the rows around the body."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime, tzinfo

from . import lines as L
from . import meta as M
from .dates import find_date, has_date, strip_zones

_URL = re.compile(r"https?://\S+|www\.\S+")
_TRAILING_BYLINE = re.compile(r"(?:记者|記者)\s*(?P<n>[^\d:：]{2,30})$")


@dataclass
class Zones:
    """Where meta lines are: between title and body, just above the title, after the body."""

    meta: list[str]
    before: list[str]
    trailer: list[str]
    page: list[str]
    site: str | None
    tz: tzinfo

    def published(self) -> datetime | None:
        for rows in (self.meta, self.before, self.trailer[:12]):
            for row in rows:
                found = find_date(row, self.tz) if len(row) < 90 else None
                if found:
                    return found.when
        return None

    def source(self) -> str | None:
        for value in _values(self.meta, M.SOURCE_CUES):
            cleaned = M.clean_source(value)
            if cleaned:
                return cleaned
        found = self._source_beside_date() or self._source_line()
        if found:
            return found
        for value in _values(self.trailer, M.SOURCE_CUES):
            cleaned = M.clean_source(value)
            if cleaned:
                return cleaned
        return None

    def _source_beside_date(self) -> str | None:
        """An unlabelled name beside the date: 2019-09-26 10:56:28 证券时报网."""
        for row in self.meta:
            found = find_date(row, self.tz)
            if not found or M.labelled(row):
                continue
            for part in (row[found.end :], row[: found.start]):
                part = strip_zones(_URL.sub("", part))
                part = re.split(r"\s{2,}|\s(?=\S*\d)", part)[0] if part else part
                cleaned = M.clean_source(part) if part else None
                # A name, not a note: short, or shaped like an organisation's name.
                if not cleaned or len(cleaned) > 8 and not M.looks_like_org(cleaned):
                    continue
                # 更新时间 2012年12月10日: a date's own label names no source
                if cleaned in M.OTHER_CUES:
                    continue
                if L.han_count(cleaned) >= 2 and not has_date(cleaned):
                    return cleaned
        return None

    def _source_line(self) -> str | None:
        """A bare agency or paper name on its own line under the title: 新华社, or the
        site's own short name (中時 on 中時電子報)."""
        for row in self.meta:
            paired = M.name_and_org(row)  # 石佳/中国青年报
            if paired:
                return paired[1]
            if self.site and 2 <= len(row) <= len(self.site) and row in self.site:
                if not L.is_noise(row):
                    return row
            if M.looks_like_org(row) and not has_date(row) and not M.labelled(row):
                if L.han_count(row) >= 2:
                    return M.clean_source(row)
        return None

    def editor(self) -> str | None:
        for rows in (self.trailer, self.meta):
            for value in _values(rows, M.EDITOR_CUES):
                cleaned = M.clean_editor(value)
                if cleaned:
                    return cleaned
        return None

    def authors(self, paragraphs: list[str], source: str | None) -> list[str]:
        """Labelled authors, else bylines, else a bare name beside the date, else credits
        inside the first and last paragraphs or a labelled author after the body."""
        names: list[str] = []
        for value in _values(self.meta, M.AUTHOR_CUES):
            names += M.split_names(value)
        if names:
            return _unique(names)
        for row in self.meta:  # 澎湃新闻记者 段彦超 廖艳 / 记者马俊峰/文 / 石佳/中国青年报
            names += M.byline_names(row)
            paired = M.name_and_org(row)
            if paired:
                names.append(paired[0])
            m = _TRAILING_BYLINE.search(row)
            if m and not names:
                names += [n for n in M.split_names(m.group("n")) if M.looks_like_name(n)]
        if names:
            return _unique(names)
        names = self._bare_names(source)
        if names:
            return names
        for para in paragraphs[:2]:
            names += M.credit_names(para[:80])
        for para in paragraphs[-1:]:
            names += M.credit_names(para[-60:])
        for value in _values(self.trailer[:4], ("作者", "撰文", "编译", "編譯")):
            names += M.split_names(value)
        return _unique(names)

    def _bare_names(self, source: str | None) -> list[str]:
        """A bare name within three lines of the date line: 謝明俊."""
        dated = [i for i, r in enumerate(self.meta) if has_date(r)]
        names = []
        for i, row in enumerate(self.meta):
            if not any(abs(i - d) <= 3 for d in dated) or not M.looks_like_person(row):
                continue
            # A word the page also prints elsewhere (社會, 地方) is a channel link, not a name.
            if self.page.count(row) > 1 or L.is_noise(row) or row == source:
                continue
            if not (self.site and row in self.site):
                names.append(row)
        return _unique(names)


def _values(rows: list[str], cues: tuple[str, ...]) -> list[str]:
    return [v for r in rows if len(r) < 120 for cue, v in M.labelled(r) if cue in cues and v]


def _unique(names: list[str]) -> list[str]:
    return list(dict.fromkeys(names))
