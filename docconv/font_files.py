"""Fonts: where the bundled ones are, what a font file covers, and where a missing character
can be found instead.

No reportlab here (writers register fonts themselves). fontTools reads font files and turns a
system CFF font (the usual Noto CJK) into a small TrueType subset that reportlab can embed.

Two bundled sets: Noto SC faces for simplified text and Noto TC faces (Taiwan glyph forms,
punctuation centred in the em box) for traditional text; each set is the other's fallback.

Fallback order for a character the configured fonts lack:
configured fonts → bundled fonts of the article's script → those of the other script → user
fallback fonts (option / $DOCCONV_FALLBACK_FONTS) → system fonts, best-suited first: same
kind (Hei/Sans for headings, Song/Ming/Serif for body), same weight, the article's region, the
primary font's own family, and only then TrueType before CFF (converted on the fly).
`locate` does the look-up; a character no font has is reported with `MissingGlyphsWarning`.
"""

from __future__ import annotations

import bisect
import functools
import hashlib
import io
import os
import re
import shutil
import struct
import subprocess
import sys
import threading
import warnings
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from .errors import FormatError

# The bundled files (built into fonts/ by fonts/build_fonts.py) and what each is for.
BUNDLED = {  # simplified Chinese (mainland glyph forms)
    "serif": "NotoSerifSC-Regular.ttf",  # Song/Ming: body text
    "sans": "NotoSansSC-Regular.ttf",  # Hei: meta lines, highlights, running heads
    "sans_bold": "NotoSansSC-Bold.ttf",  # Hei bold: the headline
}
BUNDLED_TC = {  # traditional Chinese (Taiwan glyph forms, centred punctuation)
    "serif": "NotoSerifTC-Regular.ttf",
    "sans": "NotoSansTC-Regular.ttf",
    "sans_bold": "NotoSansTC-Bold.ttf",
}
# Article language → its bundled set. Anything else is set like simplified text.
BUNDLED_BY_LANGUAGE = {"zh-Hans": BUNDLED, "zh-Hant": BUNDLED_TC}
ENV_FONT_DIR = "DOCCONV_FONT_DIR"  # use these files instead of the bundled ones
ENV_FALLBACK = "DOCCONV_FALLBACK_FONTS"  # extra fallback fonts, os.pathsep-separated specs
ENV_NO_SYSTEM = "DOCCONV_NO_SYSTEM_FONTS"  # "1": never look at the system's fonts

_SYSTEM_DIRS = (
    "/usr/share/fonts", "/usr/local/share/fonts", "~/.local/share/fonts", "~/.fonts",
    "/Library/Fonts", "/System/Library/Fonts", "~/Library/Fonts", "C:/Windows/Fonts",
)
_FONT_SUFFIXES = (".ttf", ".ttc", ".otf", ".otc")


class MissingGlyphsWarning(UserWarning):
    """Characters that no available font can draw; they will show as blanks or boxes."""

    def __init__(self, chars: Iterable[str], where: str = "") -> None:
        self.chars = "".join(sorted(set(chars)))
        listed = " ".join(f"{c} (U+{ord(c):04X})" for c in self.chars)
        prefix = f"{where}: " if where else ""
        super().__init__(f"{prefix}no font has these characters: {listed}")


# ---------------------------------------------------------------------------------------------
# Locations


def bundled_dir() -> Path:
    """The folder holding the bundled fonts: $DOCCONV_FONT_DIR, the installed package
    `docconv._fonts`, or the checkout's `fonts/` (running from source)."""
    env = os.environ.get(ENV_FONT_DIR)
    if env:
        return Path(env).expanduser()
    try:
        from importlib.resources import files

        # docconv._fonts has no __init__.py, so this may be a namespace MultiplexedPath;
        # joinpath gives a real path either way.
        serif = files("docconv._fonts").joinpath(BUNDLED["serif"])
        if isinstance(serif, os.PathLike) and Path(serif).is_file():
            return Path(serif).parent
    except (ModuleNotFoundError, TypeError, ValueError):  # not installed, or zipped
        pass
    return Path(__file__).resolve().parent.parent / "fonts"


