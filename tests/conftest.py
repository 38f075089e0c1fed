"""Shared fixtures: the real corpus files copied into tests/fixtures, and validator look-up."""

from __future__ import annotations

import json
import os
import shutil
from pathlib import Path

import pytest

import docconv

FIXTURES = Path(__file__).parent / "fixtures"
SEED_TXT = FIXTURES / "seed" / "000_4776d9d17622187f.txt"
SEED_EXPECTED = FIXTURES / "seed" / "expected.json"
DEV_TXT = sorted((FIXTURES / "dev").glob("*.txt"))
IN_CI = os.environ.get("CI", "").lower() in ("1", "true", "yes")


def require_tool(name: str, found: object) -> None:
    """Skip locally when a validator is missing; under CI a missing validator is a failure."""
    if found:
        return
    if IN_CI:
        pytest.fail(f"{name} is required under CI but was not found; install it in .ci/run")
    pytest.skip(f"{name} not installed")


def which(cmd: str) -> str | None:
    return shutil.which(cmd)


@pytest.fixture(scope="session")
def seed_expected() -> dict:
    return json.loads(SEED_EXPECTED.read_text(encoding="utf-8"))


@pytest.fixture(scope="session")
def seed_article() -> docconv.Article:
    return docconv.read(SEED_TXT)


@pytest.fixture(scope="session")
def dev_articles() -> dict[str, docconv.Article]:
    return {p.stem: docconv.read(p) for p in DEV_TXT}


# Text that tries to break every writer: markup, entities, CDATA ends, quotes, controls,
# characters outside the BMP, emoji, Hangul, kana, RTL.
HOSTILE = (
    "<script>alert('x')</script> & &amp; ]]> \"quoted\" 'single' <b>bold</b> "
    "x<y且y>z a<b>c \x00\x0b\x1f 𠮷野家 𬭚 😀👍🏽 한국어 かなカナ עברית </p></body>"
)


@pytest.fixture(scope="session")
def hostile_article() -> docconv.Article:
    from datetime import datetime, timedelta, timezone

    return docconv.Article(
        title="标题<script>alert(1)</script> & ]]> \"引号\" 𠮷",
        site="站点<i>&",
        published=datetime(2021, 3, 23, 7, 6, 57, tzinfo=timezone(timedelta(hours=8))),
        authors=("张三<b>", "李四&王五"),
        source="来源</title>",
        editor="编辑\"'",
        highlights=("要点 " + HOSTILE,),
        paragraphs=("正文 " + HOSTILE, "第二段：</script><!-- -->", "第三段 😀 𠮷 한국어 かな"),
    )
