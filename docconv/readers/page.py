"""A saved page → Article: the page's own statements, its lines, and the text parser's rules.

Kept apart from html.py so that choosing a reader never imports beautifulsoup4.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field, replace
from datetime import datetime, tzinfo

from bs4 import BeautifulSoup, Tag

from ..decode import decode_page
from ..errors import InputError
from ..layout import safe_url
from ..model import Article, Block
from ..parsing import headline as H
from ..parsing import lines as L
from ..parsing import parse_text
from ..parsing.blocks import typed as blocks_by_shape
from ..parsing.dates import find_date
from ..parsing.headline import TITLE_SEP, norm
from ..text import clean_inline
from . import dom

# Meta tags that state when the article was published, best first.
_PUBLISHED_META = (
    "article:published_time", "og:article:published_time", "og:published_time",
    "og:release_date", "datepublished", "pubdate", "publishdate", "publish_date",
    "publishtime", "publish-time", "pubtime", "og:time", "sailthru.date", "dc.date.issued",
    "dc.date", "dcterms.created", "date", "article.published", "weibo:article:create_at",
    "bytedance:published_time", "release_date", "created",
)
_URL_META = ("og:url", "twitter:url")
_SITE_META = ("og:site_name", "application-name", "apple-mobile-web-app-title")
_TITLE_META = ("og:title", "twitter:title", "headline", "title")


@dataclass
class Statements:
    """What the page says about itself, outside its visible text."""

    title: str = ""  # the <title> element
    og_title: str = ""
    url: str | None = None
    site: str | None = None
    published: list[str] = field(default_factory=list)  # candidate time strings, best first


def statements(soup: BeautifulSoup) -> Statements:
    out = Statements()
    if soup.title and soup.title.string is not None or soup.title:
        out.title = clean_inline(soup.title.get_text(" "))  # type: ignore[union-attr]
    meta: dict[str, str] = {}
    for tag in soup.find_all("meta"):
        attrs = tag.attrs
        key = attrs.get("property") or attrs.get("name") or attrs.get("itemprop")
        value = attrs.get("content")
        if key and value and str(value).strip():
            meta.setdefault(str(key).strip().lower(), clean_inline(str(value)))
    canonical = None
    for link in soup.find_all("link", href=True):
        rel = link.attrs.get("rel") or []
        rels = rel if isinstance(rel, list) else str(rel).split()
        if "canonical" in [str(r).lower() for r in rels]:
            canonical = str(link.attrs["href"]).strip()
            break
    ld = _json_ld(soup)
    out.og_title = next((meta[k] for k in _TITLE_META if meta.get(k)), "") or str(
        ld.get("headline") or ""
    )
    out.url = _absolute(canonical) or next(
        (u for u in (_absolute(meta.get(k)) for k in _URL_META) if u), None
    ) or _absolute(str(ld.get("url") or "") or None)
    out.site = next((meta[k] for k in _SITE_META if meta.get(k)), None)
    for key in _PUBLISHED_META:
        if meta.get(key):
            out.published.append(meta[key])
    if ld.get("datePublished"):
        out.published.insert(0, str(ld["datePublished"]))
    for tag in soup.find_all("time"):
        stamp = tag.attrs.get("datetime") or tag.attrs.get("pubdate")
        if stamp and str(stamp).strip():
            out.published.append(str(stamp))
    if not out.published:
        out.published.extend(_script_times(soup))
    return out


# A publishing time a page's script fills in once loaded (var ct = "1659274471",
# publish_time: '2022-07-31 21:34'): the variable's name says what the time is.
_SCRIPT_TIME = re.compile(
    r"""\b(?:ct|create_?time|createTime|publish_?time|publishTime|pub_?time|pubTime|pubDate"""
    r"""|datePublished)["']?\s*[:=]\s*["']?"""
    r"""(\d{10}|\d{4}-\d{1,2}-\d{1,2}[ T]\d{1,2}:\d{2}(?::\d{2})?)\b"""
)


