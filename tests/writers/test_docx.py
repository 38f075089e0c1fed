"""DOCX writer: styles, Chinese fonts, core properties, whole text, stable bytes, LibreOffice."""

from __future__ import annotations

import io
import re
import subprocess
import sys
import zipfile
from datetime import datetime, timedelta, timezone
from pathlib import Path

import docx
import pytest
from conftest import DEV_TXT, SEED_TXT, pdffonts, pdftotext, require_tool, which, written
from docx.oxml.ns import qn

import docconv
from docconv import Article
from docconv.writers.cjk import display_title, editor_line, label, meta_parts

ARTICLE_STYLES = ("Article Title", "Article Subtitle", "Article Meta", "Article Highlight",
                  "Article Body", "Article Editor", "Article Heading", "Article Caption",
                  "Article Quote", "Article Link")


@pytest.fixture(scope="module")
def seed_model(seed_expected: dict) -> Article:
    return Article.from_dict(seed_expected)


def render(article: Article, **options: object) -> bytes:
    return written(article, "docx", options or None)


def open_docx(data: bytes) -> docx.document.Document:
    return docx.Document(io.BytesIO(data))


def part(data: bytes, name: str) -> str:
    return zipfile.ZipFile(io.BytesIO(data)).read(name).decode("utf-8")


FOLIO = re.compile(r"第\s*\d+\s*页\s*/\s*共\s*\d+\s*页")


def expected_paragraphs(article: Article) -> list[tuple[str, str]]:
    """(style name, text) of every paragraph the document should hold, in order."""
    rows = [("Article Title", display_title(article))]
    if article.subtitle:
        rows.append(("Article Subtitle", article.subtitle))
    if meta_parts(article):
        rows.append(("Article Meta", "\u3000".join(meta_parts(article))))
    if article.highlights:
        rows.append(("Article Highlight Label", label(article, "highlights")))
    rows += [("Article Highlight", h) for h in article.highlights]
    names = {"paragraph": "Article Body", "heading": "Article Heading",
             "caption": "Article Caption", "quote": "Article Quote"}
    rows += [(names[b.kind], b.text) for b in article.blocks]
    if article.editor:
        rows.append(("Article Editor", editor_line(article) or ""))
    if article.url:
        rows.append(("Article Link", f"原文链接：{article.url}"))
    return rows


def assert_whole_text(data: bytes, article: Article) -> None:
    document = open_docx(data)
    got = [(p.style.name, p.text) for p in document.paragraphs]
    assert got == expected_paragraphs(article)
    header = document.sections[0].header.paragraphs[0].text
    assert header == (article.site or "")


def assert_chinese_fonts(data: bytes, east_asian_lang: str = "zh-CN") -> None:
    styles = part(data, "word/styles.xml")
    settings = part(data, "word/settings.xml")
    for name in zipfile.ZipFile(io.BytesIO(data)).namelist():
        if name.endswith(".xml"):
            assert "ja-JP" not in part(data, name), name
    # Theme font attributes would override the explicit names.
    assert not re.search(r"w:(ascii|hAnsi|eastAsia|cs)[tT]heme=", styles)
    assert f'w:themeFontLang w:val="en-US" w:eastAsia="{east_asian_lang}"' in settings

    document = open_docx(data)
    defaults = document.styles.element.find(qn("w:docDefaults"))
    rpr = defaults.find(qn("w:rPrDefault")).find(qn("w:rPr"))
    assert rpr.find(qn("w:rFonts")).get(qn("w:eastAsia"))
    assert rpr.find(qn("w:lang")).get(qn("w:eastAsia")) == east_asian_lang
    for name in ("Normal", *ARTICLE_STYLES):
        rfonts = document.styles[name].element.find(qn("w:rPr")).find(qn("w:rFonts"))
        assert rfonts.get(qn("w:eastAsia")), name


# ------------------------------------------------------------------------------------ the seed


def test_seed_paragraphs_use_the_article_styles(seed_model: Article) -> None:
    data = render(seed_model)
    assert_whole_text(data, seed_model)
    names = [p.style.name for p in open_docx(data).paragraphs]
    assert names[:2] == ["Article Title", "Article Meta"]
    assert names.count("Article Highlight") == 5
    assert names.count("Article Body") == 11
    assert names[-1] == "Article Editor"
    # Paragraphs carry a style and nothing visible of their own: no direct formatting.
    body = part(data, "word/document.xml")
    for tag in ("w:jc", "w:ind", "w:spacing", "w:sz", "w:color", "w:b"):
        assert f"<{tag} " not in body and f"<{tag}/>" not in body, tag


