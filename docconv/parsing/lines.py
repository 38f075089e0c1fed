"""Line classes: what a line of a scraped page is, judged by cue words and shape."""

from __future__ import annotations

import re
from functools import lru_cache

from . import meta as M
from .dates import has_date
from .meta import HAN


def _alt(words: str) -> str:
    return "(?:" + "|".join(words.split()) + ")"


_RELATED = _alt(
    "相关 相關 延伸 推荐 推薦 热门 熱門 热点 熱點 精彩 更多 猜你 你可能 为您 為您 为你 為你"
)
_RELATED_WHAT = _alt(
    "新闻 新聞 阅读 閱讀 推荐 推薦 文章 链接 鏈接 报道 報導 视频 視頻 专题 專題 图片 圖片"
    " 喜欢 喜歡 内容 內容 话题 話題"
)
_BUTTON = _alt(
    "打印 列印 关闭 關閉 收藏 分享 评论 評論 纠错 糾錯 推荐 推薦 举报 檢舉"
    " 返回 顶部 頂部 本页 本頁 窗口"
)
# Furniture that scrapers leave around (and inside) an article. Matched against whole lines.
_NOISE_PARTS = (
    # share bars, font-size and print widgets
    r"分享到?[:：]?.*|.{0,6}分享[:：]?|" + _alt("字号 字號 字体 字體") + r"[:：]?.*|调整字体",
    r"字级设定.*|字級設定.*|【?(?:字体|字體)[:：].*|[大中小特默认認\s]{3,}",
    _alt("放大 缩小 縮小 默认 默認 打印 列印 关闭 關閉 收藏 已收藏 举报 檢舉 纠错 糾錯"),
    r"(?:【?(?:打印|关闭|關閉|列印)(?:本页|本頁|窗口|視窗)?】?\s*)+",
    r"(?:" + _BUTTON + r"\s*)+",
    # breadcrumbs
    _alt("首页 首頁 当前位置 當前位置 现在位置 現在位置 您的位置 你的位置 位置")
    + r"[:：\s]*(?:[^>]{0,20}\s*(?:>>?|›|»|/)\s*)+.*",
    r".{0,30}(?:\s>\s|>>|›|»).{0,30}(?:正文|>\s*\S{0,8})",
    # copyright and licence footers
    r".*"
    + _alt("版权所有 版權所有 ICP[证證备備] 公网安备 公網安備 未经授权不得转载 未經授權不得轉載")
    + ".*",
    r".*(?:all rights reserved|copyright\s*©|©\s*\d{4}|禁止转载|禁止轉載).*",
    # anti-infringement notices and the site's disclaimers: 反侵权声明, 违者必究, 本网站所刊载
    #信息不代表本网观点, 刊用本网站稿件务经书面授权
    r".*" + _alt("反侵权 反侵權 侵权必究 侵權必究 违者必究 違者必究 侵权举报 侵權舉報") + ".*",
    r"[（(【\[]?" + _alt("本网 本網 本站 本网站 本網站 本平台 以上 免责声明 免責聲明")
    + r".{0,30}(?:不代表|仅代表|僅代表).{0,20}(?:观点|觀點|立场|立場).*",
    r".*(?:务经|務經|须经|須經|需经|需經|请经|請經).{0,4}(?:书面|書面)?(?:授权|授權|许可|許可).*",
    # loading widgets and ads: 调查问题加载中，请稍候。 广告通知：…
    r"(?=.{0,40}$).*(?:加载中|載入中|请刷新|請重新整理|请稍候|請稍候).*",
    r"(?:广告|廣告)(?:通知)?[:：]?.{0,40}",
    # platform disclaimers and comment rules
    r".*(?:仅提供信息存储|僅提供資訊儲存|仅提供信息发布平台|文明上网|理性发言).*",
    r"[“\"]?" + _alt("特别声明 特別聲明 免责声明 免責聲明 版权声明 版權聲明") + r"\s*[:：].*",
    # follow-us plugs: 关注公众号：某某, 关注微信号
    r"(?=.{0,40}$).*(?:关注|關注).{0,6}(?:公众号|公眾號|微信号|微信號|视频号|視頻號).*",
    # reprint notices: 39健康网(www.39.net)专稿，未经书面授权请勿转载。
    r"(?=.{0,80}$).*(?:未经|未經).{0,8}(?:授权|授權|许可|許可).{0,8}"
    + _alt("转载 轉載 使用 复制 複製 摘编 摘編") + ".*",
    # related links, pagers, app and QR-code plugs
    _RELATED + _RELATED_WHAT + r"?.{0,6}",
    r"[【\[]?"
    + _alt("上一篇 下一篇 上一页 下一页 上一頁 下一頁 返回顶部 返回頂部 返回首页 返回首頁 回到顶部")
    + r"[】\]]?[:：]?.*",
    _alt("点击进入 點擊進入 进入专题 進入專題") + r"[:：]?.*",
    # (short lines only: running text may mention an app or a QR code)
    r"(?=.{0,60}$)(?!.*[，。]).*"
    + _alt("扫码 掃碼 扫一扫 掃一掃 二维码 二維碼 关注我们 關注我們")
    + r".{0,20}",
    r"(?=.{0,60}$)(?!.*[，。]).*"
    + _alt("下载APP 下載APP 客户端 客戶端 APP下载 APP下載")
    + r".{0,20}",
    # promotions: join the app, the LINE friends, the fan page; a poll or an event to join
    r"(?=.{0,50}$).*"
    + _alt("加入 下载 下載 订阅 訂閱 追踪 追蹤 关注 關注 按讚 按赞 点赞 點讚 扫码 掃碼")
    + r".{0,12}"
    + _alt("APP App app LINE Line 好友 粉絲團 粉丝团 電子報 电子报 頻道 频道 公众号 公眾號")
    + ".*",
    r"(?=.{0,40}$)(?!.*[，,]).*"
    + _alt("投票 抽奖 抽獎 报名 報名 活动规则 活動辦法 活动详情 活動詳情 有奖 有獎") + ".*[!！>»]?",
    r"[-—\s]*"
    + _alt("阅读更多 閱讀更多 阅读全文 閱讀全文 展开全文 展開全文 查看全文")
    + r"[-—\s>»]*",
    r".{0,4}(?:请|請)?(?:继续|繼續)(?:往下)?(?:阅读|閱讀|看).{0,4}|.{0,6}(?:看|睇)更多.{0,6}",
    r"(?:[【\[]\d{1,3}[】\]]\s*)+|[\d\s|/]*|[×✕✖╳]",
    # comment boxes and counters
    _alt("评论 評論 留言 跟帖 我要评论 我要評論 发表评论 發表評論 网友评论 網友評論 留言專區")
    + r"\S{0,12}|(?:热评论|熱評論)\S{0,12}",
    r".{0,12}\d+\s*"
    + _alt("人参与 人參與 条评论 條評論 评论 評論 人气 人氣 阅读 閱讀 次浏览 次瀏覽")
    + r"\S{0,10}",
    _alt("关键词 關鍵詞 关键字 關鍵字 标签 標籤 Tags?") + r"\s*[:：>]+.*",
    # end marks, disclaimers, reprint notes
    r"[-—=\s（(]*(?:THE\s*END|完|END)[-—=\s）)]*|【?(?:免责声明|免責聲明)】?.*",
    r".*" + _alt("转载请注明 轉載請註明 转载请联系 轉載請聯繫 授权>>") + ".*",
    r"(?=.{0,60}$).*(?:报料|爆料)(?:热线|電話|电话|邮箱|郵箱|方式|通道)?[:：].*",
    r"[^，。,]{0,8}(?:报料|爆料)[^，。,]{0,8}",
    # social buttons, one or several on a line
    r"(?:(?:"
    + _alt("Facebook Line Weibo Twitter 微信 微博 QQ空间 QQ好友 腾讯微博 新浪微博 微信好友")
    + "|" + _alt("领英分享 複製連結 复制链接 转播到腾讯微博 QQ Qzone 人人网 豆瓣")
    + r")\s*[|｜/、]?\s*)+",
    # a row of short links or tags between bars: 首页 | 新闻 | 体育, 20190926|国贸|增长率
    r"(?!.*[，。！？])[^|｜]{1,12}(?:\s*[|｜]\s*[^|｜]{1,12}){2,}",
    # membership and browser prompts
    r"(?=.{0,80}$).*您.*"
    + _alt("会员 會員 订阅 訂閱 登录 登入 注册 註冊 浏览器 瀏覽器 年满 年滿 查询时效 查詢時效")
    + ".*",
    r"(?=.{0,80}$).*" + _alt("会员 會員 订阅 訂閱 登录 登入") + ".*您.*",
    r".{0,10}" + _alt("图片 圖片 轮播图 輪播圖 视频 視頻") + "(?:预览|預覽|来源|來源)?[:：]?",
    # a photo credit on its own line: 图片来源：某某, 天水有轨电车 图片来源：天水融媒
    r"(?!.*[，。]).{0,20}(?:图片|圖片|图|圖|照片)(?:来源|來源|提供)\s*[:：].{1,40}",
    # (原标题：…) notes and the furniture of WeChat articles
    r"[（(【\[]?\s*(?:原标题|原標題|原题|原題)\s*[:：为為].{0,80}",
    _alt("阅读原文 閱讀原文 在看 点赞 點讚 赞赏 讚賞 预览时标签不可点 預覽時標籤不可點")
    + "|" + r"(?:收录于|收錄於)(?:话题|話題|合集).{0,30}|.{0,4}(?:滑动|滑動)看下一个.{0,4}",
    # Suicide-hotline boilerplate that Taiwan and Hong Kong sites append to such stories.
    r"(?=.{0,60}$).*(?:"
    + _alt("自殺防治 自杀防治 安心專線 安心专线 生命線協談 生命线协谈")
    + "|" + _alt("張老師專線 张老师专线 珍惜生命")
    + ").*",
    r"(?=.{0,60}$).*(?:給自己(?:一次)?機會|给自己(?:一次)?机会).*",
)
NOISE = re.compile("^(?:" + "|".join(_NOISE_PARTS) + ")$", re.IGNORECASE)
# Lines after which the article is over: a related-links heading or a disclaimer.
STOP = re.compile(
    r"^(?:[【\[]?"
    + _alt("相关 相關 延伸 推荐 推薦 热门 熱門 精彩 猜你 为你 為你 为您 為您")
    + _alt("新闻 新聞 阅读 閱讀 推荐 推薦 文章 链接 鏈接 报道 報導 喜欢 喜歡 内容 內容 资讯 資訊")
    + r"[】\]]?(?:\s+[^\s，。]{1,8}){0,12}|.{0,6}(?:看|睇)更多.{0,6}"
    + r"|(?:往期|往期精彩|往期回顾|往期推荐|返回专题)\S{0,12}(?:\s*[>»]+)?"
    + r"|[【\[]?(?:免责声明|免責聲明|声明|聲明)[】\]]?\s*[:：].*)$"
)
# Notes that close an article but are not body: source notes, original titles, intern credits.
TRAILER = re.compile(
    r"^[（(【\[]?\s*(?:"
    + "|".join(
        """资料来源 資料來源 原标题 原標題 原题为 原題為 原题 本文来自 本文來自 本文来源 本文來源
        来源 來源 稿件来源 实习生 實習生 通讯员 通訊員 作者 编辑 編輯 责任编辑 責任編輯 责编 責編
        编译 編譯 审核 審核 校对 校對 监制 監製 出品 统筹 統籌 文字 图片 圖片 摄影 攝影 视频 視頻
        策划 策劃 更多精彩 文章来源 文章來源 转自 轉自 出处 出處 信息来源 新闻来源 稿源 声明 聲明
        注[:：] 本文系 本文為 本文为""".split()
    )
    + ")"
)
# A photo caption: （圖／記者林悅翻攝）, 王煌忠攝, 记者 张三 摄.
CAPTION = re.compile(
    r"[（(]\s*" + _alt("图 圖 图片 圖片 照片 摄影 攝影 资料照 資料照 翻攝 翻摄") + r"\s*[/／:：]"
    r"|(?:摄|攝|翻攝|翻摄|供图|供圖)\s*[）)]?$"
)
BULLET = re.compile(r"^[■□●○◆◇▲△▼▽►▶•]\s*")
# A paragraph that opens with a dateline: 新华社北京5月9日电, 本报讯, 中央社記者…19日電.
_NUM = r"(?:\d{1,2}|[一二三四五六七八九十]{1,3})"
DATELINE = re.compile(
    r"^(?:[^\s，。,：:]{0,16}?(?:" + _NUM + r"月)?" + _NUM + r"日(?:电|電|讯|訊|消息)"
    r"|(?:本报|本報|本刊|本台|本网|本網)(?:讯|訊|消息)|[^\s，。,]{0,10}(?:讯|訊)\s)"
)
# A letter's or a speech's salutation: 尊敬的各位来宾：, 亲爱的读者朋友们：
SALUTATION = re.compile(r"^(?:尊敬的|亲爱的|親愛的|各位|致)[^，。！？!?]{1,24}[：:，,]?$")
LEAD_LABEL = re.compile(
    r"^[【\[]?\s*" + _alt("导语 導語 核心提示 摘要 提要 导读 導讀") + r"\s*[】\]]?\s*[:：]?\s*"
)
# A lead box's label on a line of its own, the points on the lines under it: 划重点：
LEAD_BOX = re.compile(
    r"^[【\[]?\s*"
    + _alt("划重点 劃重點 导语 導語 核心提示 摘要 提要 内容提要 內容提要 导读 導讀 要点 要點")
    + r"\s*[】\]]?\s*[:：]?$"
)
_SENTENCE_END = "。！？!?…”」』）)】.；;"
_HAN_RE = re.compile(f"[{HAN}]")
_CLAUSE = re.compile("[，。；！？,]")
_CLAUSE_SHORT = re.compile("[，。、；,]")


