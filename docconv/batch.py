"""`docconv batch`: a folder tree of articles → a mirrored tree of documents.

    SRC/2021/成都/a.txt  →  OUT/2021/成都/a.docx, a.pdf, a.epub, a.html
                            OUT/report.json            one entry per input (the contract's keys)
                            OUT/index.html             the archive as a page: title, date, links
                            OUT/.docconv-state.sqlite  what the next run needs to skip work

The parent process walks SRC and decides per input whether its outputs are up to date
(content hash, plus a key per format made of the docconv version, the format, --tz and the
writer's options). The rest is streamed to worker processes through a small window of
futures. Workers import the writers and warm them up (fonts, templates) once. What is known
about each input lives in the SQLite state file, not in memory, and report.json and
index.html are written from it piece by piece: the parent's memory is the same for ten
articles or a million. Every output goes through `docconv.write` (temp file + rename), so an
interrupted run leaves only complete files plus `.docconv-*.part` files, which are removed on
the way out and again at the start of the next run.

Only the standard library is imported at module level; rich is loaded when a progress bar is
shown, the writers when a batch starts.
"""

from __future__ import annotations

import concurrent.futures as cf
import contextlib
import dataclasses
import fnmatch
import hashlib
import html
import io
import json
import os
import signal
import sys
import threading
import time
import typing
from collections.abc import Callable, Iterator, Mapping, Sequence
from datetime import datetime, timezone
from pathlib import Path, PurePosixPath
from typing import Any, NamedTuple, TextIO
from urllib.parse import quote

from . import __version__
from .errors import DocconvError
from .files import TMP_PREFIX, TMP_SUFFIX, atomic_output

REPORT_NAME = "report.json"
INDEX_NAME = "index.html"
STATE_NAME = ".docconv-state.sqlite"
LOCK_NAME = ".docconv-lock"
STATE_VERSION = 1  # PRAGMA user_version of the state file
DEFAULT_INCLUDE = ("*.txt",)
DEFAULT_TZ = "Asia/Shanghai"
EXIT_OK, EXIT_SOME_FAILED, EXIT_USAGE = 0, 1, 2
EXIT_SIGNAL = {signal.SIGINT: 130, signal.SIGTERM: 143}

# Futures in flight per worker: enough to keep every worker busy between the parent's
# wake-ups, few enough that memory does not depend on the size of the archive.
WINDOW_PER_JOB = 8
# Line-based progress (not a terminal): a line per tenth of the work (not more than one a
# second), and one at least every LINE_PROGRESS_SECONDS; a short run prints only its summary.
LINE_PROGRESS_SECONDS = 10.0
# On SIGINT/SIGTERM, conversions already running get this long to finish before the workers
# are killed: a prompt stop that wastes little work.
STOP_GRACE_SECONDS = 1.0


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


@dataclasses.dataclass
class Summary:
    total: int = 0
    ok: int = 0
    failed: int = 0
    skipped: int = 0
    seconds: float = 0.0
    interrupted: int = 0  # the signal number that stopped the run, 0 if none

    @property
    def converted(self) -> int:
        return self.ok + self.failed

    @property
    def rate(self) -> float:
        return self.converted / self.seconds if self.seconds > 0 else 0.0

    @property
    def exit_code(self) -> int:
        if self.interrupted:
            return EXIT_SIGNAL.get(self.interrupted, 128 + self.interrupted)
        if self.failed:
            # the contract: one input that cannot be converted is 2, some of several is 1
            return EXIT_USAGE if self.total == 1 else EXIT_SOME_FAILED
        return EXIT_OK


class Entry(NamedTuple):
    """One line of report.json."""

    input: str
    status: str  # ok | failed | skipped
    outputs: tuple[str, ...]
    error: str | None
    seconds: float

    def to_dict(self) -> dict[str, Any]:
        return {"input": self.input, "status": self.status, "outputs": list(self.outputs),
                "error": self.error, "seconds": round(self.seconds, 4)}


class Task(NamedTuple):
    rel: str  # input path relative to SRC, '/'-separated
    path: str  # input path as the file system wants it
    targets: tuple[tuple[str, str], ...]  # (format, absolute output path) to write
    attempts: int = 0


class Result(NamedTuple):
    rel: str
    error: str | None
    seconds: float
    digest: str | None = None
    title: str | None = None
    published: str | None = None
    source: str | None = None
    trace: str | None = None
    formats: tuple[str, ...] = ()  # the formats written now


# ---------------------------------------------------------------------------------------
# The conversion of one input. Runs in a worker process (or in-process with --jobs 1).


class _Worker:
    tz: str | None = None
    options: dict[str, Any] = {}


def _init_worker(formats: Sequence[str], options: dict[str, Any], tz: str | None,
                 in_process: bool = False) -> None:
    _Worker.tz, _Worker.options = tz, options
    if in_process:
        return
    # Ctrl-C reaches the whole process group; the parent alone decides how to stop, and
    # a terminated worker should just die (the parent sweeps its .part file).
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.signal(signal.SIGTERM, signal.SIG_DFL)
    # A forked worker may inherit rich's stderr proxy; library warnings go to the real one.
    sys.stdout, sys.stderr = sys.__stdout__, sys.__stderr__
    from . import writers
    from .model import Article

    # Import every writer and render a tiny article once: font registration, templates
    # and lazy imports are paid here, once per worker, not on the first real article.
    warm = Article(title="预热", paragraphs=("正文。",))
    for name in formats:
        with contextlib.suppress(Exception):  # a real article will report the problem
            writer = writers.get(name)
            writer.write(warm, io.BytesIO(), options[name])


