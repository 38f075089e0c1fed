"""PDF: an article set like a page of a Chinese newspaper, fonts embedded as subsets.

Masthead rule and running heads, a bold Hei headline, the dateline, the highlights in a shaded
box, Song body text justified with a two-character indent and proper line breaking
(linebreak), the editor's line, and "第 n 页 / 共 N 页" on every page. Text stays text:
every character is drawn by a font that has it (fontset) and extracts back exactly.

Output is byte-for-byte reproducible: reportlab's invariant mode, with the article's own
publication time written as the document's dates (no date when the article has none).
"""

from __future__ import annotations

import math
import threading
from collections.abc import Sequence
from dataclasses import dataclass, fields
from datetime import datetime, timedelta
from html import escape
from typing import Any, BinaryIO

from reportlab.lib import colors
from reportlab.lib.enums import TA_CENTER, TA_JUSTIFY, TA_LEFT, TA_RIGHT
from reportlab.lib.pagesizes import A4, A5, LETTER
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfbase.pdfdoc import PDFDictionary, PDFInfo, PDFName, PDFString
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import BaseDocTemplate, Flowable, Frame, PageTemplate, Spacer, Table

from ... import __version__
from ... import font_files as fonts
from ...layout import blocks, runs
from ...model import Article
from .. import cjk, headline, metadata, validate
from . import fontset, linebreak
from .linebreak import CJKParagraph

extension = ".pdf"
media_type = "application/pdf"

PAGE_SIZES = {"a4": A4, "a5": A5, "letter": LETTER}
# Left/right margins (mm) by paper; the measure is then trimmed to whole characters.
_MARGINS = {"a4": 20.0, "a5": 13.0, "letter": 20.0}

INK = colors.HexColor("#1a1a1a")
GREY = colors.HexColor("#5c5c5c")
RULE_RED = colors.HexColor("#9b1c1c")  # the red of a Chinese paper's masthead rules
BOX = colors.HexColor("#f4f1ea")  # newsprint-tinted box behind the highlights


@dataclass(frozen=True)
class Options:
    """How the PDF is set. Font options take TrueType files (.ttf, or `file.ttc#index`).

    Checked on creation (an `InvalidOption`, i.e. ValueError and FormatError, names the field);
    numbers and switches may be given as strings ("12", "true")."""

    page_size: str | tuple[float, float] = "A4"  # A4, A5, Letter, (width, height) in points,
    #                                              or "WxH" in points or mm ("148x210mm")
    font_size: float = 10.5  # body text, points (10.5 pt is the 五号 of Chinese papers), 6-30
    line_spacing: float = 1.75  # leading as a multiple of the font size, 1-3
    margin: float | None = None  # left/right margin in mm (default by paper size)
    body_font: str | None = None  # Song/Ming for the body (default: bundled Noto Serif SC/TC)
    heading_font: str | None = None  # Hei for meta line, highlights, running heads
    bold_font: str | None = None  # bold Hei for the headline
    fallback_fonts: tuple[str, ...] = ()  # tried for characters the fonts above lack
    #                                       (a string: comma-separated file names)
    system_fonts: bool = True  # also search the system's fonts for such characters
    running_heads: bool = True  # site and page numbers on every page
    justify: bool = True

    def __post_init__(self) -> None:
        def put(name: str, value: Any) -> None:
            object.__setattr__(self, name, value)

        put("page_size", _page_size(self.page_size))
        put("font_size", validate.as_number(self.font_size, "pdf", "font_size",
                                          *FONT_SIZE_RANGE, "pt"))
        put("line_spacing", validate.as_number(self.line_spacing, "pdf", "line_spacing", 1, 3))
        if validate.is_none(self.margin):
            put("margin", None)
        else:
            put("margin", validate.as_number(self.margin, "pdf", "margin", 0, 1000, "mm"))
        for name in ("system_fonts", "running_heads", "justify"):
            put(name, validate.as_bool(getattr(self, name), "pdf", name))
        for name in ("body_font", "heading_font", "bold_font"):
            put(name, validate.as_path(getattr(self, name), "pdf", name))
        put("fallback_fonts", validate.as_paths(self.fallback_fonts, "pdf", "fallback_fonts"))
        _check_text_block(self)
        for f in fields(self):
            if f.name.endswith("_font") and getattr(self, f.name) is not None:
                fonts.FontSpec.parse(getattr(self, f.name))  # fail early, naming the file


