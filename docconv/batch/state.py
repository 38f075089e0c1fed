"""What is known about each input, in a SQLite file in OUT rather than in memory: the
parent's memory stays the same for ten articles or a million, progress is committed every
second (a killed run resumes from there), and the index is sorted by SQLite on disk."""

from __future__ import annotations

import contextlib
import errno
import functools
import json
import os
import time
from collections.abc import Callable, Iterator
from datetime import datetime, timezone
from pathlib import Path
from typing import Any, TypeVar

from .options import BatchError
from .report import Entry
from .walk import LOCK_NAME
from .worker import Result

F = TypeVar("F", bound=Callable[..., Any])
STATE_NAME = ".docconv-state.sqlite"
STATE_VERSION = 3  # PRAGMA user_version of the state file: raise it when _SCHEMA changes


def _enc(text: str | None) -> bytes | None:
    """A path (or a message naming one) as SQLite keeps it: UTF-8 bytes, with the bytes of a
    file name that is not valid UTF-8 (decoded by os with surrogateescape) kept as they were."""
    return None if text is None else text.encode("utf-8", "surrogateescape")


def _dec(data: bytes | str | None) -> str | None:
    if data is None or isinstance(data, str):
        return data
    return data.decode("utf-8", "surrogateescape")


def _json(obj: Any) -> str:
    # ASCII: a lone surrogate (a non-UTF-8 file name) is kept as a \udcXX escape
    return json.dumps(obj)

_SCHEMA = """
CREATE TABLE IF NOT EXISTS inputs (
    rel BLOB PRIMARY KEY,      -- input path relative to SRC (UTF-8, or its raw bytes)
    digest TEXT NOT NULL,      -- blake2b of the bytes last converted
    formats TEXT NOT NULL,     -- JSON {format: [output path relative to OUT, option key]}
    title TEXT, published TEXT, published_ts REAL, source TEXT,
    lang TEXT                  -- the article's language tag, for index.html
);
CREATE TEMP TABLE walked (rel BLOB PRIMARY KEY, error TEXT);  -- this run's selection
CREATE TEMP TABLE claimed (stem BLOB PRIMARY KEY, rel BLOB);   -- output stem → its input
CREATE TEMP TABLE entries (                                    -- report.json, as it goes
    rel BLOB PRIMARY KEY, status TEXT, outputs TEXT, error BLOB, seconds REAL, warnings TEXT
);
"""


def _full_is_oserror(method: F) -> F:
    """SQLite's "database or disk is full" as the OSError every other write raises, so the
    batch handles a full disk one way wherever it shows."""
    @functools.wraps(method)
    def wrapper(self: Store, *args: Any, **kwargs: Any) -> Any:
        import sqlite3

        try:
            return method(self, *args, **kwargs)
        except sqlite3.OperationalError as exc:
            if state_reason(exc) != os.strerror(errno.ENOSPC):
                raise
            raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC), str(self.path)) from exc

    return wrapper  # type: ignore[return-value]


