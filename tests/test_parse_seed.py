"""The seed article parses exactly to expected.json — through the installed command, through
the API, and from every encoding and line-ending an archive may hold it in."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from conftest import FIXTURES, SEED_TXT, run_docconv

import docconv

SEED_TEXT = SEED_TXT.read_bytes().decode("utf-8")


def test_cli_json_is_exactly_expected(seed_expected: dict, tmp_path: Path) -> None:
    # Run from another folder: the command must not depend on the checkout.
    run = run_docconv("inspect", str(SEED_TXT), "--json", cwd=tmp_path)
    assert run.returncode == 0, run.stderr.decode()
    got = json.loads(run.stdout.decode("utf-8"))
    assert {k: got[k] for k in seed_expected} == seed_expected


def test_api_is_exactly_expected(seed_expected: dict) -> None:
    got = docconv.read(SEED_TXT).to_dict()
    assert {k: got[k] for k in seed_expected} == seed_expected
    # parse() on the decoded text gives the same article as read() on the bytes.
    assert docconv.parse(SEED_TEXT) == docconv.read(SEED_TXT)


def test_published_is_aware_shanghai_time(seed_article: docconv.Article) -> None:
    assert seed_article.published is not None
    assert seed_article.published.isoformat() == "2021-03-23T07:06:57+08:00"


@pytest.mark.parametrize(
    "encoded",
    [
        pytest.param(SEED_TEXT.encode("gb18030"), id="gb18030"),
        # GBK has no no-break space; the reader turns it into a space anyway.
        pytest.param(SEED_TEXT.replace("\xa0", " ").encode("gbk"), id="gbk"),
        pytest.param(SEED_TEXT.encode("utf-16"), id="utf-16-bom"),
        pytest.param(SEED_TEXT.encode("utf-16-le"), id="utf-16-le-no-bom"),
        pytest.param(SEED_TEXT.encode("utf-16-be"), id="utf-16-be-no-bom"),
        pytest.param(SEED_TEXT.replace("\n", "\r\n").encode("utf-8-sig"), id="utf-8-bom-crlf"),
        pytest.param(SEED_TEXT.replace("\n", "\r\n").encode("gb18030"), id="gb18030-crlf"),
        pytest.param(SEED_TEXT.replace("\n", "\r").encode("utf-8"), id="cr-only"),
    ],
)
def test_seed_reencoded_gives_the_same_model(encoded: bytes, seed_article: docconv.Article) -> None:
    assert docconv.read(encoded) == seed_article
    assert docconv.read(encoded).to_dict() == seed_article.to_dict()


def test_seed_through_a_binary_file_object(seed_article: docconv.Article) -> None:
    with SEED_TXT.open("rb") as fh:
        assert docconv.read(fh) == seed_article


def test_traditional_article_from_big5() -> None:
    # A real Taiwan page (dev 041, UTF-8) re-encoded as Big5 parses to the same model.
    path = FIXTURES / "dev" / "041.txt"
    text = path.read_bytes().decode("utf-8")
    original = docconv.read(path)
    assert original.language == "zh-Hant"
    assert docconv.read(text.encode("big5")) == original
    assert docconv.read(text.replace("\n", "\r\n").encode("big5")) == original
