"""Chinese typography in the PDF, measured from glyph positions (pdfplumber) on real articles:
compressed punctuation pairs, a quarter em between Han and Latin, headlines broken only
between words (judged by jieba), line-start/line-end rules, unbroken —— and ……, and all text
extractable in order (pdftotext) — at A4, A5 and a narrow column, and over random text."""

from __future__ import annotations

import re
import subprocess
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from conftest import DEV_TXT, FIXTURES, SEED_TXT, pdftotext
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import docconv
from docconv.writers.cjk import NO_END, NO_START

pdfplumber = pytest.importorskip("pdfplumber")
jieba = pytest.importorskip("jieba")

EXTRA_TXT = sorted((FIXTURES / "extra").glob("*.txt"))
ARTICLES = [SEED_TXT, *DEV_TXT, *EXTRA_TXT]
# A4, A5, and a column of about 46 mm (a newspaper's narrow column).
WIDTHS = {
    "a4": {"page_size": "A4"},
    "a5": {"page_size": "A5"},
    "narrow": {"page_size": "70x160mm", "margin": 12},
}
FULL_WIDTH = frozenset("，。、；：？！）」』》〉】〕〗〙〛｝］”’（「『《〈【〔〖〘〚｛［“‘")
FOLIO = re.compile(r"第\s*\d+\s*[页頁]\s*/\s*共\s*\d+\s*[页頁]")


def is_han(ch: str) -> bool:
    return unicodedata.name(ch, "").startswith(("CJK UNIFIED", "CJK COMPATIBILITY IDEOGRAPH"))


def is_latin(ch: str) -> bool:
    return ch.isascii() and ch.isalnum()


@dataclass
class Measures:
    pairs: int = 0
    compressed: int = 0
    han_latin: int = 0
    spaced: int = 0
    kinsoku: list[str] = field(default_factory=list)
    split_runs: list[str] = field(default_factory=list)
    headline_lines: list[str] = field(default_factory=list)

    def add(self, other: Measures) -> None:
        self.pairs += other.pairs
        self.compressed += other.compressed
        self.han_latin += other.han_latin
        self.spaced += other.spaced
        self.kinsoku += other.kinsoku
        self.split_runs += other.split_runs


def lines_of(pdf_path: Path) -> list[list[list[dict]]]:
    """Per page, the text lines as lists of pdfplumber chars in drawing order (a new line
    starts when the baseline changes)."""
    pages = []
    with pdfplumber.open(pdf_path) as pdf:
        for page in pdf.pages:
            lines: list[list[dict]] = []
            for ch in page.chars:
                if lines and abs(lines[-1][-1]["bottom"] - ch["bottom"]) < 0.5 \
                        and ch["x0"] > lines[-1][-1]["x0"]:
                    lines[-1].append(ch)
                else:
                    lines.append([ch])
            pages.append(lines)
    return pages


def advance(pdf_font: str, char: str, size: float) -> float:
    """A glyph's own advance in the font the PDF names (its subset tag dropped), from the
    font file itself."""
    from reportlab.pdfbase import pdfmetrics

    base = pdf_font.split("+", 1)[-1].encode()
    for font in list(pdfmetrics._fonts.values()):
        face = getattr(font, "face", None)
        if face is not None and getattr(face, "name", None) == base:
            return face.charWidths.get(ord(char), face.defaultWidth) * size / 1000
    raise AssertionError(f"font {pdf_font} is not one docconv registered")


