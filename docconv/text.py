"""Text hygiene shared by the reader and the model: what may never reach a writer.

Each runs once per piece of text: normalize_text on an input's whole text (in decode, or in
parse for text that did not come through decode), clean_inline on each field of an Article
(in its constructor, so the guarantee holds however the Article is made).
"""

from __future__ import annotations

import re

# XML 1.0 forbids C0 controls except tab/LF/CR, lone surrogates and U+FFFE/U+FFFF;
# HTML also rejects the other noncharacters (U+FDD0–FDEF, U+nFFFE/F).
# python-docx raises on them, lxml turns them into U+FFFD, reportlab draws garbage.
_XML_ILLEGAL = re.compile(
    "[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\ud800-\udfff\ufdd0-\ufdef\ufffe\uffff"
    # the last two code points of every supplementary plane, 1 to 16
    + "".join(chr(plane << 16 | 0xFFFE) + chr(plane << 16 | 0xFFFF) for plane in range(1, 17))
    + "]"
)
# Zero-width characters and soft hyphens scrapers leave inside words. A zero-width joiner
# between emoji is kept: it glues sequences such as 👨‍👩‍👧 into one picture.
_INVISIBLE = re.compile(
    "[\u200b\u200c\u2060\ufeff\u00ad]"
    "|(?<![\U0001F000-\U0001FAFF\u2600-\u27BF\uFE0F])\u200d"
    "|\u200d(?![\U0001F000-\U0001FAFF\u2600-\u27BF])"
)
# Spaces that are not U+0020 (no-break, en/em, ideographic …), tabs included.
_ODD_SPACE = re.compile("[\t\u00a0\u1680\u2000-\u200a\u202f\u205f\u3000]")
_C1 = re.compile("[\x80-\x9f]")


def strip_illegal(text: str) -> str:
    """Drop characters that are illegal in XML (and C1 controls); keep everything else."""
    text = _XML_ILLEGAL.sub("", text)
    return _C1.sub("", text)


def clean_inline(text: str) -> str:
    """A single-line field: no controls, no invisible characters, spaces collapsed, trimmed."""
    text = strip_illegal(text).replace("\r", " ").replace("\n", " ")
    text = _INVISIBLE.sub("", text)
    text = _ODD_SPACE.sub(" ", text)
    return re.sub(" {2,}", " ", text).strip()


def normalize_text(text: str) -> str:
    """Raw decoded text → LF line endings, no controls, no invisibles, ordinary spaces.

    Ideographic spaces (U+3000) used as paragraph indents become ordinary spaces and are
    trimmed later by the parser. No Unicode normalisation: NFC would rewrite CJK
    compatibility ideographs, and archives want the characters they stored.
    """
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    text = text.replace("\u2028", "\n").replace("\u2029", "\n").replace("\x85", "\n")
    text = strip_illegal(text)
    text = _INVISIBLE.sub("", text)
    text = _ODD_SPACE.sub(" ", text)
    return text



# Bidirectional embeddings, overrides and isolates (LRE..RLO, LRI..PDI) and the marks: in a
# title shown in a file listing, a tab or a PDF viewer's window they reorder what follows
# ("gpj.exe" shown as "exe.jpg"). Body text keeps them: there they only affect the body.
_BIDI_CONTROLS = re.compile("[\u202a-\u202e\u2066-\u2069\u200e\u200f\u061c]")
# What a terminal or a one-line message must not receive raw: C0/C1 controls and DEL,
# bidi controls, line and paragraph separators, and lone surrogates (the bytes of a file
# name that is not valid UTF-8, decoded with surrogateescape).
_UNSHOWABLE = re.compile(
    "[\x00-\x1f\x7f-\x9f\u2028\u2029\ud800-\udfff\u202a-\u202e\u2066-\u2069\u200e\u200f\u061c]")


def strip_bidi(text: str) -> str:
    """Metadata and file-facing strings (<title>, /Title, index.html) without the
    characters that reorder the text around them."""
    return _BIDI_CONTROLS.sub("", text)


def shown(name: str) -> str:
    """A file name (or any text) made safe for one line of a terminal or a page: a byte that
    was not valid UTF-8 as \\xFF, controls as \\n, \\x1b, \\u202e. Printable text is kept."""
    return _UNSHOWABLE.sub(_escape, name)


def _escape(match: re.Match[str]) -> str:
    c = match.group()
    code = ord(c)
    if 0xDC80 <= code <= 0xDCFF:  # surrogateescape: the original byte
        return f"\\x{code - 0xDC00:02x}"
    if c in "\n\r\t":
        return {"\n": "\\n", "\r": "\\r", "\t": "\\t"}[c]
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"
