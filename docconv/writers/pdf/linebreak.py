"""Chinese line breaking and justification for reportlab, plus its non-BMP ToUnicode fix.

reportlab's own `wordWrap='CJK'` (5.1) cuts anywhere: lines start with ，；：？！》”’…— and end
with （「《“‘, Latin words are split, and TA_JUSTIFY leaves CJK lines ragged because it only
stretches spaces. Here:

* `break_lines` — one breaker for both of reportlab's paths (one style per paragraph, or
  several via markup): no line starts with a closing mark, none ends with an opening mark,
  Latin words and numbers stay whole when they fit on a line. One closing mark may hang past
  the measure (it is squeezed back in by justification) instead of pulling a character down.
* `CJKParagraph` — a Paragraph that uses it, and splits across pages without inventing spaces.
* `install()` — the module-level patches, each of which defers to reportlab's own code
  outside docconv's documents, so other reportlab users in the process see no change:
  justify CJK lines with character spacing (only for `CJKParagraph`), and write non-BMP code
  points as UTF-16 surrogate pairs in ToUnicode CMaps (reportlab writes `<20BB7>`, which
  makes pdftotext return the wrong character) — only inside `building()`, which the PDF
  writer wraps around its `doc.build`.
"""

from __future__ import annotations

import threading
from bisect import bisect_left
from collections.abc import Callable, Collection, Iterator, Mapping, Sequence
from contextlib import contextmanager
from contextvars import ContextVar
from typing import Any

import reportlab.pdfbase.ttfonts as rl_ttfonts
import reportlab.platypus.paragraph as rl_paragraph
from reportlab.lib.rl_accel import fp_str
from reportlab.pdfbase.pdfmetrics import getFont, stringWidth
from reportlab.platypus import Paragraph
from reportlab.rl_config import _FUZZ

from ..cjk import NO_END, NO_START
from ..markup import URL, URL_TAIL
from . import spacing

# Characters that make up a Latin word or number; a break between two of them splits it.
_WORD_PUNCT = frozenset("-_./'@%&+=~#:,")
_SPACE = " "


def is_word_char(ch: str) -> bool:
    # Below U+2E80 covers Latin, Greek, Cyrillic, digits; CJK starts above it.
    return len(ch) == 1 and ord(ch) < 0x2E80 and (ch.isalnum() or ch in _WORD_PUNCT)


Line = tuple[int, int, int, bool]  # (start, end, next_start, forced); text = chars[start:end]

# Inside a word too long for any line (a URL), these are the places to break: after them.
_SOFT_BREAK = frozenset("/.?&")


