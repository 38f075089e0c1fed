"""docconv.font_files and the bundled fonts: the SC and TC sets, and how fallback ranks faces."""

from __future__ import annotations

import warnings
from pathlib import Path

import pytest
from conftest import DEV_TXT, pdffonts, require_tool

import docconv
from docconv import font_files as fonts

FONTS_DIR = Path(__file__).resolve().parents[2] / "fonts"
NOTO_CJK = Path("/usr/share/fonts/opentype/noto")


def _cmap(name: str) -> dict[int, str]:
    from fontTools.ttLib import TTFont

    with TTFont(str(FONTS_DIR / name), lazy=True) as font:
        return dict(font.getBestCmap())


# ---------------------------------------------------------------------------------------------
# the bundled files


@pytest.mark.parametrize("name", [*fonts.BUNDLED.values(), *fonts.BUNDLED_TC.values()])
def test_bundled_font_is_embeddable_truetype(name: str) -> None:
    faces = fonts.read_faces(FONTS_DIR / name)
    assert len(faces) == 1 and faces[0].embeddable, name


def test_tc_fonts_are_the_tc_faces_and_cover_taiwan_and_hong_kong_text() -> None:
    from fontTools.ttLib import TTFont

    for name in fonts.BUNDLED_TC.values():
        with TTFont(str(FONTS_DIR / name), lazy=True) as font:
            assert " TC" in font["name"].getDebugName(1), name  # "Noto Sans CJK TC"
        cmap = _cmap(name)
        # Big5 level 1 and level 2 names, Hong Kong forms and Cantonese, centred punctuation.
        for char in "衞峇啲嘅咗喺冇禠瑋碁囧嬅綫裏，。、；：！？「」『』":
            assert ord(char) in cmap, (name, char)
    # The TC fonts leave simplified-only hanzi and Hangul to the SC ones, which have them.
    sc, tc = _cmap(fonts.BUNDLED["serif"]), _cmap(fonts.BUNDLED_TC["serif"])
    assert ord("们") in sc and ord("们") not in tc
    assert ord("한") in sc and ord("한") not in tc


def test_tc_punctuation_is_centred_and_sc_punctuation_is_not() -> None:
    # The point of the TC faces: ，。 sit in the middle of the em box in Taiwan typesetting,
    # bottom left on the mainland.
    from fontTools.ttLib import TTFont

    def centre_x(name: str, char: str) -> float:
        with TTFont(str(FONTS_DIR / name), lazy=True) as font:
            glyph = font.getBestCmap()[ord(char)]
            font["glyf"][glyph].recalcBounds(font["glyf"])
            g = font["glyf"][glyph]
            return (g.xMin + g.xMax) / 2 / font["head"].unitsPerEm

    for char in "，。":
        assert 0.4 < centre_x(fonts.BUNDLED_TC["serif"], char) < 0.6
        assert centre_x(fonts.BUNDLED["serif"], char) < 0.35


def test_bundled_set_by_language() -> None:
    assert fonts.bundled_font("serif", "zh-Hant").name == "NotoSerifTC-Regular.ttf"
    assert fonts.bundled_font("sans_bold", "zh-Hant").name == "NotoSansTC-Bold.ttf"
    assert fonts.bundled_font("serif").name == "NotoSerifSC-Regular.ttf"
    assert fonts.bundled_font("sans", "und").name == "NotoSansSC-Regular.ttf"


# ---------------------------------------------------------------------------------------------
# ranking fallback faces


def _face(name: str, path: str, outlines: str = "TrueType", index: int = 0) -> fonts.Face:
    return fonts.Face(fonts.FontSpec(Path(path), index), outlines, name)


