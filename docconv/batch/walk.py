"""The two trees: SRC walked for inputs, OUT mirroring it (and swept of unfinished writes)."""

from __future__ import annotations

import contextlib
import fnmatch
import os
from collections.abc import Iterator, Mapping, Sequence
from pathlib import Path

from ..files import TMP_PREFIX, TMP_SUFFIX


def matches(rel: str, patterns: Sequence[str]) -> bool:
    """A pattern with a '/' is matched against the whole relative path, one without
    against the name alone (like .gitignore); case does not matter (`*.txt` takes `A.TXT`)."""
    rel_l = rel.lower()
    name_l = rel_l.rsplit("/", 1)[-1]
    for pattern in patterns:
        p = pattern.lower().strip("/") if "/" in pattern else pattern.lower()
        if fnmatch.fnmatchcase(rel_l if "/" in pattern else name_l, p):
            return True
    return False


def walk(src: Path, include: Sequence[str], exclude: Sequence[str] = (),
         skip_dir: str | None = None) -> Iterator[tuple[str, str | None]]:
    """The input files under `src`: (path relative to SRC, '/'-separated, None), and
    ('folder/', reason) for a folder that cannot be read. Hidden files and folders,
    `skip_dir` (OUT, when it lies inside SRC) and symlinked folders (loops) are not entered.
    A generator: a tree of any size is walked in constant memory (one folder at a time)."""
    stack = [""]
    while stack:
        rel_dir = stack.pop()
        try:
            with os.scandir(src / rel_dir if rel_dir else src) as it:
                entries = sorted(it, key=lambda e: e.name)
        except OSError as exc:
            yield f"{rel_dir or '.'}/", exc.strerror or str(exc)
            continue
        folders = []
        for entry in entries:
            if entry.name.startswith("."):
                continue
            rel = f"{rel_dir}/{entry.name}" if rel_dir else entry.name
            try:
                if entry.is_dir(follow_symlinks=False):
                    if rel != skip_dir and not matches(rel, exclude):
                        folders.append(rel)
                elif entry.is_file() and matches(rel, include) and not matches(rel, exclude):
                    yield rel, None
            except OSError as exc:
                yield rel, exc.strerror or str(exc)
        stack.extend(reversed(folders))


def mirror(rel: str, extensions: Mapping[str, str]) -> dict[str, str]:
    """format → output path relative to OUT: the input's path with its suffix replaced."""
    name = rel.rsplit("/", 1)[-1]
    stem = rel[: rel.rfind(".")] if "." in name[1:] else rel
    return {fmt: stem + ext for fmt, ext in extensions.items()}


def sweep_parts(out: Path) -> int:
    """Remove the temporary files of writes that never finished (a killed run)."""
    removed = 0
    for folder, _dirs, files in os.walk(out):
        for name in files:
            if name.startswith(TMP_PREFIX) and name.endswith(TMP_SUFFIX):
                with contextlib.suppress(OSError):
                    os.unlink(os.path.join(folder, name))
                    removed += 1
    return removed
