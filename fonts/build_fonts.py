#!/usr/bin/env python3
"""Rebuild docconv's bundled CJK fonts from the Noto CJK sources (fontTools only).

reportlab embeds only TrueType (``glyf``) outlines, and Noto CJK is published with CFF outlines
only. This script takes the Simplified Chinese (SC) and the Traditional Chinese (TC, Taiwan
glyph forms, centred punctuation) faces of the Noto CJK collections, subsets each to its
"common" character set (see ``requested_codepoints``), converts the cubic CFF outlines to
quadratic TrueType outlines with cu2qu, writes the .ttf files next to this script and then
verifies them: it prints, for every font, how many characters of each set the font covers.

Sources (SIL Open Font License 1.1), Debian 12 "bookworm" package ``fonts-noto-cjk``
version ``1:20220127+repack1-1`` (Noto Sans CJK 2.004, Noto Serif CJK 2.001). Either install it::

    apt-get install fonts-noto-cjk          # files land in /usr/share/fonts/opentype/noto/
    python fonts/build_fonts.py

or fetch it without installing::

    apt-get download fonts-noto-cjk=1:20220127+repack1-1
    dpkg -x fonts-noto-cjk_*_all.deb /tmp/noto-cjk
    python fonts/build_fonts.py --source-dir /tmp/noto-cjk/usr/share/fonts/opentype/noto

The SC and TC faces are found by their names (name ID 4), not by fixed indexes in the
collections.

Character lists vendored in ``fonts/data/`` (see fonts/README.md for where they came from):
``tgscc-8105.txt`` (通用规范汉字表), ``moe-4808.txt`` (常用國字標準字體表), ``hk-glyph-4823.txt``
(常用字字形表, Hong Kong), ``iicore-tw-hk.txt`` (IICore characters with a Taiwan or Hong Kong
source) and ``tc-extra.txt`` (a few more for the TC fonts). GB2312, Big5 level 1, the Big5 ETEN
extension and KS X 1001 Hangul come from Python's codecs. ``--extract-tgscc`` regenerates
``tgscc-8105.txt`` and ``--extract-unihan-tc`` the two Unihan-derived TC lists from Unihan
(Debian ``unicode-data``: /usr/share/unicode/Unihan_*.txt.bz2).
"""

from __future__ import annotations

import argparse
import bz2
import hashlib
import os
import sys
import time
import unicodedata
from collections.abc import Iterable, Iterator, Sequence
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from fontTools import subset
from fontTools.pens.boundsPen import BoundsPen
from fontTools.pens.cu2quPen import Cu2QuPen
from fontTools.pens.ttGlyphPen import TTGlyphPen
from fontTools.ttLib import TTCollection, TTFont, newTable

HERE = Path(__file__).resolve().parent
DATA_DIR = HERE / "data"
DEFAULT_SOURCE_DIR = Path("/usr/share/fonts/opentype/noto")
SOURCE_PACKAGE = "Debian fonts-noto-cjk 1:20220127+repack1-1"

# Largest distance (in font units per 1000 em) between a cubic curve and its quadratic
# approximation. 1/1000 em is far below what print or screen can show.
CU2QU_MAX_ERR_PER_1000 = 1.0


@dataclass(frozen=True)
class FontJob:
    """One output font: which face of which collection it is made from."""

    out_name: str
    ttc_name: str
    face_name: str  # name ID 4 (full name) of the face in the collection
    script: str = "SC"  # which character set: "SC" (simplified) or "TC" (traditional)


JOBS: tuple[FontJob, ...] = (
    FontJob("NotoSerifSC-Regular.ttf", "NotoSerifCJK-Regular.ttc", "Noto Serif CJK SC"),
    FontJob("NotoSansSC-Regular.ttf", "NotoSansCJK-Regular.ttc", "Noto Sans CJK SC"),
    FontJob("NotoSansSC-Bold.ttf", "NotoSansCJK-Bold.ttc", "Noto Sans CJK SC Bold"),
    FontJob("NotoSerifTC-Regular.ttf", "NotoSerifCJK-Regular.ttc", "Noto Serif CJK TC", "TC"),
    FontJob("NotoSansTC-Regular.ttf", "NotoSansCJK-Regular.ttc", "Noto Sans CJK TC", "TC"),
    FontJob("NotoSansTC-Bold.ttf", "NotoSansCJK-Bold.ttc", "Noto Sans CJK TC Bold", "TC"),
)
SCRIPTS = ("SC", "TC")