def _script_times(soup: BeautifulSoup) -> list[str]:
    from datetime import timezone

    out = []
    for script in soup.find_all("script"):
        if script.attrs.get("type") not in (None, "", "text/javascript", "application/javascript"):
            continue
        for match in _SCRIPT_TIME.finditer(script.get_text()):
            value = match.group(1)
            if value.isdigit():
                stamp = datetime.fromtimestamp(int(value), tz=timezone.utc)
                if stamp.year < 1995:
                    continue
                value = stamp.isoformat()
            out.append(value)
    return out[:1]


def _absolute(url: str | None) -> str | None:
    """An http(s) URL, or None (a relative canonical link names no place on its own)."""
    if not url:
        return None
    url = url.strip()
    if url.startswith("//"):
        url = "https:" + url
    return url if re.match(r"https?://[^\s/]+\.[^\s/]+", url) else None


def _json_ld(soup: BeautifulSoup) -> dict[str, object]:
    """The first JSON-LD object that describes an article (or any object with a date)."""
    found: dict[str, object] = {}
    for script in soup.find_all("script", type="application/ld+json"):
        try:
            data = json.loads(script.get_text() or "null", strict=False)
        except ValueError:
            continue
        stack = [data]
        while stack:
            item = stack.pop()
            if isinstance(item, list):
                stack.extend(item)
            elif isinstance(item, dict):
                if "@graph" in item:
                    stack.append(item["@graph"])
                if item.get("datePublished") or item.get("headline"):
                    kind = str(item.get("@type") or "")
                    if "Article" in kind or "Posting" in kind or not found:
                        found = item
    return found


def _stated_time(values: list[str], tz: tzinfo) -> datetime | None:
    for value in values:
        found = find_date(value, tz)
        if found:
            when = found.when
            return when.astimezone(tz) if found.precision else when
    return None


def _stated_precision(values: list[str], tz: tzinfo) -> int:
    for value in values:
        found = find_date(value, tz)
        if found:
            return found.precision
    return -1


def read_page(data: bytes, *, tz: tzinfo) -> Article:
    text = decode_page(data)
    soup = dom.parse(text)
    said = statements(soup)
    root = soup.body or soup
    rows = dom.lines(root)
    container = dom.content_container(rows, root) if rows else None
    if container is None:
        # No running text shows: it may be kept hidden until a script reveals it.
        rows = dom.lines(root, revealed=True)
        container = dom.content_container(rows, root) if rows else None
    if not rows:
        raise InputError("no article in the page (it shows no text)")
    if container is None:
        raise InputError("no article in the page (no running text, only links and labels)")
    kept = _editor_after_body(_without_furniture(rows, container, root), container, root)
    kept = _without_link_lists(kept, container, root)
    page_title = said.title or said.og_title
    head = _headline_hint(page_title, said.og_title, kept)
    texts = [line.text for line in kept]
    if not head or not H.echoes([head, *texts]):
        # The <title> names no line of the page: the headline element over the article
        # stands in for it.
        head = _dom_headline(kept, container, root) or head or kept[0].text
    texts.insert(0, head)
    article = parse_text("\n".join(texts), tz=tz)
    by_text: dict[str, dom.Line] = {}
    for line in kept:
        by_text.setdefault(line.text, line)
    paragraphs = list(article.paragraphs)
    body = [by_text.get(p) for p in paragraphs]
    for line in _rest_of_container(kept, body, container, root):
        paragraphs.append(line.text)
        body.append(line)
    article = replace(article, paragraphs=tuple(paragraphs), blocks=())
    _check_article(article, body)
    kinds = [dom.block_kind(line, root) if line is not None else None for line in body]
    shapes = [shape for _, shape in blocks_by_shape(article.paragraphs)]
    typed = [kind or shape for kind, shape in zip(kinds, shapes, strict=True)]
    pairs = list(zip(article.paragraphs, typed, body, strict=True))
    # A lead photo's caption above the article's container, or one below it, is the
    # picture's, not the article's text.
    while len(pairs) > 1 and _stray_caption(pairs[0], container, root):
        pairs.pop(0)
    while len(pairs) > 1 and _stray_caption(pairs[-1], container, root):
        pairs.pop()
    return replace(
        article,
        published=_published(article.published, said, tz),
        url=said.url,
        site=_site(article.site, said),
        blocks=tuple(Block(text, kind, _links(line, said.url)) for text, kind, line in pairs),
    )


