"""One batch run: check the options, plan each input (up to date, or a task), hand the tasks
to a runner, record the results, and leave report.json and index.html behind."""

from __future__ import annotations

import contextlib
import errno
import hashlib
import json
import os
import signal
import time
from collections.abc import Iterator
from datetime import datetime
from pathlib import Path
from typing import Any, TextIO

from .. import __version__
from ..console import error_line, warning_line
from ..errors import DocconvError
from ..files import atomic_output, disk_full
from ..options import OptionError, resolve
from ..text import shown
from ..zones import zone
from .index import INDEX_NAME, IndexItem, render_index
from .options import DEFAULT_INCLUDE, BatchError, BatchOptions
from .progress import Progress
from .report import REPORT_NAME, Entry, Summary, write_report
from .runner import STOP_GRACE_SECONDS, InlineRunner, PoolRunner, Stop, prestart
from .state import STATE_NAME, Store, locked, refuse_running
from .walk import mirror, sweep_parts, walk
from .worker import Config, Result, Task, digest

# For tests only: "N:FILE" makes the run pause after N results until a signal arrives.
PAUSE_ENV = "DOCCONV_TEST_PAUSE_AFTER"


def _pause_point() -> tuple[int, str] | None:
    count, sep, flag = os.environ.get(PAUSE_ENV, "").partition(":")
    return (int(count), flag) if sep and count.isdigit() and flag else None


def default_jobs() -> int:
    counter = getattr(os, "process_cpu_count", None)  # Python 3.13+: honours affinity
    if counter is not None:
        return int(counter() or 1)
    if hasattr(os, "sched_getaffinity"):
        return len(os.sched_getaffinity(0)) or 1
    return os.cpu_count() or 1


