"""Fonts on reportlab's side: registration once per process, coverage, fallback runs.

reportlab has no font fallback: a character missing from a TTF silently becomes glyph 0 (a box
or a blank) and is lost from the text layer. So every piece of text goes through `FontSet.markup`,
which escapes it and wraps runs of characters the primary font lacks in `<font face=…>` of a
font that has them (see docconv.font_files for the search order), and records what nobody has.

Simplified text is set in the bundled SC faces, traditional text (zh-Hant) in the TC faces;
the other script's faces are registered only when a document needs one of their characters.
"""

from __future__ import annotations

import io
import threading
import unicodedata
from dataclasses import dataclass, field
from xml.sax.saxutils import escape

from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFError, TTFont

from ... import font_files as fonts
from ...errors import FormatError
from ...text import strip_bidi

_lock = threading.RLock()
_registered: dict[str, str] = {}  # FontSpec text or converted-subset key → registered name

# CFF system fonts are converted in 256-code-point pages so that one conversion serves many
# articles (Hangul syllables, an Ext-B block, …).
_PAGE = 256


def register(spec: fonts.FontSpec) -> str:
    """Register a TrueType font file with reportlab (once per process); its internal name."""
    key = str(spec)
    with _lock:
        name = _registered.get(key)
        if name is None:
            name = fonts.fallback_name(spec)
            try:
                font = TTFont(name, str(spec.path), subfontIndex=spec.index)
            except (TTFError, OSError, ValueError, IndexError) as exc:
                hint = " (reportlab embeds only TrueType/glyf outlines, not CFF/OpenType-PS)" \
                    if "postscript" in str(exc).lower() else ""
                raise FormatError(f"cannot use font {spec}: {exc}{hint}") from None
            _add(font)
            _registered[key] = name
        return name


def _add(font: TTFont) -> None:
    # reportlab treats two fonts with the same PostScript name as one: registering a second
    # "NotoSansCJKsc-Regular" (a user's build, a converted system subset) would silently
    # draw with the first. Give such a face a distinct name.
    known = getattr(pdfmetrics, "_dynFaceNames", {})
    if font.face.name in known:
        suffix = font.fontName.rsplit("-", 1)[-1][:6]
        base = font.face.name
        base = base.decode("latin-1") if isinstance(base, bytes) else str(base)
        font.face.name = f"{base[:50]}-{suffix}".encode("latin-1")
    pdfmetrics.registerFont(font)


def _register_converted(face: fonts.Face, page: int) -> str:
    key = f"{face.spec}@{page}"
    with _lock:
        name = _registered.get(key)
        if name is None:
            chars = frozenset(
                c for c in map(chr, range(page * _PAGE, (page + 1) * _PAGE)) if face.has(c)
            )
            data = fonts.cff_subset_as_truetype(face.spec, chars)
            name = fonts.fallback_name(face.spec, chars)
            _add(TTFont(name, io.BytesIO(data)))
            _registered[key] = name
        return name


def covers(name: str) -> dict[int, int]:
    """Code point → glyph of a registered TTF (glyph 0, .notdef, is never in it). May hold
    placeholders (see `placeholder`); use `has` to ask about real coverage."""
    return pdfmetrics.getFont(name).face.charToGlyph  # type: ignore[no-any-return]


_placeholders: dict[str, set[int]] = {}
# The geta mark is what Chinese and Japanese compositors have always set for a missing
# character; a white square if the font lacks even that.
_PLACEHOLDER_GLYPHS = (0x3013, 0x25A1)


def has(name: str, cp: int) -> bool:
    return cp in covers(name) and cp not in _placeholders.get(name, ())


def placeholder(name: str, cp: int) -> None:
    """Let font `name` draw code point `cp`, which no font has, as a placeholder glyph.

    Left alone, reportlab encodes such a character as code 0, which extracts as nothing (or
    scrambles the text order around it). Mapped to a real glyph, the character keeps its own
    code point in the ToUnicode CMap: a visible 〓 on the page, the right text when copied.
    """
    face = pdfmetrics.getFont(name).face
    with _lock:
        if cp in face.charToGlyph:
            return
        for stand_in in _PLACEHOLDER_GLYPHS:
            if stand_in in face.charToGlyph:
                face.charToGlyph[cp] = face.charToGlyph[stand_in]
                face.charWidths[cp] = face.charWidths.get(stand_in, face.defaultWidth)
                _placeholders.setdefault(name, set()).add(cp)
                return


