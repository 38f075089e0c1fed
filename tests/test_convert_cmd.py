"""`docconv convert`: several files, '-' for stdin/stdout, no partial outputs on failure."""

from __future__ import annotations

import dataclasses
import os
import shutil
import subprocess
import sys
import types
from pathlib import Path

import pytest
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


def test_writer_options(tmp_path):
    out = tmp_path / "o"
    plain = docconv("convert", str(SEED_TXT), "--to", "html", "-d", str(out),
                    "-O", "html.stylesheet=false", "-O", "pdf.page_size=A5")  # pdf: not written
    assert plain.returncode == 0, plain.stderr
    page = (out / f"{SEED_TXT.stem}.html").read_text(encoding="utf-8")
    assert "<style" not in page and page.startswith("<!DOCTYPE html>")
    fragment = docconv("convert", str(SEED_TXT), "-o", "-", "--to", "html",
                       "-O", "html.fragment=yes")
    assert fragment.returncode == 0, fragment.stderr
    assert not fragment.stdout.startswith(b"<!DOCTYPE") and b"<article" in fragment.stdout
    by_suffix = docconv("convert", str(SEED_TXT), "-o", str(tmp_path / "x.html"),
                        "-O", "html.stylesheet=off")
    assert by_suffix.returncode == 0, by_suffix.stderr
    assert "<style" not in (tmp_path / "x.html").read_text(encoding="utf-8")


@pytest.mark.parametrize("option, message", [
    ("html.nope=1", "unknown option html.nope"),
    ("html.stylesheet=maybe", "html.stylesheet: 'maybe' is not true or false"),
    ("justtext", "FORMAT.KEY=VALUE"),
    ("rtf.x=1", "unknown format(s): rtf"),
])
def test_bad_writer_option_is_one_line_exit_2_before_anything(tmp_path, option, message):
    result = docconv("convert", str(SEED_TXT), str(DEV_TXT[0]), "--to", "html", "-d",
                     str(tmp_path), "-O", option)
    assert result.returncode == 2
    lines = result.stderr.decode().splitlines()
    assert len(lines) == 1 and lines[0].startswith("docconv: error: "), lines
    assert message in lines[0]
    assert list(tmp_path.iterdir()) == []


def test_convert_does_not_load_batch():
    code = (
        "import sys\n"
        "from docconv.cli import main\n"
        "try:\n"
        f"    main(['convert', {str(SEED_TXT)!r}, '-o', '-', '--to', 'html',"
        " '-O', 'html.stylesheet=no'])\n"
        "except SystemExit as exc:\n"
        "    assert exc.code == 0, exc.code\n"
        "sys.stderr.write(str(sorted(m for m in sys.modules if m.startswith('docconv.batch'))))\n"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, timeout=120)
    assert result.returncode == 0, result.stderr
    assert result.stderr.decode() == "[]"


GLYPHLESS = "测试标题\n2021-03-23 07:06\n正文第一段，有一个字𐀀不在任何字体里。\n"


def test_missing_glyphs_are_one_warning_line(tmp_path):
    src = tmp_path / "g.txt"
    src.write_text(GLYPHLESS, encoding="utf-8")
    env = {**os.environ, "DOCCONV_NO_SYSTEM_FONTS": "1"}
    several = subprocess.run([sys.executable, "-m", "docconv.cli", "convert", str(src),
                              str(SEED_TXT), "--to", "pdf,html", "-d", str(tmp_path / "o")],
                             capture_output=True, timeout=300, env=env)
    assert several.returncode == 0, several.stderr
    assert several.stderr.decode().splitlines() == [
        f"docconv: warning: {src}: pdf: no font has these characters: 𐀀 (U+10000)"]
    assert (tmp_path / "o/g.pdf").is_file()
    one = subprocess.run([sys.executable, "-m", "docconv.cli", "convert", str(src), "-o",
                          str(tmp_path / "one.pdf")], capture_output=True, timeout=300, env=env)
    assert one.returncode == 0, one.stderr
    assert one.stderr.decode().splitlines() == [
        f"docconv: warning: {src}: pdf: no font has these characters: 𐀀 (U+10000)"]


@dataclasses.dataclass(frozen=True)
class _NoOptions:
    pass


def test_plugin_extension_without_a_dot(tmp_path, monkeypatch):
    from click.testing import CliRunner

    from docconv import writers
    from docconv.cli import main

    def write(article, out, options):
        out.write(article.title.encode())

    toy = types.SimpleNamespace(extension="toy", media_type="text/plain", Options=_NoOptions,
                                write=write)
    monkeypatch.setattr(writers, "_plugins", lambda: {"toy": types.SimpleNamespace(
        load=lambda: toy)})
    writers.get.cache_clear()
    try:
        result = CliRunner().invoke(main, ["convert", str(SEED_TXT), "--to", "toy,html",
                                           "-d", str(tmp_path)])
        assert result.exit_code == 0, result.output
        assert sorted(p.name for p in tmp_path.iterdir()) == [
            f"{SEED_TXT.stem}.html", f"{SEED_TXT.stem}.toy"]
        result = CliRunner().invoke(main, ["convert", str(SEED_TXT), "-o",
                                           str(tmp_path / "by-suffix.toy")])
        assert result.exit_code == 0, result.output
        assert (tmp_path / "by-suffix.toy").read_bytes()
    finally:
        writers.get.cache_clear()
