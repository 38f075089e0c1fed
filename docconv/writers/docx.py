"""DOCX writer (python-docx): named paragraph styles, Chinese fonts done right, stable bytes.

python-docx's default template is American-Japanese: theme fonts everywhere, `themeFontLang`
eastAsia="ja-JP" (Word then renders Chinese in MS Mincho, python-docx issue #1601), a 2013
timestamp, a thumbnail of an empty page. We patch it once per process and font/page choice
(`_template`), keep the bytes, and open a fresh copy per article, which is much cheaper than
patching every document.
"""

from __future__ import annotations

import io
import re
import zipfile
from dataclasses import dataclass
from datetime import timezone
from functools import lru_cache
from typing import Any, BinaryIO

import docx
from docx.oxml import parse_xml
from docx.oxml.ns import nsdecls, qn
from docx.shared import Twips
from lxml import etree

from ..layout import blocks
from ..model import Article
from .cjk import display_title, editor_line, label, meta_parts
from .metadata import clip, for_metadata
from .validate import InvalidOption, as_name
from .zipped import zip_entry

extension = ".docx"
media_type = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"

# East Asian font defaults per script: the fonts Word on Chinese / Taiwanese Windows uses
# (宋体/黑体, 新細明體/微軟正黑體), under their English family names, which Windows matches and
# fontconfig knows ("SimSun" is a serif face to fontconfig, "宋体" is not). The glyph forms
# (mainland vs Taiwan vs Japan) follow the w:lang we set, not the font name.
# fontconfig aliases SimSun to serif but not PMingLiU, and LibreOffice's substitution ignores
# what the file says about a font (fontTable altName, panose, family; a list in w:rFonts), so
# on Linux zh-Hant body text comes out in a Hei face. Naming SimSun for traditional text would
# suit LibreOffice and not Word in Taiwan; the reader's fix is one fontconfig rule, placed
# before the system configuration:
#   <alias><family>PMingLiU</family><default><family>serif</family></default></alias>
_EA_DEFAULTS = {
    "zh-Hans": ("SimSun", "SimHei"),
    "zh-Hant": ("PMingLiU", "Microsoft JhengHei"),
}

# Page sizes in twips (1/1440 in) with margins (top/bottom, left/right) as Word uses them in
# China: 2.54 cm and 3.18 cm on A4.
_PAGES: dict[str, tuple[int, int, int, int]] = {
    "A4": (11906, 16838, 1440, 1800),
    "A5": (8391, 11906, 1134, 1134),
    "B5": (9979, 14175, 1247, 1418),
    "16K": (10433, 14742, 1247, 1418),  # 184 × 260 mm, the Chinese book/magazine size
    "LETTER": (12240, 15840, 1440, 1800),
}


@dataclass(frozen=True)
class Options:
    """Fonts are names as the reader's word processor knows them; None means the default for
    the article's script (SimSun/SimHei for simplified, PMingLiU/Microsoft JhengHei for
    traditional)."""

    body_font: str | None = None  # East Asian body font (Song/Ming)
    heading_font: str | None = None  # East Asian heading font (Hei)
    latin_body_font: str = "Times New Roman"
    latin_heading_font: str = "Arial"
    page_size: str = "A4"  # A4, A5, B5, 16K or Letter

    def __post_init__(self) -> None:
        # Checked here, so a bad value is an InvalidOption (ValueError and FormatError) naming
        # the field, not a crash halfway through the first article.
        known = ", ".join(k.title() if k == "LETTER" else k for k in _PAGES)
        if not isinstance(self.page_size, str) or self.page_size.strip().upper() not in _PAGES:
            raise InvalidOption("docx", "page_size",
                              f"unknown page size {self.page_size!r} (known: {known})")
        object.__setattr__(self, "page_size", self.page_size.strip())
        for name in ("body_font", "heading_font", "latin_body_font", "latin_heading_font"):
            object.__setattr__(self, name, as_name(getattr(self, name), "docx", name,
                                                   optional=name in ("body_font",
                                                                     "heading_font")))


