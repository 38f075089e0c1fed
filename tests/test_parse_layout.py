"""Page layouts: where the headline, the site's name and the meta lines sit, in short pages
and long ones, and what ends the body."""

from __future__ import annotations

import pytest
from conftest import FIXTURES

import docconv

REGRESS_DIR = FIXTURES / "regress"

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


def test_lead_box_under_a_bare_label() -> None:
    points = (
        "一位接近监管的人士表示，监管方从年初就在酝酿针对数据公司的整顿清理。",
        "有平台高管表示，每个数据源的价格在几毛钱到几块钱不等，成本普遍在2元到10元之间。",
    )
    text = "\n".join([TITLE, "2021-03-23 07:06", "划重点：", *points, "《棱镜》作者 张三", *BODY])
    article = docconv.parse(text)
    assert article.highlights == points
    assert article.authors == ("张三",)
    assert article.paragraphs == BODY


def test_lead_box_label_with_no_byline_under_it_keeps_the_body() -> None:
    text = "\n".join([TITLE, "2021-03-23 07:06", "摘要：", *BODY])
    article = docconv.parse(text)
    assert article.highlights == ()
    assert article.paragraphs == BODY


def test_lead_box_fixture() -> None:
    """A page dump with a 划重点： box, then a 《刊名》作者 byline, then the body."""
    article = docconv.parse((REGRESS_DIR / "lead_box.txt").read_text(encoding="utf-8"))
    assert len(article.highlights) == 4
    assert article.highlights[0].startswith("一位接近监管的人士")
    assert article.authors == ("周纯",)
    assert article.paragraphs[0] == "擅长清洗数据的第三方数据行业，这次轮到自己被“清洗”了。"


def test_quote_signed_with_a_dash_ends_the_body() -> None:
    last = "“疫情过后如果我们都安好的话，我希望能多陪陪家人”。——汪勇"
    text = f"{TITLE}\n2021-03-23 07:06\n{TEXT}\n{last}\n来源：网络\n相关推荐\n"
    assert docconv.parse(text).paragraphs == (*BODY, last)


def test_short_last_sentence_is_kept() -> None:
    text = f"{TITLE}\n2021-03-23 07:06\n{TEXT}\n图为会议现场。\n相关新闻\n"
    assert docconv.parse(text).paragraphs == (*BODY, "图为会议现场。")


def test_body_without_prose_lines() -> None:
    text = f"{TITLE}\n2021-03-23 07:06\n短讯一则。\n相关新闻\n别的标题\n"
    assert docconv.parse(text).paragraphs == ("短讯一则。",)


# -- regressions from the user review ----------------------------------------------------------

REGRESS = FIXTURES / "regress"


def test_interview_questions_are_body_not_bylines() -> None:
    # A seed-like interview: `记者：…？` lines are turns of speech, not a reporter's byline;
    # the body kept one paragraph of five when they were taken for meta lines.
    article = docconv.read(REGRESS / "interview.txt")
    assert len(article.paragraphs) == 5
    assert article.paragraphs[0].startswith("记者：政法队伍教育整顿开展以来")
    assert article.paragraphs[-1] == "记者：谢谢您接受采访。"
    assert article.authors == ("张家华", "晨迪")
    assert (article.source, article.editor) == ("成都日报", "李云")


@pytest.mark.parametrize("asker,answerer", [("记者", "张三"), ("问", "答"), ("编辑", "张三")])
def test_question_and_answer_lines_all_survive(asker: str, answerer: str) -> None:
    turns = [
        f"{asker}：您如何看待今年的经济形势？",
        f"{answerer}：今年经济总体平稳，稳中有进，但也面临不少挑战，需要我们共同努力。",
        f"{asker}：下一步有哪些重点工作？",
        f"{answerer}：我们将继续深化改革，扩大开放，推动高质量发展，让群众得到更多实惠。",
        f"{asker}：谢谢您接受采访。",
    ]
    text = "\n".join(["成渝经济网", TITLE, "2021-03-23 07:06:57 作者：张家华 来源：成都日报",
                      *turns, "责任编辑：李云"])
    article = docconv.parse(text)
    assert article.paragraphs == tuple(turns)
    assert (article.authors, article.editor) == (("张家华",), "李云")


@pytest.mark.parametrize(
    "deck", ["——访全国人大代表、某县县委书记张三", "访全国人大代表、某县县委书记张三"]
)
@pytest.mark.parametrize("site_line", ["", "人民网\n"])
def test_deck_under_the_headline_of_a_clean_block(deck: str, site_line: str) -> None:
    headline = "乡村振兴要靠人才"
    text = f"{site_line}{headline}\n{deck}\n2021-03-23 07:06 来源：人民日报\n{TEXT}\n"
    article = docconv.parse(text)
    assert (article.title, article.subtitle) == (headline, "访全国人大代表、某县县委书记张三")
    assert article.site == ("人民网" if site_line else None)
    assert (article.source, article.paragraphs) == ("人民日报", BODY)


