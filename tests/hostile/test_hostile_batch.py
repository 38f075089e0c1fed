"""Hostile archives and faults through `docconv batch`: any bytes in file names, a killed
parent, a batch inside a running batch's OUT, a full disk (issue 17, items 1, 4, 5, 6, 12)."""

from __future__ import annotations

import contextlib
import io
import json
import os
import re
import signal
import subprocess
import sys
from pathlib import Path
from urllib.parse import unquote_to_bytes

import html5lib
import pytest
from hostile_tools import (
    alive,
    assert_clean_stderr,
    descendants,
    docconv,
    file_size_limit,
    make_tree,
    seed_text,
    small_filesystem,
    wait_until,
)
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from docconv.batch import BatchOptions, run

linux_only = pytest.mark.skipif(sys.platform != "linux", reason="reads /proc")
ARTICLE = seed_text().encode("utf-8")

# -- 1: a name that is not UTF-8 --------------------------------------------------------------

# Any bytes a POSIX file name can hold (not '/', not NUL), not hidden, ending in .txt.
names = st.binary(min_size=1, max_size=40).map(
    lambda b: b.replace(b"/", b"_").replace(b"\0", b"_").lstrip(b".") + b".txt"
).filter(lambda b: b != b".txt" and len(b) <= 255)


def _check_batch_of(names: list[bytes], src: Path, out: Path, stderr: str, code: int) -> None:
    assert code == 0, stderr
    assert_clean_stderr(stderr)
    report = json.loads((out / "report.json").read_text(encoding="utf-8"))
    entries = report["entries"]
    assert report["summary"]["ok"] == len(names) == len(entries)
    got = set()
    for entry in entries:
        raw = os.fsencode(entry["input"])  # lossless: the name's bytes come back
        got.add(raw)
        if "input_bytes" in entry:
            assert unquote_to_bytes(entry["input_bytes"]) == raw
        else:
            raw.decode("utf-8")  # only names that are not UTF-8 need the extra key
        [output] = entry["outputs"]
        assert os.path.isfile(os.path.join(os.fsencode(out), os.fsencode(output)))
    assert got == set(names)
    # index.html links to each output by its bytes, and shows no raw control character
    page = (out / "index.html").read_text(encoding="utf-8")
    assert not re.search("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]", page)
    tree = html5lib.parse(page, namespaceHTMLElements=False)
    links = {unquote_to_bytes(a.get("href")) for a in tree.iter("a") if a.get("class") == "title"}
    assert links == {n[:-4] + b".html" for n in names}


