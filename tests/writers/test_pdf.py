"""The PDF writer, checked with the real tools: pdffonts, qpdf, pdftotext (poppler-utils)."""

from __future__ import annotations

import io
import random
import re
import subprocess
import sys
import unicodedata
import warnings
from datetime import datetime, timedelta, timezone
from pathlib import Path

import pypdf
import pytest
from conftest import DEV_TXT, SEED_TXT, pdffonts, pdftotext, require_tool, which

import docconv
from docconv import font_files as fonts
from docconv.errors import FormatError
from docconv.writers.cjk import NO_END, NO_START

BEIJING = timezone(timedelta(hours=8))
FOLIO = re.compile(r"^第\s*\d+\s*[页頁]\s*/\s*共\s*\d+\s*[页頁]$")
FONTS_DIR = Path(__file__).resolve().parents[2] / "fonts"
# A CFF (OpenType/PostScript) collection, from Debian's fonts-noto-cjk.
NOTO_CJK_CFF = Path("/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc")


# ---------------------------------------------------------------------------------------------
# helpers


def render(article: docconv.Article, path: Path, **options: object) -> Path:
    docconv.write(article, path, options=options or None)
    return path


def render_noting_missing(article: docconv.Article, path: Path, **options: object) -> str:
    """Render; return the characters the writer reported that no font has (those may
    legitimately be absent from the text: they were not lost silently)."""
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        render(article, path, **options)
    return "".join(w.message.chars for w in caught  # type: ignore[union-attr]
                   if issubclass(w.category, fonts.MissingGlyphsWarning))


def flat(text: str) -> str:
    return re.sub(r"\s+", "", text)


def undoubled(text: str) -> str:
    """pdftotext drops a character drawn over the same character (its cure for fake bold), so
    repeated zero-width marks (combining accents, format controls) come out once."""
    return re.sub(r"(.)\1+", lambda m: m[1] if unicodedata.category(m[1]) in ("Mn", "Me", "Cf")
                  else m[0], text)


def body_text(text: str, article: docconv.Article) -> str:
    """pdftotext output without the page furniture: folios everywhere, and on pages after
    the first the running head (site, title possibly cut with …) that can land between the
    two halves of a paragraph carried over. Compared as pdftotext gives them: a title of
    doubled combining marks comes out with each mark once."""
    site = undoubled(flat(article.site or article.source or ""))
    title = undoubled(flat(article.title))
    kept = []
    for number, page in enumerate(text.split("\f"), 1):
        for line in page.splitlines():
            bare = undoubled(flat(line))
            if FOLIO.match(line.strip()):
                continue
            if number > 1 and bare and (
                bare == site or bare == title
                or (bare.endswith("…") and title.startswith(bare[:-1]))
            ):
                continue
            kept.append(bare)
    return "".join(kept)


def kinsoku_violations(text: str) -> list[str]:
    bad = []
    for line in text.splitlines():
        line = line.strip()
        if line and (line[0] in NO_START or line[-1] in NO_END):
            bad.append(line)
    return bad


def assert_sound_pdf(path: Path, article: docconv.Article, missing: str = "") -> str:
    """Every font an embedded subset, qpdf happy, all text back (except `missing`, the
    characters reported as in no font), no line-breaking faults."""
    rows = pdffonts(path)
    assert rows, "no fonts at all?"
    for row in rows:
        assert row["emb"] == "yes" and row["sub"] == "yes" and row["uni"] == "yes", row
        assert re.match(r"^[A-Z]{6}\+", row["name"]), row
    require_tool("qpdf", which("qpdf"))
    check = subprocess.run(["qpdf", "--check", str(path)], capture_output=True, text=True)
    assert check.returncode == 0, check.stdout + check.stderr
    text = pdftotext(path)
    drop = str.maketrans("", "", missing)
    got = body_text(text, article).translate(drop)
    for piece in (article.title, *article.highlights, *article.paragraphs):
        assert flat(piece).translate(drop) in got, f"lost from the PDF text: {piece[:60]}"
    assert kinsoku_violations(text) == []
    return text


# ---------------------------------------------------------------------------------------------
# the seed and the dev corpus


def test_seed(tmp_path: Path, seed_article: docconv.Article) -> None:
    path = tmp_path / "seed.pdf"
    assert render_noting_missing(seed_article, path) == ""  # the bundled fonts cover it
    text = assert_sound_pdf(path, seed_article)
    assert "第 1 页 / 共" in text or "第1页/共" in flat(text)


