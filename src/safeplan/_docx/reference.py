"""The reference DOCX: read and prepared once, then reused for thousands of documents.

Styles, numbering definitions, theme, fonts, settings, page size and margins, and the default
header and footer (a council logo, say) come from the reference, so a council rebrands in Word.
The attributes :class:`Reference` keeps with a leading underscore are the prepared parts; the
writer and the document assembly in this room read them, nothing outside it does.

Imports: _files, _errors, _resources.
"""

from __future__ import annotations

import contextlib
import io
import os
import posixpath
import stat
import zipfile
from collections.abc import Callable, Mapping
from typing import Final

import attrs
from lxml import etree  # type: ignore[import-untyped]  # no stubs in the venv

from .._errors import TemplateError
from .._files import kind_of, open_nonblocking
from .._resources import builtin_reference
from .checks import PackageLimits, check_package
from .package import (
    BEST,
    CT_NS,
    DECL,
    R_NS,
    RT,
    WML,
    WP,
    Entry,
    Rel,
    W,
    read_rels,
    rel_xml,
    rels_part,
    rels_part_name,
    w_tag,
    zip_entry,
)
from .text import CJK_LANGS, escape, is_rtl_language

__all__ = ["COMPLEX_SCRIPT_FONTS", "Reference", "abstract_num_xml", "complex_script_font"]

#: The complex-script font each right-to-left language is set in, with the glyphs it needs,
#: and the font Word substitutes where the reader does not have it (named in the font table):
#: Urdu in Nastaliq, as Urdu readers expect; Arabic, Persian and Pashto in Naskh; Hebrew.
COMPLEX_SCRIPT_FONTS: Final[Mapping[str, tuple[str, str, str]]] = {
    # language: (font, the font Word falls back to, the font table's charset)
    "ur": ("Noto Nastaliq Urdu", "Urdu Typesetting", "B2"),
    "ar": ("Noto Naskh Arabic", "Arial", "B2"),
    "fa": ("Noto Naskh Arabic", "Arial", "B2"),
    "ps": ("Noto Naskh Arabic", "Arial", "B2"),
    "sd": ("Noto Naskh Arabic", "Arial", "B2"),
    "ckb": ("Noto Naskh Arabic", "Arial", "B2"),
    "he": ("Noto Sans Hebrew", "Arial", "B1"),
    "yi": ("Noto Sans Hebrew", "Arial", "B1"),
}


def complex_script_font(language: str) -> tuple[str, str, str] | None:
    """The complex-script font, fallback and charset for a language, when it needs one."""
    if not is_rtl_language(language):
        return None
    return COMPLEX_SCRIPT_FONTS.get(language.split("-")[0].lower())


def _with_font(xml: bytes, name: str, fallback: str, charset: str) -> bytes:
    """A font table with an entry for ``name`` (unless it has one), whose alternative name and
    charset tell Word what to use where the reader lacks it."""
    root = etree.fromstring(xml)
    if any(f.get(w_tag("name")) == name for f in root.iterfind(w_tag("font"))):
        return xml
    font = etree.SubElement(root, w_tag("font"))
    font.set(w_tag("name"), name)
    for tag, value in (
        ("altName", fallback),
        ("charset", charset),
        ("family", "auto"),
        ("pitch", "variable"),
    ):
        etree.SubElement(font, w_tag(tag)).set(w_tag("val"), value)
    return _serialize(root).encode("utf-8")


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


# --- numbering definitions injected when a reference has none ----------------------------

# --------------------------------------------------------------------------------------------


