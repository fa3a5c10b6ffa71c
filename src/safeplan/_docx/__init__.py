"""The Word room: block markup in, ``.docx`` bytes out. The only room that touches
WordprocessingML.

Layouts (jinja templates with autoescaping) render a small XML *block markup* whose vocabulary is
:mod:`.markup`; :func:`render_docx` turns it into a DOCX package. Static parts (styles, theme,
fonts, settings, header and footer media) come from a :class:`Reference` DOCX that is read and
compressed once, then reused for every document.

::

    markup.py      the vocabulary: elements, attributes, where blocks stand, default styles
    text.py        cleaning, escaping, whitespace, mixed-direction runs
    package.py     namespaces, relationships, zip writing
    checks.py      a council's reference DOCX and pictures, checked against the limits
    reference.py   the reference DOCX, prepared once
    writer.py      the walk over the markup that writes the body's XML
    info.py        DocumentInfo: what a document says about itself
    document.py    render_docx: one document, assembled

The rest of safeplan imports this room through this module only.

Imports: _files, _errors, _resources.
"""

from . import markup
from .checks import PackageLimits, check_package, check_picture
from .document import render_docx
from .info import DocumentInfo
from .markup import interleave
from .reference import Reference, abstract_num_xml
from .text import clean_text, normalize_space

__all__ = [
    "DocumentInfo",
    "PackageLimits",
    "Reference",
    "abstract_num_xml",
    "check_package",
    "check_picture",
    "clean_text",
    "interleave",
    "markup",
    "normalize_space",
    "render_docx",
]
