"""A single input that cannot be read: one line on stderr, `docconv: error: PATH: reason`,
exit status 2, no traceback — unless --debug asks for one."""

from __future__ import annotations

import random
from pathlib import Path

import pytest
from conftest import run_docconv


@pytest.fixture
def bad_inputs(tmp_path: Path) -> dict[str, tuple[Path, str]]:
    empty = tmp_path / "empty.txt"
    empty.write_bytes(b"")
    blank = tmp_path / "blank.txt"
    blank.write_bytes(" \n\t\r\n\u3000\n".encode())
    binary = tmp_path / "image.png"
    binary.write_bytes(b"\x89PNG\r\n\x1a\n" + random.Random(7).randbytes(3000))
    nul = tmp_path / "zeros.txt"
    nul.write_bytes(b"\x00" * 500)
    return {
        "empty": (empty, "empty"),
        "blank": (blank, "no text"),
        "binary": (binary, "decode"),
        "nul": (nul, "not a text file"),
        "missing": (tmp_path / "nowhere.txt", "no such file"),
        "directory": (tmp_path, "directory"),
    }


@pytest.mark.parametrize("case", ["empty", "blank", "binary", "nul", "missing", "directory"])
@pytest.mark.parametrize("command", [["inspect"], ["inspect", "--json"]])
def test_one_line_error_exit_2(bad_inputs: dict, case: str, command: list[str]) -> None:
    path, reason = bad_inputs[case]
    run = run_docconv(*command, str(path))
    assert run.returncode == 2
    assert run.stdout == b""
    err = run.stderr.decode("utf-8")
    assert err.count("\n") == 1, err
    assert err.startswith(f"docconv: error: {path}: ")
    assert reason in err
    assert "Traceback" not in err


def test_debug_shows_the_traceback(bad_inputs: dict) -> None:
    path, _ = bad_inputs["binary"]
    run = run_docconv("--debug", "inspect", str(path))
    assert run.returncode == 2
    err = run.stderr.decode("utf-8")
    assert "Traceback" in err
    assert f"docconv: error: {path}: " in err


def test_stdin_error_names_the_dash() -> None:
    run = run_docconv("inspect", "-", stdin=b"")
    assert run.returncode == 2
    assert run.stderr.decode().startswith("docconv: error: -: ")


def test_stray_control_characters_still_convert(tmp_path: Path) -> None:
    src = tmp_path / "nul.txt"
    src.write_bytes("标题\n2021-03-23 07:06\n正文第一段，内容\x00完整。\x0c\n".encode())
    run = run_docconv("inspect", str(src), "--json")
    assert run.returncode == 0, run.stderr.decode()
    assert "正文第一段，内容完整。".encode() in run.stdout


def test_debug_after_the_subcommand(bad_inputs: dict, tmp_path: Path) -> None:
    path, _ = bad_inputs["binary"]
    for args in (["inspect", str(path), "--debug"], ["--debug", "inspect", str(path)],
                 ["convert", "--debug", str(path), "-o", str(tmp_path / "x.html")]):
        run = run_docconv(*args)
        assert run.returncode == 2, args
        err = run.stderr.decode("utf-8")
        assert "Traceback" in err and f"docconv: error: {path}: " in err, args
    assert run_docconv("formats", "--debug").returncode == 0
    quiet = run_docconv("inspect", str(path))  # and without it, none
    assert "Traceback" not in quiet.stderr.decode("utf-8")


@pytest.mark.parametrize("args, command, message", [
    (["batch", "SRC", "OUT", "--tz", "Nowhere/Land"], "docconv batch",
     "Invalid value for --tz: unknown time zone 'Nowhere/Land'"),
    (["inspect", "FILE", "--tz", "Nowhere/Land"], "docconv inspect", "Invalid value for --tz"),
    (["convert", "--bogus", "FILE"], "docconv convert", "No such option"),
    (["batch", "SRC"], "docconv batch", "Missing argument 'OUT'"),
    (["batch", "SRC", "OUT", "--jobs", "0"], "docconv batch", "Invalid value for '-j'"),
    (["convert", "FILE"], "docconv convert", "give -o OUT or --to FMT"),
    (["--bogus", "formats"], "docconv", "No such option"),
    (["nonsense"], "docconv", "No such command 'nonsense'"),
])
def test_usage_errors_are_one_line_and_a_hint(tmp_path: Path, args: list[str], command: str,
                                               message: str) -> None:
    (tmp_path / "src").mkdir()
    (tmp_path / "f.txt").write_text("标题\n正文。\n", encoding="utf-8")
    names = {"SRC": str(tmp_path / "src"), "OUT": str(tmp_path / "out"),
             "FILE": str(tmp_path / "f.txt")}
    run = run_docconv(*[names.get(a, a) for a in args])
    assert run.returncode == 2
    lines = run.stderr.decode("utf-8").splitlines()
    assert len(lines) == 2, lines
    assert lines[0].startswith("docconv: error: ") and message in lines[0], lines
    assert lines[1] == f"Try '{command} --help'."
    assert run.stdout == b""
    assert not (tmp_path / "out").exists()


def test_help_is_intact() -> None:
    run = run_docconv("batch", "--help")
    assert run.returncode == 0
    out = run.stdout.decode("utf-8")
    assert out.startswith("Usage: docconv batch [OPTIONS] SRC OUT")
    for option in ("--include", "--exclude", "-O, --option", "--debug", "-q, --quiet"):
        assert option in out
    assert "-O, --option" in run_docconv("convert", "-h").stdout.decode("utf-8")
    top = run_docconv("--help").stdout.decode("utf-8")
    assert top.startswith("Usage: docconv [OPTIONS] COMMAND [ARGS]...") and "batch" in top
