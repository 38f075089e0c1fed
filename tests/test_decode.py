"""Bytes → text: encodings detected, line endings and odd spaces normalised, stray control
characters dropped, binary and empty input refused with a reason."""

from __future__ import annotations

import codecs
import random

import pytest
from conftest import FIXTURES

import docconv
from docconv.decode import decode
from docconv.errors import DocconvError, EncodingError, InputError

SIMPLIFIED = (
    "成渝经济网\n\n范锐平为成都市政法队伍作专题党课\n2021-03-23 07:06:57 来源：成都日报\n\n"
    "本报讯 根据党中央和省委关于政法队伍教育整顿的统一安排部署，市委召开会议。\n"
    "会议指出，要坚持问题导向，聚焦重点领域和关键环节，推动各项工作落地见效。\n"
)
TRADITIONAL = (
    "中時新聞網\n\n臺北市政府舉行記者會說明新政策\n2019-03-18 23:59 聯合報 記者陳嘉寧／台北報導\n\n"
    "臺北市政府今天舉行記者會，說明這項關於國際貿易與電子產業的新政策，市長表示將全力推動。\n"
    "市府發言人指出，相關單位會與業者溝通，確保政策順利上路，並持續關注民眾的反應。\n"
)


UNICODE = ["utf-8", "utf-8-sig", "utf-16", "utf-16-le", "utf-16-be", "utf-32"]


@pytest.mark.parametrize("codec", [*UNICODE, "gb18030", "gbk", "gb2312"])
def test_simplified_encodings(codec: str) -> None:
    assert decode(SIMPLIFIED.encode(codec)) == SIMPLIFIED


@pytest.mark.parametrize("codec", [*UNICODE, "big5", "big5hkscs"])
def test_traditional_encodings(codec: str) -> None:
    assert decode(TRADITIONAL.encode(codec)) == TRADITIONAL


@pytest.mark.parametrize("codec", ["utf-16-le", "utf-16-be"])
def test_utf16_without_bom_all_hanzi(codec: str) -> None:
    # No ASCII at all, so no zero bytes to spot: the high bytes give it away.
    text = "国务院常务会议今天召开。会议决定进一步扩大开放。" * 4
    assert decode(text.encode(codec)) == text


def test_corpus_files_in_legacy_encodings() -> None:
    # Real GB18030 and Big5 fixtures decode to text the parser can read.
    for name in ("023", "027", "038", "051"):
        text = decode((FIXTURES / "dev" / f"{name}.txt").read_bytes())
        assert "\ufffd" not in text
        assert sum("\u4e00" <= ch <= "\u9fff" for ch in text) > 300


def test_line_endings_normalised() -> None:
    assert decode("甲\r\n乙\r丙\n丁\u2028戊".encode()) == "甲\n乙\n丙\n丁\n戊"


def test_odd_spaces_and_invisibles() -> None:
    raw = "\u3000\u3000正文\u00a0第一段\u200b，\ufeff继续\u2003写。\t完"
    assert decode(raw.encode()) == "  正文 第一段，继续 写。 完"


@pytest.mark.parametrize("stray", ["\x00", "\x0c", "\x1b", "\x7f", "\x08"])
def test_stray_control_character_is_dropped(stray: str) -> None:
    text = SIMPLIFIED.replace("本报讯", "本报" + stray + "讯")
    assert decode(text.encode()) == SIMPLIFIED
    assert docconv.read(text.encode()) == docconv.read(SIMPLIFIED.encode())


def test_stray_nul_in_utf16_is_dropped() -> None:
    text = SIMPLIFIED.replace("会议指出", "会议\x00指出")
    assert decode(text.encode("utf-16")) == SIMPLIFIED


def test_tab_survives_as_space_and_newlines_stay() -> None:
    assert decode("第一行\t字\n第二行".encode()) == "第一行 字\n第二行"


@pytest.mark.parametrize(
    "data",
    [
        pytest.param(random.Random(1).randbytes(4000), id="random"),
        pytest.param(b"\x89PNG\r\n\x1a\n" + random.Random(2).randbytes(2000), id="png"),
        pytest.param(b"\x7fELF\x02\x01\x01" + b"\x00" * 200 + b"\x03\x00\x3e\x00" * 300, id="elf"),
        pytest.param("正文".encode() + b"\x00\x01\x02\x03\x04\x05" * 50, id="text-then-controls"),
    ],
)
def test_binary_is_refused(data: bytes) -> None:
    with pytest.raises(InputError) as err:
        decode(data)
    assert "text" in str(err.value) or "decode" in str(err.value)


def test_undecodable_is_an_encoding_error() -> None:
    # High bytes only, no control characters: not text in any supported encoding.
    data = bytes(b | 0x80 for b in random.Random(3).randbytes(3000))
    with pytest.raises(EncodingError):
        decode(data)


@pytest.mark.parametrize("data", [b"", b"   ", b"\n\n\r\n", "\u3000\u3000\n".encode(),
                                  codecs.BOM_UTF8, codecs.BOM_UTF8 + b" \n"])
def test_empty_or_blank_is_refused(data: bytes) -> None:
    with pytest.raises(InputError, match="empty|no text"):
        decode(data)


