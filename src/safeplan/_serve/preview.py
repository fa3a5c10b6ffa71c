"""What each copy of a case will hold, as data a page can show without running a layout.

:func:`preview` renders every copy the case produces, exactly as ``POST /v1/render`` would, and
reads each DOCX back into a short list of printed blocks (title, headings, paragraphs, list
items, notes, tables, pictures' alt text), each with its language tag. For each adult's copy it
lists what is kept out of it (the item's path, its text and why), and the contact details it
may not show (whose, and which kind, never the value), so a social worker sees what the person
causing harm's copy leaves out. A copy that must not be issued (``SP-COPY-LEAK``) carries its
problems instead of blocks; a child's copy the case asks for but that is not made says why.

The professional using the page sent the case; the preview goes back to them only. Nothing of
it is logged.

Imports: safeplan (the public face), _copies (who may see what).
"""

from __future__ import annotations

import io
import re
import zipfile
from collections.abc import Iterator
from typing import Any

from lxml import etree  # type: ignore[import-untyped]  # no stubs in the venv

import safeplan
from safeplan import Renderer, SafeplanError, WrittenAgreement
from safeplan._copies import REASONS, Audience, audience_of, contact_details

__all__ = ["docx_blocks", "preview"]

_W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
_WP = "http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing"
_NS = {"w": _W, "wp": _WP}
_HEADING = re.compile(r"Heading([1-6])?$")  # Heading1 … and ChildHeading
_STEP = re.compile(r"\.([A-Za-z_][A-Za-z0-9_]*)|\[(\d+)\]")
# The first of these an item has is the text the page shows for it.
_TEXT_FIELDS = ("text", "what", "words", "name", "value", "reason")
_SAFETY_WORDS = {
    "where-they-are": "where the adult at risk or the children are or will be",
    "children-in-the-day": "where the children are in the day",
    "routine": "their routines",
    "appointment": "the adult at risk's appointments or services",
    "specialist-help": "the specialist help the adult at risk has",
    "court-application": "a court application the adult at risk is making",
    "contact-details": "the adult at risk's contact details",
    "plans-to-move": "plans to move",
    "child-words": "a child's words that could expose the child",
}


def _q(tag: str) -> str:
    prefix, name = tag.split(":")
    return f"{{{_NS[prefix]}}}{name}"


def _text(node: etree._Element) -> str:
    out: list[str] = []
    for el in node.iter(_q("w:t"), _q("w:tab"), _q("w:br")):
        if el.tag == _q("w:t"):
            out.append(el.text or "")
        elif el.tag == _q("w:tab"):
            out.append("\t")
        else:
            out.append("\n")
    return "".join(out)


def _lang(node: etree._Element) -> str | None:
    for el in node.iter(_q("w:lang")):
        value = el.get(_q("w:val"))
        if value:
            return str(value)
    return None


def _pictures(node: etree._Element) -> list[str]:
    return [d.get("descr") or "" for d in node.iter(_q("wp:docPr"))]


def _paragraph(p: etree._Element) -> dict[str, Any] | None:
    style_el = p.find("w:pPr/w:pStyle", _NS)
    style = style_el.get(_q("w:val"), "") if style_el is not None else ""
    text = _text(p)
    block: dict[str, Any]
    if (m := _HEADING.search(style)) is not None:
        block = {"kind": "heading", "level": int(m.group(1) or 1), "text": text}
    elif style.endswith("Title"):
        block = {"kind": "title", "text": text}
    elif p.find("w:pPr/w:numPr", _NS) is not None or style.startswith("List"):
        block = {"kind": "list", "text": text}
    elif style == "Note":
        block = {"kind": "note", "text": text}
    else:
        block = {"kind": "para", "text": text}
    pictures = [alt for alt in _pictures(p) if alt]
    if pictures:
        block["pictures"] = pictures
    if not text.strip() and not pictures:
        return None
    lang = _lang(p)
    if lang:
        block["lang"] = lang
    return block