FONT_SIZE_RANGE = (6.0, 30.0)  # points
MIN_TEXT_BLOCK = 40.0  # mm: the narrowest text column (and the lowest text block) allowed
_MAX_PAGE = 14400.0  # points (200 in), the largest page PDF viewers handle
_UNITS = {"mm": mm, "cm": 10 * mm, "in": 72.0, "pt": 1.0}


def _page_size(value: Any) -> str | tuple[float, float]:
    """A known paper name (kept as given), or (width, height) in points from a pair of
    numbers or a "WxH[unit]" / "W,H[unit]" string (unit pt, mm, cm or in; default pt)."""
    if isinstance(value, str):
        text = value.strip().lower().replace(" ", "")
        if text in PAGE_SIZES:
            return value
        unit = next((u for u in _UNITS if text.endswith(u)), "pt")
        parts = text.removesuffix(unit).replace(",", "x").replace("×", "x").split("x")
        try:
            width, height = (float(p) * _UNITS[unit] for p in parts)
        except ValueError:
            raise validate.InvalidOption(
                "pdf", "page_size",
                f"unknown page size {value!r} (use A4, A5, Letter, (width, height) in points "
                "or \"WxH\" such as \"148x210mm\")") from None
    elif isinstance(value, Sequence) and len(value) == 2:
        width, height = (validate.as_number(v, "pdf", "page_size", 1, _MAX_PAGE, "pt")
                         for v in value)
    else:
        raise validate.InvalidOption("pdf", "page_size",
                                 f"unknown page size {value!r} (use A4, A5, Letter or (w, h))")
    for side in (width, height):
        if not (math.isfinite(side) and 0 < side <= _MAX_PAGE):
            raise validate.InvalidOption("pdf", "page_size",
                                     f"page size {value!r} is out of range (1-{_MAX_PAGE:g} pt)")
    return (width, height)


def _check_text_block(options: Options) -> None:
    """The text column must stay at least MIN_TEXT_BLOCK mm wide and hold six characters,
    and the text block on the first page (below the masthead, above the folio) must be at
    least MIN_TEXT_BLOCK mm tall: with less, every article fails with a reportlab LayoutError
    or is set a few characters a line."""
    geo = _geometry(options)
    width_mm, height_mm = geo.width / mm, geo.height / mm
    margin = options.margin if options.margin is not None else _default_margin(options)
    field = "margin" if options.margin is not None else "page_size"
    column = width_mm - 2 * margin
    page = (options.page_size.strip() if isinstance(options.page_size, str)
            else f"a {width_mm:.0f}x{height_mm:.0f} mm page")
    if column < MIN_TEXT_BLOCK:
        most = math.floor((width_mm - MIN_TEXT_BLOCK) / 2)
        hint = (f", so the margin can be at most {most} mm" if most >= 0
                else f": the page must be at least {MIN_TEXT_BLOCK:g} mm wide")
        raise validate.InvalidOption(
            "pdf", field,
            f"a {margin:g} mm margin leaves a text column of {column:.0f} mm on {page}; it "
            f"must stay at least {MIN_TEXT_BLOCK:g} mm wide{hint}")
    if geo.measure > geo.width:
        raise validate.InvalidOption(
            "pdf", "font_size",
            f"{options.font_size:g} pt type needs a column of six characters "
            f"({geo.measure / mm:.0f} mm), wider than {page}")
    # reportlab splits a paragraph only if two of its lines fit (no orphans), and a
    # paragraph that fits on no page is a LayoutError: every frame must hold two lines of
    # the headline and of the body.
    fs = options.font_size
    leading = max(_title_size(fs) * _TITLE_LEADING, fs * options.line_spacing)
    need = max(MIN_TEXT_BLOCK, 2.2 * leading / mm)
    block = (min(geo.top_first, geo.top) - geo.bottom) / mm
    if block < need:
        raise validate.InvalidOption(
            "pdf", field,
            f"{page} with a {margin:g} mm margin and {fs:g} pt type leaves a text block "
            f"{block:.0f} mm tall on the first page; it must be at least {need:.0f} mm "
            "(use a smaller margin, font size or line spacing, or a larger page)")