# Style ids and names; the names are what a Word user sees in the style gallery.
TITLE, SUBTITLE, META, HIGHLIGHT, BODY, EDITOR = (
    "ArticleTitle", "ArticleSubtitle", "ArticleMeta", "ArticleHighlight", "ArticleBody",
    "ArticleEditor",
)
HEADING, CAPTION, QUOTE, LINK = "ArticleHeading", "ArticleCaption", "ArticleQuote", "ArticleLink"
HIGHLIGHT_LABEL = "ArticleHighlightLabel"
STYLE_NAMES = {
    TITLE: "Article Title",
    SUBTITLE: "Article Subtitle",
    META: "Article Meta",
    HIGHLIGHT: "Article Highlight",
    HIGHLIGHT_LABEL: "Article Highlight Label",
    BODY: "Article Body",
    EDITOR: "Article Editor",
    HEADING: "Article Heading",
    CAPTION: "Article Caption",
    QUOTE: "Article Quote",
    LINK: "Article Link",
}
# The style of each body block kind (layout.blocks).
BLOCK_STYLES = {"paragraph": BODY, "heading": HEADING, "caption": CAPTION, "quote": QUOTE}

_THEME_ATTRS = tuple(qn(f"w:{a}") for a in ("asciiTheme", "hAnsiTheme", "eastAsiaTheme", "cstheme"))
_FIXED_ZIP_TIME = (1980, 1, 1, 0, 0, 0)  # the zip format's epoch: no clock in the output
_BULLET = "■"

# Font table entries as Word writes them, so a reader without the font gets a sensible
# substitute: the other name (English ↔ Chinese), panose, Windows charset (86 = GB2312,
# 88 = Big5), family (roman = serif) and pitch.
_FONT_INFO = (
    ("SimSun", "宋体", "02010600030101010101", "86", "auto", "variable"),
    ("SimHei", "黑体", "02010609060101010101", "86", "modern", "fixed"),
    ("PMingLiU", "新細明體", "02020500000000000000", "88", "roman", "variable"),
    ("Microsoft JhengHei", "微軟正黑體", "020B0604030504040204", "88", "swiss", "variable"),
)
_FONT_TABLE = {
    **{en: (zh, *rest) for en, zh, *rest in _FONT_INFO},
    **{zh: (en, *rest) for en, zh, *rest in _FONT_INFO},
}


# ---------------------------------------------------------------- the template, once per process


@dataclass(frozen=True)
class _Fonts:
    body: str
    heading: str
    latin_body: str
    latin_heading: str
    lang: str  # zh-CN / zh-TW


def _fonts_for(article: Article, options: Options) -> _Fonts:
    body, heading = _EA_DEFAULTS.get(article.language, _EA_DEFAULTS["zh-Hans"])
    return _Fonts(
        body=(options.body_font or body).strip(),
        heading=(options.heading_font or heading).strip(),
        latin_body=options.latin_body_font.strip(),
        latin_heading=options.latin_heading_font.strip(),
        lang=article.lang_tag,
    )


def _set_fonts(rPr: Any, latin: str, east_asian: str, lang: str | None = None) -> None:
    """Name the fonts explicitly. Theme attributes would win over names, so they go."""
    rFonts = rPr.find(qn("w:rFonts"))
    if rFonts is None:
        rFonts = parse_xml(f"<w:rFonts {nsdecls('w')}/>")
        rPr.insert(0, rFonts)
    for attr in _THEME_ATTRS:
        rFonts.attrib.pop(attr, None)
    for attr, value in (("ascii", latin), ("hAnsi", latin), ("eastAsia", east_asian),
                        ("cs", latin)):
        rFonts.set(qn(f"w:{attr}"), value)
    # Quotes, dashes and ■ are shared by Latin and CJK; the hint gives them the CJK font.
    rFonts.set(qn("w:hint"), "eastAsia")
    if lang is not None:
        lang_el = rPr.find(qn("w:lang"))
        if lang_el is None:
            lang_el = parse_xml(f"<w:lang {nsdecls('w')}/>")
            rPr.append(lang_el)  # w:lang sits late in CT_RPr; docDefaults has little after it
        lang_el.set(qn("w:val"), "en-US")
        lang_el.set(qn("w:eastAsia"), lang)


