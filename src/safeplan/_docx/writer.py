"""The WordprocessingML writer: layout block markup in, ``.docx`` bytes out.

This is the only module that touches WordprocessingML. Layouts (jinja templates with
autoescaping) render a small XML *block markup*; :func:`render_docx` turns it into a DOCX
package. Static parts (styles, theme, fonts, settings, header and footer media) come from a
:class:`Reference` DOCX that is read and compressed once, then reused for every document.

Output is byte-identical for identical input: fixed zip timestamps (1980-01-01), fixed part
order, relationship and drawing ids numbered in document order, media named by content hash.

Block markup
============

Every piece of case data reaches the markup through jinja autoescaping, so it can never become
markup. ``style`` attributes take a style *name* as Word shows it ("Heading 1", "Child Body") or a
style id; every style used must exist in the reference, or :class:`TemplateError` lists all the
missing ones. ``lang`` (BCP 47) and ``dir`` (``rtl``/``ltr``) may appear on any block or
``<span>``; each run carries the language of its nearest ancestor with ``lang``, else the
document's. In right-to-left context, paragraphs get ``w:bidi`` (and so align right) and runs of
right-to-left text get ``w:rtl``; embedded Latin names and numbers get runs of their own, so Word
keeps them in reading order. Strings are never reversed.

::

    <document lang="cy-GB" dir="rtl">      root; both attributes optional
      <title>…</title>                     Title style
      <h1>…</h1> <h2>…</h2> <h3>…</h3>     Heading 1-3 (real headings). Children's versions use
                                           <h1 style="Child Heading">: the built-in reference
                                           bases it on Heading 1 (20 pt), so it stays a heading.
      <p style="…" align="center">…</p>    Normal (children's versions: style="Child Body",
                                           16 pt). align: left | center | right | justify
      <list kind="bullet|number" style="…">  real Word lists (numbering.xml); each numbered list
        <item>inline… <list>…</list></item>  restarts at 1; nested lists indent one level.
      </list>                              Items use "List Paragraph" unless style= is given.
      <table header="1" widths="30,70" style="Table Grid">
        <tr><th>…</th><td style="…" align="…">…</td></tr>
      </table>                             widths in percent. header="1" (or a first row made
                                           only of <th>) repeats the first row on every page,
                                           bold. Rows never split across pages; every row has
                                           the same number of cells (no merging). Cells hold
                                           inline content or <h1-3>/<p>/<list>/<image> blocks
                                           (a borderless "Child Table" can set a picture
                                           beside a heading).
      <image src="name" alt="…" width="2.5cm" align="center"/>
                                           PNG from the ``images`` mapping; alt="" marks it
                                           decorative. width: cm, mm, in, pt or px; default is
                                           its pixel size at 96 dpi, never wider than the page.
      <box style="Note">…</box>            a bordered, shaded callout made of paragraph borders
                                           (not a layout table, which screen readers announce):
                                           its paragraphs and list items take the "Note" style,
                                           and list items are indented so one box is drawn.
      <signature label="Signed" date="Date"/>   label, then a line to sign on; optional date.
      <pagebreak/>
    </document>

Inline content: text, ``<b>``, ``<i>``, ``<u>``, ``<br/>``, ``<span lang="…" dir="…">``.

Whitespace is collapsed the way HTML does, so templates may be indented freely: inside a block,
every run of spaces, tabs and newlines becomes one space, and spaces at the start and end of a
block and around ``<br/>`` are dropped. So ``<p>\\n    Paul will  go\\n</p>`` gives
"Paul will go". The text of a paragraph holding plain text ``s`` is therefore exactly
``normalize_space(clean_text(s))``. No-break and other Unicode spaces are content and stay.

Characters that XML 1.0 cannot hold are dropped (:func:`clean_text`); everything else (emoji,
right-to-left text, ``& < > " '``) is kept.
"""

from __future__ import annotations

import contextlib
import datetime
import functools
import hashlib
import importlib.resources
import io
import os
import posixpath
import re
import struct
import xml.etree.ElementTree as ET
import zipfile
import zlib
from collections.abc import Callable, Iterable, Mapping
from typing import Final, NamedTuple

import attrs
from lxml import etree  # type: ignore[import-untyped]  # no stubs in the venv

from .._errors import RenderError, TemplateError

__all__ = ["DocumentInfo", "Reference", "clean_text", "normalize_space", "render_docx"]

# --------------------------------------------------------------------------------------------
# Text: the one escaping function, and the whitespace rule
# --------------------------------------------------------------------------------------------

# XML 1.0 Char excludes C0 controls other than tab/LF/CR, the surrogate block and U+FFFE/U+FFFF.
_ILLEGAL_XML: Final = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")
# Only the whitespace runs that collapsing changes; replacing every single space is slow.
_WS_IRREGULAR: Final = re.compile("[\t\n\r][ \t\n\r]*| [ \t\n\r]+")


def clean_text(s: str) -> str:
    """Drop the characters XML 1.0 cannot hold; keep everything else.

    Removed: C0 control characters other than tab, newline and carriage return; lone
    surrogates; U+FFFE and U+FFFF.

    Args:
        s: Any text.

    Returns:
        The text without those characters.
    """
    # Every one of those characters is unprintable, and isprintable() is much faster than a
    # regular expression.
    return s if s.isprintable() else _ILLEGAL_XML.sub("", s)


def normalize_space(s: str) -> str:
    """Collapse whitespace the way the writer does inside one block of markup.

    Args:
        s: Text as it stands in the markup, after entity decoding.

    Returns:
        Runs of spaces, tabs, newlines and carriage returns as one space, without leading or
        trailing space. Other characters (no-break space, em space, ...) are content and stay.
    """
    if "\n" not in s and "  " not in s and "\t" not in s and "\r" not in s:
        return s.strip(" ")  # nothing to collapse: the usual case, and faster than the regex
    return _WS_IRREGULAR.sub(" ", s).strip(" ")


def _collapse(s: str) -> str:
    """:func:`normalize_space` for text that came out of the XML parser, fast.

    Parsed text cannot hold the ASCII controls that ``str.split`` also splits on, so for ASCII
    text its split is exactly the XML whitespace split, and several times faster than a regex.
    Most text needs no more than its edge spaces stripped, and four substring tests (each a
    memchr-speed scan) find that out faster still than splitting it into words.
    """
    if "\n" not in s and "  " not in s and "\t" not in s and "\r" not in s:
        return s.strip(" ")  # as in normalize_space
    if s.isascii():
        return " ".join(s.split())
    return _WS_IRREGULAR.sub(" ", s).strip(" ")


def _escape(s: str) -> str:
    """Make any text safe for XML character data or an attribute value.

    Every string that reaches a part goes through here, so an illegal character or a markup
    character in case data can never break a document.
    """
    # Every illegal character is unprintable, and isprintable() is much faster than a search.
    if not s.isprintable() and _ILLEGAL_XML.search(s) is not None:
        s = _ILLEGAL_XML.sub("", s)
    return _escape_parsed(s)


def _escape_parsed(s: str) -> str:
    """:func:`_escape` for text that came out of the XML parser.

    The parser rejects every character XML cannot hold (raw or as a character reference), so
    only the markup characters are left to escape. Most text holds none of them, and ``in`` is
    cheaper than a replace that finds nothing.
    """
    if "&" in s or "<" in s or ">" in s or '"' in s:
        return (
            s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace('"', "&quot;")
        )
    return s


# --------------------------------------------------------------------------------------------
# Languages and direction
# --------------------------------------------------------------------------------------------

_LANG_RE: Final = re.compile(r"[A-Za-z]{2,8}(?:-[A-Za-z0-9]{1,8})*\Z")
_RTL_LANGS: Final = frozenset(
    {"ar", "arc", "ckb", "dv", "fa", "he", "iw", "ks", "ps", "sd", "syr", "ug", "ur", "yi", "nqo"}
)
_RTL_SCRIPTS: Final = frozenset({"arab", "hebr", "syrc", "thaa", "nkoo", "adlm", "rohg", "mand"})
_LTR_SCRIPTS: Final = frozenset({"latn", "cyrl", "deva", "grek"})
_CJK_LANGS: Final = frozenset({"zh", "ja", "ko"})

# Strongly right-to-left characters: Hebrew to Arabic Extended-A, presentation forms, and the
# historic and Adlam/Mende planes. A run needs w:rtl only for these (and the neutrals between).
_R: Final = "\u0590-\u08ff\ufb1d-\ufdff\ufe70-\ufefc\U00010800-\U00010fff\U0001e800-\U0001efff"
_MARKS: Final = "\u0300-\u036f\u1ab0-\u1aff\u1dc0-\u1dff\u20d0-\u20ff\ufe20-\ufe2f"
_HAS_RTL: Final = re.compile(f"[{_R}]")
# A letter or digit that is not right-to-left (or a combining mark following one).
_LTR_UNIT: Final = f"(?:(?![{_R}])[^\\W_]|[{_MARKS}])"
# In right-to-left context: a stretch from one left-to-right letter/digit to the last one before
# the next right-to-left letter ("CP-2026-0142", "Paul Smith") keeps its own left-to-right run.
_LTR_CHUNK: Final = re.compile(f"{_LTR_UNIT}(?:[^{_R}]*{_LTR_UNIT})?")
# In left-to-right context: a stretch of right-to-left text, digits and neutrals between
# right-to-left letters becomes one right-to-left run.
_RTL_CHUNK: Final = re.compile(f"[{_R}](?:(?:[{_R}]|(?![^\\W\\d_])[\\s\\S])*[{_R}])?")


def _is_rtl_language(tag: str) -> bool:
    parts = tag.lower().split("-")
    for sub in parts[1:]:
        if len(sub) == 4:
            if sub in _RTL_SCRIPTS:
                return True
            if sub in _LTR_SCRIPTS:
                return False
    return parts[0] in _RTL_LANGS


def _split_direction(text: str, rtl_context: bool) -> list[tuple[str, bool]]:
    """Split text into (chunk, is_rtl) pieces so that mixed-script text reads correctly."""
    pattern = _LTR_CHUNK if rtl_context else _RTL_CHUNK
    out: list[tuple[str, bool]] = []
    pos = 0
    for m in pattern.finditer(text):
        start, end = m.span()
        if start > pos:
            out.append((text[pos:start], rtl_context))
        out.append((text[start:end], not rtl_context))
        pos = end
    if pos < len(text):
        out.append((text[pos:], rtl_context))
    return out