@pytest.mark.parametrize("source", DEV_TXT, ids=[p.stem for p in DEV_TXT])
def test_dev_corpus(tmp_path: Path, source: Path) -> None:
    # Every character of the dev corpus is in a bundled font (SC or TC); anything outside
    # would come from a system font when there is one, else be reported; never lost.
    article = docconv.read(source)
    path = tmp_path / f"{source.stem}.pdf"
    missing = render_noting_missing(article, path)
    assert_sound_pdf(path, article, missing)


def test_expected_seed_fields_are_all_printed(tmp_path: Path, seed_expected: dict) -> None:
    # The parsed seed (as the contract's JSON) has every field set: all must show.
    article = docconv.Article.from_dict(seed_expected)
    path = render(article, tmp_path / "seed.pdf")
    text = flat(assert_sound_pdf(path, article))
    for piece in (article.site, article.source, *article.authors, article.editor,
                  "2021年3月23日"):
        assert piece and flat(piece) in text


# ---------------------------------------------------------------------------------------------
# line breaking


PUNCT_HEAVY = (
    "他说：“我们要坚持‘以人民为中心’，把工作做实、做细。”（记者 张三）"
    "据《人民日报》报道，2021年GDP增长8.1%，其中第三产业贡献率达54.9%……"
    "专家指出——这是“十四五”的良好开局！reportlab、Internationalization与"
    "ASLR（Address Space Layout Randomization）都是英文词。"
    "问题是：为什么？答案是：因为「制度」『优势』【明显】〔确实〕。"
)


def test_narrow_column_obeys_line_breaking_rules(tmp_path: Path) -> None:
    article = docconv.Article(
        title="窄栏测试：“标点”不能出现在行首（或行尾）",
        paragraphs=(PUNCT_HEAVY, PUNCT_HEAVY[7:], PUNCT_HEAVY[13:]),
        highlights=(PUNCT_HEAVY[:60],),
    )
    for width in (150, 170, 190, 230):  # 8 to 15 characters a line
        path = render(article, tmp_path / f"narrow{width}.pdf",
                      page_size=(width, 700), margin=4, running_heads=False)
        text = assert_sound_pdf(path, article)
        lines = [ln for ln in text.splitlines() if ln.strip()]
        assert len(lines) > 20  # really narrow
        # Latin words that fit on a line are never split.
        for word in ("reportlab", "Address", "Layout", "8.1%", "54.9%", "2021"):
            assert any(word in ln for ln in lines), (width, word)


def _widths(text: str) -> list[float]:
    return [0.5 if ord(c) < 0x2E80 else 1.0 for c in text]


def test_break_lines_opening_mark_beats_keeping_a_word_whole() -> None:
    # The known flaw of the first draft: "ASLR（" | "Address…" kept the word whole but left
    # an opening bracket at the end of the line.
    from docconv.writers.pdf.linebreak import break_lines

    text = "中文中文ASLR（Address Space Layout）中文“Internationalization”中文"
    for measure in range(6, 16):
        lines = [text[s:e] for s, e, _, _ in break_lines(text, _widths(text), [measure])]
        for line in lines:
            assert line[-1] not in NO_END, (measure, lines)
            assert line[0] not in NO_START, (measure, lines)


def test_break_lines_properties() -> None:
    """Random text: nothing lost, rules kept, words that fit kept whole, lines fit."""
    from docconv.writers.pdf.linebreak import break_lines, is_word_char

    ordinary = list("中文政法工作的绝对领导强化政治担当勇于自我革命") + list("abcXYZ0123") + [" "]
    closing = sorted(NO_START - {" "})
    opening = sorted(NO_END)
    rng = random.Random(5)
    for _ in range(400):
        chars: list[str] = []
        for _ in range(rng.randint(1, 120)):
            roll = rng.random()
            # specials never touch each other: then a legal break always exists
            if roll < 0.12 and chars and chars[-1] in ordinary:
                chars.append(rng.choice(closing))
            elif roll < 0.22 and (not chars or chars[-1] in ordinary):
                chars.append(rng.choice(opening))
                chars.append(rng.choice(ordinary[:24]))
            else:
                chars.append(rng.choice(ordinary))
        text = "".join(chars).strip()
        if not text:
            continue
        widths = _widths(text)
        measure = rng.choice([4, 5, 7, 10, 16])
        hang = rng.choice([0.0, 1.0])
        lines = break_lines(text, widths, [measure], hang=hang)
        rebuilt = "".join(text[s:nxt] for s, _, nxt, _ in lines)
        assert flat(rebuilt) == flat(text)
        for k, (s, e, nxt, _) in enumerate(lines):
            line = text[s:e]
            assert line and line == line.strip()
            assert line[0] not in NO_START or k == 0, (measure, text, line)
            assert line[-1] not in NO_END or k == len(lines) - 1, (measure, text, line)
            width = sum(widths[s:e])
            assert width <= measure + hang + 1e-6 or e - s == 1
            if width > measure + 1e-6:  # only a hanging closing mark may stick out
                assert line[-1] in NO_START
            if k < len(lines) - 1 and e == nxt and is_word_char(text[e - 1]) \
                    and is_word_char(text[e]):
                lo, hi = e, e
                while lo > 0 and is_word_char(text[lo - 1]):
                    lo -= 1
                while hi < len(text) and is_word_char(text[hi]):
                    hi += 1
                assert sum(widths[lo:hi]) > measure, ("split a word that fits", text, line)


