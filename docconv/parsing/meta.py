"""Meta lines: who wrote it, where it came from, who edited it."""

from __future__ import annotations

import re
from functools import lru_cache

from .dates import DATE_RE, has_date

HAN = r"\u3400-\u9fff\uf900-\ufaff\U00020000-\U0003ffff"


def _alt(words: str) -> str:
    return "|".join(words.split())


# -- labels ---------------------------------------------------------------------------------

AUTHOR_CUES = ("作者", "记者", "記者", "撰文", "撰稿", "执笔", "執筆", "文", "编译", "編譯", "整理")
SOURCE_CUES = (
    "信息来源", "資料來源", "新闻来源", "本文来源", "本文來源", "文章来源", "文章來源", "消息来源",
    "來源於", "来源于", "稿源", "来源", "來源", "出处", "出處", "转自", "轉自",
)
EDITOR_CUES = ("责任编辑", "責任編輯", "责编", "責編", "编辑", "編輯", "本文编辑")
META_CUES = frozenset((*AUTHOR_CUES, *SOURCE_CUES, *EDITOR_CUES))
# Labels that are not meta we keep, listed so their values do not run into ours.
OTHER_CUES = tuple(
    """发布时间 發布時間 发布日期 發佈日期 发表时间 時間 时间 日期 更新 出版 最新更新
    人气 人氣 浏览 瀏覽 阅读 閱讀 点击 點擊 评论 評論 字号 字號 摄影 攝影 图 圖 校对 校對
    分享 发布 發布 審核 审核 监制 監製 通讯员 通訊員 实习生 實習生 建立時間 建立时间
    最後更新 最后更新 更新時間 更新时间 所属分类 所屬分類 标签 標籤 关键词 關鍵詞 关键字 關鍵字
    选稿 選稿 发表于 發表於 发布于 發佈於 原创 原創
    """.split()
)
# Longest first, so 责任编辑 wins over 编辑.
_ALL_CUES = sorted({*AUTHOR_CUES, *SOURCE_CUES, *EDITOR_CUES, *OTHER_CUES}, key=len, reverse=True)
_ANY_CUE = "|".join(map(re.escape, _ALL_CUES))
# 文/张三 and 文｜张三 are labels too, and so are 执笔/张三, 编辑/张三 and 摄影/张三 in credit
# lines (供稿  摄影/张艳  编辑/苏芳); no other cue takes a slash or bar.
_SLASH_CUES = "".join(
    f"(?<={c})" if i == 0 else f"|(?<={c})"
    for i, c in enumerate("文 执笔 執筆 编辑 編輯 责编 責編 摄影 攝影 来源 來源".split())
)
# (丨, a hanzi stroke, stands in for a bar in many bylines: 文丨张三)
_LABEL_SEP = r"(?:\s*[:：]\s*|(?:" + _SLASH_CUES + r")\s*[/／|｜丨]\s*)"
# The value runs to the next label, a wide gap, a bar or a closing bracket.
_VALUE = (
    # (a bracketed aside inside the value, 张三（北京大学教授）, does not end it)
    r"(?P<value>(?:[（(][^（()）]{0,30}[）)]|.)*?)"
    r"(?=\s{2,}|\s*[|｜]|\s+(?:" + _ANY_CUE + r")\s*[:：/／]"
    r"|(?:" + _ANY_CUE + r")[:：]|[】\]）)]|$)"
)
_LABEL_START = r"(?:^|(?<=[\s|｜/【\[（(，,;；\d]))"
LABELLED = re.compile(_LABEL_START + "(?P<cue>" + _ANY_CUE + ")" + _LABEL_SEP + _VALUE)
# A label glued to the previous value, as in 来源：证券时报网作者：李在山.
_GLUED = re.compile(r"(?P<cue>" + _ANY_CUE + r")[:：]\s*" + _VALUE)
# Meta lines that set labels off with a space instead of a colon: 作者 张三 来源 新华网.
_SPACED_CUE = _alt("作者 来源 來源 责任编辑 責任編輯 责编 責編 编辑 編輯")
_SPACED = re.compile(
    r"(?:^|(?<=[\s|｜【\[（(》]))(?P<cue>" + _SPACED_CUE + r")\s+(?P<value>[^\s:：|｜].*?)"
    r"(?=\s+(?:" + _SPACED_CUE + r")\s|\s*[|｜】\]）)]|\s{2,}|$)"
)
_SEPARATOR = re.compile("[:：/／|｜丨]")
# Labels safe to read when glued to the text before them (no word ends in them).
_GLUED_CUES = _alt("作者 责任编辑 責任編輯 责编 責編 来源 來源")
_GLUED_AFTER_VALUE = re.compile(
    r"(?<=[" + HAN + r"])(?P<cue>" + _GLUED_CUES + r")[:：]\s*" + _VALUE
)
# Where a label starts, glued or not: the value before it ends there.
GLUED_LABEL = re.compile(r"(?:" + _ANY_CUE + r")\s*[:：]")


