"""Spacing between characters the way clreq (and xeCJK) set Chinese text.

* Two adjacent full-width marks (`。”` `）,` `”“` `：“`) share one half em of blank instead of
  each taking a full em: the blank between their inks shrinks by up to half an em.
* A Han character beside a Latin letter or a European numeral gets a quarter em between them
  (a space in the source between the two becomes that quarter em).
* A run of dashes (`——`) is drawn as one unbroken rule, each dash filling exactly one em.

Where the blank sits inside a mark's em box differs by font and script (Simplified fonts set
，。 to the left, Traditional ones centre them), so it is read from the font's own glyph
boxes, once per font.
"""

from __future__ import annotations

import re
import threading
from dataclasses import dataclass
from struct import unpack

from reportlab.pdfbase.pdfmetrics import getFont

# Full-width marks that may be compressed against each other.
PUNCT = frozenset("，。、；：？！）」』》〉】〕〗〙〛｝］”’（「『《〈【〔〖〘〚｛［“‘")
DASHES = frozenset("—―")
_HAN = (r"\u2e80-\u2fff\u3040-\u30ff\u3100-\u312f\u31a0-\u31ff\u3400-\u4dbf\u4e00-\u9fff"
        r"\uf900-\ufaff\U00020000-\U0003134f")
_LATIN = r"A-Za-z0-9\u00c0-\u024f\u0370-\u03ff\u0400-\u04ff"
# A Han–Latin boundary, with or without one space between: group 1 is the space (if any).
_HAN_LATIN = re.compile(rf"(?<=[{_HAN}])( ?)(?=[{_LATIN}])|(?<=[{_LATIN}])( ?)(?=[{_HAN}])")
_PAIR = re.compile("(?=[" + re.escape("".join(sorted(PUNCT))) + "]{2})")
_DASH_RUN = re.compile("[—―]{2,}")

HAN_LATIN_GAP = 0.25  # em
_SQUEEZES = (0.5, 0.25)  # em: one of the two marks set in half width, else three quarters
_KEEP = 0.1  # em of blank always left between two marks' inks


@dataclass(frozen=True)
class Sides:
    """A glyph's blank on each side and its advance, in em."""

    left: float
    right: float
    advance: float


_sides: dict[tuple[str, str], Sides | None] = {}
_lock = threading.Lock()


def sides(font_name: str, char: str) -> Sides | None:
    """The blank to the left and right of `char`'s ink in `font_name` (None: no glyph)."""
    key = (font_name, char)
    found = _sides.get(key, False)
    if found is not False:
        return found  # type: ignore[return-value]
    face = getFont(font_name).face
    gid = face.charToGlyph.get(ord(char))
    result = None
    if gid is not None:
        advance = face.charWidths.get(ord(char), face.defaultWidth) / 1000
        try:
            start = face.get_table_pos("glyf")[0] + face.glyphPos[gid]
            empty = face.glyphPos[gid + 1] == face.glyphPos[gid]
            x0, x1 = unpack(">hxxh", face._ttf_data[start + 2:start + 8]) if not empty \
                else (0, 0)
        except Exception:  # noqa: BLE001 - a font we cannot read is simply not compressed
            x0 = x1 = 0
            empty = True
        upm = face.unitsPerEm or 1000
        result = None if empty else Sides(x0 / upm, advance - x1 / upm, advance)
    with _lock:
        _sides[key] = result
    return result


@dataclass
class Spacing:
    """Per character: `gaps[i]` (points) is added after character i when it is not the last
    of its line; `dashes` are the indices drawn as one-em rules (`widths` already say 1 em)."""

    gaps: dict[int, float]
    dashes: frozenset[int]


def measure(text: str, font_name: str, size: float, widths: list[float]) -> Spacing:
    """The spacing of `text` in one font and size; `widths` (points) is adjusted in place
    for dash runs."""
    gaps: dict[int, float] = {}
    if len(text) < 2:
        return Spacing(gaps, frozenset())
    for m in _PAIR.finditer(text):
        i = m.start()
        a, b = sides(font_name, text[i]), sides(font_name, text[i + 1])
        if a is None or b is None or a.advance < 0.9 or b.advance < 0.9:
            continue  # proportional marks already sit close
        blank = a.right + b.left
        squeeze = next((q for q in _SQUEEZES if blank - q >= _KEEP), 0.0)
        if squeeze:
            gaps[i] = -squeeze * size
    quarter = HAN_LATIN_GAP * size
    for m in _HAN_LATIN.finditer(text):
        i = m.start()
        space = m.group(1) or m.group(2)
        if space:
            widths[i] = quarter  # the source's space becomes the quarter em
        else:
            gaps[i - 1] = gaps.get(i - 1, 0.0) + quarter
    dashes: set[int] = set()
    for m in _DASH_RUN.finditer(text):
        for i in range(m.start(), m.end()):
            if sides(font_name, text[i]) is not None:
                widths[i] = size
                dashes.add(i)
    return Spacing(gaps, frozenset(dashes))


# Spacing is set as advance widths, not as moves of the text cursor: each glyph's box then
# ends where the next one starts, so text extraction (which builds words from the boxes)
# sees neither overlaps nor gaps and gives the text back in order, without invented
# spaces. A glyph with another advance is drawn through an alias: a private-use code point
# in the same font, mapped to the same glyph with its own width, and written back as the
# real character in the PDF's ToUnicode map.
_PUA_START = 0x100000  # Supplementary Private Use Area-B
_PUA_END = 0x10FFFD
_aliases: dict[tuple[str, str, int], str] = {}
REAL: dict[int, int] = {}  # alias code point -> the character it draws
_next = [_PUA_START]


def alias(font_name: str, char: str, delta: int) -> str:
    """A stand-in for `char` in `font_name` whose advance is changed by `delta` (1/1000 em);
    `char` itself when no stand-in can be made (the code points have run out)."""
    key = (font_name, char, delta)
    found = _aliases.get(key)
    if found is not None:
        return found
    with _lock:
        found = _aliases.get(key)
        if found is None:
            face = getFont(font_name).face
            gid = face.charToGlyph.get(ord(char))
            if gid is None or _next[0] > _PUA_END:
                return char
            code = _next[0]
            _next[0] += 1
            face.charWidths[code] = max(0, face.charWidths.get(ord(char), face.defaultWidth)
                                        + delta)
            face.charToGlyph[code] = gid
            REAL[code] = ord(char)
            found = _aliases[key] = chr(code)
    return found


def dash_alias(font_name: str, char: str) -> tuple[str, float]:
    """(stand-in, horizontal scale in %) that draw `char` (a dash) with its ink stretched
    to fill one em and its advance exactly that em."""
    s = sides(font_name, char)
    if s is None or s.advance - s.left - s.right <= 0:
        return char, 100.0
    ink = s.advance - s.left - s.right
    return alias(font_name, char, round((ink - s.advance) * 1000)), 100.0 / ink