def han_count(text: str) -> int:
    return len(_HAN_RE.findall(text))


@lru_cache(maxsize=8192)
def is_noise(line: str) -> bool:
    # (a short line made only of furniture words: 举报 缩小字体 放大字体 收藏 分享 3,930)
    if NOISE.match(line):
        return True
    return len(line) <= 40 and M.is_ui_value(line) and not has_date(line) and any(
        ch.isalpha() and not ch.isdigit() for ch in line
    )


def is_stop(line: str) -> bool:
    return len(line) <= 80 and bool(STOP.match(line))


def is_caption(line: str) -> bool:
    return bool(CAPTION.search(line))


def is_trailer(line: str) -> bool:
    return bool(TRAILER.match(line)) and len(line) < 120 and not is_speech(line)


# 编辑：您怎么看？ — a turn of an interview, led by a cue word that is no label here.
_TURN = re.compile(
    r"^(?P<cue>" + "|".join(sorted(M.META_CUES, key=len, reverse=True))
    + r")\s*[:：]\s*(?P<value>.+)$"
)


def is_speech(line: str) -> bool:
    """A line that opens with a byline or editor cue but goes on in sentences, or with a
    source cue and asks a question: speech. (来源：本文据新华社报道整理。 is a note.)"""
    m = _TURN.match(line)
    if not m:
        return False
    cue, value = m.group("cue"), m.group("value")
    if cue in M.SOURCE_CUES:
        return bool(re.search("[？?]", value))
    return not M.is_meta_value(cue, value)