def labelled(line: str) -> list[tuple[str, str]]:
    """All `cue：value` pairs on a line, values trimmed."""
    return list(_labelled(line))


@lru_cache(maxsize=8192)
def _labelled(line: str) -> tuple[tuple[str, str], ...]:
    found: list[tuple[str, str]] = []
    # Every label needs a colon, a slash or a bar (文/, 文｜) unless it is set off by spaces.
    m = LABELLED.search(line) if _SEPARATOR.search(line) else None
    while m:
        found.append((m.group("cue"), m.group("value").strip(" \u3000·|｜")))
        m = _GLUED.match(line, m.end()) or LABELLED.search(line, max(m.end(), m.start() + 1))
    if not found and len(line) <= 60 and " " in line:
        found = [(m.group("cue"), m.group("value").strip()) for m in _SPACED.finditer(line)]
    # In a short dated meta line a label may be glued to the value before it:
    # 2024年05月16日 17:02 新京报作者：新京报.
    if len(line) <= 60 and has_date(line):
        seen = {cue for cue, _ in found}
        for m in _GLUED_AFTER_VALUE.finditer(line):
            if m.group("cue") not in seen:
                found.append((m.group("cue"), m.group("value").strip(" \u3000·|｜")))
    # 记者：您怎么看？ / 编辑：我们认为…… in an interview is a turn of speech, not a label.
    return tuple(
        (cue, value) for cue, value in found if cue not in META_CUES or is_meta_value(cue, value)
    )


_SENTENCE_MARK = re.compile("[。！？!?…]|[.](?=\\s|$)")
_CLAUSE_MARK = re.compile("[，,；;]")


def is_meta_value(cue: str, value: str) -> bool:
    """Whether a labelled value reads like meta (names, a source's name) rather than like
    speech: no sentence punctuation, no question, no clauses run on with commas. A short
    source may close with a full stop (来源：新华社。), a name never does."""
    value = value.strip()
    if len(value) > 50:
        return False
    if cue in SOURCE_CUES and len(value) <= 15 and value.endswith(("。", ".")):
        value = value[:-1]
    if _SENTENCE_MARK.search(value):
        return False
    return not (len(value) > 20 and _CLAUSE_MARK.search(value))


# -- UI vocabulary ---------------------------------------------------------------------------

