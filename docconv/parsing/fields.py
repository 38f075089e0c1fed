"""The meta fields (time, source, editor, authors) read from the rows around the body."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import datetime, tzinfo

from . import lines as L
from . import meta as M
from . import trace as T
from .dates import Found, find_date, find_yearless, has_date, strip_zones, with_time, year_of

_URL = re.compile(r"https?://\S+|www\.\S+")
_TRAILING_BYLINE = re.compile(r"(?:记者|記者)\s*(?P<n>[^\d:：]{2,30})$")
# How far after the body a byline or a labelled author is still the article's.
_TRAILER_BYLINES = 4


@dataclass
class Zones:
    """Where meta lines are: between title and body, just above the title, after the body."""

    meta: list[str]
    before: list[str]
    trailer: list[str]
    page: list[str]
    site: str | None
    tz: tzinfo
    after: list[str] = field(default_factory=list)  # every row after the body

    def _zones(self) -> tuple[tuple[str, list[str]], ...]:
        return (
            ("meta lines under the headline", self.meta),
            ("meta lines above the headline", self.before),
            ("lines after the body", self.trailer[:12]),
        )

    def published(self) -> datetime | None:
        """The first date in the meta lines under the headline, else above it, else after
        the body; in the first two a month-day-time date without a year counts too."""
        year: int | None = None
        for n, (where, rows) in enumerate(self._zones()):
            for row in rows:
                found = find_date(row, self.tz) if len(row) < 90 else None
                if found:
                    found = self._time_below(row, found)
                    T.note("published", f"first date in the {where}{_PRECISION[found.precision]}",
                           row)
                    return found.when
            if n < 2:
                year = year or self._page_year()
                when = self._yearless(where, rows, year) if year else None
                if when:
                    return when
        return None

    def _time_below(self, row: str, found: Found) -> Found:
        """A date printed without a time takes the time printed alone on the next line."""
        if found.precision:
            return found
        at = next((i for i, r in enumerate(self.page) if r == row), None)
        if at is not None and at + 1 < len(self.page):
            timed = with_time(found, self.page[at + 1])
            if timed:
                T.note("published", "time printed on the line under the date",
                       index=at + 1)
                return timed
        return found

    def _page_year(self) -> int | None:
        """The year of the first full date on the page outside its furniture (copyright
        years say when the site began, not when the article was written)."""
        return next(
            (y for r in self.page if not L.is_noise(r) and (y := year_of(r)) is not None), None
        )

    def _yearless(self, where: str, rows: list[str], year: int) -> datetime | None:
        for row in rows:
            found = find_yearless(row, self.tz, year) if len(row) < 60 else None
            if found:
                T.note("published", f"month and day in the {where}, the year ({year}) from a "
                       "full date elsewhere on the page", row)
                return found.when
        return None

    def source(self) -> str | None:
        for row, value in _values(self.meta, M.SOURCE_CUES):
            cleaned = M.clean_source(value)
            if cleaned:
                T.note("source", "labelled source (来源：…) in the meta lines", row)
                return cleaned
        found = self._source_beside_date() or self._source_line()
        if found:
            return found
        for row, value in _values(self.trailer, M.SOURCE_CUES):
            cleaned = M.clean_source(value)
            if cleaned:
                T.note("source", "labelled source after the body", row, near=len(self.page))
                return cleaned
        return None

    def _source_beside_date(self) -> str | None:
        """An unlabelled name beside the date: 2019-09-26 10:56:28 证券时报网."""
        for row in self.meta:
            found = find_date(row, self.tz)
            if not found:
                continue
            # A labelled source is read as such; other labels only end the name; the name
            # before 发表于 is who posted it.
            labels = M.labelled(row)
            if any(cue in M.SOURCE_CUES for cue, _ in labels) or M.PUBLISHED_BY.match(row):
                continue
            for part in (row[found.end :], row[: found.start]):
                # A label glued to the name (新京报作者：新京报) ends the name.
                part = M.GLUED_LABEL.split(part)[0]
                part = M.PLACE_NOTE.sub(" ", strip_zones(_URL.sub("", part)))
                part = re.split(r"\s{2,}|\s(?=\S*\d)", part.strip())[0] if part else part
                cleaned = M.clean_source(part) if part else None
                # A name, not a note: short, or shaped like an organisation's name.
                if not cleaned or len(cleaned) > 8 and not M.looks_like_org(cleaned):
                    continue
                # 更新时间 2012年12月10日: a date's own label names no source
                if cleaned in M.OTHER_CUES:
                    continue
                if L.han_count(cleaned) >= 2 and not has_date(cleaned):
                    if M.looks_like_person_name(cleaned):  # 张三 2024-05-13: a writer
                        continue
                    T.note("source", "unlabelled name beside the date", row)
                    return cleaned
        return None

    def _source_line(self) -> str | None:
        """A bare agency or paper name on its own line under the title: 新华社, or the
        site's own short name (中時 on 中時電子報)."""
        for row in self.meta:
            paired = M.name_and_org(row)  # 石佳/中国青年报
            if paired:
                T.note("source", "the paper of a writer/paper byline", row)
                return paired[1]
            if self.site and 2 <= len(row) <= len(self.site) and row in self.site:
                if not L.is_noise(row):
                    T.note("source", "the site's short name on a line of its own", row)
                    return row
            # (right under the headline or beside the date: further down, among share
            # buttons, 开心网 is a button)
            if not self._near_top_or_date(row):
                continue
            if M.looks_like_org(row) and not has_date(row) and not M.labelled(row):
                if L.han_count(row) >= 2 and not M.is_ui_value(row):
                    T.note("source", "an organisation's name on a line of its own", row)
                    return M.clean_source(row)
        return None

    def _near_top_or_date(self, row: str) -> bool:
        i = self.meta.index(row)
        dated = [j for j, r in enumerate(self.meta) if has_date(r)]
        return i <= 1 or any(abs(i - j) <= 2 for j in dated)

    def editor(self) -> str | None:
        for where, rows in (("after the body", self.trailer), ("in the meta lines", self.meta)):
            for row, value in _values(rows, M.EDITOR_CUES):
                cleaned = M.clean_editor(value)
                if cleaned:
                    T.note("editor", f"labelled editor (责任编辑：…) {where}", row)
                    return cleaned
        # 责任编辑 (not a bare 编辑) further down, past share bars and link lists.
        for row, value in _values(self.after, ("责任编辑", "責任編輯", "责编", "責編")):
            cleaned = M.clean_editor(value)
            if cleaned:
                T.note("editor", "labelled 责任编辑 further below the body", row,
                       near=len(self.page))
                return cleaned
        return None

    def authors(
        self, paragraphs: list[str], source: str | None, editor: str | None = None
    ) -> list[str]:
        """Labelled authors, else bylines, else a bare name beside the date, else credits
        inside the first and last paragraphs, a byline or labelled author after the body,
        or a signature closing the last paragraph."""
        names: list[str] = []
        for row in self.meta:
            for cue, value in M.labelled(row):
                if cue in M.AUTHOR_CUES and value:
                    found = M.people(M.split_names(value))
                    if found:
                        T.note("authors", f"labelled author ({cue}：…) in the meta lines", row)
                    names += found
        if names:
            return _unique(names)
        for row in self.meta:  # 澎湃新闻记者 段彦超 廖艳 / 记者马俊峰/文 / 石佳/中国青年报
            found = M.byline_names(row)
            paired = M.name_and_org(row)
            if paired:
                found.append(paired[0])
            m = _TRAILING_BYLINE.search(row)
            if m and not found and not names:
                found += [n for n in M.split_names(m.group("n")) if M.looks_like_name(n)]
            if found:
                T.note("authors", "byline in the meta lines", row)
            names += found
        if names:
            return _unique(names)
        for row, value in _values(self.meta, M.SOURCE_CUES):
            name = M.source_byline(value)
            if name:
                T.note("authors", "a person's name after the source (来源：某某网 张三)", row)
                return [name]
        for row in self.meta:
            m = M.PUBLISHED_BY.match(row)
            if m and not M.is_ui_value(m.group("name")):
                T.note("authors", "the name before 发表于 (posted by)", row)
                return [m.group("name")]
        names = self._bare_names(source) or self._name_beside_date()
        if names:
            return names
        for para in paragraphs[:2]:
            found = M.credit_names(para[:80])
            if found:
                T.note("authors", "bracketed credit at the start of the body", para)
            names += found
        for para in paragraphs[-1:]:
            found = M.credit_names(para[-60:])
            if found:
                T.note("authors", "bracketed credit at the end of the body", para)
            names += found
        if not names:
            names = self._trailer_authors()
        if not names and paragraphs:
            # (a signature that is the editor's name signs the editing: 【责任编辑：郭旭】)
            names = [n for n in M.signature(paragraphs[-1]) if n != editor]
            if names:
                T.note("authors", "signature closing the last paragraph: （X）", paragraphs[-1])
        return _unique(names)

    def _trailer_authors(self) -> list[str]:
        """A byline or a labelled author just after the body: 文/栗思, 作者 王之言 高孜然,
        中青报·中青网记者 魏其濛 来源：中国青年报, （本文来源：经济日报 作者：…研究员徐占忱）."""
        for row in self.trailer[:_TRAILER_BYLINES]:
            names: list[str] = []
            for cue, value in M.labelled(row):
                if cue in ("作者", "撰文", "编译", "編譯", "文", "执笔", "執筆"):
                    names += M.people(M.split_names(value))
            names = names or M.byline_names(M.without_labels(row))
            if names:
                T.note("authors", "byline or labelled author after the body", row)
                return names
        return []

    def _name_beside_date(self) -> list[str]:
        """A person's name printed beside the date, unlabelled: 张三 2024-05-13 09:16."""
        for row in self.meta:
            found = find_date(row, self.tz)
            if not found or M.labelled(row):
                continue
            for part in (row[: found.start], row[found.end :]):
                part = re.split(r"[\s|｜/·]+", part.strip(" |｜/·"))
                name = part[0] if len(part) == 1 else ""
                if M.looks_like_person_name(name):
                    T.note("authors", "a person's name beside the date", row)
                    return [name]
        return []

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
            # Nor is one of a column of short links (栏目关注： 大众保健 女性保健 …).
            if self._in_link_column(i, source) or M.is_ui_value(row) or M.PLACE_NOTE.fullmatch(row):
                continue
            if not (self.site and row in self.site):
                T.note("authors", "a bare name near the date line", row)
                names.append(row)
        return _unique(names)


    def _in_link_column(self, i: int, source: str | None) -> bool:
        """Two of the four rows around row i are bare two-to-four-hanzi words too."""
        near = [self.meta[j] for j in (i - 2, i - 1, i + 1, i + 2) if 0 <= j < len(self.meta)]
        words = [r for r in near if M.looks_like_person(r) and r not in (source, self.site)]
        return len(words) >= 2


_PRECISION = {0: " (a date printed without a time)", 2: "", 3: ""}


def _values(rows: list[str], cues: tuple[str, ...]) -> list[tuple[str, str]]:
    """(row, value) of each label with one of `cues`."""
    return [(r, v) for r in rows if len(r) < 120 for cue, v in M.labelled(r) if cue in cues and v]


def _unique(names: list[str]) -> list[str]:
    return list(dict.fromkeys(n for n in names if not M.is_ui_value(n)))
