"""Meta lines as real sites print them: dates, zones, authors, sources, editors — each variant
set into a clean article block, which must still parse to the same title and body."""

from __future__ import annotations

import json
from collections.abc import Sequence
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest
from conftest import run_docconv

import docconv
from docconv.errors import DocconvError

TITLE = "市委召开专题会议研究部署重点工作"
BODY = (
    "本报讯 根据统一安排部署，3月22日，市委召开专题会议，研究部署下一阶段的重点工作，"
    "会议由市委主要负责同志主持。",
    "会议指出，要坚持问题导向，聚焦重点领域和关键环节，推动各项工作落地见效，"
    "切实增强人民群众的获得感和幸福感。",
    "会议强调，各级各部门要压实责任、形成合力，确保各项任务按时保质完成，以优异成绩迎接新的挑战。",
)


def block(meta: list[str], trailer: Sequence[str] = (), body: tuple[str, ...] = BODY) -> str:
    """A clean article block like the seed: site, title, meta lines, body, trailer."""
    paragraphs = [f"　　{p}\n" for p in body]
    return "\n".join(["某某新闻网", "", TITLE, *meta, "", *paragraphs, *trailer]) + "\n"


def parsed(meta: list[str], trailer: Sequence[str] = (), **kw: Any) -> dict:
    article = docconv.parse(block(meta, trailer), **kw)
    assert article.title == TITLE
    assert article.paragraphs == BODY
    return article.to_dict()


DATES = [
    ("2021-03-23 07:06:57", "2021-03-23T07:06:57+08:00"),
    ("2021年03月23日 07:06", "2021-03-23T07:06:00+08:00"),
    ("2021年3月23日07:06", "2021-03-23T07:06:00+08:00"),
    ("2019/6/15 8:18", "2019-06-15T08:18:00+08:00"),
    ("2019.06.15 08:18", "2019-06-15T08:18:00+08:00"),
    ("2021/03/23 07:06", "2021-03-23T07:06:00+08:00"),
    ("[2021-03-23 07:06]", "2021-03-23T07:06:00+08:00"),
    ("2021年3月23日 星期二", "2021-03-23T00:00:00+08:00"),
    ("发布时间：2019-06-15", "2019-06-15T00:00:00+08:00"),
    ("发布时间：2019-06-15 08:18:30　来源：新华网", "2019-06-15T08:18:30+08:00"),
    ("2019年06月15日 下午 3:05", "2019-06-15T15:05:00+08:00"),
    ("2021-03-23T07:06:57+08:00", "2021-03-23T07:06:57+08:00"),
    ("15:312018/09/16", "2018-09-16T15:31:00+08:00"),
    ("发布时间：民國110年3月23日", "2021-03-23T00:00:00+08:00"),
    ("110/03/23 07:06", "2021-03-23T07:06:00+08:00"),
    # Two-digit years (baijiahao), and date and time glued by inline elements.
    ("发布时间：18-03-08 23:16", "2018-03-08T23:16:00+08:00"),
    ("发布时间：18-03-0823:16", "2018-03-08T23:16:00+08:00"),
    ("2018-03-0823:16", "2018-03-08T23:16:00+08:00"),
    ("2023年3月30日 星期四 10:26", "2023-03-30T10:26:00+08:00"),
    ("2021-03-23（星期二）07:06", "2021-03-23T07:06:00+08:00"),
    ("２００５年３月２１日 １１：２１", "2005-03-21T11:21:00+08:00"),
    ("来\u200b源：新华社 2005－03－21", "2005-03-21T00:00:00+08:00"),
    # An update time is not the publish time when the line has both.
    ("更新：2019-06-16 09:00 发布：2019-06-15 08:18", "2019-06-15T08:18:00+08:00"),
    # Zones printed with the time win over the default.
    ("2019-06-15 08:18 HKT", "2019-06-15T08:18:00+08:00"),
    ("2019-06-15 08:18 GMT", "2019-06-15T08:18:00+00:00"),
    ("2019-06-15 08:18 UTC", "2019-06-15T08:18:00+00:00"),
    ("2019-06-15 08:18 (GMT+8)", "2019-06-15T08:18:00+08:00"),
    ("2019-06-15 08:18 GMT+9", "2019-06-15T08:18:00+09:00"),
    ("2019-06-15 08:18 +05:30", "2019-06-15T08:18:00+05:30"),
    # Without a year there is no date to give.
    ("10月4日 20:30", None),
]