# --------------------------------------------------------------------------------------------
# Namespaces and relationship types
# --------------------------------------------------------------------------------------------

_W: Final = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
_R_NS: Final = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
_WP: Final = "http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing"
_A: Final = "http://schemas.openxmlformats.org/drawingml/2006/main"
_PIC: Final = "http://schemas.openxmlformats.org/drawingml/2006/picture"
_PKG_REL: Final = "http://schemas.openxmlformats.org/package/2006/relationships"
_CT_NS: Final = "http://schemas.openxmlformats.org/package/2006/content-types"
_RT: Final = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/"
_WML: Final = "application/vnd.openxmlformats-officedocument.wordprocessingml."
_DECL: Final = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'


def _w(local: str) -> str:
    return f"{{{_W}}}{local}"


# Parts of the reference copied as they are (with whatever they link to), by relationship type.
_COPIED_TYPES: Final = (
    "settings",
    "webSettings",
    "fontTable",
    "theme",
    "footnotes",
    "endnotes",
    "stylesWithEffects",
)

# --------------------------------------------------------------------------------------------
# Zip writing: static members are deflated once; a document only deflates what changed
# --------------------------------------------------------------------------------------------

_DOS_DATE: Final = (0 << 9) | (1 << 5) | 1  # 1980-01-01
# Per-document parts are deflated fast (level 1 costs a quarter of level 6 for a few per cent
# more bytes); static parts are deflated once, so they get the best level.
_FAST: Final = 1
_BEST: Final = 9
_STORE_BELOW: Final = 2048


class _Entry(NamedTuple):
    """One zip member, ready to write: local header plus data, and the central record prefix."""

    name: bytes
    local: bytes
    central: bytes


def _entry(name: str, data: bytes, *, deflate: bool = True, level: int = _FAST) -> _Entry:
    crc = zlib.crc32(data)
    method = 0
    payload = data
    # Setting up deflate for a small part costs more than the bytes it saves.
    if deflate and (level == _BEST or len(data) > _STORE_BELOW):
        packed = zlib.compress(data, level, -15)
        if len(packed) < len(data):
            method, payload = 8, packed
    raw = name.encode("utf-8")
    local = (
        struct.pack(
            "<IHHHHHIIIHH",
            0x04034B50, 20, 0, method, 0, _DOS_DATE, crc, len(payload), len(data), len(raw), 0,
        )
        + raw
        + payload
    )  # fmt: skip
    central = struct.pack(
        "<IHHHHHHIIIHHHHHI",
        0x02014B50, 20, 20, 0, method, 0, _DOS_DATE, crc, len(payload), len(data), len(raw),
        0, 0, 0, 0, 0,
    )  # fmt: skip
    return _Entry(raw, local, central)


def _zip(entries: Iterable[_Entry]) -> bytes:
    chunks: list[bytes] = []
    central: list[bytes] = []
    offset = 0
    count = 0
    for e in entries:
        chunks.append(e.local)
        central.append(e.central + struct.pack("<I", offset) + e.name)
        offset += len(e.local)
        count += 1
    directory = b"".join(central)
    end = struct.pack("<IHHHHIIH", 0x06054B50, 0, 0, count, count, len(directory), offset, 0)
    chunks.append(directory)
    chunks.append(end)
    return b"".join(chunks)


# --------------------------------------------------------------------------------------------
# Numbering definitions injected when a reference has no suitable ones
# --------------------------------------------------------------------------------------------


def _abstract_num_xml(abstract_id: int, kind: str) -> str:
    """A nine-level list definition: bullets, or 1. / a. / i. numbers; 0.5" per level."""
    levels = []
    for lvl in range(9):
        if kind == "bullet":
            fmt, text = "bullet", ("\u2022" if lvl % 2 == 0 else "\u2013")
        else:
            fmt, text = ("decimal", "lowerLetter", "lowerRoman")[lvl % 3], f"%{lvl + 1}."
        levels.append(
            f'<w:lvl w:ilvl="{lvl}"><w:start w:val="1"/><w:numFmt w:val="{fmt}"/>'
            f'<w:lvlText w:val="{text}"/><w:lvlJc w:val="left"/>'
            f'<w:pPr><w:ind w:left="{720 * (lvl + 1)}" w:hanging="360"/></w:pPr></w:lvl>'
        )
    nsid = "5AFE0B01" if kind == "bullet" else "5AFE0C01"
    return (
        f'<w:abstractNum xmlns:w="{_W}" w:abstractNumId="{abstract_id}">'
        f'<w:nsid w:val="{nsid}"/><w:multiLevelType w:val="hybridMultilevel"/>'
        f'<w:name w:val="safeplan {kind}"/>{"".join(levels)}</w:abstractNum>'
    )


# --------------------------------------------------------------------------------------------
# The reference
# --------------------------------------------------------------------------------------------

_MARKER: Final = "safeplan-insert-here"
_LANG_TOKENS: Final = ("SAFEPLAN-LANG-VAL", "SAFEPLAN-LANG-EA", "SAFEPLAN-LANG-BIDI")
_CACHE_LIMIT: Final = 64


def _serialize(root: etree._Element) -> str:
    return _DECL + str(etree.tostring(root, encoding="unicode"))


def _split_at_marker(root: etree._Element) -> tuple[str, str]:
    head, _, tail = _serialize(root).partition(f"<!--{_MARKER}-->")
    return head, tail


def _with_w_prefix(root: etree._Element) -> etree._Element:
    """A copy of ``root`` whose prefix ``w`` is the main namespace, so we can append strings."""
    nsmap = {k: v for k, v in root.nsmap.items() if k != "w"}
    nsmap["w"] = _W
    new = etree.Element(root.tag, attrib=dict(root.attrib), nsmap=nsmap)
    new.text = root.text
    for child in list(root):
        new.append(child)
    return new


def _rels_name(part: str) -> str:
    folder, base = posixpath.split(part)
    return posixpath.join(folder, "_rels", base + ".rels")


class _Rel(NamedTuple):
    id: str
    type: str
    target: str  # part name for internal targets, the URI as given for external ones
    external: bool


def _read_rels(zf: zipfile.ZipFile, part: str, names: set[str]) -> list[_Rel]:
    rels_name = _rels_name(part)
    if rels_name not in names:
        return []
    root = etree.fromstring(zf.read(rels_name))
    base = posixpath.dirname(part)
    out = []
    for rel in root.iter(f"{{{_PKG_REL}}}Relationship"):
        target = rel.get("Target", "")
        external = rel.get("TargetMode") == "External"
        if not external:
            target = posixpath.normpath(
                target.lstrip("/") if target.startswith("/") else posixpath.join(base, target)
            )
        out.append(_Rel(rel.get("Id", ""), rel.get("Type", ""), target, external))
    return out


def _rel_xml(rid: str, rtype: str, target: str, *, external: bool = False) -> str:
    mode = ' TargetMode="External"' if external else ""
    return (
        f'<Relationship Id="{_escape(rid)}" Type="{_escape(rtype)}" '
        f'Target="{_escape(target)}"{mode}/>'
    )


def _rels_part(items: Iterable[str]) -> str:
    return f'{_DECL}<Relationships xmlns="{_PKG_REL}">{"".join(items)}</Relationships>'


def _is_blank_paragraph(p: etree._Element) -> bool:
    if p.tag != _w("p"):
        return False
    for el in p.iter():
        if not isinstance(el.tag, str):
            continue
        if el.tag == _w("t") and (el.text or "").strip():
            return False
        if etree.QName(el).localname in {
            "drawing", "pict", "object", "fldSimple", "instrText", "sym", "AlternateContent",
        }:  # fmt: skip
            return False
    return True


def _int_attr(el: etree._Element | None, name: str, default: int) -> int:
    if el is None:
        return default
    try:
        return int(float(el.get(_w(name), default)))
    except ValueError:
        return default


@attrs.frozen(eq=False, kw_only=True)
class Reference:
    """A reference DOCX prepared once and reused for thousands of documents.

    Styles, numbering definitions, theme, fonts, settings, page size and margins, and whatever
    the reference's default header and footer contain (say, a council logo) are read from the
    file, so a council can rebrand in Word. The reference's body, document properties and any
    attached template are never copied.

    Attributes:
        name: The file name (or ``<reference>``), for error messages.
        style_ids: Every style id in the reference.
        style_names: Every style name, as Word shows it ("Heading 1", "Child Body").
    """

    name: str
    style_ids: frozenset[str]
    style_names: frozenset[str]
    _styles: Mapping[tuple[str, str], str] = attrs.field(repr=False)
    _indents: Mapping[str, tuple[int, int]] = attrs.field(repr=False)
    _styles_parts: tuple[str, ...] = attrs.field(repr=False)
    _lang_defaults: tuple[str, str] = attrs.field(repr=False)
    _numbering: tuple[str, str] = attrs.field(repr=False)
    _abstract_ids: tuple[int, int] = attrs.field(repr=False)
    _first_num_id: int = attrs.field(repr=False)
    _header: tuple[str, str] = attrs.field(repr=False)
    _footer: tuple[str, str] = attrs.field(repr=False)
    _header_empty: tuple[bool, bool] = attrs.field(repr=False)
    _sect: str = attrs.field(repr=False)
    _text_width: int = attrs.field(repr=False)
    _first_drawing_id: int = attrs.field(repr=False)
    _doc_rels: tuple[str, ...] = attrs.field(repr=False)
    _head_entries: tuple[_Entry, ...] = attrs.field(repr=False)
    _doc_rels_entry: _Entry = attrs.field(repr=False)
    _tail_entries: tuple[_Entry, ...] = attrs.field(repr=False)
    _cache: dict[object, _Entry] = attrs.field(factory=dict, repr=False)

    @classmethod
    def load(cls, source: str | os.PathLike[str] | bytes | None = None) -> Reference:
        """Read and prepare a reference DOCX.

        Args:
            source: A path, the bytes of a DOCX, or None for the built-in reference.

        Returns:
            The prepared reference.

        Raises:
            TemplateError: The file cannot be read or is not a WordprocessingML package.
        """
        if source is None:
            name = "reference.docx (built in)"
            res = importlib.resources.files("safeplan").joinpath("templates/reference.docx")
            data = res.read_bytes()
        elif isinstance(source, bytes):
            name, data = "<reference>", source
        else:
            name = os.path.basename(os.fspath(source))
            try:
                with open(source, "rb") as f:
                    data = f.read()
            except OSError as err:
                msg = f"the reference DOCX cannot be opened ({err.strerror})"
                raise TemplateError(msg, template=name) from err
        try:
            return _load_reference(data, name)
        except (zipfile.BadZipFile, KeyError, ValueError, etree.XMLSyntaxError) as err:
            msg = f"the reference DOCX cannot be read ({type(err).__name__})"
            raise TemplateError(msg, template=name) from err

    def find_style(self, name_or_id: str, kind: str = "paragraph") -> str | None:
        """The id of a style, looked up by id or by name (case-insensitive).

        Args:
            name_or_id: "Heading 1", "heading 1" or "Heading1".
            kind: "paragraph", "character", "table" or "numbering".

        Returns:
            The style id, or None if the reference has no such style of that kind.
        """
        sid = self._styles.get((kind, name_or_id)) or self._styles.get(
            (kind, "\0" + name_or_id.casefold())
        )
        return None if sid is None else _unescape_attr(sid)

    def _cached(self, key: object, build: Callable[[], _Entry]) -> _Entry:
        entry = self._cache.get(key)
        if entry is None:
            if len(self._cache) >= _CACHE_LIMIT:
                self._cache.clear()
            entry = self._cache[key] = build()
        return entry

    def _styles_entry(self, language: str) -> _Entry:
        def build() -> _Entry:
            val = _escape(language)
            ea, bidi = self._lang_defaults
            if language.split("-")[0].lower() in _CJK_LANGS:
                ea = val
            if _is_rtl_language(language):
                bidi = val
            xml = self._styles_parts[0]
            for part, value in zip(self._styles_parts[1:], (val, ea, bidi), strict=False):
                xml = xml.replace(part, value)
            return _entry("word/styles.xml", xml.encode("utf-8"), level=_BEST)

        return self._cached(("styles", language), build)


