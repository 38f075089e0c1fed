"""Convert every article in a folder tree with docconv's Python API.

    python examples/convert_folder.py examples/archive converted --to html,epub

This is the plain loop a script needs: `docconv.read` (the encoding is detected),
`docconv.write` (the format from the suffix; written atomically) and `docconv.DocconvError`.
For big archives use `docconv batch` (or `docconv.batch.run`), which adds worker processes,
skipping of up-to-date outputs, report.json and index.html.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

import docconv


def convert_folder(src: Path, out: Path, formats: list[str]) -> int:
    """Convert SRC/**/*.txt to OUT/<same path>.<format>; returns the number that failed."""
    failed = 0
    for path in sorted(src.rglob("*.txt")):
        rel = path.relative_to(src)
        try:
            article = docconv.read(path)
            for fmt in formats:
                docconv.write(article, out / rel.with_suffix(f".{fmt}"), fmt)
        except docconv.DocconvError as exc:
            print(f"{rel}: {exc}", file=sys.stderr)
            failed += 1
            continue
        date = article.published.date().isoformat() if article.published else "no date"
        print(f"{rel}  {date}  {article.title}")
    return failed


def main() -> None:
    parser = argparse.ArgumentParser(description="Convert a folder of articles.")
    parser.add_argument("src", type=Path)
    parser.add_argument("out", type=Path)
    parser.add_argument("--to", default="html", help="formats, e.g. html,pdf (default html)")
    args = parser.parse_args()
    formats = [f.strip() for f in args.to.split(",") if f.strip()]
    unknown = set(formats) - set(docconv.formats())
    if unknown:
        parser.error(f"unknown format(s): {', '.join(sorted(unknown))}")
    sys.exit(1 if convert_folder(args.src, args.out, formats) else 0)


if __name__ == "__main__":
    main()
