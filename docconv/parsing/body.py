"""Finding the article body among the lines of a page: a maximum-sum block of line weights."""

from __future__ import annotations

import re

from . import lines as L
from . import meta as M
from . import trace as T

# A run that starts right under the page title's headline counts this many times its sum.
UNDER_HEADLINE = 2.5
# Each line's vote for being inside the body. Prose pulls by its length (capped, so one
# long comment cannot outweigh an article); meta lines push hardest, for they sit between
# the headline and the body; bylines only a little, for they often sit inside the body,
# under the lead photo; other short lines (sub-headings, captions) hardly at all.
WEIGHTS = {
    "noise": -30.0,
    "prose_cap": 200.0,
    "highlight": 5.0,
    "byline": -6.0,
    "meta": -60.0,
    "tiny": -6.0,  # up to TINY characters: a link, a button
    "other": -4.0,
}
TINY = 6


def weight(line: str) -> float:
    """The line's vote for being inside the article body: prose pulls, furniture pushes."""
    if L.is_noise(line):
        return WEIGHTS["noise"]
    if L.is_prose(line):
        return min(float(len(line)), WEIGHTS["prose_cap"])
    if L.is_highlight(line):
        return WEIGHTS["highlight"]
    if M.byline_names(line):
        return WEIGHTS["byline"]
    if L.is_meta(line):
        return WEIGHTS["meta"]
    return WEIGHTS["tiny"] if len(line) <= TINY else WEIGHTS["other"]


def find_body(rows: list[str], echoes: set[int]) -> tuple[int, int]:
    """The body's rows as a half-open span.

    The best maximum-sum run of line weights wins. Lines that repeat the page title split
    runs, and a run that starts right under such a headline counts more: related-link
    lists and comment threads can be long, but the article is the text under its own
    headline. The run then ends at the first editor line, related-links heading or
    disclaimer after its first prose line, however long the lines after those are.
    """
    start, end = _best_run(rows, echoes)
    # Short sentences at the edges weigh little but are body all the same.
    # (not across a lead box or ■ point: the article starts under it)
    while (
        start > 1 and start - 1 not in echoes and not L.is_highlight(rows[start])
        and (_short_sentence(rows[start - 1]) or _caption_sentence(rows[start - 1]))
    ):
        start -= 1
        T.note("body.start", "short sentence or photo caption above the run joins it",
               index=start)
    # A first paragraph that is a dateline or a salutation reads like no prose (no full
    # stop, or a colon), but the article starts there; a byline may stand between.
    above = start - 1
    if above > 1 and M.byline_names(rows[above]):
        above -= 1
    if above >= 1 and above not in echoes and (
        L.is_dateline(rows[above]) or L.is_salutation(rows[above])
    ):
        start = above
        T.note("body.start", "a dateline or salutation opens the article", index=start)
    while end < len(rows) and _short_sentence(rows[end]):
        end += 1
        T.note("body.end", "short finished sentence below the run joins it", index=end - 1)
    end = _across_inserts(rows, end, echoes)
    first = next((i for i in range(start, end) if L.is_prose(rows[i])), start)
    for i in range(first + 1, end):
        if L.is_stop(rows[i]) or L.is_editor_line(rows[i]):
            what = "an editor line" if L.is_editor_line(rows[i]) else "a related-links heading"
            T.note("body.end", f"stops before {what}", index=i)
            return start, i
    return start, end


# An element set into the article (a gallery's captions, an ad, a video player) is at most
# this many lines; the article goes on under it when at least RESUME prose lines follow.
INSERT_LINES = 8
RESUME = 2