def _unescape_attr(s: str) -> str:
    return s.replace("&quot;", '"').replace("&gt;", ">").replace("&lt;", "<").replace("&amp;", "&")


def _display_name(name: str) -> str:
    # Word stores built-in names in lower case ("heading 1") and shows them capitalised.
    return name[:1].upper() + name[1:] if name[:1].islower() else name


def _style_indents(root: etree._Element) -> dict[str, tuple[int, int]]:
    """Left and right indents of every paragraph style, following basedOn; keyed by escaped id."""
    own: dict[str, tuple[int | None, int | None, str | None]] = {}
    for st in root.iterfind(_w("style")):
        sid = st.get(_w("styleId"))
        if not sid or st.get(_w("type"), "paragraph") != "paragraph":
            continue
        ind = st.find(f"{_w('pPr')}/{_w('ind')}")
        based = st.find(_w("basedOn"))
        left = right = None
        if ind is not None:
            lv = ind.get(_w("left"), ind.get(_w("start")))
            rv = ind.get(_w("right"), ind.get(_w("end")))
            left = int(float(lv)) if lv is not None else None
            right = int(float(rv)) if rv is not None else None
        own[sid] = (left, right, based.get(_w("val")) if based is not None else None)

    def resolve(sid: str, depth: int = 0) -> tuple[int, int]:
        left, right, based = own.get(sid, (None, None, None))
        if (left is None or right is None) and based and depth < 20:
            base_left, base_right = resolve(based, depth + 1)
            left = base_left if left is None else left
            right = base_right if right is None else right
        return (left or 0, right or 0)

    return {_escape(sid): resolve(sid) for sid in own}


def _prepare_styles(
    raw: bytes,
) -> tuple[
    dict[tuple[str, str], str],
    set[str],
    set[str],
    tuple[str, ...],
    tuple[str, str],
    dict[str, tuple[int, int]],
]:
    root = etree.fromstring(raw)
    lookup: dict[tuple[str, str], str] = {}
    ids: set[str] = set()
    names: set[str] = set()
    indents = _style_indents(root)
    for st in root.iterfind(_w("style")):
        sid = st.get(_w("styleId"))
        if not sid:
            continue
        kind = st.get(_w("type"), "paragraph")
        name_el = st.find(_w("name"))
        name = _display_name(name_el.get(_w("val"), sid) if name_el is not None else sid)
        ids.add(sid)
        names.add(name)
        lookup.setdefault((kind, sid), _escape(sid))
        lookup.setdefault((kind, "\0" + name.casefold()), _escape(sid))

    # docDefaults carries the document language; keep the reference's East Asian and
    # complex-script defaults unless the document language is one of those.
    defaults = root.find(_w("docDefaults"))
    if defaults is None:
        defaults = etree.Element(_w("docDefaults"))
        root.insert(0, defaults)
    rpr_default = defaults.find(_w("rPrDefault"))
    if rpr_default is None:
        rpr_default = etree.Element(_w("rPrDefault"))
        defaults.insert(0, rpr_default)
    rpr = rpr_default.find(_w("rPr"))
    if rpr is None:
        rpr = etree.SubElement(rpr_default, _w("rPr"))
    old = rpr.find(_w("lang"))
    ea_default, bidi_default = "en-US", "ar-SA"
    if old is not None:
        ea_default = old.get(_w("eastAsia"), ea_default)
        bidi_default = old.get(_w("bidi"), bidi_default)
        rpr.remove(old)
    lang = etree.Element(_w("lang"))
    for attr, token in zip(("val", "eastAsia", "bidi"), _LANG_TOKENS, strict=True):
        lang.set(_w(attr), token)
    after = [c for c in rpr if c.tag in {_w("eastAsianLayout"), _w("specVanish"), _w("oMath")}]
    if after:
        after[0].addprevious(lang)
    else:
        rpr.append(lang)
    xml = _serialize(root)
    langs = (_escape(ea_default), _escape(bidi_default))
    return lookup, ids, names, (xml, *_LANG_TOKENS), langs, indents


def _prepare_numbering(raw: bytes | None) -> tuple[tuple[str, str], tuple[int, int], int]:
    if raw is None:
        root = etree.Element(_w("numbering"), nsmap={"w": _W})
    else:
        root = _with_w_prefix(etree.fromstring(raw))
    abstracts = root.findall(_w("abstractNum"))

    def find(kind: str, fmt: str) -> int | None:
        for a in abstracts:
            name = a.find(_w("name"))
            if name is not None and name.get(_w("val")) == f"safeplan {kind}":
                return int(a.get(_w("abstractNumId"), "0"))
        for a in abstracts:
            lvl0 = a.find(_w("lvl"))
            num_fmt = lvl0.find(_w("numFmt")) if lvl0 is not None else None
            if num_fmt is not None and num_fmt.get(_w("val")) == fmt:
                return int(a.get(_w("abstractNumId"), "0"))
        return None

    next_id = max((int(a.get(_w("abstractNumId"), "0")) for a in abstracts), default=-1) + 1
    found: list[int] = []
    for kind, fmt in (("bullet", "bullet"), ("number", "decimal")):
        aid = find(kind, fmt)
        if aid is None:
            aid, next_id = next_id, next_id + 1
            new = etree.fromstring(_abstract_num_xml(aid, kind))
            # abstractNum definitions must all precede the w:num instances.
            following = [c for c in root if c.tag in {_w("num"), _w("numIdMacAtCleanup")}]
            if following:
                following[0].addprevious(new)
            else:
                root.append(new)
        found.append(aid)
    nums = root.findall(_w("num"))
    first_num = max((int(n.get(_w("numId"), "0")) for n in nums), default=0) + 1
    marker = etree.Comment(_MARKER)
    cleanup = root.find(_w("numIdMacAtCleanup"))
    if cleanup is not None:
        cleanup.addprevious(marker)
    else:
        root.append(marker)
    return _split_at_marker(root), (found[0], found[1]), first_num


def _prepare_settings(raw: bytes | None) -> tuple[bytes, bool]:
    """Settings without prompts, personal paths or alternate headers; says if its rels stay."""
    if raw is None:
        return (
            f'{_DECL}<w:settings xmlns:w="{_W}"><w:defaultTabStop w:val="720"/>'
            '<w:characterSpacingControl w:val="doNotCompress"/><w:compat>'
            '<w:compatSetting w:name="compatibilityMode" '
            'w:uri="http://schemas.microsoft.com/office/word" w:val="15"/></w:compat>'
            "</w:settings>"
        ).encode(), False
    root = etree.fromstring(raw)
    # updateFields makes Word prompt on opening; attachedTemplate and mailMerge carry paths
    # from the editor's machine; evenAndOddHeaders would blank every other page's header.
    for local in ("updateFields", "attachedTemplate", "mailMerge", "docVars", "evenAndOddHeaders"):
        for el in root.findall(_w(local)):
            root.remove(el)
    keeps_rels = any(
        k.startswith(f"{{{_R_NS}}}") for el in root.iter() for k in el.attrib if isinstance(k, str)
    )
    return _serialize(root).encode("utf-8"), keeps_rels


def _prepare_hdrftr(
    zf: zipfile.ZipFile, part: str | None, names: set[str], kind: str
) -> tuple[tuple[str, str], bool, list[_Rel], int]:
    """Split a header/footer around the place our lines go; keep a logo, drop blank lines."""
    if part is None or part not in names:
        root = etree.Element(_w(kind), nsmap={"w": _W, "r": _R_NS})
        rels: list[_Rel] = []
    else:
        root = _with_w_prefix(etree.fromstring(zf.read(part)))
        rels = _read_rels(zf, part, names)
    for child in list(root):
        if _is_blank_paragraph(child):
            root.remove(child)
    empty = len(root) == 0
    max_id = 0
    for el in root.iter(f"{{{_WP}}}docPr"):
        with contextlib.suppress(ValueError):
            max_id = max(max_id, int(el.get("id", "0")))
    root.append(etree.Comment(_MARKER))
    return _split_at_marker(root), empty, rels, max_id