def _style_xml(fonts: _Fonts, bullet_num_id: int) -> str:
    """The article styles. Twips: 20 per point; sizes in half-points."""
    def rfonts(heading: bool) -> str:
        latin = fonts.latin_heading if heading else fonts.latin_body
        ea = fonts.heading if heading else fonts.body
        return (f'<w:rFonts w:ascii="{_attr(latin)}" w:hAnsi="{_attr(latin)}" '
                f'w:eastAsia="{_attr(ea)}" w:cs="{_attr(latin)}" w:hint="eastAsia"/>')

    def style(sid: str, based_on: str, next_id: str, ppr: str, rpr: str,
              priority: int) -> str:
        return (
            f'<w:style {nsdecls("w")} w:type="paragraph" w:customStyle="1" w:styleId="{sid}">'
            f'<w:name w:val="{STYLE_NAMES[sid]}"/><w:basedOn w:val="{based_on}"/>'
            f'<w:next w:val="{next_id}"/><w:uiPriority w:val="{priority}"/><w:qFormat/>'
            f"<w:pPr>{ppr}</w:pPr><w:rPr>{rpr}</w:rPr></w:style>"
        )

    no_border = ('<w:pBdr><w:top w:val="nil"/><w:left w:val="nil"/><w:bottom w:val="nil"/>'
                 '<w:right w:val="nil"/></w:pBdr>')
    grey = '<w:color w:val="595959"/>'
    return "".join((
        # Title: the built-in Title (so Word treats it as the document title) made a real
        # outline level 0, so it shows in the navigation pane and in PDF bookmarks.
        style(TITLE, "Title", META,
              f'<w:keepNext/><w:keepLines/>{no_border}'
              '<w:spacing w:before="240" w:after="240" w:line="276" w:lineRule="auto"/>'
              '<w:contextualSpacing w:val="0"/><w:jc w:val="center"/><w:outlineLvl w:val="0"/>',
              f'{rfonts(True)}<w:b/><w:bCs/><w:color w:val="000000"/><w:spacing w:val="0"/>'
              '<w:kern w:val="28"/><w:sz w:val="36"/><w:szCs w:val="36"/>', 10),
        style(SUBTITLE, "Subtitle", META,
              '<w:keepNext/><w:keepLines/><w:numPr><w:ilvl w:val="0"/><w:numId w:val="0"/>'
              '</w:numPr><w:spacing w:before="0" w:after="240"/><w:jc w:val="center"/>',
              f'{rfonts(True)}<w:i w:val="0"/><w:iCs w:val="0"/><w:color w:val="404040"/>'
              '<w:spacing w:val="0"/><w:sz w:val="28"/><w:szCs w:val="28"/>', 11),
        style(META, "Normal", BODY,
              '<w:keepNext/><w:spacing w:before="0" w:after="360" w:line="240" '
              'w:lineRule="auto"/><w:jc w:val="center"/>',
              f'{rfonts(False)}{grey}<w:sz w:val="18"/><w:szCs w:val="18"/>', 12),
        # The highlights box's label (要点), as in the PDF: red, bold, in the box.
        style(HIGHLIGHT_LABEL, "Normal", HIGHLIGHT,
              '<w:keepNext/><w:keepLines/><w:pBdr><w:left w:val="single" w:sz="24" '
              'w:space="8" w:color="A50021"/></w:pBdr><w:shd w:val="clear" w:color="auto" '
              'w:fill="F2F2F2"/><w:spacing w:before="120" w:after="0"/>'
              '<w:ind w:left="210"/><w:contextualSpacing/>',
              f'{rfonts(True)}<w:b/><w:bCs/><w:color w:val="A50021"/><w:sz w:val="19"/>'
              '<w:szCs w:val="19"/>', 13),
        # Highlights (the ■ lines): a shaded block with a rule on the left; the bullet is
        # list numbering tied to the style, so it is not part of the text. Leading exactly
        # 1.7 times the 10.5 pt type, as in the PDF.
        style(HIGHLIGHT, "Normal", HIGHLIGHT,
              f'<w:keepLines/><w:numPr><w:ilvl w:val="0"/><w:numId w:val="{bullet_num_id}"/>'
              '</w:numPr><w:pBdr><w:left w:val="single" w:sz="24" w:space="8" '
              'w:color="A50021"/></w:pBdr><w:shd w:val="clear" w:color="auto" w:fill="F2F2F2"/>'
              '<w:spacing w:before="120" w:after="240" w:line="357" w:lineRule="exact"/>'
              '<w:ind w:left="567" w:hanging="357"/><w:contextualSpacing/><w:jc w:val="both"/>',
              f'{rfonts(False)}<w:color w:val="262626"/><w:sz w:val="21"/><w:szCs w:val="21"/>',
              13),
        # Body: two-character first-line indent (firstLineChars; firstLine is the fallback
        # for readers that ignore character units: 2 × 12 pt = 480 twips), justified, lines
        # exactly 1.75 times the type (21 pt), the PDF's leading.
        style(BODY, "Normal", BODY,
              '<w:widowControl/><w:spacing w:before="0" w:after="0" w:line="420" '
              'w:lineRule="exact"/><w:ind w:firstLineChars="200" w:firstLine="480"/>'
              '<w:jc w:val="both"/>',
              f'{rfonts(False)}<w:sz w:val="24"/><w:szCs w:val="24"/>', 14),
        style(EDITOR, "Normal", BODY,
              '<w:keepLines/><w:spacing w:before="360" w:after="0"/><w:jc w:val="right"/>',
              f'{rfonts(False)}{grey}<w:sz w:val="21"/><w:szCs w:val="21"/>', 15),
        # Sub-headings: outline level 1, so they show in the navigation pane under the title.
        style(HEADING, "Normal", BODY,
              '<w:keepNext/><w:keepLines/><w:spacing w:before="240" w:after="120"/>'
              '<w:outlineLvl w:val="1"/>',
              f'{rfonts(True)}<w:b/><w:bCs/><w:sz w:val="26"/><w:szCs w:val="26"/>', 16),
        # Captions: set apart from the text, centred, small and grey, never indented.
        style(CAPTION, "Normal", BODY,
              '<w:keepLines/><w:spacing w:before="60" w:after="180"/><w:jc w:val="center"/>',
              f'{rfonts(False)}{grey}<w:sz w:val="20"/><w:szCs w:val="20"/>', 17),
        style(QUOTE, "Normal", BODY,
              '<w:pBdr><w:left w:val="single" w:sz="12" w:space="8" w:color="BFBFBF"/></w:pBdr>'
              '<w:spacing w:before="120" w:after="120" w:line="360" w:lineRule="auto"/>'
              '<w:ind w:left="680" w:right="340"/><w:jc w:val="both"/>',
              f'{rfonts(False)}<w:color w:val="404040"/><w:sz w:val="23"/><w:szCs w:val="23"/>',
              18),
        style(LINK, "Normal", BODY,
              '<w:keepLines/><w:spacing w:before="120" w:after="0"/><w:jc w:val="right"/>',
              f'{rfonts(False)}{grey}<w:sz w:val="18"/><w:szCs w:val="18"/>', 19),
    ))


