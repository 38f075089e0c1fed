"""`docconv convert` under faults: SIGTERM and SIGKILL half-way, a full disk (issue 17,
items 9 and 12)."""

from __future__ import annotations

import contextlib
import os
import re
import signal
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import docconv_cmd
from hostile_tools import assert_clean_stderr, docconv, long_article, seed_text, wait_until

import docconv as api

posix_only = pytest.mark.skipif(sys.platform == "win32", reason="POSIX signals")


def _parts(folder: Path) -> list[Path]:
    return sorted(folder.glob(".docconv-*.part"))


def _convert_killed(tmp_path: Path, sig: int) -> tuple[Path, int]:
    """A convert of a long article to PDF, sent `sig` while its .part file exists."""
    src = tmp_path / "long.txt"
    src.write_text(long_article(), encoding="utf-8")
    out = tmp_path / "out"
    out.mkdir()
    proc = subprocess.Popen([*docconv_cmd(), "convert", str(src), "--to", "pdf", "-d",
                             str(out)], stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    try:
        assert wait_until(lambda: _parts(out), 60), "no .part file appeared"
        proc.send_signal(sig)
        code = proc.wait(60)
    finally:
        with contextlib.suppress(OSError):
            proc.kill()
        proc.wait()
        proc.stderr.close()
    return out, code


@posix_only
def test_sigterm_removes_the_part_file(tmp_path):
    out, code = _convert_killed(tmp_path, signal.SIGTERM)
    assert code == 128 + signal.SIGTERM
    assert list(out.iterdir()) == []  # no .part, no half PDF


@posix_only
def test_next_convert_sweeps_stale_part_files_only(tmp_path):
    out, code = _convert_killed(tmp_path, signal.SIGKILL)
    assert code == -signal.SIGKILL
    # SIGKILL cannot be caught: the next convert cleans up. One .part or two, by when the
    # signal came: the staged output's, and the writer's own temporary inside it.
    stale = _parts(out)
    assert 1 <= len(stale) <= 2, stale
    # the .part of a writer that is still running is not touched
    sleeper = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(60)"])
    try:
        live = out / f".docconv-{sleeper.pid}-abcd1234.part"
        live.write_bytes(b"being written")
        src = tmp_path / "a.txt"
        src.write_text(seed_text(), encoding="utf-8")
        result = docconv("convert", str(src), "--to", "html", "-d", str(out))
        assert result.returncode == 0, result.stderr
        assert not any(p.exists() for p in stale)
        assert live.exists()
        assert (out / "a.html").is_file()
    finally:
        sleeper.kill()
        sleeper.wait()


FULL = re.compile(r"docconv: error: (?P<path>.+): cannot write (?P<dest>.+): "
                  r"No space left on device\n")


@pytest.mark.skipif(not os.path.exists("/dev/full"), reason="needs /dev/full")
@pytest.mark.parametrize("fmt", ["html", "pdf", "epub", "docx"])
def test_full_disk_is_worded_one_way(tmp_path, fmt):
    """Item 12: ENOSPC from a real write (/dev/full), whichever writer meets it."""
    article = api.read(seed_text().encode("utf-8"))
    # through a file object: the writer itself meets the error
    with open("/dev/full", "wb", buffering=0) as sink:
        with pytest.raises(api.WriteError) as caught:
            api.write(article, sink, fmt)
    assert str(caught.value) == f"cannot write the {fmt} output: No space left on device"
    # through the command: -o /dev/full
    src = tmp_path / "a.txt"
    src.write_text(seed_text(), encoding="utf-8")
    result = docconv("convert", str(src), "-o", "/dev/full", "--to", fmt)
    assert result.returncode == 2
    found = FULL.fullmatch(result.stderr)
    assert found and found["dest"] == "/dev/full", result.stderr
    assert_clean_stderr(result.stderr)
