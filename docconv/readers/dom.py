"""A page's DOM as lines: one per block element, with what the element says about itself.

Scraped text dumps hold one block element per line; the same lines, read from the DOM, keep
their element, so the reader can ask where a line sits (inside the article's container, in a
navigation bar, in a figure) and what it is (a sub-heading, a caption, a quote, a link).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from bs4 import BeautifulSoup, NavigableString, Tag

from ..parsing import lines as L
from ..parsing.dates import has_date
from ..text import clean_inline

# Elements whose text is never the article's.
DROP = frozenset(
    "script style noscript template svg math canvas iframe object embed applet audio video"
    " select option button input textarea head map area".split()
)
# Elements that start a new line of text.
BLOCK = frozenset(
    "address article aside blockquote body caption center dd details dialog dir div dl dt"
    " fieldset figcaption figure footer form frame frameset h1 h2 h3 h4 h5 h6 header hgroup"
    " hr html legend li main menu nav ol p pre section summary table tbody td tfoot th thead"
    " tr ul".split()
)
# Landmarks that hold page furniture, never the article.
FURNITURE_TAGS = frozenset(("nav", "aside", "menu"))
# class/id words of furniture containers: navigation, share bars, related links, comments,
# footers, ads, rankings, pagers, QR codes. Matched as whole words of the class or id.
_FURNITURE_WORDS = (
    "nav navbar navigation menu menubar topbar breadcrumb breadcrumbs crumb crumbs bread"
    " footer foot bottom copyright copy-right beian"
    " share sharing bdshare social sns toolbar tool tools print font fontsize"
    " comment comments cmt reply discuss pinglun"
    " related relate relative recommend recommended recom tuijian xgxw xiangguan more"
    " hot hotnews rank ranking top10 popular paihang"
    " sidebar side aside rightbar right-side leftbar widget"
    " ad ads advert advertisement adv banner gg guanggao sponsor"
    " pager pagination page-nav next prev"
    " qrcode qr ewm erweima weixin wechat app download"
    " login signin register subscribe newsletter"
    " tag tags keyword keywords label"
    " header masthead logo search"
)
_FURNITURE_SET = frozenset(_FURNITURE_WORDS.split())
_WORD_SPLIT = re.compile(r"[\s_\-]+|(?<=[a-z])(?=[A-Z])")
_SPACES = re.compile(r"[ \t\n\r\f]+")
_HIDDEN_STYLE = re.compile(r"display\s*:\s*none|visibility\s*:\s*hidden", re.I)
# Words of content containers: they outweigh a furniture word in the same class list.
_CONTENT_SET = frozenset(
    "article content contents main body text post entry story detail details news"
    " artibody article-content cont con txt zw zhengwen".split()
)


@dataclass
class Line:
    text: str
    element: Tag  # the innermost block element the line's first text belongs to
    link_chars: int = 0  # characters inside <a>
    plain: str = ""  # the text outside <a>
    href: str | None = None  # the link when the whole line is one
    index: int = 0
    ancestors: list[Tag] = field(default_factory=list)
    anchors: list[tuple[str, str]] = field(default_factory=list)  # (linked words, href)

    @property
    def link_share(self) -> float:
        return self.link_chars / max(1, len(self.text))


def parse(text: str) -> BeautifulSoup:
    return BeautifulSoup(text, "lxml")


def _hidden(tag: Tag) -> bool:
    attrs = tag.attrs
    if not attrs:
        return False
    if "hidden" in attrs or attrs.get("aria-hidden") == "true":
        return True
    style = attrs.get("style")
    return bool(style and _HIDDEN_STYLE.search(style))


def _script_shown(tag: Tag) -> bool:
    style = str(tag.attrs.get("style") or "")
    return ("hidden" not in tag.attrs and tag.attrs.get("aria-hidden") != "true"
            and not _DISPLAY_NONE.search(style))


_DISPLAY_NONE = re.compile(r"display\s*:\s*none", re.I)


def words(tag: Tag) -> set[str]:
    """The lower-case words of a tag's class and id."""
    raw = tag.attrs.get("class") or []
    values = list(raw) if isinstance(raw, list) else [str(raw)]
    ident = tag.attrs.get("id")
    if ident:
        values.append(str(ident))
    out: set[str] = set()
    for value in values:
        out.add(value.lower())
        out.update(w.lower() for w in _WORD_SPLIT.split(value) if w)
    return out


def is_furniture(tag: Tag) -> bool:
    if tag.name in FURNITURE_TAGS:
        return True
    if tag.name == "footer" and tag.find_parent("article") is None:
        return True
    found = words(tag)
    return bool(found & _FURNITURE_SET) and not found & _CONTENT_SET