def _digest(data: bytes) -> str:
    return hashlib.blake2b(data, digest_size=16).hexdigest()


def _convert(task: Task) -> Result:
    from . import read, write

    started = time.perf_counter()
    written: list[str] = []
    try:
        try:
            data = Path(task.path).read_bytes()
        except OSError as exc:
            raise DocconvError(exc.strerror or str(exc)) from None
        article = read(data, tz=_Worker.tz)
        for name, out_path in task.targets:
            write(article, out_path, name, _Worker.options.get(name))
            written.append(out_path)
    except Exception as exc:
        # A failed input leaves nothing behind: not the formats that did work, and not
        # the outputs an earlier run made from what is now a broken file.
        for _, out_path in task.targets:
            with contextlib.suppress(OSError):
                os.unlink(out_path)
        trace = None
        if not isinstance(exc, DocconvError):
            import traceback

            trace = "".join(traceback.format_exception(exc))
        return Result(task.rel, _message(exc), time.perf_counter() - started, trace=trace)
    published = article.published.isoformat() if article.published else None
    return Result(task.rel, None, time.perf_counter() - started, _digest(data),
                  article.title or None, published, article.source,
                  formats=tuple(name for name, _ in task.targets))


def _message(exc: BaseException) -> str:
    text = " ".join(str(exc).split())  # one line, always
    if isinstance(exc, DocconvError):
        return text or type(exc).__name__
    return f"{type(exc).__name__}: {text}" if text else type(exc).__name__


# ---------------------------------------------------------------------------------------
# Runners: where conversions happen.


class _InlineRunner:
    """--jobs 1: convert in this process, one input at a time (debuggable, no fork)."""

    def __init__(self, formats: Sequence[str], options: dict[str, Any], tz: str | None):
        _init_worker(formats, options, tz, in_process=True)
        self._done: list[Result] = []

    def has_room(self) -> bool:
        return not self._done

    def submit(self, task: Task) -> None:
        self._done.append(_convert(task))

    def pending(self) -> int:
        return len(self._done)

    def collect(self, timeout: float) -> list[Result]:
        done, self._done = self._done, []
        return done

    def stop(self, grace: float) -> list[Result]:
        return self.collect(0)

    def close(self) -> None:
        pass


class _PoolRunner:
    """Worker processes fed through a bounded window of futures. A worker that dies (a
    crash, the OOM killer) breaks the pool: it is rebuilt and the inputs that were in flight
    are tried once more, then reported as failed."""

    def __init__(self, jobs: int, formats: Sequence[str], options: dict[str, Any],
                 tz: str | None, after_crash: Callable[[], object]):
        self.jobs = jobs
        self._initargs = (tuple(formats), options, tz)
        self._after_crash = after_crash  # sweeps the dead workers' .part files
        self._pool: cf.ProcessPoolExecutor | None = None
        self._futures: dict[cf.Future[Result], Task] = {}

    def _executor(self) -> cf.ProcessPoolExecutor:
        if self._pool is None:
            import multiprocessing

            # fork where it is the platform's way: workers inherit the writer modules the
            # parent already imported. Elsewhere the platform default (spawn / forkserver).
            methods = multiprocessing.get_all_start_methods()
            context = multiprocessing.get_context(
                "fork" if sys.platform == "linux" and "fork" in methods else None)
            self._pool = cf.ProcessPoolExecutor(self.jobs, mp_context=context,
                                                initializer=_init_worker,
                                                initargs=self._initargs)
        return self._pool

    def has_room(self) -> bool:
        return len(self._futures) < self.jobs * WINDOW_PER_JOB

    def pending(self) -> int:
        return len(self._futures)

    def submit(self, task: Task) -> None:
        try:
            future = self._executor().submit(_convert, task)
        except cf.BrokenExecutor:
            self._kill()
            self._after_crash()
            future = self._executor().submit(_convert, task)
        self._futures[future] = task

    def collect(self, timeout: float) -> list[Result]:
        if not self._futures:
            return []
        done, _ = cf.wait(self._futures, timeout=timeout, return_when=cf.FIRST_COMPLETED)
        out: list[Result] = []
        orphans: list[Task] = []
        for future in done:
            task = self._futures.pop(future)
            try:
                out.append(future.result())
            except cf.BrokenExecutor:
                orphans.append(task)
            except Exception as exc:  # e.g. a result that would not pickle
                out.append(Result(task.rel, _message(exc), 0.0))
        if orphans:
            # Every future of a broken pool fails; the culprit is not known, so each input
            # that was in flight gets one more try in a new pool.
            orphans += self._futures.values()
            self._futures.clear()
            self._kill()
            self._after_crash()  # no worker is alive now: no .part file is in use
            for task in orphans:
                if task.attempts:
                    out.append(Result(task.rel, "the worker process died converting it", 0.0))
                else:
                    self.submit(task._replace(attempts=1))
        return out

    def _kill(self) -> None:
        pool, self._pool = self._pool, None
        if pool is None:
            return
        processes = list((getattr(pool, "_processes", None) or {}).values())
        pool.shutdown(wait=False, cancel_futures=True)
        for process in processes:  # running conversions are abandoned, not awaited
            with contextlib.suppress(Exception):
                process.terminate()
        for process in processes:
            with contextlib.suppress(Exception):
                process.join(5)
                if process.is_alive():
                    process.kill()
                    process.join(1)

    def stop(self, grace: float) -> list[Result]:
        """Cancel what has not started, give what is running `grace` seconds to finish
        (its outputs are then recorded, not wasted), kill the rest."""
        for future in self._futures:
            future.cancel()
        running = [f for f in self._futures if not f.cancelled()]
        if running:
            cf.wait(running, timeout=grace)
        results = []
        for future in running:
            if future.done():
                with contextlib.suppress(Exception):
                    results.append(future.result())
        self._futures.clear()
        self._kill()
        return results

    def close(self) -> None:
        if self._pool is not None:
            self._pool.shutdown(wait=True)
            self._pool = None