# Symbols that Chinese news text uses and that must not depend on a block range being complete.
COMMON_SYMBOLS = (
    "■□▪▫●○◎◆◇▲△▼▽▶◀★☆※§¶†‡•·…‥—–―‖"
    "→←↑↓↔↕⇒⇔↗↘↖↙"
    "①②③④⑤⑥⑦⑧⑨⑩⑪⑫⑬⑭⑮⑯⑰⑱⑲⑳"
    "⑴⑵⑶⑷⑸⑹⑺⑻⑼⑽⒈⒉⒊⒋⒌⒍⒎⒏⒐⒑"
    "㈠㈡㈢㈣㈤㈥㈦㈧㈨㈩"
    "ⅠⅡⅢⅣⅤⅥⅦⅧⅨⅩⅪⅫⅰⅱⅲⅳⅴⅵⅶⅷⅸⅹ"
    "℃℉№℡™©®°′″‰€￥¥£¢$￡"
    "±×÷≈≠≡≤≥≦≧∞∴∵√∑∏∠⊥∥∩∪∈∫∮≌∽∝∶∷"
    "㎡㎥㎏㎎㎞㎝㎜㏄"
    "ΑΒΓΔΕΖΗΘΙΚΛΜΝΞΟΠΡΣΤΥΦΧΨΩαβγδεζηθικλμνξοπρστυφχψω"
)


# --------------------------------------------------------------------------------------------
# character sets
# --------------------------------------------------------------------------------------------


def _assigned(first: int, last: int) -> set[int]:
    """Assigned code points in [first, last] (per this Python's Unicode database)."""
    return {cp for cp in range(first, last + 1) if unicodedata.category(chr(cp)) != "Cn"}


def _decode_double_byte(codec: str, leads: Iterable[int], trails: Iterable[int]) -> set[int]:
    trail_bytes = list(trails)
    out: set[int] = set()
    for lead in leads:
        for trail in trail_bytes:
            try:
                text = bytes((lead, trail)).decode(codec)
            except UnicodeDecodeError:
                continue
            if len(text) == 1:
                out.add(ord(text))
    return out


def gb2312_all() -> set[int]:
    """All 7445 GB2312 characters: 682 symbols (rows 1-9) and 6763 hanzi (rows 16-87)."""
    return _decode_double_byte("gb2312", range(0xA1, 0xF8), range(0xA1, 0xFF))


def gb2312_hanzi() -> set[int]:
    return _decode_double_byte("gb2312", range(0xB0, 0xF8), range(0xA1, 0xFF))


def big5_level1() -> set[int]:
    """Big5 level 1 (常用字, 0xA440-0xC67E): 5401 hanzi."""
    out: set[int] = set()
    trails = [*range(0x40, 0x7F), *range(0xA1, 0xFF)]
    for lead in range(0xA4, 0xC7):
        for trail in trails:
            if (lead << 8 | trail) > 0xC67E:
                break
            try:
                out.add(ord(bytes((lead, trail)).decode("big5")))
            except UnicodeDecodeError:
                pass
    return out


def big5_eten_extension() -> set[int]:
    """The 7 hanzi of the ETEN extension in Big5 (cp950 0xF9D6-0xF9DC: 碁銹裏墻恒粧嫺), in every
    Taiwanese Big5 implementation but not in Python's strict "big5" codec."""
    return {ord(bytes((0xF9, trail)).decode("cp950")) for trail in range(0xD6, 0xDD)}


def hangul_ksx1001() -> set[int]:
    """The 2350 precomposed Hangul syllables of KS X 1001 (EUC-KR rows 0xB0-0xC8)."""
    return _decode_double_byte("euc_kr", range(0xB0, 0xC9), range(0xA1, 0xFF))


def read_codepoint_list(path: Path) -> list[int]:
    """Read a vendored list: '#' comments; each line has one ``U+XXXX`` field, maybe the char."""
    out: list[int] = []
    for number, raw in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        line = raw.strip()
        if not line or line.startswith("#"):
            continue
        fields = line.split("\t")
        codes = [f for f in fields if f.startswith("U+")]
        if len(codes) != 1:
            raise ValueError(f"{path}:{number}: expected one U+XXXX field: {raw!r}")
        cp = int(codes[0][2:], 16)
        index = fields.index(codes[0])
        if index + 1 < len(fields) and fields[index + 1] != chr(cp):
            raise ValueError(f"{path}:{number}: {codes[0]} is not {fields[index + 1]!r}")
        out.append(cp)
    if len(set(out)) != len(out):
        raise ValueError(f"{path}: duplicate code points")
    return out


