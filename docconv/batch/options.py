"""What a batch is asked to do, and writer options given on the command line as strings."""

from __future__ import annotations

import dataclasses
import os
import typing
from collections.abc import Mapping, Sequence
from typing import Any

from ..errors import DocconvError

DEFAULT_INCLUDE = ("*.txt",)
DEFAULT_TZ = "Asia/Shanghai"


class BatchError(DocconvError):
    """The batch cannot start: SRC missing, OUT unusable, a bad option (exit code 2)."""


@dataclasses.dataclass(frozen=True)
class BatchOptions:
    src: str | os.PathLike[str]
    out: str | os.PathLike[str]
    formats: str | Sequence[str] = "all"
    jobs: int | None = None  # None: one per CPU; 1: in this process, no workers
    force: bool = False
    include: Sequence[str] = DEFAULT_INCLUDE
    exclude: Sequence[str] = ()
    tz: str | None = None
    # format → that writer's Options, or a mapping of its fields (strings are converted)
    writer_options: Mapping[str, Any] = dataclasses.field(default_factory=dict)
    progress: str = "auto"  # auto (bar on a terminal, else lines) | bar | lines | none
    debug: bool = False  # tracebacks of failures on stderr


def parse_option_pairs(pairs: Sequence[str]) -> dict[str, dict[str, str]]:
    """['pdf.page_size=A5', 'html.css=x'] → {'pdf': {'page_size': 'A5'}, 'html': {...}}."""
    out: dict[str, dict[str, str]] = {}
    for pair in pairs:
        key, sep, value = pair.partition("=")
        name, dot, field = key.strip().partition(".")
        if not sep or not dot or not name or not field:
            raise BatchError(f"bad writer option {pair!r}: use FORMAT.KEY=VALUE, "
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
            raise BatchError(f"unknown option {fmt}.{key} (the {fmt} writer has: {known})")
        out[key] = _convert_value(value, hints.get(key, fields[key].type), f"{fmt}.{key}")
    return out


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
        raise BatchError(f"bad value for {name}: {value!r} ({exc})") from None
    return value