def _attr(value: str) -> str:
    return _text(value).replace('"', "&quot;")


def _text(value: str) -> str:
    return value.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def _patch_styles(styles: Any, fonts: _Fonts, bullet_num_id: int) -> None:
    # The 98 table styles of the template are never used here and make up most of
    # styles.xml's 430 KB, i.e. most of the per-article parse and save time. Word supplies
    # its built-in definitions again if a user inserts such a table.
    for el in styles.findall(qn("w:style")):
        if el.get(qn("w:type")) == "table" and el.get(qn("w:styleId")) not in (
                "TableNormal", "TableGrid"):
            styles.remove(el)

    # Every theme font reference becomes an explicit name: major → heading fonts, minor → body.
    for rFonts in styles.iter(qn("w:rFonts")):
        themes = [rFonts.get(a) for a in _THEME_ATTRS if rFonts.get(a)]
        if not themes:
            continue
        heading = any(t.startswith("major") for t in themes)
        rPr = rFonts.getparent()
        _set_fonts(rPr, fonts.latin_heading if heading else fonts.latin_body,
                   fonts.heading if heading else fonts.body)

    defaults = styles.find(qn("w:docDefaults"))
    rPr = defaults.find(qn("w:rPrDefault")).find(qn("w:rPr"))
    _set_fonts(rPr, fonts.latin_body, fonts.body, fonts.lang)
    for size in rPr.findall(qn("w:sz")) + rPr.findall(qn("w:szCs")):
        size.set(qn("w:val"), "21")  # 五号 (10.5 pt), the Chinese default
    ppr_default = defaults.find(qn("w:pPrDefault")).find(qn("w:pPr"))
    spacing = ppr_default.find(qn("w:spacing"))
    # East Asian line breaking, punctuation allowed to hang, and Word's automatic space
    # between Han and Latin letters (DE) or numerals (DN): on, whatever a reader's defaults.
    for tag in ("w:kinsoku", "w:overflowPunct", "w:autoSpaceDE", "w:autoSpaceDN"):
        spacing.addprevious(parse_xml(f'<{tag} {nsdecls("w")} w:val="1"/>'))
    spacing.attrib.clear()  # Word's American 10 pt after / 1.15 lines do not suit Chinese text
    spacing.set(qn("w:after"), "0")
    spacing.set(qn("w:line"), "240")
    spacing.set(qn("w:lineRule"), "auto")

    normal = _style(styles, "Normal")
    _set_fonts(_get_or_add(normal, "w:rPr"), fonts.latin_body, fonts.body)
    for sid in ("Header", "Footer"):
        el = _style(styles, sid)
        ppr = el.find(qn("w:pPr"))
        ppr.append(parse_xml(f'<w:jc {nsdecls("w")} w:val="center"/>'))
        el.append(parse_xml(
            f'<w:rPr {nsdecls("w")}><w:color w:val="7F7F7F"/><w:sz w:val="18"/>'
            '<w:szCs w:val="18"/></w:rPr>'))

    for el in parse_xml(f'<w:x {nsdecls("w")}>{_style_xml(fonts, bullet_num_id)}</w:x>'):
        styles.append(el)


