"""The WordprocessingML writer: parsed block markup in, the XML of one document's body out.

:class:`Writer` walks the markup once. Text reaches the XML only through this room's escaping
functions (:mod:`.text`); element and attribute names, where each block may stand and the default
styles come from :mod:`.markup`.

Imports: _errors.
"""

from __future__ import annotations

import functools
import hashlib
import re
import struct
import xml.etree.ElementTree as ET
from collections.abc import Callable, Mapping
from typing import Final, NamedTuple

from .._errors import RenderError
from .info import DocumentInfo
from .markup import (
    ALIGNMENTS,
    ALLOWED_ATTRS,
    BOX_BLOCKS,
    CELL_BLOCKS,
    DEFAULT_STYLES,
    HEADING_STYLES,
    INLINE_TAGS,
    KEEP_VALUES,
)
from .package import PIC
from .reference import Reference
from .text import (
    HAS_RTL,
    LANG_RE,
    clean_text,
    collapse,
    escape,
    escape_parsed,
    is_rtl_language,
    normalize_space,
    split_direction,
)

__all__ = ["Ctx", "MarkupError", "Writer"]

# --------------------------------------------------------------------------------------------


class MarkupError(Exception):
    def __init__(self, message: str, element: ET.Element | None) -> None:
        super().__init__(message)
        self.element = element


class Ctx(NamedTuple):
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
    # A mark around text of the other direction than its paragraph (a span of English in an
    # Urdu paragraph): LRM or RLM, so its neutrals and numbers stay with it.
    mark: str = ""


LRM: Final = "\u200e"  # LEFT-TO-RIGHT MARK
RLM: Final = "\u200f"  # RIGHT-TO-LEFT MARK

_Seg = tuple[str, "Ctx | None"]  # (text, its context); a context of None is a line break

_EMU: Final = {"cm": 360000, "mm": 36000, "in": 914400, "pt": 12700, "px": 9525}
_WIDTH_RE: Final = re.compile(r"\s*(\d+(?:\.\d+)?)\s*(cm|mm|in|pt|px)\s*\Z")
_FIELD_RE: Final = re.compile(r"\{(PAGE|NUMPAGES)\}")
# A heading never ends a page, and its lines stay together: set on every heading, so that a
# council's reference DOCX with plainer heading styles keeps the rule.
_KEEP_HEADING: Final = "<w:keepNext/><w:keepLines/>"
_KEEP_NEXT: Final = "<w:keepNext/>"
# In a table cell a heading keeps nothing with the next row: its row never splits anyway, and a
# heading kept with the next row would chain every row of the table into one block (Word, and
# LibreOffice emulating it, keep a row whose paragraphs keep with next with the row after).
_KEEP_HEADING_IN_CELL: Final = '<w:keepNext w:val="0"/><w:keepLines/>'
# LibreOffice (7.4) ignores keep-with-next on a paragraph that comes straight after a table, so
# such a heading or line can be left alone at the foot of a page. A paragraph of no visible
# height between them makes it keep (Word keeps either way).
_AFTER_TABLE: Final = (
    '<w:p><w:pPr><w:spacing w:before="0" w:after="0" w:line="20" w:lineRule="exact"/>'
    '<w:rPr><w:sz w:val="2"/><w:szCs w:val="2"/></w:rPr></w:pPr></w:p>'
)
# A block kept with the next one has no space after it: LibreOffice ignores keep-with-next when
# a paragraph's space after would run past the foot of the page (the reference's headings have
# none either).
_NO_SPACE_AFTER: Final = '<w:spacing w:after="0"/>'
_PNG_SIG: Final = b"\x89PNG\r\n\x1a\n"


