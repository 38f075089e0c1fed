"""The failure classes of pages the parser had never seen (issue 11), each on small pages
written for the test: widget and label words as values, the site's name, the headline, the
publication time, the body's bounds and bylines. Every page is a whole-page dump as
scrapers leave it: the <title> line, navigation, the article, a footer."""

from __future__ import annotations

import pytest
from conftest import run_docconv

import docconv
from docconv.parsing import meta as M

HEADLINE = "城郊公交新线开通 沿线村民出行更方便"
BODY = (
    "本月起，城郊公交新线正式开通运营，线路全长二十三公里，沿途设站十八个，连接六个行政村。",
    "据介绍，新线采用新能源车辆，早晚高峰加密班次，村民进城办事、就医、上学的时间明显缩短。",
    "不少村民表示，过去进城要换乘两次，如今在家门口就能坐上直达车，出行方便了很多。",
)
NAV = ("首页", "新闻", "财经", "体育", "娱乐", "首页 > 新闻 > 本地 > 正文")
FOOTER = ("关于我们 | 联系我们 | 广告服务", "Copyright © 2005-2024 某某网 All Rights Reserved")


def page(meta: list[str], *, head: str | None = None, body: tuple[str, ...] = BODY,
         before: tuple[str, ...] = NAV, after: tuple[str, ...] = ("责任编辑：周七",),
         footer: tuple[str, ...] = FOOTER, headline: str = HEADLINE) -> str:
    head = f"{headline}_本地新闻_某某网" if head is None else head
    return "\n".join([head, "", *before, headline, *meta, *body, *after, *footer]) + "\n"


def parse(meta: list[str], **kw: object) -> docconv.Article:
    return docconv.parse(page(meta, **kw))  # type: ignore[arg-type]


# -- widget and label words are never values ------------------------------------------------

WIDGETS = [
    ["2024-05-13 09:16 来源：某某日报", "字号：大 中 小", "分享到：", "打印"],
    ["2024-05-13 09:16", "字号", "T", "T", "关注", "收藏"],
    ["作者：正文", "2024-05-13 09:16"],
    ["发布时间：2024-05-13 09:16", "来源：更新时间"],
    ["2024-05-13 09:16 来源：新闻 评论"],
    ["2024", "2024-05-13 09:16"],
    ["订阅", "登录", "注册", "2024-05-13 09:16 来源：某某日报 参与互动(0)"],
]


@pytest.mark.parametrize("meta", WIDGETS, ids=[" / ".join(m) for m in WIDGETS])
def test_widget_and_label_words_are_never_values(meta: list[str]) -> None:
    article = parse(meta)
    assert article.title == HEADLINE
    assert article.paragraphs == BODY
    for value in (*article.authors, article.source, article.site):
        assert value is None or not M.is_ui_value(value), value
    assert article.source in (None, "某某日报")


def test_a_column_of_short_links_is_no_byline() -> None:
    meta = ["2024-05-13 09:16 某某网", "栏目关注：", "大众保健", "女性保健", "中医养生", "疾病大全"]
    assert parse(meta).authors == ()


def test_a_place_after_the_time_is_no_source() -> None:
    article = parse(["2024-05-13 09:16:25 来自内蒙古自治区", "人民参与"])
    assert article.source is None


def test_share_buttons_under_the_date_are_no_source() -> None:
    meta = ["2024-05-13 09:16", "Facebook", "Twitter", "人人", "开心网", "新浪微博"]
    assert parse(meta).source is None


# -- site --------------------------------------------------------------------------------

SITES = [
    (f"{HEADLINE}_健康网_饮食", "健康网"),  # a channel after the site
    (f"{HEADLINE} - 某某中文网 - 两岸三地", "某某中文网"),
    (f"{HEADLINE} - 某某電子報", "某某電子報"),
    (f"{HEADLINE}|某某网", "某某网"),
    (f"{HEADLINE}_【快资讯】", "快资讯"),
]


@pytest.mark.parametrize("head,site", SITES, ids=[s[0] for s in SITES])
def test_site_from_the_title_suffix(head: str, site: str) -> None:
    footer = (f"关于{site} | 联系我们", "未经授权禁止转载")
    article = docconv.parse(page(["2024-05-13 09:16"], head=head, footer=footer))
    assert (article.site, article.title) == (site, HEADLINE)


def test_site_from_the_masthead_when_the_title_has_no_suffix() -> None:
    before = ("东方网首页手机版客户端", "登录", *NAV)
    article = docconv.parse(page(["2024-05-13 09:16"], head=HEADLINE, before=before,
                                 footer=("版权声明",)))
    assert article.site == "东方网"