def is_dateline(line: str) -> bool:
    return len(line) >= 8 and bool(DATELINE.match(line)) and han_count(line) >= 6


def is_salutation(line: str) -> bool:
    return len(line) <= 30 and bool(SALUTATION.match(line)) and line[-1] in "：:，,"


def ends_sentence(line: str) -> bool:
    return line[-1] in _SENTENCE_END


@lru_cache(maxsize=8192)
def is_prose(line: str) -> bool:
    """A line that reads like running text rather than a link, button or headline."""
    n = len(line)
    if n >= 60 and han_count(line) >= 20 and _CLAUSE.search(line):
        return True
    if n < 12 or not ends_sentence(line):
        return False
    return han_count(line) >= 6 and bool(_CLAUSE_SHORT.search(line))


# -- line roles that need the meta cue words ------------------------------------------------


def is_meta(line: str) -> bool:
    """A date, byline or `来源：`-style label line (not running text)."""
    if len(line) > 90 or is_prose(line) and len(line) > 40:
        return False
    if has_date(line) and len(line) < 60 or M.byline_names(line) or M.name_and_org(line):
        return True
    return any(cue in M.META_CUES for cue, _ in M.labelled(line))


def is_editor_line(line: str) -> bool:
    return len(line) < 40 and any(cue in M.EDITOR_CUES for cue, _ in M.labelled(line))