# Words of a page's furniture: widgets, tabs, buttons, navigation and label words. A value
# (a title, an author, a source, a site) that is only such words is furniture that sits
# where a value would, never the value itself.
UI_WORDS = frozenset(
    """字号 字號 字体 字體 大 中 小 默认 默認 放大 缩小 縮小 打印 列印 关闭 關閉 收藏 分享 分享到
    评论 評論 留言 跟帖 举报 舉報 檢舉 纠错 糾錯 推荐 推薦 关注 關注 订阅 訂閱 登录 登入 注册 註冊
    退出 首页 首頁 正文 返回 顶部 頂部 更多 下载 下載 扫码 掃碼 客户端 客戶端 手机版 手機版 搜索
    搜尋 导航 導航 网站导航 網站導航 频道 頻道 栏目 欄目 专题 專題 视频 視頻 图片 圖片 热点 熱點
    热门 熱門 要闻 要聞 滚动 滾動 资讯 資訊 新闻 新聞 国内 國內 国际 國際 社会 社會 财经 財經
    娱乐 娛樂 体育 體育 科技 军事 軍事 文化 健康 汽车 汽車 房产 房產 教育 旅游 旅遊 时尚 時尚
    作者 记者 記者 来源 來源 编辑 編輯 责任编辑 責任編輯 责编 責編 发布 發布 发表 發表 发布时间
    發布時間 发表于 發表於 发布于 發佈於 更新 更新时间 更新時間 最后更新 最後更新 时间 時間 日期
    选稿 審核 审核 校对 校對 原创 原創 转载 轉載 阅读 閱讀 播报 播報 点赞 點讚 赞 讚 收起 展开
    展開 全文 上一篇 下一篇 上一页 下一页 相关 相關 相关新闻 相關新聞 简 繁 简体 繁體 EN English
    RSS APP 微信 微博 QQ Facebook Twitter Line 今天 今日 昨天 本站 本网 本網
    缩小字体 縮小字體 放大字体 放大字體 增大字体 减小字体 小字号 大字号 字号减小 字号增大 字級
    打印文稿 打印本页 转寄朋友 转发 轉發 转发到头条 链接已复制 复制链接 複製連結 反馈 回饋
    回到首页 回到顶部 返回首页 页首 頁首 点击 點擊 加载中 載入中 Loading 无标题文档 版权声明
    版權聲明 独家抢先看 下载客户端 播报文章 查看原图 查看大图 换一换 不感兴趣 广告 廣告
    个人主页 個人主頁 主页 主頁 文章 作品 动态 動態 粉丝 粉絲 私信 他的 她的 TA的 我的 已关注
    網友 网友 留言板 留言區 讨论 討論 回复 回覆 直播 专栏 專欄 排行 排行榜 精选 精選 要点 要點
    焦点 焦點 独家 獨家 原文 全部 最新 最热 最熱 本地 地方 港澳 台湾 台灣 两岸 兩岸 生活 观点
    觀點 评论员 網站 网站 地图 地圖 联系我们 聯絡我們 关于我们 關於我們 中心""".split()
)
_UI_PUNCT = re.compile(r"[\s:：|｜/／·•()（）【】\[\]<>《》「」“”\"'、,，.。!！?？_\-—>»›+#*]+")
# Where a commenter or account is from, printed after the time: 来自北京市, IP属地：广东.
PLACE_NOTE = re.compile(r"(?:来自|來自|发布于|發佈於|發布於|IP属地|IP屬地)\s*[:：]?\s*\S{0,12}")
# A counter beside a button: 3,930, 1.2万, 139.
_COUNT = re.compile(r"[\d,.]+[万萬wW+]?")
# A year printed alone (2024, 2024年) says when, not who.
_YEAR_ONLY = re.compile(r"^(?:19|20)\d{2}年?$")


def is_ui_value(text: str) -> bool:
    """Whether `text` is made only of furniture words, label words or a bare year."""
    parts = [p for p in _UI_PUNCT.split(text) if p]
    # (a lone Latin letter is a font-size button: A, T)
    return all(
        _ui_compound(p) or p.upper() in UI_WORDS or _COUNT.fullmatch(p) or _YEAR_ONLY.match(p)
        or len(p) == 1 and p.isascii()
        for p in parts
    )


@lru_cache(maxsize=8192)
def _ui_compound(word: str) -> bool:
    """A word made of furniture words run together: 热点推荐, 新闻排行, 打印本页."""
    if word in UI_WORDS:
        return True
    return len(word) > 2 and any(
        word[:n] in UI_WORDS and _ui_compound(word[n:]) for n in range(2, min(len(word), 5))
    )


# -- values ---------------------------------------------------------------------------------

_UI_TAIL = re.compile(
    "(?:"
    + _alt("参与互动 參與互動 我要评论 我要評論 评论 評論 分享 收藏 打印 纠错 糾錯 举报 舉報")
    # with the count a page prints after them: 参与互动(0)
    + r")+(?:\s*[(（]\s*\d*\s*[)）]?)?$"
)
# A byline glued after the source name: 成都日报 记者 张三, 聯合報 記者陳嘉寧／桃園機場報導.
_BYLINE_TAIL = re.compile(
    r"(?<=\S)\s*(?:本报|本報|本台)?(?:特约|特約)?(?:记者|記者|通讯员|通訊員)\s*\S.*$"
)
# A staff code after the editor's name: 张三_NB12082, 刘光博 SF014.
_STAFF_ID = re.compile(r"(?:[_＿]\s*|(?<=[^\x00-\x7f])\s+)[A-Za-z]*\d+[A-Za-z\d]*$")


