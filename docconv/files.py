"""Writing files safely: a temporary file beside the target, renamed into place on success."""

from __future__ import annotations

import contextlib
import errno
import io
import os
import stat
import tempfile
import time
from collections.abc import Iterator, Sequence
from functools import cache
from pathlib import Path
from typing import BinaryIO

TMP_PREFIX = ".docconv-"
TMP_SUFFIX = ".part"
# A .part file whose name holds no live writer's pid is left by a killed run. One without
# a pid (an older docconv) counts as stale after this long.
STALE_SECONDS = 3600.0
# Errors that mean "the disk (or the user's quota, or the file size limit) is full".
DISK_FULL = frozenset({errno.ENOSPC, errno.EDQUOT, errno.EFBIG})


def disk_full(exc: BaseException | None) -> OSError | None:
    """The OSError saying the disk is full somewhere in `exc`'s chain, if any."""
    seen = 0
    while exc is not None and seen < 10:
        if isinstance(exc, OSError) and exc.errno in DISK_FULL:
            return exc
        exc, seen = exc.__cause__ or exc.__context__, seen + 1
    return None


def _tmp_prefix() -> str:
    return f"{TMP_PREFIX}{os.getpid()}-"


def special(path: str | os.PathLike[str]) -> bool:
    """Whether `path` is an existing device, FIFO or directory: never renamed over."""
    try:
        return not stat.S_ISREG(os.stat(path).st_mode)
    except OSError:
        return False


@contextlib.contextmanager
def atomic_output(path: str | os.PathLike[str]) -> Iterator[BinaryIO]:
    """Yield a binary file; on normal exit it replaces `path`, on any error it vanishes.

    The temporary file sits in the target's folder so the rename is atomic (same file
    system); a reader never sees a half-written document, and an interrupted run leaves at
    most a `.docconv-*.part` file that the next batch run removes. A symlink is followed (the
    link stays, its target is replaced), an existing file keeps its permissions, and a device
    or FIFO (`-o /dev/stdout`) is written through, after the document is complete in memory.
    """
    target = Path(os.path.realpath(path))
    try:
        mode = target.stat().st_mode
    except FileNotFoundError:
        mode = None
    if mode is not None and not stat.S_ISREG(mode):
        if stat.S_ISDIR(mode):
            raise IsADirectoryError(21, "is a directory", str(path))
        buffer = io.BytesIO()
        yield buffer
        with open(target, "wb") as out:
            out.write(buffer.getvalue())
        return
    target.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=_tmp_prefix(), suffix=TMP_SUFFIX, dir=target.parent)
    try:
        with os.fdopen(fd, "wb") as out:
            yield out
        os.chmod(tmp, stat.S_IMODE(mode) if mode is not None else _new_file_mode())
        os.replace(tmp, target)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        raise


@contextlib.contextmanager
def staged(paths: Sequence[str | os.PathLike[str]]) -> Iterator[list[Path]]:
    """Several outputs that appear together or not at all: yields a temporary path beside
    each target to be written (with `docconv.write` or anything else); on normal exit all
    are renamed into place, on any error all vanish and the targets are untouched — an
    existing x.html survives a failing x.pdf. (A crash between two renames can leave some
    new and some old: each file is whole, though.)"""
    temps: list[Path] = []
    targets = [Path(os.path.realpath(p)) for p in paths]
    for target in targets:
        if special(target):  # a rename would put a regular file where /dev/full was
            raise ValueError(f"{target} is not a regular file: write it directly")
    try:
        for target in targets:
            target.parent.mkdir(parents=True, exist_ok=True)
            fd, tmp = tempfile.mkstemp(prefix=_tmp_prefix(), suffix=TMP_SUFFIX,
                                       dir=target.parent)
            os.close(fd)
            temps.append(Path(tmp))
        yield list(temps)
        for tmp, target in zip(temps, targets, strict=True):
            try:
                mode = stat.S_IMODE(target.stat().st_mode)
            except FileNotFoundError:
                mode = _new_file_mode()
            os.chmod(tmp, mode)
        for tmp, target in zip(temps, targets, strict=True):
            os.replace(tmp, target)
    except BaseException:
        for tmp in temps:
            with contextlib.suppress(OSError):
                os.unlink(tmp)
        raise


def sweep_stale(folder: str | os.PathLike[str]) -> int:
    """Remove the .part files in `folder` (not below it) whose writer is gone: a `convert`
    killed with SIGKILL. Those of a writer still running are left alone."""
    removed = 0
    try:
        entries = list(os.scandir(folder))
    except OSError:
        return 0
    now = time.time()
    for entry in entries:
        name = entry.name
        if not (name.startswith(TMP_PREFIX) and name.endswith(TMP_SUFFIX)):
            continue
        pid_text = name[len(TMP_PREFIX):].partition("-")[0]
        if pid_text.isdigit():
            if _alive(int(pid_text)):
                continue
        else:
            with contextlib.suppress(OSError):
                if now - entry.stat(follow_symlinks=False).st_mtime < STALE_SECONDS:
                    continue
        with contextlib.suppress(OSError):
            os.unlink(entry.path)
            removed += 1
    return removed


def _alive(pid: int) -> bool:
    if pid == os.getpid() or os.name == "nt":  # (Windows' os.kill would end the process)
        return True
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except (PermissionError, OSError):
        return True  # someone else's process, or cannot tell: leave its file alone
    return True


@cache
def _new_file_mode() -> int:
    """What open() would give a new file: 0o666 less the umask (mkstemp makes 0o600)."""
    try:  # Linux shows the umask without changing it (os.umask would, for every thread)
        with open("/proc/self/status", encoding="ascii") as fh:
            for line in fh:
                if line.startswith("Umask:"):
                    return 0o666 & ~int(line.split()[1], 8)
    except OSError:
        pass
    return 0o644
