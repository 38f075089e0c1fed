"""Writing files safely: a temporary file beside the target, renamed into place on success."""

from __future__ import annotations

import contextlib
import io
import os
import stat
import tempfile
from collections.abc import Iterator
from functools import cache
from pathlib import Path
from typing import BinaryIO

TMP_PREFIX = ".docconv-"
TMP_SUFFIX = ".part"


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
    fd, tmp = tempfile.mkstemp(prefix=TMP_PREFIX, suffix=TMP_SUFFIX, dir=target.parent)
    try:
        with os.fdopen(fd, "wb") as out:
            yield out
        os.chmod(tmp, stat.S_IMODE(mode) if mode is not None else _new_file_mode())
        os.replace(tmp, target)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        raise


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