def _table(tbl: etree._Element) -> dict[str, Any]:
    rows: list[list[str]] = []
    header = 0
    for i, tr in enumerate(tbl.findall("w:tr", _NS)):
        if i == header and tr.find("w:trPr/w:tblHeader", _NS) is not None:
            header += 1
        cells = []
        for tc in tr.findall("w:tc", _NS):
            paragraphs = [_text(p) for p in tc.findall(".//w:p", _NS)]
            cells.append("\n".join(t for t in paragraphs if t))
        rows.append(cells)
    block: dict[str, Any] = {"kind": "table", "rows": rows, "header_rows": header}
    lang = _lang(tbl)
    if lang:
        block["lang"] = lang
    return block


def _layout_table(tbl: etree._Element) -> bool:
    """A table that only lays things out (a child's picture beside its heading): no header
    row and not a grid of data. Its cells are read as blocks, in reading order."""
    style = tbl.find("w:tblPr/w:tblStyle", _NS)
    grid = style is not None and style.get(_q("w:val")) == "TableGrid"
    return not grid and tbl.find("w:tr/w:trPr/w:tblHeader", _NS) is None


def _blocks(parent: etree._Element, out: list[dict[str, Any]]) -> None:
    for child in parent:
        if child.tag == _q("w:p"):
            block = _paragraph(child)
            if block is not None:
                out.append(block)
        elif child.tag == _q("w:tbl"):
            if _layout_table(child):
                for tc in child.iterfind("w:tr/w:tc", _NS):
                    _blocks(tc, out)
            else:
                out.append(_table(child))


def docx_blocks(docx: bytes) -> list[dict[str, Any]]:
    """The printed blocks of a DOCX's body, in order.

    Each block is ``{"kind": ..., "text": ..., "lang": ...}``: ``title``, ``heading`` (with
    ``level``), ``para``, ``list`` (a list item), ``note``; or ``table`` with ``rows`` (lists
    of cell texts) and ``header_rows``. A paragraph with pictures lists their alt text in
    ``pictures``. Empty paragraphs are left out; a table that only lays things out (no header
    row, not a grid) is read cell by cell.
    """
    with zipfile.ZipFile(io.BytesIO(docx)) as z:
        root = etree.fromstring(z.read("word/document.xml"))
    body = root.find("w:body", _NS)
    out: list[dict[str, Any]] = []
    if body is not None:
        _blocks(body, out)
    return out


def _at(agreement: WrittenAgreement, path: str) -> Any:
    value: Any = agreement
    for name, index in _STEP.findall(path):
        try:
            value = getattr(value, name) if name else value[int(index)]
        except (AttributeError, IndexError, TypeError):
            return None
    return value


def _item_text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, str):
        return value
    if isinstance(value, tuple):
        return "\n".join(t for t in (_item_text(v) for v in value) if t)
    for field in _TEXT_FIELDS:
        text = getattr(value, field, None)
        if isinstance(text, str) and text:
            return text
    return ""


# Why an item is not in a copy, in words for the social worker reading the preview.
_WHY = {
    "asked": "the case says to keep it from this person (Withheld from)",
    "confidential": "a view marked confidential",
    "for-roles": "a service meant for other people (For roles)",
    "protective": "what the adult at risk has done to keep the children safe",
    "adult-at-risk": "a strength of the adult at risk",
    "adult-at-risk-support": "the help offered to the adult at risk",
    "domestic-abuse-service": "the work of a domestic abuse service",
    "view": "the words of the adult at risk or a child",
    "safety-detail": "it would tell the person causing harm",
}


def _why(code: str, categories: tuple[str, ...]) -> str:
    words = _WHY.get(code) or REASONS.get(code, code)
    if categories:
        words = f"{words} {' and '.join(_SAFETY_WORDS.get(c, c) for c in categories)}"
    return words[0].upper() + words[1:]


def _name(agreement: WrittenAgreement, ref: str) -> str:
    for group in (agreement.people, agreement.children, agreement.professionals):
        for entry in group:
            if entry.id == ref:
                return entry.name
    return ref


