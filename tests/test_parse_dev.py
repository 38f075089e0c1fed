"""Parser accuracy on real pages with human labels (tests/fixtures/dev, tests/fixtures/extra and
the tuning half of tests/fixtures/heldout; its unseen half is scored by hand, see its README).

The labels follow the corpus conventions (see the fixtures' README in the shared corpus):
strings compare after whitespace normalisation, `published` only in the parts the label
gives (wall clock, any offset ignored), authors as sets, highlights as ordered lists
without bullets, first/last paragraph exactly, paragraph_count within ±1, and a label's
`alternatives` are accepted too. A noise leak is an article where a labelled furniture line
comes back as (or, from 10 characters, inside) a paragraph.
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import pytest
from conftest import FIXTURES

import docconv

SETS = ("dev", "extra", "heldout/tune")
FIELDS = (
    "title", "site", "published", "authors", "source", "editor", "highlights",
    "first_paragraph", "last_paragraph", "paragraph_count",
)
MIN_FIELD = 0.90
MIN_OVERALL = 0.97
MAX_NOISE_LEAK = 0.05

_ZW = dict.fromkeys(map(ord, "\u200b\u200c\u200d\u2060\ufeff"), None)
_BULLET = re.compile(r"^(?:[■□●○◆◇▲△▼▽►▶•·・\-\*]+\s*)+")
_HL_LABEL = re.compile(
    r"^[【\[]?\s*(?:摘要|内容摘要|內容摘要|导语|導語|导读|導讀|核心提示|提要|内容提要|內容提要|要点|要點)"
    r"\s*[】\]]?\s*[:：]?\s*"
)
_DT = re.compile(
    r"^\s*(?:(\d{4})|-)-(\d{1,2})-(\d{1,2})(?:[T ]+(\d{1,2}):(\d{2})(?::(\d{2})(?:[.,]\d+)?)?)?"
    r"\s*(?:Z|[+-]\d{2}:?\d{2})?\s*$"
)


def norm(s: Any) -> str:
    return " ".join(str(s or "").translate(_ZW).split())


def norm_highlight(s: str) -> str:
    return norm(_HL_LABEL.sub("", _BULLET.sub("", norm(s))))


def _dt(s: Any) -> tuple[int | None, ...] | None:
    if not isinstance(s, str) or not s.strip():
        return None
    m = _DT.match(s)
    assert m, f"unparsable time {s!r}"
    return tuple(int(g) if g is not None else None for g in m.groups())


def published_ok(label: Any, got: Any) -> bool:
    want, have = _dt(label), _dt(got)
    if want is None or have is None:
        return want is None and have is None
    if want[0] is not None and want[0] != have[0]:  # year-less labels compare month/day
        return False
    # Compare only the precision the label gives: date, HH:MM, HH:MM:SS.
    return all(w is None or w == h for w, h in zip(want[1:], have[1:], strict=True))


def score(label: dict, out: dict) -> dict[str, bool]:
    alt = label.get("alternatives") or {}

    def accepted(key: str) -> list[Any]:
        return [label.get(key), *alt.get(key, [])]

    def one_of(key: str, got: Any) -> bool:
        return norm(got) in {norm(a) for a in accepted(key)}

    res = {k: one_of(k, out.get(k)) for k in ("title", "site", "source", "editor")}
    res["published"] = any(published_ok(p, out.get("published")) for p in accepted("published"))
    authors = {norm(a) for a in out.get("authors") or [] if norm(a)}
    res["authors"] = any({norm(a) for a in c if norm(a)} == authors for c in accepted("authors"))
    highlights = [norm_highlight(h) for h in out.get("highlights") or [] if norm_highlight(h)]
    res["highlights"] = any(
        [norm_highlight(h) for h in c if norm_highlight(h)] == highlights
        for c in accepted("highlights")
    )
    paras = [norm(p) for p in out.get("paragraphs") or [] if norm(p)]
    res["first_paragraph"] = bool(paras) and one_of("first_paragraph", paras[0])
    res["last_paragraph"] = bool(paras) and one_of("last_paragraph", paras[-1])
    res["paragraph_count"] = abs(len(paras) - int(label["paragraph_count"])) <= 1
    noise = [norm(n) for n in label.get("noise_lines", []) if norm(n)]
    res["noise_leak"] = any(
        n in paras or (len(n) >= 10 and any(n in p for p in paras)) for n in noise
    )
    return res


def _cases() -> list[tuple[str, Path, dict]]:
    cases = []
    for name in SETS:
        for label_path in sorted((FIXTURES / name / "labels").glob("*.json")):
            article = FIXTURES / name / f"{label_path.stem}.txt"
            label = json.loads(label_path.read_text("utf-8"))
            cases.append((f"{name}/{label_path.stem}", article, label))
    return cases


CASES = _cases()


@pytest.fixture(scope="module")
def results() -> dict[str, dict[str, bool]]:
    return {cid: score(label, docconv.read(path).to_dict()) for cid, path, label in CASES}


def test_every_labelled_article_has_its_text() -> None:
    assert len(CASES) >= 30
    for _, path, _ in CASES:
        assert path.exists(), path


@pytest.mark.parametrize("field", FIELDS)
def test_field_accuracy(results: dict[str, dict[str, bool]], field: str) -> None:
    misses = sorted(cid for cid, r in results.items() if not r[field])
    accuracy = 1 - len(misses) / len(results)
    assert accuracy >= MIN_FIELD, f"{field}: {accuracy:.0%}, wrong on {misses}"


def test_noise_leak(results: dict[str, dict[str, bool]]) -> None:
    leaked = sorted(cid for cid, r in results.items() if r["noise_leak"])
    assert len(leaked) / len(results) <= MAX_NOISE_LEAK, f"furniture in the body of {leaked}"


def test_overall(results: dict[str, dict[str, bool]]) -> None:
    parts = [sum(r[f] for r in results.values()) / len(results) for f in FIELDS]
    parts.append(1 - sum(r["noise_leak"] for r in results.values()) / len(results))
    overall = sum(parts) / len(parts)
    assert overall >= MIN_OVERALL, f"overall {overall:.1%}"


@pytest.mark.parametrize("cid,path,label", CASES, ids=[c[0] for c in CASES])
def test_article_basics(cid: str, path: Path, label: dict) -> None:
    """Whatever else a page gets wrong, it yields a headline, a body, and the script."""
    article = docconv.read(path)
    assert article.title
    assert article.paragraphs
    assert all(p == p.strip() and p for p in article.paragraphs)
    han = "".join(article.paragraphs)
    traditional = any(ch in han for ch in "這們說與國時會對後發")
    simplified = any(ch in han for ch in "这们说与国时会对后发")
    if traditional and not simplified:
        assert article.language == "zh-Hant", cid
