"""The headline, the site's name and the script, read from the page-title line and the rows."""

from __future__ import annotations

import re

from . import lines as L
from .dates import has_date

# Separators between headline, channel and site in a page-title line: 标题_频道_站名.
TITLE_SEP = re.compile(r"\s*(?:_+|\s[-–—|｜－]+\s|[|｜]|--+|[-－](?=[^\d\s])|——)\s*")
# A domain after the site's name: 央视网(cctv.com).
_DOMAIN = re.compile(r"\s*[（(]?\s*(?:www\.)?[A-Za-z0-9-]+(?:\.[A-Za-z]{2,})+\s*[）)]?$")
# The page-title suffix names the site, sometimes with its edition: ETtoday新聞雲 手機版.
_EDITION = re.compile(
    r"\s*(?:手機版|手机版|電腦版|电脑版|行動版|移动版|触屏版|觸屏版|网页版|網頁版)$"
)
_COPYRIGHT = re.compile(
    r"(?:©\s*\d{4}\s*)?([^\s©|｜]{2,20}?)(?:股份)?(?:有限公司|有限責任公司)?\s*(?:版權所有|版权所有)"
)


def norm(s: str) -> str:
    return "".join(s.split())


def echoes(rows: list[str]) -> set[int]:
    """Rows (after the first) that repeat the page-title line's headline, alone or as the
    parts of a headline broken over two to four lines."""
    head_n = norm(rows[0])
    segs = [norm(s) for s in TITLE_SEP.split(rows[0]) if s.strip()]
    norms = [norm(r) for r in rows]
    found = set()
    for i in range(1, len(rows)):
        n = norms[i]
        if len(n) < 6 or n not in head_n:
            continue
        joined = n
        for j in range(i + 1, min(i + 4, len(rows))):
            joined += norms[j]
            if segs and joined == segs[0]:
                found.update(range(i, j + 1))
                break
        if n == head_n or (segs and n == segs[0]) or head_n.startswith(n):
            found.add(i)
    return found


def find_title(rows: list[str], echo_rows: set[int], start: int) -> tuple[int, str]:
    """The headline above the body at `start`: its (last) row and its text."""
    before = sorted(e for e in echo_rows if e < start)
    if before:
        last = before[-1]
        head_n = norm(rows[0])
        run = [last]
        while run[0] - 1 in before and len(run) < 4:
            joined = "".join(norm(rows[k]) for k in (run[0] - 1, *run))
            if joined not in head_n or norm(rows[run[0] - 1]) == joined:
                break
            run.insert(0, run[0] - 1)
        if len(run) > 1 and not head_n.startswith(norm(rows[last])):
            return last, " ".join(rows[k] for k in run)
        return last, rows[last]
    # No echo of the page title: the nearest headline-shaped line above the meta lines.
    top = min(start, len(rows))
    for i in range(top - 1, max(-1, top - 9), -1):
        if L.is_meta(rows[i]):
            top = i
            break
    for i in range(top - 1, -1, -1):
        line = rows[i]
        if L.is_meta(line) or L.is_noise(line) or L.is_highlight(line):
            continue
        if 4 <= len(line) <= 80 and not line.endswith(("。", "：", ":")):
            return i, line
    return 0, rows[0]


def find_site(rows: list[str], title_at: int, title: str) -> str | None:
    """A leading site line, the page title's suffix, or the name in a copyright footer."""
    head = rows[0]
    title_n = norm(title)
    # A short first line above the headline is the site's name, unless it is the
    # page-title line that carries the headline itself.
    if title_at == 1 and len(head) <= 20 and not has_date(head) and not L.is_prose(head):
        if title_n not in norm(head):
            return head
    if title_at > 0 and norm(head) != title_n:
        site = _suffix_site(head, title)
        if site:
            return site
    for row in rows[-40:]:
        m = _COPYRIGHT.search(row)
        if m:
            return m.group(1)
    return None


def _suffix_site(head: str, title: str) -> str | None:
    title_n = norm(title)
    segs = [s.strip() for s in TITLE_SEP.split(head) if s.strip()]
    rest = [s for s in segs if norm(s) not in title_n]
    if title_n and norm(head).startswith(title_n):
        tail = _after_headline(head.strip(), title)
        rest = [s.strip() for s in TITLE_SEP.split(tail) if s.strip()] or rest
    if not rest:
        return None
    han = [s for s in rest if L.han_count(s) >= 2]
    site = (han or rest)[-1]
    if han:  # 澎湃新闻-The Paper → 澎湃新闻, 央视网(cctv.com) → 央视网
        site = re.sub(r"\s+[A-Za-z][A-Za-z .]*$", "", site).strip()
        site = _DOMAIN.sub("", site)
    site = _EDITION.sub("", site)
    return site if 1 < len(site) <= 30 else None


def _after_headline(head: str, title: str) -> str:
    """The part of the page-title line after the headline, matching without whitespace."""
    want = len(norm(title))
    seen = 0
    for i, ch in enumerate(head):
        if not ch.isspace():
            seen += 1
        if seen == want:
            return head[i + 1 :]
    return ""


# Characters frequent in one script and absent from the other.
_TRAD = frozenset("這個們來為國說時會對於後裡發現當沒動麼過還進樣從與長機實無經種關點將業兩問開")
_TRAD |= frozenset("電區記報導義學習應變讓雙")
_SIMP = frozenset("这个们来为国说时会对于后里发现当没动么过还进样从与长机实无经种关点将业两问开")
_SIMP |= frozenset("电区记报导义学习应变让双")


def script(text: str) -> str:
    """zh-Hant when traditional characters outnumber simplified ones, else zh-Hans."""
    trad = sum(map(_TRAD.__contains__, text))
    simp = sum(map(_SIMP.__contains__, text))
    return "zh-Hant" if trad > simp else "zh-Hans"