# ---------------------------------------------------------------------------------------
# Walking SRC.


def _matches(rel: str, patterns: Sequence[str]) -> bool:
    """A pattern with a '/' is matched against the whole relative path, one without
    against the name alone (like .gitignore); case does not matter (`*.txt` takes `A.TXT`)."""
    rel_l = rel.lower()
    name_l = rel_l.rsplit("/", 1)[-1]
    for pattern in patterns:
        p = pattern.lower().strip("/") if "/" in pattern else pattern.lower()
        if fnmatch.fnmatchcase(rel_l if "/" in pattern else name_l, p):
            return True
    return False


def walk(src: Path, include: Sequence[str], exclude: Sequence[str] = (),
         skip_dir: str | None = None) -> Iterator[tuple[str, str | None]]:
    """The input files under `src`: (path relative to SRC, '/'-separated, None), and
    ('folder/', reason) for a folder that cannot be read. Hidden files and folders,
    `skip_dir` (OUT, when it lies inside SRC) and symlinked folders (loops) are not entered.
    A generator: a tree of any size is walked in constant memory (one folder at a time)."""
    stack = [""]
    while stack:
        rel_dir = stack.pop()
        try:
            with os.scandir(src / rel_dir if rel_dir else src) as it:
                entries = sorted(it, key=lambda e: e.name)
        except OSError as exc:
            yield f"{rel_dir or '.'}/", exc.strerror or str(exc)
            continue
        folders = []
        for entry in entries:
            if entry.name.startswith("."):
                continue
            rel = f"{rel_dir}/{entry.name}" if rel_dir else entry.name
            try:
                if entry.is_dir(follow_symlinks=False):
                    if rel != skip_dir and not _matches(rel, exclude):
                        folders.append(rel)
                elif entry.is_file() and _matches(rel, include) and not _matches(rel, exclude):
                    yield rel, None
            except OSError as exc:
                yield rel, exc.strerror or str(exc)
        stack.extend(reversed(folders))


def sweep_parts(out: Path) -> int:
    """Remove the temporary files of writes that never finished (a killed run)."""
    removed = 0
    for folder, _dirs, files in os.walk(out):
        for name in files:
            if name.startswith(TMP_PREFIX) and name.endswith(TMP_SUFFIX):
                with contextlib.suppress(OSError):
                    os.unlink(os.path.join(folder, name))
                    removed += 1
    return removed


# ---------------------------------------------------------------------------------------
# Writer options from the command line: -O pdf.page_size=A5


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


def _coerce(cls: type, values: Mapping[str, Any], fmt: str) -> dict[str, Any]:
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


# ---------------------------------------------------------------------------------------
# State, report and index. What the run knows about each input lives in a SQLite file in
# OUT, not in memory: the parent's memory stays the same for ten articles or a million,
# progress is committed every second (a killed run resumes from there), and the index is
# sorted by SQLite on disk.

_SCHEMA = """
CREATE TABLE IF NOT EXISTS inputs (
    rel TEXT PRIMARY KEY,      -- input path relative to SRC
    digest TEXT NOT NULL,      -- blake2b of the bytes last converted
    formats TEXT NOT NULL,     -- JSON {format: [output path relative to OUT, option key]}
    title TEXT, published TEXT, published_ts REAL, source TEXT
);
CREATE TEMP TABLE walked (rel TEXT PRIMARY KEY, error TEXT);  -- this run's selection
CREATE TEMP TABLE claimed (stem TEXT PRIMARY KEY, rel TEXT);   -- output stem → its input
CREATE TEMP TABLE entries (                                    -- report.json, as it goes
    rel TEXT PRIMARY KEY, status TEXT, outputs TEXT, error TEXT, seconds REAL
);
"""


