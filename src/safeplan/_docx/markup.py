"""The block markup: the small XML vocabulary a layout renders and the writer turns into Word.

This module is the one place the vocabulary is written down: the elements, the attributes each
may carry, where each block may stand, and the styles used when the markup names none. The writer
(:mod:`.writer`), the template checker (``_layout/checker.py``) and the bilingual interleaver
(:func:`interleave`) all read it.

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
                                           Every heading (and the title) keeps with the block
                                           after it and is never split, whatever the reference
                                           DOCX's styles say.
      <p style="…" align="center">…</p>    Normal (children's versions: style="Child Body",
                                           16 pt). align: left | center | right | justify.
                                           keep="next" keeps it on the page of the block after
                                           it (a line that introduces a list, say).
      <list kind="bullet|number" style="…">  real Word lists (numbering.xml); each numbered list
        <item>inline… <list>…</list></item>  restarts at 1; nested lists indent one level.
      </list>                              Items use "List Paragraph" unless style= is given.
                                           keep="together" keeps its items on one page (for
                                           short lists: a long one still breaks).
      <table header="1" widths="30,70" style="Table Grid">
        <tr><th>…</th><td style="…" align="…">…</td></tr>
      </table>                             widths in percent. header="1" (or a first row made
                                           only of <th>) repeats the first row on every page,
                                           bold. Rows never split across pages; every row has
                                           the same number of cells (no merging). Cells hold
                                           inline content or <h1-3>/<p>/<list>/<image>/
                                           <signature> blocks (a row per signatory keeps each
                                           signature block on one page)
                                           (a borderless "Child Table" can set a picture
                                           beside a heading).
      <image src="name" alt="…" width="2.5cm" align="center"/>
                                           PNG from the ``images`` mapping; alt="" marks it
                                           decorative. width: cm, mm, in, pt or px; default is
                                           its pixel size at 96 dpi, never wider than the page.
                                           keep="next": on the page of the block after it (an
                                           icon above its heading).
      <box style="Note">…</box>            a bordered, shaded callout made of paragraph borders
                                           (not a layout table, which screen readers announce):
                                           its paragraphs and list items take the "Note" style,
                                           and list items are indented so one box is drawn.
      <signature label="Signed" date="Date"/>   label, then a line to sign on; optional date.
                                           keep="next" keeps it with the block after it.
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

Imports: nothing of safeplan.
"""

from __future__ import annotations

import itertools
import xml.etree.ElementTree as ET
from collections.abc import Mapping, Sequence
from typing import Final

__all__ = [
    "ALIGNMENTS",
    "ALLOWED_ATTRS",
    "BODY_BLOCKS",
    "BOX_BLOCKS",
    "CELL_BLOCKS",
    "DEFAULT_STYLES",
    "FOOTER_STYLE",
    "HEADER_STYLE",
    "HEADING_STYLES",
    "INLINE_TAGS",
    "KEEP_VALUES",
    "SECTION_STARTS",
    "interleave",
]

_BLOCK_ATTRS: Final = frozenset({"style", "lang", "dir", "align"})
ALLOWED_ATTRS: Final[Mapping[str, frozenset[str]]] = {
    "document": frozenset({"lang", "dir"}),
    "title": _BLOCK_ATTRS,
    "h1": _BLOCK_ATTRS,
    "h2": _BLOCK_ATTRS,
    "h3": _BLOCK_ATTRS,
    "p": _BLOCK_ATTRS | {"keep"},
    "list": frozenset({"kind", "style", "lang", "dir", "keep"}),
    "item": frozenset({"lang", "dir"}),
    "table": frozenset({"header", "widths", "style", "lang", "dir"}),
    "tr": frozenset(),
    "th": _BLOCK_ATTRS,
    "td": _BLOCK_ATTRS,
    "image": frozenset({"src", "alt", "width", "align", "keep"}),
    "box": frozenset({"style", "lang", "dir"}),
    "signature": frozenset({"label", "date", "lang", "dir", "keep"}),
    "pagebreak": frozenset(),
    "b": frozenset(),
    "i": frozenset(),
    "u": frozenset(),
    "br": frozenset(),
    "span": frozenset({"lang", "dir"}),
}
INLINE_TAGS: Final = frozenset({"b", "i", "u", "br", "span"})
BODY_BLOCKS: Final = frozenset(
    {"title", "h1", "h2", "h3", "p", "list", "table", "image", "box", "signature", "pagebreak"}
)
CELL_BLOCKS: Final = frozenset({"h1", "h2", "h3", "p", "list", "image", "signature"})
BOX_BLOCKS: Final = frozenset({"p", "list", "image"})
ALIGNMENTS: Final = {"left": "left", "center": "center", "right": "right", "justify": "both"}
#: What ``keep`` may say on each element that takes it.
KEEP_VALUES: Final[Mapping[str, str]] = {
    "p": "next",
    "image": "next",
    "signature": "next",
    "list": "together",
}

#: The style each element takes when the markup names none: (style name, kind of style). The
#: reference DOCX must have every one that a layout uses; ``templates check`` says which it lacks.
DEFAULT_STYLES: Final[Mapping[str, tuple[str, str]]] = {
    "title": ("Title", "paragraph"),
    "h1": ("Heading 1", "paragraph"),
    "h2": ("Heading 2", "paragraph"),
    "h3": ("Heading 3", "paragraph"),
    "list": ("List Paragraph", "paragraph"),
    "table": ("Table Grid", "table"),
    "box": ("Note", "paragraph"),
}
HEADING_STYLES: Final = {tag: DEFAULT_STYLES[tag][0] for tag in ("title", "h1", "h2", "h3")}
#: The paragraph styles of the lines in every page's header (the protective marking) and footer.
HEADER_STYLE: Final = "Marking"
FOOTER_STYLE: Final = "Footer"

#: The blocks that start a section: a bilingual copy gives each section in both languages
#: before the next one starts.
SECTION_STARTS: Final = frozenset({"title", "h1"})


def interleave(parts: Sequence[str], languages: Sequence[str]) -> str:
    """A bilingual document, block by block: each section (from one heading to the next) in
    the first language, then the same section in the second, every block tagged with its
    language. Both languages have the same structure and styles, never mixed in one block."""
    roots = [ET.fromstring(p) for p in parts]
    sections = [_sections(r, lang) for r, lang in zip(roots, languages, strict=True)]
    out = ET.Element("document", {"lang": languages[0]})
    for group in itertools.zip_longest(*sections, fillvalue=[]):
        for section in group:
            out.extend(section)
    return ET.tostring(out, encoding="unicode")


def _sections(root: ET.Element, lang: str) -> list[list[ET.Element]]:
    sections: list[list[ET.Element]] = []
    for block in root:
        block.set("lang", block.get("lang", lang))
        if block.tag in SECTION_STARTS or not sections:
            sections.append([])
        sections[-1].append(block)
    return sections