def _content_types(zf: zipfile.ZipFile) -> tuple[dict[str, str], dict[str, str]]:
    root = etree.fromstring(zf.read("[Content_Types].xml"))
    defaults = {
        d.get("Extension", "").lower(): d.get("ContentType", "")
        for d in root.iter(f"{{{_CT_NS}}}Default")
    }
    overrides = {
        o.get("PartName", "").lstrip("/"): o.get("ContentType", "")
        for o in root.iter(f"{{{_CT_NS}}}Override")
    }
    return defaults, overrides


def _load_reference(data: bytes, name: str) -> Reference:
    zf = zipfile.ZipFile(io.BytesIO(data))
    names = set(zf.namelist())
    ct_defaults, ct_overrides = _content_types(zf)

    def content_type(part: str) -> str:
        ext = part.rsplit(".", 1)[-1].lower()
        return ct_overrides.get(part) or ct_defaults.get(ext) or "application/octet-stream"

    main = next(
        (r.target for r in _read_rels(zf, "", names) if r.type.endswith("/officeDocument")),
        "word/document.xml",
    )
    main_rels = _read_rels(zf, main, names)
    by_type: dict[str, str] = {}
    by_id: dict[str, str] = {}
    for rel in main_rels:
        if not rel.external:
            by_type.setdefault(rel.type.rsplit("/", 1)[-1], rel.target)
            by_id[rel.id] = rel.target

    styles_part = by_type.get("styles")
    if styles_part is None or styles_part not in names:
        raise ValueError("no styles part")
    lookup, ids, style_names, styles_parts, lang_defaults, indents = _prepare_styles(
        zf.read(styles_part)
    )
    numbering_part = by_type.get("numbering")
    numbering, abstract_ids, first_num = _prepare_numbering(
        zf.read(numbering_part) if numbering_part in names and numbering_part else None
    )

    # Page size, margins and the default header/footer come from the body's last sectPr.
    body_sect = etree.fromstring(zf.read(main)).find(f"{_w('body')}/{_w('sectPr')}")
    refs: dict[str, str] = {}
    pg_sz = pg_mar = None
    if body_sect is not None:
        for kind in ("header", "footer"):
            for ref in body_sect.iterfind(_w(f"{kind}Reference")):
                if ref.get(_w("type"), "default") == "default":
                    target = by_id.get(ref.get(f"{{{_R_NS}}}id", ""))
                    if target:
                        refs[kind] = target
        pg_sz, pg_mar = body_sect.find(_w("pgSz")), body_sect.find(_w("pgMar"))
    width, height = _int_attr(pg_sz, "w", 11906), _int_attr(pg_sz, "h", 16838)
    orient = pg_sz.get(_w("orient")) if pg_sz is not None else None
    margins = {
        k: _int_attr(pg_mar, k, d)
        for k, d in (
            ("top", 1440), ("right", 1440), ("bottom", 1440), ("left", 1440),
            ("header", 708), ("footer", 708), ("gutter", 0),
        )
    }  # fmt: skip
    orient_attr = ' w:orient="landscape"' if orient == "landscape" else ""
    sect = (
        f'<w:pgSz w:w="{width}" w:h="{height}"{orient_attr}/><w:pgMar '
        + " ".join(f'w:{k}="{v}"' for k, v in margins.items())
        + '/><w:cols w:space="708"/>'
    )
    text_width = max(width - margins["left"] - margins["right"] - margins["gutter"], 1440)

    header, header_empty, header_rels, hmax = _prepare_hdrftr(zf, refs.get("header"), names, "hdr")
    footer, footer_empty, footer_rels, fmax = _prepare_hdrftr(zf, refs.get("footer"), names, "ftr")

    # Static parts and everything they link to, under their names in the reference.
    static: dict[str, bytes] = {}

    def collect(part: str) -> None:
        if part in static or part not in names:
            return
        static[part] = zf.read(part)
        rels_name = _rels_name(part)
        if rels_name in names:
            static[rels_name] = zf.read(rels_name)
            for rel in _read_rels(zf, part, names):
                if not rel.external:
                    collect(rel.target)

    doc_rel_types: list[tuple[str, str]] = []
    for rtype in _COPIED_TYPES:
        part = by_type.get(rtype)
        if part is None or part not in names:
            continue
        if rtype == "settings":
            settings, keeps_rels = _prepare_settings(zf.read(part))
            static[part] = settings
            if keeps_rels:
                collect_rels = _read_rels(zf, part, names)
                static[_rels_name(part)] = zf.read(_rels_name(part))
                for rel in collect_rels:
                    if not rel.external:
                        collect(rel.target)
        else:
            collect(part)
        doc_rel_types.append((rtype, part))
    if "settings" not in by_type:
        settings, _ = _prepare_settings(None)
        static["word/settings.xml"] = settings
        ct_overrides["word/settings.xml"] = _WML + "settings+xml"
        doc_rel_types.append(("settings", "word/settings.xml"))
    hf_rels: dict[str, str] = {}
    for out_name, rels in (("word/header1.xml", header_rels), ("word/footer1.xml", footer_rels)):
        if rels:
            items = []
            for rel in rels:
                target = rel.target
                if not rel.external:
                    collect(rel.target)
                    target = posixpath.relpath(rel.target, "word")
                items.append(_rel_xml(rel.id, rel.type, target, external=rel.external))
            hf_rels[_rels_name(out_name)] = _rels_part(items)

    # Relationships from our document.xml; images are appended per document.
    doc_rels: list[str] = [
        _rel_xml("rId1", _RT + "styles", "styles.xml"),
        _rel_xml("rId2", _RT + "numbering", "numbering.xml"),
        _rel_xml("rId3", _RT + "header", "header1.xml"),
        _rel_xml("rId4", _RT + "footer", "footer1.xml"),
    ]
    for n, (rtype, part) in enumerate(doc_rel_types, start=5):
        uri = (
            "http://schemas.microsoft.com/office/2007/relationships/stylesWithEffects"
            if rtype == "stylesWithEffects"
            else _RT + rtype
        )
        doc_rels.append(_rel_xml(f"rId{n}", uri, posixpath.relpath(part, "word")))

    generated = {
        "docProps/core.xml": "application/vnd.openxmlformats-package.core-properties+xml",
        "docProps/app.xml": "application/vnd.openxmlformats-officedocument.extended-properties+xml",
        "word/document.xml": _WML + "document.main+xml",
        "word/styles.xml": _WML + "styles+xml",
        "word/numbering.xml": _WML + "numbering+xml",
        "word/header1.xml": _WML + "header+xml",
        "word/footer1.xml": _WML + "footer+xml",
    }
    overrides = dict(generated)
    for part in static:
        if not part.endswith(".rels"):
            overrides[part] = content_type(part)
    content_types = (
        f'{_DECL}<Types xmlns="{_CT_NS}">'
        '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.'
        'relationships+xml"/><Default Extension="xml" ContentType="application/xml"/>'
        '<Default Extension="png" ContentType="image/png"/>'
        + "".join(
            f'<Override PartName="/{_escape(p)}" ContentType="{_escape(t)}"/>'
            for p, t in sorted(overrides.items())
        )
        + "</Types>"
    )
    package_rels = _rels_part(
        [
            _rel_xml("rId1", _RT + "officeDocument", "word/document.xml"),
            _rel_xml(
                "rId2",
                "http://schemas.openxmlformats.org/package/2006/relationships/metadata/"
                "core-properties",
                "docProps/core.xml",
            ),
            _rel_xml("rId3", _RT + "extended-properties", "docProps/app.xml"),
        ]
    )
    app = (
        f'{_DECL}<Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/'
        'extended-properties" xmlns:vt="http://schemas.openxmlformats.org/officeDocument/2006/'
        'docPropsVTypes"><Application>safeplan</Application><DocSecurity>0</DocSecurity>'
        "</Properties>"
    )
    head_entries = (
        _entry("[Content_Types].xml", content_types.encode(), level=_BEST),
        _entry("_rels/.rels", package_rels.encode(), level=_BEST),
    )
    tail: dict[str, bytes] = {**static, **{k: v.encode() for k, v in hf_rels.items()}}
    tail_entries = (
        _entry("docProps/app.xml", app.encode(), level=_BEST),
        *(
            _entry(
                part,
                tail[part],
                deflate=not part.lower().endswith((".png", ".jpeg", ".jpg")),
                level=_BEST,
            )
            for part in sorted(tail)
        ),
    )
    return Reference(
        name=name,
        style_ids=frozenset(ids),
        style_names=frozenset(style_names),
        styles=lookup,
        indents=indents,
        styles_parts=styles_parts,
        lang_defaults=lang_defaults,
        numbering=numbering,
        abstract_ids=abstract_ids,
        first_num_id=first_num,
        header=header,
        footer=footer,
        header_empty=(header_empty, footer_empty),
        sect=sect,
        text_width=text_width,
        first_drawing_id=max(hmax, fmax) + 1,
        doc_rels=tuple(doc_rels),
        head_entries=head_entries,
        doc_rels_entry=_entry(
            "word/_rels/document.xml.rels", _rels_part(doc_rels).encode(), level=_BEST
        ),
        tail_entries=tail_entries,
    )


# --------------------------------------------------------------------------------------------
# Document information
# --------------------------------------------------------------------------------------------


def _check_language(_inst: object, _attr: object, value: str) -> None:
    if not _LANG_RE.match(value):
        raise ValueError("language must be a BCP 47 tag such as 'en-GB' or 'cy-GB'")


def _lines(value: str | Iterable[str]) -> tuple[str, ...]:
    # A lone string is one line, not a sequence of one-character lines.
    return (value,) if isinstance(value, str) else tuple(value)


@attrs.frozen(kw_only=True)
class DocumentInfo:
    """What a document says about itself: properties, header and footer lines, direction.

    Attributes:
        title: Core property ``dc:title``. Must not contain personal data.
        language: BCP 47 tag ("en-GB", "cy-GB", "ar"): the document default language.
        created: Used for created/modified, so output is deterministic.
        header_lines: Lines at the top of every page in the "Marking" style.
        footer_lines: Lines at the foot of every page in the "Footer" style; ``{PAGE}`` and
            ``{NUMPAGES}`` become Word fields.
        rtl: A right-to-left document (Arabic, Urdu): the section and its paragraphs are bidi.
        subject: Core property ``dc:subject``. No personal data.
        keywords: Core property ``cp:keywords``. No personal data.
    """

    title: str
    language: str = attrs.field(validator=_check_language)
    created: datetime.date
    header_lines: tuple[str, ...] = attrs.field(default=(), converter=_lines)
    footer_lines: tuple[str, ...] = attrs.field(default=(), converter=_lines)
    rtl: bool = False
    subject: str = ""
    keywords: tuple[str, ...] = attrs.field(default=(), converter=_lines)