def _style(styles: Any, style_id: str) -> Any:
    for el in styles.findall(qn("w:style")):
        if el.get(qn("w:styleId")) == style_id:
            return el
    raise LookupError(style_id)


def _get_or_add(parent: Any, tag: str) -> Any:
    el = parent.find(qn(tag))
    if el is None:
        el = parse_xml(f"<{tag} {nsdecls('w')}/>")
        parent.append(el)
    return el


def _add_bullet(numbering: Any, fonts: _Fonts) -> int:
    """A one-level ■ bullet list for the highlight style; returns its numId."""
    abstract = numbering.findall(qn("w:abstractNum"))
    nums = numbering.findall(qn("w:num"))
    abstract_id = 1 + max((int(a.get(qn("w:abstractNumId"))) for a in abstract), default=-1)
    num_id = 1 + max((int(n.get(qn("w:numId"))) for n in nums), default=0)
    ea = _attr(fonts.heading)
    latin = _attr(fonts.latin_heading)
    abstract_el = parse_xml(
        f'<w:abstractNum {nsdecls("w")} w:abstractNumId="{abstract_id}">'
        '<w:nsid w:val="2D0C1A51"/><w:multiLevelType w:val="singleLevel"/>'
        '<w:tmpl w:val="5C0E8F12"/><w:lvl w:ilvl="0"><w:start w:val="1"/>'
        f'<w:numFmt w:val="bullet"/><w:pStyle w:val="{HIGHLIGHT}"/>'
        f'<w:lvlText w:val="{_BULLET}"/><w:lvlJc w:val="left"/>'
        '<w:pPr><w:ind w:left="567" w:hanging="357"/></w:pPr>'
        f'<w:rPr><w:rFonts w:ascii="{latin}" w:hAnsi="{latin}" w:eastAsia="{ea}" '
        'w:hint="eastAsia"/><w:color w:val="A50021"/><w:sz w:val="16"/><w:szCs w:val="16"/>'
        "</w:rPr></w:lvl></w:abstractNum>"
    )
    # Schema order: every abstractNum before the first num.
    if nums:
        nums[0].addprevious(abstract_el)
    else:
        numbering.append(abstract_el)
    numbering.append(parse_xml(
        f'<w:num {nsdecls("w")} w:numId="{num_id}"><w:abstractNumId w:val="{abstract_id}"/>'
        "</w:num>"))
    return num_id


def _patch_font_table(font_table: Any, fonts: _Fonts) -> None:
    # The template lists ＭＳ 明朝/ＭＳ ゴシック, its Japanese theme fonts; nothing uses them now.
    for el in list(font_table):
        if el.get(qn("w:name")) in ("ＭＳ 明朝", "ＭＳ ゴシック"):
            font_table.remove(el)
    listed = {el.get(qn("w:name")) for el in font_table}
    for name in (fonts.body, fonts.heading):
        if name in listed or name not in _FONT_TABLE:
            continue
        alt, panose, charset, family, pitch = _FONT_TABLE[name]
        font_table.append(parse_xml(
            f'<w:font {nsdecls("w")} w:name="{_attr(name)}"><w:altName w:val="{alt}"/>'
            f'<w:panose1 w:val="{panose}"/><w:charset w:val="{charset}"/>'
            f'<w:family w:val="{family}"/><w:pitch w:val="{pitch}"/></w:font>'))
        listed.add(name)


