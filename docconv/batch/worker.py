"""The conversion of one input: in a worker process, or in the caller's with --jobs 1.

What a conversion needs (zone, writer options) travels with each task in the run's frozen
Config, never in module state: two runs in one process cannot see each other's settings.
"""

from __future__ import annotations

import contextlib
import dataclasses
import hashlib
import io
import os
import signal
import sys
import time
from datetime import tzinfo
from pathlib import Path
from typing import Any, NamedTuple

from ..errors import DocconvError
from ..files import disk_full


@dataclasses.dataclass(frozen=True)
class Config:
    """One run's settings, the same for all its tasks (a few hundred bytes pickled)."""

    formats: tuple[str, ...]
    tz: tzinfo  # made from BatchOptions.tz once, before the run starts
    options: tuple[tuple[str, Any], ...]  # (format, that writer's frozen Options)
    reader: str | None = None  # the input format forced for every input

    def options_for(self, name: str) -> Any:
        return dict(self.options).get(name)


class Task(NamedTuple):
    rel: str  # input path relative to SRC, '/'-separated
    path: str  # input path as the file system wants it
    targets: tuple[tuple[str, str], ...]  # (format, absolute output path) to write
    config: Config
    attempts: int = 0


class Result(NamedTuple):
    rel: str
    error: str | None
    seconds: float
    digest: str | None = None
    title: str | None = None
    published: str | None = None
    source: str | None = None
    trace: str | None = None
    formats: tuple[str, ...] = ()  # the formats written now
    lang: str | None = None  # the article's language tag (zh-CN, zh-TW, ...)
    warnings: tuple[str, ...] = ()  # one line each, e.g. "pdf: no font has these characters: …"
    disk_full: str = ""  # why the disk is full (strerror), if that made it fail: the batch stops


def init_worker(config: Config) -> None:
    """Pool initializer: runs once in each worker process."""
    # Ctrl-C reaches the whole process group; the parent alone decides how to stop, and
    # a terminated worker should just die (the parent sweeps its .part file).
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.signal(signal.SIGTERM, signal.SIG_DFL)
    die_with_parent()
    # A forked worker may inherit rich's stderr proxy; library warnings go to the real one.
    sys.stdout, sys.stderr = sys.__stdout__, sys.__stderr__
    from .. import writers
    from ..model import Article

    # Render a tiny article once: font registration, templates and lazy imports are paid
    # here, once per worker, not on the first real article.
    warm = Article(title="预热", paragraphs=("正文。",))
    for name in config.formats:
        with contextlib.suppress(Exception):  # a real article will report the problem
            writers.get(name).write(warm, io.BytesIO(), config.options_for(name))


# How often a worker looks whether its parent is still there (where the kernel cannot
# tell it): a worker of a killed batch stops within this time.
PARENT_POLL_SECONDS = 1.0


def die_with_parent() -> None:
    """A worker whose batch is killed (kill -9, the OOM killer) must not live on, converting
    for nobody and holding OUT. On Linux the kernel sends it SIGKILL when its parent dies
    (PR_SET_PDEATHSIG); elsewhere a daemon thread sees its parent change (it is re-parented)
    and ends it. A fork-server worker's parent is the server, which exits once the batch and
    every holder of its "alive" pipe are gone; workers hold that pipe too, so they let go of
    it here — the server then goes with the batch, and its workers with it."""
    with contextlib.suppress(Exception):
        from multiprocessing import forkserver

        server = getattr(forkserver, "_forkserver", None)
        alive = getattr(server, "_forkserver_alive_fd", None)
        if alive is not None and getattr(server, "_forkserver_pid", 0) is None:
            # (only in a server's child: the batch itself keeps its own end)
            os.close(alive)
            server._forkserver_alive_fd = None
    parent = os.getppid()
    if sys.platform.startswith("linux"):
        import ctypes

        with contextlib.suppress(OSError, AttributeError):
            libc = ctypes.CDLL(None, use_errno=True)
            PR_SET_PDEATHSIG = 1
            if libc.prctl(PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0) == 0:
                if os.getppid() != parent:  # died before the call: no signal will come
                    os._exit(1)
                return
    import threading

    def watch() -> None:
        while True:
            time.sleep(PARENT_POLL_SECONDS)
            if os.getppid() != parent:
                os._exit(1)

    threading.Thread(target=watch, name="docconv-parent-watch", daemon=True).start()


def digest(data: bytes) -> str:
    return hashlib.blake2b(data, digest_size=16).hexdigest()


def convert(task: Task) -> Result:
    from .. import readers
    from ..conversion import convert_one

    started = time.perf_counter()
    try:
        try:
            data = Path(task.path).read_bytes()
        except OSError as exc:
            raise DocconvError(exc.strerror or str(exc)) from None
        reader = task.config.reader or readers.for_path(task.path)
        done = convert_one(data, task.targets, tz=task.config.tz, reader=reader,
                           options=dict(task.config.options))
    except Exception as exc:
        # convert_one removed what it wrote; the outputs an earlier run made from what is
        # now a broken file go too.
        for _, out_path in task.targets:
            with contextlib.suppress(OSError):
                os.unlink(out_path)
        trace = None
        if not isinstance(exc, DocconvError):
            import traceback

            trace = "".join(traceback.format_exception(exc))
        return Result(task.rel, message(exc), time.perf_counter() - started, trace=trace,
                      disk_full=_full_reason(exc))
    article = done.article
    published = article.published.isoformat() if article.published else None
    return Result(task.rel, None, time.perf_counter() - started, digest(data),
                  article.title or None, published, article.source,
                  formats=tuple(name for name, _ in task.targets), lang=article.lang_tag,
                  warnings=done.warnings)


def _full_reason(exc: BaseException) -> str:
    full = disk_full(exc)
    return (full.strerror or str(full)) if full is not None else ""


def message(exc: BaseException) -> str:
    """An exception as one line for report.json and stderr."""
    text = " ".join(str(exc).split())
    if isinstance(exc, DocconvError):
        return text or type(exc).__name__
    return f"{type(exc).__name__}: {text}" if text else type(exc).__name__