def break_lines(
    chars: Sequence[str],
    widths: Sequence[float],
    max_widths: Sequence[float],
    *,
    forced: Collection[int] = (),
    hang: float = 0.0,
    gaps: Mapping[int, float] | None = None,
    breaks: Sequence[Collection[int]] | None = None,
) -> list[Line]:
    """Break a paragraph into lines, in time linear in its length.

    `chars[i]` is one character (or a placeholder for an inline object), `widths[i]` its
    advance, `gaps[i]` extra space after it unless it ends a line (compressed punctuation,
    Han–Latin spacing). Line k may be `max_widths[k]` wide (the last value repeats). A line
    must end after each index in `forced` (a <br/>). A closing mark no wider than `hang` may
    stick out past the measure when that avoids pulling a character down (0 = never).
    `breaks`, if given, are tiers of preferred break positions (a break before index b),
    best first: a headline's word boundaries; a line breaks at the best tier it has one
    of, and elsewhere only when it has none.

    Rules, strongest first: a line is never empty; no line starts with NO_START or ends with
    NO_END (spaces at a break are dropped and do not count); a run of word characters is not
    split unless it is wider than the whole line, and then after / . ? & if it can.
    """
    n = len(chars)
    lines: list[Line] = []
    if gaps:
        eff = list(widths)
        for k, g in gaps.items():
            if k < n:
                eff[k] += g
    else:
        eff = widths  # type: ignore[assignment]

    def last_ink(start: int, b: int) -> int:
        j = b - 1
        while j >= start and chars[j] == _SPACE:
            j -= 1
        return j

    def first_ink(b: int) -> int:
        while b < n and chars[b] == _SPACE:
            b += 1
        return b

    seen: list[float] = [0, -1, 1, 0.0]  # the last word run looked at: lo, hi, fits, measure

    def word_fits(b: int, mw: float) -> bool:
        # Does the run of word characters around the gap before b fit on one line? Stops
        # counting as soon as it does not, and remembers the run, so a word longer than a
        # line costs no more than one pass over that line.
        if seen[0] < b <= seen[1] and seen[3] == mw:
            return bool(seen[2])
        total = 0.0
        lo = b
        fits = True
        while lo > 0 and is_word_char(chars[lo - 1]):
            lo -= 1
            total += widths[lo]
            if total > mw + _FUZZ:
                fits = False
                break
        hi = b
        while fits and hi < n and is_word_char(chars[hi]):
            total += widths[hi]
            hi += 1
            if total > mw + _FUZZ:
                fits = False
        seen[:] = [lo, hi, fits, mw]
        return fits

    tiers = list(breaks or ())

    def allowed(start: int, b: int, mw: float, level: int) -> bool:
        # level < 0: a tier of preferred breaks (-1 the best); 1: words kept whole, except
        # one wider than a line, at a soft break; 2: such a word anywhere; 3: anywhere the
        # punctuation rules allow.
        end = last_ink(start, b)
        if end < start:
            return False  # the line would be empty
        nxt = first_ink(b)
        if nxt < n and chars[nxt] in NO_START:
            return False
        if chars[end] in NO_END:
            return False
        if level < 0:
            tier = tiers[-level - 1]
            if b not in tier and nxt not in tier:
                return False
        if level >= 3 or not (end == b - 1 and nxt == b and is_word_char(chars[b - 1])
                              and is_word_char(chars[b])):
            return True
        # Inside a word: only a word wider than a line breaks, at a soft break if it can.
        if word_fits(b, mw):
            return False
        return level == 2 or chars[b - 1] in _SOFT_BREAK

    start = first_ink(0)
    while start < n:
        mw = max_widths[min(len(lines), len(max_widths) - 1)]
        limit = mw + _FUZZ
        used = 0.0
        i = start
        while i < n and i not in forced and used + widths[i] <= limit:
            used += eff[i]
            i += 1
        if i < n and i in forced:  # the line ends with (and includes) the <br/>
            lines.append((start, i + 1, first_ink(i + 1), True))
            start = first_ink(i + 1)
            continue
        if i >= n:
            lines.append((start, last_ink(start, n) + 1, n, False))
            break
        if i == start:  # one character wider than the line: it must go somewhere
            i += 1
            if i >= n:
                lines.append((start, n, n, False))
                break
        b = _choose(start, i, mw, hang, chars, widths, allowed, len(tiers))
        lines.append((start, last_ink(start, b) + 1, first_ink(b), False))
        start = first_ink(b)
    return lines


def _choose(
    start: int,
    i: int,
    mw: float,
    hang: float,
    chars: Sequence[str],
    widths: Sequence[float],
    allowed: Callable[[int, int, float, int], bool],
    tiers: int,
) -> int:
    """The break position for a line from `start` whose character `i` does not fit. Looks
    back over this line only, so breaking a paragraph costs time linear in its length."""
    n = len(chars)
    # Hanging one closing mark keeps the line full; the squeeze is barely visible.
    if hang > 0 and chars[i] in NO_START and widths[i] <= hang + _FUZZ and (
        i + 1 >= n or allowed(start, i + 1, mw, 1)
    ):
        return i + 1
    for level in (*range(-1, -tiers - 1, -1), 1, 2, 3):
        for b in range(i, start, -1):
            if allowed(start, b, mw, level):
                return b
    return i  # nothing is allowed (a line of nothing but closing marks): cut where it overflows


# ---------------------------------------------------------------------------------------------
# The Paragraph subclass


class _LineText(str):
    """A kind-0 line's text that remembers the spaces dropped after it (for page splits),
    and how it is spaced: `kerns` ((index, points) added after a character), `dashes`
    (indices drawn as one-em rules)."""

    gap: str = ""
    kerns: tuple[tuple[int, float], ...] = ()
    dashes: tuple[int, ...] = ()
    links: tuple[tuple[int, int, str], ...] = ()  # (start, end, url) within this line


