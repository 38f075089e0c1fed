"""Time the html reader per page next to trafilatura and GNE on the same pages.

    python benchmarks/bench_html_reader.py                   # the dev pages, best of 5
    python benchmarks/bench_html_reader.py PAGE.html ... -r 3

Each extractor gets the page's bytes (ours) or its decoded text (theirs, as they take it),
is warmed up once, and is timed per page as the best of R runs, so start-up and imports are
not counted. trafilatura and GNE are not dependencies of docconv: install them yourself
(`pip install trafilatura gne`); a missing one is skipped with a note. Prints milliseconds
per page and the ratio of each other extractor's total time to ours (above 1: ours is faster).
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path

HERE = Path(__file__).resolve().parent
DEV_PAGES = sorted((HERE.parent / "tests" / "fixtures" / "dev").glob("*.html"))


def _ours() -> Callable[[bytes, str], object]:
    from docconv import readers

    reader = readers.get("html")

    def run(data: bytes, text: str) -> object:
        try:
            return reader.read(data, readers.ReadOptions())
        except Exception as exc:  # a page we refuse still took its time
            return exc

    return run


def _trafilatura() -> Callable[[bytes, str], object]:
    import trafilatura

    return lambda data, text: trafilatura.bare_extraction(text, with_metadata=True)


def _gne() -> Callable[[bytes, str], object]:
    from gne import GeneralNewsExtractor

    extractor = GeneralNewsExtractor()
    return lambda data, text: extractor.extract(text)


EXTRACTORS: dict[str, Callable[[], Callable[[bytes, str], object]]] = {
    "docconv": _ours, "trafilatura": _trafilatura, "gne": _gne,
}


def best_of(fn: Callable[[bytes, str], object], data: bytes, text: str, runs: int) -> float:
    fn(data, text)  # warm-up: caches, lazy imports
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        fn(data, text)
        times.append(time.perf_counter() - start)
    return min(times)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("pages", nargs="*", type=Path, help="pages (default: the dev pages)")
    parser.add_argument("-r", "--runs", type=int, default=5, help="runs per page (best of)")
    args = parser.parse_args(argv)
    pages = args.pages or DEV_PAGES
    if not pages:
        print("no pages", file=sys.stderr)
        return 2
    from docconv.decode import decode_page

    inputs = [(p, p.read_bytes()) for p in pages]
    inputs = [(p, data, decode_page(data)) for p, data in inputs]
    load = os.getloadavg()[0] if hasattr(os, "getloadavg") else float("nan")
    print(f"{len(inputs)} pages, best of {args.runs}; load average at start {load:.2f}")

    timings: dict[str, list[float]] = {}
    for name, make in EXTRACTORS.items():
        try:
            fn = make()
        except ImportError as exc:
            print(f"{name}: skipped (not installed: {exc.name or exc})")
            continue
        timings[name] = [best_of(fn, data, text, args.runs) for _, data, text in inputs]

    names = list(timings)
    print(f"\n{'page':<12}" + "".join(f"{n:>14}" for n in names) + "   (ms)")
    for i, (page, _, _) in enumerate(inputs):
        print(f"{page.stem:<12}" + "".join(f"{timings[n][i] * 1000:>14.1f}" for n in names))
    print(f"{'total':<12}" + "".join(f"{sum(timings[n]) * 1000:>14.1f}" for n in names))
    print(f"{'median':<12}"
          + "".join(f"{statistics.median(timings[n]) * 1000:>14.1f}" for n in names))
    if "docconv" in timings:
        ours = sum(timings["docconv"])
        for name in names[1:]:
            ratio = sum(timings[name]) / ours
            verdict = "docconv faster" if ratio > 1 else "docconv slower"
            print(f"{name} / docconv: {ratio:.2f}x ({verdict})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