def bundled_set(language: str = "zh-Hans") -> dict[str, str]:
    """The bundled file names (role → file) for text in `language` ('zh-Hans', 'zh-Hant')."""
    return BUNDLED_BY_LANGUAGE.get(language, BUNDLED)


def bundled_font(role: str, language: str = "zh-Hans") -> Path:
    """The path of a bundled font by role ('serif', 'sans', 'sans_bold') for text in
    `language` ('zh-Hans': the SC faces, 'zh-Hant': the TC faces)."""
    name = bundled_set(language)[role]
    path = bundled_dir() / name
    if not path.is_file():
        raise FormatError(
            f"bundled font {name} not found in {path.parent} "
            f"(build it with fonts/build_fonts.py, reinstall docconv, or set {ENV_FONT_DIR})"
        )
    return path


# ---------------------------------------------------------------------------------------------
# Font specs: "path" or "path#index" (a face inside a .ttc collection)


@dataclass(frozen=True, order=True)
class FontSpec:
    path: Path
    index: int = 0

    @classmethod
    def parse(cls, spec: str | os.PathLike[str] | FontSpec) -> FontSpec:
        if isinstance(spec, FontSpec):
            return spec
        text = os.fspath(spec)
        match = re.fullmatch(r"(.+)#(\d+)", text)
        path, index = (match.group(1), int(match.group(2))) if match else (text, 0)
        resolved = Path(path).expanduser()
        if not resolved.is_file():
            raise FormatError(f"font file not found: {path}")
        return cls(resolved.resolve(), index)

    def __str__(self) -> str:
        return f"{self.path}#{self.index}" if self.index else str(self.path)


def user_fallbacks() -> list[FontSpec]:
    """Fallback fonts named in $DOCCONV_FALLBACK_FONTS (missing files are skipped)."""
    out = []
    for item in os.environ.get(ENV_FALLBACK, "").split(os.pathsep):
        if item.strip():
            try:
                out.append(FontSpec.parse(item.strip()))
            except FormatError:
                continue
    return out


# ---------------------------------------------------------------------------------------------
# Reading font files: fontTools for the faces, their outlines and names; coverage lazily.


@dataclass
class Face:
    """One face of a font file, with lazy character coverage."""

    spec: FontSpec
    outlines: str  # "TrueType" (glyf: reportlab can embed it) or "CFF" (needs conversion)
    name: str
    _cmap: _Cmap | None = field(repr=False, default=None)

    @property
    def embeddable(self) -> bool:
        return self.outlines == "TrueType"

    def has(self, char: str) -> bool:
        if self._cmap is None:
            self._cmap = _read_cmap(self.spec)
        return self._cmap.has(ord(char))


# What a broken or foreign file can raise while fontTools reads its directory or a table.
_FONT_ERRORS = (OSError, EOFError, struct.error, ValueError, KeyError, IndexError,
                AssertionError)


def read_faces(path: str | os.PathLike[str]) -> list[Face]:
    """Every face in a .ttf/.otf/.ttc file; [] when it is not a font we can read."""
    # Imported here: only fallback look-ups read font files, and most documents need none.
    from fontTools.ttLib import TTCollection, TTFont, TTLibError

    path = Path(path)
    try:
        with path.open("rb") as f:
            collection = f.read(4) == b"ttcf"
        ttfonts = (TTCollection(str(path), lazy=True).fonts if collection
                   else [TTFont(str(path), lazy=True)])
        try:
            faces = []
            for index, font in enumerate(ttfonts):
                if "glyf" in font:
                    outlines = "TrueType"
                elif "CFF " in font or "CFF2" in font:
                    outlines = "CFF"
                else:
                    continue  # bitmap-only (colour emoji) or something else we cannot draw
                name = (font["name"].getDebugName(4) if "name" in font else None) or path.stem
                faces.append(Face(FontSpec(path, index), outlines, name))
            return faces
        finally:
            for font in ttfonts:
                font.close()
    except (TTLibError, *_FONT_ERRORS):
        return []


class _Cmap:
    """Membership test over a format 4 or 12 cmap subtable, by binary search."""

    def __init__(
        self, starts: list[int], ends: list[int],
        probe: Callable[[int, int], bool] | None = None,
    ) -> None:
        self.starts, self.ends, self.probe = starts, ends, probe

    def has(self, cp: int) -> bool:
        i = bisect.bisect_right(self.starts, cp) - 1
        if i < 0 or cp > self.ends[i]:
            return False
        return self.probe(i, cp) if self.probe else True


