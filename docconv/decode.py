"""Bytes → clean text: encoding detection, line endings, odd spaces, control characters."""

from __future__ import annotations

import codecs
import re
from collections.abc import Iterable
from functools import cache

from .errors import EncodingError, InputError
from .text import normalize_text

# Tried in order after the BOM and UTF-8 fast paths. GB18030 is a superset of GBK and
# GB2312, so it stands for all three; Big5 comes after it because most Big5 byte strings
# also decode as GB18030 — the tie is settled by the score below.
_LEGACY = ("gb18030", "big5hkscs", "big5")
_CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
# A share of control characters above this marks the input as binary, not text.
_MAX_CONTROL_SHARE = 0.01


def decode(data: bytes, name: str = "input") -> str:
    """Decode article bytes and normalise the text. Raises InputError with a clear reason."""
    if not data:
        raise InputError("file is empty")
    text = _decode_raw(data)
    controls = len(_CONTROL.findall(text))
    if controls > max(2, _MAX_CONTROL_SHARE * len(text)):
        raise InputError(f"not a text file ({controls} control characters in {len(text)})")
    text = normalize_text(text)
    if not text.strip():
        raise InputError("file holds no text (only whitespace)")
    return text


def _decode_raw(data: bytes) -> str:
    for bom, codec in (
        (codecs.BOM_UTF8, "utf-8-sig"),
        (codecs.BOM_UTF32_LE, "utf-32"),
        (codecs.BOM_UTF32_BE, "utf-32"),
        (codecs.BOM_UTF16_LE, "utf-16"),
        (codecs.BOM_UTF16_BE, "utf-16"),
    ):
        if data.startswith(bom):
            try:
                return data.decode(codec)
            except UnicodeDecodeError as exc:
                reason = f"bad {codec} text after a byte-order mark: {exc.reason}"
                raise EncodingError(reason) from None
    utf16 = _sniff_utf16_zeros(data)
    if utf16:
        return data.decode(utf16, errors="replace")
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        pass
    else:
        # A few GBK hanzi can make valid UTF-8 by chance (私募 → ˽ļ): odd letters only.
        if not _odd_utf8(text):
            return text
        legacy = _legacy(data)
        return legacy if legacy and not _GLUED.search(legacy) else text
    utf16 = _sniff_utf16_hanzi(data)
    if utf16:
        return data.decode(utf16)
    best = _best_legacy(data)
    if best is not None:
        return _by_line(data, best)
    return _by_line(data, None) or _detect(data)


# Lines with fewer non-ASCII characters than this are too short to tell two codecs apart.
_MIN_LINE_EVIDENCE = 6


def _by_line(data: bytes, codec: str | None) -> str | None:
    """Archives concatenate files: a GBK article with a Big5 one pasted below it decodes
    as GB18030 without an error, the Big5 half as nonsense. Each line that reads as
    nonsense in `codec` (the whole file's; None: no codec decodes all of it) is decoded in
    the codec that reads it as Chinese instead, with a warning naming both (a line no codec
    reads better is left as it was: rare characters, Hangul in GBK). Line breaks are safe
    split points: no byte of a multi-byte GBK, Big5 or UTF-8 character is a newline."""
    lines = data.split(b"\n")
    out: list[str] = []
    used: dict[str, list[int]] = {}
    for number, line in enumerate(lines, 1):
        text = _decode_as(line, codec) if codec else None
        if line.isascii() or text is not None and (
                _non_ascii(text) < _MIN_LINE_EVIDENCE or plausible_cjk(text, codec or "")):
            out.append(text if text is not None else line.decode("latin-1"))
            if not line.isascii():
                used.setdefault(str(codec), []).append(number)
            continue
        choices = []
        for rank, other in enumerate(("utf-8", *_LEGACY)):
            decoded = _decode_as(line, other)
            if decoded is not None and plausible_cjk(decoded, other):
                choices.append((_score(decoded), -rank, other, decoded))
        if not choices:
            if text is None:
                return None  # not a mixed file: let the detector have a go
            out.append(text)
            used.setdefault(str(codec), []).append(number)
            continue
        *_, other, decoded = max(choices)
        out.append(decoded)
        used.setdefault(other, []).append(number)
    codecs_used = list(used)
    if len(codecs_used) > 1:
        import warnings

        parts = "; ".join(f"{_NAMES.get(c, c)}: {_ranges(used[c])}" for c in codecs_used)
        warnings.warn(f"mixed encodings, each part decoded on its own (lines in {parts})",
                      UserWarning, stacklevel=2)
    return "\n".join(out)


_NAMES = {"gb18030": "GB18030/GBK", "big5": "Big5", "big5hkscs": "Big5",
          "utf-8": "UTF-8"}


def _decode_as(data: bytes, codec: str) -> str | None:
    try:
        return data.decode(codec)
    except UnicodeDecodeError:
        return None