def count_lines(text: str, font_name: str, size: float, width: float,
                breaks: Sequence[Collection[int]] | None = None) -> tuple[int, int]:
    """How many lines `text` takes at `width`, spaced and broken as a CJKParagraph would,
    and how many of its breaks fall outside the tiers of `breaks` (a worse break)."""
    widths = _text_widths(text, font_name, size)
    gaps = spacing.measure(text, font_name, size, widths).gaps
    lines = break_lines(text, widths, [width], gaps=gaps, breaks=breaks)
    tiers = breaks or ()
    worse = sum(1 for s, _, _, _ in lines[1:] if tiers and not any(s in t for t in tiers))
    return len(lines), worse


def _text_widths(text: str, font_name: str, size: float) -> list[float]:
    face = getFont(font_name).face
    table = face.charWidths
    default = face.defaultWidth
    scale = size * 0.001
    return [table.get(ord(c), default) * scale for c in text]


def _merge_plain(frags: Any) -> Any:
    """reportlab's parser makes a fragment of every entity (`&amp;` in a URL): fragments
    that differ in nothing but their text are one run of text, set the simple way."""
    first = {k: v for k, v in vars(frags[0]).items() if k != "text"}
    for f in frags[1:]:
        if not hasattr(f, "text") or {k: v for k, v in vars(f).items() if k != "text"} != first:
            return frags
    if not hasattr(frags[0], "text") or hasattr(frags[0], "cbDefn"):
        return frags
    return [frags[0].clone(text="".join(f.text for f in frags))]


class _Lines(Sequence[Any]):
    """A slice of a paragraph's lines that shares the list: the rest of a paragraph carried
    to the next page costs nothing to make, however long it is."""

    def __init__(self, items: Sequence[Any], start: int = 0, stop: int | None = None) -> None:
        if isinstance(items, _Lines):
            start += items._start
            stop = items._start + (len(items) if stop is None else stop)
            items = items._items
        self._items = items
        self._start = start
        self._stop = len(items) if stop is None else stop

    def __len__(self) -> int:
        return max(0, self._stop - self._start)

    def __getitem__(self, k: Any) -> Any:
        if isinstance(k, slice):
            lo, hi, step = k.indices(len(self))
            if step != 1:
                return list(self)[k]
            return _Lines(self._items, self._start + lo, self._start + max(lo, hi))
        if k < 0:
            k += len(self)
        if not 0 <= k < len(self):
            raise IndexError(k)
        return self._items[self._start + k]

    def __iter__(self) -> Iterator[Any]:
        for k in range(self._start, self._stop):
            yield self._items[k]


