"""`docconv batch`: a folder tree of articles → a mirrored tree of documents.

    SRC/2021/成都/a.txt  →  OUT/2021/成都/a.docx, a.pdf, a.epub, a.html
                            OUT/report.json   one entry per input (the contract's keys)
                            OUT/index.html    the archive as a page: title, date, source, links
                            OUT/.docconv-state.json   what the next run needs to skip work

The parent process walks SRC, decides per input whether its outputs are up to date (content
hash + a key per format made of the docconv version, the format, --tz and the writer's
options), and streams the rest to worker processes through a small window of futures, so
memory stays flat however large the archive is. Workers import the writers and warm them up
(fonts, templates) once. Every output goes through `docconv.write` (temp file + rename), so an
interrupted run leaves only complete files plus `.docconv-*.part` files, which are removed on
the way out and again at the start of the next run.

Only the standard library is imported here at module level; rich is loaded when a progress
bar is shown, the writers when a batch starts.
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
import multiprocessing
import os
import signal
import sys
import threading
import time
import typing
from collections.abc import Callable, Iterator, Mapping, Sequence
from datetime datetime_placeholder  # noqa  (replaced below)