def test_paragraph_split_across_pages_adds_no_spaces(tmp_path: Path) -> None:
    # reportlab rejoins a carried-over paragraph with a space per line; in Chinese that
    # would put stray spaces into the text. One paragraph spanning several pages, both as a
    # single run and as several runs (a fallback font in the middle of it).
    sentence = "坚持党对政法工作的绝对领导，强化政治担当、勇于自我革命。"
    long_para = sentence * 60
    article = docconv.Article(title="跨页段落", paragraphs=(long_para, "한국어" + long_para))
    path = render(article, tmp_path / "split.pdf", page_size="A5", running_heads=False)
    text = pdftotext(path)
    assert text.count("\f") >= 3
    got = re.sub(r"\n+", "", text.replace("\f", ""))
    # within a line pdftotext keeps real spaces; there must be none inside the paragraph
    assert sentence * 3 in got
    assert " " not in got.replace("跨页段落", "").strip()


# ---------------------------------------------------------------------------------------------
# text stays text: escaping, non-BMP, fallback


def test_markup_characters_non_bmp_kana_and_hangul_extract(tmp_path: Path) -> None:
    paragraphs = (
        "价格 5 < 10 元，x<y且y>z，a<b>c，A&B公司，&amp; 与 &#x4e2d; 原样保留。",
        "<script>alert('x')</script> ]]> \"双引号\" '单引号' </p></body>",
        "非基本平面：吉𬭚野家，𬘡𬌗。",
        "日文かなカナ，韩文한국어 대한민국。",
    )
    article = docconv.Article(
        title="转义 <b>&</b> 与 𬭚", paragraphs=paragraphs, site="站<i>&", editor="编辑&<",
        authors=("张<三>",), published=datetime(2021, 3, 23, 7, 6, 57, tzinfo=BEIJING),
    )
    with warnings.catch_warnings():
        warnings.simplefilter("error", fonts.MissingGlyphsWarning)  # the bundled fonts suffice
        path = render(article, tmp_path / "escape.pdf")
    text = flat(assert_sound_pdf(path, article))
    for piece in ("站<i>&", "编辑&<", "张<三>"):
        assert flat(piece) in text


def test_character_missing_from_bundled_fonts_falls_back_or_warns(tmp_path: Path) -> None:
    # 𠮷 (U+20BB7) is not among the 8105 standard characters, so the bundled fonts lack it.
    # Where a system font has it (converted from CFF if need be), it must show and extract;
    # otherwise the writer must say so.
    article = docconv.Article(title="吉𠮷野家", paragraphs=("正文：吉𠮷野家的𠮷。",))
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        path = render(article, tmp_path / "fallback.pdf")
    missing = "".join(str(w.message) for w in caught
                      if issubclass(w.category, fonts.MissingGlyphsWarning))
    face = fonts.locate("𠮷")["𠮷"]
    if face is not None:  # embeddable, or CFF converted to TrueType on the fly
        assert missing == ""
        assert_sound_pdf(path, article)
    else:
        assert "𠮷" in missing and "U+20BB7" in missing


def test_converted_fallback_font_carries_no_clock() -> None:
    # A CFF face converted for fallback keeps its own head.modified: with the clock there,
    # the PDF's bytes would change from one run to the next.
    from fontTools.ttLib import TTFont

    require_tool(f"{NOTO_CJK_CFF.name} (fonts-noto-cjk)", NOTO_CJK_CFF.is_file())
    spec = fonts.FontSpec(NOTO_CJK_CFF, 2)
    data = fonts.cff_subset_as_truetype(spec, frozenset("𠮷한"))
    with TTFont(str(NOTO_CJK_CFF), fontNumber=2, lazy=True) as source:
        assert TTFont(io.BytesIO(data))["head"].modified == source["head"].modified