def abstract_num_xml(abstract_id: int, kind: str) -> str:
    """A nine-level list definition: bullets, or 1. / a. / i. numbers; 0.5" per level."""
    levels = []
    for lvl in range(9):
        if kind == "bullet":
            fmt, text = "bullet", ("\u2022" if lvl % 2 == 0 else "\u2013")
        else:
            fmt, text = ("decimal", "lowerLetter", "lowerRoman")[lvl % 3], f"%{lvl + 1}."
        # A bullet is drawn in Arial in every script: a complex-script font (Nastaliq, say)
        # may have no bullet, and the reader would get another font's, or a box.
        font = (
            '<w:rPr><w:rFonts w:ascii="Arial" w:hAnsi="Arial" w:cs="Arial" w:hint="default"/>'
            "</w:rPr>"
            if kind == "bullet"
            else ""
        )
        levels.append(
            f'<w:lvl w:ilvl="{lvl}"><w:start w:val="1"/><w:numFmt w:val="{fmt}"/>'
            f'<w:lvlText w:val="{text}"/><w:lvlJc w:val="left"/>'
            f'<w:pPr><w:ind w:left="{720 * (lvl + 1)}" w:hanging="360"/></w:pPr>{font}</w:lvl>'
        )
    nsid = "5AFE0B01" if kind == "bullet" else "5AFE0C01"
    return (
        f'<w:abstractNum xmlns:w="{W}" w:abstractNumId="{abstract_id}">'
        f'<w:nsid w:val="{nsid}"/><w:multiLevelType w:val="hybridMultilevel"/>'
        f'<w:name w:val="safeplan {kind}"/>{"".join(levels)}</w:abstractNum>'
    )


# --- the reference ------------------------------------------------------------------------

# --------------------------------------------------------------------------------------------

_MARKER: Final = "safeplan-insert-here"
_LANG_TOKENS: Final = ("SAFEPLAN-LANG-VAL", "SAFEPLAN-LANG-EA", "SAFEPLAN-LANG-BIDI")
_CS_TOKEN: Final = 'w:cs="SAFEPLAN-CS-FONT"'
_CACHE_LIMIT: Final = 64


def _serialize(root: etree._Element) -> str:
    return DECL + str(etree.tostring(root, encoding="unicode"))


def _split_at_marker(root: etree._Element) -> tuple[str, str]:
    head, _, tail = _serialize(root).partition(f"<!--{_MARKER}-->")
    return head, tail


def _with_w_prefix(root: etree._Element) -> etree._Element:
    """A copy of ``root`` whose prefix ``w`` is the main namespace, so we can append strings."""
    nsmap = {k: v for k, v in root.nsmap.items() if k != "w"}
    nsmap["w"] = W
    new = etree.Element(root.tag, attrib=dict(root.attrib), nsmap=nsmap)
    new.text = root.text
    for child in list(root):
        new.append(child)
    return new


