"""The headline, the site's name and the script, read from the page-title line and the rows."""

from __future__ import annotations

import re

from . import lines as L
from . import meta as M
from . import trace as T
from .dates import has_date

# Separators between headline, channel and site in a page-title line: 标题_频道_站名.
TITLE_SEP = re.compile(r"\s*(?:_+|\s[-–—|｜－]+\s|[|｜]|--+|[-－](?=[^\d\s])|——)\s*")
# A domain after the site's name: 央视网(cctv.com).
_DOMAIN = re.compile(r"\s*[（(]?\s*(?:www\.)?[A-Za-z0-9-]+(?:\.[A-Za-z]{2,})+\s*[）)]?$")
# The page-title suffix names the site, sometimes with its edition: ETtoday新聞雲 手機版.
_EDITION = re.compile(
    r"\s*(?:手機版|手机版|電腦版|电脑版|行動版|移动版|触屏版|觸屏版|网页版|網頁版)$"
)
_BREADCRUMB = re.compile(r"\s(?:>>?|›|»|/|＞)\s|>>|›|»|＞")
_COPYRIGHT = re.compile(
    r"(?:©\s*\d{4}\s*)?([^\s©|｜]{2,20}?)(?:股份)?(?:有限公司|有限責任公司)?\s*(?:版權所有|版权所有)"
)


def norm(s: str) -> str:
    return "".join(s.split())


_NOT_WORD = re.compile(r"[\W_]+")


def key(s: str) -> str:
    """A line as the page-title line is compared with it: letters, digits and hanzi only
    (titles swap —— for -, drop quotes and spaces, or add + and 丨 of their own)."""
    return _NOT_WORD.sub("", s).lower()


def echoes(rows: list[str]) -> set[int]:
    """Rows (after the first) that repeat the page-title line's headline, alone or as the
    parts of a headline broken over two to four lines."""
    head_n = key(rows[0])
    segs = [key(s) for s in TITLE_SEP.split(rows[0]) if s.strip()]
    norms = [key(r) for r in rows]
    found = set()
    for i in range(1, len(rows)):
        n = norms[i]
        if len(n) < 6 or n not in head_n:
            continue
        joined = n
        for j in range(i + 1, min(i + 4, len(rows))):
            if len(norms[j]) < 2:  # a lone mark (+, ·) is no part of a headline
                break
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
        head_n = key(rows[0])
        run = [last]
        while run[0] - 1 in before and len(run) < 4:
            joined = "".join(key(rows[k]) for k in (run[0] - 1, *run))
            if joined not in head_n or key(rows[run[0] - 1]) == joined:
                break
            run.insert(0, run[0] - 1)
        if len(run) > 1 and not head_n.startswith(key(rows[last])):
            T.note("title", "the page-title line names this headline, broken over lines",
                   index=run[0])
            return last, " ".join(rows[k] for k in run)
        T.note("title", "nearest line above the body that the page-title line names",
               index=last)
        return last, rows[last]
    # No echo of the page title: the nearest headline-shaped line above the meta lines,
    # else (the meta line printed above the headline) the first one below them.
    start = min(start, len(rows))
    top = start
    for i in range(start - 1, max(-1, start - 9), -1):
        if L.is_meta(rows[i]):
            top = i
            break
    found = next((i for i in range(top - 1, -1, -1) if _headline_shaped(rows[i])), None)
    rule = "nearest headline-shaped line above the meta lines (no echo of the page title)"
    if found is None:
        found = next((i for i in range(top + 1, start) if _headline_shaped(rows[i])), None)
        rule = "first headline-shaped line under the meta lines"
    if found is None:
        rule = "last plain line above the body (nothing headline-shaped)"
        # A line with a date or a label is never the headline, whatever else there is.
        plain = [
            i for i in range(len(rows))
            if not (L.is_meta(rows[i]) or L.is_noise(rows[i]) or M.is_ui_value(rows[i]))
        ]
        found = max((i for i in plain if i < start), default=plain[0] if plain else 0)
        # A site's name over a headline with nothing under it: 新闻 / 某市召开会议….
        below = found + 1
        if below < len(rows) and M.looks_like_org(rows[found]) and not L.is_prose(rows[below]):
            if _headline_shaped(rows[below]) and not is_deck(rows[below]):
                found = below
                rule = "the line under a site name"
    # A deck under the headline (——访全国人大代表张三) is the subtitle, not the headline.
    if found > 0 and is_deck(rows[found]):
        above = rows[found - 1]
        if _headline_shaped(above) and not (is_deck(above) or M.looks_like_org(above)):
            found -= 1
            rule = "the line above a deck (——…) line"
    T.note("title", rule, index=found)
    return found, rows[found]


