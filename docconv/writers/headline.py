"""Where a headline may break: between words, never inside one.

A headline set on two lines must not be cut inside a word (`记/忆`), a number or a Latin
word. Word boundaries come from jieba's dictionary segmenter: pure Python, MIT, about
40 MB installed (its dictionary is 5 MB), 0.1 s to import and about 0.6 s to load the
dictionary the first time it cuts (once per process). ICU's dictionary break iterator
(PyICU) is as good for this but needs a compiled extension and the system's ICU. The
segmenter is loaded only when a headline needs more than one line, which most do not.
"""

from __future__ import annotations

import threading
import unicodedata
from functools import lru_cache

_lock = threading.Lock()
_SPACES = frozenset(" \u3000\u00a0\t")


def _is_punct(ch: str) -> bool:
    return unicodedata.category(ch)[0] in "PS"


@lru_cache(maxsize=256)
def break_positions(text: str) -> tuple[frozenset[int], frozenset[int]]:
    """Where a line may break before text[b] (0 < b < len(text)), best first: (at a space or
    U+3000, after punctuation, or between words; between the parts of a compound such as
    全国人民代表大会|常务委员会, for a compound longer than a line)."""
    out: set[int] = set()
    for b in range(1, len(text)):
        before, after = text[b - 1], text[b]
        if before in _SPACES or after in _SPACES:
            out.add(b)
        elif _is_punct(before) and not (before.isascii() and after.isascii()):
            out.add(b)  # after a mark (but not inside "3.5" or "a/b")
    inner: set[int] = set()
    position = 0
    for word in _cut(text):
        if len(word) > 4:
            inner.update(position + k for k in _parts(word))
        position += len(word)
        if 0 < position < len(text):
            out.add(position)
    return frozenset(out), frozenset(inner - out)


def _parts(word: str) -> set[int]:
    """Positions inside a compound word where its dictionary sub-words meet."""
    with _lock:
        import jieba

        starts = set()
        for _, start, _ in jieba.tokenize(word, mode="search"):
            starts.add(start)
    return {k for k in starts if 0 < k < len(word)}


def _cut(text: str) -> list[str]:
    with _lock:  # jieba builds its dictionary on first use; not thread-safe before that
        import jieba

        jieba.setLogLevel(60)  # no "Building prefix dict" chatter on stderr
        return list(jieba.cut(text, HMM=True))