class _Store:
    COMMIT_SECONDS = 1.0

    def __init__(self, path: Path):
        import sqlite3

        self.path = path
        try:
            self.db = self._open(sqlite3)
        except sqlite3.DatabaseError:  # damaged: start afresh, only time is lost
            for suffix in ("", "-journal", "-wal", "-shm"):
                with contextlib.suppress(OSError):
                    os.unlink(f"{path}{suffix}")
            self.db = self._open(sqlite3)
        self._committed = time.monotonic()

    def _open(self, sqlite3: Any) -> Any:
        db = sqlite3.connect(self.path)
        db.execute("PRAGMA temp_store = FILE")  # per-run tables on disk too, not in RAM
        db.execute("PRAGMA synchronous = NORMAL")
        if db.execute("PRAGMA user_version").fetchone()[0] != STATE_VERSION:
            db.execute("DROP TABLE IF EXISTS inputs")
            db.execute(f"PRAGMA user_version = {STATE_VERSION}")
        db.executescript(_SCHEMA)
        db.execute("SELECT count(*) FROM inputs").fetchone()  # fail here if damaged
        return db

    def commit(self, force: bool = False) -> None:
        if force or time.monotonic() - self._committed >= self.COMMIT_SECONDS:
            self.db.commit()
            self._committed = time.monotonic()

    def close(self) -> None:
        self.db.commit()
        self.db.close()

    # this run's selection
    def add_walked(self, rel: str, error: str | None) -> None:
        self.db.execute("INSERT OR IGNORE INTO walked VALUES (?, ?)", (rel, error))

    def walked(self, page: int = 512) -> Iterator[tuple[str, str | None]]:
        """Every walked path in order, a page at a time (the cursor is not held open while
        the caller writes)."""
        last = ""
        while True:
            rows = self.db.execute("SELECT rel, error FROM walked WHERE rel > ? ORDER BY rel "
                                   "LIMIT ?", (last, page)).fetchall()
            yield from rows
            if len(rows) < page:
                return
            last = rows[-1][0]

    def claim(self, stem: str, rel: str) -> str:
        """The input that owns this output stem: `rel`, unless another got it first."""
        self.db.execute("INSERT OR IGNORE INTO claimed VALUES (?, ?)", (stem, rel))
        return str(self.db.execute("SELECT rel FROM claimed WHERE stem = ?",
                                   (stem,)).fetchone()[0])

    # what earlier runs made
    def get(self, rel: str) -> tuple[str, dict[str, list[str]]] | None:
        row = self.db.execute("SELECT digest, formats FROM inputs WHERE rel = ?",
                              (rel,)).fetchone()
        return (row[0], json.loads(row[1])) if row else None

    def put(self, rel: str, digest: str, formats: dict[str, list[str]], result: Result) -> None:
        self.db.execute("INSERT OR REPLACE INTO inputs VALUES (?, ?, ?, ?, ?, ?, ?)",
                        (rel, digest, json.dumps(formats, ensure_ascii=False), result.title,
                         result.published, _timestamp(result.published), result.source))

    def forget(self, rel: str) -> dict[str, list[str]]:
        found = self.get(rel)
        self.db.execute("DELETE FROM inputs WHERE rel = ?", (rel,))
        return found[1] if found else {}

    def prune(self) -> None:
        """After a run that saw the whole selection: forget inputs that are gone."""
        self.db.execute("DELETE FROM inputs WHERE rel NOT IN (SELECT rel FROM walked)")

    # this run's results
    def add_entry(self, entry: Entry) -> None:
        self.db.execute("INSERT OR REPLACE INTO entries VALUES (?, ?, ?, ?, ?)",
                        (entry.input, entry.status, json.dumps(entry.outputs, ensure_ascii=False),
                         entry.error, entry.seconds))

    def entries(self, status: str | None = None) -> Iterator[Entry]:
        query = "SELECT rel, status, outputs, error, seconds FROM entries"
        args: tuple[str, ...] = ()
        if status:
            query, args = query + " WHERE status = ?", (status,)
        for rel, state, outputs, error, seconds in self.db.execute(query + " ORDER BY rel",
                                                                   args):
            yield Entry(rel, state, tuple(json.loads(outputs)), error, seconds)

    def archive(self) -> Iterator[tuple[str, str | None, str | None, str | None, str]]:
        """Inputs of this selection with outputs on record, newest first."""
        yield from self.db.execute(
            "SELECT i.rel, i.title, i.published, i.source, i.formats FROM inputs i "
            "JOIN walked w ON w.rel = i.rel "
            "ORDER BY i.published_ts IS NULL, i.published_ts DESC, i.rel")


def _timestamp(published: str | None) -> float | None:
    if not published:
        return None
    try:
        moment = datetime.fromisoformat(published)
    except ValueError:
        return None
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=timezone.utc)
    return moment.timestamp()


def _write_report(path: Path, summary: dict[str, Any], entries: Iterator[Entry]) -> None:
    """report.json, written entry by entry (any number of inputs, constant memory)."""

    def dumps(obj: Any) -> bytes:
        try:
            return json.dumps(obj, ensure_ascii=False).encode("utf-8")
        except UnicodeEncodeError:  # a file name that is not valid UTF-8
            return json.dumps(obj).encode("ascii")

    with atomic_output(path) as out:
        out.write(b'{\n "summary": ' + dumps(summary) + b',\n "entries": [')
        for n, entry in enumerate(entries):
            out.write((b",\n  " if n else b"\n  ") + dumps(entry.to_dict()))
        out.write(b"\n ]\n}\n")