def _headline_shaped(line: str) -> bool:
    # A caption with its credit, a widget's buttons or a 发布时间 line is never a headline.
    if L.is_meta(line) or L.is_noise(line) or L.is_highlight(line) or L.is_caption(line):
        return False
    if M.is_ui_value(line):
        return False
    return 4 <= len(L.untagged(line)) <= 80 and not line.endswith(("。", "：", ":"))


# A deck line under a headline: ——研究部署下一阶段的重点工作, ——访全国人大代表张三,
# 访全国人大代表张三, ——记全国劳动模范李四.
DECK_DASH = re.compile(r"^(?:——|－－|--|—|―)\s*")
# Without the dash, a visit or a profile of someone by role: 访全国人大代表、某县县委书记张三.
_ROLE = (
    "代表 委员 委員 书记 書記 主席 院士 教授 主任 局长 局長 厅长 廳長 县长 縣長 市长 市長 省长"
    " 省長 部长 部長 区长 區長 镇长 鎮長 村长 村長 所长 所長 院长 院長 校长 校長 会长 會長"
    " 理事长 理事長 董事长 董事長 总经理 總經理 总裁 總裁 创始人 創辦人 研究员 研究員 专家 專家"
    " 模范 模範 医生 醫生 教师 教師 党员 黨員 负责人 負責人 CEO"
)
_DECK_VISIT = re.compile(
    r"^(?:专访|專訪|访|訪|记|記)(?!者)[^。！？!?，,：:]{0,30}?(?:"
    + "|".join(_ROLE.split()) + r")[\u4e00-\u9fff·]{0,4}$"
)


def is_deck(line: str) -> bool:
    if L.is_meta(line) or L.is_prose(line) or L.is_noise(line):
        return False
    return bool(DECK_DASH.match(line) and len(line) > 3 or _DECK_VISIT.match(line))


# What a site's name looks like: 某某网, 某某新闻, 某某日报, 某某電子報, 某某台, BBC中文网.
SITE_SHAPE = re.compile(
    r"(?:网|網|新闻|新聞|报|報|电子报|電子報|台|在线|在線|资讯|資訊|频道|頻道|订阅|訂閱|号|號|社"
    r"|TV|News|NEWS|Online)$"
)
# The masthead's home link: 东方网首页, 网易首页.
_MASTHEAD = re.compile(r"^(?P<name>[^\s|｜>»/]{2,8}?)(?:首页|首頁)")
# A footer's copyright line: Copyright © 2000-2024 某某网, ©2024 某某新闻 版权所有.
_COPYRIGHT_SIGN = re.compile(
    r"(?:copyright|©)\s*(?:©\s*)?(?:\d{4}\s*(?:[-–—~]\s*\d{4})?\s*)?(?:by\s+)?"
    r"(?P<name>[\u4e00-\u9fff][^\s|｜,，.。()（）]{1,15})",
    re.IGNORECASE,
)
# The footer's "about us" link that names the site: 关于人民网, 關於中時.
_ABOUT = re.compile(r"(?:^|[\s|｜])(?:关于|關於)(?P<name>[^\s|｜我]{2,8})(?=$|[\s|｜])")


def site_shaped(name: str) -> bool:
    return bool(SITE_SHAPE.search(name)) and not M.is_ui_value(name) and len(name) <= 20


def find_site(rows: list[str], title_at: int, title: str) -> str | None:
    """The site's name, on the evidence the page gives, strongest first: a leading site
    line, the page title's suffix, the masthead's home link, a copyright footer, an
    "about us" link."""
    head = rows[0]
    title_n = norm(title)
    # A breadcrumb (首页 > 新闻 > 国内), a meta line or other furniture names no site.
    named = not (L.is_noise(head) or _BREADCRUMB.search(head) or L.is_meta(head))
    # A short first line above the headline is the site's name, unless it is the
    # page-title line that carries the headline itself.
    if named and title_at == 1 and len(head) <= 20 and not has_date(head):
        if title_n not in norm(head) and not L.is_prose(head) and not M.is_ui_value(head):
            T.note("site", "short line above the headline", index=0)
            return head
    footer = rows[-40:]
    suffix = None
    if named and title_at > 0 and norm(head) != title_n:
        page = " ".join(rows[1:15] + footer)
        suffix = _suffix_site(head, title, rows[1:15] + footer)
        # A suffix of tags (_中国_法国_全球) names no site: the masthead or footer may.
        # A part shaped like a site's name, or a longer one the page prints again, does.
        if suffix and (site_shaped(suffix) or len(suffix) >= 3 and suffix in page):
            T.note("site", "the page-title line's suffix after the headline", index=0)
            return suffix
    found = _masthead_or_footer(rows, footer)
    if found:
        return found
    if suffix:
        T.note("site", "the page-title line's suffix after the headline", index=0)
    return suffix