def _without_link_lists(rows: list[dom.Line], container: Tag, root: Tag) -> list[dom.Line]:
    """Below the article's container, a line that is all link (a related story, a ranking,
    an ad) is never the article's text; meta lines there stay (an editor's line)."""
    inside = [i for i, line in enumerate(rows) if dom.under(line, container, root)]
    if not inside:
        return rows
    last = inside[-1]
    return rows[: last + 1] + [
        line for line in rows[last + 1 :]
        if line.link_share < 0.8 or _meta_like(line.text)
    ]


def _rest_of_container(
    rows: list[dom.Line], body: list[dom.Line | None], container: Tag, root: Tag
) -> list[dom.Line]:
    """The container's lines the text rules left below the body when nothing but plain
    text stands between: a long list of short items (prices, phone numbers, schedules)
    reads to them as furniture, but the DOM puts it in the article. The run stops at a
    link, a meta, editor or noise line, a stop heading or the container's end."""
    if not body or body[-1] is None or not dom.under(body[-1], container, root):
        return []
    at = next((i for i, line in enumerate(rows) if line is body[-1]), None)
    if at is None:
        return []
    run = []
    for line in rows[at + 1 :]:
        text = line.text
        if (not dom.under(line, container, root) or line.link_chars or L.is_noise(text)
                or L.is_stop(text) or L.is_meta(text) or L.is_editor_line(text)
                or L.is_caption(text) or L.is_trailer(text)):
            break
        run.append(line)
    # Only a run that reaches the container's last line: text that trails off into
    # furniture the text rules recognised is left to them.
    last_inside = max((i for i, line in enumerate(rows) if dom.under(line, container, root)),
                      default=-1)
    if not run or run[-1] is not rows[last_inside]:
        return []
    return run


def _links(line: dom.Line | None, base: str | None) -> tuple[tuple[str, str], ...]:
    """The line's links as absolute web addresses (relative ones resolved against the
    article's URL; anything but http and https left out: never javascript: or data:)."""
    if line is None:
        return ()
    from urllib.parse import urljoin

    out = []
    for words, href in line.anchors:
        url = urljoin(base, href.strip()) if base else href.strip()
        if safe_url(url):
            out.append((words, url))
    return tuple(out)


def _stray_caption(pair: tuple[str, str, dom.Line | None], container: Tag, root: Tag) -> bool:
    text, kind, line = pair
    return kind == "caption" and line is not None and not dom.under(line, container, root)


def _site(printed: str | None, said: Statements) -> str | None:
    """The site's name as the page's og:site_name gives it, when its <title> uses that name
    too (in the title's fuller form, BBC → BBC中文网); else the name the text parser read."""
    if not said.site or printed is not None and norm(said.site) not in norm(said.title):
        return printed
    if printed and printed.startswith(said.site):
        return printed
    for segment in TITLE_SEP.split(said.title):
        segment = segment.strip()
        if segment.startswith(said.site) and _SITE_TAIL.fullmatch(segment[len(said.site):]):
            return segment
    return said.site


# What a site's short name may carry in its full name: BBC中文网, 中时新闻网.
_SITE_TAIL = re.compile("(?:中文|新闻|新聞|电子|電子)?(?:网|網|报|報|台)?")


def _without_furniture(rows: list[dom.Line], container: Tag, root: Tag) -> list[dom.Line]:
    """The lines outside furniture, and meta lines wherever they are (an editor line may sit
    in a page's footer bar). The article's container is never furniture, nor what holds it."""
    holding = set(map(id, dom.ancestors_of(container, root)))
    furniture: dict[int, bool] = {}

    def in_furniture(line: dom.Line) -> bool:
        for tag in dom.ancestors(line, root):
            key = id(tag)
            if key in holding:
                return False
            if key not in furniture:
                furniture[key] = dom.is_furniture(tag)
            if furniture[key]:
                return True
        return False

    kept = []
    for line in rows:
        if not in_furniture(line):
            kept.append(line)
        elif _meta_like(line.text):
            # A date in a toolbar: the links beside it (查看旧版, 返回首页) are not meta.
            if line.link_chars and line.plain and _meta_like(line.plain):
                line = replace(line, text=line.plain, link_chars=0)
            kept.append(line)
    return kept or rows


