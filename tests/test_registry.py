"""The writer registry: built-ins, plug-ins through the `docconv.writers` entry point, format
names and suffixes, and the `convert` / `formats` commands on top of it."""

from __future__ import annotations

import dataclasses
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner
from conftest import DEV_TXT, SEED_TXT, run_docconv

import docconv
from docconv import writers
from docconv.cli import main
from docconv.errors import FormatError
from docconv.writers.validate import make_options

ROOT = Path(__file__).resolve().parent.parent
PLUGIN_SRC = Path(__file__).parent / "plugin_pkg"


def test_builtins_listed_in_order():
    assert docconv.formats()[:4] == ["docx", "pdf", "epub", "html"]
    assert writers.ALL == ("docx", "pdf", "epub", "html")


@pytest.mark.parametrize("name", list(writers.BUILTIN))
def test_builtin_writers_follow_the_protocol(name):
    writer = writers.get(name)
    assert writer.extension == f".{name}"
    assert "/" in writer.media_type
    assert dataclasses.is_dataclass(writer.Options)
    assert writer.Options.__dataclass_params__.frozen
    assert callable(writer.write)


@pytest.mark.parametrize(("path", "name"), [
    ("a.html", "html"), ("dir.v2/A.EPUB", "epub"), ("x.pdf", "pdf"), ("x.docx", "docx"),
])
def test_format_from_suffix(path, name):
    assert writers.for_path(path) == name


@pytest.mark.parametrize("path", ["noext", "a.xyz", "a."])
def test_unknown_suffix_is_a_format_error(path):
    with pytest.raises(FormatError, match="cannot tell the format"):
        writers.for_path(path)


def test_expand():
    assert writers.expand("html,epub") == ["html", "epub"]
    assert writers.expand(" HTML , html,,epub ") == ["html", "epub"]
    assert writers.expand("all") == list(writers.ALL)
    assert writers.expand(["epub", "all"]) == ["epub", "docx", "pdf", "html"]
    with pytest.raises(FormatError, match="unknown format 'rtf'"):
        writers.expand("html,rtf")
    with pytest.raises(FormatError, match="no output format"):
        writers.expand(" , ")


def test_unknown_format_name():
    with pytest.raises(FormatError, match="unknown format 'rtf'"):
        writers.get("rtf")


def test_make_options():
    html = writers.get("html")
    assert make_options(html.Options, None, "html") == html.Options()
    assert make_options(html.Options, {"fragment": True}, "html").fragment is True
    with pytest.raises(FormatError, match=r"unknown option html\.unknown \(the html writer "
                                          r"has: fragment, stylesheet\)"):
        make_options(html.Options, {"fragment": True, "unknown": 1}, "html")
    with pytest.raises(FormatError, match=r"unknown options html\.a, html\.b "):
        make_options(html.Options, {"b": 1, "a": 1}, "html")
    own = html.Options(stylesheet=False)
    assert make_options(html.Options, own, "html") is own
    with pytest.raises(FormatError, match="options must be"):
        make_options(html.Options, 42, "html")


def test_suffixes_people_use():
    assert writers.for_path("a.htm") == writers.for_path("b.HTML") == "html"
    assert writers.for_path("dir.d/a.pdf") == "pdf"
    with pytest.raises(FormatError):
        writers.for_path("dir.pdf/file")
    assert [writers.extension(n) for n in ("docx", "pdf", "epub", "html")] == [
        ".docx", ".pdf", ".epub", ".html"]


def _python(code: str, **env: str) -> str:
    run = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         cwd=ROOT, env={**os.environ, **env}, timeout=60)
    assert run.returncode == 0, run.stderr
    return run.stdout


def test_import_docconv_and_picking_a_format_stay_light():
    # `import docconv` and choosing a format by suffix must not load any writer library.
    out = _python(
        "import sys, docconv, docconv.writers as w\n"
        "w.for_path('a.html'); w.for_path('a.pdf'); docconv.formats()\n"
        "heavy = ('ebooklib', 'reportlab', 'docx', 'lxml', 'docconv.writers.html')\n"
        "print(sorted(m for m in sys.modules if m.split('.')[0] in heavy or m in heavy))\n"
    )
    assert out.strip() == "[]"


# ---------------------------------------------------------------------------- the plug-in