_TITLE_LEADING = 1.35  # the headline's leading, times its size


def _title_size(font_size: float) -> float:
    """The headline's size: 2.1 times the body's, to the half point."""
    return round(font_size * 2.1 * 2) / 2


def _default_margin(options: Options) -> float:
    if isinstance(options.page_size, str):
        return _MARGINS[options.page_size.strip().lower()]
    return 12.0


# ---------------------------------------------------------------------------------------------
# Geometry and styles


@dataclass(frozen=True)
class _Geometry:
    width: float
    height: float
    left: float  # the text frame
    right: float
    top: float  # frame top on later pages
    top_first: float  # frame top on page 1, below the masthead
    bottom: float
    mast_y: float  # page 1: masthead baseline
    mast_rule_y: float
    head_y: float  # later pages: running-head baseline
    head_rule_y: float
    foot_y: float  # folio baseline
    foot_rule_y: float

    @property
    def measure(self) -> float:
        return self.right - self.left


def _geometry(options: Options) -> _Geometry:
    if isinstance(options.page_size, str):
        width, height = PAGE_SIZES[options.page_size.strip().lower()]
    else:
        width, height = options.page_size
    margin = (options.margin if options.margin is not None else _default_margin(options)) * mm
    fs = options.font_size
    # A whole number of characters per line: pure-Chinese lines then need no spacing at all
    # and sit on a grid, the way newspapers set text.
    chars = max(6, math.floor((width - 2 * margin) / fs))
    measure = chars * fs
    left = (width - measure) / 2
    top = height - max(margin, 12 * mm)
    bottom = max(margin * 0.9, 11 * mm)
    mast_y = top - 1.7 * fs
    mast_rule_y = mast_y - 0.7 * fs
    head_y = top - 0.9 * fs
    head_rule_y = head_y - 0.5 * fs
    foot_rule_y = bottom + 1.4 * fs
    if not options.running_heads:
        return _Geometry(width, height, left, left + measure, top, top, bottom,
                         mast_y, mast_rule_y, head_y, head_rule_y, bottom, foot_rule_y)
    return _Geometry(
        width=width, height=height, left=left, right=left + measure,
        top=head_rule_y - 1.5 * fs, top_first=mast_rule_y - 1.5 * fs,
        bottom=foot_rule_y + 1.2 * fs, mast_y=mast_y, mast_rule_y=mast_rule_y,
        head_y=head_y, head_rule_y=head_rule_y, foot_y=bottom, foot_rule_y=foot_rule_y,
    )


@dataclass(frozen=True)
class _Styles:
    title: ParagraphStyle
    subtitle: ParagraphStyle
    meta: ParagraphStyle
    label: ParagraphStyle
    highlight: ParagraphStyle
    body: ParagraphStyle
    editor: ParagraphStyle
    heading: ParagraphStyle
    caption: ParagraphStyle
    quote: ParagraphStyle
    link: ParagraphStyle
    mast: ParagraphStyle
    head: ParagraphStyle
    head_right: ParagraphStyle
    folio: ParagraphStyle