def test_errors_are_docconv_errors() -> None:
    assert issubclass(InputError, DocconvError)
    assert issubclass(EncodingError, InputError)
    with pytest.raises(DocconvError):
        docconv.read(b"")


def test_a_few_damaged_bytes_in_gb18030_are_tolerated() -> None:
    # A truncated download: one byte missing from a long GB18030 text.
    data = (SIMPLIFIED * 20).encode("gb18030")
    damaged = data[:-1]
    text = decode(damaged)
    assert text.startswith(SIMPLIFIED)


# -- text in encodings docconv does not read: refused, never turned into mojibake --------------

LATIN = [
    "L'économie française a progressé au troisième trimestre, selon l'Insee.",
    "Die Wirtschaft in Deutschland wächst langsamer als erwartet. Über die Straße gingen sie.",
    "El presidente anunció nuevas medidas económicas para el año próximo.",
    "O governo português anunciou ontem que a economia cresceu mais do que o esperado.",
    "Grüße aus München",
    "Müller",
    "Straße",
    "Ångström",
    "jalapeño",
]


@pytest.mark.parametrize("text", LATIN)
@pytest.mark.parametrize("codec", ["latin-1", "cp1252"])
def test_latin1_is_refused_not_read_as_gb18030(text: str, codec: str) -> None:
    # Was: 'L'閏onomie fran鏰ise …', and ü/ß silently dropped.
    with pytest.raises(InputError, match="not UTF-8, UTF-16, GB18030/GBK/GB2312 or Big5"):
        decode(text.encode(codec))


@pytest.mark.parametrize(
    "codec,text",
    [("shift_jis", "東京都は今日、新しい政策を発表しました。知事は記者会見で説明した。"),
     ("euc-kr", "서울시는 오늘 새로운 정책을 발표했다. 시장은 기자회견에서 설명했다. " * 4),
     ("cp1251", "В Москве прошла встреча, на которой обсуждали планы на будущее года."),
     ("koi8-r", "В Москве прошла встреча, на которой обсуждали планы на будущее года.")],
)
def test_other_unsupported_encodings_are_refused(codec: str, text: str) -> None:
    with pytest.raises(EncodingError):
        decode(text.encode(codec))


def test_every_fixture_still_decodes() -> None:
    # The real GB18030, GBK and Big5(-HKSCS) pages among the fixtures are not refused.
    paths = sorted(FIXTURES.glob("*/*.txt"))
    assert len(paths) > 30
    for path in paths:
        text = decode(path.read_bytes())
        assert "\ufffd" not in text and sum("\u4e00" <= ch <= "\u9fff" for ch in text) > 20, path


SHORT_LINES = ["中国", "新闻", "你好，世界", "A股", "A股大涨", "X光片", "T恤", "卡拉OK厅", "A股B股",
               "iPhone手机", "用iPhone拍照", "买了iPad和Mac", "Apple发布", "张喆", "记者 张喆 报道",
               "某市召开会议研究部署重点工作", "臺北市政府舉行記者會", "龘", "镕基",
               # GBK bytes that are valid UTF-8 too (私募 → ˽ļ, 影視 → Ӱҕ)
               "私募", "模式", "影視", "訊息平台"]


@pytest.mark.parametrize("text", SHORT_LINES)
def test_short_real_gbk_lines_decode(text: str) -> None:
    for codec in ("gbk", "gb18030"):
        assert decode(text.encode(codec)) == text
        assert decode((text + "\n").encode(codec)) == text + "\n"


@pytest.mark.parametrize("text", ["臺北市政府舉行記者會", "你好，世界", "iPhone手机"])
def test_short_real_big5_lines_decode(text: str) -> None:
    assert decode(text.encode("big5")) == text


@pytest.mark.parametrize("extra", ["", "x"])
def test_ascii_english_is_never_read_as_utf16(extra: str) -> None:
    # Lowercase ASCII letters sit in the byte range of UTF-16 hanzi: UTF-8 is tried first.
    text = "apple unveils new iphone in a rare event on tuesday morning" + extra
    assert decode(text.encode()) == text


def test_damaged_latin1_is_not_accepted_by_the_lenient_path() -> None:
    # Invalid everywhere (é before a space); the lenient decoding would drop the é.
    with pytest.raises(EncodingError):
        decode("Le café est fermé aujourd'hui.".encode("latin-1"))


def test_truncated_utf8_chinese_is_still_read() -> None:
    data = (SIMPLIFIED * 20).encode("utf-8")
    text = decode(data[:100] + data[101:])
    assert text.startswith(SIMPLIFIED[:20])


@pytest.mark.parametrize(
    "text", ["Да", "Новости дня", "Ελλάδα", "ļ", "café", "Müller", "Łódź", "שלום", "مرحبا",
             "ˈsɪti", "ʼOkina", "x²", "©2021"]
)
def test_short_utf8_in_other_scripts_stays_utf8(text: str) -> None:
    assert decode(text.encode()) == text


def test_quotes_in_gbk_text_decode_as_gbk() -> None:
    # “” and ’ once counted against GB18030 and let Big5 win: ’ → ＊, “ → ※.
    text = "Would you like to go to CNA’s English website, “Focus Taiwan”? 中央社"
    assert decode(text.encode("gbk")) == text
