"""Benchmark `docconv batch` (and pandoc, side by side, where it is installed).

    python benchmarks/bench_batch.py                  # N = 1000 articles, --jobs 2
    python benchmarks/bench_batch.py -n 300 --pandoc-n 50 --json results.json

Builds a corpus of N articles by copying the files of examples/archive (legacy encodings
included), then times `docconv batch` for all four formats, for each format alone and for
HTML+EPUB, plus an incremental rerun. Prints articles/s, CPU cost per article, peak memory and
the start-up cost of the command. Pandoc converts a subset the way people script it: one
process per file, as many at a time as docconv has workers, from UTF-8 copies (pandoc reads
only UTF-8; the decoding is not counted against it). PDF via xelatex is timed only when
xelatex is installed.

Not a test: it prints numbers and says which targets they meet. See benchmarks/README.md.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = ROOT / "examples" / "archive"
FORMATS = ("docx", "pdf", "epub", "html")
# the targets (2-core machine, --jobs 2)
TARGET_ALL, TARGET_HTML_EPUB = 25.0, 300.0
TARGET_RATIO = {"html": 5.0, "docx": 5.0, "epub": 5.0, "pdf": 20.0}
CJK_FONT = "Noto Serif CJK SC"


def docconv_cmd() -> list[str]:
    """The installed command if there is one (what users run), else the module."""
    exe = shutil.which("docconv")
    return [exe] if exe else [sys.executable, "-m", "docconv.cli"]


def build_corpus(folder: Path, count: int) -> list[Path]:
    sources = sorted(EXAMPLES.rglob("*.txt"))
    if not sources:
        sys.exit(f"no articles under {EXAMPLES}")
    files = []
    for i in range(count):
        target = folder / f"{i // 100:03d}" / f"{i:05d}_{sources[i % len(sources)].name}"
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(sources[i % len(sources)], target)
        files.append(target)
    return files


def timed(cmd: list[str], **kwargs) -> tuple[float, float, int, subprocess.CompletedProcess]:
    """Wall seconds, CPU seconds (user+sys of the whole process tree) and peak RSS in MiB of
    the largest process in it."""
    started = time.perf_counter()
    proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, **kwargs)
    _, status, usage = os.wait4(proc.pid, 0)
    wall = time.perf_counter() - started
    stdout, stderr = proc.stdout.read(), proc.stderr.read()  # small: -q runs
    proc.stdout.close()
    proc.stderr.close()
    code = os.waitstatus_to_exitcode(status)
    done = subprocess.CompletedProcess(cmd, code, stdout, stderr)
    # Linux reports ru_maxrss in KiB, including the children the process waited for.
    return wall, usage.ru_utime + usage.ru_stime, usage.ru_maxrss // 1024, done


def startup(runs: int) -> dict[str, float]:
    cmd = docconv_cmd()
    cases = {
        "python -c pass": [sys.executable, "-c", "pass"],
        "python -c 'import docconv'": [sys.executable, "-c", "import docconv"],
        "docconv --version": [*cmd, "--version"],
        "docconv formats": [*cmd, "formats"],
    }
    out = {}
    for name, argv in cases.items():
        times = []
        for _ in range(runs):
            wall, _, _, done = timed(argv)
            if done.returncode:
                sys.exit(f"{name} failed: {done.stderr.decode()}")
            times.append(wall)
        out[name] = min(times) * 1000
    return out


def run_batch(src: Path, out: Path, to: str, jobs: int, count: int) -> dict:
    wall, cpu, rss, done = timed([*docconv_cmd(), "batch", str(src), str(out), "--to", to,
                                  "--jobs", str(jobs), "-q"])
    if done.returncode != 0:
        sys.exit(f"docconv batch --to {to} failed ({done.returncode}):\n"
                 f"{done.stderr.decode()[-2000:]}")
    summary = json.loads((out / "report.json").read_text(encoding="utf-8"))["summary"]
    return {"formats": to, "wall_s": wall, "articles_per_s": count / wall,
            "cpu_ms_per_article": cpu * 1000 / count, "peak_rss_mib": rss,
            "ok": summary["ok"], "skipped": summary["skipped"]}


def utf8_copies(files: list[Path], folder: Path) -> list[Path]:
    """Pandoc reads UTF-8 only; decode each file the way docconv does, outside the timing."""
    from docconv.decode import decode

    folder.mkdir(parents=True, exist_ok=True)
    copies = []
    for i, path in enumerate(files):
        target = folder / f"{i:05d}.txt"
        target.write_text(decode(path.read_bytes()), encoding="utf-8")
        copies.append(target)
    return copies


def pandoc_args(fmt: str, src: Path, dest: Path) -> list[str]:
    title = ["--metadata", f"title={src.stem}"]
    if fmt == "html":
        return ["pandoc", "-f", "markdown", "-t", "html5", "-s", *title, "-o", str(dest), str(src)]
    if fmt == "pdf":
        return ["pandoc", "-f", "markdown", "--pdf-engine=xelatex", "-V",
                f"CJKmainfont={CJK_FONT}", *title, "-o", str(dest), str(src)]
    return ["pandoc", "-f", "markdown", *title, "-o", str(dest), str(src)]


def run_pandoc(files: list[Path], out: Path, fmt: str, jobs: int) -> dict | None:
    """Pandoc's numbers for `files`; None when there are none to time."""
    if not files:
        return None
    out.mkdir(parents=True, exist_ok=True)

    def one(path: Path) -> float:
        wall, cpu, _, done = timed(pandoc_args(fmt, path, out / f"{path.stem}.{fmt}"))
        if done.returncode:
            raise RuntimeError(f"pandoc {fmt} failed on {path}: {done.stderr.decode()[-500:]}")
        return cpu

    started = time.perf_counter()
    with ThreadPoolExecutor(jobs) as pool:  # `xargs -P JOBS`: one process per file
        cpus = list(pool.map(one, files))
    wall = time.perf_counter() - started
    return {"format": fmt, "files": len(files), "wall_s": wall,
            "articles_per_s": len(files) / wall,
            "cpu_ms_per_article": statistics.fmean(cpus) * 1000}


