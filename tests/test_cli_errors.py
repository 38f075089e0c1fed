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
