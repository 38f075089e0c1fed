"""Writer options are checked when they are made: a wrong type or an impossible value is a
FormatError naming the option (through docconv.write, the batch and the Options class
itself), never a crash in the middle of the first article."""

from __future__ import annotations

import io
import pickle
from pathlib import Path

import pytest

import docconv
from docconv.errors import FormatError
from docconv.writers import get
from docconv.writers.validate import InvalidOption
from docconv.writers.validate import make_options as _make_options

ARTICLE = docconv.Article(title="标题", paragraphs=("正文第一段。", "第二段。"), site="新华网")


def make_options(writer: object, given: object) -> object:
    """The writer's Options as docconv.write and the CLI make them."""
    name = writer.__name__.rpartition(".")[2]  # type: ignore[attr-defined]
    return _make_options(writer.Options, given, name)  # type: ignore[attr-defined]


def write(tmp_path: Path, fmt: str, **options: object) -> Path:
    path = tmp_path / f"out.{fmt}"
    docconv.write(ARTICLE, path, options=options)
    return path


@pytest.mark.parametrize(("fmt", "options", "message"), [
    ("pdf", {"font_size": "abc"}, r"pdf\.font_size: 'abc' is not a number"),
    ("pdf", {"font_size": None}, r"pdf\.font_size: None is not a number"),
    ("pdf", {"font_size": 40}, r"pdf\.font_size: 40 pt is out of range \(6-30 pt\)"),
    ("pdf", {"font_size": 5}, r"out of range \(6-30 pt\)"),
    ("pdf", {"font_size": float("nan")}, r"not a number"),
    ("pdf", {"font_size": True}, r"not a number"),
    ("pdf", {"line_spacing": 0.5}, r"pdf\.line_spacing: 0.5 is out of range \(1-3\)"),
    ("pdf", {"margin": 1000}, r"pdf\.margin: a 1000 mm margin leaves a text column of "
                              r"-1790 mm on A4; it must stay at least 40 mm wide, so the "
                              r"margin can be at most 85 mm"),
    ("pdf", {"margin": 86}, r"at most 85 mm"),
    ("pdf", {"margin": 55, "page_size": "A5"}, r"at most 54 mm"),
    ("pdf", {"margin": -1}, r"pdf\.margin: -1 mm is out of range"),
    ("pdf", {"page_size": "B5"}, r"pdf\.page_size: unknown page size 'B5'"),
    ("pdf", {"page_size": 5}, r"unknown page size 5"),
    ("pdf", {"page_size": (100, 150)}, r"the page must be at least 40 mm wide"),
    ("pdf", {"page_size": "120x100mm", "font_size": 30}, r"text block .* tall"),
    ("pdf", {"justify": "maybe"}, r"pdf\.justify: 'maybe' is not true or false"),
    ("pdf", {"fallback_fonts": [None]}, r"pdf\.fallback_fonts"),
    ("docx", {"page_size": "A3000"}, r"docx\.page_size: unknown page size 'A3000'"),
    ("docx", {"page_size": 4}, r"unknown page size 4"),
    ("docx", {"body_font": " "}, r"docx\.body_font: must not be empty"),
    ("docx", {"latin_body_font": None}, r"docx\.latin_body_font: expected a name"),
    ("docx", {"heading_font": "Sim\x00Hei"}, r"control characters"),
    ("html", {"fragment": "perhaps"}, r"html\.fragment: 'perhaps' is not true or false"),
    ("html", {"stylesheet": 2}, r"html\.stylesheet"),
])
def test_bad_option_is_a_format_error(tmp_path: Path, fmt: str, options: dict,
                                      message: str) -> None:
    with pytest.raises(FormatError, match=message):
        write(tmp_path, fmt, **options)
    assert not (tmp_path / f"out.{fmt}").exists()  # nothing half-written


def test_the_options_class_raises_a_value_error_that_is_a_format_error() -> None:
    pdf = get("pdf")
    with pytest.raises(ValueError, match="font_size") as caught:
        pdf.Options(font_size=100)
    assert isinstance(caught.value, FormatError) and isinstance(caught.value, InvalidOption)
    # the message is the writer's own, not wrapped by the registry
    with pytest.raises(FormatError) as wrapped:
        make_options(pdf, {"margin": 1000})
    assert str(wrapped.value).startswith("pdf.margin: ")
    # it survives the trip from a batch worker
    again = pickle.loads(pickle.dumps(caught.value))
    assert type(again) is InvalidOption and str(again) == str(caught.value)