@pytest.mark.parametrize("line,want", DATES, ids=[d[0] for d in DATES])
def test_dates(line: str, want: str | None) -> None:
    assert parsed([line])["published"] == want


AUTHORS = [
    ("2021-03-23 07:06:57 作者：张三", ["张三"]),
    ("2021-03-23 07:06:57    作者:张三 李四      来源:成都日报", ["张三", "李四"]),
    ("作者 ： 张三", ["张三"]),
    ("作者：张三、李四", ["张三", "李四"]),
    ("作者：张三／李四", ["张三", "李四"]),
    ("作者：新华社记者 张三 李四", ["张三", "李四"]),
    ("作者：张三（北京大学教授）", ["张三"]),
    ("作者：张三（北京大学教授） 李四（清华大学研究员）", ["张三", "李四"]),
    ("记者 张三 李四", ["张三", "李四"]),
    ("记者：张三、李四", ["张三", "李四"]),
    ("本报记者 张三 通讯员 李四", ["张三", "李四"]),
    ("新华社记者 张三", ["张三"]),
    ("澎湃新闻记者 段彦超 廖艳", ["段彦超", "廖艳"]),
    ("記者王小明／台北報導", ["王小明"]),
    ("文/张三", ["张三"]),
    ("文／张三", ["张三"]),
    ("文｜张三", ["张三"]),
    ("撰文：张三", ["张三"]),
    ("撰稿：张三", ["张三"]),
    ("2021-03-23 07:06 来源：成都日报 记者 张三", ["张三"]),
    ("2021-03-23 07:06 作者 张三 来源 新华网", ["张三"]),
    ("2021-03-23 07:06来源：新华社作者：张三", ["张三"]),
    ("時間：2021/03/23 07:06 來源：中央社 記者：王小明", ["王小明"]),
    ("2021-03-23 07:06 来源：新华网", []),
    # Held-out pages: a writer/paper byline, a role before the name, 执笔/ with &.
    ("石佳/中国青年报", ["石佳"]),
    ("【文/观察者网专栏作者 王文】", ["王文"]),
    ("文/王文", ["王文"]),
    ("作者：人民日报评论员", ["人民日报评论员"]),
    ("执笔/叨叨姐、胡一刀&李小飞刀", ["叨叨姐", "胡一刀", "李小飞刀"]),
    ("《棱镜》作者 周纯", ["周纯"]),
]


@pytest.mark.parametrize("line,want", AUTHORS, ids=[a[0] for a in AUTHORS])
def test_authors(line: str, want: list[str]) -> None:
    assert parsed([line])["authors"] == want


TRAILING_CREDITS = [
    ("（记者 王五）", ["王五"]),
    ("（记者 王五 赵六）", ["王五", "赵六"]),
    ("（记者王五 通讯员赵六）", ["王五", "赵六"]),
    ("（王煌忠／台中報導）", ["王煌忠"]),
    ("(文/图 刘玺东 易赛楠)", ["刘玺东", "易赛楠"]),
    ("（编译/林靖东）", ["林靖东"]),
]


@pytest.mark.parametrize("credit,want", TRAILING_CREDITS, ids=[c[0] for c in TRAILING_CREDITS])
def test_trailing_credit_in_last_paragraph(credit: str, want: list[str]) -> None:
    body = (*BODY[:-1], BODY[-1] + credit)
    article = docconv.parse(block(["2021-03-23 07:06"], body=body))
    assert article.paragraphs == body  # the credit stays in the text it belongs to
    assert list(article.authors) == want


SOURCES = [
    ("来源：新华社", "新华社"),
    ("来源: 新华社", "新华社"),
    ("来源：　新华社", "新华社"),
    ("稿源：新华社", "新华社"),
    ("出处：新华社", "新华社"),
    ("信息来源：新华社", "新华社"),
    ("来源于：东区办事处", "东区办事处"),
    ("【来源：新华社】", "新华社"),
    ("來源：中央社", "中央社"),
    ("2021-03-23　07:06　来源：新华社", "新华社"),
    ("2021-03-23 07:06 来源：新华社 作者：张三 责任编辑：李四", "新华社"),
    ("2021-03-23 07:06来源：新华社作者：张三", "新华社"),
    ("2021-03-23 07:06 来源：成都日报 记者 张三", "成都日报"),
    ("2019-09-26 10:56:28 证券时报网", "证券时报网"),
    ("新华社", "新华社"),
    ("2021-03-23 07:06", None),
    ("2019-09-07 09:59:22　来源: 新京报 举报", "新京报"),
    ("石佳/中国青年报", "中国青年报"),
]