def _non_ascii(text: str) -> int:
    return sum(ch >= "\x80" for ch in text)


def _ranges(numbers: list[int]) -> str:
    """[1, 2, 3, 7] → '1-3, 7'."""
    spans: list[list[int]] = []
    for n in numbers:
        if spans and spans[-1][1] == n - 1:
            spans[-1][1] = n
        else:
            spans.append([n, n])
    return ", ".join(f"{a}-{b}" if a != b else str(a) for a, b in spans)


def _legacy(data: bytes) -> str | None:
    """The best plausible decoding in one of the legacy CJK codecs, if any."""
    best = _best_legacy(data)
    return data.decode(best) if best else None


def _best_legacy(data: bytes) -> str | None:
    """The legacy CJK codec whose decoding reads best as Chinese, if any is plausible."""
    candidates = []
    for codec in _LEGACY:
        try:
            text = data.decode(codec)
        except UnicodeDecodeError:
            continue
        # Latin-1, Shift_JIS or EUC-KR bytes are often valid GB18030 or Big5 too, and
        # read as nonsense there: such a decoding is no candidate.
        if plausible_cjk(text, codec):
            candidates.append((_score(text), codec))
    if candidates:
        return max(candidates, key=lambda c: c[0])[1]
    return None


# Letters a real UTF-8 text in the two-byte range is made of: Latin-1 and Latin Extended-A,
# basic Greek and Cyrillic, Hebrew, Arabic. Spacing modifiers, combining marks, Coptic or
# the rarer Cyrillic letters in a text with no other non-ASCII character are GBK or Big5
# bytes that happen to be valid UTF-8.
_UTF8_ODD = re.compile(
    "[\u0080-\u009f\u0180-\u0385\u03cf-\u03ff\u0460-\u05cf\u05eb-\u05ff\u0700-\u07ff]"
)
_ABOVE_TWO_BYTES = re.compile("[\u0800-\U0010ffff]")


def _odd_utf8(text: str) -> bool:
    if text.isascii() or _ABOVE_TWO_BYTES.search(text):
        return False
    non_ascii = sum(ch >= "\x80" for ch in text)
    return len(_UTF8_ODD.findall(text)) >= 0.25 * non_ascii


def _sniff_utf16_zeros(data: bytes) -> str | None:
    """UTF-16 without a BOM, ASCII-heavy: a zero in one byte of most pairs."""
    if len(data) < 4 or len(data) % 2:
        return None
    even, odd = data[0::2], data[1::2]
    n = len(even)
    if odd.count(0) > 0.3 * n and even.count(0) < 0.05 * n:
        return "utf-16-le"
    if even.count(0) > 0.3 * n and odd.count(0) < 0.05 * n:
        return "utf-16-be"
    return None


def _sniff_utf16_hanzi(data: bytes) -> str | None:
    """UTF-16 without a BOM and without ASCII: the high bytes sit in the CJK blocks
    (0x4E–0x9F, punctuation 0x30, full-width 0xFF) and the decoding reads as Chinese.
    Tried after UTF-8, since ASCII letters fall in the same byte range."""
    if len(data) < 16 or len(data) % 2:
        return None
    n = len(data) // 2
    for codec, high in (("utf-16-le", data[1::2]), ("utf-16-be", data[0::2])):
        if sum(map(_UTF16_HIGH.__contains__, high)) > 0.95 * n:
            try:
                text = data.decode(codec)
            except UnicodeDecodeError:
                continue
            # Lowercase ASCII letters fall in the same byte range: the decoding must read
            # as Chinese, with its frequent characters and nothing out of place.
            frequent = sum(map(_COMMON.__contains__, text))
            if plausible_cjk(text) and not _ODD.search(text) and frequent >= 0.2 * len(text):
                if len(text) < 20 or _CLAUSE_PUNCT.search(text):
                    return codec
    return None


_CLAUSE_PUNCT = re.compile("[，。、；：！？]")
# High bytes of the UTF-16 code units Chinese text is made of: ASCII and Latin-1, CJK
# punctuation, the unified ideographs and the full-width forms.
_UTF16_HIGH = frozenset((0x00, 0x20, 0x30, *range(0x4E, 0xA0), 0xFF))


def _score(text: str) -> float:
    """How much a decoding looks like Chinese prose: frequent hanzi and punctuation up most,
    other hanzi of the GB2312/Big5 sets and CJK punctuation up, rare hanzi (outside both
    sets, as the wrong codec produces) not at all, other blocks (private use, symbols,
    Latin, kana) down."""
    common = _common_hanzi()
    good = bad = 0.0
    for ch in text:
        if ch < "\x80":
            continue
        if ch in _COMMON:
            good += 4
        elif ch in common:
            good += 1
        elif _HAN.match(ch):
            continue
        elif _FURNITURE.match(ch):
            good += 0.25
        else:
            bad += 1
    return (good - 4 * bad) / max(1, len(text))


