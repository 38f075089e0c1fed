"""Warnings raised while one input is converted (a character no font has), collected for
that input so the command can print them as `docconv: warning: PATH: message` and batch can
record them in report.json — instead of Python's two-line form with a library path.

`warnings.catch_warnings` is not used: it swaps process-wide state, so two conversions in
two threads (two in-process batch runs) would lose or leak each other's warnings. Here one
`showwarning` hook, installed once, hands a warning to the collector of the thread that
raised it, and to the previous hook when that thread collects nothing.
"""

from __future__ import annotations

import contextlib
import threading
import warnings
from collections.abc import Iterable, Iterator
from typing import Any

__all__ = ["collect", "describe", "lines"]

_local = threading.local()
_lock = threading.Lock()
_forward: Any = None  # the hook that was there before ours

# Our own warnings are reported every time, not once per place in the code: two articles
# with the same missing character (or the same article converted twice by one worker) each
# get their line. Appended, so a user's -W / PYTHONWARNINGS filter still wins.
_MODULE = r"docconv(\.|$)"


def _install() -> None:
    global _forward
    with _lock:
        if warnings.showwarning is not _show:
            _forward = warnings.showwarning
            warnings.showwarning = _show
        for action, _message, category, module, _line in warnings.filters:
            if action == "always" and category is UserWarning and module is not None \
                    and module.pattern == _MODULE:
                break
        else:
            warnings.filterwarnings("always", category=UserWarning, module=_MODULE,
                                    append=True)


def _show(message: Warning | str, category: type[Warning], filename: str, lineno: int,
          file: Any = None, line: str | None = None) -> None:
    sink = getattr(_local, "sink", None)
    if sink is not None and file is None and issubclass(category, UserWarning):
        sink.append(message if isinstance(message, Warning) else category(message))
        return
    forward = _forward
    if forward is None or forward is _show:
        forward = warnings._showwarning_orig  # type: ignore[attr-defined]
    forward(message, category, filename, lineno, file, line)


@contextlib.contextmanager
def collect() -> Iterator[list[Warning]]:
    """The user warnings (UserWarning and its subclasses) this thread raises inside the
    block, instead of printing them. Others (DeprecationWarning, ...) pass as before."""
    _install()
    caught: list[Warning] = []
    outer = getattr(_local, "sink", None)
    _local.sink = caught
    try:
        yield caught
    finally:
        _local.sink = outer


def describe(warning: Warning) -> str:
    """A warning as one line. A missing-glyph warning drops the article title it starts
    with: the input's path, printed before it, says which article it is."""
    from .font_files import MissingGlyphsWarning

    if isinstance(warning, MissingGlyphsWarning):
        warning = MissingGlyphsWarning(warning.chars)
    return " ".join(str(warning).split()) or type(warning).__name__


def lines(caught: Iterable[Warning], prefix: str = "") -> list[str]:
    """The distinct messages, in order; `prefix` (a format name) before each."""
    out: list[str] = []
    for warning in caught:
        text = f"{prefix}: {describe(warning)}" if prefix else describe(warning)
        if text not in out:
            out.append(text)
    return out