@pytest.mark.parametrize("footer,site", [
    ("Copyright © 2005-2024 某某晚报网 All Rights Reserved", "某某晚报网"),
    ("©2024 某某新闻 京ICP备00000000号", "某某新闻"),
    ("某某新闻网 版权所有", "某某新闻网"),
    ("关于某某网 | 联系我们 | 网站地图", "某某网"),
])
def test_site_from_the_footer(footer: str, site: str) -> None:
    article = docconv.parse(page(["2024-05-13 09:16"], head=HEADLINE, footer=(footer,)))
    assert article.site == site


# -- title --------------------------------------------------------------------------------

def test_headline_with_a_space_is_taken_whole() -> None:
    article = parse(["2024-05-13 09:16"])
    assert article.title == HEADLINE


def test_page_title_with_dashes_for_the_headline_dash() -> None:
    headline = "新华全媒+丨外贸稳中向好——前4个月进出口同比增长"
    head = "新华全媒+丨外贸稳中向好-前4个月进出口同比增长-某某头条"
    dateline = "某某社北京5月9日电 题：外贸稳中向好——前4个月进出口同比增长"
    article = docconv.parse(page(["2024-05-09 22:30·某某社", "某某社记者张三、李四"], head=head,
                                 headline=headline, body=(dateline, *BODY)))
    assert article.title == headline
    assert article.paragraphs[0] == dateline
    assert article.authors == ("张三", "李四")


def test_caption_and_widgets_are_never_the_headline() -> None:
    # No page-title line names the headline: it must still not be a caption or a widget.
    text = "\n".join(["某某网", "字号：大 中 小", HEADLINE, "村民在新开通的公交站候车。张三摄",
                      "发布时间：2024-05-13 09:16", *BODY]) + "\n"
    assert docconv.parse(text).title == HEADLINE


def test_publish_time_line_is_never_the_headline() -> None:
    text = "\n".join(["发布时间：2024-05-13 09:16", HEADLINE, *BODY]) + "\n"
    assert docconv.parse(text).title == HEADLINE


# -- published -----------------------------------------------------------------------------

PUBLISHED = [
    (["2024-05-13", "09:16"], "2024-05-13T09:16:00+08:00"),  # time on the next line
    (["发布时间：2024-05-13 09:16:25来源：某某日报"], "2024-05-13T09:16:25+08:00"),  # glued
    (["2024.05.1309:16"], "2024-05-13T09:16:00+08:00"),
    (["2024年5月13日 星期一"], "2024-05-13T00:00:00+08:00"),  # weekday after a date
    (["2024年5月13日 星期一 09:16"], "2024-05-13T09:16:00+08:00"),
    (["更新时间 2012年12月10日, 格林尼治标准时间10:41"], "2012-12-10T10:41:00+00:00"),
    (["本文来源于国家统计局 2024-05-11 09:36:26"], "2024-05-11T09:36:26+08:00"),
    (["2024-05-13 | 09:16"], "2024-05-13T09:16:00+08:00"),
    (["2024/05/13（一）21:16"], "2024-05-13T21:16:00+08:00"),
    (["2024.05.13 09:16 PM"], "2024-05-13T21:16:00+08:00"),
]


@pytest.mark.parametrize("meta,want", PUBLISHED, ids=[" / ".join(p[0]) for p in PUBLISHED])
def test_published(meta: list[str], want: str) -> None:
    assert parse(meta).to_dict()["published"] == want


def test_month_day_time_takes_the_year_printed_elsewhere() -> None:
    footer = ("往期回顾", "2024-05-01 某某村开通首条公交线", *FOOTER)
    article = parse(["05-13 09:16 来源：某某日报"], footer=footer)
    assert article.to_dict()["published"] == "2024-05-13T09:16:00+08:00"


def test_month_day_time_without_any_year_stays_unknown() -> None:
    article = parse(["05-13 09:16 来源：某某日报"], footer=("关于我们",))
    assert article.published is None


# -- body bounds ---------------------------------------------------------------------------

TRAILERS = [
    "版权声明：本文为某某网原创，未经书面授权请勿转载。",
    "某某网(www.example.cn)专稿，未经书面授权请勿转载。",
    "关注公众号：某某日报",
    "下载APP，阅读更多精彩内容",
    "图片来源：某某市公交集团",
    "新聞送上來！快加入某某電子報APP、LINE好友",
    "反侵权声明：本网站稿件如需转载请联系我们。",
    "本网站所刊载信息，不代表本网观点。 刊用本网站稿件，务经书面授权。",
    "参与投票赢大奖>>",
]


@pytest.mark.parametrize("line", TRAILERS)
def test_notices_and_promotions_stay_out_of_the_body(line: str) -> None:
    assert parse(["2024-05-13 09:16"], after=(line, "责任编辑：周七")).paragraphs == BODY


