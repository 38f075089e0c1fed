"""Properties every writer keeps for any text: a valid file comes out and no text is lost.

Hypothesis builds articles from a mix of alphabets — CJK (Ext-B too), Chinese punctuation,
markup characters and `]]>`, controls, noncharacters, emoji, Hangul, kana, RTL scripts and
bidi controls, combining marks, odd whitespace — with publication times in many zones
(historic local-mean-time offsets included). "All text" is the Article's own fields: the
constructor has already cleaned the raw strings (docconv.text.clean_inline), and what it
keeps must come out whole.

Each writer is checked with the fast validators of its own test module (vnu and epubcheck
cost seconds a file; they run on the fixed corpora there):
- HTML: html5lib's strict parser, exact text per element, the same element tree as an
  article of the same shape with harmless text, one <script> (the JSON-LD).
- EPUB: the zip layout, every XML part well-formed (lxml), the content document's text.
- DOCX: python-docx opens it, its paragraphs hold the text, every XML part well-formed.
- PDF: pdffonts (embedded subsets with ToUnicode), qpdf --check, no character shown with
  glyph 0 (.notdef), and pdftotext gives back every character in order — those reported in
  MissingGlyphsWarning too: the writer draws them as 〓 and they extract as themselves.
  Short texts from bounded alphabets: see PDF_ALPHABETS.
"""

from __future__ import annotations

import io
import json
import re
import subprocess
import tempfile
import unicodedata
import warnings
import zipfile
from collections.abc import Callable
from datetime import datetime, timedelta, timezone
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import html5lib
import pypdf
from conftest import pdffonts, require_tool, which, written
from fontTools.ttLib import TTFont
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st
from lxml import etree
from pypdf.generic import ContentStream
from test_docx import assert_whole_text, open_docx
from test_epub import NS, Epub
from test_pdf import body_text, flat, undoubled

import docconv
from docconv import font_files as fonts
from docconv.text import strip_bidi
from docconv.writers import cjk
from docconv.writers import html as html_writer
from docconv.writers.metadata import for_metadata

SETTINGS = settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
PDF_SETTINGS = settings(SETTINGS, max_examples=25)

# ---------------------------------------------------------------------------------------------
# strategies


def _chars(lo: int, hi: int) -> st.SearchStrategy[str]:
    return st.characters(min_codepoint=lo, max_codepoint=hi)


CJK = _chars(0x4E00, 0x9FFF)
CJK_EXT_FEW = st.sampled_from(["𠮷", "𬭚", "𬘡", "𬌗", "𪚥", "𡈽"])
CJK_EXT = st.one_of(CJK_EXT_FEW, _chars(0x20000, 0x2A6DF))  # Ext-B: outside the BMP
PUNCT = st.sampled_from(list("，。、；：？！「」『』《》〈〉“”‘’（）【】…—·〓■々〜"))
MARKUP = st.sampled_from(["<", ">", "&", '"', "'", "]]>", "</script>", "<!--", "-->", "<b>",
                          "</p></body>", "&amp;", "&#x4e2d;", "&nbsp;", "<![CDATA[", "<?xml ",
                          "\\u003c", "{}", "<font face=x>", "<br/>", "<para>", "%s", "\\"])
CONTROLS = st.one_of(_chars(0x00, 0x1F), _chars(0x7F, 0x9F),
                     st.sampled_from(["\ud800", "\udfff", "\ufdd0", "\ufffe", "\uffff",
                                      "\U0001fffe", "\U0004fffe", "\U0007ffff", "\U000efffe",
                                      "\U0010ffff"]))
EMOJI = _chars(0x1F300, 0x1FAFF)
EMOJI_SEQUENCES = st.sampled_from(["👍🏽", "👨\u200d👩\u200d👧", "🇨🇳", "❤️", "🀄", "☺︎", "1️⃣"])
HANGUL = _chars(0xAC00, 0xD7A3)
KANA = _chars(0x3040, 0x30FF)
RTL = st.one_of(_chars(0x05D0, 0x05EA), _chars(0x0621, 0x064A),
                st.sampled_from(list("\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2066\u2067"
                                     "\u2068\u2069\u061c")))
COMBINING = st.one_of(_chars(0x0300, 0x036F), st.sampled_from(["\u3099", "\u309a", "\u20dd"]))
SPACES = st.sampled_from([" ", "  ", "\t", "\n", "\r\n", "\u3000", "\u00a0", "\u2028", "\u2029",
                          "\u200b", "\u200d", "\ufeff", "\u00ad", "\u2003", "\x85", "\x0b", "\x0c"])