# --------------------------------------------------------------------------------------------
# The markup walker
# --------------------------------------------------------------------------------------------


class _MarkupError(Exception):
    def __init__(self, message: str, element: ET.Element | None) -> None:
        super().__init__(message)
        self.element = element


class _Ctx(NamedTuple):
    """What text inherits from the elements around it.

    Text with the same context gets the same run properties, so a context also serves as the
    key of its runs (pstyle and box never change inside one paragraph).
    """

    lang: str
    rtl: bool
    bold: bool = False
    italic: bool = False
    underline: bool = False
    pstyle: str = ""  # paragraph style for <p> and list items (a box sets "Note")
    box: bool = False


_Seg = tuple[str, "_Ctx | None"]  # (text, its context); a context of None is a line break

_BLOCK_ATTRS: Final = frozenset({"style", "lang", "dir", "align"})
_ALLOWED_ATTRS: Final[Mapping[str, frozenset[str]]] = {
    "document": frozenset({"lang", "dir"}),
    "title": _BLOCK_ATTRS,
    "h1": _BLOCK_ATTRS,
    "h2": _BLOCK_ATTRS,
    "h3": _BLOCK_ATTRS,
    "p": _BLOCK_ATTRS,
    "list": frozenset({"kind", "style", "lang", "dir"}),
    "item": frozenset({"lang", "dir"}),
    "table": frozenset({"header", "widths", "style", "lang", "dir"}),
    "tr": frozenset(),
    "th": _BLOCK_ATTRS,
    "td": _BLOCK_ATTRS,
    "image": frozenset({"src", "alt", "width", "align"}),
    "box": frozenset({"style", "lang", "dir"}),
    "signature": frozenset({"label", "date", "lang", "dir"}),
    "pagebreak": frozenset(),
    "b": frozenset(),
    "i": frozenset(),
    "u": frozenset(),
    "br": frozenset(),
    "span": frozenset({"lang", "dir"}),
}
_INLINE_TAGS: Final = frozenset({"b", "i", "u", "br", "span"})
_BODY_BLOCKS: Final = frozenset(
    {"title", "h1", "h2", "h3", "p", "list", "table", "image", "box", "signature", "pagebreak"}
)
_CELL_BLOCKS: Final = frozenset({"h1", "h2", "h3", "p", "list", "image"})
_BOX_BLOCKS: Final = frozenset({"p", "list", "image"})
_JC: Final = {"left": "left", "center": "center", "right": "right", "justify": "both"}
_HEADING_STYLES: Final = {"title": "Title", "h1": "Heading 1", "h2": "Heading 2", "h3": "Heading 3"}
_EMU: Final = {"cm": 360000, "mm": 36000, "in": 914400, "pt": 12700, "px": 9525}
_WIDTH_RE: Final = re.compile(r"\s*(\d+(?:\.\d+)?)\s*(cm|mm|in|pt|px)\s*\Z")
_FIELD_RE: Final = re.compile(r"\{(PAGE|NUMPAGES)\}")
_PNG_SIG: Final = b"\x89PNG\r\n\x1a\n"
_DOC_OPEN: Final = (
    f'{_DECL}<w:document xmlns:w="{_W}" xmlns:r="{_R_NS}" xmlns:wp="{_WP}" xmlns:a="{_A}" '
    f'xmlns:pic="{_PIC}"><w:body>'
)


@functools.lru_cache(maxsize=256)
def _table_grid(
    widths: str | None, ncols: int, text_width: int
) -> tuple[str, tuple[str, ...]] | None:
    """A table's ``w:tblGrid`` and each column's cell opening, or None for invalid widths.

    Layouts set out the same few tables in every document, so the arithmetic is cached.
    """
    if widths is None:
        weights = [1.0] * ncols
    else:
        try:
            weights = [float(w) for w in widths.split(",")]
        except ValueError:
            return None
        if len(weights) != ncols or any(w <= 0 for w in weights):
            return None
    total = sum(weights)
    cols = [int(text_width * w / total) for w in weights]
    cols[-1] += text_width - sum(cols)
    grid = "".join(f'<w:gridCol w:w="{c}"/>' for c in cols)
    tcs = tuple(f'<w:tc><w:tcPr><w:tcW w:w="{c}" w:type="dxa"/></w:tcPr>' for c in cols)
    return f"<w:tblGrid>{grid}</w:tblGrid>", tcs


def _png_size(data: bytes) -> tuple[int, int]:
    if len(data) < 24 or data[:8] != _PNG_SIG or data[12:16] != b"IHDR":
        raise RenderError("an image given to the layout is not a PNG file")
    w, h = struct.unpack(">II", data[16:24])
    if w == 0 or h == 0:
        raise RenderError("an image given to the layout has no pixels")
    return int(w), int(h)


class _Inline:
    """Collects the text of one paragraph, collapsing whitespace as HTML does."""

    __slots__ = ("segs",)

    def __init__(self) -> None:
        self.segs: list[_Seg] = []

    def text(self, t: str, ctx: _Ctx) -> None:
        if not t:
            return
        core = _collapse(t)
        # str.strip returns its own string when there is nothing to strip, so ``core is t``
        # says cheaply that the text had no whitespace to collapse, at its ends or within.
        if core is not t:
            if not core:
                t = " "
            else:
                lead = " " if t[0] in " \t\n\r" else ""
                t = lead + core + " " if t[-1] in " \t\n\r" else lead + core
        segs = self.segs
        if t[0] == " " and (not segs or segs[-1][1] is None or segs[-1][0][-1:] == " "):
            t = t[1:]
        if not t:
            return
        if segs and segs[-1][1] == ctx:
            segs[-1] = (segs[-1][0] + t, ctx)
        else:
            segs.append((t, ctx))

    def rstrip(self) -> None:
        """Drop a trailing space; one is enough, as a space never follows a space."""
        segs = self.segs
        if segs and segs[-1][1] is not None:
            last, ctx = segs[-1]
            if last[-1:] == " ":
                if len(last) > 1:
                    segs[-1] = (last[:-1], ctx)
                else:
                    segs.pop()

    def br(self) -> None:
        self.rstrip()
        self.segs.append(("", None))


def _p_open(
    style_id: str,
    rtl: bool,
    jc: str | None = None,
    *,
    numpr: str = "",
    tabs: str = "",
    spacing: str = "",
    keep: str = "",
) -> str:
    """``<w:p>`` with its properties, ready for the runs."""
    # Children of w:pPr must follow the schema's order: pStyle, keepNext/keepLines, numPr,
    # tabs, bidi, spacing, ind, jc.
    ppr = []
    if style_id:
        ppr.append(f'<w:pStyle w:val="{style_id}"/>')
    if keep:
        ppr.append(keep)
    if numpr:
        ppr.append(numpr)
    if tabs:
        ppr.append(tabs)
    if rtl:
        ppr.append("<w:bidi/>")
    if spacing:
        ppr.append(spacing)
    if jc:
        ppr.append(f'<w:jc w:val="{jc}"/>')
    return f"<w:p><w:pPr>{''.join(ppr)}</w:pPr>" if ppr else "<w:p>"


