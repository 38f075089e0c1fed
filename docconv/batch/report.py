"""report.json (the contract's keys), the run's counts and its one-line summary."""

from __future__ import annotations

import dataclasses
import json
import signal
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Any, NamedTuple
from urllib.parse import quote

from .. import __version__
from ..exitcodes import EXIT_OK, EXIT_SOME_FAILED, EXIT_USAGE, signal_exit
from ..files import atomic_output

REPORT_NAME = "report.json"


@dataclasses.dataclass
class Summary:
    total: int = 0
    ok: int = 0
    failed: int = 0
    skipped: int = 0
    seconds: float = 0.0
    interrupted: int = 0  # the signal number that stopped the run, 0 if none
    stopped: str = ""  # why the run stopped early on its own (a full disk), "" if it did not
    report_error: str = ""  # why report.json could not be written, "" if it was

    @property
    def converted(self) -> int:
        return self.ok + self.failed

    @property
    def rate(self) -> float:
        return self.converted / self.seconds if self.seconds > 0 else 0.0

    @property
    def exit_code(self) -> int:
        if self.interrupted:
            return signal_exit(self.interrupted)
        if self.failed or self.stopped:
            # the contract: one input that cannot be converted is 2, some of several is 1
            return EXIT_USAGE if self.total == 1 else EXIT_SOME_FAILED
        return EXIT_OK

    def line(self, report: Path) -> str:
        """What stderr shows at the end of a run."""
        text = (f"docconv: {self.ok} converted, {self.failed} failed, {self.skipped} skipped "
                f"(up to date) of {self.total} in {self.seconds:.1f} s")
        if self.converted:
            text += f", {self.rate:.1f} articles/s"
        if self.interrupted:
            text += (f"; interrupted by {signal.Signals(self.interrupted).name}, "
                     "run again to resume")
        return text + f"; report: {report}"

    def stopped_line(self, report: Path) -> str:
        """The last line after a run that stopped on its own: why, how far it got, and
        where the report is (or why there is none)."""
        done = self.ok + self.failed + self.skipped
        where = f"report not written ({self.report_error})" if self.report_error \
            else f"report (as far as it got): {report}"
        return (f"{self.stopped}; stopped after {done} of {self.total} inputs ({self.ok} "
                f"converted, {self.failed} failed, {self.skipped} skipped); {where}")


class Entry(NamedTuple):
    """One line of report.json."""

    input: str
    status: str  # ok | failed | skipped
    outputs: tuple[str, ...]
    error: str | None
    seconds: float
    warnings: tuple[str, ...] = ()  # beyond the contract: e.g. characters no font has

    def to_dict(self) -> dict[str, Any]:
        out = {"input": self.input, "status": self.status, "outputs": list(self.outputs),
               "error": self.error, "seconds": round(self.seconds, 4),
               "warnings": list(self.warnings)}
        raw = self.input.encode("utf-8", "surrogateescape")
        if raw.decode("utf-8", "replace") != self.input:
            # a file name that is not valid UTF-8: "input" holds its undecodable bytes as
            # \udcXX escapes (Python's os.fsencode gives the bytes back); this key holds the
            # bytes for everyone else, percent-encoded
            out["input_bytes"] = quote(raw, safe="/")
        return out


def write_report(path: Path, summary: Summary, formats: Sequence[str], jobs: int,
                 entries: Iterable[Entry]) -> None:
    """report.json, written entry by entry (any number of inputs, constant memory)."""
    head = {
        "total": summary.total, "ok": summary.ok, "failed": summary.failed,
        "skipped": summary.skipped, "seconds": round(summary.seconds, 3),
        "articles_per_second": round(summary.rate, 2), "formats": list(formats),
        "jobs": jobs, "interrupted": bool(summary.interrupted),
        "stopped": summary.stopped or None, "docconv": __version__,
    }
    with atomic_output(path) as out:
        out.write(b'{\n "summary": ' + _dumps(head) + b',\n "entries": [')
        for n, entry in enumerate(entries):
            out.write((b",\n  " if n else b"\n  ") + _dumps(entry.to_dict()))
        out.write(b"\n ]\n}\n")


def _dumps(obj: Any) -> bytes:
    try:
        return json.dumps(obj, ensure_ascii=False).encode("utf-8")
    except UnicodeEncodeError:  # a file name that is not valid UTF-8
        return json.dumps(obj).encode("ascii")
