"""The html reader: the labelled dev pages, decoding against false declarations, pages that
are not articles, typed blocks, and arbitrary markup (no crash, nothing executable out)."""

from __future__ import annotations

import json
import re

import html5lib
import pytest
from conftest import FIXTURES
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from test_parse_dev import score

import docconv
from docconv import readers
from docconv.decode import decode_page
from docconv.errors import DocconvError, InputError
from docconv.writers import html as html_writer

DEV = FIXTURES / "dev"
PAGES = sorted(DEV.glob("*.html"))


@pytest.fixture(scope="module")
def dev_results() -> dict[str, dict[str, bool]]:
    out = {}
    for page in PAGES:
        label = json.loads((DEV / "labels" / f"{page.stem}.json").read_text(encoding="utf-8"))
        out[page.stem] = score(label, docconv.read(page).to_dict())
    return out


def test_every_dev_article_has_its_page() -> None:
    assert len(PAGES) == len(list((DEV / "labels").glob("*.json"))) == 18


def test_dev_pages_overall_and_no_noise(dev_results: dict[str, dict[str, bool]]) -> None:
    fields = [k for k in next(iter(dev_results.values())) if k != "noise_leak"]
    accuracy = [sum(r[f] for r in dev_results.values()) / len(dev_results) for f in fields]
    leaks = [cid for cid, r in dev_results.items() if r["noise_leak"]]
    overall = (sum(accuracy) + 1 - len(leaks) / len(dev_results)) / (len(fields) + 1)
    assert leaks == []
    assert overall >= 0.95, dict(zip(fields, accuracy, strict=True))
    for field, value in zip(fields, accuracy, strict=True):
        assert value >= 0.9, field


@pytest.mark.parametrize("page", PAGES, ids=[p.stem for p in PAGES])
def test_page_and_text_dump_agree_on_the_title(page) -> None:
    from_page = docconv.read(page)
    from_text = docconv.read(page.with_suffix(".txt"))
    assert from_page.title == from_text.title
    assert from_page.paragraphs and from_page.blocks
    assert [b.text for b in from_page.blocks] == list(from_page.paragraphs)


# -- decoding -------------------------------------------------------------------------------


def _redeclare(page: str, charset: str) -> str:
    return re.sub(r"charset\s*=\s*[\"']?[\w-]+", f"charset={charset}", page, count=1, flags=re.I)


def _text_of(name: str) -> str:
    return decode_page((DEV / f"{name}.html").read_bytes())


@pytest.mark.parametrize(("name", "codec", "declared"), [
    ("051", "gb2312", "gb2312"),  # true declarations
    ("051", "gbk", "gbk"),
    ("038", "big5", "big5"),
    ("051", "utf-8", "gb2312"),  # UTF-8 that says gb2312
    ("051", "gbk", "utf-8"),  # GBK that says utf-8
    ("038", "big5", "gb2312"),  # Big5 that says gb2312
    ("037", "big5", "utf-8"),
])
def test_the_declaration_is_a_witness_not_the_judge(name: str, codec: str, declared: str) -> None:
    original = docconv.read(DEV / f"{name}.html")
    page = _redeclare(_text_of(name), declared)
    data = page.encode(codec, errors="xmlcharrefreplace")
    again = docconv.read(data, format="html")
    assert again.title == original.title
    assert again.paragraphs == original.paragraphs


# -- not an article ---------------------------------------------------------------------------

INDEX = "<html><head><title>新闻首页_某某网</title></head><body><ul>" + "".join(
    f'<li><a href="/n/{i}.html">某地召开第{i}次工作会议，部署下一阶段的重点任务和工作安排</a></li>'
    for i in range(40)
) + "</ul></body></html>"
SHELL = "<!DOCTYPE html><html><head><title>加载中</title></head><body><div id=app></div>" \
        "<script>render()</script></body></html>"
LOGIN = "<html><head><title>登录</title></head><body><form><p>用户名</p><p>密码</p>" \
        "<p><a href=/reg>注册</a> <a href=/forgot>忘记密码</a></p></form></body></html>"


@pytest.mark.parametrize("page", [INDEX, SHELL, LOGIN], ids=["index", "shell", "login"])
def test_a_page_that_is_no_article_is_a_clear_error(page: str) -> None:
    with pytest.raises(InputError, match="no article"):
        docconv.read(page.encode("utf-8"))