@functools.lru_cache(maxsize=256)
def _table_grid(
    widths: str | None, ncols: int, text_width: int
) -> tuple[str, tuple[str, ...], tuple[int, ...]] | None:
    """A table's ``w:tblGrid``, each column's cell opening and each column's width (twips), or
    None for invalid widths.

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
    return f"<w:tblGrid>{grid}</w:tblGrid>", tcs, tuple(cols)


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

    def text(self, t: str, ctx: Ctx) -> None:
        if not t:
            return
        core = collapse(t)
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


class Writer:
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
        self.run_cache: dict[Ctx, tuple[str, str]] = {}
        self.p_cache: dict[tuple[str, bool, str | None, str], str] = {}
        self.emphasis_cache: dict[tuple[Ctx, str], Ctx] = {}
        self.nums: list[tuple[int, int]] = []  # (abstract id, level to restart or -1)
        self.media: dict[bytes, tuple[str, str, bytes]] = {}  # digest -> (rId, part, data)
        self.next_drawing = ref._first_drawing_id
        self.last_block = ""
        self.line_width = ref._text_width  # where a line to sign on ends
        self.in_cell = False

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
        allowed = ALLOWED_ATTRS.get(el.tag)
        if allowed is None:
            raise MarkupError(f"unknown element <{el.tag}>", el)
        if not allowed.issuperset(el.attrib):
            for name in el.attrib:
                if name not in allowed:
                    raise MarkupError(f"<{el.tag}> has no attribute {name!r}", el)

    @staticmethod
    def ctx_for(el: ET.Element, ctx: Ctx) -> Ctx:
        lang = el.get("lang")
        direction = el.get("dir")
        if lang is not None:
            if not LANG_RE.match(lang):
                raise MarkupError(f"<{el.tag}> lang must be a BCP 47 tag like 'cy-GB'", el)
            ctx = ctx._replace(lang=lang)
        if direction is not None:
            if direction not in ("rtl", "ltr"):
                raise MarkupError(f"<{el.tag}> dir must be 'rtl' or 'ltr'", el)
            ctx = ctx._replace(rtl=direction == "rtl")
        return ctx

    @staticmethod
    def no_text(el: ET.Element) -> None:
        if el.text and el.text.strip(" \t\n\r"):
            raise MarkupError(f"text must be inside a block, not directly in <{el.tag}>", el)
        for child in el:
            if child.tail and child.tail.strip(" \t\n\r"):
                raise MarkupError(f"text must be inside a block, not directly in <{el.tag}>", el)

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
            val = escape(lang)
            bidi = f' w:bidi="{val}"' if is_rtl_language(lang) else ""
            parts.append(f'<w:lang w:val="{val}"{bidi}/></w:rPr>')
            cached = self.rpr_cache[key] = "".join(parts)
        return cached

    def run_open(self, ctx: Ctx, rtl: bool) -> tuple[str, str]:
        """``<w:r>``, its properties and ``<w:t>``: plain, and keeping edge spaces."""
        head = "<w:r>" + self.rpr(ctx.bold, ctx.italic, ctx.underline, ctx.lang, rtl)
        return head + "<w:t>", head + '<w:t xml:space="preserve">'

    def ltr_run_open(self, ctx: Ctx) -> tuple[str, str]:
        """:meth:`run_open` for left-to-right runs in ``ctx``, cached."""
        opens = self.run_cache[ctx] = self.run_open(ctx, False)
        return opens

    def text_runs(self, text: str, ctx: Ctx) -> str:
        """The runs for one stretch of normalised (so non-empty) text in one context."""
        if ctx.mark:
            # Text of the other direction than its paragraph, held together by its marks (its
            # own punctuation with it), then a mark of the paragraph's direction, so what
            # follows belongs to the paragraph.
            text = f"{ctx.mark}{text}{ctx.mark}{RLM if ctx.mark == LRM else LRM}"
        if ctx.rtl or not (text.isascii() or HAS_RTL.search(text) is None):
            return self.split_runs(text, ctx)
        # Nearly every text is left-to-right without a right-to-left letter: one run, whose
        # opening is looked up once per document and context.
        opens = self.run_cache.get(ctx) or self.ltr_run_open(ctx)
        start = opens[1] if text[0] == " " or text[-1] == " " else opens[0]
        return f"{start}{escape_parsed(text)}</w:t></w:r>"

    def split_runs(self, text: str, ctx: Ctx) -> str:
        """Runs for text that mixes directions: each stretch in its own direction.

        A stretch of the other direction than the paragraph (a Latin name, address, postcode,
        phone number or email in Urdu text) starts with a mark of its own direction (LRM, RLM)
        and ends with one of the paragraph's: its spaces, commas and digit groups stay in its
        order, and the punctuation around it belongs to the paragraph."""
        out = []
        for chunk, is_rtl in split_direction(text, ctx.rtl):
            if is_rtl != ctx.rtl and not ctx.mark:
                # Its own direction's mark first (its leading digits take its direction), the
                # paragraph's after it (the neutrals that follow belong to the paragraph).
                chunk = f"{RLM}{chunk}{LRM}" if is_rtl else f"{LRM}{chunk}{RLM}"
            opens = self.run_open(ctx, is_rtl)
            start = opens[1] if chunk[0] == " " or chunk[-1] == " " else opens[0]
            out.append(f"{start}{escape_parsed(chunk)}</w:t></w:r>")
        return "".join(out)

    def runs(self, segs: list[_Seg]) -> str:
        out = []
        for text, ctx in segs:
            out.append("<w:r><w:br/></w:r>" if ctx is None else self.text_runs(text, ctx))
        return "".join(out)

    def plain_runs(self, text: str | None, ctx: Ctx) -> str:
        """The runs for the text of an element that holds no inline elements.

        Most blocks, cells and items are like that, so they skip the general collector.
        """
        if not text:
            return ""
        # Collapsing whitespace neither adds nor removes a right-to-left letter, so the text
        # can be tested before it is collapsed.
        if ctx.rtl or not (text.isascii() or HAS_RTL.search(text) is None):
            text = collapse(text)
            return self.split_runs(text, ctx) if text else ""
        # The writer's hottest path, so collapse and escape_parsed are inlined. Collapsed
        # text has no space at either end, so its run never needs xml:space.
        if "\n" in text or "  " in text or "\t" in text or "\r" in text:
            text = " ".join(text.split()) if text.isascii() else collapse(text)
        else:
            text = text.strip(" ")
        if not text:
            return ""
        if "&" in text or "<" in text or ">" in text or '"' in text:
            text = escape_parsed(text)
        opens = self.run_cache.get(ctx) or self.ltr_run_open(ctx)
        return f"{opens[0]}{text}</w:t></w:r>"

    def content(self, el: ET.Element, ctx: Ctx) -> str:
        """The runs for all the inline content of ``el``."""
        if not len(el):
            return self.plain_runs(el.text, ctx)
        inl = _Inline()
        self.inline(el, ctx, inl)
        inl.rstrip()
        return self.runs(inl.segs)

    def inline_child(self, child: ET.Element, ctx: Ctx, inl: _Inline) -> None:
        tag = child.tag
        if tag not in INLINE_TAGS:
            if tag in ALLOWED_ATTRS:
                raise MarkupError(f"<{tag}> is a block and cannot be inside text", child)
            raise MarkupError(f"unknown element <{tag}>", child)
        if child.attrib:
            self.check_attrs(child)
        if tag == "br":
            if len(child) or (child.text and child.text.strip()):
                raise MarkupError("<br/> must be empty", child)
            inl.br()
        else:
            if tag == "span":
                sub = self.ctx_for(child, ctx)
                lang = child.get("lang")
                if lang is not None and child.get("dir") is None:
                    # Text in a language of the other direction than the paragraph (an English
                    # sentence in an Urdu copy) is one run of its own direction, its full stop
                    # and quotation marks with it.
                    rtl = is_rtl_language(lang)
                    if rtl != ctx.rtl:
                        sub = sub._replace(rtl=rtl, mark=RLM if rtl else LRM)
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

    def inline(self, el: ET.Element, ctx: Ctx, inl: _Inline) -> None:
        if el.text:
            inl.text(el.text, ctx)
        for child in el:
            self.inline_child(child, ctx, inl)

    def emit_paragraph(
        self,
        style_id: str,
        content: str,
        ctx: Ctx,
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

    def p_open(self, style_id: str, rtl: bool, jc: str | None, keep: str = "") -> str:
        """:func:`_p_open` for the common paragraph, cached. A paragraph kept with the next
        (``keep``) has no space after it, unless it is a heading (its style sets none)."""
        key = (style_id, rtl, jc, keep)
        head = self.p_cache.get(key)
        if head is None:
            spacing = _NO_SPACE_AFTER if keep == _KEEP_NEXT else ""
            head = self.p_cache[key] = _p_open(style_id, rtl, jc, keep=keep, spacing=spacing)
        return head

    @staticmethod
    def keep(el: ET.Element) -> str:
        """The keep-with-next property an element's ``keep`` attribute asks for, or ""."""
        value = el.get("keep")
        if value is None:
            return ""
        wanted = KEEP_VALUES.get(el.tag)
        if value != wanted:
            raise MarkupError(f'<{el.tag}> keep must be "{wanted}"', el)
        return _KEEP_NEXT

    @staticmethod
    def jc(el: ET.Element) -> str | None:
        align = el.get("align")
        if align is None:
            return None
        jc = ALIGNMENTS.get(align)
        if jc is None:
            raise MarkupError(f"<{el.tag}> align must be left, center, right or justify", el)
        return jc

    # -- blocks -------------------------------------------------------------------------------

    def blocks(self, parent: ET.Element, ctx: Ctx, allowed: frozenset[str]) -> None:
        self.no_text(parent)
        handlers = _HANDLERS
        for child in parent:
            tag = child.tag
            if tag not in allowed:
                if tag in ALLOWED_ATTRS:
                    raise MarkupError(f"<{tag}> is not allowed inside <{parent.tag}>", child)
                raise MarkupError(f"unknown element <{tag}>", child)
            if child.attrib:  # the tag is known, so only attributes need checking
                self.check_attrs(child)
            handlers[tag](self, child, ctx)

    def paragraph(self, el: ET.Element, ctx: Ctx) -> None:
        if el.attrib:
            style = el.get("style")
            style_id = self.style(style, "paragraph", el) if style is not None else ctx.pstyle
            ctx = self.ctx_for(el, ctx)
            content = self.content(el, ctx)
            keep = self.keep(el)
            if keep and self.last_block == "tbl" and not self.in_cell:
                self.out.append(_AFTER_TABLE)
            head = self.p_open(style_id, ctx.rtl, self.jc(el), keep)
        else:
            content = self.content(el, ctx)
            head = self.p_open(ctx.pstyle, ctx.rtl, None)
        self.out.append(head + content + "</w:p>")
        self.last_block = "p"

    def heading(self, el: ET.Element, ctx: Ctx) -> None:
        if el.attrib:
            style = el.get("style") or HEADING_STYLES[el.tag]
            style_id = self.style(style, "paragraph", el)
            ctx = self.ctx_for(el, ctx)
            content = self.content(el, ctx)
            keep = _KEEP_HEADING_IN_CELL if self.in_cell else _KEEP_HEADING
            head = self.p_open(style_id, ctx.rtl, self.jc(el), keep)
        else:
            style_id = self.style(HEADING_STYLES[el.tag], "paragraph", el)
            keep = _KEEP_HEADING_IN_CELL if self.in_cell else _KEEP_HEADING
            head = self.p_open(style_id, ctx.rtl, None, keep)
            content = self.content(el, ctx)
        if self.last_block == "tbl" and not self.in_cell:
            self.out.append(_AFTER_TABLE)
        self.out.append(head + content + "</w:p>")
        self.last_block = "p"

    def new_num(self, kind: str, level: int) -> int:
        bullet, number = self.ref._abstract_ids
        if kind == "bullet":
            self.nums.append((bullet, -1))
        else:
            self.nums.append((number, level))
        return self.ref._first_num_id + len(self.nums) - 1

    def list_(self, el: ET.Element, ctx: Ctx, depth: int = 0) -> None:
        kind = el.get("kind", "bullet")
        if kind not in ("bullet", "number"):
            raise MarkupError("<list> kind must be 'bullet' or 'number'", el)
        if depth > 8:
            raise MarkupError("lists nest at most nine levels deep", el)
        lctx = self.ctx_for(el, ctx)
        style = el.get("style")
        if style is not None:
            style_id = self.style(style, "paragraph", el)
        else:
            style_id = ctx.pstyle or self.style(DEFAULT_STYLES["list"][0], "paragraph", el)
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
        keep = self.keep(el) if el.attrib else ""
        # Every item of the list opens the same paragraph, unless an item changes direction;
        # a list kept together keeps each item with the next, all but the last.
        head = _p_open(style_id, lctx.rtl, numpr=numpr, spacing=ind, keep=keep)
        last = len(el) - 1
        for n, item in enumerate(el):
            if item.tag != "item":
                raise MarkupError(f"<list> holds <item> elements, not <{item.tag}>", item)
            ikeep = keep if n < last else ""
            if item.attrib:
                self.check_attrs(item)
                ictx = self.ctx_for(item, lctx)
                ihead = _p_open(style_id, ictx.rtl, numpr=numpr, spacing=ind, keep=ikeep)
            elif ikeep is keep:
                ictx, ihead = lctx, head
            else:
                ictx, ihead = lctx, _p_open(style_id, lctx.rtl, numpr=numpr, spacing=ind)
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
                        raise MarkupError("text after a nested <list> in an <item>", child)
                elif nested:
                    raise MarkupError("nothing may follow a nested <list> in an <item>", child)
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
        return len(el) > 0 and any(child.tag not in INLINE_TAGS for child in el)

    def table(self, el: ET.Element, ctx: Ctx) -> None:
        tctx = self.ctx_for(el, ctx)
        tctx = Ctx(tctx.lang, tctx.rtl, tctx.bold, tctx.italic, tctx.underline)  # no pstyle, box
        style_id = self.style(el.get("style") or DEFAULT_STYLES["table"][0], "table", el)
        header_attr = el.get("header")
        if header_attr not in (None, "0", "1", "true", "false"):
            raise MarkupError("<table> header must be '1' or '0'", el)
        self.no_text(el)
        rows: list[list[ET.Element]] = []
        for tr in el:
            if tr.tag != "tr":
                raise MarkupError(f"<table> holds <tr> rows, not <{tr.tag}>", tr)
            if tr.attrib:
                self.check_attrs(tr)
            self.no_text(tr)
            cells = list(tr)
            for cell in cells:
                if cell.tag not in ("th", "td"):
                    raise MarkupError(f"<tr> holds <th> and <td> cells, not <{cell.tag}>", cell)
                if cell.attrib:
                    self.check_attrs(cell)
            rows.append(cells)
        if not rows or not rows[0]:
            raise MarkupError("a <table> needs at least one row with a cell", el)
        ncols = len(rows[0])
        for cells, tr in zip(rows, el, strict=True):
            if len(cells) != ncols:
                raise MarkupError(
                    f"every row needs {ncols} cells (simple tables: no merged cells)", tr
                )
        if header_attr is None:
            header = all(cell.tag == "th" for cell in rows[0])
        else:
            header = header_attr in ("1", "true")
        grid = _table_grid(el.get("widths"), ncols, self.ref._text_width)
        if grid is None:
            raise MarkupError(
                f"<table> widths must be {ncols} positive percentages, like '30,70'", el
            )
        grid_xml, tcs, col_widths = grid

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
        bold_ctx = Ctx(tctx.lang, tctx.rtl, True, tctx.italic, tctx.underline)
        # What container() writes for a cell of plain text (no attributes, no elements).
        plain = self.p_open(tctx.pstyle, tctx.rtl, None)
        for r, cells in enumerate(rows):
            is_header = header and r == 0
            out.append(
                "<w:tr><w:trPr><w:cantSplit/><w:tblHeader/></w:trPr>"
                if is_header
                else "<w:tr><w:trPr><w:cantSplit/></w:trPr>"
            )
            for cell, tc, width in zip(cells, tcs, col_widths, strict=True):
                cctx = bold_ctx if is_header or cell.tag == "th" else tctx
                if cell.attrib or len(cell):
                    if cell.attrib:
                        cctx = self.ctx_for(cell, cctx)
                    out.append(tc)
                    # A line to sign on in a cell ends at the cell's right edge, inside its
                    # margins (108 twips each side, as the reference's tables have).
                    saved, self.line_width = self.line_width, width - 216
                    self.in_cell = True
                    self.container(cell, cctx, CELL_BLOCKS)
                    self.line_width, self.in_cell = saved, False
                    out.append("</w:tc>")
                else:
                    out.append(f"{tc}{plain}{self.plain_runs(cell.text, cctx)}</w:p></w:tc>")
            out.append("</w:tr>")
        out.append("</w:tbl>")
        self.last_block = "tbl"

    def container(self, el: ET.Element, ctx: Ctx, allowed: frozenset[str]) -> None:
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

    def box(self, el: ET.Element, ctx: Ctx) -> None:
        style_id = self.style(el.get("style") or DEFAULT_STYLES["box"][0], "paragraph", el)
        bctx = self.ctx_for(el, ctx)._replace(pstyle=style_id, box=True)
        self.container(el, bctx, BOX_BLOCKS)

    def image(self, el: ET.Element, ctx: Ctx) -> None:
        src = el.get("src")
        alt = el.get("alt")
        if src is None:
            raise MarkupError("<image> needs src", el)
        if alt is None:
            raise MarkupError('<image> needs alt text (alt="" marks a decorative image)', el)
        if len(el) or (el.text and el.text.strip()):
            raise MarkupError("<image/> must be empty", el)
        data = self.images.get(src)
        if data is None:
            raise MarkupError(f"no image named {src!r} was given to the layout", el)
        px_w, px_h = _png_size(data)
        max_w = self.ref._text_width * 635  # twips to EMU
        width_attr = el.get("width")
        if width_attr is None:
            cx = px_w * 9525
        else:
            m = _WIDTH_RE.match(width_attr)
            if m is None:
                raise MarkupError("<image> width must look like '2.5cm', '30mm' or '1in'", el)
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
        alt = escape(normalize_space(alt))
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
            f'uri="{PIC}"><pic:pic><pic:nvPicPr><pic:cNvPr id="{did}" name="Picture {did}"/>'
            f'<pic:cNvPicPr/></pic:nvPicPr><pic:blipFill><a:blip r:embed="{rid}"/>'
            "<a:stretch><a:fillRect/></a:stretch></pic:blipFill><pic:spPr><a:xfrm>"
            f'<a:off x="0" y="0"/><a:ext cx="{cx}" cy="{cy}"/></a:xfrm><a:prstGeom prst="rect">'
            "<a:avLst/></a:prstGeom></pic:spPr></pic:pic></a:graphicData></a:graphic>"
            "</wp:inline></w:drawing></w:r>"
        )
        keep = self.keep(el)
        self.emit_paragraph(
            ctx.pstyle,
            drawing,
            ctx,
            jc=self.jc(el),
            keep=keep,
            spacing=_NO_SPACE_AFTER if keep else "",
        )

    def signature(self, el: ET.Element, ctx: Ctx) -> None:
        if len(el) or (el.text and el.text.strip()):
            raise MarkupError("<signature/> must be empty", el)
        label = el.get("label")
        if label is None:
            raise MarkupError("<signature> needs a label", el)
        sctx = self.ctx_for(el, ctx)
        inl = _Inline()
        inl.text(label, sctx)
        inl.rstrip()
        tab = "<w:r><w:tab/></w:r>"
        tw = self.line_width
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
        keep = self.keep(el)
        self.emit_paragraph(
            ctx.pstyle,
            content,
            sctx,
            tabs=f"<w:tabs>{stops}</w:tabs>",
            spacing=f'<w:spacing w:before="600" w:after="{0 if keep else 240}"/>',
            keep=keep + "<w:keepLines/>",
        )

    def pagebreak(self, el: ET.Element, ctx: Ctx) -> None:
        if len(el) or (el.text and el.text.strip()):
            raise MarkupError("<pagebreak/> must be empty", el)
        self.out.append('<w:p><w:r><w:br w:type="page"/></w:r></w:p>')
        self.last_block = "p"

    # -- header and footer --------------------------------------------------------------------

    def hdrftr_lines(self, lines: tuple[str, ...], style_name: str) -> str:
        ctx = Ctx(lang=self.info.language, rtl=self.info.rtl)
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
_HANDLERS: Final[Mapping[str, Callable[[Writer, ET.Element, Ctx], None]]] = {
    "title": Writer.heading,
    "h1": Writer.heading,
    "h2": Writer.heading,
    "h3": Writer.heading,
    "p": Writer.paragraph,
    "list": Writer.list_,
    "table": Writer.table,
    "image": Writer.image,
    "box": Writer.box,
    "signature": Writer.signature,
    "pagebreak": Writer.pagebreak,
}