def measure(pdf_path: Path, starts: tuple[str, ...] = (), ends: tuple[str, ...] = ()
            ) -> Measures:
    """`starts`, `ends`: the paragraphs' first and last characters (a paragraph may begin
    with —— or, in random text, end with an opening mark)."""
    m = Measures()
    pages = lines_of(pdf_path)
    for number, lines in enumerate(pages):
        if number == 0:
            top = max(ch["size"] for line in lines for ch in line)
            m.headline_lines = ["".join(c["text"] for c in line) for line in lines
                                if all(abs(c["size"] - top) < 0.01 for c in line)]
        for line in lines:
            text = "".join(c["text"] for c in line).strip()
            if not text or FOLIO.fullmatch(text):
                continue
            opening = any(flat(text).startswith(p) for p in starts)
            closing = any(flat(text).endswith(e) for e in ends)
            if (text[0] in NO_START and not opening) or (text[-1] in NO_END and not closing):
                m.kinsoku.append(text)
            ink = [c for c in line if c["text"] != " "]
            for a, b in zip(ink, ink[1:], strict=False):
                size = a["size"]
                step = b["x0"] - a["x0"]
                if a["text"] in FULL_WIDTH and b["text"] in FULL_WIDTH:
                    m.pairs += 1
                    if step < 0.8 * size:
                        m.compressed += 1
                if (is_han(a["text"]) and is_latin(b["text"])) or \
                        (is_latin(a["text"]) and is_han(b["text"])):
                    m.han_latin += 1
                    own = advance(a["fontname"], a["text"], size)
                    if step - own >= 0.18 * size:
                        m.spaced += 1
    return m


def ends_of_runs(pages: list[list[list[dict]]]) -> list[str]:
    """Lines that end inside a —— or …… run (the run continues on the next line)."""
    bad = []
    flat_lines = [("".join(c["text"] for c in line)).strip() for lines in pages
                  for line in lines]
    for this, nxt in zip(flat_lines, flat_lines[1:], strict=False):
        for mark in "—…":
            if this.endswith(mark) and nxt.startswith(mark):
                bad.append(this + " / " + nxt)
    return bad


def headline_breaks_ok(title: str, lines: list[str]) -> list[str]:
    """Break positions inside the headline that jieba's segmentation calls mid-word. A word
    longer than the line it starts on (全国人民代表大会常务委员会 on an A5 page) may break
    where its own sub-words meet (jieba's search mode)."""
    if len(lines) < 2:
        return []
    squeezed = re.sub(r"\s+", "", title)
    words = []  # (start, word), positions in the headline without its spaces
    at = 0
    for word in jieba.lcut(title):  # segmented as written: a space is a boundary too
        word = re.sub(r"\s+", "", word)
        if word:
            words.append((at, word))
            at += len(word)
    bounds = {start for start, _ in words} | {len(squeezed)}
    bad = []
    at = 0
    widest = max(len(re.sub(r"\s+", "", line)) for line in lines)
    for line in lines[:-1]:
        at += len(re.sub(r"\s+", "", line))
        if at in bounds:
            continue
        start, word = max((w for w in words if w[0] < at), key=lambda w: w[0])
        parts = {start + s for _, s, _ in jieba.tokenize(word, mode="search")}
        if not (len(word) > widest and at in parts):
            bad.append(f"{squeezed[:at]} / {squeezed[at:]}")
    return bad


def flat(text: str) -> str:
    return re.sub(r"\s+", "", text)


def starts(article: docconv.Article) -> tuple[str, ...]:
    return tuple(flat(p)[:6] for p in (*article.paragraphs, *article.highlights) if flat(p))


@pytest.fixture(scope="module")
def rendered(tmp_path_factory: pytest.TempPathFactory) -> dict[tuple[str, str], Path]:
    out = tmp_path_factory.mktemp("typography")
    paths = {}
    for source in ARTICLES:
        article = docconv.read(source)
        for width, options in WIDTHS.items():
            path = out / f"{source.stem}-{width}.pdf"
            docconv.write(article, path, options=options)
            paths[(source.stem, width)] = path
    return paths


@pytest.mark.parametrize("width", list(WIDTHS))
def test_real_articles_are_set_to_clreq(rendered: dict, width: str) -> None:
    total = Measures()
    broken_headlines = []
    for source in ARTICLES:
        path = rendered[(source.stem, width)]
        article = docconv.read(source)
        m = measure(path, starts(article))
        total.add(m)
        broken_headlines += headline_breaks_ok(article.title, m.headline_lines)
        total.split_runs += ends_of_runs(lines_of(path))
    print(f"{width}: {total.compressed}/{total.pairs} punctuation pairs compressed, "
          f"{total.spaced}/{total.han_latin} Han–Latin adjacencies spaced")
    assert total.pairs > 20 and total.han_latin > 50  # the corpus has plenty of both
    assert total.compressed >= 0.9 * total.pairs
    assert total.spaced >= 0.9 * total.han_latin
    assert total.kinsoku == []
    assert total.split_runs == []
    assert broken_headlines == []