class _Writer:
    """Walks the parsed markup once and produces the XML of one document."""

    def __init__(
        self, ref: Reference, info: DocumentInfo, images: Mapping[str, bytes] | None
    ) -> None:
        self.ref = ref
        self.info = info
        self.images = images or {}
        self.out: list[str] = []
        self.missing: dict[tuple[str, str], ET.Element | None] = {}
        # Per-document caches: a document uses a handful of styles, run properties and
        # paragraph properties hundreds of times.
        self.style_cache: dict[tuple[str, str], str] = {}
        self.rpr_cache: dict[tuple[bool, bool, bool, str, bool], str] = {}
        self.run_cache: dict[_Ctx, tuple[str, str]] = {}
        self.p_cache: dict[tuple[str, bool, str | None], str] = {}
        self.emphasis_cache: dict[tuple[_Ctx, str], _Ctx] = {}
        self.nums: list[tuple[int, int]] = []  # (abstract id, level to restart or -1)
        self.media: dict[bytes, tuple[str, str, bytes]] = {}  # digest -> (rId, part, data)
        self.next_drawing = ref._first_drawing_id
        self.last_block = ""

    # -- helpers ------------------------------------------------------------------------------

    def style(self, name: str, kind: str, el: ET.Element | None) -> str:
        sid = self.style_cache.get((name, kind))
        if sid is None:
            styles = self.ref._styles
            sid = styles.get((kind, name)) or styles.get((kind, "\0" + name.casefold()))
            if sid is None:
                # Only the first element that names a missing style is reported, so caching
                # the miss loses nothing.
                self.missing.setdefault((name, kind), el)
                sid = ""
            self.style_cache[(name, kind)] = sid
        return sid

    @staticmethod
    def check_attrs(el: ET.Element) -> None:
        allowed = _ALLOWED_ATTRS.get(el.tag)
        if allowed is None:
            raise _MarkupError(f"unknown element <{el.tag}>", el)
        if not allowed.issuperset(el.attrib):
            for name in el.attrib:
                if name not in allowed:
                    raise _MarkupError(f"<{el.tag}> has no attribute {name!r}", el)

    @staticmethod
    def ctx_for(el: ET.Element, ctx: _Ctx) -> _Ctx:
        lang = el.get("lang")
        direction = el.get("dir")
        if lang is not None:
            if not _LANG_RE.match(lang):
                raise _MarkupError(f"<{el.tag}> lang must be a BCP 47 tag like 'cy-GB'", el)
            ctx = ctx._replace(lang=lang)
        if direction is not None:
            if direction not in ("rtl", "ltr"):
                raise _MarkupError(f"<{el.tag}> dir must be 'rtl' or 'ltr'", el)
            ctx = ctx._replace(rtl=direction == "rtl")
        return ctx

    @staticmethod
    def no_text(el: ET.Element) -> None:
        if el.text and el.text.strip(" \t\n\r"):
            raise _MarkupError(f"text must be inside a block, not directly in <{el.tag}>", el)
        for child in el:
            if child.tail and child.tail.strip(" \t\n\r"):
                raise _MarkupError(f"text must be inside a block, not directly in <{el.tag}>", el)

    def rpr(self, b: bool, i: bool, u: bool, lang: str, rtl: bool) -> str:
        key = (b, i, u, lang, rtl)
        cached = self.rpr_cache.get(key)
        if cached is None:
            parts = ["<w:rPr>"]
            if b:
                parts.append("<w:b/><w:bCs/>")
            if i:
                parts.append("<w:i/><w:iCs/>")
            if u:
                parts.append('<w:u w:val="single"/>')
            if rtl:
                parts.append("<w:rtl/>")
            val = _escape(lang)
            bidi = f' w:bidi="{val}"' if _is_rtl_language(lang) else ""
            parts.append(f'<w:lang w:val="{val}"{bidi}/></w:rPr>')
            cached = self.rpr_cache[key] = "".join(parts)
        return cached

    def run_open(self, ctx: _Ctx, rtl: bool) -> tuple[str, str]:
        """``<w:r>``, its properties and ``<w:t>``: plain, and keeping edge spaces."""
        head = "<w:r>" + self.rpr(ctx.bold, ctx.italic, ctx.underline, ctx.lang, rtl)
        return head + "<w:t>", head + '<w:t xml:space="preserve">'

    def ltr_run_open(self, ctx: _Ctx) -> tuple[str, str]:
        """:meth:`run_open` for left-to-right runs in ``ctx``, cached."""
        opens = self.run_cache[ctx] = self.run_open(ctx, False)
        return opens

    def text_runs(self, text: str, ctx: _Ctx) -> str:
        """The runs for one stretch of normalised (so non-empty) text in one context."""
        if ctx.rtl or not (text.isascii() or _HAS_RTL.search(text) is None):
            return self.split_runs(text, ctx)
        # Nearly every text is left-to-right without a right-to-left letter: one run, whose
        # opening is looked up once per document and context.
        opens = self.run_cache.get(ctx) or self.ltr_run_open(ctx)
        start = opens[1] if text[0] == " " or text[-1] == " " else opens[0]
        return f"{start}{_escape_parsed(text)}</w:t></w:r>"

    def split_runs(self, text: str, ctx: _Ctx) -> str:
        """Runs for text that mixes directions: each stretch in its own direction."""
        out = []
        for chunk, is_rtl in _split_direction(text, ctx.rtl):
            opens = self.run_open(ctx, is_rtl)
            start = opens[1] if chunk[0] == " " or chunk[-1] == " " else opens[0]
            out.append(f"{start}{_escape_parsed(chunk)}</w:t></w:r>")
        return "".join(out)

    def runs(self, segs: list[_Seg]) -> str:
        out = []
        for text, ctx in segs:
            out.append("<w:r><w:br/></w:r>" if ctx is None else self.text_runs(text, ctx))
        return "".join(out)

    def plain_runs(self, text: str | None, ctx: _Ctx) -> str:
        """The runs for the text of an element that holds no inline elements.

        Most blocks, cells and items are like that, so they skip the general collector.
        """
        if not text:
            return ""
        # Collapsing whitespace neither adds nor removes a right-to-left letter, so the text
        # can be tested before it is collapsed.
        if ctx.rtl or not (text.isascii() or _HAS_RTL.search(text) is None):
            text = _collapse(text)
            return self.split_runs(text, ctx) if text else ""
        # The writer's hottest path, so _collapse and _escape_parsed are inlined. Collapsed
        # text has no space at either end, so its run never needs xml:space.
        if "\n" in text or "  " in text or "\t" in text or "\r" in text:
            text = " ".join(text.split()) if text.isascii() else _collapse(text)
        else:
            text = text.strip(" ")
        if not text:
            return ""
        if "&" in text or "<" in text or ">" in text or '"' in text:
            text = _escape_parsed(text)
        opens = self.run_cache.get(ctx) or self.ltr_run_open(ctx)
        return f"{opens[0]}{text}</w:t></w:r>"

    def content(self, el: ET.Element, ctx: _Ctx) -> str:
        """The runs for all the inline content of ``el``."""
        if not len(el):
            return self.plain_runs(el.text, ctx)
        inl = _Inline()
        self.inline(el, ctx, inl)
        inl.rstrip()
        return self.runs(inl.segs)

    def inline_child(self, child: ET.Element, ctx: _Ctx, inl: _Inline) -> None:
        tag = child.tag
        if tag not in _INLINE_TAGS:
            if tag in _ALLOWED_ATTRS:
                raise _MarkupError(f"<{tag}> is a block and cannot be inside text", child)
            raise _MarkupError(f"unknown element <{tag}>", child)
        if child.attrib:
            self.check_attrs(child)
        if tag == "br":
            if len(child) or (child.text and child.text.strip()):
                raise _MarkupError("<br/> must be empty", child)
            inl.br()
        else:
            if tag == "span":
                sub = self.ctx_for(child, ctx)
            else:
                # NamedTuple._replace is slow, and a document emphasises in few contexts.
                cached = self.emphasis_cache.get((ctx, tag))
                if cached is None:
                    if tag == "b":
                        cached = ctx._replace(bold=True)
                    elif tag == "i":
                        cached = ctx._replace(italic=True)
                    else:
                        cached = ctx._replace(underline=True)
                    self.emphasis_cache[(ctx, tag)] = cached
                sub = cached
            self.inline(child, sub, inl)
        if child.tail:
            inl.text(child.tail, ctx)

    def inline(self, el: ET.Element, ctx: _Ctx, inl: _Inline) -> None:
        if el.text:
            inl.text(el.text, ctx)
        for child in el:
            self.inline_child(child, ctx, inl)

    def emit_paragraph(
        self,
        style_id: str,
        content: str,
        ctx: _Ctx,
        *,
        jc: str | None = None,
        numpr: str = "",
        tabs: str = "",
        spacing: str = "",
        keep: str = "",
    ) -> None:
        head = _p_open(style_id, ctx.rtl, jc, numpr=numpr, tabs=tabs, spacing=spacing, keep=keep)
        self.out.append(head + content + "</w:p>")
        self.last_block = "p"

    def p_open(self, style_id: str, rtl: bool, jc: str | None) -> str:
        """:func:`_p_open` for the common paragraph, cached."""
        key = (style_id, rtl, jc)
        head = self.p_cache.get(key)
        if head is None:
            head = self.p_cache[key] = _p_open(style_id, rtl, jc)
        return head

    @staticmethod
    def jc(el: ET.Element) -> str | None:
        align = el.get("align")
        if align is None:
            return None
        jc = _JC.get(align)
        if jc is None:
            raise _MarkupError(f"<{el.tag}> align must be left, center, right or justify", el)
        return jc

    # -- blocks -------------------------------------------------------------------------------

    def blocks(self, parent: ET.Element, ctx: _Ctx, allowed: frozenset[str]) -> None:
        self.no_text(parent)
        handlers = _HANDLERS
        for child in parent:
            tag = child.tag
            if tag not in allowed:
                if tag in _ALLOWED_ATTRS:
                    raise _MarkupError(f"<{tag}> is not allowed inside <{parent.tag}>", child)
                raise _MarkupError(f"unknown element <{tag}>", child)
            if child.attrib:  # the tag is known, so only attributes need checking
                self.check_attrs(child)
            handlers[tag](self, child, ctx)

    def paragraph(self, el: ET.Element, ctx: _Ctx) -> None:
        if el.attrib:
            style = el.get("style")
            style_id = self.style(style, "paragraph", el) if style is not None else ctx.pstyle
            ctx = self.ctx_for(el, ctx)
            content = self.content(el, ctx)
            head = self.p_open(style_id, ctx.rtl, self.jc(el))
        else:
            content = self.content(el, ctx)
            head = self.p_open(ctx.pstyle, ctx.rtl, None)
        self.out.append(head + content + "</w:p>")
        self.last_block = "p"

    def heading(self, el: ET.Element, ctx: _Ctx) -> None:
        if el.attrib:
            style = el.get("style") or _HEADING_STYLES[el.tag]
            style_id = self.style(style, "paragraph", el)
            ctx = self.ctx_for(el, ctx)
            content = self.content(el, ctx)
            head = self.p_open(style_id, ctx.rtl, self.jc(el))
        else:
            style_id = self.style(_HEADING_STYLES[el.tag], "paragraph", el)
            head = self.p_open(style_id, ctx.rtl, None)
            content = self.content(el, ctx)
        self.out.append(head + content + "</w:p>")
        self.last_block = "p"

    def new_num(self, kind: str, level: int) -> int:
        bullet, number = self.ref._abstract_ids
        if kind == "bullet":
            self.nums.append((bullet, -1))
        else:
            self.nums.append((number, level))
        return self.ref._first_num_id + len(self.nums) - 1

    def list_(self, el: ET.Element, ctx: _Ctx, depth: int = 0) -> None:
        kind = el.get("kind", "bullet")
        if kind not in ("bullet", "number"):
            raise _MarkupError("<list> kind must be 'bullet' or 'number'", el)
        if depth > 8:
            raise _MarkupError("lists nest at most nine levels deep", el)
        lctx = self.ctx_for(el, ctx)
        style = el.get("style")
        if style is not None:
            style_id = self.style(style, "paragraph", el)
        else:
            style_id = ctx.pstyle or self.style("List Paragraph", "paragraph", el)
        num_id = self.new_num(kind, depth)
        numpr = f'<w:numPr><w:ilvl w:val="{depth}"/><w:numId w:val="{num_id}"/></w:numPr>'
        ind = ""
        if ctx.box:
            # Word and LibreOffice draw one box round bordered paragraphs only while their
            # indents agree, so an item's first line starts where the box's paragraphs do and
            # its text hangs from there, at any depth.
            left, right = self.ref._indents.get(style_id, (0, 0))
            hang = 360 * (depth + 1)
            ind = f'<w:ind w:left="{left + hang}" w:right="{right}" w:hanging="{hang}"/>'
        self.no_text(el)
        out = self.out
        # Every item of the list opens the same paragraph, unless an item changes direction.
        head = _p_open(style_id, lctx.rtl, numpr=numpr, spacing=ind)
        for item in el:
            if item.tag != "item":
                raise _MarkupError(f"<list> holds <item> elements, not <{item.tag}>", item)
            if item.attrib:
                self.check_attrs(item)
                ictx = self.ctx_for(item, lctx)
                ihead = _p_open(style_id, ictx.rtl, numpr=numpr, spacing=ind)
            else:
                ictx, ihead = lctx, head
            self.last_block = "p"
            if not len(item):
                out.append(f"{ihead}{self.plain_runs(item.text, ictx)}</w:p>")
                continue
            # The collector is made only for inline elements: an item often holds just text
            # and a nested list.
            inl: _Inline | None = None
            nested: list[ET.Element] = []
            for child in item:
                if child.tag == "list":
                    self.check_attrs(child)
                    nested.append(child)
                    if child.tail and child.tail.strip(" \t\n\r"):
                        raise _MarkupError("text after a nested <list> in an <item>", child)
                elif nested:
                    raise _MarkupError("nothing may follow a nested <list> in an <item>", child)
                else:
                    if inl is None:
                        inl = _Inline()
                        if item.text:
                            inl.text(item.text, ictx)
                    self.inline_child(child, ictx, inl)
            if inl is None:
                runs = self.plain_runs(item.text, ictx)
            else:
                inl.rstrip()
                runs = self.runs(inl.segs)
            out.append(f"{ihead}{runs}</w:p>")
            for child in nested:
                self.list_(child, ictx, depth + 1)

    @staticmethod
    def has_blocks(el: ET.Element) -> bool:
        return len(el) > 0 and any(child.tag not in _INLINE_TAGS for child in el)

    def table(self, el: ET.Element, ctx: _Ctx) -> None:
        tctx = self.ctx_for(el, ctx)
        tctx = _Ctx(tctx.lang, tctx.rtl, tctx.bold, tctx.italic, tctx.underline)  # no pstyle, box
        style_id = self.style(el.get("style") or "Table Grid", "table", el)
        header_attr = el.get("header")
        if header_attr not in (None, "0", "1", "true", "false"):
            raise _MarkupError("<table> header must be '1' or '0'", el)
        self.no_text(el)
        rows: list[list[ET.Element]] = []
        for tr in el:
            if tr.tag != "tr":
                raise _MarkupError(f"<table> holds <tr> rows, not <{tr.tag}>", tr)
            if tr.attrib:
                self.check_attrs(tr)
            self.no_text(tr)
            cells = list(tr)
            for cell in cells:
                if cell.tag not in ("th", "td"):
                    raise _MarkupError(f"<tr> holds <th> and <td> cells, not <{cell.tag}>", cell)
                if cell.attrib:
                    self.check_attrs(cell)
            rows.append(cells)
        if not rows or not rows[0]:
            raise _MarkupError("a <table> needs at least one row with a cell", el)
        ncols = len(rows[0])
        for cells, tr in zip(rows, el, strict=True):
            if len(cells) != ncols:
                raise _MarkupError(
                    f"every row needs {ncols} cells (simple tables: no merged cells)", tr
                )
        if header_attr is None:
            header = all(cell.tag == "th" for cell in rows[0])
        else:
            header = header_attr in ("1", "true")
        grid = _table_grid(el.get("widths"), ncols, self.ref._text_width)
        if grid is None:
            raise _MarkupError(
                f"<table> widths must be {ncols} positive percentages, like '30,70'", el
            )
        grid_xml, tcs = grid

        if self.last_block == "tbl":
            # Word would join two adjacent tables into one.
            self.out.append("<w:p/>")
        bidi = "<w:bidiVisual/>" if tctx.rtl else ""
        look = "0620" if header else "0600"
        first = "1" if header else "0"
        out = self.out
        out.append(
            f'<w:tbl><w:tblPr><w:tblStyle w:val="{style_id}"/>{bidi}<w:tblW w:w="5000" '
            'w:type="pct"/><w:tblLayout w:type="fixed"/>'
            f'<w:tblLook w:val="{look}" w:firstRow="{first}" w:lastRow="0" w:firstColumn="0" '
            f'w:lastColumn="0" w:noHBand="1" w:noVBand="1"/></w:tblPr>{grid_xml}'
        )
        bold_ctx = _Ctx(tctx.lang, tctx.rtl, True, tctx.italic, tctx.underline)
        # What container() writes for a cell of plain text (no attributes, no elements).
        plain = self.p_open(tctx.pstyle, tctx.rtl, None)
        for r, cells in enumerate(rows):
            is_header = header and r == 0
            out.append(
                "<w:tr><w:trPr><w:cantSplit/><w:tblHeader/></w:trPr>"
                if is_header
                else "<w:tr><w:trPr><w:cantSplit/></w:trPr>"
            )
            for cell, tc in zip(cells, tcs, strict=True):
                cctx = bold_ctx if is_header or cell.tag == "th" else tctx
                if cell.attrib or len(cell):
                    if cell.attrib:
                        cctx = self.ctx_for(cell, cctx)
                    out.append(tc)
                    self.container(cell, cctx, _CELL_BLOCKS)
                    out.append("</w:tc>")
                else:
                    out.append(f"{tc}{plain}{self.plain_runs(cell.text, cctx)}</w:p></w:tc>")
            out.append("</w:tr>")
        out.append("</w:tbl>")
        self.last_block = "tbl"

    def container(self, el: ET.Element, ctx: _Ctx, allowed: frozenset[str]) -> None:
        """A cell or box: either inline content (one paragraph) or blocks."""
        style = el.get("style")
        if style is not None and el.tag != "box":
            ctx = ctx._replace(pstyle=self.style(style, "paragraph", el))
        start = len(self.out)
        if self.has_blocks(el):
            self.blocks(el, ctx, allowed)
        else:
            jc = self.jc(el) if el.tag != "box" else None
            self.emit_paragraph(ctx.pstyle, self.content(el, ctx), ctx, jc=jc)
        if len(self.out) == start:
            self.emit_paragraph(ctx.pstyle, "", ctx)

    def box(self, el: ET.Element, ctx: _Ctx) -> None:
        style_id = self.style(el.get("style") or "Note", "paragraph", el)
        bctx = self.ctx_for(el, ctx)._replace(pstyle=style_id, box=True)
        self.container(el, bctx, _BOX_BLOCKS)

    def image(self, el: ET.Element, ctx: _Ctx) -> None:
        src = el.get("src")
        alt = el.get("alt")
        if src is None:
            raise _MarkupError("<image> needs src", el)
        if alt is None:
            raise _MarkupError('<image> needs alt text (alt="" marks a decorative image)', el)
        if len(el) or (el.text and el.text.strip()):
            raise _MarkupError("<image/> must be empty", el)
        data = self.images.get(src)
        if data is None:
            raise _MarkupError(f"no image named {src!r} was given to the layout", el)
        px_w, px_h = _png_size(data)
        max_w = self.ref._text_width * 635  # twips to EMU
        width_attr = el.get("width")
        if width_attr is None:
            cx = px_w * 9525
        else:
            m = _WIDTH_RE.match(width_attr)
            if m is None:
                raise _MarkupError("<image> width must look like '2.5cm', '30mm' or '1in'", el)
            cx = int(float(m.group(1)) * _EMU[m.group(2)])
        cx = max(min(cx, max_w), 9525)
        cy = max(round(cx * px_h / px_w), 9525)
        digest = hashlib.sha256(data).digest()
        known = self.media.get(digest)
        if known is None:
            rid = f"rId{len(self.ref._doc_rels) + len(self.media) + 1}"
            part = f"media/image-{digest.hex()[:24]}.png"
            known = self.media[digest] = (rid, part, data)
        rid = known[0]
        did = self.next_drawing
        self.next_drawing += 1
        alt = _escape(normalize_space(alt))
        if alt:
            descr = f' descr="{alt}" title="{alt}"'
            ext = ""
        else:
            descr = ""
            ext = (
                '<a:extLst><a:ext uri="{C183D7F6-B498-43B3-948B-1728B52AA6E4}">'
                '<adec:decorative xmlns:adec="http://schemas.microsoft.com/office/drawing/2017/'
                'decorative" val="1"/></a:ext></a:extLst>'
            )
        drawing = (
            f'<w:r><w:drawing><wp:inline distT="0" distB="0" distL="0" distR="0">'
            f'<wp:extent cx="{cx}" cy="{cy}"/><wp:effectExtent l="0" t="0" r="0" b="0"/>'
            f'<wp:docPr id="{did}" name="Picture {did}"{descr}>{ext}</wp:docPr>'
            '<wp:cNvGraphicFramePr><a:graphicFrameLocks noChangeAspect="1"/>'
            "</wp:cNvGraphicFramePr><a:graphic><a:graphicData "
            f'uri="{_PIC}"><pic:pic><pic:nvPicPr><pic:cNvPr id="{did}" name="Picture {did}"/>'
            f'<pic:cNvPicPr/></pic:nvPicPr><pic:blipFill><a:blip r:embed="{rid}"/>'
            "<a:stretch><a:fillRect/></a:stretch></pic:blipFill><pic:spPr><a:xfrm>"
            f'<a:off x="0" y="0"/><a:ext cx="{cx}" cy="{cy}"/></a:xfrm><a:prstGeom prst="rect">'
            "<a:avLst/></a:prstGeom></pic:spPr></pic:pic></a:graphicData></a:graphic>"
            "</wp:inline></w:drawing></w:r>"
        )
        self.emit_paragraph(ctx.pstyle, drawing, ctx, jc=self.jc(el))

    def signature(self, el: ET.Element, ctx: _Ctx) -> None:
        if len(el) or (el.text and el.text.strip()):
            raise _MarkupError("<signature/> must be empty", el)
        label = el.get("label")
        if label is None:
            raise _MarkupError("<signature> needs a label", el)
        sctx = self.ctx_for(el, ctx)
        inl = _Inline()
        inl.text(label, sctx)
        inl.rstrip()
        tab = "<w:r><w:tab/></w:r>"
        tw = self.ref._text_width
        date = el.get("date")
        if date is None:
            stops = f'<w:tab w:val="right" w:leader="underscore" w:pos="{tw}"/>'
            content = self.runs(inl.segs) + tab
        else:
            stops = (
                f'<w:tab w:val="right" w:leader="underscore" w:pos="{tw * 3 // 5}"/>'
                f'<w:tab w:val="right" w:leader="underscore" w:pos="{tw}"/>'
            )
            dinl = _Inline()
            dinl.text(date, sctx)
            dinl.rstrip()
            content = f"{self.runs(inl.segs)}{tab}{self.text_runs(' ', sctx)}"
            content += self.runs(dinl.segs) + tab
        self.emit_paragraph(
            ctx.pstyle,
            content,
            sctx,
            tabs=f"<w:tabs>{stops}</w:tabs>",
            spacing='<w:spacing w:before="600" w:after="240"/>',
            keep="<w:keepLines/>",
        )

    def pagebreak(self, el: ET.Element, ctx: _Ctx) -> None:
        if len(el) or (el.text and el.text.strip()):
            raise _MarkupError("<pagebreak/> must be empty", el)
        self.out.append('<w:p><w:r><w:br w:type="page"/></w:r></w:p>')
        self.last_block = "p"

    # -- header and footer --------------------------------------------------------------------

    def hdrftr_lines(self, lines: tuple[str, ...], style_name: str) -> str:
        ctx = _Ctx(lang=self.info.language, rtl=self.info.rtl)
        if not lines:
            return ""
        style_id = self.style(style_name, "paragraph", None)
        saved, self.out = self.out, []
        try:
            rpr = self.rpr(False, False, False, ctx.lang, False)
            for line in lines:
                line = normalize_space(clean_text(line))
                pieces = _FIELD_RE.split(line) if "{" in line else [line]
                content = []
                for n, piece in enumerate(pieces):
                    if n % 2:
                        content.append(
                            f'<w:r>{rpr}<w:fldChar w:fldCharType="begin"/></w:r>'
                            f'<w:r>{rpr}<w:instrText xml:space="preserve"> {piece} </w:instrText>'
                            f'</w:r><w:r>{rpr}<w:fldChar w:fldCharType="separate"/></w:r>'
                            f"<w:r>{rpr}<w:t>1</w:t></w:r>"
                            f'<w:r>{rpr}<w:fldChar w:fldCharType="end"/></w:r>'
                        )
                    elif piece:
                        content.append(self.runs([(piece, ctx)]))
                self.emit_paragraph(style_id, "".join(content), ctx)
            return "".join(self.out)
        finally:
            self.out = saved

    def hdrftr(self, which: int, lines: tuple[str, ...], style_name: str) -> bytes:
        head, tail = self.ref._header if which == 0 else self.ref._footer
        body = self.hdrftr_lines(lines, style_name)
        if not body and self.ref._header_empty[which]:
            body = "<w:p/>"
        return (head + body + tail).encode("utf-8")


