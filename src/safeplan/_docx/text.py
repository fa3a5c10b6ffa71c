"""Text on its way into WordprocessingML: the one escaping function, the whitespace rule, and
the split of mixed-direction text into runs.

Every string that reaches a part passes :func:`escape` (or, for text that came out of the XML
parser, :func:`escape_parsed`). Characters XML 1.0 cannot hold are dropped (:func:`clean_text`).

Imports: nothing of safeplan.
"""

from __future__ import annotations

import re
from typing import Final

__all__ = [
    "CJK_LANGS",
    "HAS_RTL",
    "ILLEGAL_XML",
    "LANG_RE",
    "clean_text",
    "collapse",
    "escape",
    "escape_parsed",
    "is_rtl_language",
    "normalize_space",
    "split_direction",
]

# --------------------------------------------------------------------------------------------

# XML 1.0 Char excludes C0 controls other than tab/LF/CR, the surrogate block and U+FFFE/U+FFFF.
ILLEGAL_XML: Final = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")
# Only the whitespace runs that collapsing changes; replacing every single space is slow.
WS_IRREGULAR: Final = re.compile("[\t\n\r][ \t\n\r]*| [ \t\n\r]+")


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
    return s if s.isprintable() else ILLEGAL_XML.sub("", s)


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
    return WS_IRREGULAR.sub(" ", s).strip(" ")


def collapse(s: str) -> str:
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
    return WS_IRREGULAR.sub(" ", s).strip(" ")


def escape(s: str) -> str:
    """Make any text safe for XML character data or an attribute value.

    Every string that reaches a part goes through here, so an illegal character or a markup
    character in case data can never break a document.
    """
    # Every illegal character is unprintable, and isprintable() is much faster than a search.
    if not s.isprintable() and ILLEGAL_XML.search(s) is not None:
        s = ILLEGAL_XML.sub("", s)
    return escape_parsed(s)


def escape_parsed(s: str) -> str:
    """:func:`escape` for text that came out of the XML parser.

    The parser rejects every character XML cannot hold (raw or as a character reference), so
    only the markup characters are left to escape. Most text holds none of them, and ``in`` is
    cheaper than a replace that finds nothing.
    """
    if "&" in s or "<" in s or ">" in s or '"' in s:
        return (
            s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace('"', "&quot;")
        )
    return s


# --- languages and direction --------------------------------------------------------------

# --------------------------------------------------------------------------------------------

LANG_RE: Final = re.compile(r"[A-Za-z]{2,8}(?:-[A-Za-z0-9]{1,8})*\Z")
_RTL_LANGS: Final = frozenset(
    {"ar", "arc", "ckb", "dv", "fa", "he", "iw", "ks", "ps", "sd", "syr", "ug", "ur", "yi", "nqo"}
)
_RTL_SCRIPTS: Final = frozenset({"arab", "hebr", "syrc", "thaa", "nkoo", "adlm", "rohg", "mand"})
_LTR_SCRIPTS: Final = frozenset({"latn", "cyrl", "deva", "grek"})
CJK_LANGS: Final = frozenset({"zh", "ja", "ko"})

# Strongly right-to-left characters: Hebrew to Arabic Extended-A, presentation forms, and the
# historic and Adlam/Mende planes. A run needs w:rtl only for these (and the neutrals between).
_R: Final = "\u0590-\u08ff\ufb1d-\ufdff\ufe70-\ufefc\U00010800-\U00010fff\U0001e800-\U0001efff"
_MARKS: Final = "\u0300-\u036f\u1ab0-\u1aff\u1dc0-\u1dff\u20d0-\u20ff\ufe20-\ufe2f"
HAS_RTL: Final = re.compile(f"[{_R}]")
# A letter or digit that is not right-to-left (or a combining mark following one).
_LTR_UNIT: Final = f"(?:(?![{_R}])[^\\W_]|[{_MARKS}])"
# In right-to-left context: a stretch from one left-to-right letter/digit to the last one before
# the next right-to-left letter ("CP-2026-0142", "Paul Smith") keeps its own left-to-right run.
_LTR_CHUNK: Final = re.compile(f"{_LTR_UNIT}(?:[^{_R}]*{_LTR_UNIT})?")
# In left-to-right context: a stretch of right-to-left text, digits and neutrals between
# right-to-left letters becomes one right-to-left run.
_RTL_CHUNK: Final = re.compile(f"[{_R}](?:(?:[{_R}]|(?![^\\W\\d_])[\\s\\S])*[{_R}])?")


def is_rtl_language(tag: str) -> bool:
    parts = tag.lower().split("-")
    for sub in parts[1:]:
        if len(sub) == 4:
            if sub in _RTL_SCRIPTS:
                return True
            if sub in _LTR_SCRIPTS:
                return False
    return parts[0] in _RTL_LANGS


def split_direction(text: str, rtl_context: bool) -> list[tuple[str, bool]]:
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
