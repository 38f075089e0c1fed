"""Writer options given on the command line as strings (`-O pdf.page_size=A5`), for
`convert` and `batch` alike: parsed into a mapping per format, converted to the types each
writer's Options dataclass declares, and checked before any input is read.

Standard library only: importing this loads no writer (`resolve` does, for the formats asked).
"""

from __future__ import annotations

import dataclasses
import typing
from collections.abc import Iterable, Mapping, Sequence
from typing import Any

from .errors import FormatError

__all__ = ["OptionError", "parse_pairs", "coerce", "resolve"]


class OptionError(FormatError):
    """A writer option that cannot be used: malformed, unknown, or a bad value."""


def parse_pairs(pairs: Iterable[str]) -> dict[str, dict[str, str]]:
    """['pdf.page_size=A5', 'html.css=x'] → {'pdf': {'page_size': 'A5'}, 'html': {...}}."""
    out: dict[str, dict[str, str]] = {}
    for pair in pairs:
        key, sep, value = pair.partition("=")
        name, dot, field = key.strip().partition(".")
        if not sep or not dot or not name or not field:
            raise OptionError(f"bad writer option {pair!r}: use FORMAT.KEY=VALUE, "
                              "e.g. pdf.page_size=A5")
        out.setdefault(name.lower(), {})[field.strip().replace("-", "_")] = value
    return out


def coerce(cls: type, values: Mapping[str, Any], fmt: str) -> dict[str, Any]:
    """Turn option strings into the types the writer's Options dataclass declares."""
    fields = {f.name: f for f in dataclasses.fields(cls)} if dataclasses.is_dataclass(cls) else {}
    try:
        hints = typing.get_type_hints(cls)
    except Exception:
        hints = {}
    out: dict[str, Any] = {}
    for key, value in values.items():
        if key not in fields:
            known = ", ".join(sorted(fields)) or "none"
            raise OptionError(f"unknown option {fmt}.{key} (the {fmt} writer has: {known})")
        out[key] = _convert_value(value, hints.get(key, fields[key].type), f"{fmt}.{key}")
    return out


def resolve(formats: Sequence[str], given: Mapping[str, Any]) -> dict[str, Any]:
    """format → the writer's Options for each of `formats`, from `given` (format → the
    writer's Options, or a mapping of its fields whose strings are converted). Options for
    a format that is not registered are an error; options for a registered format that is
    not among `formats` are checked all the same (a typo in a script's -O must not wait
    for the day that format is selected) and then not used."""
    from . import writers

    unknown = set(given) - set(writers.formats())
    if unknown:
        raise OptionError(f"options given for unknown format(s): {', '.join(sorted(unknown))}")
    out: dict[str, Any] = {}
    for name in [*formats, *(n for n in given if n not in formats)]:
        writer = writers.get(name)  # a writer that cannot load is a FormatError there
        values = given.get(name)
        if isinstance(values, Mapping):
            values = coerce(writer.Options, values, name)
        out[name] = writers.make_options(writer, values)
    return {name: out[name] for name in formats}


def _convert_value(value: Any, hint: Any, name: str) -> Any:
    if not isinstance(value, str):
        return value
    args = typing.get_args(hint)
    if type(None) in args:  # Optional[X] / X | None
        if value.lower() in ("", "none", "null"):
            return None
        rest = [a for a in args if a is not type(None)]
        hint = rest[0] if len(rest) == 1 else str
    try:
        if hint is bool:
            low = value.lower()
            if low in ("1", "true", "yes", "on"):
                return True
            if low in ("0", "false", "no", "off"):
                return False
            raise ValueError("expected true or false")
        if hint is int:
            return int(value)
        if hint is float:
            return float(value)
        if typing.get_origin(hint) in (tuple, list):
            parts = [v.strip() for v in value.split(",") if v.strip()]
            return tuple(parts) if typing.get_origin(hint) is tuple else parts
    except ValueError as exc:
        raise OptionError(f"bad value for {name}: {value!r} ({exc})") from None
    return value