@pytest.mark.parametrize("line,want", SOURCES, ids=[s[0] for s in SOURCES])
def test_sources(line: str, want: str | None) -> None:
    assert parsed([line])["source"] == want


EDITORS = [
    ("责任编辑：李云", "李云"),
    ("责任编辑:李云", "李云"),
    ("责任编辑 李云", "李云"),
    ("编辑：李云", "李云"),
    ("责编：李云", "李云"),
    ("【责任编辑：李云】", "李云"),
    ("【编辑：姚昊】", "姚昊"),
    ("（编辑 李云）", "李云"),
    ("(责编：汤诗瑶、丁涛)", "汤诗瑶、丁涛"),
    ("责任编辑:张三_NB12082", "张三"),
    ("责任编辑：刘光博 SF014", "刘光博"),
    ("责任编辑： HN666", "HN666"),
    ("責任編輯：李云", "李云"),
    ("医技药剂党支部供稿  摄影/张艳  编辑/苏芳", "苏芳"),
]


@pytest.mark.parametrize("line,want", EDITORS, ids=[e[0] for e in EDITORS])
def test_editors(line: str, want: str) -> None:
    assert parsed(["2021-03-23 07:06"], [line])["editor"] == want


@pytest.mark.parametrize("line", ["本文来源：经济日报", "（文章来源：经济日报）", "来源：经济日报"])
def test_source_after_the_body(line: str) -> None:
    assert parsed(["2021-03-23 07:06"], [line])["source"] == "经济日报"


@pytest.mark.parametrize("note", ["原标题：市委召开会议", "（原标题：市委召开会议）"])
def test_original_title_note_is_not_body(note: str) -> None:
    article = docconv.parse(block(["2021-03-23 07:06"], body=(note, *BODY)))
    assert article.paragraphs == BODY


def test_editor_in_the_meta_line() -> None:
    assert parsed(["2021-03-23 07:06 来源：新华社 责任编辑：李四"])["editor"] == "李四"


def test_end_mark_is_not_a_paragraph() -> None:
    assert parsed(["2021-03-23 07:06"], ["（完）"])["editor"] is None


# -- time zones -----------------------------------------------------------------------------


def offset(article: docconv.Article) -> timedelta | None:
    assert article.published is not None
    return article.published.utcoffset()


ZONES = [
    (None, 8), ("Asia/Shanghai", 8), ("Asia/Taipei", 8), ("UTC", 0), ("Europe/London", 0),
    ("America/New_York", -4),  # 23 March 2021 is daylight time there
]


@pytest.mark.parametrize("tz,hours", ZONES)
def test_naive_time_takes_the_tz_option(tz: str | None, hours: int) -> None:
    article = docconv.parse(block(["2021-03-23 07:06:57"]), tz=tz)
    assert article.published is not None
    assert (article.published.hour, article.published.minute) == (7, 6)  # wall clock kept
    assert offset(article) == timedelta(hours=hours)


@pytest.mark.parametrize("line,hours", [("2019-06-15 08:18 HKT", 8), ("2019-06-15 08:18 GMT", 0)])
def test_printed_zone_beats_the_tz_option(line: str, hours: int) -> None:
    article = docconv.parse(block([line]), tz="America/New_York")
    assert offset(article) == timedelta(hours=hours)


def test_unknown_tz_is_an_error() -> None:
    with pytest.raises(DocconvError, match="Mars/Olympus"):
        docconv.parse(block(["2021-03-23 07:06"]), tz="Mars/Olympus")


def test_cli_tz_option(tmp_path: Path) -> None:
    src = tmp_path / "a.txt"
    src.write_text(block(["2021-03-23 07:06:57"]), encoding="utf-8")
    run = run_docconv("inspect", str(src), "--json", "--tz", "UTC")
    assert run.returncode == 0, run.stderr.decode()
    assert json.loads(run.stdout)["published"] == "2021-03-23T07:06:57+00:00"
    bad = run_docconv("inspect", str(src), "--tz", "Nowhere/Land")
    assert bad.returncode == 2
    assert b"Nowhere/Land" in bad.stderr and b"Traceback" not in bad.stderr


