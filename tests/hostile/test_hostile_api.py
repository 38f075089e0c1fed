"""The Python API with wrong types and unguarded scripts (issue 17, items 13 and 15)."""

from __future__ import annotations

import io
import subprocess
import sys
import textwrap

import pytest
from hostile_tools import seed_text

import docconv


@pytest.fixture(scope="module")
def article() -> docconv.Article:
    return docconv.parse(seed_text())


@pytest.mark.parametrize("call, names", [
    (lambda a: docconv.write(a, io.BytesIO(), format=123), r"write\(\): format .* not int"),
    (lambda a: docconv.write("not an article", "x.html"), r"write\(\): article .* not str"),
    (lambda a: docconv.write(a, 3, "html"), r"write\(\): dest .* not int"),
    (lambda a: docconv.read(None), r"read\(\): source .* not None"),
    (lambda a: docconv.read(3), r"read\(\): source .* not int"),
    (lambda a: docconv.read(io.BytesIO(b"x").getbuffer()), r"read\(\): source .* memoryview"),
    (lambda a: docconv.parse(None), r"parse\(\): text must be str, not None"),
    (lambda a: docconv.parse(b"bytes"), r"parse\(\): text .* bytes \(use docconv.read"),
    (lambda a: docconv.convert(None, "x.html"), r"convert\(\): src .* not None"),
], ids=["write-format", "write-article", "write-dest", "read-None", "read-int",
        "read-memoryview", "parse-None", "parse-bytes", "convert-src"])
def test_wrong_types_name_the_argument(article, call, names):
    with pytest.raises(TypeError, match=names):
        call(article)


UNGUARDED = """
import sys
from docconv.batch import BatchOptions, run

summary = run(BatchOptions(src=sys.argv[1], out=sys.argv[2], formats="html", jobs=2,
                           progress="none"), start_method=sys.argv[3] or None)
print(summary.ok, summary.failed)
"""


@pytest.mark.parametrize("method", ["", "spawn"])
def test_unguarded_script_runs_a_batch(tmp_path, method):
    """Item 15: no `if __name__ == "__main__":`, default start method and spawn."""
    import multiprocessing

    if method and method not in multiprocessing.get_all_start_methods():
        pytest.skip(f"no {method} here")
    src, out = tmp_path / "src", tmp_path / "out"
    src.mkdir()
    for name in ("a.txt", "b.txt", "c.txt"):
        (src / name).write_text(seed_text(), encoding="utf-8")
    script = tmp_path / "convert_all.py"
    script.write_text(textwrap.dedent(UNGUARDED), encoding="utf-8")
    done = subprocess.run([sys.executable, str(script), str(src), str(out), method],
                          capture_output=True, text=True, timeout=300, cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    assert done.stdout.split() == ["3", "0"], done.stderr
    assert sorted(p.name for p in out.glob("*.html")) == ["a.html", "b.html", "c.html",
                                                          "index.html"]