LATIN = st.sampled_from(list("aZ09-_.%/:"))
WORDS = st.sampled_from(["reportlab", "GDP", "8.1%", "2021", "Internationalization", "e.g."])
ANYTHING = st.characters()  # and now and then any code point at all
ALPHABETS = st.one_of(CJK, CJK_EXT, PUNCT, CONTROLS, EMOJI, HANGUL, KANA, RTL, COMBINING, LATIN,
                      ANYTHING)

# The PDF writer takes a character the bundled fonts lack from a system font, converting a CFF
# one (Noto CJK) a 256-code-point page at a time (about 1.5 s a page, then cached). Random code
# points from all of CJK, Hangul and Ext-B would make nearly every example pay for new pages,
# so the PDF draws its Han and Hangul from fixed sets: common characters, some outside the
# SC fonts' 8105 (衞 峇 禠 乸 come from the bundled TC fonts, 叇 from a system font), Ext-B
# ones, a few syllables.
PDF_HAN = st.sampled_from(list("中文标题正文政法工作的绝对领导强化政治担当勇于自我革命衞峇禠叇乸"))
PDF_HANGUL = st.sampled_from(list("한국어대한민국서울"))
PDF_ANYTHING = st.characters().filter(
    lambda c: not (0x3400 <= ord(c) <= 0x9FFF or 0xAC00 <= ord(c) <= 0xD7AF
                   or 0x20000 <= ord(c) <= 0x3FFFF))
PDF_ALPHABETS = st.one_of(PDF_HAN, CJK_EXT_FEW, PUNCT, CONTROLS, EMOJI, PDF_HANGUL, KANA, RTL,
                          COMBINING, LATIN, PDF_ANYTHING)