def _page_field(instr: str) -> str:
    return (f'<w:fldSimple w:instr=" {instr} "><w:r><w:rPr><w:noProof/></w:rPr><w:t>1</w:t>'
            "</w:r></w:fldSimple>")


@lru_cache(maxsize=16)
def _template(fonts: _Fonts, page_size: str, page_label: str) -> bytes:
    document = docx.Document()
    package = document.part.package
    # Parts that would only mislead: a thumbnail of an empty page, and Word 2010's
    # stylesWithEffects copy of the styles (still with theme fonts; Word 2013+ ignores it).
    for rels in (package.rels, document.part.rels):
        for rid, rel in list(rels.items()):
            if rel.reltype.endswith(("/thumbnail", "/stylesWithEffects")):
                rels.pop(rid)

    numbering = document.part.numbering_part.element
    _patch_styles(document.styles.element, fonts, _add_bullet(numbering, fonts))

    settings = document.settings.element
    theme_lang = settings.find(qn("w:themeFontLang"))
    # python-docx's template says ja-JP (its issue #1601): Word would pick Japanese forms
    theme_lang.set(qn("w:eastAsia"), fonts.lang)
    # Adjacent full-width marks share one half em, as in the PDF (the template says
    # doNotCompress).
    settings.find(qn("w:characterSpacingControl")).set(qn("w:val"), "compressPunctuation")

    for rel in document.part.rels.values():
        if rel.reltype.endswith("/fontTable"):
            font_part = rel.target_part
            table = parse_xml(font_part.blob)
            _patch_font_table(table, fonts)
            font_part._blob = _serialize(table)
    for rel in package.rels.values():
        if rel.reltype.endswith("/extended-properties"):
            app = rel.target_part
            blob = app.blob.decode("utf-8")
            blob = re.sub(r"<Application>.*?</Application>",
                          "<Application>docconv</Application>", blob)
            blob = re.sub(r"\s*<AppVersion>.*?</AppVersion>", "", blob)
            app._blob = blob.encode("utf-8")

    width, height, margin_v, margin_h = _PAGES[page_size.upper()]
    section = document.sections[0]
    section.page_width, section.page_height = Twips(width), Twips(height)
    section.top_margin = section.bottom_margin = Twips(margin_v)
    section.left_margin = section.right_margin = Twips(margin_h)
    section.header_distance = section.footer_distance = Twips(720)

    # Footer: 第 n 页 / 共 N 页 (as in the PDF) with live PAGE and NUMPAGES fields; the
    # header gets the site name per article.
    section.header.paragraphs[0].style = document.styles["Header"]
    footer = section.footer.paragraphs[0]
    footer.style = document.styles["Footer"]
    xml = []
    for piece in re.split(r"(\{n\}|\{total\})", page_label):
        if piece in ("{n}", "{total}"):
            xml.append(_page_field("PAGE" if piece == "{n}" else "NUMPAGES"))
        elif piece:
            xml.append(f'<w:r><w:t xml:space="preserve">{_text(piece)}</w:t></w:r>')
    runs = parse_xml(f'<w:x {nsdecls("w")}>{"".join(xml)}</w:x>')
    footer._p.extend(list(runs))

    core = document.core_properties
    core.author = ""
    core.comments = ""
    core.last_modified_by = "docconv"
    core.revision = 1

    buffer = io.BytesIO()
    _save(document, buffer, zipfile.ZIP_STORED)  # stored: each article opens it unzipped
    return buffer.getvalue()


def _add_link(paragraph: Any, document: Any, url: str) -> None:
    """A real hyperlink (an external relationship), shown as the address itself."""
    from docx.opc.constants import RELATIONSHIP_TYPE as RT

    rid = document.part.relate_to(url, RT.HYPERLINK, is_external=True)
    link = parse_xml(
        f'<w:hyperlink {nsdecls("w", "r")} r:id="{_attr(rid)}"><w:r><w:rPr>'
        '<w:color w:val="1F4E79"/><w:u w:val="single"/></w:rPr>'
        '<w:t xml:space="preserve"/></w:r></w:hyperlink>')
    link[0][1].text = url
    paragraph.append(link)


