"""The HTML's typography CSS, checked in Chromium: copies of our page with a measuring script
are laid out headless (phone and desktop widths); the script reports glyph boxes. Each
glyph's advance with our CSS is compared with the same page with text-spacing-trim and
text-autospace turned off, which gives punctuation compression and Han–Latin spacing; the
page as written gives the headline's line breaks, judged by jieba. A screenshot of each
width is taken too, and must show the page (not a blank)."""

from __future__ import annotations

import json
import re
import shutil
import subprocess
from pathlib import Path

import pytest
from conftest import IN_CI, SEED_TXT, require_tool

import docconv

jieba = pytest.importorskip("jieba")

FULL_WIDTH = frozenset("，。、；：？！）」』》〉】〕”’（「『《〈【〔“‘")
# Each character of the headline and of the first paragraphs with its box (CSS px).
PROBE = """
<script>
window.addEventListener("load", () => {
  const boxes = (el) => {
    const out = [];
    const walker = document.createTreeWalker(el, NodeFilter.SHOW_TEXT);
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
      for (let i = 0; i < node.data.length; i++) {
        const r = document.createRange();
        r.setStart(node, i); r.setEnd(node, i + 1);
        const b = r.getBoundingClientRect();
        out.push([node.data[i], b.left, b.right, b.top, b.height]);
      }
    }
    return out;
  };
  const res = {
    h1: boxes(document.querySelector("h1")),
    size: parseFloat(getComputedStyle(document.querySelector("article > p")).fontSize),
    body: [...document.querySelectorAll("article > p, .highlights li")].map(boxes),
  };
  const pre = document.createElement("pre");
  pre.id = "probe";
  pre.textContent = JSON.stringify(res);
  document.body.appendChild(pre);
});
</script>
"""


def chromium() -> str | None:
    return shutil.which("chromium") or shutil.which("chromium-browser")


def run_chromium(page: Path, width: int, *args: str) -> subprocess.CompletedProcess:
    exe = chromium()
    require_tool("chromium", exe)
    return subprocess.run(
        [exe, "--headless", "--no-sandbox", "--disable-gpu", "--hide-scrollbars",
         f"--window-size={width},1400", "--virtual-time-budget=3000", *args,
         page.as_uri()],
        capture_output=True, text=True, timeout=120,
    )


def probe(page: Path, width: int) -> dict:
    done = run_chromium(page, width, "--dump-dom")
    found = re.search(r'<pre id="probe">(.*?)</pre>', done.stdout, re.S)
    assert found, done.stderr[-2000:]
    text = found.group(1).replace("&lt;", "<").replace("&gt;", ">").replace("&amp;", "&")
    return json.loads(text)


def lines(chars: list[list]) -> list[str]:
    out: list[list] = []
    for ch, _left, _right, top, _h in chars:
        if out and abs(out[-1][0] - top) < 2:
            out[-1][1] += ch
        else:
            out.append([top, ch])
    return [text for _, text in out]


ARTICLE = docconv.Article(
    title="DeepMind新电脑已可利用记忆自学人工智能迈上新台阶",
    paragraphs=(
        "谷歌公司DeepMind开发了一款名为AlphaGo的程序，它说：“我们在2016年取得了突破。”"
        "“这是第一步。”（记者 张三）",
        "详情见https://example.com/news/2016/10/14/deepmind-memory.html?from=rss&lang=zh。",
    ),
)


# Both measured copies set the body ragged (so justification adds nothing to the advances);
# the reference copy also turns the two spacing properties off. The difference of each
# glyph's advance between the two is what our CSS did.
LEFT = "<style>article p, article li { text-align: left !important; }</style>"
OFF = ("<style>article, article * { text-spacing-trim: space-all !important;"
       " text-autospace: no-autospace !important; }</style>")


@pytest.mark.skipif(not IN_CI and chromium() is None, reason="chromium is not installed")
@pytest.mark.parametrize("width", [360, 1000])
def test_chromium_sets_the_html_to_clreq(tmp_path: Path, width: int) -> None:
    measured = {"pairs": 0, "compressed": 0, "han_latin": 0, "spaced": 0}
    for name, article in (("made", ARTICLE), ("seed", docconv.read(SEED_TXT))):
        path = tmp_path / f"{name}.html"
        docconv.write(article, path)
        html = path.read_text(encoding="utf-8")
        results = []
        for variant, extra in (("on", LEFT), ("off", LEFT + OFF)):
            page = tmp_path / f"{name}-{variant}.html"
            page.write_text(html.replace("</head>", extra + "</head>")
                            .replace("</body>", PROBE + "</body>"), encoding="utf-8")
            results.append(probe(page, width))
        on, off = results
        size = on["size"]
        for para, ref in zip(on["body"], off["body"], strict=True):
            adv = [(c[0], c[2] - c[1], r[2] - r[1]) for c, r in zip(para, ref, strict=True)
                   if c[0].strip()]
            for (a, a_on, a_off), (b, b_on, b_off) in zip(adv, adv[1:], strict=False):
                if a in FULL_WIDTH and b in FULL_WIDTH:
                    measured["pairs"] += 1
                    measured["compressed"] += (a_off - a_on) + (b_off - b_on) >= 0.4 * size
                han_latin = (re.match(r"[\u4e00-\u9fff]", a) and re.match(r"[A-Za-z0-9]", b)
                             ) or (re.match(r"[A-Za-z0-9]", a) and re.match(r"[\u4e00-\u9fff]", b))
                if han_latin:
                    measured["han_latin"] += 1
                    measured["spaced"] += (a_on - a_off) + (b_on - b_off) >= 0.1 * size
        # The headline (as the page sets it, justified and all) breaks only where jieba puts
        # a word boundary (or at a space).
        heads = lines(probe(_with_probe(tmp_path, name, html), width)["h1"])
        title = re.sub(r"\s+", "", article.title)
        bounds, at = {0}, 0
        for word in jieba.lcut(article.title):
            at += len(word.strip())
            bounds.add(at)
        at = 0
        for line in heads[:-1]:
            at += len(re.sub(r"\s+", "", line))
            assert at in bounds, f"{width}px: headline broken mid-word: {title[:at]} / {title[at:]}"
        shot = tmp_path / f"{name}-{width}.png"
        run_chromium(path, width, f"--screenshot={shot}")
        data = shot.read_bytes()
        assert data[:8] == b"\x89PNG\r\n\x1a\n" and len(data) > 20_000  # a page, not a blank
    print(width, measured)
    assert measured["pairs"] >= 4 and measured["han_latin"] >= 4
    assert measured["compressed"] >= 0.9 * measured["pairs"], measured
    assert measured["spaced"] >= 0.9 * measured["han_latin"], measured


def _with_probe(folder: Path, name: str, html: str) -> Path:
    page = folder / f"{name}-as-is.html"
    page.write_text(html.replace("</body>", PROBE + "</body>"), encoding="utf-8")
    return page
