"""The writer registry: built-in formats plus those plugged in through entry points.

A writer is any module or object with:

    extension: str          # ".html"
    media_type: str         # "text/html"
    Options: type           # a frozen dataclass of the writer's options (may be empty);
                            # converts strings (-O) and checks values in __post_init__
    def write(article, out: BinaryIO, options) -> None

Built-ins are named by module path and imported on first use, so `import docconv` and the CLI
start fast. Third-party packages add a format with an entry point in the group
`docconv.writers` whose value is such an object (`name = "pkg.module"` or `"pkg.module:obj"`).
"""

from __future__ import annotations

import importlib
import os
from functools import cache
from typing import Any, BinaryIO, Protocol

from ..errors import FormatError
from ..model import Article

ENTRY_POINT_GROUP = "docconv.writers"

# name → module. Adding a format: one module in this package plus one line here.
BUILTIN: dict[str, str] = {
    "docx": "docconv.writers.docx",
    "pdf": "docconv.writers.pdf",
    "epub": "docconv.writers.epub",
    "html": "docconv.writers.html",
}
# `--to all` means these; plug-ins are named explicitly.
ALL = ("docx", "pdf", "epub", "html")


class Writer(Protocol):
    extension: str
    media_type: str
    Options: type

    def write(self, article: Article, out: BinaryIO, options: Any) -> None: ...


@cache
def _plugins() -> dict[str, Any]:
    from importlib.metadata import entry_points

    return {ep.name: ep for ep in entry_points(group=ENTRY_POINT_GROUP) if ep.name not in BUILTIN}


def formats() -> list[str]:
    """Every registered format name: built-ins first, then plug-ins, without importing them."""
    return [*BUILTIN, *sorted(_plugins())]


@cache
def get(name: str) -> Writer:
    """The writer for a format name (imported on first use)."""
    key = name.lower().lstrip(".")
    if key in BUILTIN:
        try:
            return importlib.import_module(BUILTIN[key])  # type: ignore[return-value]
        except ImportError as exc:  # python-docx, reportlab … missing or broken
            text = " ".join(str(exc).split())
            raise FormatError(f"cannot load the {key} writer: {type(exc).__name__}"
                              + (f": {text}" if text else "")) from exc
    plugin = _plugins().get(key)
    if plugin is None:
        raise FormatError(f"unknown format {name!r} (known: {', '.join(formats())})")
    try:
        return plugin.load()  # type: ignore[no-any-return]
    except Exception as exc:  # a broken plug-in must not look like our bug
        raise FormatError(f"cannot load writer plug-in {key!r}: {exc}") from exc


# Other suffixes people give their files.
SUFFIX_ALIASES = {"htm": "html", "xhtml": "html"}


def extension(name: str) -> str:
    """A format's file suffix with its dot (a plug-in may declare it with or without one)."""
    return "." + get(name).extension.lstrip(".")


def for_path(path: str) -> str:
    """The format name for an output file name, from its suffix."""
    suffix = os.path.splitext(path)[1].lstrip(".").lower()
    suffix = SUFFIX_ALIASES.get(suffix, suffix)
    # A built-in's name is its suffix: answer without importing any writer (importing them
    # all to ask would load reportlab and python-docx just to write an .html file).
    if suffix in BUILTIN:
        return suffix
    for name in formats():
        if suffix and extension(name).lstrip(".").lower() == suffix:
            return name
    raise FormatError(f"cannot tell the format from {path!r}; give one with --to / format=")


def expand(spec: str | list[str] | tuple[str, ...]) -> list[str]:
    """'html,epub' / ['all'] → ['html', 'epub'] / the four built-ins, checked and de-duplicated."""
    names = spec.split(",") if isinstance(spec, str) else list(spec)
    out: list[str] = []
    for raw in names:
        name = raw.strip().lower()
        if not name:
            continue
        for one in ALL if name == "all" else (name,):
            if one not in BUILTIN and one not in _plugins():
                raise FormatError(f"unknown format {one!r} (known: {', '.join(formats())})")
            if one not in out:
                out.append(one)
    if not out:
        raise FormatError("no output format given")
    return out