def texts(max_size: int, han: st.SearchStrategy[str] = CJK,
          alphabets: st.SearchStrategy[str] = ALPHABETS) -> st.SearchStrategy[str]:
    """A string of `st.text()` runs — Han characters, or the mixed alphabets — with
    multi-character tokens (markup, emoji sequences, whitespace, Latin words) between them.
    Mostly Chinese, as the input is."""
    runs = st.one_of(
        st.text(han, min_size=1, max_size=max_size),
        st.text(alphabets, min_size=1, max_size=max_size),
        MARKUP, SPACES, EMOJI_SEQUENCES, WORDS, PUNCT,
    )
    return st.lists(runs, max_size=max(2, max_size // 3)).map("".join)


ZONES = st.sampled_from([
    timezone.utc, timezone(timedelta(hours=8)), timezone(timedelta(hours=-5)),
    timezone(timedelta(hours=5, minutes=30)), timezone(timedelta(hours=5, minutes=45)),
    timezone(timedelta(hours=14)), timezone(timedelta(hours=-12)),
    timezone(timedelta(hours=-3, minutes=-30)),
    # IANA zones as the reader uses them: DST, and local mean time before ~1900
    # (Asia/Shanghai was +08:05:43 until 1901).
    ZoneInfo("Asia/Shanghai"), ZoneInfo("Asia/Hong_Kong"), ZoneInfo("Asia/Taipei"),
    ZoneInfo("America/New_York"), ZoneInfo("Europe/London"), ZoneInfo("Australia/Lord_Howe"),
])
PUBLISHED = st.one_of(st.none(), st.datetimes(min_value=datetime(1900, 1, 1),
                                              max_value=datetime(2099, 12, 31), timezones=ZONES))


def articles(size: int, most: int, *, pdf: bool = False) -> st.SearchStrategy[docconv.Article]:
    """Articles whose strings are built of up to `size`-character runs (before cleaning),
    with at most `most` items in each list; `pdf`: from the PDF's bounded alphabets."""
    text = texts(size, PDF_HAN, PDF_ALPHABETS) if pdf else texts(size)
    optional = st.one_of(st.none(), text)
    return st.builds(
        docconv.Article,
        title=text,
        site=optional,
        published=PUBLISHED,
        authors=st.lists(text, max_size=3).map(tuple),
        source=optional,
        editor=optional,
        highlights=st.lists(text, max_size=most).map(tuple),
        paragraphs=st.lists(text, max_size=most).map(tuple),
        subtitle=optional,
        language=st.sampled_from(["zh-Hans", "zh-Hant"]),
    )


# Always run: shapes at the edges, the hostile text, and the inputs that found bugs —
# noncharacters of planes 4-15 (kept by the model, an HTML parse error) and zone offsets with
# seconds (local mean time: invalid HTML/EPUB dates, PDF dates off by up to a minute).
SHANGHAI_LMT = datetime(1900, 5, 1, 7, 6, 57, tzinfo=ZoneInfo("Asia/Shanghai"))  # +08:05:43
NONCHARACTER = docconv.Article(title="标题\U0004fffe", paragraphs=("正文\U000ffffe\U0008ffff。",),
                               highlights=("要点\U0005fffe",), authors=("作者\U000afffe",))
HOSTILE = docconv.Article(
    title="标题<script>alert(1)</script> & ]]> \"引号\" 𠮷 עברית \u202e",
    site="站点<i>&", published=datetime(2021, 3, 23, 7, 6, 57, tzinfo=timezone(timedelta(hours=8))),
    authors=("张三<b>", "李四&王五"), source="来源</title>", editor="编辑\"'",
    highlights=("要点 \x00\x0b\x1f 😀👍🏽 한국어 かなカナ",),
    paragraphs=("正文 ]]> <!-- --> e\u0301 か\u3099 \u2028 末", "第二段：</script>", "，。」"),
)
EXAMPLES = (
    docconv.Article(title=""),
    docconv.Article(title="", paragraphs=("只有正文" * 10,)),
    HOSTILE,
    NONCHARACTER,
    docconv.Article(title="清末", paragraphs=("正文。",), published=SHANGHAI_LMT),
    docconv.Article(title="纽约",  # -04:56:02
                    published=datetime(1880, 1, 1, tzinfo=ZoneInfo("America/New_York"))),
)


# Found by a random run: a title of combining marks only (as a running head on page 2 it
# extracts undoubled, as its own line) and no base for the marks to sit on.
MARKS_TITLE = docconv.Article(title="\u3099\u3099\u0300", paragraphs=("正文很长。" * 300,))
# Zero-width marks that end one paragraph and start the next extract once.
MARKS_PARAGRAPHS = docconv.Article(title="\u0300", paragraphs=("\u200e", "\u200e"))

# Two pages: paragraphs carried over, with fallback-font runs, under running heads.
LONG = docconv.Article(
    title="跨页的长文章：한국어、𠮷、עברית 与 e\u0301 都在标题里，标题长到页眉放不下",
    site="站点", source="来源", published=datetime(2021, 3, 23, 7, 6, 57, tzinfo=timezone.utc),
    highlights=("要点：한국어 𠮷 עברית。",),
    paragraphs=("坚持党对政法工作的绝对领导，한국어 𠮷 e\u0301 עברית 1️⃣。" * 60, "第二段。" * 200),
)


def with_examples(test: Callable[..., None]) -> Callable[..., None]:
    for article in EXAMPLES:
        test = example(article)(test)
    return test


def pieces(article: docconv.Article) -> list[str]:
    """The running text in reading order: what must never be lost."""
    return [cjk.display_title(article), *article.highlights, *article.paragraphs]


def assert_in_order(pieces_: list[str], text: str, what: str) -> None:
    at = 0
    for piece in pieces_:
        found = text.find(piece, at)
        assert found >= 0, f"{what}: lost or out of order: {piece!r}\nin: {text!r}"
        at = found + len(piece)


# A W3C/HTML date-time with an offset HTML, EPUB (W3CDTF) and schema.org all accept.
DATETIME_RE = re.compile(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(?:Z|[+-]\d\d:\d\d)")


def assert_same_instant(text: str, when: datetime) -> None:
    assert DATETIME_RE.fullmatch(text), text
    parsed = datetime.fromisoformat(text.replace("Z", "+00:00"))
    assert parsed == when.replace(microsecond=0), (text, when)


def shape_twin(article: docconv.Article) -> docconv.Article:
    """An article with the same fields present and the same number of list items, all text
    harmless: its markup is what the writer makes; anything more came from the text."""
    def word(s: str | None) -> str | None:
        return None if s is None else "字"

    return docconv.Article(
        title="字" if article.title else "", site=word(article.site),
        published=article.published, authors=("字",) * len(article.authors),
        source=word(article.source), editor=word(article.editor),
        highlights=("字",) * len(article.highlights),
        paragraphs=("字",) * len(article.paragraphs),
        subtitle=word(article.subtitle), language=article.language,
    )


def tree_shape(root: Any) -> list[tuple[str, tuple[str, ...]]]:
    """Every element's tag and attribute names, in document order (comments left out).
    Two elements the writer makes from the text itself are left out: <wbr> (a word boundary
    in a headline, a break point in a URL) and <a> around a URL, whose href must then be
    exactly the URL it shows."""
    shape = []
    for el in root.iter():
        if not isinstance(el.tag, str):
            continue
        tag = el.tag.rsplit("}", 1)[-1]
        if tag == "wbr":
            assert not el.attrib and not len(el)
            continue
        if tag == "a":
            shown = "".join(el.itertext())
            href = el.get("href")
            assert sorted(el.attrib) == ["href"] and href in (shown, "http://" + shown), href
            continue
        shape.append((el.tag, tuple(sorted(el.attrib))))
    return shape


def text_of(element: Any) -> str:
    return "".join(element.itertext())


# ---------------------------------------------------------------------------------------------
# HTML


_STRICT = html5lib.HTMLParser(strict=True, namespaceHTMLElements=False)


def parse_html(markup: str) -> Any:
    """Parse with html5lib in strict mode: any parse error raises."""
    return _STRICT.parse(markup)


@SETTINGS
@given(articles(size=40, most=5))
@with_examples
def test_html_is_valid_and_keeps_all_text(article: docconv.Article) -> None:
    markup = written(article, "html").decode("utf-8")
    doc = parse_html(markup)

    # Nothing lost: element by element, exactly, and the article's text in reading order.
    [node] = doc.findall(".//article")
    assert text_of(node.find(".//h1")) == cjk.display_title(article)
    assert [text_of(li) for li in node.findall("./aside/ul/li")] == list(article.highlights)
    assert [text_of(p) for p in node.findall("./p")] == list(article.paragraphs)
    assert [text_of(s) for s in node.findall(".//span[@class='author']")] == list(article.authors)
    for selector, value in ((".//p[@class='site']", article.site),
                            (".//p[@class='subtitle']", article.subtitle),
                            (".//span[@class='source']/cite", article.source)):
        found = node.find(selector)
        assert (text_of(found) if found is not None else None) == value, selector
    footer = node.find("./footer/p")
    assert (text_of(footer) if footer is not None else None) == cjk.editor_line(article)
    visible = re.sub(r"\s+", " ", text_of(node))
    assert_in_order([re.sub(r"\s+", " ", p) for p in pieces(article)], visible, "HTML")
    # metadata carries no bidi controls (a spoofing vector in tabs and listings)
    info = for_metadata(article)
    assert doc.find("./head/title").text == cjk.display_title(info)

    # Nothing live: the tree is the one the writer makes for harmless text.
    twin = parse_html(html_writer.render(shape_twin(article)))
    assert tree_shape(doc) == tree_shape(twin)
    scripts = list(doc.iter("script"))
    assert [s.get("type") for s in scripts] == ["application/ld+json"]
    data = json.loads(scripts[0].text)
    assert data["headline"] == cjk.display_title(info)
    assert data["description"] == html_writer.description(info)
    assert [a["name"] for a in data.get("author", [])] == list(info.authors)
    meta = {m.get("name") or m.get("property"): m.get("content") for m in doc.iter("meta")}
    assert meta["og:title"] == cjk.display_title(info)
    assert meta.get("author") == ("、".join(info.authors) or None)

    if article.published:
        [time] = node.findall(".//time")
        assert_same_instant(time.get("datetime"), article.published)
        assert_same_instant(data["datePublished"], article.published)
        assert text_of(time) == cjk.format_date(article.published)


# ---------------------------------------------------------------------------------------------
# EPUB


XML_SUFFIXES = (".xhtml", ".opf", ".ncx", ".xml", ".rels")


def well_formed_package(data: bytes) -> zipfile.ZipFile:
    """The zip package (EPUB, DOCX), its CRCs checked and every XML part parsed."""
    archive = zipfile.ZipFile(io.BytesIO(data))
    assert archive.testzip() is None
    for name in archive.namelist():
        if name.endswith(XML_SUFFIXES):
            etree.fromstring(archive.read(name))  # raises on anything not well-formed
    return archive


@SETTINGS
@given(articles(size=40, most=5))
@with_examples
def test_epub_is_valid_and_keeps_all_text(article: docconv.Article) -> None:
    data = written(article, "epub")
    archive = well_formed_package(data)
    first = archive.infolist()[0]
    assert first.filename == "mimetype" and first.compress_type == zipfile.ZIP_STORED
    assert not first.extra and archive.read("mimetype") == b"application/epub+zip"

    book = Epub(data)
    [(_, doc)] = book.spine_documents()
    [node] = doc.iterfind(".//x:article", NS)
    assert text_of(node.find(".//x:h1", NS)) == cjk.display_title(article)
    assert [text_of(li) for li in node.iterfind("./x:aside/x:ul/x:li", NS)] == list(
        article.highlights)
    assert [text_of(p) for p in node.iterfind("./x:p", NS)] == list(article.paragraphs)
    assert_in_order(pieces(article), text_of(node), "EPUB")
    info = for_metadata(article)  # metadata has no bidi controls; the page keeps them
    assert text_of(doc.find(".//x:head/x:title", NS)) == cjk.display_title(info)
    twin = Epub(written(shape_twin(article), "epub"))
    assert tree_shape(doc) == tree_shape(twin.spine_documents()[0][1])

    assert book.dc("title") == [cjk.display_title(info)]
    assert book.dc("creator") == list(info.authors)
    assert book.dc("contributor") == ([info.editor] if info.editor else [])
    ncx = book.item(book.opf.find(".//opf:spine", NS).get("toc"))
    labels = [text_of(t) for t in ncx.iterfind(".//ncx:navPoint/ncx:navLabel/ncx:text", NS)]
    assert labels == [cjk.display_title(info)]
    [modified] = book.meta("dcterms:modified")
    assert re.fullmatch(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ", modified)
    if article.published:
        [date] = book.dc("date")
        assert_same_instant(date, article.published)
        assert modified == article.published.astimezone(timezone.utc).strftime(
            "%Y-%m-%dT%H:%M:%SZ")


# ---------------------------------------------------------------------------------------------
# DOCX


@SETTINGS
@given(articles(size=40, most=5))
@with_examples
def test_docx_is_valid_and_keeps_all_text(article: docconv.Article) -> None:
    data = written(article, "docx")
    well_formed_package(data)
    # Every paragraph with its style and exact text, and the site in the running head.
    assert_whole_text(data, article)
    document = open_docx(data)
    assert_in_order(pieces(article), "\n".join(p.text for p in document.paragraphs), "DOCX")
    core = document.core_properties
    title = cjk.display_title(for_metadata(article))
    assert core.title == (title if len(title) <= 255 else title[:254] + "…")
    assert core.language == article.lang_tag
    if article.published:
        assert core.created == article.published.astimezone(timezone.utc).replace(microsecond=0)


# ---------------------------------------------------------------------------------------------
# PDF


def text_layer(path: Path) -> str:
    """The PDF's text as pdftotext reads it, in the text layer's own order: pages split by
    form feeds, a line per text line, words separated by spaces — the shape `body_text`
    expects. From `-bbox-layout` rather than plain output: plain pdftotext reorders runs of
    Hebrew or Arabic for display (reversed, wrapped in U+202B…U+202C), which is the
    extractor's guess at a visual order, not the writer's text; the word boxes keep the
    characters as drawn, in logical order."""
    require_tool("pdftotext", which("pdftotext"))
    done = subprocess.run(["pdftotext", "-bbox-layout", "-enc", "UTF-8", str(path), "-"],
                          capture_output=True, check=True)
    # The <head> repeats the Info dictionary, where poppler 22 writes a character outside the
    # BMP as two encoded surrogates (invalid UTF-8); the PDF's own UTF-16 there is right.
    root = etree.fromstring(re.sub(rb"<head>.*?</head>", b"", done.stdout, flags=re.S))
    ns = {"h": "http://www.w3.org/1999/xhtml"}
    return "\f".join(
        "\n".join(" ".join(word.text or "" for word in line.iterfind("h:word", ns))
                  for line in page.iterfind(".//h:line", ns))
        for page in root.iterfind(".//h:page", ns)
    )


def notdef_characters(path: Path) -> set[str]:
    """The characters the PDF shows with glyph 0 (.notdef), i.e. as a blank or a box: for each
    string shown in a page's content, its codes through the embedded subset's cmap (glyph) and
    the font's ToUnicode CMap (character). reportlab draws a character its font lacks with
    glyph 0; the writer must never let it (writers.pdf.fontset.FontSet.markup). The folio forms hold
    only the writer's own labels and are not looked into."""
    reader = pypdf.PdfReader(str(path))
    found: set[str] = set()
    for page in reader.pages:
        by_name: dict[str, tuple[dict[int, str], dict[int, str], str]] = {}
        for name, ref in page["/Resources"]["/Font"].items():
            font = ref.get_object()
            subset = TTFont(io.BytesIO(font["/FontDescriptor"]["/FontFile2"].get_data()))
            cmap_text = font["/ToUnicode"].get_data().decode("latin-1")
            to_unicode = {
                int(code, 16): bytes.fromhex(text).decode("utf-16-be")
                for section in re.findall(r"beginbfchar(.*?)endbfchar", cmap_text, re.S)
                for code, text in re.findall(r"<([0-9A-Fa-f]+)> <([0-9A-Fa-f]+)>", section)
            }
            by_name[name] = (subset["cmap"].getcmap(1, 0).cmap,  # reportlab's only cmap
                             to_unicode, subset.getGlyphOrder()[0])
        current = None
        for operands, operator in ContentStream(page.get_contents(), reader).operations:
            if operator == b"Tf":
                current = by_name[operands[0]]
            elif operator in (b"Tj", b"TJ") and current is not None:
                shown = operands[0] if operator == b"Tj" else b"".join(
                    _raw(o) for o in operands[0] if not isinstance(o, (int, float)))
                cmap, to_unicode, notdef = current
                for code in _raw(shown):
                    if cmap.get(code, notdef) == notdef:
                        found.add(to_unicode.get(code, f"<code {code}>"))
    return found


def _raw(string: object) -> bytes:
    if isinstance(string, bytes):
        return string
    return string.get_original_bytes()  # type: ignore[attr-defined]


def undoubled_pieces(pieces_: list[str]) -> list[str]:
    """`undoubled` for text in pieces: a zero-width mark that ends one piece and starts the
    next (two paragraphs of one U+200E) is drawn twice in a row and also comes out once."""
    out: list[str] = []
    last = ""
    for piece in pieces_:
        piece = undoubled(piece)
        if last and unicodedata.category(last) in ("Mn", "Me", "Cf"):
            piece = piece.lstrip(last)
        out.append(piece)
        last = piece[-1] if piece else last
    return out


def _qpdf_check(path: Path) -> None:
    require_tool("qpdf", which("qpdf"))
    check = subprocess.run(["qpdf", "--check", str(path)], capture_output=True, text=True)
    assert check.returncode == 0, check.stdout + check.stderr


@PDF_SETTINGS
@given(articles(size=10, most=3, pdf=True))
@with_examples
@example(LONG)
@example(MARKS_TITLE)
@example(MARKS_PARAGRAPHS)
def test_pdf_is_valid_and_keeps_all_text(article: docconv.Article) -> None:
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "a.pdf"
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always")
            docconv.write(article, path)
        missing = "".join(w.message.chars for w in caught  # type: ignore[union-attr]
                          if issubclass(w.category, fonts.MissingGlyphsWarning))

        for row in pdffonts(path):
            assert (row["emb"], row["sub"], row["uni"]) == ("yes", "yes", "yes"), row
        _qpdf_check(path)
        text = text_layer(path)
        info = pypdf.PdfReader(str(path)).metadata
        blanks = notdef_characters(path)

    assert info["/Title"] == cjk.display_title(for_metadata(article))
    if article.published:
        stamp = re.fullmatch(r"D:(\d{14})([+-])(\d\d)'(\d\d)'", info["/CreationDate"])
        assert stamp, info["/CreationDate"]
        offset = timedelta(hours=int(stamp[3]), minutes=int(stamp[4]))
        when = datetime.strptime(stamp[1], "%Y%m%d%H%M%S").replace(
            tzinfo=timezone(offset if stamp[2] == "+" else -offset))
        assert when == article.published.replace(microsecond=0), (stamp[0], article.published)
    else:
        assert "/CreationDate" not in info

    # The page in reading order: masthead, headline, subtitle, dateline, highlights, body,
    # editor. (On later pages `body_text` drops the running heads.)
    printed = [article.site or article.source or "", cjk.display_title(article),
               article.subtitle or "", *cjk.meta_parts(article), *article.highlights,
               *article.paragraphs, cjk.editor_line(article) or ""]
    printed = [strip_bidi(p) for p in printed]  # no bidi algorithm in a PDF: dropped
    # Only the article's characters can be reported missing (the writer's own labels are in
    # the bundled fonts) ...
    assert set(missing) <= set("".join(printed)), missing
    # ... every character is drawn, by a font that has it or (those reported) as 〓 ...
    assert {c for c in blanks if not c.isspace()} == set(), blanks
    # ... and even those extract as themselves: every character comes back, in order.
    got = undoubled(body_text(text, article))
    assert_in_order(undoubled_pieces([flat(p) for p in printed]), got, "PDF")
