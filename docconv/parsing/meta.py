"""Meta lines: who wrote it, where it came from, who edited it."""

from __future__ import annotations

import re

HAN = r"\u3400-\u9fff\uf900-\ufaff\U00020000-\U0003ffff"
_COLON = r"\s*[:：]\s*"
# 文/张三 is a label too; no other cue takes a slash.
_LABEL_SEP = r"(?:\s*[:：]\s*|(?<=文)\s*[/／]\s*)"
# Labels, longest first so 责任编辑 wins over 编辑.
AUTHOR_CUES = ("作者", "记者", "記者", "撰文", "撰稿", "文", "编译", "編譯", "整理")
SOURCE_CUES = ("信息来源", "資料來源", "新闻来源", "來源於", "来源于", "稿源", "来源", "來源", "出处", "出處", "转自")
EDITOR_CUES = ("责任编辑", "責任編輯", "责编", "責編", "编辑", "編輯", "本文编辑")
OTHER_CUES = (
    "发布时间", "發布時間", "发布日期", "發佈日期", "发表时间", "時間", "时间", "日期", "更新",
    "出版", "最新更新", "人气", "人氣", "浏览", "瀏覽", "阅读", "閱讀", "点击", "點擊", "评论", "評論",
    "字号", "字號", "摄影", "攝影", "图", "圖", "校对", "校對", "分享", "发布", "發布", "審核", "审核",
    "监制", "監製", "通讯员", "通訊員", "实习生", "實習生",
)
_ALL_CUES = sorted({*AUTHOR_CUES, *SOURCE_CUES, *EDITOR_CUES, *OTHER_CUES}, key=len, reverse=True)
_ANY_CUE = "|".join(map(re.escape, _ALL_CUES))
# `label：value` pairs; the value runs to the next label, a wide gap or a bracket.
LABELLED = re.compile(
    r"(?:^|(?<=[\s|｜/【\[（(，,;；\d]))(?P<cue>" + _ANY_CUE + r")" + _LABEL_SEP
    + r"(?P<value>.*?)(?=\s{2,}|\s*[|｜]|\s+(?:" + _ANY_CUE + r")\s*[:：/／]|(?:" + _ANY_CUE
    + r")[:：]|[】\]）)]|$)"
)

_ROLE_SUFFIX = re.compile(
    r"\s*(?:/|／)?\s*(?:摄影?|攝影?|报道|報導|综合报道|綜合報導|整合|整理|编译|編譯|供图|供圖|文|图|圖|撰文|发自.*|發自.*|专稿|專稿)$"
)
_STAFF_ID = re.compile(r"[_＿]\s*[A-Za-z]*\d+[A-Za-z\d]*$")
_UI_TAIL = re.compile(r"(?:参与互动|參與互動|我要评论|我要評論|评论|評論|分享|收藏|打印|纠错|糾錯)+$")
_NAME_SPLIT = re.compile(r"[\s、／/，,;；]+")
# A name glued to an affiliation, as in 方敏北京大学经济学院教授.
_AFFILIATION = re.compile(
    r"^(?P<name>[" + HAN + r"]{2,3}?)(?=(?:北京|上海|中国|中國|清华|清華|复旦|復旦|南京|浙江|武汉|武漢|"
    r"中山|人民|国家|國家|国务院|國務院|香港|台湾|臺灣|台灣|广州|廣州|[" + HAN + r"]{0,6}(?:大学|大學|学院|學院|研究|中心|公司|银行|銀行|协会|協會)))"
)
ORG_WORDS = re.compile(
    r"(?:社|网|網|报|報|台|站|刊|新闻|新聞|日报|日報|晚报|晚報|时报|時報|周刊|週刊|杂志|雜誌|电视|電視|广播|廣播|"
    r"频道|頻道|中心|办事处|辦事處|政府|委员会|委員會|局|厅|廳|部|院|所|公司|集团|集團|[A-Za-z]{2,})$"
)


def labelled(line: str) -> list[tuple[str, str]]:
    """All `cue：value` pairs on a line, values trimmed."""
    return [(m.group("cue"), m.group("value").strip(" \u3000·|｜")) for m in LABELLED.finditer(line)]


def clean_source(value: str) -> str | None:
    value = _UI_TAIL.sub("", value.strip()).strip()
    value = re.sub(r"^[《〈<]\s*(.+?)\s*[》〉>]$", r"\1", value)
    value = value.strip(" 　-—_|｜()（）【】[]")
    if not value or len(value) > 30 or re.fullmatch(r"[\d\s:/.-]+", value):
        return None
    return value


def clean_editor(value: str) -> str | None:
    value = value.strip(" 　()（）【】[]")
    value = _STAFF_ID.sub("", value).strip()
    if not value or len(value) > 30:
        return None
    return value


def split_names(value: str) -> list[str]:
    """'张家华 晨迪' / '段彦超、廖艳' / '马俊峰/文' → names, role words removed."""
    value = re.sub(r"^(?:本报|本報|本台|本刊|本网|本網)?(?:特约|特約|见习|見習)?(?:记者|記者)\s*", "", value.strip())
    value = value.strip(" 　()（）【】[]")
    value = _ROLE_SUFFIX.sub("", value)
    names = []
    for raw in _NAME_SPLIT.split(value):
        name = _ROLE_SUFFIX.sub("", raw.strip(" 　()（）【】[]·"))
        name = re.sub(r"^(?:记者|記者|作者|通讯员|通訊員)", "", name)
        if not name or name in ("等", "文", "图", "圖", "摄", "攝"):
            continue
        if re.search("供图|供圖|受访|受訪|摄|攝|图片|圖片|来源|來源", name):
            continue
        glued = _AFFILIATION.match(name)
        if glued and len(name) > 4:
            name = glued.group("name")
        if len(name) > 20 or re.search(r"\d{3,}", name):
            continue
        names.append(name)
    return names


# A dateline credit inside the lead: （记者 张三 李四）, （中央社記者邱俊欽桃園19日電）, （编译/林靖东）.
CREDIT = re.compile(
    r"[（(](?:[^（()）]{0,12}?)(?:记者|記者|编译|編譯|撰文|文)\s*[/／:：]?\s*(?P<names>[^（()）]{2,40}?)\s*[）)]"
)
_DATELINE_TAIL = re.compile(r"^(?P<name>[" + HAN + r"]{3})[" + HAN + r"]{2,3}\d{1,2}日[电電]")


def credit_names(text: str) -> list[str]:
    """Authors named in a bracketed credit inside a paragraph."""
    found: list[str] = []
    for m in CREDIT.finditer(text):
        names = m.group("names").strip()
        tail = _DATELINE_TAIL.match(names)
        if tail:
            found.append(tail.group("name"))
            continue
        names = re.sub(r"\s*\d{1,2}\s*[日月].*$", "", names)  # 北京3日电
        names = re.sub(r"\s*(?:报道|報導|综合报道|綜合報導|整合|发自.*|發自.*)$", "", names)
        found += [n for n in split_names(names) if 2 <= len(n) <= 4 and re.fullmatch(f"[{HAN}·]+", n)]
    return found


def looks_like_org(text: str) -> bool:
    return bool(ORG_WORDS.search(text)) and len(text) <= 16


def looks_like_person(text: str) -> bool:
    return bool(re.fullmatch(f"[{HAN}]{{2,4}}", text)) and not looks_like_org(text)