def _styles(options: Options, fs_: fontset.FontSet, measure: float) -> _Styles:
    fs = options.font_size
    body_align = TA_JUSTIFY if options.justify else TA_LEFT
    # One closing mark may hang (and is squeezed back) only in wide justified lines.
    hang = fs if options.justify and measure >= 12 * fs else 0.0

    def style(name: str, font: str, size: float, leading: float, **kw: Any) -> ParagraphStyle:
        kw.setdefault("textColor", INK)
        return ParagraphStyle(
            name, fontName=font, fontSize=size, leading=leading, wordWrap="CJK",
            bulletFontName=font, **kw,
        )

    title_size = _title_size(fs)
    return _Styles(
        title=style("title", fs_.bold, title_size, title_size * _TITLE_LEADING,
                    alignment=TA_CENTER,
                    spaceAfter=fs * 0.5),
        subtitle=style("subtitle", fs_.heading, fs * 1.25, fs * 1.9, alignment=TA_CENTER,
                       textColor=GREY, spaceAfter=fs * 0.3),
        meta=style("meta", fs_.heading, fs * 0.86, fs * 1.5, alignment=TA_CENTER,
                   textColor=GREY),
        label=style("label", fs_.bold, fs * 0.9, fs * 1.5, textColor=RULE_RED),
        highlight=style("highlight", fs_.heading, fs * 0.95, fs * 0.95 * 1.7,
                        alignment=body_align, leftIndent=fs * 1.25, bulletIndent=0,
                        bulletFontSize=fs * 0.7, bulletColor=RULE_RED, spaceAfter=fs * 0.25,
                        hangingPunctuation=hang * 0.95),
        body=style("body", fs_.body, fs, fs * options.line_spacing, alignment=body_align,
                   firstLineIndent=2 * fs, hangingPunctuation=hang),
        editor=style("editor", fs_.heading, fs * 0.9, fs * 1.6, alignment=TA_RIGHT,
                     textColor=GREY, spaceBefore=fs * 0.8),
        heading=style("heading", fs_.bold, fs * 1.1, fs * 1.7, alignment=TA_LEFT,
                      spaceBefore=fs * 0.8, spaceAfter=fs * 0.3, keepWithNext=1),
        caption=style("caption", fs_.heading, fs * 0.82, fs * 1.4, alignment=TA_CENTER,
                      textColor=GREY, spaceBefore=fs * 0.2, spaceAfter=fs * 0.6),
        quote=style("quote", fs_.body, fs * 0.95, fs * 0.95 * options.line_spacing,
                    alignment=body_align, leftIndent=2 * fs, rightIndent=fs,
                    spaceBefore=fs * 0.3, spaceAfter=fs * 0.3, textColor=GREY,
                    hangingPunctuation=hang * 0.95),
        link=style("link", fs_.heading, fs * 0.8, fs * 1.3, alignment=TA_RIGHT,
                   textColor=GREY, spaceBefore=fs * 0.3),
        mast=style("mast", fs_.bold, fs * 2.0, fs * 2.4, textColor=RULE_RED),
        head=style("head", fs_.bold, fs * 0.9, fs * 1.2, textColor=RULE_RED),
        head_right=style("head_right", fs_.heading, fs * 0.8, fs * 1.2, alignment=TA_RIGHT,
                         textColor=GREY),
        folio=style("folio", fs_.heading, fs * 0.8, fs * 1.2, alignment=TA_CENTER,
                    textColor=GREY),
    )


# ---------------------------------------------------------------------------------------------
# Document furniture


class _Outline(Flowable):
    """Zero-size marker: the bookmark and outline entry for the headline."""

    def __init__(self, title: str) -> None:
        super().__init__()
        self.title = title
        self.width = self.height = 0

    def wrap(self, availWidth: float, availHeight: float) -> tuple[float, float]:  # noqa: N803
        return 0, 0

    def draw(self) -> None:
        self.canv.bookmarkPage("title")
        self.canv.addOutlineEntry(self.title, "title", level=0)


class _Rule(Flowable):
    """A full-measure hairline (or a thick-thin pair) under the dateline."""

    def __init__(self, color: colors.Color, widths: tuple[float, ...], gap: float,
                 space: float) -> None:
        super().__init__()
        self.color, self.widths, self.gap, self.space = color, widths, gap, space

    def wrap(self, availWidth: float, availHeight: float) -> tuple[float, float]:  # noqa: N803
        self.width = availWidth
        drawn = sum(self.widths) + self.gap * (len(self.widths) - 1)
        return availWidth, drawn + 2 * self.space

    def draw(self) -> None:
        c = self.canv
        c.setStrokeColor(self.color)
        y = self.space + sum(self.widths) + self.gap * (len(self.widths) - 1)
        for w in self.widths:
            y -= w / 2
            c.setLineWidth(w)
            c.line(0, y, self.width, y)
            y -= w / 2 + self.gap