# A note that the text comes from somewhere, before the name: 本文来源于国家统计局.
_SOURCE_LEAD = re.compile(
    r"^(?:本文|本稿|稿件|文章|信息)?(?:来源|來源|来自|來自|转自|轉自|源自)(?:于|於)?\s*[:：]?\s*"
)
# A widget glued after the name: 新华网 参与互动(0), 环球时报[微博].
_WIDGET_TAIL = re.compile(
    r"\s*[\[【(（]?(?:"
    + _alt("参与互动 參與互動 我要评论 我要評論 微博 评论 評論 分享 收藏 打印 举报 舉報")
    + r")[\]】)）]?\s*[(（]?\d*[)）]?.*$"
)


def clean_source(value: str) -> str | None:
    value = _SOURCE_LEAD.sub("", value.strip(" 　·•"))
    value = _WIDGET_TAIL.sub("", _UI_TAIL.sub("", value.strip()).strip())
    value = _BYLINE_TAIL.sub("", value)
    # A timestamp printed after the name: 来源：人民日报 2021-03-23.
    date = DATE_RE.search(value)
    if date and date.start() > 0:
        value = value[: date.start()]
    value = re.sub(r"^[《〈<]\s*(.+?)\s*[》〉>]$", r"\1", value)
    # A writer's name or the poster's place after the name: 中国新闻网 王帆, 鞭牛士 北京.
    head, _, tail = value.rpartition(" ")
    if head and (tail in PLACES or looks_like_person_name(tail)):
        value = head
    value = value.strip(" 　-—_|｜()（）【】[]·•")
    if not value or len(value) > 30 or re.fullmatch(r"[\d\s:/.-]+", value):
        return None
    return None if is_ui_value(value) else value


def clean_editor(value: str) -> str | None:
    value = value.strip(" 　()（）【】[]")
    value = _STAFF_ID.sub("", value).strip()
    if not value or len(value) > 30:
        return None
    return value


# -- names ----------------------------------------------------------------------------------

_ROLE_PREFIX = re.compile(
    r"^(?:本报|本報|本台|本刊|本网|本網)?(?:特约|特約|见习|見習)?(?:记者|記者)\s*"
)
_ROLE_SUFFIX = re.compile(
    r"\s*(?:/|／)?\s*(?:"
    + _alt("摄影? 攝影? 报道 報導 综合报道 綜合報導 整合 整理 编译 編譯")
    + "|" + _alt("供图 供圖 撰文 专稿 專稿")
    + r"|发自.*|發自.*)$"
    # 马俊峰/文, 张三 图: a one-character role needs a separator, or 王文 would lose a hanzi.
    + r"|(?:\s*[/／]\s*|\s+)(?:文|图|圖)$"
)
# 王小明／台北報導, 张三/北京报道: a place of reporting after the name.
_PLACE_REPORT = re.compile(r"\s*[/／]\s*[^/／\s]{1,12}?(?:报道|報導|电|電|讯|訊)$")
_NAME_SPLIT = re.compile(r"[\s、／/，,;；&＆]+")
_NOT_A_NAME = re.compile(_alt("供图 供圖 受访 受訪 摄 攝 图片 圖片 来源 來源"))
_DESCRIPTOR = re.compile(
    r"^.{1,12}(?:"
    + _alt("专栏作者 專欄作者 特约作者 特約作者 专栏作家 專欄作家 评论员 評論員 撰稿人")
    + ")$"
)
# A name glued to an affiliation, as in 方敏北京大学经济学院教授.
_AFFILIATION = re.compile(
    r"^(?P<name>[" + HAN + r"]{2,3}?)(?=(?:"
    + _alt("北京 上海 中国 中國 清华 清華 复旦 復旦 南京 浙江 武汉 武漢 中山 人民")
    + "|" + _alt("国家 國家 国务院 國務院 香港 台湾 臺灣 台灣 广州 廣州")
    + r"|[" + HAN + r"]{0,6}(?:"
    + _alt("大学 大學 学院 學院 研究 中心 公司 银行 銀行 协会 協會")
    + ")))"
)
ORG_WORDS = re.compile(
    "(?:"
    + _alt("社 网 網 报 報 台 站 刊 新闻 新聞 日报 日報 晚报 晚報 时报 時報 周刊 週刊")
    + "|" + _alt("杂志 雜誌 电视 電視 广播 廣播 频道 頻道 中心 办事处 辦事處 政府 委员会 委員會")
    + "|" + _alt("局 厅 廳 部 院 所 公司 集团 集團")
    + "|[A-Za-z]{2,})$"
)


