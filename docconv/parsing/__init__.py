"""Text → Article.

Scraped text comes as a clean article block (site, title, meta line, body, editor) or as a
whole page dump with the article somewhere inside. Both go the same way:

1. find the body: the densest run of prose lines (a maximum-sum block over line weights),
   carried over elements set into it and ended early by an editor line or a related-links
   heading (body.py);
2. find the title: the nearest line above the body that the page's <title> line names, else
   the nearest headline-shaped line above the meta lines (headline.py);
3. read meta (date, authors, source, editor) from the lines between title and body, then from
   the trailer after the body, then from credits inside the paragraphs (fields.py, with the
   cue words in meta.py and the date shapes in dates.py);
4. site from a leading site line, the page title's suffix, the masthead, or the footer.

Lines are classified by cue words and shape only (lines.py): nothing is keyed to one site.
Words of page furniture (meta.UI_WORDS) are never a value. With trace.recording() active,
each decision is noted with its line and rule (`docconv inspect --explain`).
"""

from __future__ import annotations

from datetime import tzinfo

from ..errors import InputError
from ..model import Article
from ..text import normalize_text
from . import headline as H
from . import lines as L
from . import meta as M
from . import trace as T
from .body import find_body
from .fields import Zones

__all__ = ["parse_text"]

# How far around the title and after the body meta lines are looked for.
_ABOVE_TITLE = 8
_AFTER_BODY = 15
_META_ABOVE = 3


def parse_text(text: str, *, tz: tzinfo, normalized: bool = False) -> Article:
    """Parse article text. `tz` is the zone of times printed without one; `normalized`:
    the text is decode()'s, already through normalize_text (the hygiene runs once per input;
    the Article then cleans each field it is given, whoever builds it)."""
    if not normalized:  # parse() may get text that did not come through decode()
        text = normalize_text(text)
    lines = [(n, ln.strip()) for n, ln in enumerate(text.split("\n"), 1)]
    numbered = [(n, ln) for n, ln in lines if ln]
    if not numbered:
        raise InputError("file holds no text (only whitespace)")
    rows = [ln for _, ln in numbered]
    T.start(rows, [n for n, _ in numbered])
    echo_rows = H.echoes(rows)
    start, end = find_body(rows, echo_rows)
    title_at, title = H.find_title(rows, echo_rows, start)
    if M.is_ui_value(title):  # a page of furniture words only: no headline at all
        T.note("title", "every candidate line is a furniture word: no headline", index=title_at)
        title = ""
    # The headline is never also body text, whatever the body search settled on.
    start = max(start, title_at + 1)
    end = max(end, start)

    body = rows[start:end]
    meta_rows = rows[title_at + 1 : start]
    highlights: list[str] = []
    lo, hi = start, end  # where `body` sits in `rows`, for the record
    # A lead box under a label of its own (划重点：, then its points, then the byline).
    if body and L.LEAD_BOX.match(body[0]):
        meta_rows.append(body.pop(0))
        lo += 1
    if meta_rows and L.LEAD_BOX.match(meta_rows[-1]):
        points = L.lead_box(body)
        for k in range(points):
            T.note("highlights", "a point under a lead-box label (划重点：…)", index=lo + k)
        highlights += body[:points]
        del body[:points]
        lo += points
    # Meta lines and lead points the block swallowed at its top, then the body proper.
    while body and (L.is_meta(body[0]) or L.is_noise(body[0]) or L.is_highlight(body[0])):
        line = body.pop(0)
        what = "highlight" if L.is_highlight(line) else "noise" if L.is_noise(line) else "meta"
        T.note("body.start", f"top line is {what}, not body", index=lo)
        lo += 1
        if what == "highlight":
            T.note("highlights", "a ■ point or 导语/摘要 line above the body", index=lo - 1)
            highlights.append(L.highlight_text(line))
        elif what == "meta":
            meta_rows.append(line)
    trailer_rows: list[str] = []
    while body and (L.is_trailer(body[-1]) or L.is_noise(body[-1]) or L.is_meta(body[-1])):
        hi -= 1
        last = body[-1]
        what = "trailer note" if L.is_trailer(last) else "noise" if L.is_noise(last) else "meta"
        T.note("body.end", f"bottom line is {what}, not body", index=hi)
        trailer_rows.insert(0, body.pop())
    if body:
        T.note("body.first", "first body line", index=lo)
        T.note("body.last", "last body line", index=hi - 1)
    trailer_rows += rows[end : end + _AFTER_BODY]
    # Stand-alone bylines inside the body (under a lead photo, say) are meta, not text.
    meta_rows += [p for p in body if M.byline_names(p)]
    paragraphs = [
        p for p in body
        if not (L.is_noise(p) or L.is_editor_line(p) or M.byline_names(p))
    ]

    # A deck line under the headline: ——研究部署下一阶段的重点工作, 访全国人大代表张三.
    subtitle = next((r for r in meta_rows[:2] if H.is_deck(r)), None)
    site = H.find_site(rows, title_at, title)
    # Meta lines printed right above the headline (3月23日 07:06 來源：中央社) count too.
    above = []
    for row in rows[max(0, title_at - _META_ABOVE) : title_at][::-1]:
        if not L.is_meta(row):
            break
        above.append(row)
    zones = Zones(
        meta=meta_rows + above,
        before=rows[max(0, title_at - _ABOVE_TITLE) : max(0, title_at)][::-1],
        trailer=trailer_rows,
        page=rows,
        site=site,
        tz=tz,
        after=rows[end:],
    )
    source = zones.source()
    editor = zones.editor()
    return Article(
        title=title,
        site=site,
        published=zones.published(),
        authors=tuple(zones.authors(paragraphs, source, editor)),
        source=source,
        editor=editor,
        highlights=tuple(highlights),
        paragraphs=tuple(paragraphs),
        subtitle=H.DECK_DASH.sub("", subtitle) if subtitle else None,
        language=H.script(title + "".join(paragraphs[:20])),
    )