def test_character_nobody_has_is_reported_and_still_extracts(tmp_path: Path) -> None:
    # Drawn as a placeholder (〓), but the text layer keeps the real character.
    # 龘 is in neither bundled set (峇, once the example here, is in the TC one now).
    article = docconv.Article(title="表情", paragraphs=("笑脸😀在此，龘字。",))
    path = tmp_path / "emoji.pdf"
    with pytest.warns(fonts.MissingGlyphsWarning, match="U\\+1F600") as caught:
        render(article, path, system_fonts=False)
    assert set(caught[0].message.chars) == {"😀", "龘"}  # type: ignore[union-attr]
    assert "笑脸😀在此，龘字。" in flat(pdftotext(path))


def test_user_fallback_font_is_used(tmp_path: Path) -> None:
    dejavu = next(iter(Path("/usr/share/fonts").rglob("DejaVuSans.ttf")), None) \
        if Path("/usr/share/fonts").is_dir() else None
    require_tool("DejaVuSans.ttf (fonts-dejavu-core)", dejavu)
    article = docconv.Article(title="表情", paragraphs=("笑脸 😀 在此。",))
    with warnings.catch_warnings():
        warnings.simplefilter("error", fonts.MissingGlyphsWarning)
        path = render(article, tmp_path / "emoji.pdf", system_fonts=False,
                      fallback_fonts=[str(dejavu)])
    assert any("DejaVuSans" in row["name"] for row in pdffonts(path))
    assert_sound_pdf(path, article)


def test_to_unicode_cmap_writes_surrogate_pairs() -> None:
    from docconv.writers.pdf.linebreak import make_to_unicode_cmap

    cmap = make_to_unicode_cmap("X", [0x20, 0x4E2D, 0x20BB7])
    assert "<00> <0020>" in cmap and "<01> <4E2D>" in cmap and "<02> <D842DFB7>" in cmap


# A plain reportlab document of someone else's, built before and after a docconv PDF in one
# process. A fresh interpreter: earlier tests in this session have long installed the patches.
PLAIN_REPORTLAB = """
import io, sys
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.pdfgen.canvas import Canvas
import docconv

def plain():
    out = io.BytesIO()
    canvas = Canvas(out, invariant=1)
    canvas.setFont("UserSerif", 12)
    canvas.drawString(72, 720, "user text: 吉\U0002CB5A野家")  # non-BMP: the patched case
    canvas.save()
    return out.getvalue()

pdfmetrics.registerFont(TTFont("UserSerif", sys.argv[1]))
before = plain()
article = docconv.Article(title="吉\U0002CB5A野家", paragraphs=("正文：吉\U0002CB5A野家。",))
docconv.write(article, io.BytesIO(), "pdf")
after = plain()
sys.stdout.write("same" if after == before else "changed")
"""