def test_deck_fixture() -> None:
    article = docconv.read(REGRESS / "deck.txt")
    assert (article.site, article.title) == ("人民网", "乡村振兴要靠人才")
    assert article.subtitle == "访全国人大代表、某县县委书记张三"
    assert (article.authors, article.editor) == (("李四",), "王五")
    assert len(article.paragraphs) == 2


@pytest.mark.parametrize(
    "headline", ["访美代表团抵达华盛顿", "记住乡愁 留住根脉", "专访｜张三：我们要加快发展"]
)
def test_headlines_that_start_like_a_deck_stay_headlines(headline: str) -> None:
    article = docconv.parse(f"中国新闻网\n{headline}\n2021-03-23 07:06\n{TEXT}\n")
    assert (article.site, article.title, article.subtitle) == ("中国新闻网", headline, None)


@pytest.mark.parametrize(
    "meta,published",
    [("3月23日 07:06　來源：中央社", None),
     ("2021年3月23日 07:06　來源：中央社", "2021-03-23T07:06:00+08:00")],
)
def test_meta_line_above_the_headline_is_never_the_title(meta: str, published: str | None) -> None:
    article = docconv.parse(f"{meta}\n{TITLE}\n{TEXT}\n")
    assert (article.title, article.site, article.source) == (TITLE, None, "中央社")
    assert (article.published.isoformat() if article.published else None) == published
    assert article.paragraphs == BODY


def test_meta_above_headline_fixture() -> None:
    article = docconv.read(REGRESS / "meta_above_headline.txt")
    assert article.title == "臺北市政府舉行記者會說明新政策"
    assert article.source == "中央社"
    assert article.published is not None
    assert article.published.isoformat().startswith("2021-03-23T07:06")
    assert len(article.paragraphs) == 2


@pytest.mark.parametrize(
    "crumb", ["首页 > 新闻 > 国内", "首页>>新闻>>国内", "新闻 » 国内", "国内 › 社会"]
)
def test_breadcrumb_is_never_the_site(crumb: str) -> None:
    article = docconv.parse(f"{crumb}\n{TITLE}\n2021-03-23 07:06\n{TEXT}\n")
    assert (article.site, article.title, article.paragraphs) == (None, TITLE, BODY)


# -- very small inputs ---------------------------------------------------------------------------

SMALL = [
    ("标题", "标题", ()),
    ("开会", "开会", ()),
    (TITLE, TITLE, ()),
    (f"{TITLE}\n{BODY[0]}", TITLE, (BODY[0],)),
    (f"开会\n{BODY[0]}", "开会", (BODY[0],)),
    ("开会了\n会议强调压实责任。", "开会了", ("会议强调压实责任。",)),
    ("某市召开会议\n会议强调压实责任", "某市召开会议", ("会议强调压实责任",)),
    (f"人民网\n开会\n{BODY[0]}", "开会", (BODY[0],)),
    (f"开会\n2021-03-23 07:06\n{BODY[0]}", "开会", (BODY[0],)),
    (f"2021-03-23 07:06\n开会\n{BODY[0]}", "开会", (BODY[0],)),
    (f"人民网\n{TITLE}", TITLE, ()),
    (f"{TITLE}\n\n\n", TITLE, ()),
]


@pytest.mark.parametrize("text,title,paragraphs", SMALL, ids=[s[0][:12] for s in SMALL])
def test_small_inputs_never_repeat_the_title(text: str, title: str, paragraphs: tuple) -> None:
    article = docconv.parse(text)
    assert (article.title, article.paragraphs) == (title, paragraphs)
    assert article.title not in article.paragraphs


# -- language ----------------------------------------------------------------------------------

ENGLISH = (
    "Apple unveils new iPhone\n2021-03-23 07:06\n"
    "Apple on Tuesday unveiled a new iPhone, its first major redesign in years, the company said.\n"
    "The device will go on sale next month in the United States and China, with prices from $799.\n"
)


def test_english_article_is_not_tagged_chinese() -> None:
    article = docconv.parse(ENGLISH)
    assert (article.language, article.lang_tag) == ("en", "en")
    assert article.title == "Apple unveils new iPhone"
    assert len(article.paragraphs) == 2
    # Read from bytes too (even and odd byte counts: never mistaken for UTF-16).
    assert docconv.read(ENGLISH.encode()).language == "en"
    assert docconv.read((ENGLISH + "x").encode()).language == "en"


@pytest.mark.parametrize(
    "text",
    ["Новости\nВ Москве прошла встреча, на которой обсуждали планы на будущее.\n",
     "Nachrichten\nDie Wirtschaft in Deutschland wächst langsamer als erwartet, sagte er.\n",
     "東京ニュース\n東京都は今日、新しい政策を発表しました。知事は記者会見で説明しました。\n"],
)
def test_text_in_no_language_we_name_is_und(text: str) -> None:
    article = docconv.parse(text)
    assert (article.language, article.lang_tag) == ("und", "und")


def test_english_words_in_a_chinese_article_keep_it_chinese() -> None:
    text = f"{TITLE} iPhone\n2021-03-23 07:06\n{BODY[0]} Apple CEO Tim Cook said so.\n{BODY[1]}\n"
    article = docconv.parse(text)
    assert (article.language, article.lang_tag) == ("zh-Hans", "zh-CN")
