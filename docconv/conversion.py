"""One input to one or more formats, all or nothing, its warnings collected: what
`docconv convert` does per input and what each batch worker does per task."""

from __future__ import annotations

import os
from collections.abc import Mapping, Sequence
from datetime import tzinfo
from typing import Any, BinaryIO, NamedTuple

from .model import Article

# (format, destination): a path (written atomically) or a binary file object
Target = tuple[str, "str | os.PathLike[str] | BinaryIO"]


class Converted(NamedTuple):
    article: Article
    warnings: tuple[str, ...]  # one line each, e.g. "pdf: no font has these characters: …"


def convert_one(source: Any, targets: Sequence[Target], *, tz: str | tzinfo | None = None,
                options: Mapping[str, Any] | None = None,
                reader: str | None = None) -> Converted:
    """Read `source` (what docconv.read takes) and write it to every target, with
    `options[format]` for each writer (`reader`: the input format, None to choose as read
    does). The files appear together or not at all: if anything fails, none is left
    and an existing file of the same name is untouched.
    Warnings (a character no font has) are collected, not shown."""
    from . import read, write
    from .capture import collect, lines
    from .errors import WriteError
    from .files import special, staged

    with collect() as caught:
        article = read(source, tz=tz, format=reader)
    notes = lines(caught)
    # a device or FIFO (-o /dev/stdout) is written through, as docconv.write does
    files = [(name, dest) for name, dest in targets
             if isinstance(dest, str | os.PathLike) and not special(dest)]
    streams = [(name, dest) for name, dest in targets if (name, dest) not in files]
    # every file into a temporary beside it first, all renamed into place when all are
    # done: a failed input leaves no output behind, and what was there stays
    with staged([dest for _, dest in files]) as temps:
        for (name, dest), temp in zip(files, temps, strict=True):
            with collect() as caught:
                try:
                    write(article, temp, name, (options or {}).get(name))
                except WriteError as exc:  # name the real file, not the temporary
                    raise WriteError(str(exc).replace(str(temp), os.fspath(dest))) \
                        from exc.__cause__
            notes += lines(caught, name)
        for name, stream in streams:
            with collect() as caught:
                write(article, stream, name, (options or {}).get(name))
            notes += lines(caught, name)
    return Converted(article, tuple(notes))
