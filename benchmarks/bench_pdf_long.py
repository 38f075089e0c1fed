"""Time the PDF writer on one very long paragraph: the cost per character must stay flat.

    python benchmarks/bench_pdf_long.py [--sizes 10000,100000,...] [-n ROUNDS]

A paragraph of N characters (Chinese with Latin words, numbers and punctuation, as in news
text) in an article of its own; prints wall and CPU seconds (CPU time is the steadier on a
shared machine), CPU µs per character and pages for each N.
The line breaker is linear and a paragraph carried over a page keeps its broken lines, so
the µs per character column should not grow with N.
"""

from __future__ import annotations

import argparse
import io
import re
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
UNIT = ("国家主席习近平出席第三届一带一路国际合作高峰论坛开幕式，并发表题为《建设开放包容、"
        "互联互通的世界》的主旨演讲。DeepMind公司2024年发布了AlphaFold 3模型——“这是一个"
        "突破……”他说。")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="10000,100000,200000,400000,1000000",
                        help="paragraph lengths in characters, comma-separated")
    parser.add_argument("-n", "--rounds", type=int, default=1, help="best of N rounds")
    args = parser.parse_args(argv)

    sys.path.insert(0, str(ROOT))
    import docconv
    from docconv.writers import get

    writer = get("pdf")
    options = writer.Options()
    writer.write(docconv.Article(title="热身", paragraphs=("热身。",)), io.BytesIO(), options)
    print(f"{'characters':>11} {'wall s':>8} {'CPU s':>7} {'CPU µs/char':>12} {'pages':>6}"
          f" {'PDF bytes':>11}")
    for size in (int(s) for s in args.sizes.split(",")):
        text = (UNIT * (size // len(UNIT) + 1))[:size]
        article = docconv.Article(title="长段落", paragraphs=(text,))
        best = cpu = float("inf")
        out = io.BytesIO()
        for _ in range(args.rounds):
            out = io.BytesIO()
            start, start_cpu = time.perf_counter(), time.process_time()
            writer.write(article, out, options)
            best = min(best, time.perf_counter() - start)
            cpu = min(cpu, time.process_time() - start_cpu)
        pages = len(re.findall(rb"/Type /Page\b", out.getvalue()))
        print(f"{size:>11,} {best:>8.2f} {cpu:>7.2f} {cpu / size * 1e6:>12.1f} {pages:>6} "
              f"{len(out.getvalue()):>11,}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
