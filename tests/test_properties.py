"""Properties that hold for any input: the parser never crashes, the model round-trips through
its dict, and body text the parser keeps is never cut, merged or rewritten."""

from __future__ import annotations

import re
from datetime import datetime, timedelta, timezone

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import docconv
from docconv.decode import decode
from docconv.errors import EncodingError, InputError
from docconv.parsing import lines as L
from docconv.text import clean_inline, normalize_text

SETTINGS = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])

# Text with the characters scraped pages are made of, and everything else now and then.
_pieces = st.sampled_from(
    ["\n", "\n\n", " ", "　", "，", "。", "：", "来源：", "作者：", "记者 ", "责任编辑：", "■",
     "2021-03-23 07:06", "【", "】", "（", "）", "分享", "相关新闻", "_", "|", "\r", "\x00"]
)
_hanzi = st.characters(min_codepoint=0x4E00, max_codepoint=0x9FA5)
page_text = st.lists(
    st.one_of(_pieces, st.text(_hanzi, min_size=1, max_size=30), st.text(max_size=10)), max_size=60
).map("".join)


@SETTINGS
@given(st.text())
def test_arbitrary_unicode_never_crashes(text: str) -> None:
    try:
        article = docconv.parse(text)
    except InputError:
        assert not normalize_text(text).split()  # only blank input may be refused
        return
    assert isinstance(article, docconv.Article)


@SETTINGS
@given(page_text)
def test_page_like_text_never_crashes(text: str) -> None:
    try:
        article = docconv.parse(text)
    except InputError:
        assert not normalize_text(text).split()
        return
    assert all(p and p == p.strip() for p in article.paragraphs)
    assert article.published is None or article.published.tzinfo is not None


@SETTINGS
@given(page_text)
def test_title_is_never_a_meta_line_nor_repeated(text: str) -> None:
    # A line with a date or a cue is never the headline while the page has another line,
    # and the headline never comes back as a paragraph (unless the page prints it twice).
    try:
        article = docconv.parse(text)
    except InputError:
        return
    rows = [r for r in (clean_inline(r) for r in normalize_text(text).split("\n")) if r]
    if any(not (L.is_meta(r) or L.is_noise(r)) for r in rows):
        assert not L.is_meta(article.title)
    assert article.title not in article.paragraphs or rows.count(article.title) > 1


# Words of page furniture, chosen here and not taken from the parser's own list: a widget's
# buttons, tabs, labels, channels, a bare year. None of them is a headline or a writer.
UI_WORDS = (
    "字号", "大", "中", "小", "分享", "分享到", "打印", "收藏", "评论", "关注", "订阅", "登录",
    "首页", "正文", "返回", "更多", "发布时间", "更新时间", "来源", "作者", "编辑", "记者",
    "新闻", "财经", "体育", "视频", "图片", "2024", "2024年", "T",
)
_ui = st.sampled_from(UI_WORDS)
_sep = st.sampled_from(["\n", " ", "：", "|", "\n\n", "　"])
ui_page = st.lists(
    st.one_of(_ui, _ui, _sep, _pieces, st.text(_hanzi, min_size=2, max_size=12)), max_size=50
).map("".join)


def _is_ui(value: str) -> bool:
    words = [w for w in re.split(r"[\s:：|｜/、，,。()（）【】]+", value) if w]
    return bool(words) and all(w in UI_WORDS for w in words)


@SETTINGS
@given(ui_page)
def test_title_and_authors_are_never_ui_words(text: str) -> None:
    try:
        article = docconv.parse(text)
    except InputError:
        return
    assert not _is_ui(article.title), article.title
    for name in article.authors:
        assert not _is_ui(name), name
    assert article.source is None or not _is_ui(article.source)


@SETTINGS
@given(st.binary(max_size=2000))
def test_arbitrary_bytes_are_text_or_refused(data: bytes) -> None:
    try:
        docconv.read(data)
    except InputError:
        return


# -- the model round-trips ------------------------------------------------------------------

_line = st.text(st.characters(blacklist_categories=("Cs",)), max_size=40)
_zones = st.sampled_from([timezone.utc, timezone(timedelta(hours=8)), timezone(timedelta(hours=-5)),
                          timezone(timedelta(hours=5, minutes=30))])
