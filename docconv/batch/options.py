"""What a batch is asked to do."""

from __future__ import annotations

import dataclasses
import os
from collections.abc import Mapping, Sequence
from datetime import tzinfo
from typing import Any

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
    tz: str | tzinfo | None = None  # IANA name or tzinfo; an unknown name stops the start
    reader: str | None = None  # the input format for every input (None: chosen per file)
    # format → that writer's Options, or a mapping of its fields (strings are converted)
    writer_options: Mapping[str, Any] = dataclasses.field(default_factory=dict)
    progress: str = "auto"  # auto (bar on a terminal, else lines) | bar | lines | none
    debug: bool = False  # tracebacks of failures on stderr
    # a line on stderr per warning (a character no font has); report.json records them anyway
    warnings: bool = True