# Zones printed in the forms the review found ignored: in brackets, as a place's time, or as
# an abbreviation from outside China. An abbreviation that names several zones (IST, CDT) is
# ignored — the time then takes --tz — and never read as some other zone.
PRINTED_ZONES = [
    ("2019-06-15 08:18 (HKT)", "Asia/Hong_Kong", 8),
    ("2019-06-15 08:18（HKT）", "Asia/Hong_Kong", 8),
    ("HKT 2019-06-15 08:18", "Asia/Hong_Kong", 8),
    ("2019-06-15 08:18 (GMT+8)", None, 8),
    ("(GMT+8) 2019-06-15 08:18", None, 8),
    ("UTC+9 2019-06-15 08:18", None, 9),
    ("北京时间 2019-06-15 08:18", "Asia/Shanghai", 8),
    ("北京时间2019年6月15日08:18", "Asia/Shanghai", 8),
    ("2019-06-15 08:18（北京时间）", "Asia/Shanghai", 8),
    ("发布时间（北京时间）：2019-06-15 08:18", "Asia/Shanghai", 8),
    ("台北時間 2019-06-15 08:18", "Asia/Taipei", 8),
    ("2019-06-15 08:18 台北时间", "Asia/Taipei", 8),
    ("香港時間 2019-06-15 08:18", "Asia/Hong_Kong", 8),
    ("2019-06-15 08:18 香港时间", "Asia/Hong_Kong", 8),
    ("2019-06-15 08:18 EST", None, -5),
    ("2019-06-15 08:18 EDT", None, -4),
    ("2019-06-15 08:18 PST", None, -8),
    ("2019-06-15 08:18 PDT", None, -7),
    ("2019-06-15 08:18 JST", "Asia/Tokyo", 9),
    ("2019-06-15 08:18 KST", "Asia/Seoul", 9),
    ("2019-06-15 08:18 BST", None, 1),
    ("2019-06-15 08:18 CET", None, 1),
    ("2019-06-15 08:18 CEST", None, 2),
    ("2019-06-15 08:18 (EST)", None, -5),
    # Ambiguous or unknown: the --tz zone (UTC here), never a guess.
    ("2019-06-15 08:18 IST", None, 0),
    ("2019-06-15 08:18 CDT", None, 0),
    ("2019-06-15 08:18 当地时间", None, 0),
    ("2019-06-15 08:18 ESTATE", None, 0),
]


@pytest.mark.parametrize("line,name,hours", PRINTED_ZONES, ids=[z[0] for z in PRINTED_ZONES])
def test_printed_zone_forms(line: str, name: str | None, hours: int) -> None:
    article = docconv.parse(block([line]), tz="UTC")
    assert article.title == TITLE and article.paragraphs == BODY
    assert article.published is not None
    assert (article.published.hour, article.published.minute) == (8, 18)
    assert offset(article) == timedelta(hours=hours)
    if name:
        assert str(article.published.tzinfo) == name


def test_zone_name_is_not_the_source() -> None:
    assert parsed(["北京时间 2021-03-23 07:06"])["source"] is None
    assert parsed(["2021-03-23 07:06（北京时间） 新华社"])["source"] == "新华社"


# -- labelled lines that are speech, not meta --------------------------------------------------

SPEECH = [
    "记者：您如何看待今年的经济形势？",
    "记者：谢谢您接受采访。",
    "编辑：我们认为，今年的经济形势总体平稳，稳中有进，但也面临不少挑战。",
    "作者：这是我第一次来到这座城市！",
    "来源：您的问题来自哪里？",
]


@pytest.mark.parametrize("line", SPEECH)
def test_cue_line_with_speech_is_not_meta(line: str) -> None:
    from docconv.parsing import lines as L
    from docconv.parsing import meta as M

    assert M.labelled(line) == []
    assert not L.is_meta(line) and not L.is_editor_line(line) and not L.is_trailer(line)


@pytest.mark.parametrize(
    "line,cue,value",
    [("记者：张三、李四", "记者", "张三、李四"), ("来源：新华社。", "来源", "新华社。"),
     ("责任编辑：张三 李四", "责任编辑", "张三 李四"),
     ("作者：张三，李四，王五", "作者", "张三，李四，王五"),
     ("来源：人民日报（2021年03月23日 第 01 版）", "来源", "人民日报（2021年03月23日 第 01 版）")],
)
def test_cue_line_with_meta_value_is_still_meta(line: str, cue: str, value: str) -> None:
    from docconv.parsing import lines as L
    from docconv.parsing import meta as M

    assert M.labelled(line) == [(cue, value)]
    assert L.is_meta(line)