def body_text(text: str, article: docconv.Article) -> str:
    """pdftotext output without the page furniture: folios, and on later pages the running
    head (site, title possibly cut with …) that can land inside a paragraph carried over."""
    site = flat(article.site or article.source or "")
    title = flat(article.title)
    kept = []
    for number, page in enumerate(text.split("\f"), 1):
        for line in page.splitlines():
            bare = flat(line)
            if FOLIO.fullmatch(line.strip()):
                continue
            if number > 1 and bare and (
                bare == site or bare == title
                or (bare.endswith("…") and (title.startswith(bare[:-1])
                                             or site.startswith(bare[:-1])))
            ):
                continue
            kept.append(bare)
    return "".join(kept)


@pytest.mark.parametrize("source", ARTICLES, ids=lambda p: p.stem)
def test_real_articles_extract_in_order(rendered: dict, source: Path) -> None:
    article = docconv.read(source)
    for width in WIDTHS:
        # pdftotext joins a line ending in "-" to the next without the hyphen (it takes it
        # for hyphenation), so hyphens are left out of the comparison.
        text = body_text(pdftotext(rendered[(source.stem, width)]), article).replace("-", "")
        at = 0
        for piece in (*article.highlights, *article.paragraphs):
            want = flat(piece).replace("-", "")
            found = text.find(want, at)
            assert found >= 0, f"{width}: lost or out of order: {piece[:40]}"
            at = found + len(want)


def test_headline_breaks_between_words(tmp_path: Path) -> None:
    # Headlines that used to be cut mid-word (记/忆, 自/縊) and a long one with no spaces.
    titles = [
        "DeepMind新电脑已可利用记忆自学人工智能迈上新台阶",
        "10年前父親掐死兒後自縊凶宅下月拍開價425萬",
        "国家主席习近平出席第三届一带一路国际合作高峰论坛开幕式并发表主旨演讲",
    ]
    for k, title in enumerate(titles):
        for width, options in WIDTHS.items():
            path = tmp_path / f"h{k}-{width}.pdf"
            docconv.write(docconv.Article(title=title, paragraphs=("正文。",)), path,
                          options=options)
            lines = measure(path).headline_lines
            assert len(lines) >= 2, (width, lines)
            assert flat("".join(lines)) == flat(title)
            assert headline_breaks_ok(title, lines) == [], (width, lines)


def test_long_paragraph_splits_over_pages_without_loss(tmp_path: Path) -> None:
    # The rest of a paragraph carried to the next page keeps its lines (no re-break).
    unit = ("国家主席习近平出席开幕式，并发表题为《建设开放包容的世界》的主旨演讲。"
            "DeepMind公司发布了AlphaFold 3模型——“这是一个突破……”")
    text = unit * 300
    path = tmp_path / "long.pdf"
    docconv.write(docconv.Article(title="长段落", paragraphs=(text,)), path)
    got = flat(FOLIO.sub("", pdftotext(path))).replace("长段落", "")
    assert got == flat(text).replace("-", "") or got == flat(text)
    m = measure(path)
    assert m.kinsoku == [] and m.compressed >= 0.9 * m.pairs
    assert m.spaced >= 0.9 * m.han_latin