class Store:
    COMMIT_SECONDS = 1.0

    def __init__(self, path: Path):
        import sqlite3

        self.path = path
        if path.is_dir():
            raise BatchError(f"{path}: is a folder, where the batch keeps its state file; "
                             "move it out of the way")
        try:
            try:
                self.db = self._open(sqlite3)
            except sqlite3.OperationalError:
                raise  # cannot open or write it (disk full, permissions): no reset helps
            except sqlite3.DatabaseError:  # damaged: start afresh, only time is lost
                for suffix in ("", "-journal", "-wal", "-shm"):
                    with contextlib.suppress(OSError):
                        os.unlink(f"{path}{suffix}")
                self.db = self._open(sqlite3)
        except sqlite3.Error as exc:
            raise BatchError(f"{path}: cannot use the batch's state file: {state_reason(exc)}") \
                from None
        self._committed = time.monotonic()

    def _open(self, sqlite3: Any) -> Any:
        db = sqlite3.connect(self.path)
        try:
            return self._prepare(db)
        except BaseException:
            db.close()
            raise

    def _prepare(self, db: Any) -> Any:
        db.execute("PRAGMA temp_store = FILE")  # per-run tables on disk too, not in RAM
        db.execute("PRAGMA synchronous = NORMAL")
        if db.execute("PRAGMA user_version").fetchone()[0] != STATE_VERSION:
            # another layout: convert everything once more, so that what the index shows
            # (the language of each title, ...) is known for every input
            db.execute("DROP TABLE IF EXISTS inputs")
            db.execute(f"PRAGMA user_version = {STATE_VERSION}")
        db.executescript(_SCHEMA)
        db.execute("SELECT count(*) FROM inputs").fetchone()  # fail here if damaged
        return db

    @_full_is_oserror
    def commit(self, force: bool = False) -> None:
        if force or time.monotonic() - self._committed >= self.COMMIT_SECONDS:
            self.db.commit()
            self._committed = time.monotonic()

    @_full_is_oserror
    def close(self) -> None:
        self.db.commit()
        self.db.close()

    # this run's selection
    @_full_is_oserror
    def add_walked(self, rel: str, error: str | None) -> None:
        self.db.execute("INSERT OR IGNORE INTO walked VALUES (?, ?)", (_enc(rel), error))

    def walked(self, page: int = 512) -> Iterator[tuple[str, str | None]]:
        """Every walked path in order, a page at a time (the cursor is not held open while
        the caller writes)."""
        last = b""
        while True:
            rows = self.db.execute("SELECT rel, error FROM walked WHERE rel > ? ORDER BY rel "
                                   "LIMIT ?", (last, page)).fetchall()
            for rel, error in rows:
                yield str(_dec(rel)), error
            if len(rows) < page:
                return
            last = rows[-1][0]

    def claim(self, stem: str, rel: str) -> str:
        """The input that owns this output stem: `rel`, unless another got it first."""
        self.db.execute("INSERT OR IGNORE INTO claimed VALUES (?, ?)", (_enc(stem), _enc(rel)))
        return str(_dec(self.db.execute("SELECT rel FROM claimed WHERE stem = ?",
                                        (_enc(stem),)).fetchone()[0]))

    # what earlier runs made
    def get(self, rel: str) -> tuple[str, dict[str, list[str]]] | None:
        row = self.db.execute("SELECT digest, formats FROM inputs WHERE rel = ?",
                              (_enc(rel),)).fetchone()
        return (row[0], json.loads(row[1])) if row else None

    @_full_is_oserror
    def put(self, rel: str, digest: str, formats: dict[str, list[str]], result: Result) -> None:
        self.db.execute("INSERT OR REPLACE INTO inputs (rel, digest, formats, title, published, "
                        "published_ts, source, lang) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                        (_enc(rel), digest, _json(formats), result.title,
                         result.published, _timestamp(result.published), result.source,
                         result.lang))

    @_full_is_oserror
    def forget(self, rel: str) -> dict[str, list[str]]:
        found = self.get(rel)
        self.db.execute("DELETE FROM inputs WHERE rel = ?", (_enc(rel),))
        return found[1] if found else {}

    @_full_is_oserror
    def prune(self) -> None:
        """After a run that saw the whole selection: forget inputs that are gone."""
        self.db.execute("DELETE FROM inputs WHERE rel NOT IN (SELECT rel FROM walked)")

    # this run's results
    @_full_is_oserror
    def add_entry(self, entry: Entry) -> None:
        self.db.execute("INSERT OR REPLACE INTO entries VALUES (?, ?, ?, ?, ?, ?)",
                        (_enc(entry.input), entry.status, _json(entry.outputs),
                         _enc(entry.error), entry.seconds,
                         json.dumps(entry.warnings, ensure_ascii=False)
                         if entry.warnings else None))

    def entries(self, status: str | None = None) -> Iterator[Entry]:
        query = "SELECT rel, status, outputs, error, seconds, warnings FROM entries"
        args: tuple[str, ...] = ()
        if status:
            query, args = query + " WHERE status = ?", (status,)
        for rel, state, outputs, error, seconds, notes in self.db.execute(
                query + " ORDER BY rel", args):
            yield Entry(str(_dec(rel)), state, tuple(json.loads(outputs)), _dec(error), seconds,
                        tuple(json.loads(notes)) if notes else ())

    def archive(self) -> Iterator[tuple[str, str | None, str | None, str | None, str,
                                        str | None]]:
        """Inputs of this selection with outputs on record, newest first."""
        for rel, *rest in self.db.execute(
                "SELECT i.rel, i.title, i.published, i.source, i.formats, i.lang FROM inputs i "
                "JOIN walked w ON w.rel = i.rel "
                "ORDER BY i.published_ts IS NULL, i.published_ts DESC, i.rel"):
            yield (str(_dec(rel)), *rest)  # type: ignore[misc]