def tgscc_8105() -> set[int]:
    cps = read_codepoint_list(DATA_DIR / "tgscc-8105.txt")
    if len(cps) != 8105:
        raise ValueError(f"tgscc-8105.txt has {len(cps)} characters, expected 8105")
    return set(cps)


def moe_4808() -> set[int]:
    cps = read_codepoint_list(DATA_DIR / "moe-4808.txt")
    if len(cps) != 4808:
        raise ValueError(f"moe-4808.txt has {len(cps)} characters, expected 4808")
    return set(cps)


def hk_glyph_4823() -> set[int]:
    """常用字字形表 (Hong Kong Education Bureau's List of Graphemes of Commonly-Used Chinese
    Characters), as Unihan's kHKGlyph lists it."""
    cps = read_codepoint_list(DATA_DIR / "hk-glyph-4823.txt")
    if len(cps) != 4823:
        raise ValueError(f"hk-glyph-4823.txt has {len(cps)} characters, expected 4823")
    return set(cps)


def iicore_tw_hk() -> set[int]:
    """The IICore (International Ideographic Core) characters with a Taiwan (T) or Hong Kong
    (H) source: Unihan's kIICore. Beyond Big5 level 1 these are the names and Cantonese
    characters of Taiwan and Hong Kong news (瑋 碁 嬅 衞 峇 啲 嘅 咗 喺 嘢 哋 嚟 ...)."""
    cps = read_codepoint_list(DATA_DIR / "iicore-tw-hk.txt")
    if len(cps) != 6825:
        raise ValueError(f"iicore-tw-hk.txt has {len(cps)} characters, expected 6825")
    return set(cps)


def tc_extra() -> set[int]:
    """A few characters for the TC fonts that the lists above lack (or that must stay in
    whatever the lists become): Hong Kong / Taiwan characters seen in the test articles."""
    return set(read_codepoint_list(DATA_DIR / "tc-extra.txt"))


@dataclass(frozen=True)
class CharSet:
    name: str
    codepoints: frozenset[int]
    required: bool  # the build fails verification unless every character is covered


def named_sets(hangul: str, script: str = "SC") -> list[CharSet]:
    """The sets whose coverage is requested and reported for the `script` ("SC" or "TC")
    fonts, in report order.

    Block ranges (full-width forms, General Punctuation, Latin-1) are reported but not required:
    they hold characters that no CJK font has (e.g. U+2028, U+FFF0 area) or that Noto lacks.
    The TC fonts have no simplified-only hanzi and no Hangul: a writer takes those from the SC
    fonts (the SC fonts cover Big5 level 1 and the MOE list too, in mainland forms).
    """
    if script == "SC":
        sets = [
            CharSet("TGSCC 通用规范汉字表 8105", frozenset(tgscc_8105()), True),
            CharSet("GB2312 all (symbols+hanzi)", frozenset(gb2312_all()), True),
            CharSet("GB2312 hanzi", frozenset(gb2312_hanzi()), True),
            CharSet("Big5 level 1", frozenset(big5_level1()), True),
            CharSet("MOE 常用國字 4808", frozenset(moe_4808()), True),
        ]
    elif script == "TC":
        sets = [
            CharSet("Big5 level 1", frozenset(big5_level1()), True),
            CharSet("Big5 ETEN extension 7", frozenset(big5_eten_extension()), True),
            CharSet("MOE 常用國字 4808", frozenset(moe_4808()), True),
            CharSet("HK 常用字字形表 4823", frozenset(hk_glyph_4823()), True),
            CharSet("IICore T/H 6825", frozenset(iicore_tw_hk()), True),
            CharSet("TC extra (tc-extra.txt)", frozenset(tc_extra()), True),
        ]
    else:
        raise ValueError(f"unknown script {script!r}")
    sets += [
        CharSet(
            "kana (3041-30FF, 31F0-31FF)",
            frozenset(_assigned(0x3041, 0x30FF) | _assigned(0x31F0, 0x31FF)),
            True,
        ),
        CharSet("CJK punct U+3000-303F", frozenset(_assigned(0x3000, 0x303F)), True),
        CharSet("full-width forms U+FF00-FFEF", frozenset(_assigned(0xFF00, 0xFFEF)), False),
        CharSet("General Punct U+2000-206F", frozenset(_assigned(0x2000, 0x206F)), False),
        CharSet("ASCII U+0020-007E", frozenset(range(0x20, 0x7F)), True),
        CharSet("Latin-1 U+00A0-00FF", frozenset(range(0xA0, 0x100)), False),
        CharSet("common symbols", frozenset(ord(c) for c in COMMON_SYMBOLS), True),
    ]
    if script == "SC" and hangul in ("all", "ksx1001"):
        sets.append(CharSet("Hangul KS X 1001 2350", frozenset(hangul_ksx1001()), True))
    if script == "SC" and hangul == "all":
        sets.append(CharSet("Hangul syllables 11172", frozenset(range(0xAC00, 0xD7A4)), True))
    return sets


