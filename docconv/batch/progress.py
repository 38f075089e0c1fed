"""Progress on stderr: a rich bar on a terminal, otherwise an occasional line."""

from __future__ import annotations

import os
import time
from collections.abc import Callable
from typing import Any, TextIO

# Line-based progress (not a terminal, e.g. a log file): nothing for the first
# LINE_PROGRESS_SECONDS, so a short run prints only its summary and its output does not depend
# on how busy the machine is; after that a line per tenth of the work (not more than one a
# second), and one at least every LINE_PROGRESS_SECONDS.
LINE_PROGRESS_SECONDS = 10.0


class Progress:
    def __init__(self, total: int, mode: str, stream: TextIO,
                 clock: Callable[[], float] = time.monotonic):
        self.total, self.stream = total, stream
        if mode == "auto":
            mode = "bar" if is_terminal(stream) else "lines"
        self.mode = mode
        self.counts = {"ok": 0, "failed": 0, "skipped": 0}
        self._clock = clock
        self.started = clock()
        self._last_line = self.started
        self._last_tenth = 0
        self._last_refresh = 0.0
        self._bar: Any = None
        self._task: Any = None

    def __enter__(self) -> Progress:
        if self.mode == "bar" and self.total:
            from rich.console import Console
            from rich.progress import (
                BarColumn,
                MofNCompleteColumn,
                Progress,
                TextColumn,
                TimeElapsedColumn,
                TimeRemainingColumn,
            )

            # Refreshed from the main loop, not by rich's thread: a thread that holds the
            # console lock while workers are forked could deadlock them.
            self._bar = Progress(
                TextColumn("[bold]{task.description}"), BarColumn(), MofNCompleteColumn(),
                TextColumn("{task.fields[stats]}"), TimeElapsedColumn(), TimeRemainingColumn(),
                console=Console(file=self.stream), auto_refresh=False, transient=False)
            self._task = self._bar.add_task("docconv", total=self.total, stats="")
            self._bar.start()
        return self

    def __exit__(self, *exc: object) -> None:
        if self._bar is not None:
            self.refresh(force=True)
            self._bar.stop()

    @property
    def done(self) -> int:
        return sum(self.counts.values())

    def _stats(self) -> str:
        c = self.counts
        return f"ok {c['ok']}  failed {c['failed']}  skipped {c['skipped']}"

    def advance(self, status: str) -> None:
        self.counts[status] += 1
        if self._bar is not None:
            self._bar.update(self._task, advance=1, stats=self._stats())
            self.refresh()
        elif self.mode == "lines" and self.total:
            now = self._clock()
            tenth = self.done * 10 // self.total
            since = now - self._last_line
            if self.done < self.total and now - self.started >= LINE_PROGRESS_SECONDS and (
                    (tenth > self._last_tenth and since >= 1.0)
                    or since >= LINE_PROGRESS_SECONDS):
                self._last_tenth, self._last_line = tenth, now
                elapsed = now - self.started
                converted = self.counts["ok"] + self.counts["failed"]
                rate = f", {converted / elapsed:.1f} articles/s" if converted and elapsed else ""
                self.stream.write(f"docconv: {self.done}/{self.total} "
                                  f"({self.done * 100 // self.total}%): {self._stats()}{rate}\n")
                self.stream.flush()

    def refresh(self, force: bool = False) -> None:
        if self._bar is not None:
            now = self._clock()
            if force or now - self._last_refresh > 0.1:
                self._last_refresh = now
                self._bar.refresh()

    def print(self, line: str) -> None:
        if self._bar is not None:
            from rich.text import Text

            self._bar.console.print(Text(line), soft_wrap=True)
        else:
            self.stream.write(line + "\n")
            self.stream.flush()


def is_terminal(stream: TextIO) -> bool:
    try:
        return stream.isatty() and os.environ.get("TERM") != "dumb"
    except (AttributeError, ValueError):
        return False
