"""Provenance of a parse: which line each field came from and the rule that chose it.

Recording is off unless a caller asks for it (`with recording() as trace: …`); the parser
then notes its decisions as it makes them, so the explanation is the parse itself, not a
second guess at it. Off, a note costs one context-variable lookup.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass, field


@dataclass
class Note:
    field: str
    rule: str
    line: int | None = None  # 1-based, in the decoded text
    text: str | None = None


@dataclass
class Trace:
    """What one parse decided, in the order it decided it."""

    notes: list[Note] = field(default_factory=list)
    rows: list[str] = field(default_factory=list)  # the non-empty lines the parser saw
    numbers: list[int] = field(default_factory=list)  # their 1-based line numbers

    def where(self, text: str, near: int = 0) -> int | None:
        """The line number of a row with this text, the one nearest row `near` first."""
        hits = [i for i, row in enumerate(self.rows) if row == text]
        if not hits:
            hits = [i for i, row in enumerate(self.rows) if text and text in row]
        if not hits:
            return None
        return self.numbers[min(hits, key=lambda i: abs(i - near))]

    def field_notes(self, name: str) -> list[Note]:
        return [n for n in self.notes if n.field == name]

    def to_dict(self) -> dict[str, object]:
        """The notes per field (and per body edge) as JSON-ready lists."""
        out: dict[str, object] = {name: _as_dict(self.field_notes(name)) for name in FIELDS}
        out["body"] = {
            part: _as_dict(self.field_notes(f"body.{part}"))
            for part in ("start", "end", "first", "last")
        }
        return out


_CURRENT: ContextVar[Trace | None] = ContextVar("docconv_parse_trace", default=None)


@contextmanager
def recording() -> Iterator[Trace]:
    """Record the provenance of every parse inside the block (the last one wins)."""
    trace = Trace()
    token = _CURRENT.set(trace)
    try:
        yield trace
    finally:
        _CURRENT.reset(token)


def active() -> Trace | None:
    return _CURRENT.get()


def note(field_name: str, rule: str, row: str | None = None, *, index: int | None = None,
         near: int = 0) -> None:
    """Record that `field_name` was decided by `rule`, from `row` (or row number `index`)."""
    trace = _CURRENT.get()
    if trace is None:
        return
    line = None
    if index is not None and 0 <= index < len(trace.numbers):
        line, row = trace.numbers[index], trace.rows[index]
    elif row is not None:
        line = trace.where(row, near)
    trace.notes.append(Note(field_name, rule, line, row))


def start(rows: list[str], numbers: list[int]) -> None:
    """A new parse begins: forget the notes of an earlier one (a reader may parse twice)."""
    trace = _CURRENT.get()
    if trace is not None:
        trace.notes.clear()
        trace.rows, trace.numbers = rows, numbers


# The fields in the order `describe` shows them.
FIELDS = ("title", "site", "published", "authors", "source", "editor", "highlights")


def _as_dict(notes: list[Note]) -> list[dict[str, object]]:
    return [{"line": n.line, "text": n.text, "rule": n.rule} for n in notes]


def _clip(text: str | None, width: int = 60) -> str:
    text = text or ""
    return text if len(text) <= width else text[: width - 1] + "…"


def _lines(notes: list[Note]) -> list[str]:
    out = []
    for n in notes:
        where = f"line {n.line}: {_clip(n.text)}" if n.line else _clip(n.text) or "-"
        out.append(f"    {where}\n      ← {n.rule}")
    return out


def describe(data: dict[str, object], trace: Trace) -> str:
    """The parsed fields, each with the line it came from and the rule that chose it."""
    out: list[str] = []
    for name in FIELDS:
        value = data.get(name)
        if isinstance(value, list):
            value = f"{len(value)}" if name == "highlights" else "、".join(map(str, value))
        out.append(f"{name:<10} {value or '(none)'}")
        notes = trace.field_notes(name)
        out += _lines(notes) if notes else ["      ← no line matched a rule for it"]
    paras = data.get("paragraphs") or []
    out.append(f"{'body':<10} {len(paras)} paragraphs")  # type: ignore[arg-type]
    for part, label in (("start", "start"), ("end", "end")):
        for n in trace.field_notes(f"body.{part}"):
            out.append(f"  {label:<5} line {n.line}: {_clip(n.text, 50)}\n      ← {n.rule}")
    for part in ("first", "last"):
        for n in trace.field_notes(f"body.{part}"):
            out.append(f"  {part:<5} line {n.line}: {_clip(n.text, 50)}")
    return "\n".join(out)