def test_style_definitions(seed_model: Article) -> None:
    document = open_docx(render(seed_model))
    styles = document.styles

    def ppr(name: str) -> object:
        return styles[name].element.find(qn("w:pPr"))

    title = styles["Article Title"]
    assert title.base_style.name == "Title"
    assert ppr("Article Title").find(qn("w:outlineLvl")).get(qn("w:val")) == "0"

    body = ppr("Article Body")
    ind = body.find(qn("w:ind"))
    assert ind.get(qn("w:firstLineChars")) == "200" and ind.get(qn("w:firstLine")) == "480"
    assert body.find(qn("w:jc")).get(qn("w:val")) == "both"
    # Lines exactly 1.75 times the 12 pt type, like the PDF's leading.
    spacing = body.find(qn("w:spacing"))
    assert (spacing.get(qn("w:line")), spacing.get(qn("w:lineRule"))) == ("420", "exact")
    size = styles["Article Body"].font.size.pt
    assert int(spacing.get(qn("w:line"))) == round(1.75 * size * 20)

    # Punctuation compression and automatic Han–Latin spacing, as in the PDF.
    settings = document.settings.element
    control = settings.find(qn("w:characterSpacingControl"))
    assert control.get(qn("w:val")) == "compressPunctuation"
    defaults = document.styles.element.find(qn("w:docDefaults")).find(qn("w:pPrDefault"))
    for tag in ("w:autoSpaceDE", "w:autoSpaceDN", "w:kinsoku"):
        assert defaults.find(qn("w:pPr")).find(qn(tag)).get(qn("w:val")) == "1"

    assert ppr("Article Editor").find(qn("w:jc")).get(qn("w:val")) == "right"
    assert styles["Article Meta"].font.size.pt < styles["Article Body"].font.size.pt

    # Highlights: shaded, and the ■ is list numbering tied to the style, not text.
    highlight = ppr("Article Highlight")
    assert highlight.find(qn("w:shd")) is not None
    num_id = highlight.find(qn("w:numPr")).find(qn("w:numId")).get(qn("w:val"))
    numbering = part(render(seed_model), "word/numbering.xml")
    assert f'w:numId="{num_id}"' in numbering and 'w:lvlText w:val="■"' in numbering


def test_seed_fonts(seed_model: Article) -> None:
    data = render(seed_model)
    assert_chinese_fonts(data)
    styles = open_docx(data).styles
    rfonts = styles["Article Body"].element.find(qn("w:rPr")).find(qn("w:rFonts"))
    assert rfonts.get(qn("w:eastAsia")) == "SimSun"
    assert rfonts.get(qn("w:ascii")) == "Times New Roman"
    rfonts = styles["Article Title"].element.find(qn("w:rPr")).find(qn("w:rFonts"))
    assert rfonts.get(qn("w:eastAsia")) == "SimHei"
    font_table = part(data, "word/fontTable.xml")
    assert 'w:name="SimSun"' in font_table and 'w:altName w:val="宋体"' in font_table
    assert "ＭＳ" not in font_table


def test_seed_core_properties(seed_model: Article) -> None:
    data = render(seed_model)
    core = open_docx(data).core_properties
    assert core.title == seed_model.title
    assert core.author == "张家华、晨迪"
    assert core.subject == "成都日报"
    assert core.keywords == "成渝经济网; 成都日报"
    assert core.language == "zh-CN"
    assert core.last_modified_by == "docconv"
    assert core.revision == 1
    utc = datetime(2021, 3, 22, 23, 6, 57, tzinfo=timezone.utc)  # 07:06:57 +08:00
    assert core.created == utc and core.modified == utc
    core_xml = part(data, "docProps/core.xml")
    assert "2013" not in core_xml and "python-docx" not in core_xml
    assert "docconv" in part(data, "docProps/app.xml")