_INDEX_CSS = """
body{margin:0 auto;max-width:60rem;padding:1rem 1.25rem 3rem;line-height:1.7;
font-family:"Noto Sans SC","Noto Sans CJK SC","Source Han Sans SC","PingFang SC",
"Microsoft YaHei","Noto Sans TC","PingFang TC",sans-serif}
h1{margin:.5rem 0 0;font-size:1.6rem}
h2{margin:2rem 0 .5rem;font-size:1.2rem;border-bottom:1px solid #8884}
.summary{margin:.25rem 0 0;color:#777}
ol{list-style:none;margin:0;padding:0}
li{padding:.5rem 0;border-bottom:1px solid #8882}
.title{font-size:1.05rem;font-weight:600;text-decoration:none}
.title:hover{text-decoration:underline}
.meta{display:block;font-size:.875rem;color:#777}
.meta>*+*::before{content:" · "}
.formats a{margin-right:.6em;font-size:.8rem}
.failed code{font-size:.85rem}
""".strip()


class IndexItem(NamedTuple):
    input: str
    title: str | None
    published: str | None  # ISO 8601
    source: str | None
    outputs: dict[str, str]  # format → path relative to OUT


def _href(rel: str) -> str:
    return html.escape(quote(rel, safe="/"), quote=True)


def render_index(items: Iterator[IndexItem], count: int, failed: Iterator[Entry],
                 failed_count: int, formats: Sequence[str],
                 generated: datetime) -> Iterator[str]:
    """The archive as a static HTML5 page, in pieces: articles grouped by year, newest first
    (`items` come sorted), each with its date, source and a link per format; the inputs that
    failed at the end. No scripts."""
    esc = html.escape
    yield (
        '<!DOCTYPE html>\n<html lang="zh-CN">\n<head>\n<meta charset="utf-8">\n'
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        f'<meta name="generator" content="docconv {esc(__version__)}">\n'
        f"<title>文章存档（{count} 篇）</title>\n<style>\n{_INDEX_CSS}\n</style>\n"
        "</head>\n<body>\n<header>\n<h1>文章存档</h1>\n"
        f'<p class="summary">共 {count} 篇'
        + (f"，{failed_count} 篇未能转换" if failed_count else "")
        + f" · 生成于 <time datetime=\"{generated.isoformat(timespec='seconds')}\">"
        f"{generated:%Y-%m-%d %H:%M}</time></p>\n</header>\n<main>\n"
    )
    primary = "html" if "html" in formats else None
    group: str | None = None
    for item in items:
        moment = None
        if item.published:
            with contextlib.suppress(ValueError):
                moment = datetime.fromisoformat(item.published)
        heading = f"{moment.year}年" if moment else "日期不详"
        if heading != group:
            close = "</ol>\n</section>\n" if group else ""
            yield f"{close}<section>\n<h2>{heading}</h2>\n<ol>\n"
            group = heading
        title = esc(item.title or PurePosixPath(item.input).stem)
        link = item.outputs.get(primary or "") or next(iter(item.outputs.values()))
        meta = []
        if moment:
            midnight = (moment.hour, moment.minute, moment.second) == (0, 0, 0)
            shown = f"{moment:%Y-%m-%d}" if midnight else f"{moment:%Y-%m-%d %H:%M}"
            meta.append(f'<time datetime="{esc(item.published or "")}">{shown}</time>')
        if item.source:
            meta.append(f'<span class="source">{esc(item.source)}</span>')
        links = " ".join(f'<a href="{_href(item.outputs[f])}">{esc(f.upper())}</a>'
                         for f in formats if f in item.outputs)
        meta.append(f'<span class="formats">{links}</span>')
        yield (f'<li><a class="title" href="{_href(link)}">{title}</a>'
               f'<span class="meta">{"".join(meta)}</span></li>\n')
    if group:
        yield "</ol>\n</section>\n"
    elif not count:
        yield "<p>还没有文章。</p>\n"
    if failed_count:
        yield f'<section class="failed">\n<h2>未能转换（{failed_count}）</h2>\n<ul>\n'
        for entry in failed:
            yield f"<li><code>{esc(entry.input)}</code>：{esc(entry.error or '')}</li>\n"
        yield "</ul>\n</section>\n"
    yield "</main>\n</body>\n</html>\n"


# ---------------------------------------------------------------------------------------
# Progress on stderr.


