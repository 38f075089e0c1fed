"""Helpers for the hostile-input tests: running docconv, inputs, processes, full disks."""

from __future__ import annotations

import contextlib
import os
import re
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from pathlib import Path

from conftest import DEV_TXT, SEED_TXT, docconv_cmd

# What every stderr line of docconv may look like: an error, a warning, a progress or
# summary line — never a traceback, never a raw control character.
LINE = re.compile(r"docconv: (error|warning): .+|docconv: \d+ converted, .+|docconv: \d+/\d+ .+"
                  r"|Try 'docconv \w+ --help'\.")
RAW_CONTROL = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")


def assert_clean_stderr(stderr: str) -> None:
    """One line per message, and nothing that would play tricks with a terminal."""
    assert "Traceback" not in stderr, stderr
    for line in stderr.splitlines():
        assert LINE.fullmatch(line), f"not a docconv line: {line!r}"
        assert not RAW_CONTROL.search(line), f"raw control character in {line!r}"


def docconv(*args: str | bytes, timeout: float = 300, **kwargs) -> subprocess.CompletedProcess:
    """`docconv ARGS` (arguments may be bytes: names that are not UTF-8), text output
    decoded the way a terminal would show it (undecodable bytes replaced)."""
    return subprocess.run([*docconv_cmd(), *args], capture_output=True, timeout=timeout,
                          encoding="utf-8", errors="replace", **kwargs)


def seed_text() -> str:
    return SEED_TXT.read_text(encoding="utf-8")


def make_tree(src: Path, count: int) -> None:
    """`count` real articles under src, in a few folders (a batch that takes a while)."""
    for n in range(count):
        origin = DEV_TXT[n % len(DEV_TXT)]
        target = src / f"d{n % 7}" / f"{n:04d}-{origin.name}"
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(origin, target)


def long_article(paragraphs: int = 400) -> str:
    """The seed with its paragraphs repeated: a PDF that takes seconds to write."""
    text = seed_text()
    body = [line for line in text.split("\n") if len(line) > 60]
    return text + "\n\n" + "\n\n".join(body * (paragraphs // len(body) + 1))


def descendants(pid: int) -> set[int]:
    """Every process below `pid` (Linux: read from /proc)."""
    children: dict[int, list[int]] = {}
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            with open(f"/proc/{entry}/stat", encoding="ascii", errors="replace") as fh:
                stat = fh.read()
        except OSError:
            continue
        parent = int(stat.rpartition(")")[2].split()[1])
        children.setdefault(parent, []).append(int(entry))
    found: set[int] = set()
    stack = [pid]
    while stack:
        for child in children.get(stack.pop(), ()):
            if child not in found:
                found.add(child)
                stack.append(child)
    return found


def alive(pid: int) -> bool:
    """A process that exists and is not a zombie."""
    try:
        with open(f"/proc/{pid}/stat", encoding="ascii", errors="replace") as fh:
            return fh.read().rpartition(")")[2].split()[0] != "Z"
    except OSError:
        return False


def wait_until(predicate: Callable[[], object], timeout: float, step: float = 0.05) -> bool:
    end = time.monotonic() + timeout
    while time.monotonic() < end:
        if predicate():
            return True
        time.sleep(step)
    return bool(predicate())


@contextlib.contextmanager
def small_filesystem(kilobytes: int) -> Iterator[Path | None]:
    """A tmpfs of this size (None where mounting is not permitted: not root, a container
    without the capability, not Linux)."""
    if sys.platform != "linux" or os.geteuid() != 0 or not shutil.which("mount"):
        yield None
        return
    folder = Path(tempfile.mkdtemp(prefix="docconv-full-"))
    done = subprocess.run(["mount", "-t", "tmpfs", "-o", f"size={kilobytes}k", "tmpfs",
                           str(folder)], capture_output=True)
    if done.returncode:
        folder.rmdir()
        yield None
        return
    try:
        yield folder
    finally:
        subprocess.run(["umount", str(folder)], check=True)
        folder.rmdir()


def file_size_limit(size: int) -> Callable[[], None]:
    """A preexec_fn: files of the child can grow to `size` bytes, then a write fails with
    EFBIG (Python ignores SIGXFSZ) — a real full-disk error from the real write path."""
    def limit() -> None:
        resource.setrlimit(resource.RLIMIT_FSIZE, (size, size))
    return limit