def test_no_publish_time_means_no_dates() -> None:
    data = render(Article(title="无日期", paragraphs=("正文。",)))
    core = open_docx(data).core_properties
    assert core.created is None and core.modified is None
    assert "2013" not in part(data, "docProps/core.xml")


def test_output_is_deterministic(seed_model: Article) -> None:
    first = render(seed_model)
    assert render(seed_model) == first
    archive = zipfile.ZipFile(io.BytesIO(first))
    assert archive.namelist()[0] == "[Content_Types].xml"
    assert {info.date_time for info in archive.infolist()} == {(1980, 1, 1, 0, 0, 0)}
    # A fresh process (new template, new hash seed) writes the same bytes.
    script = (
        "import json, sys, docconv\n"
        "from docconv import Article\n"
        f"a = Article.from_dict(json.loads(open({str(SEED_TXT.parent / 'expected.json')!r},"
        " encoding='utf-8').read()))\n"
        "docconv.write(a, sys.stdout.buffer, 'docx')\n"
    )
    other = subprocess.run([sys.executable, "-c", script], capture_output=True, check=True,
                           cwd=Path(__file__).parents[2]).stdout
    assert other == first


def test_read_and_convert_the_seed_file(tmp_path: Path, seed_expected: dict) -> None:
    target = tmp_path / "seed.docx"
    docconv.convert(SEED_TXT, target)
    assert_whole_text(target.read_bytes(), Article.from_dict(seed_expected))


# ---------------------------------------------------------------------------- the dev corpus


@pytest.mark.parametrize("path", DEV_TXT, ids=[p.stem for p in DEV_TXT])
def test_dev_corpus(path: Path) -> None:
    article = docconv.read(path)
    data = render(article)
    assert_whole_text(data, article)
    assert_chinese_fonts(data, article.lang_tag)
    core = open_docx(data).core_properties
    if len(display_title(article)) <= 255:
        assert core.title == display_title(article)
    assert core.language == article.lang_tag
    if article.published:
        assert core.created == article.published.astimezone(timezone.utc)


# ------------------------------------------------------------------------------- edge cases


def test_traditional_chinese_uses_taiwan_fonts_and_language() -> None:
    article = Article(title="平鎮輪胎行惡火", paragraphs=("桃園市平鎮區一家輪胎行。",),
                      language="zh-Hant")
    data = render(article)
    assert_chinese_fonts(data, "zh-TW")
    styles = open_docx(data).styles
    body = styles["Article Body"].element.find(qn("w:rPr")).find(qn("w:rFonts"))
    assert body.get(qn("w:eastAsia")) == "PMingLiU"
    assert open_docx(data).core_properties.language == "zh-TW"


def test_options_override_fonts_and_page(seed_model: Article) -> None:
    data = render(seed_model, body_font="Noto Serif CJK SC", heading_font="Noto Sans CJK SC",
                  latin_body_font="Georgia", page_size="Letter")
    document = open_docx(data)
    body = document.styles["Article Body"].element.find(qn("w:rPr")).find(qn("w:rFonts"))
    assert (body.get(qn("w:eastAsia")), body.get(qn("w:ascii"))) == ("Noto Serif CJK SC",
                                                                      "Georgia")
    title = document.styles["Article Title"].element.find(qn("w:rPr")).find(qn("w:rFonts"))
    assert title.get(qn("w:eastAsia")) == "Noto Sans CJK SC"
    assert document.sections[0].page_width.inches == pytest.approx(8.5)
    assert_chinese_fonts(data)
    # The default is A4, and a different option set did not leak into it (template cache).
    assert open_docx(render(seed_model)).sections[0].page_width.mm == pytest.approx(210, abs=0.1)


def test_bad_options_are_format_errors(seed_model: Article) -> None:
    with pytest.raises(docconv.FormatError, match="page size"):
        render(seed_model, page_size="A3000")
    with pytest.raises(docconv.FormatError, match="empty"):
        render(seed_model, body_font=" ")


def test_hostile_text_survives(hostile_article: Article) -> None:
    data = render(hostile_article)
    assert_whole_text(data, hostile_article)
    text = "\n".join(p.text for p in open_docx(data).paragraphs)
    for piece in ("𠮷", "𬭚", "😀👍🏽", "한국어", "]]>", "<script>", "&amp;", "</p></body>"):
        assert piece in text
    assert open_docx(data).core_properties.author == "张三<b>、李四&王五"