class _Progress:
    def __init__(self, total: int, mode: str, stream: TextIO):
        self.total, self.stream = total, stream
        if mode == "auto":
            mode = "bar" if _is_terminal(stream) else "lines"
        self.mode = mode
        self.counts = {"ok": 0, "failed": 0, "skipped": 0}
        self.started = time.monotonic()
        self._last_line = self.started
        self._last_tenth = 0
        self._last_refresh = 0.0
        self._bar: Any = None
        self._task: Any = None

    def __enter__(self) -> _Progress:
        if self.mode == "bar" and self.total:
            from rich.console import Console
            from rich.progress import (
                BarColumn,
                MofNCompleteColumn,
                Progress,
                TextColumn,
                TimeElapsedColumn,
                TimeRemainingColumn,
            )

            # Refreshed from the main loop, not by rich's thread: a thread that holds the
            # console lock while workers are forked could deadlock them.
            self._bar = Progress(
                TextColumn("[bold]{task.description}"), BarColumn(), MofNCompleteColumn(),
                TextColumn("{task.fields[stats]}"), TimeElapsedColumn(), TimeRemainingColumn(),
                console=Console(file=self.stream), auto_refresh=False, transient=False)
            self._task = self._bar.add_task("docconv", total=self.total, stats="")
            self._bar.start()
        return self

    def __exit__(self, *exc: object) -> None:
        if self._bar is not None:
            self.refresh(force=True)
            self._bar.stop()

    @property
    def done(self) -> int:
        return sum(self.counts.values())

    def _stats(self) -> str:
        c = self.counts
        return f"ok {c['ok']}  failed {c['failed']}  skipped {c['skipped']}"

    def advance(self, status: str) -> None:
        self.counts[status] += 1
        if self._bar is not None:
            self._bar.update(self._task, advance=1, stats=self._stats())
            self.refresh()
        elif self.mode == "lines" and self.total:
            now = time.monotonic()
            tenth = self.done * 10 // self.total
            since = now - self._last_line
            if self.done < self.total and ((tenth > self._last_tenth and since >= 1.0)
                                           or since >= LINE_PROGRESS_SECONDS):
                self._last_tenth, self._last_line = tenth, now
                elapsed = now - self.started
                converted = self.counts["ok"] + self.counts["failed"]
                rate = f", {converted / elapsed:.1f} articles/s" if converted and elapsed else ""
                self.stream.write(f"docconv: {self.done}/{self.total} "
                                  f"({self.done * 100 // self.total}%): {self._stats()}{rate}\n")
                self.stream.flush()

    def refresh(self, force: bool = False) -> None:
        if self._bar is not None:
            now = time.monotonic()
            if force or now - self._last_refresh > 0.1:
                self._last_refresh = now
                self._bar.refresh()

    def print(self, line: str) -> None:
        if self._bar is not None:
            from rich.text import Text

            self._bar.console.print(Text(line), soft_wrap=True)
        else:
            self.stream.write(line + "\n")
            self.stream.flush()


def _is_terminal(stream: TextIO) -> bool:
    try:
        return stream.isatty() and os.environ.get("TERM") != "dumb"
    except (AttributeError, ValueError):
        return False


# ---------------------------------------------------------------------------------------
# Signals: the first SIGINT/SIGTERM asks the batch to stop cleanly; a second one while it is
# still converting in-process (--jobs 1) interrupts the article at hand.


class _Stop:
    def __init__(self) -> None:
        self.signum = 0
        self.cleaning = False
        self._saved: dict[int, Any] = {}

    def _handle(self, signum: int, frame: object) -> None:
        if self.signum and not self.cleaning:
            raise KeyboardInterrupt
        self.signum = self.signum or signum

    def __enter__(self) -> _Stop:
        if threading.current_thread() is threading.main_thread():
            for signum in (signal.SIGINT, signal.SIGTERM):
                self._saved[signum] = signal.signal(signum, self._handle)
        return self

    def __exit__(self, *exc: object) -> None:
        for signum, handler in self._saved.items():
            signal.signal(signum, handler)


@contextlib.contextmanager
def _locked(out: Path) -> Iterator[None]:
    """One batch at a time per OUT: a second one would sweep the first one's .part files."""
    try:
        import fcntl
    except ImportError:  # Windows: no advisory locks in the standard library
        yield
        return
    with open(out / LOCK_NAME, "a+b") as handle:
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except OSError:
            raise BatchError(f"{out}: another docconv batch is writing here") from None
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


def default_jobs() -> int:
    counter = getattr(os, "process_cpu_count", None)  # Python 3.13+: honours affinity
    if counter is not None:
        return int(counter() or 1)
    if hasattr(os, "sched_getaffinity"):
        return len(os.sched_getaffinity(0)) or 1
    return os.cpu_count() or 1


# ---------------------------------------------------------------------------------------
# The batch.