def state_reason(exc: BaseException) -> str:
    """SQLite's words for a full disk, in the words every other write failure uses."""
    text = str(exc)
    if "disk is full" in text or "SQLITE_FULL" in text:
        return os.strerror(28)  # ENOSPC: No space left on device
    return text


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


# The lock files this process holds: a forked worker closes its copies (see locked).
_held: set[int] = set()


def _close_held_in_child() -> None:
    for fd in _held:
        with contextlib.suppress(OSError):
            os.close(fd)
    _held.clear()


if hasattr(os, "register_at_fork"):
    os.register_at_fork(after_in_child=_close_held_in_child)


@contextlib.contextmanager
def locked(out: Path) -> Iterator[None]:
    """One batch at a time per OUT, and none into a folder inside a running batch's OUT (nor
    around one: refuse_running, during the first sweep): a second one would sweep the first
    one's .part files and overwrite its outputs. The lock is an flock on OUT/.docconv-lock
    holding the holder's pid; the kernel drops it when the holder is gone (killed included),
    so a lock is never stale. A forked
    worker closes its copy of the descriptor: with it, workers left running by a killed
    parent would keep OUT locked."""
    try:
        import fcntl
    except ImportError:  # Windows: no advisory locks in the standard library
        yield
        return
    for folder in Path(os.path.realpath(out)).parents:
        other = folder / LOCK_NAME
        if _busy(other, fcntl):
            raise BatchError(f"{out}: is inside {folder}, where another docconv "
                             f"batch{_holder(other)} is writing")
    path = out / LOCK_NAME
    fd = os.open(path, os.O_RDWR | os.O_CREAT | os.O_CLOEXEC, 0o644)
    try:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except OSError:
            raise BatchError(f"{out}: another docconv batch{_holder(path)} is writing here") \
                from None
        _held.add(fd)
        with contextlib.suppress(OSError):
            os.ftruncate(fd, 0)
            os.pwrite(fd, f"{os.getpid()}\n".encode(), 0)
        try:
            yield
        finally:
            _held.discard(fd)
            fcntl.flock(fd, fcntl.LOCK_UN)
    finally:
        os.close(fd)


def refuse_running(out: Path, folder: str) -> None:
    """For a folder inside OUT that holds a lock file (see walk.sweep_parts): refuse to run
    around a batch that is writing there."""
    try:
        import fcntl
    except ImportError:
        return
    lock = Path(folder) / LOCK_NAME
    if _busy(lock, fcntl):
        raise BatchError(f"{out}: holds {folder}, where another docconv batch"
                         f"{_holder(lock)} is writing")


def _busy(path: Path, fcntl: Any) -> bool:
    try:
        fd = os.open(path, os.O_RDONLY | os.O_CLOEXEC)
    except OSError:
        return False  # none there (or unreadable: not a batch of this user's)
    try:
        fcntl.flock(fd, fcntl.LOCK_SH | fcntl.LOCK_NB)
    except OSError:
        return True
    finally:
        os.close(fd)  # also releases the shared lock, if taken
    return False


def _holder(path: Path) -> str:
    try:
        pid = int(path.read_text(encoding="ascii").strip())
    except (OSError, ValueError):
        return ""
    return f" (pid {pid})"