def test_prose_about_a_poll_or_a_stance_is_body() -> None:
    body = (*BODY, "村民投票结果显示，九成以上受访者对新线表示满意，希望增加周末班次。",
            "公交公司表示，上述说法不代表公司观点，相关情况正在核实。")
    assert parse(["2024-05-13 09:16"], body=body).paragraphs == body


def test_related_heading_with_its_tags_ends_the_body() -> None:
    after = ("相关资讯 公交 新线 村民 出行", "城郊再开三条公交线？", "公交站台装上了遮阳棚！")
    assert parse(["2024-05-13 09:16"], after=after).paragraphs == BODY


def test_a_subheading_and_a_caption_inside_do_not_cut_the_body() -> None:
    body = (BODY[0], "村民点赞", "新线首班车驶出公交场站。某某市公交集团供图", *BODY[1:])
    assert parse(["2024-05-13 09:16"], body=body).paragraphs == body


def test_an_ad_or_gallery_set_into_the_article_does_not_end_it() -> None:
    insert = ("广告", "查看原图", "分享到：", "×", "广告")
    rest = ("此外，公交公司还在沿线新增了三处候车亭，方便村民雨天候车。",
            "下一步，当地将根据客流情况优化发车间隔，并研究开通夜班线路。")
    body = (*BODY, *insert, *rest)
    assert parse(["2024-05-13 09:16"], body=body).paragraphs == (*BODY, *rest)


def test_a_descriptive_caption_opens_the_body() -> None:
    body = ("5月13日，村民在新开通的公交站候车。某某市公交集团供图", *BODY)
    assert parse(["2024-05-13 09:16"], body=body).paragraphs == body


@pytest.mark.parametrize("first", [
    "某某社北京5月13日电",
    "本报讯（通讯员 李四）",
    "尊敬的各位乘客：",
    "亲爱的村民朋友们：",
])
def test_dateline_or_salutation_first_paragraph_is_kept(first: str) -> None:
    body = (first, *BODY)
    assert parse(["2024-05-13 09:16"], body=body).paragraphs == body


def test_lead_box_is_not_cut_into_by_a_sidebar_link() -> None:
    before = (*NAV, "哪种公交卡最划算？")
    lead = "核心提示：城郊公交新线开通，沿线六个村的村民进城不用再换乘，出行时间明显缩短。"
    article = parse(["2024-05-13 09:16"], before=before, body=(lead, *BODY))
    assert article.paragraphs == BODY
    assert article.highlights == (lead.split("：", 1)[1],)


# -- bylines -------------------------------------------------------------------------------

BYLINES = [
    (["文/张三", "2024-05-13 09:16"], {}, ("张三",)),
    (["张三/文", "2024-05-13 09:16"], {}, ("张三",)),
    (["记者 张三", "2024-05-13 09:16"], {}, ("张三",)),
    (["2024-05-13 09:16 来源：某某日报 作者：张三 编辑：李四"], {}, ("张三",)),
    (["2024年05月16日 17:02 某某报作者：某某报"], {}, ("某某报",)),
    (["本报记者 王乐文 方 敏", "2024-05-13 09:16"], {}, ("王乐文", "方敏")),
    (["2024-05-13 09:16"], {"after": ("文/张三", "编辑/李四", "责任编辑：周七")}, ("张三",)),
    (["2024-05-13 09:16"], {"after": ("作者 张三 李四", "责任编辑：周七")}, ("张三", "李四")),
    (["2024-05-13 09:16"], {"after": ("某某报·某某网记者 张三 来源：某某报",)}, ("张三",)),
    (["2024-05-13 09:16"], {"body": (*BODY[:-1], BODY[-1] + "（张三）")}, ("张三",)),
    (["2024-05-13 09:16"], {"body": (*BODY[:-1], BODY[-1] + "（某某日报评论员）")},
     ("某某日报评论员",)),
    (["记者｜张三", "2024-05-13 09:16"], {}, ("张三",)),
    (["张三 2024-05-13 09:16"], {}, ("张三",)),  # a person's name beside the date
    (["2024-05-13 09:16"], {"body": ("〔記者王小明／台北報導〕" + BODY[0], *BODY[1:])},
     ("王小明",)),
    # …but a signature that is the editor's name signs the editing.
    (["2024-05-13 09:16"], {"body": (*BODY[:-1], BODY[-1] + "（周七）")}, ()),
]


@pytest.mark.parametrize("meta,kw,want", BYLINES, ids=[str(b[:2]) for b in BYLINES])
def test_bylines(meta: list[str], kw: dict, want: tuple[str, ...]) -> None:
    article = parse(meta, **kw)
    assert article.authors == want
    assert article.title == HEADLINE


@pytest.mark.parametrize("brand", ["央视", "中新网", "某某日报"])
def test_a_brand_beside_the_date_is_the_source(brand: str) -> None:
    article = parse([f"{brand} 2024-05-13 09:16"])
    assert (article.source, article.authors) == (brand, ())