_when = st.one_of(
    st.none(),
    st.builds(lambda d, tz: d.replace(tzinfo=tz),
              st.datetimes(min_value=datetime(1990, 1, 1), max_value=datetime(2040, 1, 1)), _zones),
)
articles = st.builds(
    docconv.Article,
    title=_line,
    site=st.one_of(st.none(), _line),
    published=_when,
    authors=st.lists(_line, max_size=4).map(tuple),
    source=st.one_of(st.none(), _line),
    editor=st.one_of(st.none(), _line),
    highlights=st.lists(_line, max_size=4).map(tuple),
    paragraphs=st.lists(_line, max_size=8).map(tuple),
    language=st.sampled_from(["zh-Hans", "zh-Hant", "en", "und"]),
)


@SETTINGS
@given(articles)
def test_dict_round_trip(article: docconv.Article) -> None:
    again = docconv.Article.from_dict(article.to_dict())
    assert again == article
    assert again.to_dict() == article.to_dict()
    want = {"zh-Hans": "zh-CN", "zh-Hant": "zh-TW", "en": "en", "und": "und"}
    assert article.lang_tag == want[article.language]


# -- body text survives ----------------------------------------------------------------------

# Sentences from plain hanzi and clause punctuation: prose by shape, free of cue words.
_plain = st.sampled_from(list("中国人民政府经济发展城市乡村学校医院科技企业工作会议建设社会生活群众"
                              "推进完善加强提高改革创新服务管理保护环境教育文化健康安全交通农业水利"))
_clause = st.text(_plain, min_size=4, max_size=20)
_sentence = st.lists(_clause, min_size=2, max_size=5).map("，".join).map(lambda s: s + "。")
_paragraph = st.lists(_sentence, min_size=1, max_size=3).map("".join)


@SETTINGS
@given(st.lists(_paragraph, min_size=1, max_size=12),
       st.sampled_from(["\n", "\n\n", "\r\n", "\r\n\r\n"]),
       st.sampled_from(["", "　　", "  "]))
def test_body_paragraphs_survive_whole(paragraphs: list[str], sep: str, indent: str) -> None:
    text = sep.join(
        ["某某新闻网", "城市建设工作会议召开", "2021-03-23 07:06:57 来源：某某日报", "",
         *(indent + p for p in paragraphs), "责任编辑：李云"]
    )
    article = docconv.read(text.encode("utf-8"))
    assert list(article.paragraphs) == paragraphs
    assert article.title == "城市建设工作会议召开"
    assert article.editor == "李云"
    # The same through every legacy encoding.
    assert docconv.read(text.encode("gb18030")) == article


@SETTINGS
@given(st.lists(_paragraph, min_size=1, max_size=8))
def test_kept_paragraphs_are_input_lines(paragraphs: list[str]) -> None:
    # Inside a noisy page, whatever the parser keeps is one of the page's own lines, unchanged.
    page = [
        "城市建设工作会议召开_某某新闻网", "首页 > 新闻 > 正文", "分享到：", "城市建设工作会议召开",
        "2021-03-23 07:06", *paragraphs, "相关新闻", "某地召开会议", "版权所有 某某新闻网",
    ]
    article = docconv.parse("\n".join(page))
    assert set(article.paragraphs) <= set(page)
    assert list(article.paragraphs) == paragraphs


def test_decode_then_parse_is_read() -> None:
    text = "标题\n2021-03-23 07:06\n正文第一段，内容完整。\n"
    assert docconv.parse(decode(text.encode())) == docconv.read(text.encode())


# -- Latin-1 is refused, never read as GB18030 or Big5 ------------------------------------------

_ACCENTED = st.sampled_from(
    "économie française progressé troisième été déjà après très où à ça être élève für über"
    " Straße Grüße München Bürger Löhne größer schön Mädchen Öl año próximo económicas según"
    " está también información política país Peña português não ações mão coração São"
    " Zürich naïve Ålborg Øresund smørrebrød".split()
)
_LATIN_WORDS = st.sampled_from(
    "the and of le la les de des et un une die der das und ist ein el los las y en para con"
    " por que o a os as do da em government economy market city news said year people rate"
    " data plan new first last week month".split()
)
latin_text = (
    st.lists(st.one_of(_ACCENTED, _LATIN_WORDS), min_size=1, max_size=40)
    .filter(lambda words: any(not w.isascii() for w in words))
    .map(" ".join)
    .filter(lambda text: len(text) >= 30)
)


@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(latin_text, st.sampled_from(["latin-1", "cp1252"]), st.sampled_from(["", ".", "\n"]))
def test_latin1_sentences_are_refused(text: str, codec: str, end: str) -> None:
    # Was: GB18030 mojibake (L'閏onomie fran鏰ise), ü and ß silently dropped.
    try:
        out = decode((text + end).encode(codec))
    except EncodingError:
        return
    assert not any("\u3400" <= ch <= "\u9fff" for ch in out), out
