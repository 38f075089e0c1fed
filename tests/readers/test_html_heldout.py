"""The html reader on the held-out pages (tests/fixtures/heldout): the original HTML of each
hand-labelled dump, scored with the dump's labels. Floors sit below the measured scores."""

from __future__ import annotations

import json

import pytest
from conftest import FIXTURES
from test_parse_dev import score

import docconv

HELD = FIXTURES / "heldout"


@pytest.mark.parametrize(("half", "floor"), [("tune", 0.97), ("unseen", 0.85)])
def test_heldout_pages(half: str, floor: float) -> None:
    pages = sorted((HELD / half).glob("*.html"))
    assert len(pages) == 17
    results = {}
    for page in pages:
        label = json.loads((HELD / half / "labels" / f"{page.stem}.json").read_text("utf-8"))
        results[page.stem] = score(label, docconv.read(page).to_dict())
    fields = [k for k in next(iter(results.values())) if k != "noise_leak"]
    acc = {f: sum(r[f] for r in results.values()) / len(results) for f in fields}
    leak = sum(r["noise_leak"] for r in results.values()) / len(results)
    overall = (sum(acc.values()) + 1 - leak) / (len(fields) + 1)
    assert overall >= floor, acc
    assert acc["title"] >= 0.94 and acc["published"] >= 0.9, acc
    assert leak <= 0.12