class CJKParagraph(Paragraph):
    """A Paragraph broken by `break_lines`, spaced by `spacing` and justified by character
    spacing.

    Use `wordWrap='CJK'` in its style. The style's `hangingPunctuation` (points, default 0)
    lets one closing mark hang; give it only to justified text, whose squeeze pulls it back.
    The style's `breakAt` (text -> positions) gives a headline's preferred break positions.
    Both live on the style because reportlab rebuilds paragraphs from the style on splits.
    """

    _carried: tuple[float, Any] | None = None  # (width, lines) handed on by split()

    @property
    def hang(self) -> float:
        return float(getattr(self.style, "hangingPunctuation", 0.0) or 0.0)

    def _breaks(self, text: str) -> Sequence[Collection[int]] | None:
        find = getattr(self.style, "breakAt", None)
        return find(text) if find is not None else None

    def breakLinesCJK(self, maxWidths: Any) -> Any:  # noqa: N802 (reportlab's name)
        if not isinstance(maxWidths, (list, tuple)):
            maxWidths = [maxWidths]
        style = self.style
        self.height = 0
        rl_paragraph._handleBulletWidth(self.bulletText, style, maxWidths)
        carried = self._carried
        if carried is not None and abs(carried[0] - maxWidths[0]) < _FUZZ \
                and abs(carried[0] - maxWidths[-1]) < _FUZZ:
            return carried[1]  # the rest of a split paragraph, already broken to this width
        self._resolve_frags()
        frags = self.__dict__.get("_frags")
        if not frags:
            return rl_paragraph.ParaLines(
                kind=0, fontSize=style.fontSize, fontName=style.fontName,
                textColor=style.textColor, lines=[], ascent=style.fontSize,
                descent=-0.2 * style.fontSize,
            )
        resumed = hasattr(self, "blPara") and getattr(self, "_splitpara", 0)
        if len(frags) > 1 and not resumed:
            frags = _merge_plain(frags)
        if len(frags) == 1 and not hasattr(frags[0], "cbDefn") and not style.endDots:
            f = frags[0]
            if resumed:
                return f.clone(kind=0, lines=self.blPara.lines)
            text = f.text if hasattr(f, "text") else "".join(getattr(f, "words", []))
            return f.clone(kind=0, lines=self._simple_lines(text, f, maxWidths),
                           ascent=f.fontSize, descent=-0.2 * f.fontSize)
        if resumed:
            return self.blPara
        auto = getattr(self, "autoLeading", getattr(style, "autoLeading", ""))
        return self._frag_lines(frags, maxWidths, auto not in ("", "off"))

    def _simple_lines(self, text: str, f: Any, maxWidths: Sequence[float]) -> list[Any]:
        widths = _text_widths(text, f.fontName, f.fontSize)
        sp = spacing.measure(text, f.fontName, f.fontSize, widths)
        gaps = sp.gaps
        marks = sorted(set(gaps) | sp.dashes)
        urls = [(m.start(), m.start() + len(m.group().rstrip(URL_TAIL)),
                 m.group().rstrip(URL_TAIL)) for m in URL.finditer(text)]
        lines = []
        for k, (s, e, nxt, _) in enumerate(break_lines(
            text, widths, maxWidths, hang=self.hang, gaps=gaps, breaks=self._breaks(text),
        )):
            mw = maxWidths[min(k, len(maxWidths) - 1)]
            line = _LineText(text[s:e])
            line.gap = text[e:nxt]
            used = sum(widths[s:e])
            lo, hi = bisect_left(marks, s), bisect_left(marks, e)
            if lo < hi:
                inside = marks[lo:hi]
                line.kerns = tuple((j - s, gaps[j]) for j in inside if j in gaps and j < e - 1)
                line.dashes = tuple(j - s for j in inside if j in sp.dashes)
                used += sum(g for _, g in line.kerns)
            if urls:
                line.links = tuple((max(a, s) - s, min(b, e) - s, url) for a, b, url in urls
                                   if a < e and b > s)
            lines.append((mw - used, [line]))
        return lines

    def _frag_lines(self, frags: Any, maxWidths: Sequence[float], calc_bounds: bool) -> Any:
        units = []  # one per character, each knowing its fragment (font, size, colour)
        for f in frags:
            text = f.text.decode("utf8") if isinstance(f.text, bytes) else f.text
            if text:
                units.extend(rl_paragraph.cjkU(t, f, "utf8") for t in text)
            else:
                units.append(rl_paragraph.cjkU(text, f, "utf8"))
        widths = []
        for u in units:
            w = u.width
            if hasattr(w, "normalizedValue"):
                w._normalizer = maxWidths[0]
                w = w.normalizedValue(maxWidths[0])
            widths.append(w)
        forced = {k for k, u in enumerate(units) if hasattr(u.frag, "lineBreak")}
        chars = [str(u) or "\0" for u in units]
        lines = []
        for k, (s, e, nxt, brk) in enumerate(break_lines(
            chars, widths, maxWidths, forced=forced, hang=self.hang,
            breaks=self._breaks("".join(chars)),
        )):
            mw = maxWidths[min(k, len(maxWidths) - 1)]
            used = sum(widths[s:e])
            line = rl_paragraph.makeCJKParaLine(units[s:e], mw, used, mw - used, brk, calc_bounds)
            line.gap = "".join(chars[e:nxt]) if not brk else ""
            lines.append(line)
        return rl_paragraph.ParaLines(kind=1, lines=lines)

    def split(self, availWidth: float, availHeight: float) -> list[Any]:  # noqa: N803
        """reportlab's split, except that the second part keeps the lines already broken
        (reportlab re-breaks the whole rest of the paragraph on every page, which makes a
        long paragraph cost the square of its length)."""
        self._carry_next = self._in_split = True
        try:
            parts = super().split(availWidth, availHeight)
        finally:
            self._carry_next = self._in_split = False
        if len(parts) == 2:
            first, rest = parts
            lines = self.blPara.lines
            s = len(first.blPara.lines)
            width = self._wrapWidths[-1]
            blPara = self.blPara
            if blPara.kind == 0:
                tail = blPara.clone(kind=0, lines=_Lines(lines, s))
            else:
                tail = rl_paragraph.ParaLines(kind=1, lines=_Lines(lines, s))
            rest._carried = (width, tail)
            rest._lazy_frags = (self._get_split_blParaFunc(), blPara, s, len(lines))
        return parts

    @property  # type: ignore[override]
    def frags(self) -> Any:
        # The words of a split paragraph's rest are made only when something needs them
        # (another width, the plain text); split() itself needs only the lines.
        if self.__dict__.get("_lazy_frags") is not None and not self.__dict__.get("_in_split"):
            self._resolve_frags()
        return self.__dict__.get("_frags")

    @frags.setter
    def frags(self, value: Any) -> None:
        self.__dict__["_frags"] = value

    def _resolve_frags(self) -> None:
        lazy = self.__dict__.get("_lazy_frags")
        if lazy is not None:
            func, blPara, s, n = lazy
            self.__dict__["_frags"] = func(blPara, s, n)
            self.__dict__["_lazy_frags"] = None

    def _get_split_blParaFunc(self) -> Callable[..., Any]:  # noqa: N802 (reportlab's name)
        if getattr(self, "_carry_next", False):
            return _split_deferred
        return _split_simple if self.blPara.kind == 0 else _split_frags

    def beginText(self, x: float, y: float) -> Any:  # noqa: N802 (reportlab's name)
        tx = super().beginText(x, y)
        tx._docconv_cjk = True  # the justify patches act only on our text objects
        return tx