def _read_cmap(spec: FontSpec) -> _Cmap:
    """The face's best cmap subtable, searched in place. Not fontTools' getBestCmap(): that
    decodes every mapping into a dict of glyph names, measured 20-40x slower on first use
    (147 ms vs 4 ms for the three bundled fonts; 1.8 s vs 0.08 s to look for a character
    that none of 158 system faces has)."""
    from fontTools.ttLib import TTFont, TTLibError

    empty = _Cmap([], [])
    try:
        with TTFont(str(spec.path), lazy=True, fontNumber=spec.index) as font:
            data = font.getTableData("cmap")
    except (TTLibError, *_FONT_ERRORS):
        return empty
    try:
        return _parse_cmap(data) or empty
    except (struct.error, ValueError):
        return empty


def _parse_cmap(data: bytes) -> _Cmap | None:
    _, count = struct.unpack(">HH", data[:4])
    subtables = {}
    for i in range(count):
        platform, encoding, offset = struct.unpack(">HHI", data[4 + 8 * i: 12 + 8 * i])
        subtables[(platform, encoding)] = offset
    # Full-repertoire subtables first (non-BMP characters live only there): fontTools' order.
    for key in ((3, 10), (0, 6), (0, 4), (3, 1), (0, 3), (0, 2), (0, 1), (0, 0)):
        offset = subtables.get(key)
        if offset is None:
            continue
        fmt = struct.unpack(">H", data[offset: offset + 2])[0]
        if fmt == 12:
            n = struct.unpack(">I", data[offset + 12: offset + 16])[0]
            groups = list(struct.iter_unpack(">III", data[offset + 16: offset + 16 + 12 * n]))
            groups.sort()
            return _Cmap([g[0] for g in groups], [g[1] for g in groups])
        if fmt == 4:
            return _format4(data, offset)
    return None


def _format4(data: bytes, offset: int) -> _Cmap:
    seg2 = struct.unpack(">H", data[offset + 6: offset + 8])[0]
    segs = seg2 // 2
    base = offset + 14
    ends = list(struct.unpack(f">{segs}H", data[base: base + seg2]))
    starts_at = base + seg2 + 2
    starts = list(struct.unpack(f">{segs}H", data[starts_at: starts_at + seg2]))
    deltas = struct.unpack(f">{segs}h", data[starts_at + seg2: starts_at + 2 * seg2])
    ro_at = starts_at + 2 * seg2
    range_offsets = struct.unpack(f">{segs}H", data[ro_at: ro_at + seg2])

    def probe(i: int, cp: int) -> bool:
        if cp == 0xFFFF:
            return False
        ro = range_offsets[i]
        if ro == 0:
            return (cp + deltas[i]) & 0xFFFF != 0
        at = ro_at + 2 * i + ro + 2 * (cp - starts[i])
        glyph = struct.unpack(">H", data[at: at + 2])[0] if at + 2 <= len(data) else 0
        return glyph != 0

    return _Cmap(starts, ends, probe)


# ---------------------------------------------------------------------------------------------
# System fonts: listed once per process, coverage read lazily per face.


def _fontconfig_files() -> list[str] | None:
    if not shutil.which("fc-list"):
        return None
    try:
        done = subprocess.run(
            ["fc-list", "--format", "%{file}\n"], capture_output=True, text=True, timeout=20,
            check=False,
        )
    except (OSError, subprocess.SubprocessError):
        return None
    return [line for line in done.stdout.splitlines() if line] if done.returncode == 0 else None


def _scan_files() -> Iterator[str]:
    for root in _SYSTEM_DIRS:
        top = Path(root).expanduser()
        if not top.is_dir():
            continue
        for dirpath, _, names in os.walk(top):
            for name in names:
                if name.lower().endswith(_FONT_SUFFIXES):
                    yield os.path.join(dirpath, name)


_OTHER_STYLES = re.compile(r"italic|oblique|light|thin|black|heavy|medium|semi|extra|mono|math",
                           re.IGNORECASE)


