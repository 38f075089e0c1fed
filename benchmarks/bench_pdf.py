"""Time the PDF writer: the one-time start cost and the per-article cost after warm-up.

    python benchmarks/bench_pdf.py [-n ROUNDS] [ARTICLE.txt ...]

Default articles: the seed and the dev corpus in tests/fixtures. Prints the start-up split
(import, font registration, first document) and per-article median / min / mean in ms.
"""

from __future__ import annotations

import argparse
import io
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = ROOT / "tests" / "fixtures"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("articles", nargs="*", type=Path)
    parser.add_argument("-n", "--rounds", type=int, default=30, help="rounds over the seed")
    args = parser.parse_args(argv)

    sys.path.insert(0, str(ROOT))
    t0 = time.perf_counter()
    import docconv
    from docconv.writers import get

    seed_path = FIXTURES / "seed" / "000_4776d9d17622187f.txt"
    paths = args.articles or [seed_path, *sorted((FIXTURES / "dev").glob("*.txt"))]
    articles = [(p.name, docconv.read(p)) for p in paths]
    t1 = time.perf_counter()
    writer = get("pdf")  # imports reportlab and the writer modules
    t2 = time.perf_counter()
    from docconv.writers.pdf import fontset as pdf_fonts

    pdf_fonts.font_set(None, None, None)  # registers the bundled fonts
    t3 = time.perf_counter()
    options = writer.Options()
    first = io.BytesIO()
    writer.write(articles[0][1], first, options)
    t4 = time.perf_counter()

    print("one-time start cost (this process):")
    print(f"  import docconv + read {len(articles)} articles  {1000 * (t1 - t0):7.1f} ms")
    print(f"  import reportlab + writer modules      {1000 * (t2 - t1):7.1f} ms")
    print(f"  register bundled fonts                 {1000 * (t3 - t2):7.1f} ms")
    print(f"  first document (the seed)              {1000 * (t4 - t3):7.1f} ms")
    print(f"  total                                  {1000 * (t4 - t0):7.1f} ms")

    for _, article in articles:  # warm every article once (fallback look-ups, caches)
        writer.write(article, io.BytesIO(), options)

    def run(article: docconv.Article, rounds: int) -> list[float]:
        times = []
        for _ in range(rounds):
            out = io.BytesIO()
            start = time.perf_counter()
            writer.write(article, out, options)
            times.append(1000 * (time.perf_counter() - start))
        return times

    seed_times = run(articles[0][1], args.rounds)
    size = len(first.getvalue())
    print(f"\nper article after warm-up ({articles[0][0]}: {args.rounds} rounds, {size} bytes)")
    print(f"  median {statistics.median(seed_times):6.1f} ms   min {min(seed_times):6.1f} ms"
          f"   mean {statistics.fmean(seed_times):6.1f} ms")
    if len(articles) > 1:
        all_times = [t for _, a in articles for t in run(a, 3)]
        print(f"all {len(articles)} articles × 3: median {statistics.median(all_times):6.1f} ms"
              f"   min {min(all_times):6.1f} ms   max {max(all_times):6.1f} ms")
    print("target: ≤ 40 ms per article")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
