"""`docconv convert`: one or several inputs to one or several formats."""

from __future__ import annotations

import io
import os
import sys
from datetime import tzinfo
from pathlib import Path

import click

from . import writers
from .console import fail, report, warn
from .conversion import convert_one
from .errors import DocconvError, WriteError
from .exitcodes import EXIT_OK, EXIT_SOME_FAILED, EXIT_USAGE
from .files import sweep_stale
from .options import parse_pairs, resolve


def run_convert(files: list[str], output: str | None, to: str | None, out_dir: str | None,
                tz: tzinfo | None, option_pairs: tuple[str, ...] | list[str] = (),
                reader: str | None = None) -> int:
    if files.count("-") > 1:
        raise click.UsageError("'-' (stdin) can be given once")
    try:
        names = writers.expand(to) if to else None
        given = parse_pairs(option_pairs)
    except DocconvError as exc:
        fail(None, exc)
    if output is not None:
        if len(files) != 1:
            raise click.UsageError("-o/--output takes exactly one input file")
        if out_dir is not None:
            raise click.UsageError("give -o OUT or -d DIR, not both")
        if names and len(names) > 1:
            raise click.UsageError("-o/--output takes one format; use -d DIR for several")
        name = names[0] if names else None
        if output != "-":
            sweep_stale(Path(output).parent)  # .part files of a convert that was killed
        try:
            if name is None and output != "-":
                name = writers.for_path(output)
            options = resolve([name] if name else [], given)
        except DocconvError as exc:
            fail(None, exc)
        return _one(files[0], output, name, tz, options.get(name or ""), reader)
    if not names:
        raise click.UsageError("give -o OUT or --to FMT[,FMT...]")
    try:
        # checked before any input is read: a bad option is a usage error, not N failures
        options = resolve(names, given)
        # a plug-in may declare its extension without the dot: "toy" → x.toy, not xtoy
        extensions = {name: writers.extension(name) for name in names}
    except DocconvError as exc:
        fail(None, exc)
    folder = Path(out_dir or ".")
    sweep_stale(folder)  # .part files of a convert that was killed
    failed = 0
    claimed: dict[Path, str] = {}  # output → the input that wrote it in this run
    for file in files:
        stem = "stdin" if file == "-" else Path(file).stem
        targets = [(name, folder / f"{stem}{extensions[name]}") for name in names]
        try:
            # a/x.txt and b/x.txt both map to DIR/x.*: refuse to overwrite the first silently
            for _, target in targets:
                if claimed.get(target, file) != file:
                    raise DocconvError(f"{target} was already written for {claimed[target]}; "
                                       "convert them into different folders (-d)")
            done = convert_one(_source(file), targets, tz=tz, options=options, reader=reader)
        except Exception as exc:
            if len(files) == 1:
                fail(file, _error(exc))
            report(file, _error(exc))
            failed += 1
            continue
        claimed.update((target, file) for _, target in targets)
        for note in done.warnings:
            warn(file, note)
    return EXIT_SOME_FAILED if failed else EXIT_OK


def _error(exc: Exception) -> Exception:
    """DocconvErrors speak for themselves; anything else is named (tracebacks only with
    --debug, which `report` handles)."""
    if isinstance(exc, DocconvError):
        return exc
    wrapped = WriteError(f"{type(exc).__name__}: {exc}")
    wrapped.__cause__ = exc
    wrapped.__traceback__ = exc.__traceback__
    return wrapped


def _source(file: str) -> object:
    return sys.stdin.buffer if file == "-" else file


def _one(file: str, output: str, name: str | None, tz: tzinfo | None, options: object,
         reader: str | None = None) -> int:
    try:
        if output != "-":
            done = convert_one(_source(file), [(name or writers.for_path(output), output)],
                               tz=tz, options={name: options} if name else None, reader=reader)
        else:
            if name is None:
                raise DocconvError("writing to stdout needs --to FMT")
            if not writers.get(name).media_type.startswith("text/") and sys.stdout.isatty():
                raise DocconvError(f"{name} is binary: redirect stdout to a file or use "
                                   "-o FILE")
            # Render completely first: a writer that fails half-way must not leave half a
            # document on stdout.
            buffer = io.BytesIO()
            done = convert_one(_source(file), [(name, buffer)], tz=tz, options={name: options},
                               reader=reader)
            _to_stdout(buffer.getvalue())
    except Exception as exc:
        fail(file, _error(exc))
    for note in done.warnings:
        warn(file, note)
    return EXIT_OK


def _to_stdout(data: bytes) -> None:
    try:
        sys.stdout.buffer.write(data)
        sys.stdout.buffer.flush()
    except BrokenPipeError:
        # `docconv convert a.txt -o - --to html | head`: the reader left; that is fine.
        # Point stdout at devnull so the interpreter's final flush does not complain.
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())


__all__ = ["run_convert", "EXIT_USAGE"]
