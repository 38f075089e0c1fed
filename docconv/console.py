"""What docconv says on stderr about an input, worded in one place for `convert`, `batch` and
`inspect`: `docconv: error: PATH: reason` and `docconv: warning: PATH: message`, one line each.

Standard library only (click is loaded to print, by the command that already has it).
"""

from __future__ import annotations

import sys
from typing import NoReturn

from .exitcodes import EXIT_USAGE
from .text import shown


class Settings:
    debug = False  # --debug: a traceback before an error's line


def line(kind: str, path: object, message: object) -> str:
    """`docconv: KIND: PATH: message`, or without the path when there is none. Control and
    bidi characters and undecodable bytes are shown escaped: a message is one harmless line."""
    where = f"{path}: " if path not in (None, "") else ""
    return f"docconv: {kind}: {shown(f'{where}{message}')}"


def error_line(path: object, message: object) -> str:
    return line("error", path, message)


def warning_line(path: object, message: object) -> str:
    return line("warning", path, message)


def report(path: str | None, exc: BaseException | str) -> None:
    """An error about `path` (None: about the command) on stderr."""
    if Settings.debug and isinstance(exc, BaseException):
        import traceback

        traceback.print_exception(exc)
    _echo(error_line(path, exc))


def fail(path: str | None, exc: BaseException | str) -> NoReturn:
    """One line on stderr and exit 2 — the contract for a single input that cannot be done."""
    report(path, exc)
    sys.exit(EXIT_USAGE)


def warn(path: str | None, message: str) -> None:
    _echo(warning_line(path, message))


def _echo(text: str) -> None:
    import click

    click.echo(text, err=True)
