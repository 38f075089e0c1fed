"""The reader registry: built-in input formats plus those plugged in through entry points.

A reader is any module or object with:

    suffixes: tuple[str, ...]        # (".html", ".htm")
    def sniff(data: bytes) -> bool   # whether the bytes look like this format
    def read(data: bytes, options: ReadOptions) -> Article

Built-ins are named by module path and imported on first use (their heavy imports, such as
beautifulsoup4, wait until `read`). Third-party packages add an input format with an entry
point in the group `docconv.readers` (`name = "pkg.module"` or `"pkg.module:obj"`).

The reader for an input is the one forced by name, else the one whose suffix the file name
has, else the first whose `sniff` accepts the bytes; `text` takes whatever is left.
"""

from __future__ import annotations

import importlib
import os
from dataclasses import dataclass
from datetime import tzinfo
from functools import cache
from typing import Any, Protocol

from ..errors import FormatError
from ..model import Article

ENTRY_POINT_GROUP = "docconv.readers"

# name → module. Adding an input format: one module in this package plus one line here.
BUILTIN: dict[str, str] = {
    "html": "docconv.readers.html",
    "text": "docconv.readers.text",
}
# The reader that takes any input no other reader claims.
FALLBACK = "text"


@dataclass(frozen=True)
class ReadOptions:
    tz: tzinfo | None = None  # zone of times printed without one (None: Asia/Shanghai)


class Reader(Protocol):
    suffixes: tuple[str, ...]

    def sniff(self, data: bytes) -> bool: ...

    def read(self, data: bytes, options: ReadOptions) -> Article: ...


@cache
def _plugins() -> dict[str, Any]:
    from importlib.metadata import entry_points

    return {ep.name: ep for ep in entry_points(group=ENTRY_POINT_GROUP) if ep.name not in BUILTIN}


def names() -> list[str]:
    """Every registered reader name: built-ins first, then plug-ins, without importing them."""
    return [*BUILTIN, *sorted(_plugins())]


@cache
def get(name: str) -> Reader:
    """The reader for a name (imported on first use)."""
    key = name.lower().strip()
    if key in BUILTIN:
        try:
            return importlib.import_module(BUILTIN[key])  # type: ignore[return-value]
        except ImportError as exc:
            raise FormatError(f"cannot load the {key} reader: {exc}") from exc
    plugin = _plugins().get(key)
    if plugin is None:
        raise FormatError(f"unknown input format {name!r} (known: {', '.join(names())})")
    try:
        return plugin.load()  # type: ignore[no-any-return]
    except Exception as exc:  # a broken plug-in must not look like our bug
        raise FormatError(f"cannot load reader plug-in {key!r}: {exc}") from exc


def for_path(path: str | os.PathLike[str] | None) -> str | None:
    """The reader named by a file's suffix, or None when no reader claims it."""
    if path is None:
        return None
    suffix = os.path.splitext(os.fspath(path))[1].lower()
    if not suffix:
        return None
    for name in names():
        if name == FALLBACK:
            continue  # .txt says little: a page saved as .txt is still a page
        suffixes = get(name).suffixes
        if suffix in {"." + s.lower().lstrip(".") for s in suffixes}:
            return name
    return None


def choose(data: bytes, path: str | os.PathLike[str] | None = None) -> str:
    """The reader for an input: by suffix, then by sniffing the bytes, then `text`."""
    by_suffix = for_path(path)
    if by_suffix:
        return by_suffix
    for name in names():
        if name != FALLBACK and get(name).sniff(data):
            return name
    return FALLBACK


def read(data: bytes, *, format: str | None = None, path: str | os.PathLike[str] | None = None,
         tz: tzinfo | None = None) -> Article:
    """Bytes → Article with the forced reader, or the one `choose` picks."""
    name = format or choose(data, path)
    return get(name).read(data, ReadOptions(tz=tz))