def test_empty_article_and_long_fields() -> None:
    data = render(Article(title=""))
    assert [p.text for p in open_docx(data).paragraphs] == ["无标题"]
    long_title = "长" * 300
    data = render(Article(title=long_title, authors=("作者",) * 100, highlights=("要点",) * 80,
                          published=datetime(2020, 1, 1, tzinfo=timezone(timedelta(hours=8)))))
    document = open_docx(data)
    assert document.paragraphs[0].text == long_title  # the text is whole …
    assert len(document.core_properties.title) == 255  # … the property is clipped as Word does


def test_subtitle_has_its_style() -> None:
    article = Article(title="主标题", subtitle="副标题", paragraphs=("正文。",))
    assert_whole_text(render(article), article)


# ---------------------------------------------------------------- LibreOffice renders it whole


def _libreoffice_pdf(docx_path: Path, out_dir: Path) -> Path:
    soffice = which("soffice") or which("libreoffice")
    require_tool("soffice (LibreOffice)", soffice)
    profile = (out_dir / "profile").as_uri()  # own profile: no clash with a running instance
    subprocess.run(
        [str(soffice), f"-env:UserInstallation={profile}", "--headless", "--convert-to", "pdf",
         "--outdir", str(out_dir), str(docx_path)],
        check=True, capture_output=True, timeout=180,
    )
    pdf = out_dir / (docx_path.stem + ".pdf")
    assert pdf.exists(), "LibreOffice wrote no PDF"
    return pdf


@pytest.fixture(scope="module")
def seed_pdf(tmp_path_factory: pytest.TempPathFactory, seed_model: Article) -> Path:
    folder = tmp_path_factory.mktemp("docx-lo")
    source = folder / "seed.docx"
    source.write_bytes(render(seed_model))
    return _libreoffice_pdf(source, folder)


def _squash(text: str) -> str:
    return re.sub(r"\s+", "", text)


def test_libreoffice_renders_the_whole_seed(seed_pdf: Path, seed_model: Article) -> None:
    text = pdftotext(seed_pdf)
    # Drop the running head (site) and foot (第 n 页 / 共 N 页) that interrupt paragraphs at
    # page breaks.
    lines = [line for line in text.replace("\f", "\n").splitlines()
             if line.strip() != seed_model.site and not FOLIO.fullmatch(line.strip())]
    flat = _squash("\n".join(lines)).replace("■", "")
    for piece in (seed_model.title, *seed_model.highlights, *seed_model.paragraphs,
                  editor_line(seed_model) or ""):
        assert _squash(piece) in flat, piece[:20]


def test_libreoffice_embeds_every_font(seed_pdf: Path) -> None:
    rows = pdffonts(seed_pdf)
    assert rows and all(row["emb"] == "yes" for row in rows)  # every font embedded


def test_libreoffice_renders_chinese_in_song_and_hei(seed_pdf: Path) -> None:
    require_tool("fc-list (fontconfig)", which("fc-list"))
    noto = subprocess.run(["fc-list", ":lang=zh-cn", "family"], capture_output=True,
                          text=True).stdout
    require_tool("Noto Serif CJK and Noto Sans CJK (fonts-noto-cjk)",
                 "Noto Serif CJK" in noto and "Noto Sans CJK" in noto)
    # SimSun is known to fontconfig as serif, so the body falls back to a Song face; the
    # Hei title to a sans one. (Noto CJK's PostScript names say "jp" for every language:
    # the collection shares one CFF; w:lang=zh-CN selects the mainland glyphs.)
    names = " ".join(row["name"] for row in pdffonts(seed_pdf))
    assert "NotoSerifCJK" in names and "NotoSansCJK" in names


def test_footer_counts_pages_like_the_pdf(seed_model: Article) -> None:
    footer = open_docx(render(seed_model)).sections[0].footer.paragraphs[0]._p
    fields = [f.get(qn("w:instr")).strip() for f in footer.iter(qn("w:fldSimple"))]
    assert fields == ["PAGE", "NUMPAGES"]
    text = "".join(t.text or "" for t in footer.iter(qn("w:t")))
    assert FOLIO.fullmatch(text), text  # 第 1 页 / 共 1 页, the fields showing 1
