"""Atomic output: complete files or nothing, and no harm to what the path points at."""

from __future__ import annotations

import os
import stat

import pytest

from docconv.files import atomic_output


def test_a_failure_leaves_nothing(tmp_path):
    target = tmp_path / "a.bin"
    with pytest.raises(RuntimeError), atomic_output(target) as out:
        out.write(b"half")
        raise RuntimeError("boom")
    assert list(tmp_path.iterdir()) == []


def test_an_existing_file_keeps_its_permissions(tmp_path):
    target = tmp_path / "private.html"
    target.write_bytes(b"old")
    target.chmod(0o600)
    with atomic_output(target) as out:
        out.write(b"new")
    assert target.read_bytes() == b"new"
    assert stat.S_IMODE(target.stat().st_mode) == 0o600


def test_a_symlink_is_followed_not_replaced(tmp_path):
    real = tmp_path / "real.html"
    real.write_bytes(b"old")
    link = tmp_path / "link.html"
    link.symlink_to(real)
    with atomic_output(link) as out:
        out.write(b"new")
    assert link.is_symlink() and real.read_bytes() == b"new"


def test_a_fifo_is_written_through(tmp_path):
    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)
    reader = os.open(fifo, os.O_RDONLY | os.O_NONBLOCK)
    try:
        with atomic_output(fifo) as out:
            out.write(b"document")
        assert os.read(reader, 100) == b"document"
    finally:
        os.close(reader)
    assert stat.S_ISFIFO(fifo.stat().st_mode)


def test_a_directory_is_refused(tmp_path):
    with pytest.raises(IsADirectoryError), atomic_output(tmp_path) as out:
        out.write(b"x")
