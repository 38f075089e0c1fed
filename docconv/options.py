"""Writer options given on the command line (`-O pdf.page_size=A5`), for `convert` and
`batch` alike: parsed into a mapping of strings per format and made into each writer's
Options before any input is read. The strings are converted by the Options themselves
(writers.validate), as they are when the API is given them.

Standard library only: importing this loads no writer (`resolve` does, for the formats asked).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from typing import Any

from .errors import FormatError

__all__ = ["OptionError", "parse_pairs", "resolve"]


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


def resolve(formats: Sequence[str], given: Mapping[str, Any]) -> dict[str, Any]:
    """format → the writer's Options for each of `formats`, from `given` (format → the
    writer's Options, or a mapping of its fields). Options for
    a format that is not registered are an error; options for a registered format that is
    not among `formats` are checked all the same (a typo in a script's -O must not wait
    for the day that format is selected) and then not used."""
    from . import writers
    from .writers.validate import make_options

    unknown = set(given) - set(writers.formats())
    if unknown:
        raise OptionError(f"options given for unknown format(s): {', '.join(sorted(unknown))}")
    out: dict[str, Any] = {}
    for name in [*formats, *(n for n in given if n not in formats)]:
        writer = writers.get(name)  # a writer that cannot load is a FormatError there
        out[name] = make_options(writer.Options, given.get(name), name)
    return {name: out[name] for name in formats}