KAI = _face("AR PL KaitiM Big5", "/f/bkai00mp.ttf")
MINGTI = _face("AR PL Mingti2L Big5", "/f/bsmi00lp.ttf")
SANS_TC_BOLD = _face("Noto Sans CJK TC Bold", "/f/NotoSansCJK-Bold.ttc", "CFF", 3)
SANS_SC_BOLD = _face("Noto Sans CJK SC Bold", "/f/NotoSansCJK-Bold.ttc", "CFF", 2)
SANS_TC = _face("Noto Sans CJK TC", "/f/NotoSansCJK-Regular.ttc", "CFF", 3)
SERIF_TC = _face("Noto Serif CJK TC", "/f/NotoSerifCJK-Regular.ttc", "CFF", 3)
MONO_TC_BOLD = _face("Noto Sans Mono CJK TC Bold", "/f/NotoSansCJK-Bold.ttc", "CFF", 8)
WQY = _face("WenQuanYi Zen Hei", "/f/wqy-zenhei.ttc")
DEJAVU = _face("DejaVu Sans", "/f/DejaVuSans.ttf")
ALL = (KAI, MINGTI, SANS_TC_BOLD, SANS_SC_BOLD, SANS_TC, SERIF_TC, MONO_TC_BOLD, WQY, DEJAVU)


def _ranked(kind: str, language: str = "zh-Hant", family: str = "Noto") -> list[str]:
    return [f.name for f in sorted(ALL, key=lambda f: fonts._preference(f, language, kind,
                                                                        family))]


def test_style_class() -> None:
    assert [fonts.style_class(n) for n in (
        "AR PL KaitiM Big5", "AR PL UKai TW", "FangSong", "Noto Sans CJK TC", "Microsoft "
        "JhengHei", "WenQuanYi Zen Hei", "MS Gothic", "Noto Serif CJK SC", "AR PL Mingti2L "
        "Big5", "AR PL SungtiL GB", "Songti SC", "MS Mincho", "DejaVu Sans", "Unifont")] == [
        "brush", "brush", "brush", "sans", "sans", "sans", "sans", "serif", "serif",
        "serif", "serif", "serif", "sans", "unknown"]


def test_a_bold_headline_prefers_a_bold_sans_face_of_its_region() -> None:
    ranked = _ranked("bold")
    # Same kind and weight first, the article's region, the primary's family (Noto); a
    # thin Kai face, however embeddable, comes last; mono faces are not for headlines.
    assert ranked[0] == "Noto Sans CJK TC Bold"
    assert ranked.index("Noto Sans CJK SC Bold") < ranked.index("WenQuanYi Zen Hei")
    assert ranked.index("WenQuanYi Zen Hei") < ranked.index("AR PL Mingti2L Big5")
    assert ranked[-2:] == ["AR PL KaitiM Big5", "Noto Sans Mono CJK TC Bold"]
    assert _ranked("bold", "zh-Hans")[0] == "Noto Sans CJK SC Bold"


def test_body_text_prefers_a_song_ming_face() -> None:
    ranked = _ranked("serif")
    assert ranked[:2] == ["Noto Serif CJK TC", "AR PL Mingti2L Big5"]  # family, then others
    assert ranked.index("AR PL KaitiM Big5") < ranked.index("Noto Sans CJK TC")
    # Without a family to match, the embeddable Ming face (no conversion) comes first.
    assert _ranked("serif", family="")[:2] == ["AR PL Mingti2L Big5", "Noto Serif CJK TC"]


def test_meta_line_prefers_a_regular_sans_face() -> None:
    assert _ranked("sans")[0] == "Noto Sans CJK TC"


def test_system_fallback_for_a_headline_is_a_bold_sans_face() -> None:
    # 𠮷 (U+20BB7) is in no bundled font; Noto CJK (CFF) has it in every face. A headline
    # gets it from the bold Sans face, body text from the Serif one, whatever else is
    # installed (here, AR PL Kai and Ming faces are, and are embeddable).
    require_tool("Noto CJK (fonts-noto-cjk)", (NOTO_CJK / "NotoSansCJK-Bold.ttc").is_file())
    if not fonts.system_fonts_enabled():
        pytest.skip("system fonts disabled")
    bold = fonts.locate("𠮷", language="zh-Hant", kind="bold", family="Noto")["𠮷"]
    serif = fonts.locate("𠮷", language="zh-Hant", kind="serif", family="Noto")["𠮷"]
    assert bold is not None and serif is not None
    assert fonts.style_class(bold.name) == "sans" and "Bold" in bold.name, bold.name
    assert fonts.style_class(serif.name) == "serif" and "Bold" not in serif.name, serif.name