def extra_codepoints() -> set[int]:
    """Requested as well (taken where the source has them), but not reported one by one."""
    ranges = [
        (0x0100, 0x017F),  # Latin Extended-A (names in news text)
        (0x01CD, 0x01DC),  # pinyin letters with caron etc. (ǎ ǐ ǒ ǔ ǖ ǘ ǚ ǜ)
        (0x01F8, 0x01F9),  # Ǹ ǹ
        (0x02C6, 0x02DD),  # spacing modifiers: ˇ ˉ ˊ ˋ ˙
        (0x0391, 0x03C9),  # Greek
        (0x0401, 0x0451),  # Cyrillic (GB2312 has these)
        (0x20A0, 0x20C0),  # currency signs
        (0x2100, 0x218F),  # letterlike symbols, number forms
        (0x2190, 0x21FF),  # arrows
        (0x2200, 0x22FF),  # mathematical operators
        (0x2460, 0x24FF),  # enclosed alphanumerics
        (0x2500, 0x25FF),  # box drawing, block elements, geometric shapes
        (0x2600, 0x26FF),  # miscellaneous symbols (☆ ☎ ♀ ♂ ...)
        (0x3100, 0x312F),  # Bopomofo
        (0x3131, 0x318E),  # Hangul compatibility jamo
        (0x3200, 0x33FF),  # enclosed CJK letters, CJK compatibility (㈱ ㎡ ...)
        (0xFE10, 0xFE1F),  # vertical forms
        (0xFE30, 0xFE4F),  # CJK compatibility forms
        (0xFE50, 0xFE6F),  # small form variants
    ]
    out: set[int] = set()
    for first, last in ranges:
        out |= _assigned(first, last)
    return out


def requested_codepoints(hangul: str, script: str = "SC") -> set[int]:
    out = extra_codepoints()
    for char_set in named_sets(hangul, script):
        out |= char_set.codepoints
    return out


# --------------------------------------------------------------------------------------------
# building
# --------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class BuildResult:
    job: FontJob
    face_index: int
    glyphs: int
    size: int
    seconds_subset: float
    seconds_convert: float
    seconds_save: float
    bounds_checked: int
    max_bounds_delta: float


def find_face(ttc_path: Path, full_name: str) -> int:
    """Index of the face whose full name (name ID 4) is ``full_name``."""
    collection = TTCollection(str(ttc_path), lazy=True)
    try:
        for index, font in enumerate(collection.fonts):
            if font["name"].getDebugName(4) == full_name:
                return index
    finally:
        collection.close()
    raise SystemExit(f"{ttc_path}: no face named {full_name!r}")


def subset_font(font: TTFont, codepoints: set[int]) -> None:
    options = subset.Options()
    options.layout_features = []  # reportlab does no shaping; keeps only cmap-reachable glyphs
    options.name_IDs = ["*"]
    options.name_languages = ["*"]
    options.name_legacy = True
    options.notdef_outline = True
    options.glyph_names = False
    options.hinting = False  # CFF hints mean nothing in glyf
    options.drop_tables += ["VORG"]  # vertical origins are a CFF-only table
    subsetter = subset.Subsetter(options)
    subsetter.populate(unicodes=sorted(codepoints))
    subsetter.subset(font)


def _bounds(glyph_set: Any, name: str) -> tuple[float, float, float, float] | None:
    pen = BoundsPen(glyph_set)
    glyph_set[name].draw(pen)
    bounds: tuple[float, float, float, float] | None = pen.bounds
    return bounds


