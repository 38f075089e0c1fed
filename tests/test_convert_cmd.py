"""`docconv convert`: several files, '-' for stdin/stdout, no partial outputs on failure."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

from conftest import DEV_TXT, SEED_TXT


def docconv(*args: str, stdin: bytes | None = None, cwd: Path | None = None):
    return subprocess.run([sys.executable, "-m", "docconv.cli", *args], input=stdin,
                          capture_output=True, timeout=300, cwd=cwd)


def test_several_files_to_several_formats(tmp_path):
    a, b = tmp_path / "a.txt", tmp_path / "b.txt"
    shutil.copyfile(SEED_TXT, a)
    shutil.copyfile(DEV_TXT[0], b)
    result = docconv("convert", str(a), str(b), "--to", "html,epub", "-d", str(tmp_path / "o"))
    assert result.returncode == 0, result.stderr
    assert sorted(p.name for p in (tmp_path / "o").iterdir()) == [
        "a.epub", "a.html", "b.epub", "b.html"]


def test_some_of_several_failing_is_exit_1_and_leaves_nothing_for_them(tmp_path):
    good, empty = tmp_path / "good.txt", tmp_path / "empty.txt"
    shutil.copyfile(SEED_TXT, good)
    empty.write_bytes(b"")
    result = docconv("convert", str(good), str(empty), "--to", "html", "-d", str(tmp_path))
    assert result.returncode == 1
    lines = result.stderr.decode().strip().splitlines()
    assert lines == [f"docconv: error: {empty}: file is empty"]
    assert (tmp_path / "good.html").is_file() and not (tmp_path / "empty.html").exists()


def test_same_stem_from_two_folders_is_refused_not_overwritten(tmp_path):
    for folder, source in (("x", SEED_TXT), ("y", DEV_TXT[0])):
        (tmp_path / folder).mkdir()
        shutil.copyfile(source, tmp_path / folder / "same.txt")
    result = docconv("convert", "x/same.txt", "y/same.txt", "--to", "html", "-d", "o",
                     cwd=tmp_path)
    assert result.returncode == 1
    assert "already written for x/same.txt" in result.stderr.decode()
    first = docconv("convert", "x/same.txt", "-o", "-", "--to", "html", cwd=tmp_path).stdout
    assert (tmp_path / "o/same.html").read_bytes() == first


def test_stdin_to_stdout(tmp_path):
    result = docconv("convert", "-", "-o", "-", "--to", "html", stdin=SEED_TXT.read_bytes())
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith(b"<!DOCTYPE html>")
    assert result.stdout.rstrip().endswith(b"</html>")
    named = docconv("convert", "-", "--to", "html", "-d", str(tmp_path),
                    stdin=SEED_TXT.read_bytes())
    assert named.returncode == 0 and (tmp_path / "stdin.html").is_file()


def test_usage_errors(tmp_path):
    assert docconv("convert", str(SEED_TXT), "-o", "x.html", "-d", "d").returncode == 2
    assert docconv("convert", "-", "-", "--to", "html").returncode == 2
    assert docconv("convert", str(SEED_TXT), str(SEED_TXT), "-o", "x.html").returncode == 2
    result = docconv("convert", str(tmp_path / "missing.txt"), "-o", str(tmp_path / "m.html"))
    assert result.returncode == 2
    assert result.stderr.decode().startswith("docconv: error: ")
    assert not (tmp_path / "m.html").exists()