_SPACED_NAME = re.compile(r"(?<![" + HAN + r"])([" + HAN + r"]) ([" + HAN + r"])(?![" + HAN + r"])")


# A post's author before its time: 张三 发表于 2024-05-13 09:16.
PUBLISHED_BY = re.compile(
    r"^(?P<name>[^\s\d:：|｜]{2,12})\s*(?:发表于|發表於|发布于|發佈於|發布於)\s*[:：]?\s*(?=\d)"
)
# A name signed with a role after a slash: 张三/文, 李四／图.
_NAME_ROLE = re.compile(r"^(?P<name>[" + HAN + r"·]{2,6})\s*[/／]\s*(?:文|图|圖|文图|文圖)$")


def people(names: list[str]) -> list[str]:
    """The names that are not furniture words (作者：正文 is a tab, not a writer)."""
    return [n for n in names if not is_ui_value(n)]


def without_labels(line: str) -> str:
    """The line up to its first label: 中青网记者 魏其濛 来源：中国青年报 → 中青网记者 魏其濛."""
    return GLUED_LABEL.split(line)[0].strip()


# A signature closing the last paragraph: （经济日报评论员）, （张三）.
_SIGNATURE = re.compile(r"[（(]\s*(?P<who>[^（()）\d]{2,14}?)\s*[）)]\s*$")
_SIGNED_ROLE = re.compile(r"^[" + HAN + r"《》]{2,12}(?:评论员|評論員)$")
_NOT_SIGNATURE = re.compile(
    _alt("摄 攝 图 圖 完 编辑 編輯 来源 來源 记者 記者 译 譯 据 據 注 资料 資料 作者 是 系 為 为")
)


def signature(paragraph: str) -> list[str]:
    """Who signs the paragraph with a bracketed name at its very end."""
    m = _SIGNATURE.search(paragraph)
    if not m or len(paragraph) <= len(m.group(0)) + 10:
        return []
    who = m.group("who").strip()
    if _NOT_SIGNATURE.search(who) or is_ui_value(who):
        return []
    if looks_like_name(who) or _SIGNED_ROLE.match(who):
        return [who]
    return []


def split_names(value: str) -> list[str]:
    """'张家华 晨迪' / '段彦超、廖艳' / '马俊峰/文' → names, role words removed."""
    value = _ROLE_PREFIX.sub("", value.strip())
    # An affiliation or role in brackets after a name: 张三（北京大学教授）.
    value = re.sub(r"(?<=\S)\s*[（(][^（()）]*(?:[）)]|$)", " ", value)
    value = value.strip(" 　()（）【】[]")
    value = _PLACE_REPORT.sub("", value)
    value = _ROLE_SUFFIX.sub("", value)
    # A two-character name set with a space to line up with three-character ones: 方 敏.
    value = _SPACED_NAME.sub(r"\1\2", value)
    names = []
    for raw in _NAME_SPLIT.split(value):
        name = _ROLE_SUFFIX.sub("", raw.strip(" 　()（）【】[]·"))
        name = re.sub(r"^(?:\S{0,8}?(?:记者|記者)|作者|通讯员|通訊員)", "", name)
        if not name or name in ("等", "文", "图", "圖", "摄", "攝") or _NOT_A_NAME.search(name):
            continue
        glued = _AFFILIATION.match(name)
        if glued and len(name) > 4:
            name = glued.group("name")
        if len(name) > 20 or re.search(r"\d{3,}", name):
            continue
        names.append(name)
    # 观察者网专栏作者 王文: a role, then the name. A role alone (人民日报评论员) is kept:
    # an organisation credited as writer is still the writer.
    people = [n for n in names if not _DESCRIPTOR.search(n)]
    return people or names