def test_name_before_publish_label_is_the_author_not_the_source() -> None:
    article = parse(["张三 发表于 2024-05-13 09:16"])
    assert article.authors == ("张三",)
    assert article.source is None


# -- explain -------------------------------------------------------------------------------

def test_explain_names_the_line_and_the_rule(tmp_path) -> None:  # type: ignore[no-untyped-def]
    text = page(["2024-05-13 09:16 来源：某某日报", "记者 张三"])
    src = tmp_path / "a.txt"
    src.write_text(text, encoding="utf-8")
    lines = text.split("\n")
    run = run_docconv("inspect", str(src), "--explain")
    assert run.returncode == 0, run.stderr.decode()
    out = run.stdout.decode()
    number = lines.index("2024-05-13 09:16 来源：某某日报") + 1
    assert f"line {number}: 2024-05-13 09:16 来源：某某日报" in out
    assert f"line {lines.index(HEADLINE) + 1}: {HEADLINE}" in out
    assert "page-title line" in out  # the title's rule
    assert f"start line {lines.index(BODY[0]) + 1}:" in out
    assert "editor line" in out  # why the body ends where it does


def test_explain_as_json_and_a_parse_without_it_records_nothing(tmp_path) -> None:  # type: ignore[no-untyped-def]
    import json

    from docconv.parsing.trace import active, recording

    src = tmp_path / "a.txt"
    src.write_text(page(["2024-05-13 09:16 来源：某某日报"]), encoding="utf-8")
    run = run_docconv("inspect", str(src), "--json", "--explain")
    data = json.loads(run.stdout)
    assert data["explain"]["source"][0]["rule"].startswith("labelled source")
    assert data["explain"]["body"]["first"][0]["text"] == BODY[0]
    plain = json.loads(run_docconv("inspect", str(src), "--json").stdout)
    assert "explain" not in plain
    assert active() is None
    with recording() as trace:
        docconv.parse(page(["2024-05-13 09:16"]))
    assert trace.field_notes("published")
    assert active() is None


# -- more bylines, sources and notices ---------------------------------------------------------

MORE_BYLINES = [
    (["文丨某某网特约评论员 张三", "2024-05-13 09:16"], {}, ("张三",)),
    (["2024-05-13 09:16"], {"body": ("某某社北京5月13日电（张三、李四）" + BODY[0], *BODY[1:])},
     ("张三", "李四")),
    (["2024-05-13 09:16 来源：某某新闻网 张三"], {}, ("张三",)),
    # A bracketed note about the writer closes the body: no signature.
    (["2024-05-13 09:16"], {"body": (*BODY[:-1], BODY[-1] + "（作者是某某报评论员）")}, ()),
    # An account's name over the date is the writer; where it posts from is not.
    (["林间小记", "2024-05-13 09:16", "来自甘肃"], {}, ("林间小记",)),
]


@pytest.mark.parametrize("meta,kw,want", MORE_BYLINES, ids=[str(b[:2]) for b in MORE_BYLINES])
def test_more_bylines(meta: list[str], kw: dict, want: tuple[str, ...]) -> None:
    assert parse(meta, **kw).authors == want


@pytest.mark.parametrize("meta,source", [
    (["2024-05-13 09:16 来源: 某某日报 北京 举报"], "某某日报"),
    (["2024-05-13 09:16 来源：某某新闻网 张三"], "某某新闻网"),
    (["2024-05-13 09:16"], "某某日报"),  # from 来源｜ after the body, below
])
def test_source_without_a_place_or_a_writer(meta: list[str], source: str) -> None:
    after = ("来源｜某某日报", "责任编辑：周七")
    assert parse(meta, after=after).source == source


def test_editor_far_below_the_body() -> None:
    links = (f"·相关报道第{n}条：某地公交线路调整" for n in range(20))
    after = ("分享到：", *links, "[责任编辑：周七]")
    assert parse(["2024-05-13 09:16"], after=after).editor == "周七"


def test_a_suffix_of_tags_names_no_site() -> None:
    head = f"{HEADLINE}_中国_法国_全球"
    article = docconv.parse(page(["2024-05-13 09:16"], head=head))
    assert article.site == "某某网"  # from the footer's copyright line


@pytest.mark.parametrize("line", ["调查问题加载中，请稍候。", "若长时间无响应，请刷新本页面",
                                  "广告通知：暑期出行这些问题要注意", "往期推荐返回专题汇总页 >>"])
def test_loading_widgets_and_ads_are_noise(line: str) -> None:
    body = (BODY[0], line, *BODY[1:]) if "往期" not in line else BODY
    after = (line, "责任编辑：周七") if "往期" in line else ("责任编辑：周七",)
    assert parse(["2024-05-13 09:16"], body=body, after=after).paragraphs == BODY
