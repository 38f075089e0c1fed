"""Checks for writer options: every writer's Options validates itself in __post_init__ with
these, so a bad value reads the same from the CLI and the API.
"""

from __future__ import annotations

import math
import os
from typing import Any

from ..errors import FormatError


class InvalidOption(FormatError, ValueError):
    """A writer option of the wrong type or out of range. A ValueError (what a dataclass's
    __post_init__ is expected to raise) and a FormatError (what docconv reports for a bad
    option), so the registry passes it on unchanged."""

    def __init__(self, fmt: str, name: str, problem: str) -> None:
        super().__init__(f"{fmt}.{name}: {problem}")
        self.fmt, self.name, self.problem = fmt, name, problem

    def __reduce__(self) -> tuple[Any, ...]:  # picklable: batch workers send errors back
        return type(self), (self.fmt, self.name, self.problem)


_TRUE = ("1", "true", "yes", "on")
_FALSE = ("0", "false", "no", "off")


def as_bool(value: Any, fmt: str, name: str) -> bool:
    """A bool; also the strings true/false, yes/no, on/off, 1/0 and the integers 1/0."""
    if isinstance(value, bool):
        return value
    if isinstance(value, str) and value.strip().lower() in _TRUE + _FALSE:
        return value.strip().lower() in _TRUE
    if isinstance(value, int) and value in (0, 1):
        return bool(value)
    raise InvalidOption(fmt, name, f"{value!r} is not true or false")


def as_number(value: Any, fmt: str, name: str, low: float, high: float,
              unit: str = "") -> float:
    """A finite number in [low, high]; numeric strings ("12", " 10.5 ") are accepted."""
    number: float | None = None
    if isinstance(value, int | float) and not isinstance(value, bool):
        number = float(value)
    elif isinstance(value, str):
        try:
            number = float(value.strip())
        except ValueError:
            number = None
    if number is None or not math.isfinite(number):
        raise InvalidOption(fmt, name, f"{value!r} is not a number")
    if not low <= number <= high:
        shown = f"{number:g}{' ' + unit if unit else ''}"
        raise InvalidOption(fmt, name, f"{shown} is out of range ({low:g}-{high:g}"
                                     f"{' ' + unit if unit else ''})")
    return number


def as_name(value: Any, fmt: str, name: str, *, optional: bool = False) -> str | None:
    """A font name or similar: a non-blank string without control characters (which XML
    cannot carry); None allowed when `optional`."""
    if value is None and optional:
        return None
    if not isinstance(value, str):
        raise InvalidOption(fmt, name, f"expected a name, not {type(value).__name__}")
    if not value.strip():
        raise InvalidOption(fmt, name, "must not be empty")
    if any(ord(c) < 0x20 or 0x7F <= ord(c) < 0xA0 for c in value):
        raise InvalidOption(fmt, name, f"{value!r} has control characters")
    return value


def as_path(value: Any, fmt: str, name: str) -> str | None:
    """None or a file name (str or os.PathLike), as a string."""
    if value is None:
        return None
    if isinstance(value, os.PathLike):
        value = os.fspath(value)
    if not isinstance(value, str) or not value.strip():
        raise InvalidOption(fmt, name, f"expected a font file name, not {value!r}")
    return value