def cff_to_glyf(font: TTFont, bounds_sample_every: int = 25) -> tuple[int, float]:
    """Replace the CFF table by glyf/loca with quadratic outlines.

    Returns (glyphs whose bounds were compared, largest bounds difference in font units).
    """
    units_per_em = font["head"].unitsPerEm
    max_err = CU2QU_MAX_ERR_PER_1000 * units_per_em / 1000
    glyph_order = font.getGlyphOrder()
    glyph_set = font.getGlyphSet()
    glyphs = {}
    cubic_bounds: dict[str, tuple[float, float, float, float] | None] = {}
    for index, name in enumerate(glyph_order):
        pen = TTGlyphPen(None)
        # CFF contours run counter-clockwise, TrueType ones clockwise: reverse them.
        glyph_set[name].draw(Cu2QuPen(pen, max_err, reverse_direction=True))
        glyphs[name] = pen.glyph()
        if index % bounds_sample_every == 0:
            cubic_bounds[name] = _bounds(glyph_set, name)

    glyf = newTable("glyf")
    glyf.glyphOrder = glyph_order
    glyf.glyphs = glyphs
    font["glyf"] = glyf
    font["loca"] = newTable("loca")
    del font["CFF "]
    hmtx = font["hmtx"]
    for name, glyph in glyphs.items():
        glyph.recalcBounds(glyf)
        left_side_bearing = glyph.xMin if glyph.numberOfContours else 0
        hmtx[name] = (hmtx[name][0], left_side_bearing)

    maxp = newTable("maxp")
    maxp.tableVersion = 0x00010000
    maxp.numGlyphs = len(glyph_order)
    maxp.maxZones = 1
    for attr in (
        "maxPoints",
        "maxContours",
        "maxCompositePoints",
        "maxCompositeContours",
        "maxTwilightPoints",
        "maxStorage",
        "maxFunctionDefs",
        "maxInstructionDefs",
        "maxStackElements",
        "maxSizeOfInstructions",
        "maxComponentElements",
        "maxComponentDepth",
    ):
        setattr(maxp, attr, 0)  # the point/contour maxima are recalculated on save
    font["maxp"] = maxp

    post = font["post"]
    post.formatType = 3.0  # no glyph names: smaller, and nothing here needs them
    post.extraNames = []
    post.mapping = {}

    gasp = newTable("gasp")
    gasp.version = 1
    gasp.gaspRange = {0xFFFF: 0x000A}  # unhinted: grey-scale + symmetric smoothing at all sizes
    font["gasp"] = gasp

    font["head"].glyphDataFormat = 0
    font.sfntVersion = "\x00\x01\x00\x00"

    # Compare the exact curve bounds (not the control-point boxes) of a sample of glyphs.
    worst = 0.0
    for name, cubic in cubic_bounds.items():
        pen = BoundsPen(None)
        glyphs[name].draw(pen, glyf)
        quadratic = pen.bounds
        if cubic is None or quadratic is None:
            if (cubic is None) != (quadratic is None):
                raise RuntimeError(f"glyph {name}: outline lost or invented in conversion")
            continue
        worst = max(worst, *(abs(a - b) for a, b in zip(cubic, quadratic, strict=True)))
    return len(cubic_bounds), worst


def mark_modified(font: TTFont, script: str = "SC") -> None:
    """Say in the name table that this is a Modified Version (OFL), without renaming the family."""
    note = "docconv subset, CFF converted to TrueType outlines"
    name_table = font["name"]
    for record in name_table.names:
        if record.nameID in (3, 5):
            text = record.toUnicode()
            if note not in text:
                name_table.setName(
                    f"{text}; {note}",
                    record.nameID,
                    record.platformID,
                    record.platEncID,
                    record.langID,
                )
    repertoire = (
        "common Chinese, Japanese kana and Korean Hangul characters" if script == "SC"
        else "common traditional Chinese (Taiwan, Hong Kong) characters and Japanese kana"
    )
    description = (
        f"Modified Version of Noto CJK (SIL OFL 1.1) made for docconv: subset to {repertoire}, "
        "and converted from CFF to quadratic TrueType outlines with fontTools cu2qu. "
    )
    original = name_table.getDebugName(10) or ""
    name_table.setName(description + original, 10, 3, 1, 0x409)


