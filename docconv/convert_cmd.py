"""`docconv convert`: one or several inputs to one or several formats."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from . import read, write, writers
from .cli import EXIT_OK, EXIT_SOME_FAILED, EXIT_USAGE, fail, report
from .errors import DocconvError


def run_convert(files: list[str], output: str | None, to: str | None, out_dir: str | None,
                tz: str | None) -> int:
    try:
        names = writers.expand(to) if to else None
    except DocconvError as exc:
        fail(None, exc)
    if output is not None:
        if len(files) != 1:
            raise click.UsageError("-o/--output takes exactly one input file")
        if names and len(names) > 1:
            raise click.UsageError("-o/--output takes one format; use -d DIR for several")
        return _one(files[0], output, names[0] if names else None, tz)
    if not names:
        raise click.UsageError("give -o OUT or --to FMT[,FMT...]")
    folder = Path(out_dir or ".")
    failed = 0
    for file in files:
        stem = "stdin" if file == "-" else Path(file).stem
        try:
            article = read(sys.stdin.buffer if file == "-" else file, tz=tz)
            for name in names:
                ext = writers.get(name).extension
                write(article, folder / f"{stem}{ext}", name)
        except DocconvError as exc:
            if len(files) == 1:
                fail(file, exc)
            report(file, exc)
            failed += 1
    return EXIT_SOME_FAILED if failed else EXIT_OK


def _one(file: str, output: str, name: str | None, tz: str | None) -> int:
    try:
        article = read(sys.stdin.buffer if file == "-" else file, tz=tz)
        if output == "-":
            if name is None:
                raise DocconvError("writing to stdout needs --to FMT")
            write(article, sys.stdout.buffer, name)
            sys.stdout.buffer.flush()
        else:
            write(article, output, name)
    except DocconvError as exc:
        fail(file, exc)
    return EXIT_OK


__all__ = ["run_convert", "EXIT_USAGE"]
