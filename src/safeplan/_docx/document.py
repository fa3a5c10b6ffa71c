"""One document: :func:`render_docx` parses the block markup, runs the writer and assembles
the package.

Output is byte-identical for identical input: fixed zip timestamps, fixed part order,
relationship and drawing ids numbered in document order, media named by content hash.

Imports: _errors.
"""

from __future__ import annotations

import xml.etree.ElementTree as ET
from collections.abc import Mapping
from typing import Final

from lxml import etree  # type: ignore[import-untyped]  # no stubs in the venv

from .._errors import TemplateError
from .info import DocumentInfo
from .markup import BODY_BLOCKS, FOOTER_STYLE, HEADER_STYLE
from .package import (
    BEST,
    DECL,
    PIC,
    R_NS,
    RT,
    WP,
    A,
    Entry,
    W,
    rel_xml,
    rels_part,
    zip_entry,
    zip_package,
)
from .reference import Reference
from .text import ILLEGAL_XML, clean_text, escape
from .writer import Ctx, MarkupError, Writer

__all__ = ["DocumentInfo", "render_docx"]

DOC_OPEN: Final = (
    f'{DECL}<w:document xmlns:w="{W}" xmlns:r="{R_NS}" xmlns:wp="{WP}" xmlns:a="{A}" '
    f'xmlns:pic="{PIC}"><w:body>'
)

_DOC_OPEN_UTF8: Final = DOC_OPEN.encode()
_DOC_CLOSE: Final = b"</w:body></w:document>"

# --------------------------------------------------------------------------------------------


# --- the document -------------------------------------------------------------------------

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
    subject = f"<dc:subject>{escape(info.subject)}</dc:subject>" if info.subject else ""
    keywords = (
        f"<cp:keywords>{escape('; '.join(info.keywords))}</cp:keywords>" if info.keywords else ""
    )
    return (
        f'{DECL}<cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/'
        'metadata/core-properties" xmlns:dc="http://purl.org/dc/elements/1.1/" '
        'xmlns:dcterms="http://purl.org/dc/terms/" xmlns:dcmitype="http://purl.org/dc/dcmitype/" '
        'xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">'
        f"<dc:title>{escape(info.title)}</dc:title>{subject}<dc:creator>safeplan</dc:creator>"
        f"{keywords}<dc:language>{escape(info.language)}</dc:language>"
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
            if ILLEGAL_XML.search(markup) is None:
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
    writer = Writer(reference, info, images)
    try:
        if root.tag != "document":
            raise MarkupError(f"the markup must start with <document>, not <{root.tag}>", root)
        writer.check_attrs(root)
        direction = root.get("dir")
        base = Ctx(lang=info.language, rtl=info.rtl)
        body_ctx = writer.ctx_for(root, base)
        writer.blocks(root, body_ctx, BODY_BLOCKS)
        header = writer.hdrftr(0, info.header_lines, HEADER_STYLE)
        footer = writer.hdrftr(1, info.footer_lines, FOOTER_STYLE)
    except MarkupError as err:
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
    # Encoded piece by piece: nearly every piece is ASCII, which encodes as a copy, where the
    # joined text (holding a curly quote or a box to tick) would be encoded character by
    # character.
    document = b"".join(
        [_DOC_OPEN_UTF8, *[piece.encode() for piece in writer.out], sect.encode(), _DOC_CLOSE]
    )

    ref = reference
    nums = tuple(writer.nums)
    numbering = ref._cached(("numbering", nums), lambda: _numbering_entry(ref, nums))
    if writer.media:
        rels = list(ref._doc_rels)
        media_entries = []
        for rid, part, data in writer.media.values():
            rels.append(rel_xml(rid, RT + "image", part))
            media_entries.append(zip_entry("word/" + part, data, deflate=False))
        doc_rels = zip_entry("word/_rels/document.xml.rels", rels_part(rels).encode())
    else:
        media_entries = []
        doc_rels = ref._doc_rels_entry
    return zip_package(
        (
            *ref._head_entries,
            zip_entry("docProps/core.xml", _core_xml(info)),
            zip_entry("word/document.xml", document),
            doc_rels,
            ref._styles_entry(info.language),
            numbering,
            zip_entry("word/header1.xml", header),
            zip_entry("word/footer1.xml", footer),
            *ref._tail_for(info.language),
            *media_entries,
        )
    )


def _numbering_entry(ref: Reference, nums: tuple[tuple[int, int], ...]) -> Entry:
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
    return zip_entry("word/numbering.xml", data, level=BEST)