def build_one(job: FontJob, source_dir: Path, out_dir: Path, hangul: str) -> BuildResult:
    ttc_path = source_dir / job.ttc_name
    face_index = find_face(ttc_path, job.face_name)
    codepoints = requested_codepoints(hangul, job.script)

    started = time.perf_counter()
    # recalcTimestamp=False keeps head.modified from the source, so rebuilds are byte-identical.
    font = TTFont(str(ttc_path), fontNumber=face_index, lazy=False, recalcTimestamp=False)
    subset_font(font, codepoints)
    subset_done = time.perf_counter()
    checked, worst = cff_to_glyf(font)
    mark_modified(font, job.script)
    convert_done = time.perf_counter()
    out_path = out_dir / job.out_name
    tmp_path = out_path.with_suffix(".tmp")
    font.save(str(tmp_path))
    font.close()
    os.replace(tmp_path, out_path)
    saved = time.perf_counter()
    glyph_count = len(TTFont(str(out_path), lazy=True).getGlyphOrder())
    return BuildResult(
        job=job,
        face_index=face_index,
        glyphs=glyph_count,
        size=out_path.stat().st_size,
        seconds_subset=subset_done - started,
        seconds_convert=convert_done - subset_done,
        seconds_save=saved - convert_done,
        bounds_checked=checked,
        max_bounds_delta=worst,
    )


# --------------------------------------------------------------------------------------------
# verification
# --------------------------------------------------------------------------------------------


def sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def _display_width(text: str) -> int:
    return sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in text)


def _pad(text: str, width: int) -> str:
    """Left-justify for a terminal, counting wide (CJK) characters as two columns."""
    return text + " " * max(0, width - _display_width(text))


def _format_missing(missing: Sequence[int], limit: int = 12) -> str:
    shown = " ".join(f"U+{cp:04X}({chr(cp)})" for cp in missing[:limit])
    more = f" ... +{len(missing) - limit}" if len(missing) > limit else ""
    return shown + more


def _read_text(path: Path) -> str | None:
    data = path.read_bytes()
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return data.decode("utf-16")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        return None


def verify(
    paths: Sequence[Path], hangul: str, text_files: Sequence[Path], script: str = "SC"
) -> bool:
    """Print per-font structure checks and coverage of every set of the `script`'s fonts;
    True if nothing is wrong."""
    ok = True
    sets = named_sets(hangul, script)
    for path in text_files:
        text = _read_text(path)
        if text is None:
            print(f"  skipped {path}: neither UTF-8 nor UTF-16 with a BOM")
            continue
        chars = frozenset(ord(c) for c in text if not c.isspace())
        sets.append(CharSet(f"text: {path.name}", chars, False))
    cmaps: dict[str, dict[int, str]] = {}
    print(f"\n{script} files:")
    for path in paths:
        font = TTFont(str(path), lazy=True)
        problems = []
        if font.sfntVersion != "\x00\x01\x00\x00":
            problems.append("sfnt version is not TrueType")
        if "glyf" not in font or "CFF " in font:
            problems.append("no glyf table, or CFF still present")
        if font["OS/2"].fsType & 0x0002:
            problems.append("fsType forbids embedding")
        cmaps[path.name] = font.getBestCmap()
        glyph_count = len(font.getGlyphOrder())
        print(
            f"  {path.name}: {path.stat().st_size:,} bytes, {glyph_count:,} glyphs, "
            f"{len(cmaps[path.name]):,} code points, sha256 {sha256(path)[:16]}"
            + (f"  PROBLEMS: {', '.join(problems)}" if problems else "")
        )
        ok = ok and not problems
        font.close()

    names = [p.name for p in paths]
    width = max(_display_width(s.name) for s in sets) + 4
    print("\ncoverage (covered/total; * = must be complete):")
    print(" " * width + "".join(f"{n.removesuffix('.ttf'):>24}" for n in names))
    for char_set in sets:
        cells = []
        for name in names:
            covered = sum(1 for cp in char_set.codepoints if cp in cmaps[name])
            cells.append(f"{covered}/{len(char_set.codepoints)}")
        label = char_set.name + (" *" if char_set.required else "")
        print(_pad(label, width) + "".join(f"{c:>24}" for c in cells))
    for name in names:
        for char_set in sets:
            missing = sorted(cp for cp in char_set.codepoints if cp not in cmaps[name])
            if missing:
                print(f"  {name} lacks from {char_set.name}: {_format_missing(missing)}")
                ok = ok and not char_set.required
    return ok


# --------------------------------------------------------------------------------------------
# data helpers
# --------------------------------------------------------------------------------------------


def _open_text(path: Path) -> Iterator[str]:
    if path.suffix == ".bz2":
        with bz2.open(path, "rt", encoding="utf-8") as handle:
            yield from handle
    else:
        with path.open(encoding="utf-8") as handle:
            yield from handle