def _across_inserts(rows: list[str], end: int, echoes: set[int]) -> int:
    """The body's end, carried over elements set into the article: a short gap of lines
    that are no prose, then prose again. A gap with a date, a byline, an editor line, a
    related-links heading or the headline is the article's end, not an insert."""
    while end < len(rows):
        gap = end
        while gap < len(rows) and gap - end < INSERT_LINES and not L.is_prose(rows[gap]):
            line = rows[gap]
            if (gap in echoes or L.is_stop(line) or L.is_editor_line(line) or L.is_meta(line)
                    or L.is_trailer(line) or M.byline_names(line)):
                return end
            gap += 1
        resumed = gap
        while resumed < len(rows) and L.is_prose(rows[resumed]):
            resumed += 1
        if gap == end or resumed - gap < RESUME:
            return end
        T.note("body.end", "the article goes on under an element set into it (from the "
               "line given to the next prose)", index=end)
        end = resumed
    return end


def _short_sentence(line: str) -> bool:
    """A line too short to count as prose that still reads as a finished sentence."""
    if not _FULL_STOP.search(line) or L.han_count(line) < 4 or len(line) > 60:
        return False
    return not (L.is_noise(line) or L.is_meta(line) or L.is_stop(line) or L.is_trailer(line))


def _caption_sentence(line: str) -> bool:
    """A photo caption that describes in sentences (…双选会现场。山东女子学院供图): body."""
    return L.is_caption(line) and "。" in line[:-2] and L.han_count(line) >= 10 and len(line) <= 150


# …我希望能多陪陪家人”。——汪勇: a quote signed with a dash ends a sentence too.
_FULL_STOP = re.compile("[。！？!?…][”」』\"]?(?:——[^\\s，。、]{1,8})?$")


def _best_run(rows: list[str], echoes: set[int]) -> tuple[int, int]:
    best_score, best_span, best_near = 0.0, (len(rows), len(rows)), False
    run, run_start, seg_best, seg_span = 0.0, 0, 0.0, (0, 0)

    # Related-links headings and editor lines: what follows them is no longer the article.
    ends = [i for i, line in enumerate(rows) if L.is_stop(line) or L.is_editor_line(line)]

    def first_under_headline(start: int) -> bool:
        for e in echoes:
            if 0 < start - e <= 30 and not any(e < k < start for k in ends):
                return True
        return False

    def close() -> None:
        nonlocal best_score, best_span, best_near
        if seg_best <= 0:
            return
        near = first_under_headline(seg_span[0])
        score = seg_best * (UNDER_HEADLINE if near else 1.0)
        if score > best_score:
            best_score, best_span, best_near = score, seg_span, near

    for i, line in enumerate(rows):
        w = -1e9 if i in echoes else weight(line)
        if run <= 0:
            close()
            run, run_start, seg_best = 0.0, i, 0.0
        run += w
        if run > seg_best:
            seg_best, seg_span = run, (run_start, i + 1)
    close()
    if best_span[0] == len(rows):  # no prose at all: everything after the meta lines
        first = next((i for i, line in enumerate(rows) if L.is_meta(line)), 0)
        while first < len(rows) and L.is_meta(rows[first]):
            first += 1
        if first >= len(rows):
            first = 1
        T.note("body.start", "no prose anywhere: everything after the first meta lines",
               index=first if len(rows) > 1 else 0)
        return (first if len(rows) > 1 else 0, len(rows))
    why = "densest run of prose lines (maximum-sum block of line weights"
    if best_near:
        why += f", counted x{UNDER_HEADLINE} for starting under the page title's headline"
    why += ")"
    T.note("body.start", f"{why}; above it: {kind(rows, best_span[0] - 1)}", index=best_span[0])
    T.note("body.end", f"{why}; below it: {kind(rows, best_span[1])}", index=best_span[1] - 1)
    return best_span


def kind(rows: list[str], i: int) -> str:
    """What row i is, in the words of the weights: why a run of prose stops at it."""
    if i < 0 or i >= len(rows):
        return "the edge of the text"
    line = rows[i]
    if L.is_editor_line(line):
        return "an editor line"
    if L.is_stop(line):
        return "a related-links heading"
    for test, name in ((L.is_noise, "furniture (noise)"), (M.byline_names, "a byline"),
                       (L.is_meta, "a meta line"), (L.is_prose, "prose")):
        if test(line):
            return name
    return "a short line that is no sentence"
