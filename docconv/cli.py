"""The `docconv` command: parse arguments, call the API, print errors. Nothing else."""

from __future__ import annotations

import contextlib
import json
import signal
import sys
from collections.abc import Iterator
from datetime import tzinfo
from typing import Any

import click

from . import __version__
from .console import Settings, error_line, fail, report, warn
from .errors import DocconvError
from .exitcodes import EXIT_OK, EXIT_SOME_FAILED, EXIT_USAGE, signal_exit

__all__ = ["main", "EXIT_OK", "EXIT_SOME_FAILED", "EXIT_USAGE"]


class UsageFailure(click.UsageError):
    """A usage error shown the way docconv shows every error: one line, plus where to look
    (click's own form is three lines: usage, hint, error)."""

    def show(self, file: Any = None) -> None:
        path = self.ctx.command_path if self.ctx is not None else "docconv"
        click.echo(error_line(None, self.format_message()), file=file, err=file is None)
        click.echo(f"Try '{path} --help'.", file=file, err=file is None)


def _one_line(exc: click.UsageError) -> click.UsageError:
    if isinstance(exc, UsageFailure | click.exceptions.NoArgsIsHelpError):
        return exc  # ours already, or `docconv` alone: click shows the help
    failure = UsageFailure(exc.format_message(), exc.ctx)
    failure.exit_code = exc.exit_code
    return failure


class Group(click.Group):
    """The command group; usage errors, from the group's options or a subcommand's, become
    UsageFailure (exit code 2 still)."""

    def make_context(self, info_name: str | None, args: list[str],
                     parent: click.Context | None = None, **extra: Any) -> click.Context:
        try:
            return super().make_context(info_name, args, parent, **extra)
        except click.UsageError as exc:
            raise _one_line(exc) from None

    def invoke(self, ctx: click.Context) -> Any:
        try:
            return super().invoke(ctx)
        except click.UsageError as exc:
            raise _one_line(exc) from None


def _set_debug(ctx: click.Context, param: click.Parameter, value: bool) -> None:
    if value:
        Settings.debug = True


# Also after the subcommand (`docconv batch --debug ...`), not only before it.
debug_option = click.option("--debug", is_flag=True, expose_value=False, callback=_set_debug,
                            help="Show tracebacks on errors.")


def _zone(tz: str | None) -> tzinfo | None:
    """--tz as a zone, checked before any input is read (a usage error)."""
    if tz is None:
        return None
    from .zones import zone

    try:
        return zone(tz)
    except DocconvError as exc:
        raise click.BadParameter(str(exc), param_hint="--tz") from None


tz_option = click.option(
    "--tz", metavar="ZONE",
    help="Zone of times printed without one (IANA name; default Asia/Shanghai).",
)


def _reader(ctx: click.Context, param: click.Parameter, value: str | None) -> str | None:
    if value is None:
        return None
    from . import readers

    try:
        readers.get(value)
    except DocconvError as exc:
        raise click.BadParameter(str(exc), param_hint="--from") from None
    return value.lower()


from_option = click.option(
    "--from", "reader", metavar="FORMAT", callback=_reader,
    help="Input format (text, html or a plug-in's); default: by suffix, then by content.")

option_pairs = click.option(
    "-O", "--option", "option_pairs", multiple=True, metavar="FMT.KEY=VALUE",
    help="A writer option, e.g. -O pdf.page_size=A5 (repeatable).")


@click.group(cls=Group, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, "-V", "--version", prog_name="docconv")
@click.option("--debug", is_flag=True, help="Show tracebacks on errors.")
def main(debug: bool) -> None:
    """Turn raw Chinese news articles into DOCX, PDF, EPUB and HTML."""
    Settings.debug = debug


@main.command()
@click.argument("file", metavar="FILE")
@click.option("--json", "as_json", is_flag=True, help="Print the article model as JSON.")
@click.option("--explain", is_flag=True,
              help="Show the line each field came from and the rule that chose it.")
@tz_option
@from_option
@debug_option
def inspect(file: str, as_json: bool, explain: bool, tz: str | None,
            reader: str | None) -> None:
    """Show the article parsed from FILE ('-' reads stdin)."""
    from contextlib import nullcontext

    from . import read
    from .capture import collect, lines
    from .parsing.trace import describe, recording

    with recording() if explain else nullcontext() as trace:
        try:
            with collect() as caught:
                article = read(sys.stdin.buffer if file == "-" else file, tz=_zone(tz),
                               format=reader)
        except DocconvError as exc:
            fail(file, exc)
    for note in lines(caught):
        warn(file, note)
    data = article.to_dict()
    if as_json:
        if trace is not None:
            data["explain"] = trace.to_dict()
        click.echo(json.dumps(data, ensure_ascii=False, indent=1))
    elif trace is not None:
        click.echo(describe(data, trace))
    else:
        click.echo(_summary(data))


def _summary(d: dict[str, Any]) -> str:
    lines = []
    for key in ("title", "subtitle", "site", "published", "authors", "source", "editor",
                "language"):
        value = d.get(key)
        if isinstance(value, list):
            value = "、".join(value)
        if value:
            lines.append(f"{key:<10} {value}")
    if d["highlights"]:
        lines.append(f"{'highlights':<10} {len(d['highlights'])}")
        lines += [f"  ■ {h}" for h in d["highlights"]]
    paras = d["paragraphs"]
    chars = sum(len(p) for p in paras)
    lines.append(f"{'body':<10} {len(paras)} paragraphs, {chars} characters")
    for p in paras[:3]:
        lines.append(f"  {p[:60]}{'…' if len(p) > 60 else ''}")
    if len(paras) > 3:
        lines.append("  …")
    return "\n".join(lines)