def test_other_reportlab_documents_are_left_alone() -> None:
    # The patches act only on docconv's own documents: a user's reportlab PDF comes out
    # byte for byte as it did before docconv wrote anything.
    done = subprocess.run([sys.executable, "-c", PLAIN_REPORTLAB,
                           str(FONTS_DIR / "NotoSerifSC-Regular.ttf")],
                          capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    assert done.stdout == "same"


# ---------------------------------------------------------------------------------------------
# fonts chosen by the user


def test_other_truetype_fonts_can_be_configured(tmp_path: Path,
                                                seed_article: docconv.Article) -> None:
    sans = FONTS_DIR / "NotoSansSC-Regular.ttf"
    path = render(seed_article, tmp_path / "sans.pdf", body_font=str(sans))
    names = {row["name"].split("+")[1] for row in pdffonts(path)}
    assert not any("Serif" in n for n in names), names
    assert_sound_pdf(path, seed_article)


def test_bad_font_options_fail_clearly(tmp_path: Path) -> None:
    not_a_font = tmp_path / "x.ttf"
    not_a_font.write_bytes(b"not a font")
    article = docconv.Article(title="题")
    with pytest.raises(FormatError, match="x.ttf"):
        render(article, tmp_path / "a.pdf", body_font=str(not_a_font))
    with pytest.raises(FormatError, match="not found"):
        render(article, tmp_path / "b.pdf", heading_font=str(tmp_path / "none.ttf"))
    with pytest.raises(FormatError, match="page size"):
        render(article, tmp_path / "c.pdf", page_size="B5")
    assert not (tmp_path / "a.pdf").exists()  # no partial output


def test_cff_font_option_fails_clearly(tmp_path: Path) -> None:
    require_tool(f"{NOTO_CJK_CFF.name} (fonts-noto-cjk)", NOTO_CJK_CFF.is_file())
    with pytest.raises(FormatError, match="TrueType"):
        render(docconv.Article(title="题"), tmp_path / "d.pdf", body_font=f"{NOTO_CJK_CFF}#2")


# ---------------------------------------------------------------------------------------------
# document properties


def test_metadata_outline_language_and_no_base14_font(tmp_path: Path,
                                                      seed_expected: dict) -> None:
    article = docconv.Article.from_dict(seed_expected)
    path = render(article, tmp_path / "meta.pdf")
    reader = pypdf.PdfReader(str(path))
    info = reader.metadata
    assert info["/Title"] == article.title
    assert info["/Author"] == "张家华、晨迪"
    assert info["/Subject"].startswith(article.highlights[0][:20])
    assert "成都日报" in info["/Keywords"]
    assert info["/Creator"].startswith("docconv")
    assert info["/CreationDate"] == "D:20210323070657+08'00'"
    assert info["/ModDate"] == "D:20210323070657+08'00'"
    root = reader.trailer["/Root"]
    assert root["/Lang"] == "zh-CN"
    assert [entry["/Title"] for entry in reader.outline] == [article.title]
    raw = path.read_bytes()
    assert b"Helvetica" not in raw and b"Times-Roman" not in raw


def test_no_date_means_no_invented_date(tmp_path: Path) -> None:
    path = render(docconv.Article(title="无日期", paragraphs=("正文。",)), tmp_path / "n.pdf")
    info = pypdf.PdfReader(str(path)).metadata
    assert "/CreationDate" not in info and "/ModDate" not in info


def test_output_is_deterministic(seed_article: docconv.Article) -> None:
    outputs = set()
    for _ in range(2):
        out = io.BytesIO()
        docconv.write(seed_article, out, "pdf")
        outputs.add(out.getvalue())
    assert len(outputs) == 1


@pytest.mark.parametrize(("size", "points"), [
    ("A4", (595.3, 841.9)), ("A5", (419.5, 595.3)), ("Letter", (612.0, 792.0)),
])
def test_page_sizes(tmp_path: Path, seed_article: docconv.Article, size: str,
                    points: tuple[float, float]) -> None:
    path = render(seed_article, tmp_path / f"{size}.pdf", page_size=size)
    box = pypdf.PdfReader(str(path)).pages[0].mediabox
    assert (round(float(box.width), 1), round(float(box.height), 1)) == points
    assert_sound_pdf(path, seed_article)


def test_hostile_article(tmp_path: Path, hostile_article: docconv.Article) -> None:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", fonts.MissingGlyphsWarning)  # emoji: system-dependent
        path = render(hostile_article, tmp_path / "hostile.pdf")
    text = flat(pdftotext(path))
    for piece in ("<script>alert(1)</script>", "x<y且y>z", "a<b>c", "&amp;", "한국어",
                  "かなカナ", "𬭚", "第二段：</script><!---->", "站点<i>&"):
        assert flat(piece) in text, piece


def test_seed_source_file_renders(tmp_path: Path) -> None:
    # End to end through the public API, from the raw file.
    out = tmp_path / "seed.pdf"
    docconv.convert(SEED_TXT, out)
    assert out.read_bytes().startswith(b"%PDF-")


def test_a_combining_mark_without_a_base_is_set_on_one(tmp_path: Path) -> None:
    """A paragraph that starts with a combining mark: alone the mark has no width and would
    hang left of the text block; set on a no-break space, it is drawn inside it."""
    path = tmp_path / "marks.pdf"
    docconv.write(docconv.Article(title="标题", paragraphs=("\u0300正文。", "正文。")), path)
    require_tool("pdftotext (poppler-utils)", which("pdftotext"))
    layout = subprocess.run(["pdftotext", "-bbox-layout", "-enc", "UTF-8", str(path), "-"],
                            capture_output=True, text=True, check=True).stdout
    left = {word: float(x) for x, word in re.findall(r'<word xMin="([\d.]+)"[^>]*>([^<]*)<',
                                                     layout)}
    assert left["\u0300"] > left["正文。"], layout