# What kind of face a name says it is. Brush faces first: "Fangsong" contains "song".
_BRUSH = re.compile(r"kai|fangsong|fang song|楷|仿宋|lishu|隶|隸|xingkai|行楷", re.IGNORECASE)
_SANS = re.compile(r"sans|hei|gothic|yahei|jhenghei|pingfang|dotum|gulim|ゴシック|黑|黒",
                   re.IGNORECASE)
_SERIF = re.compile(r"serif|song|ming|sung|mincho|batang|myungjo|宋|明", re.IGNORECASE)

# Rank of each style class for text of a kind: the same kind first, then a face whose name
# says nothing, then the other kind; a brush face (Kai, Fangsong) in a Hei headline looks
# wrong, in Song body text it is the lesser evil.
_KIND_RANK = {
    "serif": {"serif": 0, "unknown": 1, "brush": 2, "sans": 3},
    "sans": {"sans": 0, "unknown": 1, "serif": 2, "brush": 3},
    "bold": {"sans": 0, "unknown": 1, "serif": 2, "brush": 3},
}
# Names of faces with the glyph forms of the article's region, best group first.
_REGIONAL = {"zh-Hant": ((" TC", "TW", "Big5"), (" HK",)), "zh-Hans": ((" SC", "CN", "GB"),)}


def style_class(name: str) -> str:
    """'brush' (Kai, Fangsong), 'sans' (Sans, Hei, Gothic), 'serif' (Serif, Song, Ming,
    Sung, Mincho) or 'unknown', from a face's name. "Sans Serif" is sans."""
    if _BRUSH.search(name):
        return "brush"
    if _SANS.search(name):
        return "sans"
    if _SERIF.search(name):
        return "serif"
    return "unknown"


def _preference(face: Face, language: str, kind: str, family: str = "") -> tuple:
    """Sort key for text of `kind` ('serif', 'sans' or 'bold'): plain styles first, then
    the same kind of face (Hei/Sans for headings, Song/Ming/Serif for body), the wanted
    weight (Bold for 'bold'), the article's own CJK region (TC/Big5 faces for traditional
    text, SC/GB ones for simplified), the primary font's `family` (the first word of its
    family name, e.g. "Noto"), and only then embeddable (TrueType) faces before CFF ones,
    which are converted once per process; path and index keep the order stable."""
    names = f"{face.name} {face.spec.path.stem}"
    regional = _REGIONAL.get(language, _REGIONAL["zh-Hans"])
    region = next((rank for rank, tags in enumerate(regional)
                   if any(tag in names for tag in tags)), len(regional))
    return (
        bool(_OTHER_STYLES.search(names)),
        _KIND_RANK.get(kind, _KIND_RANK["sans"])[style_class(names)],
        ("bold" in names.lower()) != (kind == "bold"),
        region,
        not (family and face.name.lower().startswith(family.lower())),
        not face.embeddable,
        str(face.spec.path),
        face.spec.index,
    )


@functools.cache
def _all_system_faces() -> tuple[Face, ...]:
    files = _fontconfig_files()
    paths = sorted(set(files if files is not None else _scan_files()))
    return tuple(face for path in paths if path.lower().endswith(_FONT_SUFFIXES)
                 for face in read_faces(path))


@functools.cache
def system_faces(language: str = "zh-Hans", kind: str = "sans",
                 family: str = "") -> tuple[Face, ...]:
    """Every readable face on the system (fontconfig if present, else a folder scan),
    best candidates for text of `kind` ('serif', 'sans', 'bold') first (see `_preference`).
    Cached."""
    return tuple(sorted(_all_system_faces(),
                        key=lambda f: _preference(f, language, kind, family)))


# ---------------------------------------------------------------------------------------------
# CFF → TrueType, on the fly, for the few characters no embeddable font has.


_convert_lock = threading.Lock()


