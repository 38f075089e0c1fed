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
from collections.abc import Callable, Collection, Iterator, Sequence
from contextlib import contextmanager
from contextvars import ContextVar
from typing import Any

import reportlab.pdfbase.ttfonts as rl_ttfonts
import reportlab.platypus.paragraph as rl_paragraph
from reportlab.pdfbase.pdfmetrics import getFont, stringWidth
from reportlab.platypus import Paragraph
from reportlab.rl_config import _FUZZ

from ..cjk import NO_END, NO_START

# Characters that make up a Latin word or number; a break between two of them splits it.
_WORD_PUNCT = frozenset("-_./'@%&+=~#:,")
_SPACE = " "


def is_word_char(ch: str) -> bool:
    # Below U+2E80 covers Latin, Greek, Cyrillic, digits; CJK starts above it.
    return len(ch) == 1 and ord(ch) < 0x2E80 and (ch.isalnum() or ch in _WORD_PUNCT)


Line = tuple[int, int, int, bool]  # (start, end, next_start, forced); text = chars[start:end]


def break_lines(
    chars: Sequence[str],
    widths: Sequence[float],
    max_widths: Sequence[float],
    *,
    forced: Collection[int] = (),
    hang: float = 0.0,
) -> list[Line]:
    """Break a paragraph into lines.

    `chars[i]` is one character (or a placeholder for an inline object), `widths[i]` its
    advance. Line k may be `max_widths[k]` wide (the last value repeats). A line must end
    after each index in `forced` (a <br/>). A closing mark no wider than `hang` may stick out
    past the measure when that avoids pulling a character down (0 = never).

    Rules, strongest first: a line is never empty; no line starts with NO_START or ends with
    NO_END (spaces at a break are dropped and do not count); a run of word characters is not
    split unless it is wider than the whole line.
    """
    n = len(chars)
    lines: list[Line] = []

    def last_ink(start: int, b: int) -> int:
        j = b - 1
        while j >= start and chars[j] == _SPACE:
            j -= 1
        return j

    def first_ink(b: int) -> int:
        while b < n and chars[b] == _SPACE:
            b += 1
        return b

    def word_span_width(b: int) -> float:
        # Width of the run of word characters around the gap before b.
        lo = b
        while lo > 0 and is_word_char(chars[lo - 1]):
            lo -= 1
        hi = b
        while hi < n and is_word_char(chars[hi]):
            hi += 1
        return sum(widths[lo:hi])

    def allowed(start: int, b: int, mw: float, keep_words: bool) -> bool:
        end = last_ink(start, b)
        if end < start:
            return False  # the line would be empty
        nxt = first_ink(b)
        if nxt < n and chars[nxt] in NO_START:
            return False
        if chars[end] in NO_END:
            return False
        return not (
            keep_words and end == b - 1 and nxt == b
            and is_word_char(chars[b - 1]) and is_word_char(chars[b])
            and word_span_width(b) <= mw + _FUZZ
        )

    start = first_ink(0)
    while start < n:
        mw = max_widths[min(len(lines), len(max_widths) - 1)]
        used = 0.0
        i = start
        while i < n and i not in forced and used + widths[i] <= mw + _FUZZ:
            used += widths[i]
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
        b = _choose(start, i, mw, hang, chars, widths, allowed)
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
    allowed: Callable[[int, int, float, bool], bool],
) -> int:
    """The break position for a line from `start` whose character `i` does not fit."""
    n = len(chars)
    # Hanging one closing mark keeps the line full; the squeeze is barely visible.
    if hang > 0 and chars[i] in NO_START and widths[i] <= hang + _FUZZ and (
        i + 1 >= n or allowed(start, i + 1, mw, True)
    ):
        return i + 1
    for keep_words in (True, False):
        for b in range(i, start, -1):
            if allowed(start, b, mw, keep_words):
                return b
    return i  # nothing is allowed (a line of nothing but closing marks): cut where it overflows


# ---------------------------------------------------------------------------------------------
# The Paragraph subclass


class _LineText(str):
    """A kind-0 line's text that remembers the spaces dropped after it, for page splits."""

    gap: str = ""


def _text_widths(text: str, font_name: str, size: float) -> list[float]:
    face = getFont(font_name).face
    table = face.charWidths
    default = face.defaultWidth
    scale = size * 0.001
    return [table.get(ord(c), default) * scale for c in text]