def _masthead_or_footer(rows: list[str], footer: list[str]) -> str | None:
    for i, row in enumerate(rows[1:15], 1):
        m = _MASTHEAD.match(row)
        if m and not M.is_ui_value(m.group("name")) and re.search("网|網", m.group("name")):
            T.note("site", "the masthead's home link (某某网首页)", index=i)
            return m.group("name")
    for rx, rule in ((_COPYRIGHT, "copyright footer (…版权所有)"),
                     (_COPYRIGHT_SIGN, "copyright footer (© 年份 某某)"),
                     (_ABOUT, "the footer's 关于某某 link")):
        for row in footer:
            m = rx.search(row)
            if m:
                name = (m.group("name") if "name" in rx.groupindex else m.group(1)).strip()
                if rx is _COPYRIGHT or site_shaped(name):
                    T.note("site", rule, row, near=len(rows))
                    return name
    return None


def _suffix_site(head: str, title: str, elsewhere: list[str]) -> str | None:
    title_n = norm(title)
    segs = [s.strip() for s in TITLE_SEP.split(head) if s.strip()]
    rest = [s for s in segs if norm(s) not in title_n]
    if title_n and norm(head).startswith(title_n):
        tail = _after_headline(head.strip(), title)
        rest = [s.strip() for s in TITLE_SEP.split(tail) if s.strip()] or rest
    rest = [s.strip("【】[]《》「」 ") for s in rest]
    rest = [s for s in rest if s and not M.is_ui_value(s)]
    if not rest:
        return None
    han = [s for s in rest if L.han_count(s) >= 2]
    cleaned = [_EDITION.sub("", _DOMAIN.sub("", re.sub(r"\s+[A-Za-z][A-Za-z .]*$", "", s).strip()))
               for s in (han or rest)]
    # Channels sit beside the site (_饮食, - 两岸三地). The evidence for the site's part:
    # it is shaped like a site's name (某某网), and the page prints it again in its
    # masthead or footer. A part with both wins; else the last part with either; else
    # the last part (sites put their name last).
    page = " ".join(elsewhere)
    seen = [s in page for s in cleaned]
    shaped = [site_shaped(s) for s in cleaned]
    both = [s for s, a, b in zip(cleaned, seen, shaped, strict=True) if a and b]
    either = [s for s, a, b in zip(cleaned, seen, shaped, strict=True) if a or b]
    site = (both or either or cleaned)[-1]
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


_KANA_HANGUL = re.compile("[\u3040-\u30ff\u1100-\u11ff\uac00-\ud7af]")
_LATIN = re.compile("[A-Za-z\u00c0-\u024f]")
# Words of English and of no other language written in Latin letters.
_ENGLISH_WORDS = frozenset(
    "the of and to is are was were been has have had its that this with from not but he she"
    " they we you said will would for by which who what when there their".split()
)


def script(text: str) -> str:
    """zh-Hant when traditional characters outnumber simplified ones, else zh-Hans; for
    text with (almost) no hanzi, en when it reads as English, else und."""
    letters = sum(map(str.isalpha, text))
    han = L.han_count(text)
    if letters and han < 0.1 * letters:
        return "en" if _english(text) else "und"
    if len(_KANA_HANGUL.findall(text)) > 0.3 * letters:  # Japanese or Korean
        return "und"
    trad = sum(map(_TRAD.__contains__, text))
    simp = sum(map(_SIMP.__contains__, text))
    return "zh-Hant" if trad > simp else "zh-Hans"


def _english(text: str) -> bool:
    """Latin letters, nearly all plain ASCII, with the little words of English (a few plain
    ASCII words, a headline alone, pass as English too)."""
    latin = _LATIN.findall(text)
    if len(latin) < 0.8 * sum(map(str.isalpha, text)):
        return False
    accented = sum(ch > "z" for ch in latin)
    if accented > 0.02 * len(latin):
        return False
    words = re.findall("[A-Za-z]+", text.lower())
    if len(words) <= 6:
        return True
    return sum(map(_ENGLISH_WORDS.__contains__, words)) >= 0.08 * len(words)