def _split_deferred(blPara: Any, start: int, stop: int) -> list[Any]:
    # The first part's words are made now; the rest's only if it is ever broken again at
    # another width (split() hands it the lines and the recipe for its words).
    if start == 0:
        return (_split_simple if blPara.kind == 0 else _split_frags)(blPara, start, stop)
    return [_PENDING]


class _Pending:
    """Stands in for the words of a split paragraph's rest until they are needed."""

    text = ""


_PENDING = _Pending()


def _split_simple(blPara: Any, start: int, stop: int) -> list[Any]:
    # reportlab joins the lines of a split paragraph without the spaces dropped at breaks.
    f = blPara.clone()
    for attr in ("lines", "kind", "text"):
        if hasattr(f, attr):
            delattr(f, attr)
    f.words = [w + getattr(w, "gap", "") for line in blPara.lines[start:stop] for w in line[1]]
    return [f]


def _split_frags(blPara: Any, start: int, stop: int) -> list[Any]:
    # reportlab's _split_blParaHard appends a space after every line, which in Chinese text
    # puts stray spaces into the rest of a paragraph carried to the next page.
    out = []
    for line in blPara.lines[start:stop]:
        words = list(line.words)
        gap = getattr(line, "gap", "")
        if gap and words and not hasattr(words[-1], "cbDefn"):
            last = words[-1].clone()
            last.text = last.text + gap
            words[-1] = last
        out.extend(words)
    return out


# ---------------------------------------------------------------------------------------------
# Module-level patches


def _char_count(words: Sequence[Any]) -> int:
    return sum(len(w.text) for w in words if not hasattr(w, "cbDefn"))


def _segments(text: str) -> list[str]:
    """Latin words / numbers whole, every other character on its own, except that
    brackets and quotes stay against what they enclose."""
    out: list[str] = []
    for ch in text:
        if out and (
            (is_word_char(ch) and is_word_char(out[-1][-1]))
            or ch in NO_START or out[-1][-1] in NO_END
        ):
            out[-1] += ch
        else:
            out.append(ch)
    return out


# Letter-spacing up to this much (em) is invisible even inside Latin words; beyond it the
# slack goes only between CJK characters and around words, never between a word's letters.
_TC_LIMIT = 0.08
_GAP_LIMIT = 0.5  # and no gap wider than this: a line with too few gaps stays ragged


def _make_justify(original: Callable[..., Any]) -> Callable[..., Any]:
    def justify(tx: Any, offset: float, extraspace: float, words: Any, last: int = 0) -> Any:
        if not getattr(tx, "_docconv_cjk", False):
            return original(tx, offset, extraspace, words, last)
        text = " ".join(words)
        line = words[0] if len(words) == 1 else None
        kerns = dict(getattr(line, "kerns", ()))
        dashes = getattr(line, "dashes", ())
        # Squeeze a line with a hanging mark (even the last) so nothing sticks out; stretch
        # every other line but the last.
        squeeze = extraspace < -1e-8
        stretch = not last and extraspace > 1e-8 and len(text) > 1
        size = tx._fontsize
        spacing = extraspace / max(len(text) - 1, 1)
        if stretch and spacing > _TC_LIMIT * size:
            segments = _segments(text)
            if len(segments) < len(text):  # there are words not to letter-space
                gap = min(extraspace / max(len(segments) - 1, 1), _GAP_LIMIT * size)
                spread: dict[int, float] = {}
                k = -1
                for piece in segments[:-1]:
                    k += len(piece)
                    spread[k] = gap
                return _draw_line(tx, offset, text, kerns, dashes, 0.0, spread,
                                  links=getattr(line, "links", ()))
        tc = spacing if (squeeze and len(text) > 1) or stretch else 0.0
        return _draw_line(tx, offset, text, kerns, dashes, tc, links=getattr(line, "links", ()))

    justify._docconv = True  # type: ignore[attr-defined]
    return justify