def test_strings_are_converted(tmp_path: Path) -> None:
    # What `-O pdf.font_size=12` and a mapping from a config file give: strings.
    pdf = make_options(get("pdf"), {"font_size": "12", "line_spacing": " 2 ", "margin": "25",
                                    "justify": "no", "running_heads": "true",
                                    "system_fonts": "0"})
    assert (pdf.font_size, pdf.line_spacing, pdf.margin) == (12.0, 2.0, 25.0)
    assert (pdf.justify, pdf.running_heads, pdf.system_fonts) == (False, True, False)
    assert make_options(get("html"), {"fragment": "yes", "stylesheet": "off"}) == \
        get("html").Options(fragment=True, stylesheet=False)
    assert make_options(get("docx"), {"page_size": " letter "}).page_size == "letter"
    path = write(tmp_path, "pdf", font_size="12", margin="25")
    assert path.read_bytes().startswith(b"%PDF")


def test_page_size_in_millimetres(tmp_path: Path) -> None:
    options = make_options(get("pdf"), {"page_size": "148x210mm"})
    assert options.page_size == pytest.approx(make_options(
        get("pdf"), {"page_size": (419.5276, 595.2756)}).page_size)
    out = io.BytesIO()
    get("pdf").write(ARTICLE, out, options)
    assert out.getvalue().startswith(b"%PDF")


@pytest.mark.parametrize("options", [
    {"page_size": "A4", "margin": 85, "font_size": 30},
    {"page_size": "A5", "margin": 54, "font_size": 6},
    {"page_size": "64x158mm", "margin": 0, "font_size": 30, "line_spacing": 1},
    {"page_size": "60x108mm", "margin": 10, "font_size": 18.9, "line_spacing": 1},
])
def test_the_extremes_that_are_allowed_work(options: dict) -> None:
    # At the limits the checks allow, a long headline and long paragraphs still lay out
    # (reportlab raised LayoutError on every article before the checks).
    article = docconv.Article(title="国际足协取消印尼主办世青杯资格 宗教原因拒接待以色列" * 2,
                              paragraphs=("正文很长的一段。" * 80,) * 3,
                              highlights=("要点一，很长。" * 20,), site="新华网")
    pdf = get("pdf")
    out = io.BytesIO()
    pdf.write(article, out, make_options(pdf, options))
    assert out.getvalue().startswith(b"%PDF")


@pytest.mark.parametrize(("pair", "given"), [
    ("pdf.font_size=abc", {"font_size": "abc"}),
    ("pdf.justify=maybe", {"justify": "maybe"}),
    ("pdf.margin=1000", {"margin": "1000"}),
    ("pdf.page_size=B5", {"page_size": "B5"}),
    ("pdf.nope=1", {"nope": "1"}),
])
def test_the_cli_and_the_api_say_the_same(tmp_path: Path, pair: str, given: dict) -> None:
    from conftest import SEED_TXT, run_docconv

    with pytest.raises(FormatError) as api:
        docconv.write(ARTICLE, tmp_path / "a.pdf", options=given)
    cli = run_docconv("convert", str(SEED_TXT), "-o", str(tmp_path / "b.pdf"), "-O", pair,
                      text=True)
    assert cli.returncode == 2
    assert cli.stderr == f"docconv: error: {api.value}\n"
    assert list(tmp_path.iterdir()) == []


def test_none_and_lists_from_strings() -> None:
    pdf = make_options(get("pdf"), {"margin": "none", "body_font": "None",
                                    "fallback_fonts": " , "})
    assert (pdf.margin, pdf.body_font, pdf.fallback_fonts) == (None, None, ())
    assert make_options(get("docx"), {"heading_font": "null"}).heading_font is None
    with pytest.raises(FormatError, match=r"not found: no-such\.ttf$"):  # the first of two
        docconv.write(ARTICLE, io.BytesIO(), "pdf",
                      options={"fallback_fonts": "no-such.ttf,other.ttf"})