def lines(root: Tag, *, revealed: bool = False) -> list[Line]:
    """The visible text of `root`, one line per block element (and per <br>). `revealed`
    also reads elements hidden only by `visibility:hidden`, which some pages lift by
    script once loaded (WeChat articles keep their whole text so)."""
    out: list[Line] = []
    pieces: list[tuple[str, Tag, str | None]] = []  # (text, block, href or None outside <a>)

    def flush() -> None:
        if not pieces:
            return
        text = clean_inline(_SPACES.sub(" ", "".join(p[0] for p in pieces)))
        # A dateline of inline elements set side by side (<span>date</span><span>source
        # </span><span>name</span>) reads glued as one word; in a short line with a date,
        # each element's text stays a word of its own.
        if len(pieces) > 1 and len(text) < 100 and has_date(text):
            text = clean_inline(_SPACES.sub(" ", " ".join(p[0] for p in pieces)))
        if text:
            linked = [p for p in pieces if p[2] is not None]
            link_chars = len(clean_inline(_SPACES.sub(" ", "".join(p[0] for p in linked))))
            hrefs = {p[2] for p in linked if p[0].strip()}
            href = hrefs.pop() if len(hrefs) == 1 and link_chars >= len(text) else None
            plain = clean_inline(_SPACES.sub(" ", "".join(p[0] for p in pieces if p[2] is None)))
            line = Line(text, pieces[0][1], link_chars, plain, href, len(out))
            line.anchors = _anchors(pieces)
            out.append(line)
        pieces.clear()

    def walk(node: Tag, block: Tag, href: str | None) -> None:
        for child in node.children:
            if isinstance(child, NavigableString):
                if type(child) is NavigableString:  # not a comment, CDATA or doctype
                    pieces.append((str(child), block, href))
                continue
            if not isinstance(child, Tag):
                continue
            name = child.name
            # never shown as text: scripts, styles, widgets, hidden elements
            if name in DROP or _hidden(child) and not (revealed and _script_shown(child)):
                continue
            if name == "br":
                flush()
            elif name in BLOCK:
                flush()
                walk(child, child, href)
                flush()
            elif name == "a":
                link = child.attrs.get("href")
                walk(child, block, str(link) if link is not None else "")
            elif name == "img":
                continue
            else:
                walk(child, block, href)

    walk(root, root, None)
    flush()
    return out


def _anchors(pieces: list[tuple[str, Tag, str | None]]) -> list[tuple[str, str]]:
    """The runs of text inside one link each, with the link's href."""
    found: list[tuple[str, str]] = []
    run: list[str] = []
    current: str | None = None
    for text, _, href in [*pieces, ("", pieces[0][1], None)]:
        if href != current:
            words = clean_inline(_SPACES.sub(" ", "".join(run)))
            if current and words:
                found.append((words, current))
            run, current = [], href
        run.append(text)
    return found


def ancestors(line: Line, root: Tag) -> list[Tag]:
    """The line's element and its ancestors up to `root` (cached on the line)."""
    if not line.ancestors:
        chain = [line.element]
        parent = line.element.parent
        while parent is not None and parent is not root:
            chain.append(parent)
            parent = parent.parent
        line.ancestors = chain
    return line.ancestors


def ancestors_of(tag: Tag, root: Tag) -> list[Tag]:
    """`tag` and its ancestors up to and including `root`."""
    chain = [tag]
    parent = tag.parent
    while parent is not None and tag is not root:
        chain.append(parent)
        if parent is root:
            break
        parent = parent.parent
    return chain


def content_container(rows: list[Line], root: Tag) -> Tag | None:
    """The element holding the most running text with the fewest links: each prose line
    votes its plain (unlinked) characters to its block's parent, half of them to the
    grandparent; a container's score is then cut by its share of link text."""
    scores: dict[int, float] = {}
    tags: dict[int, Tag] = {}
    for line in rows:
        plain = len(line.text) - line.link_chars
        if plain < 20 or not L.is_prose(line.text) or line.link_share > 0.3:
            continue
        chain = ancestors(line, root)
        weight = float(plain)
        for depth, tag in enumerate(chain[:4]):
            share = (1.0, 1.0, 0.5, 0.25)[depth]
            key = id(tag)
            tags[key] = tag
            scores[key] = scores.get(key, 0.0) + weight * share
    if not scores:
        return None
    link_text: dict[int, int] = {}
    all_text: dict[int, int] = {}
    for line in rows:
        for tag in ancestors(line, root):
            key = id(tag)
            if key in scores:
                link_text[key] = link_text.get(key, 0) + line.link_chars
                all_text[key] = all_text.get(key, 0) + len(line.text)
    best = max(scores, key=lambda k: scores[k] * (1 - link_text[k] / max(1, all_text[k])))
    return tags[best]


def under(line: Line, container: Tag, root: Tag) -> bool:
    return any(tag is container for tag in ancestors(line, root))


def block_kind(line: Line, root: Tag) -> str | None:
    """What the DOM says a body line is: heading, caption or quote (None: a paragraph)."""
    for depth, tag in enumerate(ancestors(line, root)):
        name = tag.name
        if name in ("h1", "h2", "h3", "h4", "h5", "h6"):
            return "heading"
        if name == "figcaption":
            return "caption"
        if name == "blockquote":
            return "quote"
        if depth == 0 and words(tag) & _CAPTION_WORDS:
            return "caption"
        if name in ("article", "main", "body"):
            break
    return None


_CAPTION_WORDS = frozenset("caption pic-title pictitle img-title imgtitle photo-title".split())

