"""Writer options: `make_options` builds a writer's Options from what the API or the CLI
gives, and every writer's Options converts and checks its own fields in __post_init__ with the
helpers below. Strings (`-O pdf.font_size=12`, a config file) are converted there and only
there, so a bad value reads the same from the CLI and the API.
"""

from __future__ import annotations

import dataclasses
import math
import os
from collections.abc import Iterable, Mapping
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


def make_options(cls: type, given: Any, fmt: str) -> Any:
    """The writer's Options from None (the defaults), an instance, or a mapping of its
    fields (values may be strings). An unknown key is an error: a typo must not silently
    fall back to a default."""
    if given is None:
        return cls()
    if isinstance(given, cls):
        return given
    if not isinstance(given, Mapping):
        raise FormatError(f"options must be a mapping or {cls.__name__}, "
                          f"not {type(given).__name__}")
    names = sorted(f.name for f in dataclasses.fields(cls)) if dataclasses.is_dataclass(cls) \
        else []
    unknown = sorted(str(key) for key in given if key not in names)
    if unknown:
        listed = ", ".join(f"{fmt}.{key}" for key in unknown)
        raise FormatError(f"unknown option{'s' if len(unknown) > 1 else ''} {listed} "
                          f"(the {fmt} writer has: {', '.join(names) or 'none'})")
    try:
        return cls(**given)
    except FormatError:  # InvalidOption: the writer's own message, naming the field
        raise
    except (TypeError, ValueError) as exc:  # a plug-in's Options that checks differently
        raise FormatError(f"bad options for {fmt}: {exc}") from exc


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


def is_none(value: Any) -> bool:
    """None, or how a string says it ("none", "null"): an optional field left unset."""
    return value is None or (isinstance(value, str) and value.strip().lower() in ("none", "null"))


def as_name(value: Any, fmt: str, name: str, *, optional: bool = False) -> str | None:
    """A font name or similar: a non-blank string without control characters (which XML
    cannot carry); None (or "none") allowed when `optional`."""
    if optional and is_none(value):
        return None
    if not isinstance(value, str):
        raise InvalidOption(fmt, name, f"expected a name, not {type(value).__name__}")
    if not value.strip():
        raise InvalidOption(fmt, name, "must not be empty")
    if any(ord(c) < 0x20 or 0x7F <= ord(c) < 0xA0 for c in value):
        raise InvalidOption(fmt, name, f"{value!r} has control characters")
    return value


def as_path(value: Any, fmt: str, name: str) -> str | None:
    """None (or "none") or a file name (str or os.PathLike), as a string."""
    if is_none(value):
        return None
    if isinstance(value, os.PathLike):
        value = os.fspath(value)
    if not isinstance(value, str) or not value.strip():
        raise InvalidOption(fmt, name, f"expected a font file name, not {value!r}")
    return value


def as_paths(value: Any, fmt: str, name: str) -> tuple[str, ...]:
    """File names: an iterable of them, one os.PathLike, or a string of comma-separated
    names ("a.ttf,b.ttf"; empty for none)."""
    if isinstance(value, str):
        value = [part.strip() for part in value.split(",") if part.strip()]
    elif isinstance(value, os.PathLike):
        value = [value]
    elif value is None:
        value = []
    elif not isinstance(value, Iterable):
        raise InvalidOption(fmt, name, f"expected font file names, not {value!r}")
    files = []
    for item in value:
        path = as_path(item, fmt, name)
        if path is None:
            raise InvalidOption(fmt, name, f"{item!r} is not a font file")
        files.append(path)
    return tuple(files)