def _make_aligned(original: Callable[..., Any], share: float) -> Callable[..., Any]:
    """Left (share 0), centred (0.5) or right (1) lines, drawn with their spacing."""

    def aligned(tx: Any, offset: float, extraspace: float, words: Any, last: int = 0) -> Any:
        line = words[0] if len(words) == 1 else None
        if not getattr(tx, "_docconv_cjk", False):
            return original(tx, offset, extraspace, words, last)
        if not (getattr(line, "kerns", ()) or getattr(line, "dashes", ())
                or getattr(line, "links", ())):
            tx._docconv_row = getattr(tx, "_docconv_row", 0) + 1
            return original(tx, offset, extraspace, words, last)
        m = offset + share * extraspace if extraspace > -1e-8 else offset
        _draw_line(tx, m, str(line), dict(line.kerns), line.dashes, 0.0, links=line.links)
        return m

    aligned._docconv = True  # type: ignore[attr-defined]
    return aligned


def _draw_line(tx: Any, offset: float, text: str, kerns: dict[int, float],
               dashes: Sequence[int], tc: float, spread: dict[int, float] | None = None,
               links: Sequence[tuple[int, int, str]] = ()) -> float:
    """Draw one line at `offset`: every character advances by its width plus `tc`, plus
    `kerns[k]` after character k (drawn as an alias with that advance, see spacing.alias);
    characters in `dashes` are stretched to fill one em; `spread[k]` is justification
    space put after character k by moving the text cursor."""
    row = getattr(tx, "_docconv_row", 0)  # lines this text object has drawn
    tx._docconv_row = row + 1
    size = tx._fontsize
    font = tx._fontname
    last = len(text) - 1
    if kerns:
        chars = list(text)
        for k, g in kerns.items():
            if g and k < last:
                chars[k] = spacing.alias(font, text[k], round(g / size * 1000))
        text = "".join(chars)
    if links:
        _link(tx, offset, row, text, tc, spread or {}, links)
    rl_paragraph.setXPos(tx, offset)
    if tc:
        tx.setCharSpace(tc)
    if not dashes and not spread:
        tx._textOut(text, 1)
    else:
        cuts = sorted({k + 1 for k in (spread or {}) if k < last} | set(dashes)
                      | {d + 1 for d in dashes} | {0, len(text)})
        here = 0.0  # the text line start, from this line's start (moved for spreading)
        x = 0.0  # where the next piece starts
        for lo, hi in zip(cuts, cuts[1:], strict=False):
            if lo >= hi:
                continue
            piece = text[lo:hi]
            if spread and x != here:
                rl_paragraph.setXPos(tx, x - here)
                here = x
            if lo in dashes:
                glyph, scale = spacing.dash_alias(font, piece)
                tx._code.append(f"{fp_str(scale)} Tz")
                if tc:
                    tx.setCharSpace(tc * 100 / scale)  # Tz scales character spacing too
                tx._textOut(glyph, 0)
                if tc:
                    tx.setCharSpace(tc)
                tx._code.append("100 Tz")
                x += size + tc
            else:
                tx._textOut(piece, 0)
                x += stringWidth(piece, font, size) + tc * len(piece)
            if spread:
                x += spread.get(hi - 1, 0.0)
        tx._code.append("T*")
        rl_paragraph.setXPos(tx, -here)
    if tc:
        tx.setCharSpace(0)
    rl_paragraph.setXPos(tx, -offset)
    return offset