class _Batch:
    def __init__(self, options: BatchOptions, stderr: TextIO):
        self.started = time.monotonic()  # loading the writers is part of the run's time
        from . import writers

        self.opts = options
        self.stderr = stderr
        self.src = Path(options.src)
        self.out = Path(options.out)
        if not self.src.exists():
            raise BatchError(f"{self.src}: no such directory")
        if not self.src.is_dir():
            raise BatchError(f"{self.src}: not a directory (batch converts a folder tree; "
                             "use 'docconv convert' for single files)")
        if self.out.exists() and not self.out.is_dir():
            raise BatchError(f"{self.out}: exists and is not a directory")
        real_src, real_out = os.path.realpath(self.src), os.path.realpath(self.out)
        if real_src == real_out:
            raise BatchError("OUT must be a different folder from SRC")
        inner = os.path.relpath(real_out, real_src)
        self.skip_dir = None if inner.startswith("..") else inner.replace(os.sep, "/")

        self.formats = writers.expand(options.formats)
        self.extensions: dict[str, str] = {}
        self.writer_options: dict[str, Any] = {}
        for name in self.formats:
            try:
                writer = writers.get(name)
            except DocconvError:
                raise
            except Exception as exc:  # ImportError of a writer or one of its libraries
                raise BatchError(f"cannot load the {name} writer: {_message(exc)}") from None
            self.extensions[name] = writer.extension
            given = options.writer_options.get(name)
            if isinstance(given, Mapping):
                given = _coerce(writer.Options, given, name)
            self.writer_options[name] = writers.make_options(writer, given)
        unknown = set(options.writer_options) - set(writers.formats())
        if unknown:
            raise BatchError(f"options given for unknown format(s): {', '.join(sorted(unknown))}")
        self.tz = options.tz
        self.keys = {name: self._format_key(name) for name in self.formats}
        self.jobs = max(1, options.jobs or default_jobs())
        self.summary = Summary()
        self.stop = _Stop()
        self.runner: _InlineRunner | _PoolRunner | None = None

    def _format_key(self, name: str) -> str:
        text = f"{__version__}|{name}|{self.tz or DEFAULT_TZ}|{self.writer_options[name]!r}"
        return hashlib.blake2b(text.encode(), digest_size=8).hexdigest()

    # -- planning: up to date, or a task for a worker -------------------------------------

    def _outputs(self, rel: str) -> dict[str, str]:
        """Output paths relative to OUT: the input's path with its suffix replaced."""
        name = rel.rsplit("/", 1)[-1]
        stem = rel[: rel.rfind(".")] if "." in name[1:] else rel
        return {fmt: stem + self.extensions[fmt] for fmt in self.formats}

    def _plan(self, rel: str) -> Entry | Task:
        started = time.perf_counter()
        outputs = self._outputs(rel)
        path = os.path.join(self.src, rel)
        first = self.formats[0]
        other = self.store.claim(outputs[first][: -len(self.extensions[first])], rel)
        if other != rel:
            return Entry(rel, "failed", (), f"its outputs would overwrite those of {other}", 0.0)
        clash = [o for o in outputs.values()
                 if o in (INDEX_NAME, REPORT_NAME) or o.startswith(".docconv")]
        if clash:
            return Entry(rel, "failed", (), f"output {clash[0]} is reserved for the batch "
                         "itself; rename or --exclude this input", 0.0)
        record = None if self.opts.force else self.store.get(rel)
        needed = list(self.formats)
        if record is not None:
            try:
                with open(path, "rb") as handle:
                    digest = _digest(handle.read())
            except OSError:
                digest = None  # the worker will report why it cannot be read
            if digest == record[0]:
                done = record[1]
                needed = [name for name in self.formats
                          if done.get(name) != [outputs[name], self.keys[name]]
                          or not os.path.isfile(self.out / outputs[name])]
                if not needed:
                    return Entry(rel, "skipped", tuple(outputs.values()), None,
                                 time.perf_counter() - started)
        return Task(rel, path, tuple((n, str(self.out / outputs[n])) for n in needed))

    # -- results ------------------------------------------------------------------------

    def _record(self, entry: Entry) -> None:
        self.store.add_entry(entry)
        self.store.commit()
        setattr(self.summary, entry.status, getattr(self.summary, entry.status) + 1)
        if entry.status == "failed":
            self.progress.print(f"docconv: error: {os.path.join(self.src, entry.input)}: "
                                f"{entry.error}")
        self.progress.advance(entry.status)

    def _finish(self, result: Result) -> None:
        outputs = self._outputs(result.rel)
        if result.error is not None or result.digest is None:
            if result.trace and self.opts.debug:
                self.progress.print(result.trace.rstrip())
            self._forget(result.rel, outputs)
            self._record(Entry(result.rel, "failed", (), result.error, result.seconds))
            return
        old = self.store.get(result.rel)
        # Formats not written now were up to date when planned; they stay so only if the
        # worker read the same content (the file may have changed in between).
        same = old is not None and old[0] == result.digest
        formats = {name: value for name, value in (old[1] if old else {}).items()
                   if same and name not in result.formats}
        for name in result.formats:
            formats[name] = [outputs[name], self.keys[name]]
        stale = [name for name in self.formats if name not in formats]
        if stale:  # changed under our feet: the next run converts the rest
            self.progress.print(f"docconv: warning: {os.path.join(self.src, result.rel)}: "
                                f"changed during the run; run again to update {', '.join(stale)}")
        self.store.put(result.rel, result.digest, formats, result)
        self._record(Entry(result.rel, "ok", tuple(outputs.values()), None, result.seconds))

    def _forget(self, rel: str, outputs: dict[str, str]) -> None:
        """A failed input has no outputs: remove the current formats' files and what an
        earlier run recorded for it."""
        paths = set(outputs.values())
        paths.update(value[0] for value in self.store.forget(rel).values())
        for rel_out in paths:
            with contextlib.suppress(OSError):
                os.unlink(self.out / rel_out)

    # -- the run -------------------------------------------------------------------------

    def run(self) -> Summary:
        try:
            self.out.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise BatchError(f"{self.out}: cannot create it: {exc.strerror or exc}") from None
        with _locked(self.out), self.stop:
            sweep_parts(self.out)  # left by a run that was killed
            self.store = _Store(self.out / STATE_NAME)
            try:
                self._run()
            finally:
                self.store.close()
        if self.opts.progress != "none":
            self.stderr.write(self._summary_line() + "\n")
            self.stderr.flush()
        return self.summary

    def _run(self) -> None:
        try:
            for rel, error in walk(self.src, self.opts.include or DEFAULT_INCLUDE,
                                   self.opts.exclude, self.skip_dir):
                if self.stop.signum:
                    break
                self.store.add_walked(rel, error)
                self.summary.total += 1
        except KeyboardInterrupt:  # a second signal
            self.stop.signum = self.stop.signum or signal.SIGINT
        with _Progress(self.summary.total, self.opts.progress, self.stderr) as progress:
            self.progress = progress
            try:
                self._convert_all()
            except KeyboardInterrupt:  # a second signal: stop at once
                self.stop.signum = self.stop.signum or signal.SIGINT
            except BaseException:
                self.stop.cleaning = True
                if self.runner is not None:
                    self.runner.stop(grace=0)
                sweep_parts(self.out)
                raise
            self.stop.cleaning = True
            runner = self.runner
            if self.stop.signum:
                if runner is not None:
                    for result in runner.stop(grace=STOP_GRACE_SECONDS):
                        self._finish(result)
                sweep_parts(self.out)
            elif runner is not None:
                runner.close()
            self.summary.interrupted = self.stop.signum
            self.summary.seconds = time.monotonic() - self.started
            if not self.stop.signum:  # the whole selection was seen: forget what is gone
                self.store.prune()
            self.store.commit(force=True)
            self._write_report()
            self._write_index()

    def _convert_all(self) -> None:
        for rel, error in self.store.walked():
            if self.stop.signum:
                return
            if error is not None:
                self._record(Entry(rel, "failed", (), f"cannot read it: {error}", 0.0))
                continue
            planned = self._plan(rel)
            if isinstance(planned, Entry):
                self._record(planned)
                continue
            runner = self.runner
            if runner is None:  # no workers at all when everything is up to date
                runner = self.runner = (
                    _InlineRunner(self.formats, self.writer_options, self.tz)
                    if self.jobs == 1 else
                    _PoolRunner(self.jobs, self.formats, self.writer_options, self.tz,
                                lambda: sweep_parts(self.out)))
            while not runner.has_room() and not self.stop.signum:
                self._drain(runner, 0.25)
            if self.stop.signum:
                return
            runner.submit(planned)
            self._drain(runner, 0)
        while self.runner is not None and self.runner.pending() and not self.stop.signum:
            self._drain(self.runner, 0.25)

    def _drain(self, runner: _InlineRunner | _PoolRunner, timeout: float) -> None:
        for result in runner.collect(timeout):
            self._finish(result)
        self.progress.refresh()

    # -- what is left behind ------------------------------------------------------------

    def _write_report(self) -> None:
        s = self.summary
        summary = {
            "total": s.total, "ok": s.ok, "failed": s.failed, "skipped": s.skipped,
            "seconds": round(s.seconds, 3), "articles_per_second": round(s.rate, 2),
            "formats": self.formats, "jobs": self.jobs, "interrupted": bool(s.interrupted),
            "docconv": __version__,
        }
        _write_report(self.out / REPORT_NAME, summary, self.store.entries())

    def _index_items(self) -> Iterator[IndexItem]:
        """Every input of this selection whose outputs are up to date, including (after an
        interruption) those done by earlier runs; newest first."""
        for rel, title, published, source, formats_json in self.store.archive():
            formats = json.loads(formats_json)
            outputs = {n: formats[n][0] for n in self.formats
                       if formats.get(n, [None, None])[1] == self.keys[n]}
            if outputs:
                yield IndexItem(rel, title, published, source, outputs)

    def _write_index(self) -> None:
        count = sum(1 for _ in self._index_items())  # a second pass beats holding them all
        pieces = render_index(self._index_items(), count, self.store.entries("failed"),
                              self.summary.failed, self.formats, datetime.now().astimezone())
        with atomic_output(self.out / INDEX_NAME) as out:
            for piece in pieces:
                out.write(piece.encode("utf-8", errors="replace"))

    def _summary_line(self) -> str:
        s = self.summary
        text = (f"docconv: {s.ok} converted, {s.failed} failed, {s.skipped} skipped (up to date)"
                f" of {s.total} in {s.seconds:.1f} s")
        if s.converted:
            text += f", {s.rate:.1f} articles/s"
        if s.interrupted:
            text += f"; interrupted by {signal.Signals(s.interrupted).name}, run again to resume"
        return text + f"; report: {self.out / REPORT_NAME}"


