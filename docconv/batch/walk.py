"""The two trees: SRC walked for inputs, OUT mirroring it (and swept of unfinished writes)."""

from __future__ import annotations

import contextlib
import os
import re
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from pathlib import Path

from ..files import TMP_PREFIX, TMP_SUFFIX

LOCK_NAME = ".docconv-lock"  # a batch's lock file in its OUT (held by state.locked)


class GlobSet:
    """--include / --exclude globs, matched against the path relative to SRC
    ('/'-separated), the way .gitignore and ripgrep's -g read them:

    * `*` and `?` stay within one path component (`2021/*.txt` does not take
      `2021/成都/x.txt`); `[abc]`, `[!abc]` and `[a-z]` are character classes;
      a backslash makes the next character literal.
    * `**` as a whole component spans any number of folders, none included:
      `**/x.txt`, `2021/**/*.txt`, `2021/**` (everything under 2021).
    * A glob without '/' matches the file (or folder) name at any depth (`*.txt`,
      `drafts`); one with '/' matches from SRC down (a leading '/' changes nothing).
    * A trailing '/' matches folders only: `--exclude tmp/` leaves out every folder named
      tmp; `--include 2021/` takes every file under the folder 2021.
    * Case does not matter (`*.txt` takes `A.TXT`).
    """

    def __init__(self, patterns: Iterable[str]):
        self.patterns = tuple(patterns)
        compiled = [_compile(pattern) for pattern in self.patterns]
        self._any = [regex for regex, _ in compiled if regex is not None]
        self._files = [regex for regex, dirs_only in compiled
                       if regex is not None and not dirs_only]
        self._dirs_only = [regex for regex, dirs_only in compiled
                           if regex is not None and dirs_only]

    def match_dir(self, rel: str) -> bool:
        """A folder (relative to SRC) that a glob names: what --exclude prunes."""
        return any(regex.fullmatch(rel) for regex in self._any)

    def match_file(self, rel: str) -> bool:
        """A file that a glob (not a folder glob) names."""
        return any(regex.fullmatch(rel) for regex in self._files)

    def match_file_or_folder(self, rel: str) -> bool:
        """A file that a glob names, or one under a folder that a folder glob (trailing
        '/') names: what --include takes."""
        if self.match_file(rel):
            return True
        folder = rel
        while self._dirs_only and "/" in folder:
            folder = folder.rsplit("/", 1)[0]
            if any(regex.fullmatch(folder) for regex in self._dirs_only):
                return True
        return False


def _compile(pattern: str) -> tuple[re.Pattern[str] | None, bool]:
    """A glob as a regular expression on the whole relative path, and whether it names
    folders only; None for an empty glob."""
    text = pattern.replace("\\", "/") if os.sep == "\\" else pattern
    dirs_only = text.endswith("/")
    text = text.rstrip("/")
    if text.startswith("./"):
        text = text[2:]
    if not text:
        return None, dirs_only
    if "/" in text:
        text = text.lstrip("/")
    else:
        text = "**/" + text  # a name: at any depth
    parts = text.split("/")
    regex = ""
    for n, part in enumerate(parts):
        last = n == len(parts) - 1
        if part == "**":
            regex += ".*" if last else "(?:[^/]*/)*"
        else:
            regex += _component(part) + ("" if last else "/")
    return re.compile(regex, re.IGNORECASE | re.DOTALL), dirs_only


def _component(part: str) -> str:
    """One path component of a glob as a regular expression that never crosses '/'."""
    out: list[str] = []
    i, n = 0, len(part)
    while i < n:
        c = part[i]
        i += 1
        if c == "*":
            while i < n and part[i] == "*":  # '**' inside a component is '*'
                i += 1
            out.append("[^/]*")
        elif c == "?":
            out.append("[^/]")
        elif c == "\\" and i < n:
            out.append(re.escape(part[i]))
            i += 1
        elif c == "[":
            j = i
            if j < n and part[j] in "!^":
                j += 1
            if j < n and part[j] == "]":
                j += 1
            while j < n and part[j] != "]":
                j += 1
            if j >= n:  # no closing bracket: a literal '['
                out.append("\\[")
                continue
            body = part[i:j]
            i = j + 1
            negate = body[:1] in ("!", "^")
            if negate:
                body = body[1:]
            body = re.sub(r"([\\\]^&~|\[])", r"\\\1", body)  # all literal but '-'
            out.append(f"[^/{body}]" if negate else f"[{body}]")
        else:
            out.append(re.escape(c))
    return "".join(out)


def matches(rel: str, patterns: Sequence[str]) -> bool:
    """Whether the globs take the file `rel` (see GlobSet)."""
    return GlobSet(patterns).match_file_or_folder(rel)


def walk(src: Path, include: Sequence[str], exclude: Sequence[str] = (),
         skip_dir: str | None = None) -> Iterator[tuple[str, str | None]]:
    """The input files under `src`: (path relative to SRC, '/'-separated, None), and
    ('folder/', reason) for a folder that cannot be read. Hidden files and folders,
    `skip_dir` (OUT, when it lies inside SRC) and symlinked folders (loops) are not entered.
    A generator: a tree of any size is walked in constant memory (one folder at a time).
    `include` and `exclude` are globs (see GlobSet); an excluded folder is not entered."""
    take, leave = GlobSet(include), GlobSet(exclude)
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
                    if rel != skip_dir and not leave.match_dir(rel):
                        folders.append(rel)
                elif entry.is_file() and take.match_file_or_folder(rel) \
                        and not leave.match_file(rel):
                    yield rel, None
            except OSError as exc:
                yield rel, exc.strerror or str(exc)
        stack.extend(reversed(folders))


def mirror(rel: str, extensions: Mapping[str, str]) -> dict[str, str]:
    """format → output path relative to OUT: the input's path with its suffix replaced."""
    name = rel.rsplit("/", 1)[-1]
    stem = rel[: rel.rfind(".")] if "." in name[1:] else rel
    return {fmt: stem + ext for fmt, ext in extensions.items()}


def sweep_parts(out: Path, nested: Callable[[str], None] | None = None) -> int:
    """Remove the temporary files of writes that never finished (a killed run). `nested` is
    called first for every folder below OUT that holds a batch's lock file; it raises to
    stop the sweep there (a batch running inside OUT owns its .part files). Top-down, so
    such a folder is seen before anything in it is removed."""
    removed = 0
    for folder, _dirs, files in os.walk(out):
        if nested is not None and LOCK_NAME in files and folder != str(out):
            nested(folder)
        for name in files:
            if name.startswith(TMP_PREFIX) and name.endswith(TMP_SUFFIX):
                with contextlib.suppress(OSError):
                    os.unlink(os.path.join(folder, name))
                    removed += 1
    return removed