def _editor_after_body(rows: list[dom.Line], container: Tag, root: Tag) -> list[dom.Line]:
    """An editor's line that sits in the article's wrapper (the container's parent or
    grandparent) but below related links and share bars is moved up under the body, where
    a text dump of the article would have it."""
    inside = [i for i, line in enumerate(rows) if dom.under(line, container, root)]
    if not inside:
        return rows
    last = inside[-1]
    wrapper = container.parent.parent if container.parent is not None else None
    if wrapper is None or wrapper is root or container.parent is root:
        wrapper = container.parent
    if wrapper is None:
        return rows
    moved = [
        i for i in range(last + 1, len(rows))
        if L.is_editor_line(rows[i].text) and dom.under(rows[i], wrapper, root)
    ][:1]
    if not moved or moved[0] <= last + 3:
        return rows
    line = rows[moved[0]]
    return rows[: last + 1] + [line] + [r for i, r in enumerate(rows) if i > last and i != moved[0]]


def _meta_like(text: str) -> bool:
    return len(text) < 60 and (L.is_meta(text) or L.is_editor_line(text))


def _dom_headline(rows: list[dom.Line], container: Tag, root: Tag) -> str | None:
    """The headline element nearest above the article's first line of running text: an
    <h1>, else an <h2>, else an element whose class or id says title."""
    first = next((i for i, line in enumerate(rows)
                  if L.is_prose(line.text) and dom.under(line, container, root)), None)
    if first is None:
        return None
    candidates = [line for line in rows[max(0, first - 40) : first] if _headline_shaped(line)]
    for rank in (("h1",), ("h2",), ("h3",)):
        found = [line for line in candidates if line.element.name in rank]
        if found:
            return found[-1].text
    titled = [line for line in candidates if dom.words(line.element) & _TITLE_WORDS]
    return titled[-1].text if titled else None


_TITLE_WORDS = frozenset("title headline biaoti bt art-title article-title news-title".split())


def _headline_shaped(line: dom.Line) -> bool:
    text = line.text
    return (4 <= len(text) <= 80 and line.link_share < 0.5 and not text.endswith("。")
            and not (L.is_meta(text) or L.is_noise(text) or L.is_stop(text)))


def _headline_hint(page_title: str, og_title: str, rows: list[dom.Line]) -> str:
    """The page-title line the text parser looks for the headline by. When the <title>
    names the site only (or nothing), og:title stands in for it."""
    if og_title and norm(og_title) not in norm(page_title):
        first = next((s for s in TITLE_SEP.split(page_title) if s.strip()), "")
        if len(norm(first)) < 6 or not any(norm(first) in norm(r.text) for r in rows[:400]):
            return og_title
    return page_title


def _published(printed: datetime | None, said: Statements, tz: tzinfo) -> datetime | None:
    """The printed time, or the page's stated one when nothing is printed; a stated time of
    the same day gives a date printed without a time its time."""
    stated = _stated_time(said.published, tz)
    if printed is None:
        return stated
    if stated is None or _stated_precision(said.published, tz) <= 0:
        return printed
    if printed.hour or printed.minute or printed.second:
        return printed
    if stated.date() == printed.date():
        return stated
    return printed


def _check_article(article: Article, body: list[dom.Line | None]) -> None:
    """A page that is not an article (an index, an empty shell, a login wall) is an error,
    not a document of navigation links."""
    texts = list(article.paragraphs)
    prose = [p for p in texts if L.is_prose(p)]
    chars = sum(map(len, texts))
    linked = sum(line.link_chars for line in body if line is not None)
    if not prose or sum(map(len, prose)) < 60:
        raise InputError("no article in the page (no running text, only links and labels)")
    if linked > 0.5 * chars:
        raise InputError("no article in the page (its text is mostly links: an index page?)")