class _Info(PDFInfo):
    """The Info dictionary with the article's own dates (or none), not the build time."""

    when: datetime | None = None

    def format(self, document: Any) -> bytes:
        info: dict[str, Any] = {
            "Title": PDFString(self.title),
            "Author": PDFString(self.author),
            "Subject": PDFString(self.subject),
            "Keywords": PDFString(self.keywords),
            "Creator": PDFString(self.creator),
            "Producer": PDFString(self.producer),
            "Trapped": PDFName(self.trapped),
        }
        if self.when is not None:
            when = metadata.whole_minute_offset(self.when)  # a PDF date's offset has no seconds
            minutes = int((when.utcoffset() or timedelta(0)).total_seconds() // 60)
            sign = "+" if minutes >= 0 else "-"
            stamp = (f"D:{when:%Y%m%d%H%M%S}{sign}{abs(minutes) // 60:02d}'"
                     f"{abs(minutes) % 60:02d}'")
            info["CreationDate"] = info["ModDate"] = PDFString(stamp)
        return PDFDictionary(info).format(document)  # type: ignore[no-any-return]


class _Canvas(Canvas):
    """A canvas that writes the folio ("第 n 页 / 共 N 页") once the page count is known.

    Each page calls a form `folio-n` that is defined in `save()`; PDF allows the forward
    reference, and it avoids laying the document out twice.
    """

    def __init__(self, *args: Any, published: datetime | None = None, folio: Any = None,
                 **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        info = _Info()
        info.__dict__.update(self._doc.info.__dict__)
        info.when = published
        self._doc.info = info
        self._folio = folio

    def save(self) -> None:
        if len(self._code):
            self.showPage()
        total = self._doc.pageCounter - 1
        if self._folio is not None:
            for n in range(1, total + 1):
                self.beginForm(f"folio{n}")
                self._folio(self, n, total)
                self.endForm()
        super().save()


# ---------------------------------------------------------------------------------------------
# The writer


_setup_lock = threading.Lock()
_ready = False


def _setup() -> None:
    global _ready
    with _setup_lock:
        if not _ready:
            linebreak.install()
            _ready = True


def write(article: Article, out: BinaryIO, options: Options) -> None:
    _setup()
    font_set = fontset.font_set(
        options.body_font, options.heading_font, options.bold_font, options.fallback_fonts,
        language=article.language, system=options.system_fonts,
    )
    geo = _geometry(options)
    styles = _styles(options, font_set, geo.measure)
    # reportlab has no bidi algorithm: the controls would only be boxes (and warnings) here
    info = metadata.for_metadata(article)
    title = cjk.display_title(info)

    def para(text: str, style: ParagraphStyle, font: str, **kw: Any) -> CJKParagraph:
        return CJKParagraph(font_set.markup(text, font), style, **kw)

    title_style = _balanced(title, styles.title, font_set.bold, geo.measure)
    story: list[Flowable] = []
    ruled = False
    body_styles = {"paragraph": (styles.body, font_set.body),
                   "heading": (styles.heading, font_set.bold),
                   "caption": (styles.caption, font_set.heading),
                   "quote": (styles.quote, font_set.body)}
    for block in blocks(article):
        kind = block.kind
        if not ruled and kind not in ("site", "title", "subtitle", "meta"):
            story.append(_Rule(GREY, (0.4,), 0, options.font_size * 0.5))
            ruled = True
        if kind == "title":
            story += [_Outline(title), para(title, title_style, font_set.bold)]
        elif kind == "subtitle":
            story.append(para(block.text, styles.subtitle, font_set.heading))
        elif kind == "meta":
            # No-break spaces: reportlab collapses runs of ordinary or ideographic spaces.
            story.append(para("\u00a0\u00a0\u00a0\u00a0".join(cjk.meta_parts(article)),
                              styles.meta, font_set.heading))
        elif kind == "highlights":
            story.append(_highlights(article, styles, font_set, geo.measure))
            story.append(Spacer(1, options.font_size * 0.6))
        elif kind in body_styles:
            style, font = body_styles[kind]
            if block.links:  # link annotations over the linked words
                story.append(CJKParagraph("".join(
                    f'<a href="{escape(url, quote=True)}">{font_set.markup(words, font)}</a>'
                    if url else font_set.markup(words, font)
                    for words, url in runs(block.text, block.links)), style))
            else:
                story.append(para(block.text, style, font))
        elif kind == "editor":
            story.append(para(f"（{cjk.editor_line(article)}）", styles.editor, font_set.heading))
        elif kind == "link":
            # A link annotation over the printed address (layout let only http(s) through).
            label = font_set.markup(f"{cjk.label(article, 'link')}：", font_set.heading)
            address = font_set.markup(block.text, font_set.heading)
            story.append(CJKParagraph(f'{label}<a href="{escape(block.text, quote=True)}">'
                                      f"{address}</a>", styles.link))
        # the site is the masthead and running head, drawn on the page (below)
    if not ruled:
        story.append(_Rule(GREY, (0.4,), 0, options.font_size * 0.5))

    heads = _running_heads(article, title, styles, font_set, geo) if options.running_heads \
        else None

    def frame(top: float) -> Frame:
        return Frame(geo.left, geo.bottom, geo.measure, top - geo.bottom, id="body",
                     leftPadding=0, rightPadding=0, topPadding=0, bottomPadding=0)

    doc = BaseDocTemplate(
        out, pagesize=(geo.width, geo.height),
        pageTemplates=[
            PageTemplate(id="first", frames=[frame(geo.top_first)], autoNextPageTemplate="later",
                         onPage=heads[0] if heads else _no_op),
            PageTemplate(id="later", frames=[frame(geo.top)],
                         onPage=heads[1] if heads else _no_op),
        ],
        title=title, author="、".join(info.authors) or (info.source or ""),
        subject=metadata.description(info, default=""),
        keywords=[k for k in (info.site, info.source) if k],
        creator=f"docconv {__version__}", lang=article.lang_tag, invariant=1,
        initialFontName=font_set.body, initialFontSize=options.font_size,
        displayDocTitle=True, leftMargin=geo.left, rightMargin=geo.width - geo.right,
        topMargin=geo.height - geo.top, bottomMargin=geo.bottom,
    )

    def canvas(*args: Any, **kwargs: Any) -> _Canvas:
        c = _Canvas(*args, published=article.published,
                    folio=heads[2] if heads else None, **kwargs)
        c.showOutline()
        return c

    with linebreak.building():
        doc.build(story, canvasmaker=canvas)
    if font_set.missing:
        fonts.warn_missing(font_set.missing, where=title[:40])


def _balanced(text: str, style: ParagraphStyle, font: str, measure: float) -> ParagraphStyle:
    """A headline that needs two lines or more breaks only between words (headline) and
    gets lines of similar length (as papers set them) instead of a full line and a stub:
    the narrowest measure that needs no more lines."""
    size = style.fontSize
    if linebreak.count_lines(text, font, size, measure)[0] < 2:
        return style
    breaks = headline.break_positions(text)
    best = linebreak.count_lines(text, font, size, measure, breaks)
    high = measure
    low = sum(linebreak._text_widths(text, font, size)) / best[0]
    for _ in range(12):
        mid = (low + high) / 2
        count, worse = linebreak.count_lines(text, font, size, mid, breaks)
        if count > best[0] or worse > best[1]:
            low = mid
        else:
            high = mid
    indent = max(0.0, (measure - high) / 2 - 0.5)
    return ParagraphStyle(f"{style.name}-balanced", parent=style, leftIndent=indent,
                          rightIndent=indent, breakAt=headline.break_positions)


def _no_op(canvas: Canvas, doc: Any) -> None:
    return None


def _highlights(article: Article, styles: _Styles, font_set: fontset.FontSet,
                measure: float) -> Table:
    rows = [[CJKParagraph(font_set.markup(cjk.label(article, "highlights"), font_set.bold),
                          styles.label)]]
    rows += [[CJKParagraph(font_set.markup(text, font_set.heading), styles.highlight,
                           bulletText="■")] for text in article.highlights]
    pad = styles.body.fontSize
    table = Table(rows, colWidths=[measure], splitInRow=1, style=[
        ("FONTNAME", (0, 0), (-1, -1), font_set.heading),  # else cells name Helvetica
        ("BACKGROUND", (0, 0), (-1, -1), BOX),
        ("LINEABOVE", (0, 0), (-1, 0), 1.2, RULE_RED),
        ("LINEBELOW", (0, -1), (-1, -1), 0.5, RULE_RED),
        ("LEFTPADDING", (0, 0), (-1, -1), pad),
        ("RIGHTPADDING", (0, 0), (-1, -1), pad),
        ("TOPPADDING", (0, 0), (-1, -1), 0),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 0),
        ("TOPPADDING", (0, 0), (-1, 0), pad * 0.5),
        ("BOTTOMPADDING", (0, -1), (-1, -1), pad * 0.5),
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
    ])
    table.hAlign = "LEFT"
    return table


def _one_line(text: str, style: ParagraphStyle, font: str, font_set: fontset.FontSet,
              width: float, *, truncate: bool = False) -> CJKParagraph | None:
    """A single-line paragraph that fits `width`: cut with "…" (`truncate`) or set smaller."""
    if not text:
        return None
    size = style.fontSize
    if stringWidth(text, font, size) > width:
        if truncate:
            while len(text) > 1 and stringWidth(text + "…", font, size) > width:
                text = text[:-1]
            text += "…"
        else:
            scale = max(0.4, width / stringWidth(text, font, size) * 0.98)
            style = ParagraphStyle(f"{style.name}-fit", parent=style, fontSize=size * scale,
                                   leading=style.leading * scale)
    return CJKParagraph(font_set.markup(text, font), style)


def _draw_line(canvas: Canvas, p: CJKParagraph | None, x: float, baseline: float,
               width: float) -> None:
    if p is not None:
        p.wrapOn(canvas, width, 1000)
        # drawOn takes the box's bottom; the first baseline is one font size below its top
        p.drawOn(canvas, x, baseline - p.height + p.style.fontSize)


def _running_heads(article: Article, title: str, styles: _Styles,
                   font_set: fontset.FontSet, geo: _Geometry) -> tuple[Any, Any, Any]:
    """The page decoration: onPage for page 1 (masthead), onPage for the others (running
    head), and the folio drawer for the foot of every page. The paragraphs are built once."""
    site = article.site or article.source or ""
    date = ""
    if article.published:
        date = cjk.format_date(article.published).split(" ")[0]
        date += "\u3000星期" + "一二三四五六日"[article.published.weekday()]
    half = geo.measure / 2
    gutter = styles.body.fontSize
    mast = _one_line(site, styles.mast, font_set.bold, font_set, geo.measure - 12 * gutter)
    mast_date = _one_line(date, styles.head_right, font_set.heading, font_set, 11 * gutter)
    head_site = _one_line(site, styles.head, font_set.bold, font_set, half - gutter,
                          truncate=True)
    head_title = _one_line(title, styles.head_right, font_set.heading, font_set,
                           half - gutter, truncate=True)
    page_label = cjk.label(article, "page")
    total_label = cjk.label(article, "of")

    def rules(canvas: Canvas, y: float, pair: bool) -> None:
        canvas.setStrokeColor(RULE_RED)
        canvas.setLineWidth(1.8 if pair else 0.5)
        canvas.line(geo.left, y, geo.right, y)
        if pair:  # the thick-thin rule under a paper's masthead
            canvas.setLineWidth(0.5)
            canvas.line(geo.left, y - 3, geo.right, y - 3)

    def first(canvas: Canvas, doc: Any) -> None:
        canvas.saveState()
        _draw_line(canvas, mast, geo.left, geo.mast_y, geo.measure)
        _draw_line(canvas, mast_date, geo.left, geo.mast_y, geo.measure)
        rules(canvas, geo.mast_rule_y, True)
        canvas.doForm(f"folio{canvas.getPageNumber()}")
        canvas.restoreState()

    def later(canvas: Canvas, doc: Any) -> None:
        canvas.saveState()
        _draw_line(canvas, head_site, geo.left, geo.head_y, half)
        _draw_line(canvas, head_title, geo.left + half, geo.head_y, half)
        rules(canvas, geo.head_rule_y, False)
        canvas.doForm(f"folio{canvas.getPageNumber()}")
        canvas.restoreState()

    def folio(canvas: Canvas, n: int, total: int) -> None:
        text = f"{page_label.format(n=n)} / {total_label.format(total=total)}"
        canvas.setStrokeColor(GREY)
        canvas.setLineWidth(0.3)
        canvas.line(geo.left, geo.foot_rule_y, geo.right, geo.foot_rule_y)
        p = _one_line(text, styles.folio, font_set.heading, font_set, geo.measure)
        _draw_line(canvas, p, geo.left, geo.foot_y, geo.measure)

    return first, later, folio