def _is_blank_paragraph(p: etree._Element) -> bool:
    if p.tag != w_tag("p"):
        return False
    for el in p.iter():
        if not isinstance(el.tag, str):
            continue
        if el.tag == w_tag("t") and (el.text or "").strip():
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
        return int(float(el.get(w_tag(name), default)))
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
        texts: The text of everything copied from the reference into each document, as
            (part name, text): the header's and footer's content, and every other part's
            text, attribute values and name (footnotes, settings, theme, relationships). A
            council's reference saved from a real agreement may hold a case's details: the
            renderer's leak check searches these too.
    """

    name: str
    style_ids: frozenset[str]
    style_names: frozenset[str]
    texts: tuple[tuple[str, str], ...] = attrs.field(repr=False)
    _styles: Mapping[tuple[str, str], str] = attrs.field(repr=False)
    _indents: Mapping[str, tuple[int, int]] = attrs.field(repr=False)
    _styles_parts: tuple[str, ...] = attrs.field(repr=False)
    _lang_defaults: tuple[str, str] = attrs.field(repr=False)
    _cs_default: str = attrs.field(repr=False)  # the reference's own complex-script font
    _font_table: tuple[str, bytes] | None = attrs.field(repr=False)  # (part, XML)
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
    _head_entries: tuple[Entry, ...] = attrs.field(repr=False)
    _doc_rels_entry: Entry = attrs.field(repr=False)
    _tail_entries: tuple[Entry, ...] = attrs.field(repr=False)
    _cache: dict[object, Entry] = attrs.field(factory=dict, repr=False)
    _tail_cache: dict[object, tuple[Entry, ...]] = attrs.field(factory=dict, repr=False)

    @classmethod
    def load(
        cls,
        source: str | os.PathLike[str] | bytes | None = None,
        *,
        limits: PackageLimits | None = None,
    ) -> Reference:
        """Read and prepare a reference DOCX.

        Args:
            source: A path, the bytes of a DOCX, or None for the built-in reference.
            limits: The limits a council's file must keep (size, parts, unpacked size, packing
                ratio, pictures; see :mod:`.checks`), checked before anything is unpacked.
                ``None``: not checked (the built-in reference, or bytes the caller trusts).

        Returns:
            The prepared reference.

        Raises:
            TemplateError: The file cannot be read, is not a WordprocessingML package, or
                breaks a limit.
        """
        if source is None:
            name = "reference.docx (built in)"
            data = builtin_reference().read_bytes()
        elif isinstance(source, bytes):
            name, data = "<reference>", source
        else:
            name = os.path.basename(os.fspath(source))
            data = _read_file(source, name, limits)
        if limits is not None:
            check_package(data, name, limits)
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

    def _cached(self, key: object, build: Callable[[], Entry]) -> Entry:
        entry = self._cache.get(key)
        if entry is None:
            if len(self._cache) >= _CACHE_LIMIT:
                self._cache.clear()
            entry = self._cache[key] = build()
        return entry

    def _styles_entry(self, language: str) -> Entry:
        def build() -> Entry:
            val = escape(language)
            ea, bidi = self._lang_defaults
            if language.split("-")[0].lower() in CJK_LANGS:
                ea = val
            if is_rtl_language(language):
                bidi = val
            xml = self._styles_parts[0]
            for part, value in zip(self._styles_parts[1:], (val, ea, bidi), strict=False):
                xml = xml.replace(part, value)
            font = complex_script_font(language)
            cs = f'w:cs="{escape(font[0])}"' if font is not None else self._cs_default
            xml = xml.replace(_CS_TOKEN, cs)
            return zip_entry("word/styles.xml", xml.encode("utf-8"), level=BEST)

        return self._cached(("styles", language), build)

    def _tail_for(self, language: str) -> tuple[Entry, ...]:
        """The parts copied from the reference, with the font table naming the complex-script
        font a right-to-left language needs (and the fonts Word may use in its place)."""
        font = complex_script_font(language)
        if font is None or self._font_table is None:
            return self._tail_entries
        part, xml = self._font_table

        def build() -> tuple[Entry, ...]:
            entry = zip_entry(part, _with_font(xml, *font), level=BEST)
            raw = part.encode("utf-8")
            return tuple(entry if e.name == raw else e for e in self._tail_entries)

        key = ("tail", font)
        found = self._tail_cache.get(key)
        if found is None:
            found = self._tail_cache[key] = build()
        return found


def _read_file(source: str | os.PathLike[str], name: str, limits: PackageLimits | None) -> bytes:
    """A reference DOCX's bytes: a regular file only (never a pipe or a device), and no more
    than the size limit is read."""
    try:
        with open_nonblocking(source) as f:
            mode = os.fstat(f.fileno()).st_mode
            if not stat.S_ISREG(mode):
                raise TemplateError(
                    f"the reference DOCX is {kind_of(mode)}, not a file", template=name
                )
            most = None if limits is None else limits.reference_bytes + 1
            return f.read(-1 if most is None else most)
    except OSError as err:
        msg = f"the reference DOCX cannot be opened ({err.strerror or type(err).__name__})"
        raise TemplateError(msg, template=name) from None


def _unescape_attr(s: str) -> str:
    return s.replace("&quot;", '"').replace("&gt;", ">").replace("&lt;", "<").replace("&amp;", "&")


def _display_name(name: str) -> str:
    # Word stores built-in names in lower case ("heading 1") and shows them capitalised.
    return name[:1].upper() + name[1:] if name[:1].islower() else name


def _style_indents(root: etree._Element) -> dict[str, tuple[int, int]]:
    """Left and right indents of every paragraph style, following basedOn; keyed by escaped id."""
    own: dict[str, tuple[int | None, int | None, str | None]] = {}
    for st in root.iterfind(w_tag("style")):
        sid = st.get(w_tag("styleId"))
        if not sid or st.get(w_tag("type"), "paragraph") != "paragraph":
            continue
        ind = st.find(f"{w_tag('pPr')}/{w_tag('ind')}")
        based = st.find(w_tag("basedOn"))
        left = right = None
        if ind is not None:
            lv = ind.get(w_tag("left"), ind.get(w_tag("start")))
            rv = ind.get(w_tag("right"), ind.get(w_tag("end")))
            left = int(float(lv)) if lv is not None else None
            right = int(float(rv)) if rv is not None else None
        own[sid] = (left, right, based.get(w_tag("val")) if based is not None else None)

    def resolve(sid: str, depth: int = 0) -> tuple[int, int]:
        left, right, based = own.get(sid, (None, None, None))
        if (left is None or right is None) and based and depth < 20:
            base_left, base_right = resolve(based, depth + 1)
            left = base_left if left is None else left
            right = base_right if right is None else right
        return (left or 0, right or 0)

    return {escape(sid): resolve(sid) for sid in own}


def _prepare_styles(
    raw: bytes,
) -> tuple[
    dict[tuple[str, str], str],
    set[str],
    set[str],
    tuple[str, ...],
    tuple[str, str],
    dict[str, tuple[int, int]],
    str,
]:
    root = etree.fromstring(raw)
    lookup: dict[tuple[str, str], str] = {}
    ids: set[str] = set()
    names: set[str] = set()
    indents = _style_indents(root)
    for st in root.iterfind(w_tag("style")):
        sid = st.get(w_tag("styleId"))
        if not sid:
            continue
        kind = st.get(w_tag("type"), "paragraph")
        name_el = st.find(w_tag("name"))
        name = _display_name(name_el.get(w_tag("val"), sid) if name_el is not None else sid)
        ids.add(sid)
        names.add(name)
        lookup.setdefault((kind, sid), escape(sid))
        lookup.setdefault((kind, "\0" + name.casefold()), escape(sid))

    # docDefaults carries the document language; keep the reference's East Asian and
    # complex-script defaults unless the document language is one of those.
    defaults = root.find(w_tag("docDefaults"))
    if defaults is None:
        defaults = etree.Element(w_tag("docDefaults"))
        root.insert(0, defaults)
    rpr_default = defaults.find(w_tag("rPrDefault"))
    if rpr_default is None:
        rpr_default = etree.Element(w_tag("rPrDefault"))
        defaults.insert(0, rpr_default)
    rpr = rpr_default.find(w_tag("rPr"))
    if rpr is None:
        rpr = etree.SubElement(rpr_default, w_tag("rPr"))
    fonts = rpr.find(w_tag("rFonts"))
    if fonts is None:
        fonts = etree.Element(w_tag("rFonts"))
        rpr.insert(0, fonts)
    cs_default = " ".join(
        f'w:{attr}="{escape(fonts.get(w_tag(attr)) or "")}"'
        for attr in ("cs", "cstheme")
        if fonts.get(w_tag(attr)) is not None
    )
    for attr in ("cs", "cstheme"):  # a theme font would win over the font named for a language
        fonts.attrib.pop(w_tag(attr), None)
    fonts.set(w_tag("cs"), "SAFEPLAN-CS-FONT")
    old = rpr.find(w_tag("lang"))
    ea_default, bidi_default = "en-US", "ar-SA"
    if old is not None:
        ea_default = old.get(w_tag("eastAsia"), ea_default)
        bidi_default = old.get(w_tag("bidi"), bidi_default)
        rpr.remove(old)
    lang = etree.Element(w_tag("lang"))
    for attr, token in zip(("val", "eastAsia", "bidi"), _LANG_TOKENS, strict=True):
        lang.set(w_tag(attr), token)
    after = [
        c for c in rpr if c.tag in {w_tag("eastAsianLayout"), w_tag("specVanish"), w_tag("oMath")}
    ]
    if after:
        after[0].addprevious(lang)
    else:
        rpr.append(lang)
    xml = _serialize(root)
    langs = (escape(ea_default), escape(bidi_default))
    return lookup, ids, names, (xml, *_LANG_TOKENS), langs, indents, cs_default


def _prepare_numbering(raw: bytes | None) -> tuple[tuple[str, str], tuple[int, int], int]:
    if raw is None:
        root = etree.Element(w_tag("numbering"), nsmap={"w": W})
    else:
        root = _with_w_prefix(etree.fromstring(raw))
    abstracts = root.findall(w_tag("abstractNum"))

    def find(kind: str, fmt: str) -> int | None:
        for a in abstracts:
            name = a.find(w_tag("name"))
            if name is not None and name.get(w_tag("val")) == f"safeplan {kind}":
                return int(a.get(w_tag("abstractNumId"), "0"))
        for a in abstracts:
            lvl0 = a.find(w_tag("lvl"))
            num_fmt = lvl0.find(w_tag("numFmt")) if lvl0 is not None else None
            if num_fmt is not None and num_fmt.get(w_tag("val")) == fmt:
                return int(a.get(w_tag("abstractNumId"), "0"))
        return None

    next_id = max((int(a.get(w_tag("abstractNumId"), "0")) for a in abstracts), default=-1) + 1
    found: list[int] = []
    for kind, fmt in (("bullet", "bullet"), ("number", "decimal")):
        aid = find(kind, fmt)
        if aid is None:
            aid, next_id = next_id, next_id + 1
            new = etree.fromstring(abstract_num_xml(aid, kind))
            # abstractNum definitions must all precede the w:num instances.
            following = [c for c in root if c.tag in {w_tag("num"), w_tag("numIdMacAtCleanup")}]
            if following:
                following[0].addprevious(new)
            else:
                root.append(new)
        found.append(aid)
    nums = root.findall(w_tag("num"))
    first_num = max((int(n.get(w_tag("numId"), "0")) for n in nums), default=0) + 1
    marker = etree.Comment(_MARKER)
    cleanup = root.find(w_tag("numIdMacAtCleanup"))
    if cleanup is not None:
        cleanup.addprevious(marker)
    else:
        root.append(marker)
    return _split_at_marker(root), (found[0], found[1]), first_num


def _prepare_settings(raw: bytes | None) -> tuple[bytes, bool]:
    """Settings without prompts, personal paths or alternate headers; says if its rels stay."""
    if raw is None:
        return (
            f'{DECL}<w:settings xmlns:w="{W}"><w:defaultTabStop w:val="720"/>'
            '<w:characterSpacingControl w:val="doNotCompress"/><w:compat>'
            '<w:compatSetting w:name="compatibilityMode" '
            'w:uri="http://schemas.microsoft.com/office/word" w:val="15"/></w:compat>'
            "</w:settings>"
        ).encode(), False
    root = etree.fromstring(raw)
    # updateFields makes Word prompt on opening; attachedTemplate and mailMerge carry paths
    # from the editor's machine; evenAndOddHeaders would blank every other page's header.
    for local in ("updateFields", "attachedTemplate", "mailMerge", "docVars", "evenAndOddHeaders"):
        for el in root.findall(w_tag(local)):
            root.remove(el)
    keeps_rels = any(
        k.startswith(f"{{{R_NS}}}") for el in root.iter() for k in el.attrib if isinstance(k, str)
    )
    return _serialize(root).encode("utf-8"), keeps_rels


def part_text(root: etree._Element) -> str:
    """All the text of an XML part: its elements' text and every attribute value (alt text,
    titles, relationship targets), one a line."""
    out: list[str] = []
    for el in root.iter():
        if not isinstance(el.tag, str):
            continue
        if el.text and el.text.strip():
            out.append(el.text)
        out.extend(str(v) for v in el.attrib.values())
    # A sentence split over several runs reads whole in its paragraph.
    for p in root.iter(w_tag("p")):
        out.append("".join(t.text or "" for t in p.iter(w_tag("t"))))
    return "\n".join(out)


def _prepare_hdrftr(
    zf: zipfile.ZipFile, part: str | None, names: set[str], kind: str
) -> tuple[tuple[str, str], bool, list[Rel], int]:
    """Split a header/footer around the place our lines go; keep a logo, drop blank lines."""
    if part is None or part not in names:
        root = etree.Element(w_tag(kind), nsmap={"w": W, "r": R_NS})
        rels: list[Rel] = []
    else:
        root = _with_w_prefix(etree.fromstring(zf.read(part)))
        rels = read_rels(zf, part, names)
    for child in list(root):
        if _is_blank_paragraph(child):
            root.remove(child)
    empty = len(root) == 0
    max_id = 0
    for el in root.iter(f"{{{WP}}}docPr"):
        with contextlib.suppress(ValueError):
            max_id = max(max_id, int(el.get("id", "0")))
    root.append(etree.Comment(_MARKER))
    return _split_at_marker(root), empty, rels, max_id


def _content_types(zf: zipfile.ZipFile) -> tuple[dict[str, str], dict[str, str]]:
    root = etree.fromstring(zf.read("[Content_Types].xml"))
    defaults = {
        d.get("Extension", "").lower(): d.get("ContentType", "")
        for d in root.iter(f"{{{CT_NS}}}Default")
    }
    overrides = {
        o.get("PartName", "").lstrip("/"): o.get("ContentType", "")
        for o in root.iter(f"{{{CT_NS}}}Override")
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
        (r.target for r in read_rels(zf, "", names) if r.type.endswith("/officeDocument")),
        "word/document.xml",
    )
    main_rels = read_rels(zf, main, names)
    by_type: dict[str, str] = {}
    by_id: dict[str, str] = {}
    for rel in main_rels:
        if not rel.external:
            by_type.setdefault(rel.type.rsplit("/", 1)[-1], rel.target)
            by_id[rel.id] = rel.target

    styles_part = by_type.get("styles")
    if styles_part is None or styles_part not in names:
        raise ValueError("no styles part")
    lookup, ids, style_names, styles_parts, lang_defaults, indents, cs_default = _prepare_styles(
        zf.read(styles_part)
    )
    numbering_part = by_type.get("numbering")
    numbering, abstract_ids, first_num = _prepare_numbering(
        zf.read(numbering_part) if numbering_part in names and numbering_part else None
    )

    # Page size, margins and the default header/footer come from the body's last sectPr.
    body_sect = etree.fromstring(zf.read(main)).find(f"{w_tag('body')}/{w_tag('sectPr')}")
    refs: dict[str, str] = {}
    pg_sz = pg_mar = None
    if body_sect is not None:
        for kind in ("header", "footer"):
            for ref in body_sect.iterfind(w_tag(f"{kind}Reference")):
                if ref.get(w_tag("type"), "default") == "default":
                    target = by_id.get(ref.get(f"{{{R_NS}}}id", ""))
                    if target:
                        refs[kind] = target
        pg_sz, pg_mar = body_sect.find(w_tag("pgSz")), body_sect.find(w_tag("pgMar"))
    width, height = _int_attr(pg_sz, "w", 11906), _int_attr(pg_sz, "h", 16838)
    orient = pg_sz.get(w_tag("orient")) if pg_sz is not None else None
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
    texts = [
        (out_name, part_text(etree.fromstring((xml[0] + xml[1]).encode("utf-8"))))
        for out_name, xml in (("word/header1.xml", header), ("word/footer1.xml", footer))
    ]

    # Static parts and everything they link to, under their names in the reference.
    static: dict[str, bytes] = {}

    def collect(part: str) -> None:
        if part in static or part not in names:
            return
        static[part] = zf.read(part)
        rels_name = rels_part_name(part)
        if rels_name in names:
            static[rels_name] = zf.read(rels_name)
            for rel in read_rels(zf, part, names):
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
                collect_rels = read_rels(zf, part, names)
                static[rels_part_name(part)] = zf.read(rels_part_name(part))
                for rel in collect_rels:
                    if not rel.external:
                        collect(rel.target)
        else:
            collect(part)
        doc_rel_types.append((rtype, part))
    if "settings" not in by_type:
        settings, _ = _prepare_settings(None)
        static["word/settings.xml"] = settings
        ct_overrides["word/settings.xml"] = WML + "settings+xml"
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
                items.append(rel_xml(rel.id, rel.type, target, external=rel.external))
            hf_rels[rels_part_name(out_name)] = rels_part(items)

    # Relationships from our document.xml; images are appended per document.
    doc_rels: list[str] = [
        rel_xml("rId1", RT + "styles", "styles.xml"),
        rel_xml("rId2", RT + "numbering", "numbering.xml"),
        rel_xml("rId3", RT + "header", "header1.xml"),
        rel_xml("rId4", RT + "footer", "footer1.xml"),
    ]
    for n, (rtype, part) in enumerate(doc_rel_types, start=5):
        uri = (
            "http://schemas.microsoft.com/office/2007/relationships/stylesWithEffects"
            if rtype == "stylesWithEffects"
            else RT + rtype
        )
        doc_rels.append(rel_xml(f"rId{n}", uri, posixpath.relpath(part, "word")))

    generated = {
        "docProps/core.xml": "application/vnd.openxmlformats-package.core-properties+xml",
        "docProps/app.xml": "application/vnd.openxmlformats-officedocument.extended-properties+xml",
        "word/document.xml": WML + "document.main+xml",
        "word/styles.xml": WML + "styles+xml",
        "word/numbering.xml": WML + "numbering+xml",
        "word/header1.xml": WML + "header+xml",
        "word/footer1.xml": WML + "footer+xml",
    }
    overrides = dict(generated)
    for part in static:
        if not part.endswith(".rels"):
            overrides[part] = content_type(part)
    content_types = (
        f'{DECL}<Types xmlns="{CT_NS}">'
        '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.'
        'relationships+xml"/><Default Extension="xml" ContentType="application/xml"/>'
        '<Default Extension="png" ContentType="image/png"/>'
        + "".join(
            f'<Override PartName="/{escape(p)}" ContentType="{escape(t)}"/>'
            for p, t in sorted(overrides.items())
        )
        + "</Types>"
    )
    package_rels = rels_part(
        [
            rel_xml("rId1", RT + "officeDocument", "word/document.xml"),
            rel_xml(
                "rId2",
                "http://schemas.openxmlformats.org/package/2006/relationships/metadata/"
                "core-properties",
                "docProps/core.xml",
            ),
            rel_xml("rId3", RT + "extended-properties", "docProps/app.xml"),
        ]
    )
    app = (
        f'{DECL}<Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/'
        'extended-properties" xmlns:vt="http://schemas.openxmlformats.org/officeDocument/2006/'
        'docPropsVTypes"><Application>safeplan</Application><DocSecurity>0</DocSecurity>'
        "</Properties>"
    )
    head_entries = (
        zip_entry("[Content_Types].xml", content_types.encode(), level=BEST),
        zip_entry("_rels/.rels", package_rels.encode(), level=BEST),
    )
    tail: dict[str, bytes] = {**static, **{k: v.encode() for k, v in hf_rels.items()}}
    for part, data in sorted(tail.items()):
        text = part
        if part.endswith((".xml", ".rels")):
            with contextlib.suppress(etree.XMLSyntaxError):
                text += "\n" + part_text(etree.fromstring(data))
        texts.append((part, text))
    tail_entries = (
        zip_entry("docProps/app.xml", app.encode(), level=BEST),
        *(
            zip_entry(
                part,
                tail[part],
                deflate=not part.lower().endswith((".png", ".jpeg", ".jpg")),
                level=BEST,
            )
            for part in sorted(tail)
        ),
    )
    return Reference(
        name=name,
        style_ids=frozenset(ids),
        style_names=frozenset(style_names),
        texts=tuple(texts),
        styles=lookup,
        indents=indents,
        styles_parts=styles_parts,
        lang_defaults=lang_defaults,
        cs_default=cs_default,
        font_table=(
            (by_type["fontTable"], tail[by_type["fontTable"]])
            if by_type.get("fontTable") in tail
            else None
        ),
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
        doc_rels_entry=zip_entry(
            "word/_rels/document.xml.rels", rels_part(doc_rels).encode(), level=BEST
        ),
        tail_entries=tail_entries,
    )