# Random text: Han, Latin words and numbers, full-width marks (alone and in pairs), dashes,
# ellipses and spaces, in any order.
PIECES = st.one_of(
    st.text(alphabet="的一是在不了有和人这中大为上个国我以要他时来用们生到作地于出就分对成会可主发年动同工也能下过子说产种面而方后多定行学法所民得经十三之进着等部度家电力里如水化高自二理起小物现实加量都两体制机当使点从业本去把性好应开它合还因由其些然前外天政四日那社义事平形相全表间样与关各重新线内数正心反你明看原又么利比或但质气第向道命此变条只没结解问意建月公无系军很情者最立代想已通并提直题党程展五果料象员革位入常文总次品式活设及管特件长求老头基资边流路级少图山统接知较将组见计别她手角期根论运农指几九区强放决西被干做必战先回则任取据处理府研质",
                min_size=1, max_size=12),
    st.sampled_from(["DeepMind", "AI", "GPT-4", "2024", "3.5", "iPhone 15", "Python",
                     "https://example.com/a/b?x=1&y=2"]),
    st.sampled_from(sorted(FULL_WIDTH) + ["。”", "”“", "）。", "：“", "，“", "」，", "——",
                                          "……", " ", "，", "。"]),
)
RANDOM_TEXT = st.lists(PIECES, min_size=5, max_size=60).map("".join)


@settings(max_examples=30, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
@given(text=RANDOM_TEXT, width=st.sampled_from(list(WIDTHS)))
def test_random_text_keeps_rules_and_every_character(tmp_path: Path, text: str,
                                                     width: str) -> None:
    path = tmp_path / "random.pdf"
    article = docconv.Article(title="测试", paragraphs=(text,))
    docconv.write(article, path, options=WIDTHS[width])
    # In content order (-raw): pdftotext's layout analysis splits a line letter-spaced far
    # apart (a few characters justified across the column) into columns of its own.
    raw = subprocess.run(["pdftotext", "-raw", "-enc", "UTF-8", str(path), "-"],
                         capture_output=True, text=True, check=True).stdout
    got = flat(FOLIO.sub("", raw)).replace("-", "")  # see above on hyphens
    assert got.replace("测试", "", 1) == flat(text).replace("-", "")
    pages = lines_of(path)
    m = measure(path, starts=(flat(text)[:6],), ends=(flat(text)[-6:],))
    assert m.kinsoku == [], m.kinsoku
    assert ends_of_runs(pages) == []


def test_body_urls_are_links_and_break_at_url_punctuation(tmp_path: Path) -> None:
    url = ("https://www.example.com/news/2016/10/14/deepmind-differentiable-neural-computer"
           "/index.html?from=rss&lang=zh-CN&share=weixin")
    text = f"详情见{url}。谷歌公司DeepMind开发的程序见www.deepmind.com/blog。"
    for width, options in WIDTHS.items():
        path = tmp_path / f"url-{width}.pdf"
        docconv.write(docconv.Article(title="链接", paragraphs=(text,)), path, options=options)
        got = flat(FOLIO.sub("", pdftotext(path))).replace("链接", "", 1)
        assert got == flat(text)
        with pdfplumber.open(path) as pdf:
            links = [(a["uri"], a) for page in pdf.pages for a in page.annots if a.get("uri")]
            chars = [c for page in pdf.pages for c in page.chars]
        uris = [u for u, _ in links]
        assert url in uris and "http://www.deepmind.com/blog" in uris, (width, uris)
        # Each link box covers the characters of its URL on that line.
        for uri, box in links:
            inside = "".join(c["text"] for c in chars
                             if box["x0"] - 0.5 <= (c["x0"] + c["x1"]) / 2 <= box["x1"] + 0.5
                             and box["top"] - 0.5 <= (c["top"] + c["bottom"]) / 2
                             <= box["bottom"] + 0.5)
            assert inside and inside in uri.removeprefix("http://"), (width, inside, uri)
        # Where the long URL is broken across lines, it breaks after / . ? &.
        for line in (ln for lines in lines_of(path) for ln in lines):
            line_text = "".join(c["text"] for c in line)
            tail = line_text[-8:]
            if len(tail) == 8 and url.find(tail) >= 0:
                pos = url.find(tail) + 8
                if pos == len(url) or url[pos - 1] in "/.?&":
                    continue
                # Else the piece between two such marks is longer than a whole line.
                lo = max(url.rfind(m, 0, pos) for m in "/.?&") + 1
                hi = min((url.find(m, pos) for m in "/.?&" if url.find(m, pos) >= 0),
                         default=len(url))
                assert hi - lo > len(line_text), (width, line_text)