# Something that looks like an HTML tag inside a text line. Such text is text (kept, and
# escaped on output), but the tag is not prose: it must not make a line too long to be a
# headline, nor a ■ point too poor in hanzi to be one.
TAG = re.compile(r"</?[A-Za-z][^<>]{0,500}>")


def untagged(line: str) -> str:
    """The line without what looks like markup: what its shape is judged by."""
    return TAG.sub("", line)


def is_highlight(line: str) -> bool:
    """A lead point set apart before the body: a ■ line or a 导语/摘要 box, not a caption."""
    if BULLET.match(line):
        rest = BULLET.sub("", line)
        if TAG.search(rest):  # a point that quotes markup is still a point
            return len(rest) >= 10 and not is_caption(rest)
        return len(rest) >= 10 and han_count(rest) >= 6 and not is_caption(rest)
    return bool(LEAD_LABEL.match(line)) and len(line) >= 15


def highlight_text(line: str) -> str:
    return LEAD_LABEL.sub("", BULLET.sub("", line))


def lead_box(lines: list[str]) -> int:
    """How many of `lines` (those under a bare 划重点：/摘要： label) are the box's points:
    up to six prose lines closed by a byline or meta line. 0 when the box has no such end,
    for then the label's lines cannot be told from the body."""
    for n, line in enumerate(lines[:7]):
        if n and (is_meta(line) or M.byline_names(line)):
            return n
        if not is_prose(line):
            return 0
    return 0