@pytest.fixture(scope="module")
def plugin_site(tmp_path_factory) -> Path:
    """tests/plugin_pkg pip-installed into a private folder (put on PYTHONPATH by the tests),
    so the current environment is left untouched. Built from a copy: setuptools writes
    build/ and *.egg-info next to the sources."""
    tmp = tmp_path_factory.mktemp("plugin")
    src, site = tmp / "src", tmp / "site"
    shutil.copytree(PLUGIN_SRC, src, ignore=shutil.ignore_patterns("build", "*.egg-info"))
    base = [sys.executable, "-m", "pip", "install", "--quiet", "--no-deps",
            "--disable-pip-version-check", "--target", str(site), str(src)]
    env = {**os.environ, "PIP_ROOT_USER_ACTION": "ignore"}
    # Offline and fast when the environment can build it (setuptools with bdist_wheel);
    # otherwise let pip fetch the build backend into an isolated environment.
    run = subprocess.run([*base, "--no-build-isolation", "--no-index"], capture_output=True,
                         text=True, env=env, timeout=300)
    if run.returncode != 0:
        run = subprocess.run(base, capture_output=True, text=True, env=env, timeout=300)
    assert run.returncode == 0, run.stderr
    assert list(site.glob("docconv_toy_writer-*.dist-info/entry_points.txt"))
    return site


def _docconv(site: Path, *args: str, cwd: Path = ROOT) -> subprocess.CompletedProcess[str]:
    # ROOT too, so this works from a checkout whether or not docconv is installed.
    path = os.pathsep.join([str(site), str(ROOT), os.environ.get("PYTHONPATH", "")])
    return run_docconv(*args, cwd=cwd, env={"PYTHONPATH": path}, text=True, timeout=60)


def test_plugin_is_listed_by_formats(plugin_site):
    run = _docconv(plugin_site, "formats")
    assert run.returncode == 0, run.stderr
    names = run.stdout.split()
    assert names[:4] == ["docx", "pdf", "epub", "html"]
    assert "toy" in names


def test_plugin_converts_by_name_and_by_suffix(plugin_site, tmp_path):
    run = _docconv(plugin_site, "convert", str(SEED_TXT), "--to", "toy", "-d", str(tmp_path))
    assert run.returncode == 0, run.stderr
    out = (tmp_path / f"{SEED_TXT.stem}.toy").read_text(encoding="utf-8")
    article = docconv.read(SEED_TXT)
    assert out.splitlines()[:2] == ["TOY", article.title]
    run = _docconv(plugin_site, "convert", str(SEED_TXT), "-o", str(tmp_path / "x.toy"))
    assert run.returncode == 0, run.stderr
    assert (tmp_path / "x.toy").read_text(encoding="utf-8") == out


def test_without_the_plugin_toy_is_unknown(tmp_path):
    run = _docconv(tmp_path, "convert", str(SEED_TXT), "--to", "toy", "-d", str(tmp_path))
    assert run.returncode == 2
    assert run.stderr.startswith("docconv: error: ") and "unknown format 'toy'" in run.stderr
    assert "Traceback" not in run.stderr


# ---------------------------------------------------------------------------- convert command

def _cli(*args: str):
    return CliRunner().invoke(main, list(args), catch_exceptions=False)


def test_convert_one_file_format_from_suffix(tmp_path):
    out = tmp_path / "sub" / "seed.html"
    result = _cli("convert", str(SEED_TXT), "-o", str(out))
    assert result.exit_code == 0, result.output
    assert out.read_text(encoding="utf-8").startswith("<!DOCTYPE html>")
    assert [p.name for p in out.parent.iterdir()] == ["seed.html"]  # no temporary left over


def test_convert_several_files_to_several_formats(tmp_path):
    files = [SEED_TXT, *DEV_TXT[:2]]
    result = _cli("convert", *map(str, files), "--to", "html,epub", "-d", str(tmp_path))
    assert result.exit_code == 0, result.output
    expected = sorted(f"{f.stem}{ext}" for f in files for ext in (".html", ".epub"))
    assert sorted(p.name for p in tmp_path.iterdir()) == expected


def test_convert_to_stdout_needs_a_format(tmp_path):
    result = _cli("convert", str(SEED_TXT), "-o", "-", "--to", "html")
    assert result.exit_code == 0
    assert result.stdout.startswith("<!DOCTYPE html>")
    result = CliRunner().invoke(main, ["convert", str(SEED_TXT), "-o", "-"])
    assert result.exit_code == 2 and "needs --to" in result.stderr


def test_convert_reports_an_unwritable_folder(tmp_path):
    blocker = tmp_path / "file"
    blocker.write_text("not a folder")
    result = CliRunner().invoke(main, ["convert", str(SEED_TXT), "--to", "html", "-d",
                                       str(blocker / "sub")])
    assert result.exit_code == 2
    assert result.stderr.startswith("docconv: error: ")
    assert result.exception is None or isinstance(result.exception, SystemExit)


def test_convert_some_failed_exit_1(tmp_path):
    missing = tmp_path / "missing.txt"
    result = CliRunner().invoke(main, ["convert", str(SEED_TXT), str(missing), "--to", "html",
                                       "-d", str(tmp_path)])
    assert result.exit_code == 1
    assert (tmp_path / "000_4776d9d17622187f.html").exists()
    assert f"docconv: error: {missing}: " in result.stderr