def _role(agreement: WrittenAgreement, copy: safeplan.Copy) -> str | None:
    person = agreement.person(copy.recipient)
    return person.role.value if person is not None else None


def _withheld(
    agreement: WrittenAgreement, copy: safeplan.Copy, audience: Audience
) -> list[dict[str, Any]]:
    out = []
    for path in sorted(audience.hidden(copy), key=_order):
        reason = audience.withheld[path][copy.recipient]
        out.append(
            {
                "path": path,
                "text": _item_text(_at(agreement, path)),
                "reason": reason.code,
                "why": _why(reason.code, reason.categories),
            }
        )
    return out


def _order(path: str) -> tuple[Any, ...]:
    return tuple((name, int(index) if index else -1) for name, index in _STEP.findall(path))


def _hidden_details(agreement: WrittenAgreement, copy: safeplan.Copy) -> list[dict[str, Any]]:
    _shown, hidden = contact_details(agreement, copy)
    hidden_ids = {id(d) for d in hidden}
    out = []
    groups: tuple[tuple[str, tuple[Any, ...]], ...] = (
        ("people", agreement.people),
        ("children", agreement.children),
    )
    for group, owners in groups:
        for i, owner in enumerate(owners):
            for j, detail in enumerate(owner.contact_details):
                if id(detail) in hidden_ids:
                    out.append(
                        {
                            "path": f"$.{group}[{i}].contact_details[{j}]",
                            "owner": owner.name,
                            "kind": detail.kind.value,
                            "label": detail.label or "",
                        }
                    )
    return out


def _copies(agreement: WrittenAgreement, renderer: Renderer) -> Iterator[dict[str, Any]]:
    audience = audience_of(agreement)
    for n, copy in enumerate(renderer.copies(agreement), start=1):
        entry: dict[str, Any] = {
            # The tab's id goes into the page's address when a tab is chosen: a number, never
            # the recipient's id or name.
            "tab": f"copy-{n}",
            "recipient": copy.recipient,
            "name": _name(agreement, copy.recipient),
            "kind": copy.kind.value,
            "role": _role(agreement, copy),
            "languages": list(copy.languages),
            "says_parts_withheld": audience.says_parts_withheld(copy),
            "withheld": _withheld(agreement, copy, audience),
            "details_hidden": _hidden_details(agreement, copy)
            if copy.kind.value == "adult"
            else [],
        }
        try:
            entry["blocks"] = docx_blocks(renderer.render(agreement, copy))
            entry["problems"] = []
        except SafeplanError as err:
            entry["blocks"] = []
            entry["problems"] = [p.to_dict() for p in err.as_problems()]
        yield entry


def preview(agreement: WrittenAgreement, renderer: Renderer) -> dict[str, Any]:
    """Every copy the case produces, what it prints and what it leaves out.

    Returns:
        ``{"copies": [...], "not_made": [...]}``. Each copy: ``tab`` (``copy-1`` …, for the
        page's tabs), ``recipient``, ``name``, ``kind`` (``adult``, ``child``,
        ``professional``), ``role`` (an adult's), ``languages``, ``blocks`` (see
        :func:`docx_blocks`), ``problems`` (why this copy cannot be issued, when it cannot),
        ``withheld`` (items kept out: ``path``, ``text``, ``reason`` code and ``why`` in
        words), ``details_hidden`` (contact details left out: ``path``, ``owner``, ``kind``,
        ``label``) and ``says_parts_withheld``. ``not_made``: the children's copies asked
        for that are not made, with the reason as a problem.
    """
    return {
        "copies": list(_copies(agreement, renderer)),
        "not_made": [
            {
                "recipient": copy.recipient,
                "name": _name(agreement, copy.recipient),
                "kind": copy.kind.value,
                "problem": problem.to_dict(),
            }
            for copy, problem in renderer.withheld(agreement)
        ],
    }
