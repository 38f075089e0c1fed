"""Page layouts: where the headline, the site's name and the meta lines sit, in short pages
and long ones, and what ends the body."""

from __future__ import annotations

import pytest

import docconv

TITLE = "某市召开会议研究部署重点工作"
BODY = (
    "某市召开会议，研究部署下一阶段的重点工作，推动各项工作落地见效。",
    "会议强调，各级各部门要压实责任、形成合力，确保各项任务按时保质完成。",
)
TEXT = "\n".join(BODY)

SITES = [
    (f"{TITLE}_新闻频道_央视网(cctv.com)", "央视网"),
    (f"{TITLE}－中新网", "中新网"),
    (f"{TITLE} - 新浪新闻", "新浪新闻"),
    (f"{TITLE}|凤凰网资讯|凤凰网", "凤凰网"),
    (f"{TITLE}_网易新闻", "网易新闻"),
    (f"{TITLE}--文化--人民网", "人民网"),
    (f"{TITLE} | ETtoday新聞雲 手機版", "ETtoday新聞雲"),
    (f"新浪网_{TITLE}", "新浪网"),
    (f"{TITLE}_澎湃新闻-The Paper", "澎湃新闻"),
]


@pytest.mark.parametrize("head,site", SITES, ids=[s[0] for s in SITES])
def test_site_from_the_page_title_line(head: str, site: str) -> None:
    article = docconv.parse(f"{head}\n\n{TITLE}\n2021-03-23 07:06\n{TEXT}\n")
    assert (article.site, article.title, article.paragraphs) == (site, TITLE, BODY)


def test_site_line_above_the_title() -> None:
    article = docconv.parse(f"人民网\n{TITLE}\n来源：人民日报 2021-03-23\n{TEXT}\n")
    assert (article.site, article.title, article.source) == ("人民网", TITLE, "人民日报")


def test_site_from_the_copyright_footer() -> None:
    text = f"{TITLE}\n2021-03-23 07:06\n{TEXT}\n关于我们 | 联系我们\n某某日报社 版权所有\n"
    assert docconv.parse(text).site == "某某日报社"


def test_no_site_named() -> None:
    assert docconv.parse(f"{TITLE}\n{TEXT}\n").site is None


def test_headline_with_a_bar_in_it() -> None:
    title = "专访｜张三：我们要加快发展"
    article = docconv.parse(f"{title}_新浪网\n\n{title}\n2021-03-23 07:06\n{TEXT}\n")
    assert (article.title, article.site) == (title, "新浪网")


def test_headline_broken_over_lines() -> None:
    head = "全国人大常委会关于批准某项决定的决议_中国政府网"
    text = f"{head}\n\n首页 > 公报\n全国人大常委会\n关于批准某项决定的决议\n{TEXT}\n"
    assert docconv.parse(text).title == "全国人大常委会 关于批准某项决定的决议"


def test_date_above_the_headline() -> None:
    text = f"{TITLE}|香港01\n\n港聞\n2023-03-30 10:26\n{TITLE}\n{TEXT}\n"
    article = docconv.parse(text)
    assert article.published is not None
    assert article.published.isoformat() == "2023-03-30T10:26:00+08:00"
    assert article.paragraphs == BODY


def test_deck_line_is_the_subtitle() -> None:
    deck = "——研究部署下一阶段的重点工作"
    text = f"{TITLE}_中新网\n\n{TITLE}\n{deck}\n2021-03-23 07:06 来源：中新网\n{TEXT}\n"
    article = docconv.parse(text)
    assert article.subtitle == "研究部署下一阶段的重点工作"
    assert article.paragraphs == BODY


def test_page_dump_keeps_only_the_article() -> None:
    teaser = "另一篇文章的摘要，讲述了别的城市的别的事情，同样以句号结尾，也不算短。"
    page = [
        f"{TITLE}_某某新闻网", "", "首页", "新闻", "财经", "体育", "登录 注册",
        "首页 > 新闻 > 正文",
        TITLE, "2021-03-23 07:06:57 来源：某某日报 作者：张三", "字号：大 中 小", "分享到：",
        *BODY, "图为会议现场。", "责任编辑：李四",
        "相关新闻", "某地召开另一场会议", teaser, teaser,
        "热门推荐", teaser, "网友评论", "我要评论", "Copyright © 2021 某某新闻网 版权所有",
    ]
    article = docconv.parse("\n".join(page))
    assert article.title == TITLE
    assert article.paragraphs == (*BODY, "图为会议现场。")
    assert (article.source, article.authors, article.editor) == ("某某日报", ("张三",), "李四")
    assert article.site == "某某新闻网"


@pytest.mark.parametrize(
    "furniture",
    ["请继续往下阅读...", "- 閱讀更多 -", "【1】【2】【3】", "【上一篇】 另一篇文章", "阅读原文",
     "自殺防治諮詢安心專線：0800-788995", "扫一扫在手机打开当前页", "（完）", "原标题：另一个标题",
     "微信 微博", "首页 | 新闻 | 体育 | 财经", "20190926|国贸|增长率|全球经济"],
)
def test_furniture_inside_the_body_is_dropped(furniture: str) -> None:
    text = f"{TITLE}\n2021-03-23 07:06\n{BODY[0]}\n{furniture}\n{BODY[1]}\n"
    assert docconv.parse(text).paragraphs == BODY


@pytest.mark.parametrize(
    "sentence",
    ["网友爆料称，事发时现场有多人围观，警方随后赶到现场处置，具体原因正在调查中。",
     "市民可通过手机客户端查询办理进度，也可以拨打热线电话咨询相关事宜，十分方便。",
     "您可能不知道，这座城市的地铁已经开通了十几条线路，覆盖了主要的商业区和住宅区。"],
)
def test_prose_with_furniture_words_is_kept(sentence: str) -> None:
    text = f"{TITLE}\n2021-03-23 07:06\n{BODY[0]}\n{sentence}\n{BODY[1]}\n"
    assert docconv.parse(text).paragraphs == (BODY[0], sentence, BODY[1])


def test_photo_caption_with_a_bullet_is_not_a_highlight() -> None:
    caption = "▲警消到場時高姓男子已無生命跡象。（圖／翻攝畫面）"
    text = f"{TITLE}\n2021-03-23 07:06\n{caption}\n記者林悅／南市報導\n{TEXT}\n"
    article = docconv.parse(text)
    assert article.highlights == ()
    assert article.authors == ("林悅",)
    assert article.paragraphs == (caption, *BODY)


def test_highlights_before_the_body() -> None:
    points = (
        "■坚持党对政法工作的绝对领导，打造一支过硬队伍。",
        "■完善执法权制约监督机制，让群众感受到公平正义。",
    )
    text = "\n".join(["成渝经济网", TITLE, "2021-03-23 07:06:57 来源：成都日报", *points, *BODY])
    article = docconv.parse(text)
    assert article.highlights == tuple(p[1:] for p in points)
    assert article.paragraphs == BODY


def test_short_last_sentence_is_kept() -> None:
    text = f"{TITLE}\n2021-03-23 07:06\n{TEXT}\n图为会议现场。\n相关新闻\n"
    assert docconv.parse(text).paragraphs == (*BODY, "图为会议现场。")


def test_body_without_prose_lines() -> None:
    text = f"{TITLE}\n2021-03-23 07:06\n短讯一则。\n相关新闻\n别的标题\n"
    assert docconv.parse(text).paragraphs == ("短讯一则。",)