def _link(tx: Any, offset: float, row: int, text: str, tc: float, spread: dict[int, float],
          links: Sequence[tuple[int, int, str]]) -> None:
    """Link annotations over the URLs of a line about to be drawn at `offset` (text
    object coordinates; the line's baseline is `row` leadings below the first)."""
    size, font = tx._fontsize, tx._fontname

    def x(k: int) -> float:
        return (tx._x0 + offset + stringWidth(text[:k], font, size) + tc * k
                + sum(g for j, g in spread.items() if j < k))

    base = tx._y0 - row * tx._leading
    for start, end, url in links:
        href = url if "://" in url else "http://" + url
        tx._canvas.linkURL(href, (x(start), base - 0.25 * size, x(end), base + 0.85 * size),
                           relative=1, thickness=0)


def _make_justify_frags(original: Callable[..., Any]) -> Callable[..., Any]:
    def justify(tx: Any, offset: float, line: Any, last: int = 0) -> Any:
        if not getattr(tx, "_docconv_cjk", False):
            return original(tx, offset, line, last)
        tx._x_offset = offset
        rl_paragraph.setXPos(tx, offset)
        extra = line.extraSpace
        count = _char_count(line.words)
        stretch = not (line.lineBreak or last)
        spread = count > 1 and (extra < -1e-8 or (stretch and extra > 1e-8))
        if spread:
            tx.setCharSpace(extra / (count - 1))
        rl_paragraph._putFragLine(offset, tx, line, last, "justify")
        if spread:
            tx.setCharSpace(0)
        rl_paragraph.setXPos(tx, -offset)

    justify._docconv = True  # type: ignore[attr-defined]
    return justify


def _utf16_hex(cp: int) -> str:
    if cp > 0xFFFF:
        cp -= 0x10000
        return f"{0xD800 + (cp >> 10):04X}{0xDC00 + (cp & 0x3FF):04X}"
    return f"{cp:04X}"


def make_to_unicode_cmap(fontname: str, subset: Sequence[int]) -> str:
    """reportlab's ToUnicode CMap, with code points above U+FFFF as surrogate pairs."""
    return "\n".join([
        "/CIDInit /ProcSet findresource begin",
        "12 dict begin",
        "begincmap",
        "/CIDSystemInfo",
        f"<< /Registry ({fontname})",
        f"/Ordering ({fontname})",
        "/Supplement 0",
        ">> def",
        f"/CMapName /{fontname} def",
        "/CMapType 2 def",
        "1 begincodespacerange",
        f"<00> <{len(subset) - 1:02X}>",
        "endcodespacerange",
        f"{len(subset)} beginbfchar",
        *(f"<{i:02X}> <{_utf16_hex(spacing.REAL.get(v, v))}>" for i, v in enumerate(subset)),
        "endbfchar",
        "endcmap",
        "CMapName currentdict /CMap defineresource pop",
        "end",
        "end",
    ])


# Set while the PDF writer builds a document (per thread and per asyncio task).
_building: ContextVar[bool] = ContextVar("docconv_pdf_building", default=False)


@contextmanager
def building() -> Iterator[None]:
    """Mark the document built inside as docconv's: the ToUnicode patch acts only here."""
    token = _building.set(True)
    try:
        yield
    finally:
        _building.reset(token)


def _make_to_unicode(original: Callable[[str, Sequence[int]], str]) -> Callable[..., str]:
    def to_unicode(fontname: str, subset: Sequence[int]) -> str:
        if not _building.get():
            return original(fontname, subset)
        return make_to_unicode_cmap(fontname, subset)

    to_unicode._docconv = True  # type: ignore[attr-defined]
    return to_unicode


_install_lock = threading.Lock()


def install() -> None:
    """Apply the patches once per process (idempotent)."""
    with _install_lock:
        if not getattr(rl_paragraph._justifyDrawParaLine, "_docconv", False):
            rl_paragraph._justifyDrawParaLine = _make_justify(rl_paragraph._justifyDrawParaLine)
        for name, share in (("_leftDrawParaLine", 0.0), ("_centerDrawParaLine", 0.5),
                            ("_rightDrawParaLine", 1.0)):
            if not getattr(getattr(rl_paragraph, name), "_docconv", False):
                setattr(rl_paragraph, name, _make_aligned(getattr(rl_paragraph, name), share))
        if not getattr(rl_paragraph._justifyDrawParaLineX, "_docconv", False):
            rl_paragraph._justifyDrawParaLineX = _make_justify_frags(
                rl_paragraph._justifyDrawParaLineX
            )
        if not getattr(rl_ttfonts.makeToUnicodeCMap, "_docconv", False):
            rl_ttfonts.makeToUnicodeCMap = _make_to_unicode(rl_ttfonts.makeToUnicodeCMap)
