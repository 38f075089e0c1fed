"""docconv: raw Chinese news articles → one article model → DOCX, PDF, EPUB and HTML.

    import docconv
    article = docconv.read("article.txt")          # encoding detected
    docconv.write(article, "article.pdf")          # format from the suffix
    docconv.convert("article.txt", "article.epub")
"""

from __future__ import annotations

import os
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


def parse(text: str, *, tz: str | None = None) -> Article:
    """Parse already-decoded article text. `tz` is the zone of times printed without one
    (IANA name, default Asia/Shanghai)."""
    from .readers.text import parse

    return parse(text, tz=tz)


def read(source: Source, *, tz: str | None = None, format: str | None = None,
         reader: str | None = None) -> Article:
    """Read an article from a path, bytes or a binary file; the encoding is detected.

    The reader (input format) is `format` (or its alias `reader`) when given: `text`,
    `html` or a plug-in's name; else the one the file's suffix names; else the one whose
    sniffing accepts the bytes (a page saved as .txt is still a page); else `text`."""
    from . import readers

    if format and reader and format != reader:
        raise FormatError(f"format={format!r} and reader={reader!r} disagree; give one")
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
    else:
        data = source.read()
        if isinstance(data, str):
            raise InputError("a binary file is needed (open it with 'rb')")
        path = getattr(source, "name", None) if isinstance(getattr(source, "name", None), str) \
            else None
    return readers.read(data, format=format or reader, path=path, tz=tz)


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

    if isinstance(dest, str | os.PathLike):
        name = format or writers.for_path(os.fspath(dest))
        _check_suffix(os.fspath(dest), name)
    elif format is None:
        raise FormatError("format is required when writing to a file object")
    else:
        name = format
    writer = writers.get(name)
    opts = writers.make_options(writer, options)
    if isinstance(dest, str | os.PathLike):
        try:
            with atomic_output(dest) as out:
                _render(writer, name, article, out, opts)
        except OSError as exc:
            raise WriteError(f"cannot write {os.fspath(dest)}: {exc.strerror or exc}") from exc
    else:
        _render(writer, name, article, dest, opts)


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
    try:
        writer.write(article, out, opts)
    except DocconvError:
        raise
    except Exception as exc:  # a library failure becomes one clear error
        raise WriteError(f"{name} writer failed: {type(exc).__name__}: {exc}") from exc


def convert(
    src: Source,
    dest: str | os.PathLike[str] | BinaryIO,
    format: str | None = None,
    *,
    tz: str | None = None,
    options: Any = None,
    reader: str | None = None,
) -> Article:
    """Read `src` (with `reader`, default: chosen as `read` does) and write it to `dest`;
    returns the article."""
    article = read(src, tz=tz, reader=reader)
    write(article, dest, format, options)
    return article


def formats() -> list[str]:
    """The registered writer names (built-in and plug-ins)."""
    from .writers import formats as _formats

    return _formats()