# The most frequent hanzi (simplified and traditional forms) and punctuation: a decoding
# with the wrong legacy codec produces valid but rare characters, so frequency tells.
_COMMON = set(
    "的一是不了在人有我他这个们中来上大为和国地到以说时要就出会可也你对生能而子那得于着下自之"
    "年过发后作里用道行所然家种事成方多经么去法学如都同现当没动面起看定天分还进好小部其些主样理"
    "心她本前开但因只从想实日军者意无力它与长把机十民第公此已工使情明性知全三又关点正业外将两高"
    "间由问很最重并物手应战向头文体政美相见被利什二等产或新己制身果加西斯月话合回特代内信表化老"
    "給這個們來為國說時會對於後裡發現當沒動麼過還進樣從與長機實無經種關點將業兩問開電區記報導"
    "，。、；：？！“”‘’（）《》「」『』…—·"
)


def _detect(data: bytes) -> str:
    """No supported codec decodes the bytes cleanly. Ask charset-normalizer (limited to the
    supported encodings); failing that, accept a legacy decoding with a few damaged bytes,
    as truncated downloads have, and refuse anything worse."""
    from charset_normalizer import from_bytes

    best = from_bytes(data, cp_isolation=["utf_8", "gb18030", "big5", "utf_16"]).best()
    if best is not None and plausible_cjk(str(best), best.encoding):
        return str(best)
    for codec in ("utf-8", *_LEGACY):
        text = data.decode(codec, errors="replace")
        damaged = text.count("\ufffd")
        if damaged > max(2, len(text) // 500):
            continue
        text = text.replace("\ufffd", "")
        # Dropping bytes is fine in a long Chinese text, never in Latin-1 or the like.
        if _hanzi(text) >= 20 * damaged and plausible_cjk(text, codec):
            return text
    raise EncodingError(_UNSUPPORTED)


_UNSUPPORTED = "cannot decode: not UTF-8, UTF-16, GB18030/GBK/GB2312 or Big5 text"


# -- does a decoding read as Chinese? --------------------------------------------------------

_HAN_CLASS = "\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\U00020000-\U0003ffff"
_HAN = re.compile(f"[{_HAN_CLASS}]")
# Non-hanzi characters Chinese text is printed with: CJK and full-width punctuation, quotes
# and dashes, bullets, shapes, circled numbers, box drawing, kana (Taiwan pages print some
# Japanese), vertical forms. Anything else outside ASCII (private use, accented Latin
# letters, Hangul …) is odd in a legacy decoding.
_CJK_FURNITURE = (
    "\u00a0-\u00bf\u00d7\u00f7\u2010-\u203b\u2103\u2116\u2160-\u217f\u2190-\u21ff"
    "\u2460-\u24ff\u2500-\u27bf\u3000-\u30ff\u3100-\u312f\u3200-\u33ff\ufe30-\ufe4f"
    "\uff00-\uffef"
)
_ODD = re.compile(f"[^\x00-\x7f{_HAN_CLASS}{_CJK_FURNITURE}]")
_FURNITURE = re.compile(f"[{_CJK_FURNITURE}]")
_LETTERS = re.compile("[A-Za-z]")
_GLUED = re.compile(f"(?<=[A-Za-z])[{_HAN_CLASS}]|[{_HAN_CLASS}](?=[A-Za-z])")
_SANDWICHED = re.compile(f"(?<=[A-Za-z])[{_HAN_CLASS}](?=[A-Za-z])")


def _hanzi(text: str) -> int:
    return len(_HAN.findall(text))


def plausible_cjk(text: str, codec: str = "") -> bool:
    """Whether a decoding reads as Chinese rather than as another encoding's bytes forced
    through a CJK codec. Latin-1 through GB18030 gives hanzi outside GB2312 glued to ASCII
    letters (L'閏onomie) and private-use characters; Shift_JIS gives rare hanzi; EUC-KR
    gives GB2312 hanzi that real text seldom uses.

    `codec` names the decoding: a GB18030 text is GB2312 hanzi (traditional text in GBK
    is allowed for: Big5's frequent set too), a Big5 text Big5's frequent set."""
    hanzi = _HAN.findall(text)
    han = len(hanzi)
    if han == 0:
        return not _ODD.search(text)
    if codec.startswith("big5"):
        home = native = _big5_hanzi()
    else:
        home, native = _common_hanzi(), _gb2312_hanzi()
    rare = han - sum(map(home.__contains__, hanzi))
    frequent = sum(map(_COMMON.__contains__, hanzi))
    odd = len(_ODD.findall(text))
    letters = len(_LETTERS.findall(text))
    glued = _GLUED.findall(text)
    sandwiched = _SANDWICHED.findall(text)
    # Rare characters: a few in a long text (names, variants), most of a short one only
    # when something else is wrong too.
    bad = (rare + odd) / (han + odd)
    if bad > 0.3 and han >= 10 or bad > 0.5 and (odd or glued or han >= 4):
        return False
    # Real text glues a hanzi to a Latin word now and then (iPhone手机, A股, 卡拉OK厅,
    # 用iPhone拍照), and seldom one outside the codec's own set or inside a word. Latin-1
    # read as GB18030 or Big5 does it to nearly every hanzi (L'閏onomie, Stra遝, gr鲞er).
    if len(sandwiched) > 0.5 * han or len(glued) > 0.6 * han and han >= 5:
        return False
    odd_glued = sum(ch in home and ch not in native for ch in glued)
    inside = sum(ch in native for ch in sandwiched)
    if han >= 2 and rare + odd_glued + inside > 0.5 * han:
        return False
    # Amid more Latin letters than hanzi: most hanzi rare or glued to a word without being
    # frequent ones (嶰onomie 蓷 儻borg, Stra遝) …
    if letters >= 2 * han:
        glued_rarely = sum(ch not in _COMMON for ch in glued if ch in home)
        if rare + glued_rarely > 0.5 * han:
            return False
    # … or most outside the codec's own set and none frequent (閘鑦e the government).
    # Traditional text in GBK is outside GB2312 too, but has its frequent hanzi.
    outside = sum(ch not in native for ch in hanzi)
    if letters >= han and outside > 0.5 * han and frequent < 0.1 * han:
        return False
    # The ~300 most frequent characters make up a third or more of any real article.
    return not (han >= 30 and frequent < 0.05 * han or han >= 100 and frequent < 0.12 * han)


@cache
def _gb2312_hanzi() -> frozenset[str]:
    """The 6,763 hanzi of GB2312: nearly all the characters of simplified running text."""
    return _hanzi_table(range(0xB0, 0xF8), range(0xA1, 0xFF), "gb2312")


@cache
def _big5_hanzi() -> frozenset[str]:
    """Big5's 5,401 frequent hanzi: nearly all the characters of traditional running text."""
    return _hanzi_table(range(0xA4, 0xC7), (*range(0x40, 0x7F), *range(0xA1, 0xFF)), "big5")


@cache
def _common_hanzi() -> frozenset[str]:
    """GB2312 and Big5's frequent set: nearly all the hanzi of either script."""
    return _gb2312_hanzi() | _big5_hanzi()


def _hanzi_table(leads: range, trails: Iterable[int], codec: str) -> frozenset[str]:
    chars = set()
    for a in leads:
        for b in trails:
            try:
                chars.add(bytes((a, b)).decode(codec))
            except UnicodeDecodeError:
                pass
    return frozenset(ch for ch in chars if _HAN.match(ch))


# <meta charset="gb2312">, <meta http-equiv="Content-Type" content="text/html; charset=big5">,
# <?xml version="1.0" encoding="utf-8"?>
_DECLARED = re.compile(rb"""(?:charset|encoding)\s*=\s*["']?\s*([A-Za-z0-9_.:-]{2,30})""", re.I)
# What a declared name stands for among the codecs we read (GB18030 covers GBK and GB2312).
_DECLARED_CODEC = {
    "gb2312": "gb18030", "gbk": "gb18030", "gb18030": "gb18030", "x-gbk": "gb18030",
    "cp936": "gb18030", "big5": "big5hkscs", "big5-hkscs": "big5hkscs", "cp950": "big5hkscs",
    "utf-8": "utf-8", "utf8": "utf-8",
}


def declared_codec(data: bytes) -> str | None:
    """The codec a page declares near its top (mapped to the one we decode it with)."""
    m = _DECLARED.search(data[:4096])
    return _DECLARED_CODEC.get(m.group(1).decode("ascii").lower()) if m else None


def decode_page(data: bytes) -> str:
    """A web page's text. Its own declaration is a witness, not the judge: pages declare
    gb2312 and are UTF-8, or the reverse. The declared codec wins only when it decodes the
    bytes cleanly and reads at least as well as what the bytes themselves suggest."""
    if not data:
        raise InputError("file is empty")
    # Not normalised here: the reader cleans each line of text it takes, and a page is
    # mostly markup.
    detected = _decode_raw(data)
    declared = declared_codec(data)
    if declared is None or data.startswith((codecs.BOM_UTF8, codecs.BOM_UTF16_LE,
                                            codecs.BOM_UTF16_BE)):
        return detected
    try:
        text = data.decode(declared)
    except UnicodeDecodeError:
        return detected
    if text == detected or not plausible_cjk(text, declared):
        return detected
    return text if _score(text) >= _score(detected) else detected