def test_no_article_on_the_command_line(tmp_path, capsys) -> None:
    from docconv.cli import main

    path = tmp_path / "index.html"
    path.write_text(INDEX, encoding="utf-8")
    with pytest.raises(SystemExit) as exit_info:
        main(["convert", str(path), "-o", str(tmp_path / "out.pdf")], standalone_mode=False)
    assert exit_info.value.code == 2
    err = capsys.readouterr().err.strip().splitlines()
    assert err == [f"docconv: error: {path}: no article in the page "
                   "(its text is mostly links: an index page?)"] or (
        len(err) == 1 and "no article in the page" in err[0])
    assert not (tmp_path / "out.pdf").exists()


# -- what the DOM gives beyond text -----------------------------------------------------------

BODY = "记者从有关部门获悉，这项工作已经全面展开，各地正在抓紧落实相关措施，确保按期完成。"
TYPED = f"""<!DOCTYPE html><html><head><meta charset="utf-8">
<title>某市启动老旧小区改造工程_某某新闻网</title>
<link rel="canonical" href="https://news.example.cn/2021/0323/1.html">
<meta property="article:published_time" content="2021-03-23T07:06:57+08:00">
</head><body><nav><a href="/">首页</a> <a href="/gn">国内</a></nav>
<article><h1>某市启动老旧小区改造工程</h1>
<div class="info">2021-03-23 来源：某某日报 作者：张三</div>
<p>{BODY}</p><h2>改造覆盖三百个小区</h2><p>{BODY}</p>
<figure><img src="a.jpg"><figcaption>工人在小区内施工。（李四 摄）</figcaption></figure>
<blockquote><p>“改造让居民的生活更加便利，我们会把好事办好。”</p></blockquote>
<p>{BODY}</p><p>责任编辑：王五</p></article>
<div class="share">分享到：微信 微博</div><footer>版权所有 某某新闻网</footer></body></html>"""


def test_typed_blocks_url_and_stated_time() -> None:
    article = docconv.read(TYPED.encode("utf-8"), format="html")
    assert article.title == "某市启动老旧小区改造工程"
    assert article.url == "https://news.example.cn/2021/0323/1.html"
    # the printed date, given its time by the page's own statement of the same day
    assert article.published.isoformat() == "2021-03-23T07:06:57+08:00"
    assert article.source == "某某日报" and article.authors == ("张三",)
    assert article.editor == "王五"
    assert [b.kind for b in article.blocks] == [
        "paragraph", "heading", "paragraph", "caption", "quote", "paragraph"]
    data = article.to_dict()
    assert data["url"] == article.url and len(data["blocks"]) == 6
    assert docconv.Article.from_dict(json.loads(json.dumps(data))) == article
    # a caption is never the summary
    assert "施工" not in html_writer.render(article).split('name="description"')[1][:200]


# -- choosing the reader ----------------------------------------------------------------------


def test_reader_by_suffix_then_by_content(tmp_path) -> None:
    saved = tmp_path / "page.txt"
    saved.write_text(TYPED, encoding="utf-8")
    assert readers.choose(saved.read_bytes(), saved) == "html"  # a page saved as .txt
    assert readers.choose(b"<p>x</p>", "a.htm") == "html"
    assert readers.choose("某某新闻\n正文。".encode(), "a.txt") == "text"
    assert docconv.read(saved).title == "某市启动老旧小区改造工程"
    with pytest.raises(DocconvError, match="unknown input format"):
        docconv.read(saved, format="xml")


# -- arbitrary markup -----------------------------------------------------------------------

_TAGS = st.sampled_from(["p", "div", "a", "h1", "h2", "script", "style", "figure", "figcaption",
                         "blockquote", "span", "table", "td", "iframe", "svg", "br", "img"])
_ATTRS = st.sampled_from(['onclick="alert(1)"', 'href="javascript:alert(1)"', 'class="nav"',
                          'style="display:none"', 'id="content"', 'onload=x()', ""])
_TEXT = st.text(alphabet=st.sampled_from(list("某市召开会议，部署工作。记者张三来源：新华社<>&\"'"
                                              " \n2021-03-23")), max_size=60)