def _serialize(element: Any) -> bytes:
    return bytes(etree.tostring(element, encoding="UTF-8", standalone=True))


# ---------------------------------------------------------------------------- per article


def write(article: Article, out: BinaryIO, options: Options) -> None:
    fonts = _fonts_for(article, options)
    folio = f'{label(article, "page")} / {label(article, "of")}'
    template = _template(fonts, options.page_size.upper(), folio)
    document = docx.Document(io.BytesIO(template))

    if article.site:
        document.sections[0].header.paragraphs[0].text = article.site

    body = document.element.body
    sect_pr = body[-1]  # paragraphs go before the section properties

    def add(text: str, style_id: str) -> Any:
        p = parse_xml(
            f'<w:p {nsdecls("w")}><w:pPr><w:pStyle w:val="{style_id}"/></w:pPr>'
            '<w:r><w:rPr><w:rFonts w:hint="eastAsia"/></w:rPr><w:t xml:space="preserve"/>'
            "</w:r></w:p>")
        p[1][1].text = text
        sect_pr.addprevious(p)
        return p

    for block in blocks(article):
        kind = block.kind
        if kind == "title":
            add(block.text, TITLE)
        elif kind == "subtitle":
            add(block.text, SUBTITLE)
        elif kind == "meta":
            add("\u3000".join(meta_parts(article)), META)
        elif kind == "highlights":
            add(label(article, "highlights"), HIGHLIGHT_LABEL)
            for text in block.items:
                add(text, HIGHLIGHT)
        elif kind in BLOCK_STYLES:
            add(block.text, BLOCK_STYLES[kind])
        elif kind == "editor":
            add(editor_line(article) or "", EDITOR)
        elif kind == "link":
            _add_link(add(f"{label(article, 'link')}：", LINK), document, block.text)
        # the site goes in the running head (above), not in the text

    _set_core_properties(document, article)
    buffer = io.BytesIO()
    _save(document, buffer, zipfile.ZIP_DEFLATED)
    out.write(buffer.getvalue())


class _StableZipWriter:
    """python-docx's physical package writer, but every entry gets a fixed time and mode:
    equal input gives equal bytes without saving the package twice (a third of the time)."""

    def __init__(self, stream: BinaryIO, compression: int) -> None:
        self._zip = zipfile.ZipFile(stream, "w")
        self._compression = compression

    def write(self, pack_uri: Any, blob: bytes) -> None:
        self._zip.writestr(zip_entry(pack_uri.membername, _FIXED_ZIP_TIME, self._compression),
                           blob)

    def close(self) -> None:
        self._zip.close()


def _save(document: Any, stream: BinaryIO, compression: int) -> None:
    """OpcPackage.save with our zip writer ([Content_Types].xml first, as Word expects).
    These are python-docx's own steps (private, so pyproject pins python-docx below 2)."""
    from docx.opc.pkgwriter import PackageWriter

    package = document.part.package
    for part in package.parts:
        part.before_marshal()
    writer = _StableZipWriter(stream, compression)
    PackageWriter._write_content_types_stream(writer, package.parts)
    PackageWriter._write_pkg_rels(writer, package.rels)
    PackageWriter._write_parts(writer, package.parts)
    writer.close()


def _set_core_properties(document: Any, article: Article) -> None:
    core = document.core_properties
    article = for_metadata(article)
    core.title = _clip(display_title(article))
    core.author = _clip("、".join(article.authors))
    core.subject = _clip(article.source or article.site or "")
    core.keywords = _clip("; ".join(dict.fromkeys(x for x in (article.site, article.source) if x)))
    core.category = _clip(article.site or "")
    core.comments = _clip("\n".join(article.highlights))
    core.language = article.lang_tag
    core.last_modified_by = "docconv"
    core.revision = 1
    element = core._element
    if article.published is not None:
        # python-docx writes naive times with a Z suffix: give it UTC.
        utc = article.published.astimezone(timezone.utc).replace(tzinfo=None)
        core.created = core.modified = utc
    else:
        # No publish time: no date at all (not the template's 2013, not the clock, which
        # would make the output differ from run to run).
        for tag in ("dcterms:created", "dcterms:modified"):
            for el in element.findall(qn(tag)):
                element.remove(el)


def _clip(text: str) -> str:
    """Word (and python-docx, which raises) allow at most 255 characters per property."""
    return clip(text, 255)