# The block handlers, by tag: one table for the class rather than bound methods per document.
_HANDLERS: Final[Mapping[str, Callable[[_Writer, ET.Element, _Ctx], None]]] = {
    "title": _Writer.heading,
    "h1": _Writer.heading,
    "h2": _Writer.heading,
    "h3": _Writer.heading,
    "p": _Writer.paragraph,
    "list": _Writer.list_,
    "table": _Writer.table,
    "image": _Writer.image,
    "box": _Writer.box,
    "signature": _Writer.signature,
    "pagebreak": _Writer.pagebreak,
}

# --------------------------------------------------------------------------------------------
# Entry point
# --------------------------------------------------------------------------------------------


def _line_of(markup: str, root: ET.Element, element: ET.Element | None) -> int | None:
    """The markup line of an element (only on the error path: re-parse with lxml)."""
    if element is None:
        return None
    try:
        index = next(i for i, e in enumerate(root.iter()) if e is element)
        parser = etree.XMLParser(resolve_entities=False, huge_tree=True)
        lroot = etree.fromstring(markup.encode("utf-8"), parser)
        elements = [e for e in lroot.iter() if isinstance(e.tag, str)]
        line = elements[index].sourceline
        return int(line) if line is not None else None
    except Exception:  # the line is a courtesy; never hide the real error behind this one
        return None