class Batch:
    def __init__(self, options: BatchOptions, stderr: TextIO, start_method: str | None = None):
        self.started = time.monotonic()  # loading the writers is part of the run's time
        from .. import writers

        self.opts = options
        self.stderr = stderr
        self.start_method = start_method
        self.src = Path(options.src)
        self.out = Path(options.out)
        if not self.src.exists():
            raise BatchError(f"{self.src}: no such directory")
        if not self.src.is_dir():
            raise BatchError(f"{self.src}: not a directory (batch converts a folder tree; "
                             "use 'docconv convert' for single files)")
        if self.out.exists() and not self.out.is_dir():
            raise BatchError(f"{self.out}: exists and is not a directory")
        real_src, real_out = os.path.realpath(self.src), os.path.realpath(self.out)
        if real_src == real_out:
            raise BatchError("OUT must be a different folder from SRC")
        inner = os.path.relpath(real_out, real_src)
        self.skip_dir = None if inner.startswith("..") else inner.replace(os.sep, "/")

        try:
            zone_info = zone(options.tz)
        except DocconvError as exc:
            raise BatchError(str(exc)) from None
        self.formats = writers.expand(options.formats)
        self.jobs = max(1, options.jobs or default_jobs())
        if self.jobs > 1:  # now: the server's start-up overlaps loading the writers below
            prestart(start_method, tuple(self.formats))
        try:
            writer_options = resolve(self.formats, options.writer_options)
            # a plug-in may declare its extension without the dot: "toy" → x.toy, not xtoy
            self.extensions = {name: writers.extension(name) for name in self.formats}
        except OptionError as exc:
            raise BatchError(str(exc)) from None
        if options.reader:
            from .. import readers
            from ..errors import FormatError

            try:
                readers.get(options.reader)
            except FormatError as exc:
                raise BatchError(str(exc)) from None
        self.config = Config(tuple(self.formats), zone_info, tuple(writer_options.items()),
                             options.reader)
        self.keys = {name: self._format_key(name, writer_options[name])
                     for name in self.formats}
        self.summary = Summary()
        self.stop = Stop()
        self.full: OSError | None = None  # the disk is full: stop, report what was done
        self.runner: InlineRunner | PoolRunner | None = None
        # Mirrored folders (relative to OUT) that did not exist when an input was planned:
        # those this run creates, removed at the end if its failures left them empty.
        self._known_dirs: set[str] = set()
        self._new_dirs: set[str] = set()
        self._all_formats = writers.formats()  # the order of the links in index.html
        self._pause = _pause_point()

    def _format_key(self, name: str, options: Any) -> str:
        """What makes an output up to date besides its input's content."""
        text = f"{__version__}|{name}|{self.config.tz}|{options!r}"  # str(ZoneInfo): its name
        if self.config.reader:
            text += f"|{self.config.reader}"
        return hashlib.blake2b(text.encode(), digest_size=8).hexdigest()

    # -- planning: up to date, or a task for a worker -------------------------------------

    def _plan(self, rel: str) -> Entry | Task:
        started = time.perf_counter()
        outputs = mirror(rel, self.extensions)
        path = os.path.join(self.src, rel)
        first = self.formats[0]
        other = self.store.claim(outputs[first][: -len(self.extensions[first])], rel)
        if other != rel:
            return Entry(rel, "failed", (), f"its outputs would overwrite those of {other}", 0.0)
        clash = [o for o in outputs.values()
                 if o in (INDEX_NAME, REPORT_NAME) or o.startswith(".docconv")]
        if clash:
            return Entry(rel, "failed", (), f"output {clash[0]} is reserved for the batch "
                         "itself; rename or --exclude this input", 0.0)
        record = None if self.opts.force else self.store.get(rel)
        needed = list(self.formats)
        if record is not None:
            try:
                with open(path, "rb") as handle:
                    content = digest(handle.read())
            except OSError:
                content = None  # the worker will report why it cannot be read
            if content == record[0]:
                done = record[1]
                needed = [name for name in self.formats
                          if done.get(name) != [outputs[name], self.keys[name]]
                          or not os.path.isfile(self.out / outputs[name])]
                if not needed:
                    return Entry(rel, "skipped", tuple(outputs.values()), None,
                                 time.perf_counter() - started)
        self._note_dirs(outputs[needed[0]])
        return Task(rel, path, tuple((n, str(self.out / outputs[n])) for n in needed),
                    self.config)

    def _note_dirs(self, rel_out: str) -> None:
        """Remember which of the output's folders do not exist yet (one stat per new
        folder, not per input)."""
        folder = rel_out.rpartition("/")[0]
        while folder and folder not in self._known_dirs:
            self._known_dirs.add(folder)
            if os.path.isdir(self.out / folder):
                return  # and so do the folders above it
            self._new_dirs.add(folder)
            folder = folder.rpartition("/")[0]

    def _remove_empty_dirs(self) -> None:
        """The folders this run created that its failures left empty, deepest first. Only
        once no worker is writing: one may be about to put a file in such a folder."""
        for folder in sorted(self._new_dirs, key=lambda f: f.count("/"), reverse=True):
            with contextlib.suppress(OSError):  # not empty, or never created
                os.rmdir(self.out / folder)

    # -- results ------------------------------------------------------------------------

    def _shown(self, rel: str) -> str:
        return shown(os.path.join(self.src, rel))

    @contextlib.contextmanager
    def _unless_full(self) -> Iterator[None]:
        """A full disk stops the run (every later input would fail the same way); the
        report is then written as far as the run got, if it fits."""
        try:
            yield
        except OSError as exc:
            if disk_full(exc) is None:
                raise
            self.full = self.full or exc

    def _stopping(self) -> bool:
        return bool(self.stop.signum or self.full)

    def _record(self, entry: Entry) -> None:
        with self._unless_full():
            self.store.add_entry(entry)
            self.store.commit()
        setattr(self.summary, entry.status, getattr(self.summary, entry.status) + 1)
        if entry.status == "failed":
            self.progress.print(error_line(os.path.join(self.src, entry.input), entry.error))
        if self.opts.warnings:
            for note in entry.warnings:
                self.progress.print(warning_line(os.path.join(self.src, entry.input), note))
        self.progress.advance(entry.status)
        if self._pause is not None and self.progress.done == self._pause[0]:
            self._wait_for_signal(self._pause[1])

    def _wait_for_signal(self, flag: str) -> None:
        """The tests' hook (PAUSE_ENV): say so in the file `flag`, then wait for SIGINT or
        SIGTERM, so a test stops the run at a known point instead of racing it."""
        Path(flag).touch()
        while not self.stop.signum:
            time.sleep(0.01)  # a signal ends the sleep; its handler sets stop.signum

    def _finish(self, result: Result) -> None:
        outputs = mirror(result.rel, self.extensions)
        if result.error is not None or result.digest is None:
            if result.trace and self.opts.debug:
                self.progress.print(result.trace.rstrip())
            with self._unless_full():
                self._forget(result.rel, outputs)
            self._record(Entry(result.rel, "failed", (), result.error, result.seconds))
            if result.disk_full and self.full is None:
                self.full = OSError(errno.ENOSPC, result.disk_full, str(self.out))
            return
        old = self.store.get(result.rel)
        # Formats not written now were up to date when planned; they stay so only if the
        # worker read the same content (the file may have changed in between).
        same = old is not None and old[0] == result.digest
        formats = {name: value for name, value in (old[1] if old else {}).items()
                   if same and name not in result.formats}
        for name in result.formats:
            formats[name] = [outputs[name], self.keys[name]]
        stale = [name for name in self.formats if name not in formats]
        if stale:  # changed under our feet: the next run converts the rest
            self.progress.print(warning_line(
                os.path.join(self.src, result.rel),
                f"changed during the run; run again to update {', '.join(stale)}"))
        with self._unless_full():  # the outputs are whole; the next run redoes them
            self.store.put(result.rel, result.digest, formats, result)
        self._record(Entry(result.rel, "ok", tuple(outputs.values()), None, result.seconds,
                           result.warnings))

    def _forget(self, rel: str, outputs: dict[str, str]) -> None:
        """A failed input has no outputs: remove the current formats' files and what an
        earlier run recorded for it (and, at the end of the run, the folders that earlier
        run made for them if nothing else is left in them)."""
        recorded = {value[0] for value in self.store.forget(rel).values()}
        for rel_out in recorded:
            self._new_dirs.update(_parents(rel_out))
        for rel_out in recorded | set(outputs.values()):
            with contextlib.suppress(OSError):
                os.unlink(self.out / rel_out)

    # -- the run -------------------------------------------------------------------------

    def run(self) -> Summary:
        try:
            self.out.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise BatchError(f"{self.out}: cannot create it: {exc.strerror or exc}") from None
        with locked(self.out), self.stop:
            # left by a run that was killed; and no batch may be running inside OUT
            sweep_parts(self.out, nested=lambda folder: refuse_running(self.out, folder))
            self.store = Store(self.out / STATE_NAME)
            try:
                self._run()
            finally:
                with self._unless_full():
                    self.store.close()
        if self.full is not None:
            self.summary.stopped = self.full.strerror or str(self.full)
        report = self.out / REPORT_NAME
        if self.summary.stopped:  # an error: shown even with --quiet, and always last
            self.stderr.write(f"docconv: error: {shown(str(self.out))}: "
                              f"{shown(self.summary.stopped_line(report))}\n")
            self.stderr.flush()
        elif self.opts.progress != "none":
            self.stderr.write(shown(self.summary.line(report)) + "\n")
            self.stderr.flush()
        return self.summary

    def _run(self) -> None:
        try:
            for rel, error in walk(self.src, self.opts.include or DEFAULT_INCLUDE,
                                   self.opts.exclude, self.skip_dir):
                if self.stop.signum:
                    break
                self.store.add_walked(rel, error)
                self.summary.total += 1
        except KeyboardInterrupt:  # a second signal
            self.stop.signum = self.stop.signum or signal.SIGINT
        with Progress(self.summary.total, self.opts.progress, self.stderr) as progress:
            self.progress = progress
            try:
                with self._unless_full():
                    self._convert_all()
            except KeyboardInterrupt:  # a second signal: stop at once
                self.stop.signum = self.stop.signum or signal.SIGINT
            except BaseException:
                self.stop.cleaning = True
                if self.runner is not None:
                    self.runner.stop(grace=0)
                sweep_parts(self.out)
                raise
            self.stop.cleaning = True
            runner = self.runner
            if self.stop.signum:
                if runner is not None:
                    for result in runner.stop(grace=STOP_GRACE_SECONDS):
                        self._finish(result)
                sweep_parts(self.out)
            elif self.full is not None:
                if runner is not None:  # what is still running cannot be written either
                    runner.stop(grace=0)
                sweep_parts(self.out)  # frees room for the report
            elif runner is not None:
                runner.close()
            self.summary.interrupted = self.stop.signum
            self.summary.seconds = time.monotonic() - self.started
            if self.full is not None:
                self.summary.stopped = self.full.strerror or str(self.full)
            with self._unless_full():
                if not self._stopping():  # the whole selection was seen: forget what is gone
                    self.store.prune()
                self._remove_empty_dirs()
                self.store.commit(force=True)
            try:
                write_report(self.out / REPORT_NAME, self.summary, self.formats, self.jobs,
                             self.store.entries())
                self._write_index()
            except OSError as exc:
                if disk_full(exc) is None:
                    raise
                self.full = self.full or exc
                self.summary.report_error = exc.strerror or str(exc)

    def _new_runner(self) -> InlineRunner | PoolRunner:
        if self.jobs == 1:
            return InlineRunner()
        return PoolRunner(self.jobs, self.config, lambda: sweep_parts(self.out),
                          self.start_method)

    def _convert_all(self) -> None:
        for rel, error in self.store.walked():
            if self._stopping():
                return
            if error is not None:
                self._record(Entry(rel, "failed", (), f"cannot read it: {error}", 0.0))
                continue
            planned = self._plan(rel)
            if isinstance(planned, Entry):
                self._record(planned)
                continue
            if self.runner is None:  # no workers at all when everything is up to date
                self.runner = self._new_runner()
            runner = self.runner
            while not runner.has_room() and not self._stopping():
                self._drain(runner, 0.25)
            if self._stopping():
                return
            runner.submit(planned)
            self._drain(runner, 0)
        while self.runner is not None and self.runner.pending() and not self._stopping():
            self._drain(self.runner, 0.25)

    def _drain(self, runner: InlineRunner | PoolRunner, timeout: float) -> None:
        for result in runner.collect(timeout):
            self._finish(result)
        self.progress.refresh()

    # -- the archive page ---------------------------------------------------------------

    def _index_items(self) -> Iterator[IndexItem]:
        """Every input of this selection with an output on record that is still there —
        in any format, not only this run's (after `--to all`, a `--to html` run keeps the
        links to the DOCX, PDF and EPUB files), including (after an interruption) those
        done by earlier runs; newest first. A record holds only outputs made from one
        content, the last one converted (_finish drops the others)."""
        order = {name: n for n, name in enumerate(self._all_formats)}  # the same every run
        for rel, title, published, source, formats_json, lang in self.store.archive():
            recorded = json.loads(formats_json)
            names = sorted(recorded, key=lambda name: (order.get(name, len(order)), name))
            outputs = {name: recorded[name][0] for name in names
                       if os.path.isfile(self.out / recorded[name][0])}
            if outputs:
                yield IndexItem(rel, title, published, source, outputs, lang)

    def _write_index(self) -> None:
        count = sum(1 for _ in self._index_items())  # a second pass beats holding them all
        pieces = render_index(self._index_items(), count, self.store.entries("failed"),
                              self.summary.failed, datetime.now().astimezone())
        with atomic_output(self.out / INDEX_NAME) as out:
            for piece in pieces:
                out.write(piece.encode("utf-8", errors="replace"))


def _parents(rel: str) -> Iterator[str]:
    """'a/b/c.html' → 'a/b', 'a'."""
    folder = rel.rpartition("/")[0]
    while folder:
        yield folder
        folder = folder.rpartition("/")[0]
