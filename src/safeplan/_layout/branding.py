"""What ``templates check`` reads in a council's reference DOCX: the branding every copy carries.

Two readers, each where it is the right tool. The writer's own :class:`~safeplan._docx.Reference`
decides whether the renderer can use the file and which styles it has, so that a style the check
passes is a style the writer finds (the same lookup, by name or id, in any case). python-docx
reads the document as Word shows it, for what the writer copies without interpreting: the
header and footer parts, and the pictures in them.

Found here: a reference the renderer cannot read, and one without the styles of the page lines
(errors); a picture in the header or footer without alt text, and a first-page or even-page
header or footer that no copy will carry, since every page gets the default one (warnings).

Imports: _docx, _errors, _problems, _resources.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any, Final

from .._docx import PackageLimits, Reference, markup
from .._errors import TemplateError
from .._problems import Problem
from .._resources import builtin_reference

__all__ = ["check_reference"]

_SOURCE = "safeplan templates check; docs/template-context.md"
_ALT_SOURCE = (
    "Public Sector Bodies Accessibility Regulations 2018 (WCAG 2.2, 1.1.1 non-text content); "
    "safeplan templates check"
)
_PAGE_STYLES: Final = (
    (markup.HEADER_STYLE, "the header lines"),
    (markup.FOOTER_STYLE, "the footer lines"),
)


def check_reference(
    path: Path | None, problems: list[Problem], limits: PackageLimits | None = None
) -> Reference | None:
    """Read the reference DOCX the renderer would use (``None``: the built-in one) as the writer
    does, and as Word does; add what is wrong to ``problems``.

    Returns:
        The writer's reading of the reference, to check styles against; ``None`` when the
        renderer could not use it.
    """
    shown = str(path) if path is not None else "reference.docx (built in)"
    try:
        ref = Reference.load(path, limits=limits if path is not None else None)
    except TemplateError as err:
        msg = str(err).split(": ", 1)[-1]
        problems.append(Problem.refusal("SP-TEMPLATE-REFERENCE", shown, msg, _SOURCE))
        return None
    for style, use in _PAGE_STYLES:
        if ref.find_style(style) is None:
            problems.append(
                Problem.refusal(
                    "SP-TEMPLATE-STYLE-MISSING",
                    shown,
                    f"the reference DOCX has no {style!r} paragraph style, which {use} use",
                    _SOURCE,
                )
            )
    problems.extend(_as_word_shows_it(path or builtin_reference(), shown))
    return ref


def _as_word_shows_it(path: Path, shown: str) -> list[Problem]:
    import docx  # python-docx: only when a reference DOCX is checked, not at import

    try:
        document = docx.Document(str(path))
    except Exception:  # python-docx refuses some packages the writer reads (a .dotx, say)
        return []  # advice only: the writer's own reading above has decided the errors
    # The writer takes the header and footer of the body's last section.
    section = document.sections[-1]
    out: list[Problem] = []
    for what, part in (("header", section.header), ("footer", section.footer)):
        if not part.is_linked_to_previous:
            out.extend(_pictures_without_alt_text(part, what, shown))
    unused: list[tuple[str, str, Any]] = []
    if section.different_first_page_header_footer:
        unused += [("first-page", "header", section.first_page_header)]
        unused += [("first-page", "footer", section.first_page_footer)]
    if document.settings.odd_and_even_pages_header_footer:
        unused += [("even-page", "header", section.even_page_header)]
        unused += [("even-page", "footer", section.even_page_footer)]
    for kind, what, part in unused:
        if not part.is_linked_to_previous and _holds_something(part):
            out.append(
                Problem.warning(
                    "SP-TEMPLATE-HEADER-UNUSED",
                    shown,
                    f"the reference DOCX has a {kind} {what}, which no copy carries: every page "
                    f"of every copy gets the default {what}. Put what it holds (a logo, say) in "
                    f"the default {what}",
                    _SOURCE,
                )
            )
    return out


def _pictures(part: Any) -> list[Any]:
    """The drawing objects (``wp:docPr``) of a header or footer."""
    found: list[Any] = part.part.element.xpath(".//wp:docPr")
    return found


def _pictures_without_alt_text(part: Any, what: str, shown: str) -> list[Problem]:
    out = []
    for picture in _pictures(part):
        alt = (picture.get("descr") or picture.get("title") or "").strip()
        decorative = picture.xpath(".//*[local-name()='decorative'][@val='1' or @val='true']")
        if not alt and not decorative:
            out.append(
                Problem.warning(
                    "SP-TEMPLATE-ALT-TEXT",
                    shown,
                    f"a picture in the reference DOCX's {what} has no alt text: every copy "
                    "carries it, and a screen reader would say nothing useful. In Word, "
                    "right-click the picture, choose View Alt Text and describe it (the "
                    "council's logo, say), or mark it as decorative",
                    _ALT_SOURCE,
                )
            )
    return out


def _holds_something(part: Any) -> bool:
    return bool(any(p.text.strip() for p in part.paragraphs) or part.tables or _pictures(part))