@dataclass(frozen=True)
class _Reserve:
    """A bundled face of the other script, registered the first time it is needed."""

    role: str  # 'serif', 'sans', 'sans_bold'
    face: fonts.Face


@dataclass
class FontSet:
    """The fonts of one document: the three roles, the fallback chain, and what went missing."""

    body: str
    heading: str
    bold: str
    chain: tuple[tuple[str, str], ...]  # (role, font): configured and bundled fonts, tried
    #                                     first for a missing character
    reserve: tuple[_Reserve, ...] = ()  # the other script's bundled faces, tried next
    extra: tuple[fonts.FontSpec, ...] = ()  # user fallback fonts (option, environment)
    language: str = "zh-Hans"
    system: bool = True
    missing: set[str] = field(default_factory=set)
    _choice: dict[tuple[str, str], str | None] = field(default_factory=dict, repr=False)

    def markup(self, text: str, primary: str) -> str:
        """`text` escaped for a Paragraph, with fallback-font runs where `primary` lacks a
        character. Bidi controls are dropped: reportlab has no bidi algorithm to obey them,
        and no font draws them (they are not missing glyphs)."""
        text = strip_bidi(text)
        if text and unicodedata.category(text[0]) in ("Mn", "Me"):
            # A combining mark with nothing to combine with is set on a no-break space, as
            # Unicode advises: alone it has no width and hangs outside the line (a running
            # head of such a title lands on the body text when extracted).
            text = "\u00a0" + text
        cmap = covers(primary)
        own = _placeholders.get(primary, ())
        if all(ord(c) in cmap and ord(c) not in own for c in set(text)):
            return escape(text)
        out: list[str] = []
        run: list[str] = []
        run_font = primary
        for char in text:
            cp = ord(char)
            face = primary if cp in cmap and cp not in own else self.font_for(char, primary)
            if face is None:  # nobody has it: a placeholder that still extracts as the
                face = primary  # character, and a warning (self.missing)
                placeholder(primary, cp)
            if face != run_font and run:
                out.append(_wrap("".join(run), run_font, primary))
                run = []
            run_font = face
            run.append(char)
        if run:
            out.append(_wrap("".join(run), run_font, primary))
        return "".join(out)

    def font_for(self, char: str, primary: str) -> str | None:
        key = (primary, char)
        if key not in self._choice:
            self._choice[key] = self._find(char, primary)
        found = self._choice[key]
        if found is None:
            self.missing.add(char)
        return found

    def _find(self, char: str, primary: str) -> str | None:
        if char.isspace() or not char.isprintable():
            return None if not char.isspace() else primary
        cp = ord(char)
        kind = "serif" if primary == self.body else \
            "bold" if primary == self.bold and self.bold != self.heading else "sans"
        role = {"serif": "serif", "sans": "sans", "bold": "sans_bold"}[kind]
        # Fonts of the same kind first: a character a user's headline font lacks comes from
        # the bundled bold Hei, not the bundled Song.
        rank = _ROLE_ORDER[role]
        for _, name in sorted(self.chain, key=lambda entry: rank.index(entry[0])):
            if name != primary and has(name, cp):
                return name
        # The other script's bundled faces, the primary's own role first (峇 in a simplified
        # article comes from the TC serif in body text, from the TC bold in a headline).
        for reserve in sorted(self.reserve, key=lambda r: r.role != role):
            if reserve.face.has(char):
                try:
                    return register(reserve.face.spec)
                except FormatError:
                    break
        face = fonts.locate(char, self.extra, language=self.language, system=self.system,
                            kind=kind, family=family(primary))[char]
        if face is None:
            return None
        if face.embeddable:
            try:
                return register(face.spec)
            except FormatError:
                return None
        try:
            return _register_converted(face, cp // _PAGE)
        except Exception:  # noqa: BLE001 - a broken system font must not sink the document
            return None


_ROLE_ORDER = {
    "serif": ("serif", "sans", "sans_bold"),
    "sans": ("sans", "sans_bold", "serif"),
    "sans_bold": ("sans_bold", "sans", "serif"),
}


def family(name: str) -> str:
    """The first word of a registered font's family name ("Noto" for Noto Serif CJK TC): a
    fallback face of the same design family is preferred (see fonts._preference)."""
    raw = getattr(pdfmetrics.getFont(name).face, "familyName", b"") or b""
    text = raw.decode("latin-1") if isinstance(raw, bytes) else str(raw)
    return text.split(" ", 1)[0] if text.strip() else ""


def _wrap(run: str, font: str, primary: str) -> str:
    text = escape(run)
    return text if font == primary else f'<font face="{font}">{text}</font>'


_Roles = tuple[str, str, str, tuple[tuple[str, str], ...], tuple[_Reserve, ...]]
_sets: dict[tuple, _Roles] = {}


def font_set(
    body: str | None,
    heading: str | None,
    bold: str | None,
    fallback: tuple[str, ...] = (),
    *,
    language: str = "zh-Hans",
    system: bool = True,
) -> FontSet:
    """The fonts for one document: the bundled faces of the article's script (SC for
    simplified text, TC for traditional) unless the options name others. Registration is
    cached, so after the first document of a script this costs a dictionary look-up."""
    script = "zh-Hant" if language == "zh-Hant" else "zh-Hans"
    key = (body, heading, bold, script)
    with _lock:
        roles = _sets.get(key)
        if roles is None:
            roles = _resolve_roles(body, heading, bold, script)
            _sets[key] = roles
    extra = tuple(fonts.FontSpec.parse(f) for f in fallback) + tuple(fonts.user_fallbacks())
    for spec in extra:  # fail early on a bad fallback file, not halfway through a document
        register(spec)
    return FontSet(*roles, extra=extra, language=language, system=system)


def _bundled_spec(role: str, language: str) -> fonts.FontSpec | None:
    try:
        return fonts.FontSpec.parse(fonts.bundled_font(role, language))
    except FormatError:
        return None


def _resolve_roles(
    body: str | None, heading: str | None, bold: str | None, language: str = "zh-Hans"
) -> _Roles:
    other = "zh-Hans" if language == "zh-Hant" else "zh-Hant"

    def bundled(role: str) -> str | None:
        # The article's own script; the other one if its files are missing (a
        # $DOCCONV_FONT_DIR with only the SC files still sets traditional text).
        for lang in (language, other):
            spec = _bundled_spec(role, lang)
            if spec is not None:
                try:
                    return register(spec)
                except FormatError:
                    continue
        return None

    configured = {
        role: register(fonts.FontSpec.parse(path)) if path else None
        for role, path in (("serif", body), ("sans", heading), ("sans_bold", bold))
    }
    shipped = {role: bundled(role) for role in fonts.BUNDLED if configured[role] is None}
    if configured["serif"] is None and shipped.get("serif") is None:
        fonts.bundled_font("serif", language)  # raises the helpful "not found" error
    serif = configured["serif"] or shipped.get("serif")
    sans = configured["sans"] or shipped.get("sans") or serif
    sans_bold = configured["sans_bold"] or shipped.get("sans_bold") or sans
    assert serif and sans and sans_bold
    # Bundled fonts stay in the chain even when the user chose others: they are the first
    # place to look for a character the user's fonts lack.
    entries = [("serif", serif), ("sans", sans), ("sans_bold", sans_bold)]
    entries += [(r, bundled(r)) for r in fonts.BUNDLED if configured[r] is not None]
    seen: set[str] = set()
    chain = []
    for role, name in entries:
        if name and name not in seen:
            seen.add(name)
            chain.append((role, name))
    # The other script's bundled faces: their cmaps are read when a character is missing,
    # and they are registered when one has it. (Bundled files are TrueType.)
    own = {_bundled_spec(r, language) for r in fonts.BUNDLED}
    reserve = []
    for role in fonts.BUNDLED:
        spec = _bundled_spec(role, other)
        if spec is not None and spec not in own:
            reserve.append(_Reserve(role, fonts.Face(spec, "TrueType", spec.path.stem)))
    return serif, sans, sans_bold, tuple(chain), tuple(reserve)
