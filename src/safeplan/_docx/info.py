"""What a document says about itself: its properties, the lines of its header and footer, and
its direction. No personal data goes in any of them.

Imports: nothing of safeplan.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable

import attrs

from .text import LANG_RE

__all__ = ["DocumentInfo"]


def _check_language(_inst: object, _attr: object, value: str) -> None:
    if not LANG_RE.match(value):
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