# ---------------------------------------------------------------------------------------------
# the PDF writer picks them


def _render(article: docconv.Article, path: Path, **options: object) -> set[str]:
    with warnings.catch_warnings():
        warnings.simplefilter("error", fonts.MissingGlyphsWarning)
        docconv.write(article, path, options=options or None)
    return {row["name"].split("+", 1)[1] for row in pdffonts(path)}


TC_DEV = [p for p in DEV_TXT if p.stem in ("037", "044", "047")]


@pytest.mark.parametrize("source", TC_DEV, ids=[p.stem for p in TC_DEV])
def test_traditional_article_pdf_embeds_the_tc_faces(tmp_path: Path, source: Path) -> None:
    article = docconv.read(source)
    assert article.language == "zh-Hant"
    # system_fonts=False: the bundled TC faces cover these articles by themselves (047's
    # headline has 禠, once drawn from a thin system Kai face).
    names = _render(article, tmp_path / "tc.pdf", system_fonts=False)
    assert {"NotoSerifCJKtc-Regular", "NotoSansCJKtc-Bold"} <= names, names
    assert not any("sc-" in n.lower() for n in names), names


def test_simplified_article_pdf_keeps_the_sc_faces(tmp_path: Path) -> None:
    article = docconv.Article(title="标题", paragraphs=("正文，句号。",), site="新华网",
                              language="zh-Hans")
    names = _render(article, tmp_path / "sc.pdf", system_fonts=False)
    assert names == {"NotoSerifCJKsc-Regular", "NotoSansCJKsc-Bold", "NotoSansCJKsc-Regular"}


def test_simplified_article_takes_hong_kong_characters_from_the_tc_faces(tmp_path: Path) -> None:
    # 峇 and 衞 are not in the SC set: the bundled TC faces supply them (the serif for body
    # text, the bold for the headline), with no system font.
    article = docconv.Article(title="峇里岛衞生", paragraphs=("前往峇里岛，衞生署称。",),
                              language="zh-Hans")
    names = _render(article, tmp_path / "mixed.pdf", system_fonts=False)
    assert {"NotoSerifCJKsc-Regular", "NotoSansCJKsc-Bold", "NotoSerifCJKtc-Regular",
            "NotoSansCJKtc-Bold"} <= names, names


def test_traditional_article_takes_simplified_characters_and_hangul_from_the_sc_faces(
        tmp_path: Path) -> None:
    article = docconv.Article(title="標題", paragraphs=("他們说：한국어。",), language="zh-Hant")
    names = _render(article, tmp_path / "mixed.pdf", system_fonts=False)
    assert {"NotoSerifCJKtc-Regular", "NotoSerifCJKsc-Regular"} <= names, names


def test_font_options_override_the_tc_faces(tmp_path: Path) -> None:
    article = docconv.read(TC_DEV[0])
    names = _render(article, tmp_path / "own.pdf", system_fonts=False,
                    body_font=str(FONTS_DIR / "NotoSerifSC-Regular.ttf"))
    # The same file given by another path (an installed package has its own copy) is
    # registered under a suffixed name, so match the prefix.
    assert any(n.startswith("NotoSerifCJKsc-Regular") for n in names), names
    assert "NotoSansCJKtc-Bold" in names, names


def test_a_character_the_users_headline_font_lacks_comes_from_the_bundled_bold(
        tmp_path: Path) -> None:
    # The user's bold font (DejaVu Sans Bold, no CJK) lacks the headline's hanzi: they come
    # from the bundled bold Hei, not from the bundled Song that sits first in the chain.
    dejavu = next(iter(Path("/usr/share/fonts").rglob("DejaVuSans-Bold.ttf")), None) \
        if Path("/usr/share/fonts").is_dir() else None
    require_tool("DejaVuSans-Bold.ttf (fonts-dejavu-core)", dejavu)
    article = docconv.Article(title="Headline 标题", paragraphs=("正文。",), language="zh-Hans")
    names = _render(article, tmp_path / "bold.pdf", system_fonts=False, bold_font=str(dejavu))
    assert "NotoSansCJKsc-Bold" in names and any("DejaVu" in n for n in names), names