@st.composite
def markup(draw: st.DrawFn) -> str:
    parts = []
    for _ in range(draw(st.integers(0, 25))):
        tag, attr, text = draw(_TAGS), draw(_ATTRS), draw(_TEXT)
        parts.append(f"<{tag} {attr}>{text}</{tag}>" if draw(st.booleans()) else f"<{tag} {attr}>")
        if draw(st.booleans()):
            parts.append("<script>alert(1)</script><p onmouseover=x>" + text)
    return "<html><head><title>" + draw(_TEXT) + "</title></head><body>" + "".join(parts)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(markup())
def test_arbitrary_markup_no_crash_nothing_executable(page: str) -> None:
    try:
        article = docconv.read(page.encode("utf-8"), format="html")
    except DocconvError:
        return
    out = html_writer.render(article)
    doc = html5lib.parse(out, namespaceHTMLElements=False)
    scripts = doc.findall(".//script")
    assert all(s.get("type") == "application/ld+json" for s in scripts)
    for element in doc.iter():
        assert not [a for a in element.attrib if a.lower().startswith("on")]
        href = element.get("href") or ""
        assert not href.lower().startswith(("javascript:", "data:"))


# -- pages from other sites ------------------------------------------------------------------

EXTRA = FIXTURES / "extra_html"


def test_pages_from_other_sites() -> None:
    """Pages from sites the dev corpus does not have, labelled by hand: the headline and
    the time always, the body without furniture, the fields mostly."""
    results = {}
    for page in sorted(EXTRA.glob("*.html")):
        label = json.loads((EXTRA / "labels" / f"{page.stem}.json").read_text(encoding="utf-8"))
        results[page.stem] = score(label, docconv.read(page).to_dict())
    assert len(results) == 5
    for field in ("title", "published", "first_paragraph", "last_paragraph", "editor"):
        assert all(r[field] for r in results.values()), field
    assert not any(r["noise_leak"] for r in results.values())
    fields = [k for k in next(iter(results.values())) if k != "noise_leak"]
    overall = sum(sum(r[f] for f in fields) + 1 for r in results.values()) / (
        len(results) * (len(fields) + 1))
    assert overall >= 0.9


def test_links_in_the_body_keep_their_url() -> None:
    page = TYPED.replace(f"<p>{BODY}</p><h2>", '<p>记者从<a href="/org/1.html">有关部门</a>获悉，'
                         '<a href="javascript:alert(1)">这项工作</a>已经全面展开。</p><h2>', 1)
    article = docconv.read(page.encode("utf-8"), format="html")
    first = article.blocks[0]
    assert first.links == (("有关部门", "https://news.example.cn/org/1.html"),)
    doc = html5lib.parse(html_writer.render(article), namespaceHTMLElements=False)
    anchors = [(a.text, a.get("href")) for a in doc.findall(".//article/p/a")]
    assert anchors == [("有关部门", "https://news.example.cn/org/1.html")]
    assert docconv.Article.from_dict(article.to_dict()) == article


@pytest.mark.parametrize("name", ["005", "019", "044"])
def test_a_title_that_names_only_the_site(name: str) -> None:
    """The headline element stands in when <title> and og:title name no line of the page."""
    page = (DEV / f"{name}.html").read_bytes()
    text = decode_page(page)
    text = re.sub(r"<title[^>]*>.*?</title>", "<title>某某新闻网</title>", text, flags=re.S | re.I)
    text = re.sub(r"<meta[^>]+og:title[^>]*>", "", text, flags=re.I)
    assert docconv.read(text.encode("utf-8"), format="html").title == docconv.read(page).title


def test_a_reader_plug_in(monkeypatch) -> None:
    """A reader from the docconv.readers entry-point group: chosen by its suffix, by its
    sniffing, or by name."""
    import types

    toy = types.SimpleNamespace(
        suffixes=(".toy",),
        sniff=lambda data: data.startswith(b"TOY:"),
        read=lambda data, options: docconv.Article(title=data[4:].decode(),
                                                   paragraphs=("正文。",)),
    )
    entry = types.SimpleNamespace(name="toy", load=lambda: toy)
    monkeypatch.setattr(readers, "_plugins", lambda: {"toy": entry})
    readers.get.cache_clear()
    try:
        assert readers.names() == ["html", "text", "toy"]
        assert readers.choose(b"x", "a.toy") == "toy"
        assert readers.choose(b"TOY:x") == "toy"
        assert docconv.read("TOY:标题".encode()).title == "标题"
        assert docconv.read(b"TOY:x", format="text").title != "x"
    finally:
        readers.get.cache_clear()
