"""The public API as scripts use it: read, parse, write, convert, formats, errors."""

from __future__ import annotations

import io
from datetime import datetime, timedelta, timezone

import pytest
from conftest import SEED_TXT

import docconv


def test_formats_lists_the_builtins_first():
    assert docconv.formats()[:4] == ["docx", "pdf", "epub", "html"]


def test_read_accepts_path_bytes_and_binary_file(seed_expected):
    from_path = docconv.read(SEED_TXT)
    from_bytes = docconv.read(SEED_TXT.read_bytes())
    with open(SEED_TXT, "rb") as fh:
        from_file = docconv.read(fh)
    assert from_path == from_bytes == from_file
    assert {k: from_path.to_dict()[k] for k in seed_expected} == seed_expected


def test_parse_is_the_function_even_after_the_parser_package_is_imported():
    import docconv.parsing  # noqa: F401  (a subpackage named `parse` used to shadow it)

    assert callable(docconv.parse)
    text = "某某网\n\n市政府召开常务会议\n\n正文第一段，介绍了这次会议的主要内容和意义。"
    article = docconv.parse(text)
    assert (article.site, article.title) == ("某某网", "市政府召开常务会议")
    assert article.paragraphs == ("正文第一段，介绍了这次会议的主要内容和意义。",)


def test_the_headline_is_never_repeated_as_body_text():
    for text in ("某网\n标题\n正文。", "只有一行", "标题\n短句。\n另一句。"):
        article = docconv.parse(text)
        assert article.title not in article.paragraphs


def test_from_dict_takes_a_z_suffix_on_every_python():
    article = docconv.Article.from_dict({"title": "标题", "published": "2021-03-22T23:06:57Z"})
    assert article.published == datetime(2021, 3, 23, 7, 6, 57, tzinfo=timezone(timedelta(hours=8)))


def test_write_to_a_file_object_needs_a_format(seed_article):
    with pytest.raises(docconv.FormatError):
        docconv.write(seed_article, io.BytesIO())
    buf = io.BytesIO()
    docconv.write(seed_article, buf, "html")
    assert buf.getvalue().startswith(b"<!DOCTYPE html>")


def test_a_suffix_naming_another_format_is_refused(seed_article, tmp_path):
    with pytest.raises(docconv.FormatError, match="suffix of pdf"):
        docconv.write(seed_article, tmp_path / "a.pdf", "html")
    assert list(tmp_path.iterdir()) == []
    docconv.write(seed_article, tmp_path / "a.htm", "html")  # an unknown suffix is allowed
    assert (tmp_path / "a.htm").read_bytes().startswith(b"<!DOCTYPE html>")


def test_an_unwritable_destination_is_a_write_error_naming_it(seed_article, tmp_path):
    # A file where a folder should be fails for root too (a read-only folder would not).
    (tmp_path / "blocker").write_text("x")
    with pytest.raises(docconv.WriteError, match="blocker/a.html"):
        docconv.write(seed_article, tmp_path / "blocker" / "a.html")


def test_a_missing_destination_folder_is_created(seed_article, tmp_path):
    docconv.convert(SEED_TXT, tmp_path / "new" / "deeper" / "a.epub")
    assert (tmp_path / "new" / "deeper" / "a.epub").stat().st_size > 0


def test_a_failed_write_leaves_no_file(tmp_path):
    article = docconv.Article(title="标题", paragraphs=("正文。",))
    with pytest.raises(docconv.FormatError):
        docconv.write(article, tmp_path / "a.html", options={"no_such_option": 1})
    assert list(tmp_path.iterdir()) == []


def test_errors_are_docconv_errors(tmp_path):
    empty = tmp_path / "empty.txt"
    empty.write_bytes(b"")
    for bad in (empty, tmp_path / "missing.txt", tmp_path):
        with pytest.raises(docconv.DocconvError):
            docconv.read(bad)


def test_a_zone_is_a_name_or_a_tzinfo_and_is_checked_before_reading(tmp_path):
    from zoneinfo import ZoneInfo

    by_name = docconv.read(SEED_TXT, tz="UTC")
    assert docconv.read(SEED_TXT, tz=ZoneInfo("UTC")) == by_name
    with pytest.raises(docconv.DocconvError, match="unknown time zone"):
        docconv.read(tmp_path / "missing.txt", tz="Mars/Base")
