"""The Word room (being split into one module per stage)."""

from .writer import (
    _ALLOWED_ATTRS,
    DocumentInfo,
    Reference,
    _abstract_num_xml,
    clean_text,
    normalize_space,
    render_docx,
)

__all__ = [
    "_ALLOWED_ATTRS",
    "DocumentInfo",
    "Reference",
    "_abstract_num_xml",
    "clean_text",
    "normalize_space",
    "render_docx",
]
