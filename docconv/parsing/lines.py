"""Line classes: what a line of a scraped page is, judged by cue words and shape."""

from __future__ import annotations

import re

from .meta import HAN

_SENTENCE_END = "。！？!?…”」』）)】.；;"
# Furniture that scrapers leave around (and inside) an article. Matched against whole lines.
NOISE = re.compile(
    r"^(?:"
    r"分享到?[:：]?.*|.{0,6}分享[:：]?$|字号[:：]?.*|字號[:：]?.*|字体[:：]?.*|字體[:：]?.*|调整字体|字级设定.*|字級設定.*"
    r"|【?(?:字体|字體)[:：].*|[大中小特默认認\s]{3,}|放大|缩小|縮小|默认|默認|打印|列印|关闭|關閉|收藏|已收藏|举报|檢舉|纠错|糾錯"
    r"|(?:【?(?:打印|关闭|關閉|列印)(?:本页|本頁|窗口|視窗)?】?\s*)+"
    r"|(?:首页|首頁|当前位置|當前位置|现在位置|現在位置|您的位置|你的位置|位置)[:：\s]*(?:[^>]{0,20}\s*(?:>>?|›|»|/)\s*)+.*"
    r"|.{0,30}(?:\s>\s|>>|›|»).{0,30}(?:正文|>\s*\S{0,8})"
    r"|.*(?:版权所有|版權所有|all rights reserved|copyright\s*©|©\s*\d{4}|ICP[证證备備]|公网安备|公網安備|未经授权不得转载|未經授權不得轉載|禁止转载|禁止轉載).*"
    r"|(?:相关|相關|延伸|推荐|推薦|热门|熱門|热点|熱點|精彩|更多|猜你|你可能|为您|為您)(?:新闻|新聞|阅读|閱讀|推荐|推薦|文章|链接|鏈接|报道|報導|视频|視頻|专题|專題|图片|圖片|喜欢|喜歡|内容|內容|话题|話題)?.{0,6}"
    r"|(?:上一篇|下一篇|上一页|下一页|上一頁|下一頁|返回顶部|返回頂部|返回首页|返回首頁|回到顶部|点击进入|點擊進入|进入专题|進入專題)[:：]?.*"
    r"|.*(?:扫码|掃碼|扫一扫|掃一掃|二维码|二維碼|关注我们|關注我們|下载APP|下載APP|客户端|客戶端|APP下载|APP下載).{0,20}"
    r"|(?:评论|評論|留言|跟帖|我要评论|我要評論|发表评论|發表評論|网友评论|網友評論|留言專區|热评论|熱評論)\S{0,12}"
    r"|.{0,12}\d+\s*(?:人参与|人參與|条评论|條評論|评论|評論|人气|人氣|阅读|閱讀|次浏览|次瀏覽)\S{0,10}"
    r"|(?:关键词|關鍵詞|关键字|關鍵字|标签|標籤|Tags?)\s*[:：>]+.*"
    r"|[-—=\s]*(?:THE\s*END|完|END)[-—=\s]*|【?(?:免责声明|免責聲明)】?.*|.*(?:转载请注明|轉載請註明|转载请联系|轉載請聯繫|授权>>|报料|爆料).*"
    r"|(?:Facebook|Line|Weibo|Twitter|微信|微博|QQ空间|QQ好友|腾讯微博|新浪微博|微信好友|领英分享|複製連結|复制链接|转播到腾讯微博)"
    r"|[\d\s|/]*"
    r"|(?:(?:打印|列印|关闭|關閉|收藏|分享|评论|評論|纠错|糾錯|推荐|推薦|举报|檢舉|返回|顶部|頂部|本页|本頁|窗口)\s*)+"
    r"|.*您.*(?:会员|會員|订阅|訂閱|登录|登入|注册|註冊|浏览器|瀏覽器|年满|年滿|查询时效|查詢時效).*"
    r"|.*(?:会员|會員|订阅|訂閱|登录|登入).*您.*"
    r"|.{0,10}(?:图片|圖片|轮播图|輪播圖|视频|視頻)(?:预览|預覽|来源|來源)?[:：]?"
    r")$",
    re.IGNORECASE,
)
# Notes that close an article but are not body: source notes, original titles, intern credits.
TRAILER = re.compile(
    r"^[（(【\[]?\s*(?:资料来源|資料來源|原标题|原標題|原题为|原題為|原题|本文来自|本文來自|本文来源|本文來源|来源|來源|"
    r"稿件来源|实习生|實習生|通讯员|通訊員|作者|编辑|編輯|责任编辑|責任編輯|责编|責編|编译|編譯|审核|審核|校对|校對|"
    r"监制|監製|出品|统筹|統籌|文字|图片|圖片|摄影|攝影|视频|視頻|策划|策劃|更多精彩|文章来源|文章來源|转自|轉自|出处|出處|"
    r"信息来源|新闻来源|稿源|声明|聲明|注[:：]|本文系|本文為|本文为)"
)
BULLET = re.compile(r"^[■□●○◆◇▲△▼▽►▶•]\s*")
LEAD_LABEL = re.compile(r"^[【\[]?\s*(?:导语|導語|核心提示|摘要|提要|导读|導讀)\s*[】\]]?\s*[:：]?\s*")
_HAN_RE = re.compile(f"[{HAN}]")


def han_count(text: str) -> int:
    return len(_HAN_RE.findall(text))


def is_noise(line: str) -> bool:
    return bool(NOISE.match(line))


def is_trailer(line: str) -> bool:
    return bool(TRAILER.match(line)) and len(line) < 120


def ends_sentence(line: str) -> bool:
    return line[-1] in _SENTENCE_END


def is_prose(line: str) -> bool:
    """A line that reads like running text rather than a link, button or headline."""
    n = len(line)
    if n >= 60 and han_count(line) >= 20 and re.search("[，。；！？,]", line):
        return True
    return n >= 12 and ends_sentence(line) and han_count(line) >= 6 and bool(re.search("[，。、；,]", line))


def weight(line: str) -> float:
    """The line's vote for being inside the article body (used to find the densest block)."""
    if is_noise(line):
        return -30.0
    if is_prose(line):
        return float(min(len(line), 200))
    if len(line) <= 6:
        return -6.0
    return -4.0