@main.command()
@click.argument("files", nargs=-1, required=True, metavar="FILE...")
@click.option("-o", "--output", metavar="OUT", help="Output file (one input only); '-' is stdout.")
@click.option("-t", "--to", "to", metavar="FMT[,FMT...]",
              help="Output format(s); 'all' for every built-in.")
@click.option("-d", "--dir", "out_dir", metavar="DIR",
              help="Folder for DIR/<stem>.<ext> outputs (default .).")
@tz_option
@from_option
@option_pairs
@debug_option
def convert(files: tuple[str, ...], output: str | None, to: str | None, out_dir: str | None,
            tz: str | None, reader: str | None, option_pairs: tuple[str, ...]) -> None:
    """Convert article FILE(s); '-' reads stdin.

    Warnings (a character no font has) are printed as `docconv: warning: FILE: ...`.
    """
    from .convert_cmd import run_convert

    with _terminable() as stopped:
        code = run_convert(list(files), output, to, out_dir, _zone(tz), option_pairs,
                           reader)
    sys.exit(signal_exit(stopped.signum) if stopped.signum else code)


class _Terminated(BaseException):
    """SIGTERM, raised where the program is, so that the writes under way clean up (their
    .part files are removed) on the way out, as they do for Ctrl-C."""


class _Stopped:
    signum = 0


@contextlib.contextmanager
def _terminable() -> Iterator[_Stopped]:
    stopped = _Stopped()

    def handle(signum: int, frame: object) -> None:
        raise _Terminated(signum)

    previous = signal.signal(signal.SIGTERM, handle)
    try:
        yield stopped
    except _Terminated as exc:
        stopped.signum = exc.args[0]
    except KeyboardInterrupt:
        stopped.signum = signal.SIGINT
    finally:
        signal.signal(signal.SIGTERM, previous)


@main.command()
@click.argument("src", metavar="SRC")
@click.argument("out", metavar="OUT")
@click.option("-t", "--to", "to", default="all", show_default=True, metavar="FMT[,FMT...]",
              help="Output format(s); 'all' for every built-in.")
@click.option("-j", "--jobs", type=click.IntRange(min=1), metavar="N",
              help="Worker processes (default: one per CPU; 1 converts in this process).")
@click.option("-f", "--force", is_flag=True, help="Convert everything, even what is up to date.")
@click.option("--include", multiple=True, metavar="GLOB",
              help="Input files to take (repeatable; default *.txt, *.html, *.htm). A GLOB "
                   "with '/' matches the path under SRC ('*' within one folder, '**' any "
                   "depth), one without the file name at any depth; a trailing '/' takes a "
                   "whole folder.")
@click.option("--exclude", multiple=True, metavar="GLOB",
              help="Files or folders to leave out (repeatable; same globs).")
@tz_option
@from_option
@option_pairs
@click.option("-q", "--quiet", is_flag=True,
              help="No progress, summary or warnings; errors only.")
@debug_option
def batch(src: str, out: str, to: str, jobs: int | None, force: bool, include: tuple[str, ...],
          exclude: tuple[str, ...], tz: str | None, reader: str | None,
          option_pairs: tuple[str, ...], quiet: bool) -> None:
    """Convert every article under SRC into OUT, mirroring the folders.

    Writes OUT/<path>.<ext> per format, OUT/report.json and OUT/index.html. Inputs whose
    outputs are up to date are skipped; Ctrl-C stops cleanly and the next run resumes.
    Warnings (a character no font has) are printed and recorded in report.json.
    Exit code 0 when all went well, 1 when some inputs failed, 130/143 when interrupted.
    """
    sys.exit(_run_batch(src, out, to, jobs, force, include, exclude, _zone(tz), option_pairs,
                        quiet, reader))


def _run_batch(src: str, out: str, to: str, jobs: int | None, force: bool,
               include: tuple[str, ...], exclude: tuple[str, ...], tz: tzinfo | None,
               option_pairs: tuple[str, ...], quiet: bool, reader: str | None = None) -> int:
    from . import batch
    from .options import parse_pairs

    try:
        options = batch.BatchOptions(
            src=src, out=out, formats=to, jobs=jobs, force=force,
            include=include or batch.DEFAULT_INCLUDE, exclude=exclude, tz=tz, reader=reader,
            writer_options=parse_pairs(option_pairs),
            progress="none" if quiet else "auto", debug=Settings.debug, warnings=not quiet)
        # fork, not the library's forkserver default, and only here: this process is ours
        # and single-threaded (the progress bar is refreshed from the main loop), so fork's
        # hazard — a lock held by another thread at the fork — cannot arise, and it saves a
        # fresh interpreter and the writers' imports: about 0.1-0.2 s a run, a third of a
        # small one. Linux only: macOS system libraries are not fork-safe even so.
        method = "fork" if sys.platform == "linux" else None
        return batch.run(options, start_method=method).exit_code
    except DocconvError as exc:  # cannot start: usage error
        report(None, exc)
        return EXIT_USAGE
    except OSError as exc:  # OUT itself unwritable (disk full, permissions): nothing to resume
        report(exc.filename, exc.strerror or exc)
        return EXIT_USAGE


@main.command()
@debug_option
def formats() -> None:
    """List the registered output formats, one per line."""
    from .writers import formats as names

    for name in names():
        click.echo(name)


if __name__ == "__main__":  # pragma: no cover
    main(prog_name="docconv")
