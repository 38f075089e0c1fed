"""Text → Article.

Scraped text comes as a clean article block (site, title, meta line, body, editor) or as a
whole page dump with the article somewhere inside. Both go the same way:

1. find the body: the densest run of prose lines (a maximum-sum block over line weights);
2. find the title: the nearest line above the body that the page's <title> line names, else
   the nearest headline-shaped line above the meta lines;
3. read meta (date, authors, source, editor) from the lines between title and body, then from
   the trailer after the body, then from credits inside the lead paragraph;
4. site from the page title's suffix, a leading site line, or a copyright footer.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import datetime

from ..errors import InputError
from ..model import Article
from . import lines as L
from . import meta as M
from .dates import DEFAULT_ZONE, find_date, has_date, zone

__all__ = ["parse_text"]


def parse_text(text: str, *, tz: str | None = None) -> Article:
    rows = [ln.strip() for ln in text.split("\n")]
    rows = [ln for ln in rows if ln]
    if not rows:
        raise InputError("file holds no text (only whitespace)")
    return _Parser(rows, zone(tz or DEFAULT_ZONE)).article()


def _norm(s: str) -> str:
    return "".join(s.split())


_TITLE_SEP = re.compile(r"\s*(?:_+|\s[-–—|｜]+\s|[|｜]|--+|-(?=[^\d\s])|——)\s*")


@dataclass
class _Parser:
    rows: list[str]
    tz: object
    meta_rows: list[str] = field(default_factory=list)
    site: str | None = None
    trailer_rows: list[str] = field(default_factory=list)

    def article(self) -> Article:
        rows = self.rows
        start, end = self._body_block()
        title_at, title = self._title(start)
        first_meta = title_at + 1 if title_at >= 0 else 0
        body = rows[start:end]
        # Meta lines the block swallowed at its top, highlights, then the body proper.
        self.meta_rows = rows[first_meta:start]
        highlights: list[str] = []
        while body and (self._is_meta(body[0]) or L.is_noise(body[0]) or self._is_highlight(body[0])):
            line = body.pop(0)
            if self._is_highlight(line):
                highlights.append(L.LEAD_LABEL.sub("", L.BULLET.sub("", line)))
            elif not L.is_noise(line):
                self.meta_rows.append(line)
        while body and (L.is_trailer(body[-1]) or L.is_noise(body[-1]) or self._is_meta(body[-1])):
            self.trailer_rows.insert(0, body.pop())
        self.trailer_rows += rows[end:end + 15]
        paragraphs = [p for p in body if not L.is_noise(p) and not self._is_editor_line(p)]
        before = rows[max(0, title_at - 8):max(0, title_at)][::-1]
        published = self._published(before)
        self.site = self._site(title_at, title)
        source = self._source()
        return Article(
            title=title,
            site=self.site,
            published=published,
            authors=tuple(self._authors(paragraphs)),
            source=source,
            editor=self._editor(),
            highlights=tuple(highlights),
            paragraphs=tuple(paragraphs),
            language=_script(title + "".join(paragraphs[:20])),
        )

    # -- the body -------------------------------------------------------------------------

    def _body_block(self) -> tuple[int, int]:
        """The article body: the best maximum-sum run of line weights (prose pulls,
        furniture pushes). Lines that repeat the page title split runs, and a run that
        starts right under such a headline counts more: related-link lists and comment
        rules can be long, but the article is the text under its own headline."""
        rows = self.rows
        echoes = self._echoes()
        best_score, best_span = 0.0, (len(rows), len(rows))
        run, run_start, seg_best, seg_span = 0.0, 0, 0.0, (0, 0)

        def close() -> None:
            nonlocal best_score, best_span
            if seg_best <= 0:
                return
            near = any(0 < seg_span[0] - e <= 30 for e in echoes)
            score = seg_best * (2.5 if near else 1.0)
            if score > best_score:
                best_score, best_span = score, seg_span

        for i, line in enumerate(rows):
            w = -1e9 if i in echoes else self._weight(line)
            if run <= 0:
                close()
                run, run_start, seg_best = 0.0, i, 0.0
            run += w
            if run > seg_best:
                seg_best, seg_span = run, (run_start, i + 1)
        close()
        if best_span[0] == len(rows):  # no prose at all: everything after the first line
            return (1 if len(rows) > 1 else 0, len(rows))
        return best_span

    def _echoes(self) -> set[int]:
        """Rows (after the first) that repeat the page-title line's headline."""
        head = self.rows[0]
        head_n = _norm(head)
        segs = [_norm(s) for s in _TITLE_SEP.split(head) if s.strip()]
        found = set()
        for i in range(1, len(self.rows)):
            n = _norm(self.rows[i])
            if len(n) < 6:
                continue
            if n == head_n or (segs and n == segs[0]) or head_n.startswith(n):
                found.add(i)
            elif i + 1 < len(self.rows) and segs and n + _norm(self.rows[i + 1]) == segs[0]:
                found.update((i, i + 1))
        return found

    def _weight(self, line: str) -> float:
        if L.is_noise(line):
            return -30.0
        if L.is_prose(line):
            return float(min(len(line), 200))
        if self._is_highlight(line):
            return 5.0
        if self._is_meta(line):
            return -60.0
        return -6.0 if len(line) <= 6 else -4.0

    def _is_meta(self, line: str) -> bool:
        if len(line) > 90 or L.is_prose(line) and len(line) > 40:
            return False
        if has_date(line) and len(line) < 60:
            return True
        return any(cue in (*M.AUTHOR_CUES, *M.SOURCE_CUES, *M.EDITOR_CUES) for cue, _ in M.labelled(line))

    def _is_editor_line(self, line: str) -> bool:
        return len(line) < 40 and any(cue in M.EDITOR_CUES for cue, _ in M.labelled(line))

    @staticmethod
    def _is_highlight(line: str) -> bool:
        if L.BULLET.match(line):
            rest = L.BULLET.sub("", line)
            return len(rest) >= 10 and L.han_count(rest) >= 6
        return bool(L.LEAD_LABEL.match(line)) and len(line) >= 15

    # -- the title ------------------------------------------------------------------------

    def _title(self, start: int) -> tuple[int, str]:
        rows = self.rows
        echoes = sorted(e for e in self._echoes() if e < start)
        if echoes:
            last = echoes[-1]
            if last - 1 in echoes and _norm(rows[last - 1]) + _norm(rows[last]) != _norm(rows[last]):
                joined = _norm(rows[last - 1]) + _norm(rows[last])
                if joined in _norm(rows[0]) and not _norm(rows[0]).startswith(_norm(rows[last])):
                    return last, f"{rows[last - 1]} {rows[last]}"
            return last, rows[last]
        # No echo of the page title: the nearest headline-shaped line above the meta lines.
        top = min(start, len(rows))
        for i in range(top - 1, max(-1, top - 9), -1):
            if self._is_meta(rows[i]):
                top = i
                break
        for i in range(top - 1, -1, -1):
            line = rows[i]
            if self._is_meta(line) or L.is_noise(line) or self._is_highlight(line):
                continue
            if 4 <= len(line) <= 80 and not line.endswith(("。", "：", ":")):
                return i, line
        return 0, rows[0]

    # -- meta -----------------------------------------------------------------------------

    def _published(self, before: list[str]) -> datetime | None:
        for zone_rows in (self.meta_rows, before, self.trailer_rows[:12]):
            found = [f for f in (find_date(r, self.tz) for r in zone_rows if len(r) < 90) if f]
            if not found:
                continue
            return found[0].when
        return None

    def _labelled(self, rows: list[str], cues: tuple[str, ...]) -> list[str]:
        return [v for r in rows if len(r) < 120 for cue, v in M.labelled(r) if cue in cues and v]

    def _source(self) -> str | None:
        for value in self._labelled(self.meta_rows, M.SOURCE_CUES):
            cleaned = M.clean_source(value)
            if cleaned:
                return cleaned
        # An unlabelled name beside the date: "2019-09-26 10:56:28 证券时报网".
        for row in self.meta_rows:
            found = find_date(row, self.tz)
            if not found or M.labelled(row):
                continue
            for part in (row[found.end:], row[:found.start]):
                part = re.sub(r"https?://\S+|www\.\S+", "", part).strip()
                part = re.split(r"\s{2,}|\s(?=\S*\d)", part)[0] if part else part
                cleaned = M.clean_source(part) if part else None
                if cleaned and L.han_count(cleaned) >= 2 and not has_date(cleaned):
                    return cleaned
        # A bare agency or paper name on its own line under the title: 新华社, or the
        # site's own short name (中時 on 中時電子報).
        for row in self.meta_rows:
            if self.site and 2 <= len(row) < len(self.site) + 1 and row in self.site and not L.is_noise(row):
                return row
            if M.looks_like_org(row) and not has_date(row) and not M.labelled(row) and L.han_count(row) >= 2:
                return M.clean_source(row)
        for value in self._labelled(self.trailer_rows, M.SOURCE_CUES):
            cleaned = M.clean_source(value)
            if cleaned:
                return cleaned
        return None

    def _editor(self) -> str | None:
        for rows in (self.trailer_rows, self.meta_rows):
            for value in self._labelled(rows, M.EDITOR_CUES):
                cleaned = M.clean_editor(value)
                if cleaned:
                    return cleaned
        return None

    def _authors(self, paragraphs: list[str]) -> list[str]:
        names: list[str] = []
        for value in self._labelled(self.meta_rows, M.AUTHOR_CUES):
            names += M.split_names(value)
        if names:
            return _unique(names)
        for row in self.meta_rows:  # a byline: 澎湃新闻记者 段彦超 廖艳 / 记者马俊峰/文
            m = re.search(r"(?:记者|記者)\s*(?P<n>[^\d:：]{2,30})$", row)
            if m and not has_date(row):
                names += [n for n in M.split_names(m.group("n")) if M.looks_like_person(n)]
        if names:
            return _unique(names)
        dated = [i for i, r in enumerate(self.meta_rows) if has_date(r)]
        for i, row in enumerate(self.meta_rows):  # a bare name beside the date line: 謝明俊
            near = any(abs(i - d) <= 3 for d in dated)
            if near and M.looks_like_person(row) and not L.is_noise(row) and row != self._source():
                if self.site and row in self.site:
                    continue
                names.append(row)
        if names:
            return _unique(names)
        for para in paragraphs[:2]:
            names += M.credit_names(para[:80])
        for para in paragraphs[-1:]:
            names += M.credit_names(para[-60:])
        for value in self._labelled(self.trailer_rows[:4], ("作者", "撰文", "编译", "編譯")):
            names += M.split_names(value)
        return _unique(names)

    # -- site -----------------------------------------------------------------------------

    @staticmethod
    def _is_site_line(line: str) -> bool:
        return len(line) <= 20 and not has_date(line) and not L.is_prose(line)

    def _site(self, title_at: int, title: str) -> str | None:
        head = self.rows[0]
        if title_at == 1 and self._is_site_line(head):
            return head
        title_n = _norm(title)
        if title_at > 0 and _norm(head) != title_n:
            segs = [s.strip() for s in _TITLE_SEP.split(head) if s.strip()]
            rest = [s for s in segs if _norm(s) not in title_n]
            if title_n and _norm(head).startswith(title_n):
                tail = head[len(head) - len(head.lstrip()) :]
                rest = [s.strip() for s in _TITLE_SEP.split(_strip_prefix(tail, title)) if s.strip()] or rest
            if rest:
                han = [s for s in rest if L.han_count(s) >= 2]
                site = (han or rest)[-1]
                if han:
                    site = re.sub(r"\s+[A-Za-z][A-Za-z .]*$", "", site).strip()
                if 1 < len(site) <= 30:
                    return site
        for row in self.rows[-40:]:
            m = re.search(r"(?:©\s*\d{4}\s*)?([^\s©|｜]{2,20}?)(?:股份)?(?:有限公司|有限責任公司)?\s*(?:版權所有|版权所有)", row)
            if m:
                return m.group(1)
        return None


def _strip_prefix(head: str, title: str) -> str:
    """The part of the page-title line after the headline, matching without whitespace."""
    want = len(_norm(title))
    seen = 0
    for i, ch in enumerate(head):
        if not ch.isspace():
            seen += 1
        if seen == want:
            return head[i + 1 :]
    return ""


def _unique(names: list[str]) -> list[str]:
    out: list[str] = []
    for n in names:
        if n not in out:
            out.append(n)
    return out


_TRAD = set("這個們來為國說時會對於後裡發現當沒動麼過還進樣從與長機實無經種關點將業兩問開電區記報導義學習應變讓雙")
_SIMP = set("这个们来为国说时会对于后里发现当没动么过还进样从与长机实无经种关点将业两问开电区记报导义学习应变让双")


def _script(text: str) -> str:
    trad = sum(ch in _TRAD for ch in text)
    simp = sum(ch in _SIMP for ch in text)
    return "zh-Hant" if trad > simp else "zh-Hans"