@functools.lru_cache(maxsize=64)
def cff_subset_as_truetype(spec: FontSpec, chars: frozenset[str]) -> bytes:
    """A TrueType (quadratic glyf) font holding just `chars` from a CFF face.

    This is how fallback reaches Hangul or rare ideographs on a system whose only CJK fonts are
    the CFF Noto CJK collections: 0.2-1 s once per process and character set, cached.
    """
    from fontTools import subset
    from fontTools.pens.cu2quPen import Cu2QuPen
    from fontTools.pens.ttGlyphPen import TTGlyphPen
    from fontTools.ttLib import TTFont, newTable

    with _convert_lock:  # fontTools objects are not shared, but keep memory bounded
        # recalcTimestamp=False: else `head.modified` is the clock and the PDF bytes differ
        # from run to run.
        font = TTFont(str(spec.path), fontNumber=spec.index, lazy=True, recalcTimestamp=False)
        opts = subset.Options()
        opts.layout_features = []
        opts.name_IDs = ["*"]
        opts.notdef_outline = True
        opts.glyph_names = False
        opts.hinting = False
        opts.drop_tables += ["VORG", "BASE", "GSUB", "GPOS", "GDEF", "DSIG"]
        subsetter = subset.Subsetter(opts)
        subsetter.populate(unicodes={ord(c) for c in chars})
        subsetter.subset(font)
        order = font.getGlyphOrder()
        glyph_set = font.getGlyphSet()
        glyphs = {}
        for name in order:
            pen = TTGlyphPen(None)
            glyph_set[name].draw(Cu2QuPen(pen, 1.0, reverse_direction=True))
            glyphs[name] = pen.glyph()
        font["loca"] = newTable("loca")
        glyf = font["glyf"] = newTable("glyf")
        glyf.glyphOrder = order
        glyf.glyphs = glyphs
        for tag in ("CFF ", "CFF2"):
            if tag in font:
                del font[tag]
        glyf.compile(font)
        maxp = font["maxp"] = newTable("maxp")
        maxp.tableVersion = 0x00010000
        for attr in ("maxTwilightPoints", "maxStorage", "maxFunctionDefs", "maxInstructionDefs",
                     "maxStackElements", "maxSizeOfInstructions", "maxComponentElements"):
            setattr(maxp, attr, 0)
        maxp.maxZones = 1
        post = font["post"]
        post.formatType = 3.0
        post.extraNames = []
        post.mapping = {}
        font["head"].glyphDataFormat = 0
        font.sfntVersion = "\x00\x01\x00\x00"
        out = io.BytesIO()
        font.save(out)
        font.close()
        return out.getvalue()


_located: dict[tuple, dict[str, Face | None]] = {}
_located_lock = threading.Lock()


def locate(
    chars: Iterable[str],
    extra: Sequence[FontSpec] = (),
    *,
    language: str = "zh-Hans",
    system: bool = True,
    kind: str = "sans",
    family: str = "",
) -> dict[str, Face | None]:
    """For each character, the first face that has it: the `extra` fonts in their order, then
    (when `system`) the system's, those suiting `kind` ('serif', 'sans', 'bold'), the
    article's region and the primary font's `family` first (see `_preference`). None when no
    font has it. Answers are cached per process."""
    key = (tuple(extra), language, system and system_fonts_enabled(), kind, family)
    with _located_lock:
        known = _located.setdefault(key, {})
        todo = [c for c in dict.fromkeys(chars) if c not in known]
        if todo:
            candidates: list[Face] = [f for spec in extra for f in read_faces(spec.path)
                                      if f.spec.index == spec.index]
            if key[2]:
                candidates += system_faces(language, kind, family)
            for char in todo:
                known[char] = next((face for face in candidates if face.has(char)), None)
        return {c: known[c] for c in chars}


def fallback_name(spec: FontSpec, chars: frozenset[str] = frozenset()) -> str:
    """A stable font name for a fallback face (and, for converted subsets, its characters)."""
    key = f"{spec}|{''.join(sorted(chars))}".encode("utf-8", "surrogatepass")
    return f"docconv-fb-{hashlib.sha1(key).hexdigest()[:10]}"


def warn_missing(chars: Iterable[str], where: str = "") -> None:
    chars = set(chars)
    if chars:
        warnings.warn(MissingGlyphsWarning(chars, where), stacklevel=3)


def system_fonts_enabled() -> bool:
    return os.environ.get(ENV_NO_SYSTEM, "").lower() not in ("1", "true", "yes") and \
        sys.platform != "emscripten"