@settings(max_examples=25, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
@given(st.lists(names, min_size=1, max_size=3, unique_by=lambda b: b[:-4].lower()))
def test_any_bytes_in_names_are_converted_and_kept(tmp_path_factory, names):
    """Item 1: every name is converted, shown escaped, stored losslessly (report, state,
    index). In-process (--jobs 1) to keep 25 batches quick; the CLI below runs one too."""
    root = tmp_path_factory.mktemp("names")
    src, out = root / "src", root / "out"
    src.mkdir()
    for name in names:
        with open(os.path.join(os.fsencode(src), name), "wb") as fh:
            fh.write(ARTICLE)
    stderr = io.StringIO()
    summary = run(BatchOptions(src=str(src), out=str(out), formats="html", jobs=1,
                               progress="none"), stderr)
    _check_batch_of(names, src, out, stderr.getvalue(), summary.exit_code)
    # and the next run finds them up to date in the state file
    again = run(BatchOptions(src=str(src), out=str(out), formats="html", jobs=1,
                             progress="none"), io.StringIO())
    assert again.skipped == len(names) and again.exit_code == 0


def test_gbk_name_through_the_command(tmp_path):
    """Item 1 as the probe ran it: the CLI with workers, a GBK-named file."""
    src, out = tmp_path / "src", tmp_path / "out"
    src.mkdir()
    gbk = "成都新闻.txt".encode("gbk")
    for name in (gbk, b"bad\xff.txt", b"ok.txt"):
        with open(os.path.join(os.fsencode(src), name), "wb") as fh:
            fh.write(ARTICLE)
    (src / "empty.txt").write_bytes(b"")
    with open(os.path.join(os.fsencode(src), b"empty\xfe.txt"), "wb"):
        pass
    result = docconv("batch", str(src), str(out), "--to", "html", "--jobs", "2")
    assert result.returncode == 1, result.stderr  # the two empty inputs
    assert_clean_stderr(result.stderr)
    assert re.search(r"docconv: error: .*empty\\xfe\.txt: file is empty", result.stderr)
    for name in (gbk, b"bad\xff.txt", b"ok.txt"):
        assert os.path.isfile(os.path.join(os.fsencode(out), name[:-4] + b".html"))


# -- 4: kill -9 of the parent -----------------------------------------------------------------


def _start_batch(src: Path, out: Path, *extra: str, script: str | None = None):
    if script is None:
        from conftest import docconv_cmd

        argv = [*docconv_cmd(), "batch", str(src), str(out), *extra]
    else:
        argv = [sys.executable, "-c", script, str(src), str(out)]
    return subprocess.Popen(argv, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)


API_BATCH = """
import sys
from docconv.batch import BatchOptions, run
run(BatchOptions(src=sys.argv[1], out=sys.argv[2], formats="pdf", jobs=2, progress="none"))
"""


@linux_only
@pytest.mark.parametrize("how", ["cli-fork", "api-forkserver"])
def test_workers_die_with_a_killed_parent(tmp_path, how):
    """Item 4: after kill -9 of the batch, its workers go too, and a rerun is not locked
    out."""
    src, out = tmp_path / "src", tmp_path / "out"
    make_tree(src, 60)
    proc = _start_batch(src, out, "--to", "pdf", "--jobs", "2", "-q",
                        script=API_BATCH if how.startswith("api") else None)
    workers: set[int] = set()
    try:
        # workers at work: processes below the parent, and a PDF written
        assert wait_until(lambda: len(descendants(proc.pid)) >= 2
                          and any(out.rglob("*.pdf")), 60)
        workers = descendants(proc.pid)
        proc.kill()
        proc.wait()
        assert wait_until(lambda: not any(alive(p) for p in workers), 15), \
            [p for p in workers if alive(p)]
    finally:
        proc.kill()
        proc.wait()
        if proc.stderr:
            proc.stderr.close()
        for pid in workers:  # a failed test leaves no process behind
            with contextlib.suppress(OSError):
                os.kill(pid, signal.SIGKILL)
    rerun = docconv("batch", str(src), str(out), "--to", "pdf", "--jobs", "2", "-q")
    assert rerun.returncode == 0, rerun.stderr
    assert "another docconv batch" not in rerun.stderr


# -- 5: a batch inside (or around) a running batch's OUT --------------------------------------


@linux_only
def test_batch_inside_or_around_a_running_batch_is_refused(tmp_path):
    src, out = tmp_path / "src", tmp_path / "out"
    make_tree(src, 60)
    small = tmp_path / "small"
    small.mkdir()
    (small / "a.txt").write_bytes(ARTICLE)
    first = _start_batch(src, out, "--to", "pdf", "--jobs", "1", "-q")
    try:
        assert wait_until(lambda: any(out.rglob("*.pdf")), 60)
        inside = docconv("batch", str(small), str(out / "d1"), "--to", "html")
        assert inside.returncode == 2, inside.stderr
        assert re.fullmatch(r"docconv: error: .*out/d1: is inside .*out, where another "
                            r"docconv batch \(pid \d+\) is writing\n", inside.stderr)
        around = docconv("batch", str(small), str(tmp_path), "--to", "html")
        assert around.returncode == 2 and "holds" in around.stderr, around.stderr
        same = docconv("batch", str(small), str(out), "--to", "html")
        assert same.returncode == 2 and "is writing here" in same.stderr, same.stderr
        assert first.poll() is None  # the first one was not disturbed
        assert not (out / "d1" / "a.html").exists()
    finally:
        first.send_signal(signal.SIGTERM)
        first.wait(60)
        first.stderr.close()
    # once it is gone, both work
    assert docconv("batch", str(small), str(out / "d1"), "--to", "html").returncode == 0


# -- 6 and 12: a full disk --------------------------------------------------------------------

STOPPED = re.compile(r"docconv: error: (?P<out>.+): (?P<why>No space left on device|File too "
                     r"large); stopped after (?P<done>\d+) of (?P<total>\d+) inputs \(.*\); "
                     r"report \(as far as it got\): (?P<report>.+)")


def _assert_stopped_cleanly(result: subprocess.CompletedProcess, out: Path,
                            some_ok: bool = True) -> None:
    assert result.returncode == 1, result.stderr
    assert_clean_stderr(result.stderr)
    last = result.stderr.splitlines()[-1]
    found = STOPPED.fullmatch(last)
    assert found, last
    assert found["out"] == str(out) and found["report"] == str(out / "report.json")
    report = json.loads((out / "report.json").read_text(encoding="utf-8"))
    assert report["summary"]["stopped"] == found["why"]
    assert len(report["entries"]) == int(found["done"]) > 0
    assert any(e["status"] == "ok" for e in report["entries"]) or not some_ok
    failed = [e for e in report["entries"] if e["status"] == "failed"]
    for entry in failed:  # one wording for a full disk, whichever writer met it
        assert re.fullmatch(r"cannot write .+: " + found["why"], entry["error"]), entry
    assert not list(out.rglob(".docconv-*.part"))


def test_full_disk_stops_the_batch_with_a_report(tmp_path):
    """Item 12 with a file size limit (works anywhere): files stop growing at 60 KB, so the
    PDFs cannot be written; the run stops, says where and how far it got, and reports."""
    src, out = tmp_path / "src", tmp_path / "out"
    make_tree(src, 20)
    from conftest import docconv_cmd

    result = subprocess.run([*docconv_cmd(), "batch", str(src), str(out), "--to", "html,pdf",
                             "--jobs", "2"], capture_output=True, encoding="utf-8",
                            preexec_fn=file_size_limit(60_000), timeout=300)
    _assert_stopped_cleanly(result, out, some_ok=False)


@pytest.mark.parametrize("jobs", ["1", "2"])
def test_full_filesystem_stops_the_batch_with_a_report(tmp_path, jobs):
    """Item 12 on a real 600 KB filesystem (where mounting one is permitted): room for the
    two inputs in flight (≈ 215 KB of HTML and PDF each), so the first results are ok
    however the two workers interleave, and far from room for all 60."""
    with small_filesystem(600) as disk:
        if disk is None:
            pytest.skip("cannot mount a small tmpfs here (needs root on Linux)")
        src, out = tmp_path / "src", disk / "out"
        make_tree(src, 60)
        result = docconv("batch", str(src), str(out), "--to", "html,pdf", "--jobs", jobs)
        _assert_stopped_cleanly(result, out)


def test_state_on_a_full_filesystem_is_one_line(tmp_path):
    """Item 6: OUT on a full 12 KB filesystem."""
    with small_filesystem(12) as disk:
        if disk is None:
            pytest.skip("cannot mount a small tmpfs here (needs root on Linux)")
        src = tmp_path / "src"
        src.mkdir()
        (src / "a.txt").write_bytes(ARTICLE)
        (disk / "filler").write_bytes(b"x" * 8192)
        result = docconv("batch", str(src), str(disk / "out"), "--to", "html")
        assert result.returncode == 2, result.stderr
        assert re.fullmatch(r"docconv: error: .*: (cannot use the batch's state file: )?"
                            r"No space left on device.*\n", result.stderr), result.stderr
