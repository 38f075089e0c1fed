"""Readers seen from the outside: the batch takes pages by default, --from forces a reader,
and text dumps show their sub-headings, captions and URL line too."""

from __future__ import annotations

import json
import shutil

from conftest import FIXTURES, run_docconv

import docconv
from docconv.batch import BatchOptions, run

DEV = FIXTURES / "dev"


def test_batch_takes_pages_beside_text_dumps(tmp_path) -> None:
    src, out = tmp_path / "src", tmp_path / "out"
    (src / "pages").mkdir(parents=True)
    shutil.copy(DEV / "044.html", src / "pages" / "hk01.html")
    shutil.copy(DEV / "037.html", src / "pages" / "cna.htm")
    shutil.copy(DEV / "005.txt", src / "dump.txt")
    (src / "notes.md").write_text("# not an article input", encoding="utf-8")
    summary = run(BatchOptions(src, out, formats="html", jobs=1, progress="none"))
    report = json.loads((out / "report.json").read_text(encoding="utf-8"))
    assert sorted(e["input"] for e in report["entries"]) == [
        "dump.txt", "pages/cna.htm", "pages/hk01.html"]
    assert all(e["status"] == "ok" for e in report["entries"]), report
    assert summary.exit_code == 0
    page = (out / "pages" / "hk01.html").read_text(encoding="utf-8")
    assert docconv.read(DEV / "044.html").title in page
    assert 'href="https://www.hk01.com/' in page  # the source link


def test_from_forces_a_reader(tmp_path) -> None:
    saved = tmp_path / "page.txt"
    shutil.copy(DEV / "019.html", saved)
    as_page = json.loads(run_docconv("inspect", str(saved), "--json", text=True).stdout)
    assert as_page["title"] == docconv.read(DEV / "019.html").title  # sniffed: a page
    forced = run_docconv("inspect", str(saved), "--json", "--from", "text", text=True)
    assert forced.returncode == 0 and json.loads(forced.stdout)["title"] != as_page["title"]
    bad = run_docconv("inspect", str(saved), "--from", "xml", text=True)
    assert bad.returncode == 2 and "unknown input format 'xml'" in bad.stderr


DUMP = """\
某某新闻网
某市启动老旧小区改造工程
2021-03-23 07:06 来源：某某日报
记者从有关部门获悉，这项工作已经全面展开，各地正在抓紧落实相关措施，确保按期完成。
改造覆盖三百个小区
按照计划，今年将完成三百个小区的改造，惠及居民十万户，涉及道路、管网和绿化等内容。
工人在小区内施工。（李四 摄）
有关负责人表示，将加强质量监管，确保改造工程经得起检验，让居民真正得到实惠。
原文链接：https://news.example.cn/2021/0323/1.html
责任编辑：王五
"""


def test_text_dumps_show_headings_captions_and_url() -> None:
    article = docconv.parse(DUMP)
    assert [(b.kind, b.text[:6]) for b in article.blocks] == [
        ("paragraph", "记者从有关部"), ("heading", "改造覆盖三百"), ("paragraph", "按照计划，今"),
        ("caption", "工人在小区内"), ("paragraph", "有关负责人表"),
    ]
    assert article.url == "https://news.example.cn/2021/0323/1.html"
    assert article.editor == "王五"
