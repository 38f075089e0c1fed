"""What a batch is asked to do. Writer options given as strings are parsed and converted by
docconv.options (shared with `docconv convert`)."""

from __future__ import annotations

import dataclasses
import os
from collections.abc import Iterable, Mapping, Sequence
from typing import Any

from .. import options as _options
from ..errors import DocconvError

# Text dumps and saved web pages.
DEFAULT_INCLUDE = ("*.txt", "*.html", "*.htm")


class BatchError(DocconvError):
    """The batch cannot start: SRC missing, OUT unusable, a bad option (exit code 2)."""


@dataclasses.dataclass(frozen=True)
class BatchOptions:
    src: str | os.PathLike[str]
    out: str | os.PathLike[str]
    formats: str | Sequence[str] = "all"
    jobs: int | None = None  # None: one per CPU; 1: in this process, no workers
    force: bool = False
    # globs on the path relative to SRC, see walk.GlobSet: '*' stays within a folder, '**'
    # spans any number of them, a glob without '/' matches the file name at any depth
    include: Sequence[str] = DEFAULT_INCLUDE
    exclude: Sequence[str] = ()
    tz: str | None = None
    reader: str | None = None  # the input format for every input (None: chosen per file)
    # format → that writer's Options, or a mapping of its fields (strings are converted)
    writer_options: Mapping[str, Any] = dataclasses.field(default_factory=dict)
    progress: str = "auto"  # auto (bar on a terminal, else lines) | bar | lines | none
    debug: bool = False  # tracebacks of failures on stderr
    # a line on stderr per warning (a character no font has); report.json records them anyway
    warnings: bool = True


def parse_option_pairs(pairs: Iterable[str]) -> dict[str, dict[str, str]]:
    """['pdf.page_size=A5', 'html.css=x'] → {'pdf': {'page_size': 'A5'}, 'html': {...}}."""
    try:
        return _options.parse_pairs(pairs)
    except _options.OptionError as exc:
        raise BatchError(str(exc)) from None


def coerce(cls: type, values: Mapping[str, Any], fmt: str) -> dict[str, Any]:
    """Turn option strings into the types the writer's Options dataclass declares."""
    try:
        return _options.coerce(cls, values, fmt)
    except _options.OptionError as exc:
        raise BatchError(str(exc)) from None