def extract_tgscc(unihan_other_mappings: Path) -> None:
    """Write data/tgscc-8105.txt from Unihan's kTGH field (serial number in the 2013 table)."""
    entries: list[tuple[int, int]] = []
    version = "?"
    for line in _open_text(unihan_other_mappings):
        if line.lower().startswith("# unicode version"):
            version = line.split()[-1]
        if not line.startswith("U+"):
            continue
        code, field, value = line.rstrip("\n").split("\t")
        if field == "kTGH":
            for item in value.split():
                entries.append((int(item.split(":")[1]), int(code[2:], 16)))
    entries.sort()
    if [n for n, _ in entries] != list(range(1, 8106)):
        raise SystemExit(f"{unihan_other_mappings}: kTGH does not number 1..8105")
    lines = [
        "# 通用规范汉字表 (Table of General Standard Chinese Characters, 2013): 8105 characters,",
        "# in table order. Fields: code point, character, serial number in the table.",
        f"# Extracted from the Unihan database (Unicode {version}), field kTGH, file",
        f"# {unihan_other_mappings.name}, by fonts/build_fonts.py --extract-tgscc.",
        "# Unihan is distributed under the Unicode License: https://www.unicode.org/license.txt",
    ]
    lines += [f"U+{cp:04X}\t{chr(cp)}\t{serial}" for serial, cp in entries]
    (DATA_DIR / "tgscc-8105.txt").write_text("\n".join(lines) + "\n", encoding="utf-8")
    print(f"wrote {DATA_DIR / 'tgscc-8105.txt'} ({len(entries)} characters)")


def _unihan_field(path: Path, key: str) -> tuple[str, dict[int, str]]:
    """(Unicode version, code point → value) of one Unihan field."""
    if not path.exists() and path.with_suffix(path.suffix + ".bz2").exists():
        path = path.with_suffix(path.suffix + ".bz2")
    version = "?"
    values: dict[int, str] = {}
    for line in _open_text(path):
        if line.lower().startswith("# unicode version"):
            version = line.split()[-1]
        if line.startswith("U+"):
            code, field, value = line.rstrip("\n").split("\t")
            if field == key:
                values[int(code[2:], 16)] = value
    return version, values


def extract_unihan_tc(unihan_dir: Path) -> None:
    """Write data/hk-glyph-4823.txt (kHKGlyph) and data/iicore-tw-hk.txt (kIICore with a T or
    H source) from Unihan."""
    licence = "# Unihan is distributed under the Unicode License: https://www.unicode.org/license.txt"
    version, hk = _unihan_field(unihan_dir / "Unihan_DictionaryLikeData.txt", "kHKGlyph")
    if len(hk) != 4823:
        raise SystemExit(f"kHKGlyph has {len(hk)} characters, expected 4823")
    lines = [
        "# 常用字字形表 (Hong Kong Education Bureau, List of Graphemes of Commonly-Used Chinese",
        "# Characters): 4823 characters. Fields: code point, character, kHKGlyph (the serial",
        "# number in the list; variants share one). Sorted by serial number, then code point.",
        f"# Extracted from the Unihan database (Unicode {version}), field kHKGlyph, file",
        "# Unihan_DictionaryLikeData.txt, by fonts/build_fonts.py --extract-unihan-tc.",
        licence,
    ]
    lines += [f"U+{cp:04X}\t{chr(cp)}\t{serial}"
              for cp, serial in sorted(hk.items(), key=lambda kv: (kv[1], kv[0]))]
    (DATA_DIR / "hk-glyph-4823.txt").write_text("\n".join(lines) + "\n", encoding="utf-8")

    version, iicore = _unihan_field(unihan_dir / "Unihan_IRGSources.txt", "kIICore")
    chosen = {cp: v for cp, v in iicore.items() if "T" in v[1:] or "H" in v[1:]}
    if len(chosen) != 6825:
        raise SystemExit(f"kIICore has {len(chosen)} T/H characters, expected 6825")
    lines = [
        "# IICore (International Ideographic Core) characters with a Taiwan (T) or Hong Kong (H)",
        f"# source: {len(chosen)} of the {len(iicore)}. Fields: code point, character, kIICore",
        "# (priority A/B/C, then the sources G H J K M P T). In code point order.",
        f"# Extracted from the Unihan database (Unicode {version}), field kIICore, file",
        "# Unihan_IRGSources.txt, by fonts/build_fonts.py --extract-unihan-tc.",
        licence,
    ]
    lines += [f"U+{cp:04X}\t{chr(cp)}\t{value}" for cp, value in sorted(chosen.items())]
    (DATA_DIR / "iicore-tw-hk.txt").write_text("\n".join(lines) + "\n", encoding="utf-8")
    print(f"wrote {DATA_DIR / 'hk-glyph-4823.txt'} ({len(hk)} characters) and "
          f"{DATA_DIR / 'iicore-tw-hk.txt'} ({len(chosen)} characters)")


