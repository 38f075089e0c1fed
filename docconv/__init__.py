"""docconv: raw Chinese news articles → one article model → DOCX, PDF, EPUB and HTML.

    import docconv
    article = docconv.read("article.txt")          # encoding detected
    docconv.write(article, "article.pdf")          # format from the suffix
    docconv.convert("article.txt", "article.epub")
"""

from __future__ import annotations

import os
from datetime import tzinfo
from pathlib import Path
from typing import IO, Any, BinaryIO

from .errors import DocconvError, EncodingError, FormatError, InputError, WriteError
from .model import Article

__version__ = "0.1.0"
__all__ = [
    "Article", "DocconvError", "EncodingError", "FormatError", "InputError", "WriteError",
    "read", "parse", "write", "convert", "formats", "__version__",
]

Source = str | os.PathLike[str] | bytes | IO[bytes]
Zone = str | tzinfo | None


def parse(text: str, *, tz: Zone = None) -> Article:
    """Parse already-decoded article text. `tz` is the zone of times printed without one
    (IANA name or a tzinfo such as ZoneInfo; default Asia/Shanghai)."""
    from .readers.text import parse
    from .zones import zone

    if not isinstance(text, str):
        raise TypeError(f"parse(): text must be str, not {_kind(text)}"
                        + (" (use docconv.read for bytes)" if isinstance(text, bytes) else ""))
    return parse(text, tz=zone(tz))


def _kind(value: object) -> str:
    return "None" if value is None else type(value).__name__


def read(source: Source, *, tz: Zone = None, format: str | None = None,
         reader: str | None = None) -> Article:
    """Read an article from a path, bytes or a binary file; the encoding is detected.

    The reader (input format) is `format` (or its alias `reader`) when given: `text`,
    `html` or a plug-in's name; else the one the file's suffix names; else the one whose
    sniffing accepts the bytes (a page saved as .txt is still a page); else `text`."""
    from . import readers
    from .zones import zone

    if format and reader and format != reader:
        raise FormatError(f"format={format!r} and reader={reader!r} disagree; give one")
    zone_info = zone(tz)  # an unknown zone is refused before anything is read
    path = None
    if isinstance(source, bytes | bytearray):
        data = bytes(source)
    elif isinstance(source, str | os.PathLike):
        path = source
        try:
            data = Path(source).read_bytes()
        except IsADirectoryError:
            raise InputError("is a directory") from None
        except FileNotFoundError:
            raise InputError("no such file") from None
        except OSError as exc:
            raise InputError(exc.strerror or str(exc)) from None
    elif callable(getattr(source, "read", None)):
        data = source.read()
        if isinstance(data, str):
            raise InputError("a binary file is needed (open it with 'rb')")
        if not isinstance(data, bytes | bytearray):
            raise TypeError(f"read(): source.read() returned {_kind(data)}, not bytes")
        data = bytes(data)
        path = getattr(source, "name", None) if isinstance(getattr(source, "name", None), str) \
            else None
    else:
        raise TypeError("read(): source must be a path, bytes or a binary file, "
                        f"not {_kind(source)}")
    return readers.read(data, format=format or reader, path=path, tz=zone_info)


def write(
    article: Article,
    dest: str | os.PathLike[str] | BinaryIO,
    format: str | None = None,
    options: Any = None,
) -> None:
    """Render `article` to `dest`: a path (format from its suffix unless given; written
    atomically) or a binary file object (format required). `options` is the writer's
    Options dataclass or a mapping of its fields."""
    from . import writers
    from .files import atomic_output
    from .writers.validate import make_options

    if not isinstance(article, Article):
        raise TypeError(f"write(): article must be a docconv.Article, not {_kind(article)}")
    if format is not None and not isinstance(format, str):
        raise TypeError(f"write(): format must be a format name (str) or None, not "
                        f"{_kind(format)}")
    is_path = isinstance(dest, str | os.PathLike)
    if not is_path and not callable(getattr(dest, "write", None)):
        raise TypeError(f"write(): dest must be a path or a binary file, not {_kind(dest)}")
    if isinstance(dest, str | os.PathLike):
        name = format or writers.for_path(os.fspath(dest))
        _check_suffix(os.fspath(dest), name)
    elif format is None:
        raise FormatError("format is required when writing to a file object")
    else:
        name = format
    writer = writers.get(name)
    opts = make_options(writer.Options, options, name.lower())
    if isinstance(dest, str | os.PathLike):
        try:
            with atomic_output(dest) as out:
                _render(writer, name, article, out, opts)
        except OSError as exc:
            raise WriteError(f"cannot write {os.fspath(dest)}: {exc.strerror or exc}") from exc
    else:
        try:
            _render(writer, name, article, dest, opts)
        except OSError as exc:  # the disk under the caller's file is full
            raise WriteError(f"cannot write the {name} output: {exc.strerror or exc}") from exc


def _check_suffix(path: str, name: str) -> None:
    """`-o a.pdf --to html` would put HTML in a .pdf file: refuse a suffix that names
    another known format (an unknown suffix such as .htm or .xhtml is the user's choice)."""
    from . import writers

    try:
        implied = writers.for_path(path)
    except FormatError:
        return
    if implied != name.lower():
        raise FormatError(f"{path} has the suffix of {implied}, but the format asked for is {name}")


def _render(writer: Any, name: str, article: Article, out: BinaryIO, opts: Any) -> None:
    from .files import disk_full

    try:
        writer.write(article, out, opts)
    except DocconvError:
        raise
    except Exception as exc:  # a library failure becomes one clear error
        full = disk_full(exc)
        if full is not None:  # worded as every other write failure: "cannot write X: …"
            raise full from None
        raise WriteError(f"{name} writer failed: {type(exc).__name__}: {exc}") from exc


def convert(
    src: Source,
    dest: str | os.PathLike[str] | BinaryIO,
    format: str | None = None,
    *,
    tz: Zone = None,
    options: Any = None,
    reader: str | None = None,
) -> Article:
    """Read `src` (with `reader`, default: chosen as `read` does) and write it to `dest`;
    returns the article."""
    if not isinstance(src, str | os.PathLike | bytes | bytearray) \
            and not callable(getattr(src, "read", None)):
        raise TypeError(f"convert(): src must be a path, bytes or a binary file, not {_kind(src)}")
    article = read(src, tz=tz, reader=reader)
    write(article, dest, format, options)
    return article


def formats() -> list[str]:
    """The registered writer names (built-in and plug-ins)."""
    from .writers import formats as _formats

    return _formats()