def run(options: BatchOptions, stderr: TextIO | None = None) -> Summary:
    """Convert the tree `options.src` into `options.out`. Raises BatchError when it cannot
    start (exit code 2); otherwise returns the summary, whose `exit_code` follows the
    contract (0, 1, or 130/143 after SIGINT/SIGTERM)."""
    return _Batch(options, stderr or sys.stderr).run()


def run_cli(src: str, out: str, to: str, jobs: int | None, force: bool, include: Sequence[str],
            exclude: Sequence[str], tz: str | None, option_pairs: Sequence[str],
            quiet: bool) -> int:
    """`docconv batch`: the command's arguments → an exit code."""
    from .cli import report

    try:
        options = BatchOptions(
            src=src, out=out, formats=to, jobs=jobs, force=force,
            include=tuple(include) or DEFAULT_INCLUDE, exclude=tuple(exclude), tz=tz,
            writer_options=parse_option_pairs(option_pairs),
            progress="none" if quiet else "auto", debug=_debug())
        return run(options).exit_code
    except DocconvError as exc:  # cannot start: usage error
        report(None, exc)
        return EXIT_USAGE
    except OSError as exc:  # OUT itself unwritable (disk full, permissions): nothing to resume
        report(exc.filename, exc.strerror or exc)
        return EXIT_USAGE


def _debug() -> bool:
    from .cli import Ctx

    return Ctx.debug