# --------------------------------------------------------------------------------------------
# main
# --------------------------------------------------------------------------------------------


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=(__doc__ or "").split("\n\n")[0])
    parser.add_argument(
        "--source-dir",
        type=Path,
        default=DEFAULT_SOURCE_DIR,
        help=f"directory with the Noto CJK .ttc files (default {DEFAULT_SOURCE_DIR})",
    )
    parser.add_argument("--out-dir", type=Path, default=HERE, help="where to write the .ttf files")
    parser.add_argument(
        "--only",
        nargs="+",
        metavar="NAME",
        choices=[j.out_name for j in JOBS],
        help="build only these output files",
    )
    parser.add_argument(
        "--hangul",
        choices=("all", "ksx1001", "none"),
        default="ksx1001",
        help="Hangul syllables to include: all 11172, the 2350 of KS X 1001 (default), or none",
    )
    parser.add_argument(
        "--jobs",
        type=int,
        default=1,
        help="fonts built in parallel (each worker needs about 250 MB of memory)",
    )
    parser.add_argument("--verify-only", action="store_true", help="skip the build, only verify")
    parser.add_argument(
        "--check-text",
        nargs="*",
        type=Path,
        default=[],
        metavar="FILE",
        help="also report coverage of the characters in these text files (UTF-8/UTF-16)",
    )
    parser.add_argument(
        "--extract-tgscc",
        type=Path,
        metavar="UNIHAN_OTHERMAPPINGS",
        help="regenerate data/tgscc-8105.txt from Unihan_OtherMappings.txt[.bz2]",
    )
    parser.add_argument(
        "--extract-unihan-tc",
        type=Path,
        metavar="UNIHAN_DIR",
        help="regenerate data/hk-glyph-4823.txt and data/iicore-tw-hk.txt from the Unihan "
        "files in UNIHAN_DIR (Unihan_DictionaryLikeData.txt[.bz2], Unihan_IRGSources.txt[.bz2])",
    )
    args = parser.parse_args(argv)

    if args.extract_tgscc:
        extract_tgscc(args.extract_tgscc)
        return 0
    if args.extract_unihan_tc:
        extract_unihan_tc(args.extract_unihan_tc)
        return 0

    jobs = [j for j in JOBS if not args.only or j.out_name in args.only]
    args.out_dir.mkdir(parents=True, exist_ok=True)
    if not args.verify_only:
        print(f"source: {SOURCE_PACKAGE}, {args.source_dir}")
        for script in SCRIPTS:
            print(
                f"{script}: requesting {len(requested_codepoints(args.hangul, script)):,} "
                f"code points" + (f" (Hangul: {args.hangul})" if script == "SC" else "")
            )
        started = time.perf_counter()
        with ProcessPoolExecutor(max_workers=max(1, args.jobs)) as pool:
            futures = [
                pool.submit(build_one, job, args.source_dir, args.out_dir, args.hangul)
                for job in jobs
            ]
            for future in futures:
                r = future.result()
                print(
                    f"built {r.job.out_name} from {r.job.ttc_name} face {r.face_index} "
                    f"({r.job.face_name}): {r.glyphs:,} glyphs, {r.size:,} bytes; "
                    f"subset {r.seconds_subset:.1f} s, convert {r.seconds_convert:.1f} s, "
                    f"save {r.seconds_save:.1f} s; bounds of {r.bounds_checked} sampled glyphs "
                    f"within {r.max_bounds_delta:.2f} units of the CFF outlines",
                    flush=True,
                )
        print(f"build time: {time.perf_counter() - started:.1f} s")

    ok = True
    for script in SCRIPTS:
        paths = [args.out_dir / j.out_name for j in jobs if j.script == script]
        if paths:
            ok = verify(paths, args.hangul, args.check_text, script) and ok
    print("\nverification:", "OK" if ok else "FAILED")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
