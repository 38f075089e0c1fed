"""`docconv batch`: a folder tree of articles → a mirrored tree of documents.

    SRC/2021/成都/a.txt  →  OUT/2021/成都/a.docx, a.pdf, a.epub, a.html
                            OUT/report.json            one entry per input (report.py)
                            OUT/index.html             the archive as a page (index.py)
                            OUT/.docconv-state.sqlite  what the next run needs to skip work

The parent walks SRC (walk.py) and decides per input whether its outputs are up to date
(state.py: content hash, plus a key per format made of the docconv version, the format,
--tz and the writer's options). The rest is streamed to worker processes through a small
window of futures (runner.py, worker.py). Every output goes through `docconv.write` (temp
file + rename), so an interrupted run leaves only complete files plus `.docconv-*.part`
files, which are removed on the way out and again at the start of the next run.

Only the standard library and docconv's light modules are imported here (the font stacks, not the
writers: tests/test_imports.py checks that batch uses only the API and the registries); rich is
loaded when a progress bar is shown, the writers when a batch starts.
"""

from __future__ import annotations

import sys
from typing import TextIO

from .index import INDEX_NAME, IndexItem, render_index
from .job import Batch, default_jobs
from .options import DEFAULT_INCLUDE, BatchError, BatchOptions
from .report import REPORT_NAME, Entry, Summary
from .state import STATE_NAME
from .walk import sweep_parts, walk

__all__ = [
    "BatchError", "BatchOptions", "DEFAULT_INCLUDE", "Entry", "INDEX_NAME",
    "IndexItem", "REPORT_NAME", "STATE_NAME", "Summary", "default_jobs",
    "render_index", "run", "sweep_parts", "walk",
]


def run(options: BatchOptions, stderr: TextIO | None = None, *,
        start_method: str | None = None) -> Summary:
    """Convert the tree `options.src` into `options.out`. Raises BatchError when it cannot
    start (exit code 2); otherwise returns the summary, whose `exit_code` follows the
    contract (0, 1, or 130/143 after SIGINT/SIGTERM).

    With more than one job the workers are started with `start_method` (a multiprocessing
    start method); by default forkserver where there is one, else spawn. The workers never
    import the caller's main module, so a short script may call this without
    `if __name__ == "__main__":`."""
    return Batch(options, stderr or sys.stderr, start_method).run()