def looks_like_org(text: str) -> bool:
    return bool(ORG_WORDS.search(text)) and len(text) <= 16


def looks_like_person(text: str) -> bool:
    return bool(re.fullmatch(f"[{HAN}]{{2,4}}", text)) and not looks_like_org(text)


# The commonest surnames (single and compound), simplified and traditional: evidence that a
# bare two-to-four-hanzi word beside the date is a person (张三) and not a brand (央视).
SURNAMES = frozenset(
    """王 李 张 張 刘 劉 陈 陳 杨 楊 黄 黃 赵 趙 吴 吳 周 徐 孙 孫 马 馬 朱 胡 郭 何 高 林 罗 羅 郑
    鄭 梁 谢 謝 宋 唐 许 許 韩 韓 冯 馮 邓 鄧 曹 彭 曾 肖 蕭 田 董 袁 潘 于 於 蒋 蔣 蔡 余 杜 叶
    葉 程 苏 蘇 魏 吕 呂 丁 任 沈 姚 卢 盧 姜 崔 钟 鍾 谭 譚 陆 陸 汪 范 范 金 石 廖 贾 賈 夏 韦
    韋 付 傅 方 白 邹 鄒 孟 熊 秦 邱 江 尹 薛 闫 閻 段 雷 侯 龙 龍 史 陶 黎 贺 賀 顾 顧 毛 郝 龚
    龔 邵 万 萬 钱 錢 严 嚴 覃 武 戴 莫 孔 向 汤 湯 常 温 溫 康 施 文 牛 樊 葛 邢 安 齐 齊 易 乔
    喬 伍 庞 龐 颜 顏 倪 庄 莊 聂 聶 章 鲁 魯 岳 翟 殷 詹 申 欧 歐 耿 关 關 兰 蘭 焦 俞 左 柳 甘
    祝 包 宁 寧 尚 符 舒 阮 柯 纪 紀 梅 童 凌 毕 畢 单 單 季 裴 霍 涂 成 苗 谷 盛 曲 翁 冉 骆 駱
    蓝 藍 路 游 辛 靳 管 柴 蒙 鲍 鮑 华 華 喻 祁 蒲 房 滕 屈 饶 饒 解 牟 艾 尤 阳 陽 时 時 穆 农
    農 司 卓 古 吉 缪 繆 简 簡 车 車 项 項 连 連 芦 蘆 麦 麥 褚 娄 婁 窦 竇 戚 岑 景 党 黨 宫 宮
    费 費 卜 冷 晏 席 卫 衛 米 杭 巩 鞏 钮 鈕 欧阳 歐陽 司马 司馬 上官 诸葛 諸葛 东方 東方 皇甫
    令狐 公孙 公孫 慕容 尉迟 尉遲 长孙 長孫 宇文 司徒 夏侯""".split()
)


# Province-level places, printed after a source as where the poster is (鞭牛士 北京).
PLACES = frozenset(
    """北京 天津 上海 重庆 重慶 河北 山西 辽宁 遼寧 吉林 黑龙江 黑龍江 江苏 江蘇 浙江 安徽 福建 江西
    山东 山東 河南 湖北 湖南 广东 廣東 海南 四川 贵州 貴州 云南 雲南 陕西 陝西 甘肃 甘肅 青海 台湾
    台灣 内蒙古 內蒙古 广西 廣西 西藏 宁夏 寧夏 新疆 香港 澳门 澳門 海外""".split()
)


def source_byline(value: str) -> str | None:
    """The writer named after a source: 来源：中国新闻网 王帆 → 王帆."""
    head, _, tail = value.strip().rpartition(" ")
    return tail if head and looks_like_person_name(tail) else None


def looks_like_person_name(text: str) -> bool:
    """A bare word that is a person's name: 2–4 hanzi opening with a common surname."""
    return looks_like_person(text) and (text[:1] in SURNAMES or text[:2] in SURNAMES)


def looks_like_name(text: str) -> bool:
    """A person's name as bylines print it: 2–4 hanzi, or a transliteration with ·."""
    shape = re.fullmatch(f"[{HAN}]{{2,4}}|[{HAN}]{{1,6}}·[{HAN}·]{{1,10}}", text)
    return bool(shape) and not looks_like_org(text)