def _count(low: int):
    """An argparse type: an integer >= low."""
    def parse(text: str) -> int:
        value = int(text)
        if value < low:
            raise argparse.ArgumentTypeError(f"must be at least {low}, not {value}")
        return value
    parse.__name__ = "integer"
    return parse


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("-n", "--articles", type=_count(1), default=1000)
    parser.add_argument("-j", "--jobs", type=_count(1), default=2)
    parser.add_argument("--pandoc-n", type=_count(0), default=100,
                        help="files pandoc converts per format (its rate is per file; "
                             "0 skips pandoc)")
    parser.add_argument("--startup-runs", type=_count(1), default=10)
    parser.add_argument("--json", metavar="FILE", help="also write the numbers here")
    parser.add_argument("--keep", metavar="DIR", help="work in DIR and keep it")
    args = parser.parse_args(argv)

    work = Path(args.keep or tempfile.mkdtemp(prefix="docconv-bench-"))
    work.mkdir(parents=True, exist_ok=True)
    results: dict = {"articles": args.articles, "jobs": args.jobs, "cpus": os.cpu_count()}
    try:
        files = build_corpus(work / "corpus", args.articles)
        print(f"corpus: {len(files)} articles copied from {EXAMPLES.relative_to(ROOT)} "
              f"({sum(p.stat().st_size for p in files) / 1e6:.1f} MB); --jobs {args.jobs}; "
              f"{os.cpu_count()} CPUs; load average {os.getloadavg()[0]:.1f}")

        print(f"\nstart-up (best of {args.startup_runs}, ms)")
        results["startup_ms"] = startup(args.startup_runs)
        for name, ms in results["startup_ms"].items():
            print(f"  {name:<28} {ms:7.1f}")

        print("\ndocconv batch")
        print(f"  {'formats':<10} {'wall s':>7} {'articles/s':>10} {'CPU ms/article':>15} "
              f"{'peak RSS MiB':>13}")
        runs = {}
        for to in ("all", *FORMATS, "html,epub"):
            out = work / f"out-{to.replace(',', '+')}"
            shutil.rmtree(out, ignore_errors=True)
            runs[to] = run_batch(work / "corpus", out, to, args.jobs, len(files))
        runs["all (rerun)"] = run_batch(work / "corpus", work / "out-all", "all", args.jobs,
                                        len(files))
        for to, r in runs.items():
            print(f"  {to:<10} {r['wall_s']:7.2f} {r['articles_per_s']:10.1f} "
                  f"{r['cpu_ms_per_article']:15.2f} {r['peak_rss_mib']:13d}")
        results["docconv"] = runs

        pandoc: dict = {}
        if args.pandoc_n == 0:
            print("\npandoc: skipped (--pandoc-n 0)")
        elif shutil.which("pandoc"):
            version = subprocess.run(["pandoc", "--version"], capture_output=True, text=True)
            sample = utf8_copies(files[: args.pandoc_n], work / "pandoc-in")
            print(f"\npandoc ({version.stdout.splitlines()[0]}; {len(sample)} files per format, "
                  f"one process per file, {args.jobs} at a time)")
            wanted = ["html", "docx", "epub"]
            if shutil.which("xelatex"):
                wanted.append("pdf")
            else:
                print("  pdf: skipped, xelatex is not installed "
                      "(apt-get install texlive-xetex texlive-lang-chinese to time it)")
            for fmt in wanted:
                r = run_pandoc(sample, work / f"pandoc-{fmt}", fmt, args.jobs)
                if r is None:
                    continue
                pandoc[fmt] = r
                print(f"  {fmt:<10} {r['wall_s']:7.2f} {r['articles_per_s']:10.1f} "
                      f"{r['cpu_ms_per_article']:15.2f}")
            results["pandoc"] = pandoc
        else:
            print("\npandoc: not installed, comparison skipped")

        print("\ntargets")
        checks = [
            (f"all four formats >= {TARGET_ALL:g} articles/s", runs["all"]["articles_per_s"],
             TARGET_ALL),
            (f"html+epub >= {TARGET_HTML_EPUB:g} articles/s",
             runs["html,epub"]["articles_per_s"], TARGET_HTML_EPUB),
        ]
        for fmt, r in pandoc.items():
            ratio = runs[fmt]["articles_per_s"] / r["articles_per_s"]
            results.setdefault("ratio_docconv_over_pandoc", {})[fmt] = ratio
            checks.append((f"{fmt}: docconv/pandoc >= {TARGET_RATIO[fmt]:g}x", ratio,
                           TARGET_RATIO[fmt]))
        for label, value, target in checks:
            print(f"  {'ok  ' if value >= target else 'MISS'} {label:<36} measured {value:8.1f}")
        if args.json:
            Path(args.json).write_text(json.dumps(results, indent=1), encoding="utf-8")
    finally:
        if not args.keep:
            shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