def _core_xml(info: DocumentInfo) -> bytes:
    d = info.created
    stamp = f"{d.year:04d}-{d.month:02d}-{d.day:02d}T00:00:00Z"
    subject = f"<dc:subject>{_escape(info.subject)}</dc:subject>" if info.subject else ""
    keywords = (
        f"<cp:keywords>{_escape('; '.join(info.keywords))}</cp:keywords>" if info.keywords else ""
    )
    return (
        f'{_DECL}<cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/'
        'metadata/core-properties" xmlns:dc="http://purl.org/dc/elements/1.1/" '
        'xmlns:dcterms="http://purl.org/dc/terms/" xmlns:dcmitype="http://purl.org/dc/dcmitype/" '
        'xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">'
        f"<dc:title>{_escape(info.title)}</dc:title>{subject}<dc:creator>safeplan</dc:creator>"
        f"{keywords}<dc:language>{_escape(info.language)}</dc:language>"
        f'<dcterms:created xsi:type="dcterms:W3CDTF">{stamp}</dcterms:created>'
        f'<dcterms:modified xsi:type="dcterms:W3CDTF">{stamp}</dcterms:modified>'
        "</cp:coreProperties>"
    ).encode()


def render_docx(
    markup: str,
    *,
    reference: Reference,
    info: DocumentInfo,
    images: Mapping[str, bytes] | None = None,
    template_name: str | None = None,
) -> bytes:
    """Turn block markup into the bytes of a DOCX.

    Args:
        markup: The block markup a layout rendered (see the module docstring).
        reference: The prepared reference DOCX.
        info: Title, language, date, header and footer lines, direction.
        images: PNG bytes by the names ``<image src>`` uses.
        template_name: The layout's name, for error messages.

    Returns:
        The DOCX, byte-identical for identical arguments.

    Raises:
        TemplateError: The markup is malformed (with its line), uses an unknown element or
            attribute, a style the reference lacks (all of them listed), or an image name not
            in ``images``.
        RenderError: An image is not a PNG.
    """
    try:
        try:
            root = ET.fromstring(markup)
        except (ET.ParseError, UnicodeEncodeError):
            # Cleaning every markup costs more than parsing twice the rare one that needs it.
            if _ILLEGAL_XML.search(markup) is None:
                raise
            markup = clean_text(markup)
            root = ET.fromstring(markup)
    except UnicodeEncodeError:  # pragma: no cover - clean_text removes every surrogate
        raise TemplateError(
            "the markup holds characters XML cannot carry", template=template_name
        ) from None
    except ET.ParseError as err:
        # expat's message names the problem and position, never the text around it.
        where: int | None = err.position[0] if err.position else None
        msg = f"the layout produced malformed markup ({err.msg})"
        raise TemplateError(msg, template=template_name, line=where) from None
    writer = _Writer(reference, info, images)
    try:
        if root.tag != "document":
            raise _MarkupError(f"the markup must start with <document>, not <{root.tag}>", root)
        writer.check_attrs(root)
        direction = root.get("dir")
        base = _Ctx(lang=info.language, rtl=info.rtl)
        body_ctx = writer.ctx_for(root, base)
        writer.blocks(root, body_ctx, _BODY_BLOCKS)
        header = writer.hdrftr(0, info.header_lines, "Marking")
        footer = writer.hdrftr(1, info.footer_lines, "Footer")
    except _MarkupError as err:
        line = _line_of(markup, root, err.element)
        raise TemplateError(str(err), template=template_name, line=line) from None
    except RecursionError:
        msg = "the markup is nested too deeply"
        raise TemplateError(msg, template=template_name) from None
    if writer.missing:
        listed = ", ".join(f"{name!r} ({kind})" for name, kind in sorted(writer.missing))
        first = next(iter(writer.missing.values()))
        raise TemplateError(
            f"styles missing from the reference {reference.name}: {listed}",
            template=template_name,
            line=_line_of(markup, root, first),
        )

    bidi = "<w:bidi/>" if info.rtl or direction == "rtl" else ""
    sect = (
        '<w:sectPr><w:headerReference w:type="default" r:id="rId3"/>'
        f'<w:footerReference w:type="default" r:id="rId4"/>{reference._sect}{bidi}'
        '<w:docGrid w:linePitch="360"/></w:sectPr>'
    )
    document = f"{_DOC_OPEN}{''.join(writer.out)}{sect}</w:body></w:document>"

    ref = reference
    nums = tuple(writer.nums)
    numbering = ref._cached(("numbering", nums), lambda: _numbering_entry(ref, nums))
    if writer.media:
        rels = list(ref._doc_rels)
        media_entries = []
        for rid, part, data in writer.media.values():
            rels.append(_rel_xml(rid, _RT + "image", part))
            media_entries.append(_entry("word/" + part, data, deflate=False))
        doc_rels = _entry("word/_rels/document.xml.rels", _rels_part(rels).encode())
    else:
        media_entries = []
        doc_rels = ref._doc_rels_entry
    return _zip(
        (
            *ref._head_entries,
            _entry("docProps/core.xml", _core_xml(info)),
            _entry("word/document.xml", document.encode("utf-8")),
            doc_rels,
            ref._styles_entry(info.language),
            numbering,
            _entry("word/header1.xml", header),
            _entry("word/footer1.xml", footer),
            *ref._tail_entries,
            *media_entries,
        )
    )


def _numbering_entry(ref: Reference, nums: tuple[tuple[int, int], ...]) -> _Entry:
    head, tail = ref._numbering
    items = []
    for n, (abstract, restart) in enumerate(nums):
        override = (
            f'<w:lvlOverride w:ilvl="{restart}"><w:startOverride w:val="1"/></w:lvlOverride>'
            if restart >= 0
            else ""
        )
        items.append(
            f'<w:num w:numId="{ref._first_num_id + n}"><w:abstractNumId w:val="{abstract}"/>'
            f"{override}</w:num>"
        )
    data = (head + "".join(items) + tail).encode("utf-8")
    return _entry("word/numbering.xml", data, level=_BEST)