# -- bylines and credits --------------------------------------------------------------------

# A stand-alone byline: 记者 张三 李四, 本报记者 张三 通讯员 李四, 記者王小明／台北報導,
# 澎湃新闻记者 段彦超, 文/张三.
BYLINE = re.compile(
    r"^(?:[^\s\d:：，。,|｜]{0,8}?(?:记者|記者)\s*[/／|｜丨]?"
    r"|(?:作者|撰文|撰稿|执笔|執筆|文字|文)\s*[/／|｜丨])\s*"
    r"(?P<names>[" + HAN + r"·A-Za-z][^\d:：，。,！？!?；;]{0,40})$"
)
_BYLINE_HINT = re.compile("记者|記者|作者|撰文|撰稿|执笔|執筆|文")


def byline_names(line: str) -> list[str]:
    """Names of a stand-alone byline line, or [] when the line is not one."""
    return list(_byline_names(line))


@lru_cache(maxsize=8192)
def _byline_names(line: str) -> tuple[str, ...]:
    if len(line) > 50 or not _BYLINE_HINT.search(line):
        return ()
    m = BYLINE.match(line.strip())
    if not m:
        signed = _NAME_ROLE.match(line.strip())
        return (signed.group("name"),) if signed and looks_like_name(signed.group("name")) else ()
    return tuple(n for n in split_names(m.group("names")) if looks_like_name(n))


# A dateline credit inside the lead: （记者 张三 李四）, （中央社記者邱俊欽桃園19日電）,
# （编译/林靖东）.
CREDIT = re.compile(
    r"[（(〔\[【](?:[^（()）〔〕]{0,12}?)(?:记者|記者|编译|編譯|撰文|文)\s*[/／:：]?\s*"
    r"(?P<names>[^（()）〔〕]{2,40}?)\s*[）)〕\]】]"
)
# Taiwan-style credit with no role word: （王煌忠／台中報導）.
TW_CREDIT = re.compile(
    r"[（(〔](?P<names>[" + HAN + r"、\s]{2,20}?)[/／][" + HAN + r"]{1,10}(?:報導|报道)[）)〕]"
)
_DATELINE_TAIL = re.compile(r"^(?P<name>[" + HAN + r"]{3})[" + HAN + r"]{2,3}\d{1,2}日[电電]")
_REPORT_TAIL = re.compile(r"\s*(?:报道|報導|综合报道|綜合報導|整合|发自.*|發自.*)$")


# Names in brackets right after a dateline: 新华社北京5月19日电（刘艺、杨吉）.
DATELINE_CREDIT = re.compile(
    r"\d{1,2}日(?:电|電|讯|訊)\s*[（(](?P<names>[" + HAN + r"、·\s]{2,24})[）)]"
)


def credit_names(text: str) -> list[str]:
    """Authors named in a bracketed credit inside a paragraph."""
    found: list[str] = []
    for m in DATELINE_CREDIT.finditer(text):
        found += [n for n in split_names(m.group("names")) if looks_like_name(n)]
    for m in CREDIT.finditer(text):
        names = m.group("names").strip()
        tail = _DATELINE_TAIL.match(names)
        if tail:
            found.append(tail.group("name"))
            continue
        names = re.sub(r"\s*\d{1,2}\s*[日月].*$", "", names)  # 北京3日电
        names = _REPORT_TAIL.sub("", _PLACE_REPORT.sub("", names))  # 王小明／台北報導
        found += [n for n in split_names(names) if re.fullmatch(f"[{HAN}·]{{2,4}}", n)]
    for m in TW_CREDIT.finditer(text):
        found += [n for n in split_names(m.group("names")) if looks_like_name(n)]
    return found


# A byline that pairs a writer with a paper: 石佳/中国青年报.
_NAME_ORG = re.compile(r"^(?P<name>[" + HAN + r"·]{2,6})\s*[/／]\s*(?P<org>[^/／\s]{2,16})$")


def name_and_org(line: str) -> tuple[str, str] | None:
    """(writer, paper) of a `name/paper` byline line, or None."""
    m = _NAME_ORG.match(line.strip())
    if not m or not looks_like_name(m.group("name")) or not looks_like_org(m.group("org")):
        return None
    return m.group("name"), m.group("org")