class CJKParagraph(Paragraph):
    """A Paragraph broken by `break_lines` and justified by character spacing.

    Use `wordWrap='CJK'` in its style. The style's `hangingPunctuation` (points, default 0)
    lets one closing mark hang; give it only to justified text, whose squeeze pulls it back.
    It lives on the style because reportlab rebuilds paragraphs from the style on page splits.
    """

    @property
    def hang(self) -> float:
        return float(getattr(self.style, "hangingPunctuation", 0.0) or 0.0)

    def breakLinesCJK(self, maxWidths: Any) -> Any:  # noqa: N802 (reportlab's name)
        if not isinstance(maxWidths, (list, tuple)):
            maxWidths = [maxWidths]
        style = self.style
        self.height = 0
        rl_paragraph._handleBulletWidth(self.bulletText, style, maxWidths)
        frags = self.frags
        if not frags:
            return rl_paragraph.ParaLines(
                kind=0, fontSize=style.fontSize, fontName=style.fontName,
                textColor=style.textColor, lines=[], ascent=style.fontSize,
                descent=-0.2 * style.fontSize,
            )
        resumed = hasattr(self, "blPara") and getattr(self, "_splitpara", 0)
        if len(frags) == 1 and not hasattr(frags[0], "cbDefn") and not style.endDots:
            f = frags[0]
            if resumed:
                return f.clone(kind=0, lines=self.blPara.lines)
            text = f.text if hasattr(f, "text") else "".join(getattr(f, "words", []))
            widths = _text_widths(text, f.fontName, f.fontSize)
            lines = []
            for k, (s, e, nxt, _) in enumerate(break_lines(text, widths, maxWidths,
                                                            hang=self.hang)):
                mw = maxWidths[min(k, len(maxWidths) - 1)]
                line = _LineText(text[s:e])
                line.gap = text[e:nxt]
                lines.append((mw - sum(widths[s:e]), [line]))
            return f.clone(kind=0, lines=lines, ascent=f.fontSize, descent=-0.2 * f.fontSize)
        if resumed:
            return self.blPara
        auto = getattr(self, "autoLeading", getattr(style, "autoLeading", ""))
        return self._frag_lines(frags, maxWidths, auto not in ("", "off"))

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
        for k, (s, e, nxt, brk) in enumerate(
            break_lines(chars, widths, maxWidths, forced=forced, hang=self.hang)
        ):
            mw = maxWidths[min(k, len(maxWidths) - 1)]
            used = sum(widths[s:e])
            line = rl_paragraph.makeCJKParaLine(units[s:e], mw, used, mw - used, brk, calc_bounds)
            line.gap = "".join(chars[e:nxt]) if not brk else ""
            lines.append(line)
        return rl_paragraph.ParaLines(kind=1, lines=lines)

    def _get_split_blParaFunc(self) -> Callable[..., Any]:  # noqa: N802 (reportlab's name)
        return _split_simple if self.blPara.kind == 0 else _split_frags

    def beginText(self, x: float, y: float) -> Any:  # noqa: N802 (reportlab's name)
        tx = super().beginText(x, y)
        tx._docconv_cjk = True  # the justify patches act only on our text objects
        return tx


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
        # Squeeze a line with a hanging mark (even the last) so nothing sticks out; stretch
        # every other line but the last.
        squeeze = extraspace < -1e-8
        stretch = not last and extraspace > 1e-8 and len(text) > 1
        size = tx._fontsize
        spacing = extraspace / max(len(text) - 1, 1)
        if stretch and spacing > _TC_LIMIT * size:
            segments = _segments(text)
            if len(segments) < len(text):  # there are words not to letter-space
                return _draw_spread(tx, offset, extraspace, segments, size)
        rl_paragraph.setXPos(tx, offset)
        if (squeeze and len(text) > 1) or stretch:
            tx.setCharSpace(spacing)
            tx._textOut(text, 1)
            tx.setCharSpace(0)
        else:
            tx._textOut(text, 1)
        rl_paragraph.setXPos(tx, -offset)
        return offset

    justify._docconv = True  # type: ignore[attr-defined]
    return justify


def _draw_spread(tx: Any, offset: float, extraspace: float, segments: list[str],
                 size: float) -> float:
    """Draw a line piece by piece, the slack shared by the gaps between pieces."""
    gap = min(extraspace / max(len(segments) - 1, 1), _GAP_LIMIT * size)
    moved = offset
    rl_paragraph.setXPos(tx, offset)
    for k, piece in enumerate(segments):
        last = k == len(segments) - 1
        tx._textOut(piece, 1 if last else 0)
        if not last:
            step = stringWidth(piece, tx._fontname, size) + gap
            rl_paragraph.setXPos(tx, step)  # relative to this piece's start
            moved += step
    rl_paragraph.setXPos(tx, -moved)
    return offset


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
        *(f"<{i:02X}> <{_utf16_hex(v)}>" for i, v in enumerate(subset)),
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
        if not getattr(rl_paragraph._justifyDrawParaLineX, "_docconv", False):
            rl_paragraph._justifyDrawParaLineX = _make_justify_frags(
                rl_paragraph._justifyDrawParaLineX
            )
        if not getattr(rl_ttfonts.makeToUnicodeCMap, "_docconv", False):
            rl_ttfonts.makeToUnicodeCMap = _make_to_unicode(rl_ttfonts.makeToUnicodeCMap)
