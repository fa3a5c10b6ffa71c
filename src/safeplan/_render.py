"""Rendering copies to DOCX: the orchestration of redaction, layout and writer.

::

    agreement ──redact(copy)──▶ case as the recipient may see it ──layout──▶ block markup
              ──leak check──▶ writer ──▶ .docx bytes

A :class:`Renderer` is built once from a :class:`RenderConfig` (its reference DOCX and pictures
are read then; its jinja environments are built once per language and never changed) and renders
any number of copies. Output is deterministic: the same case and configuration give
byte-identical files. Everything jinja is in ``_layout/``, everything WordprocessingML in
``_docx/``; this module only puts them in order.

Imports: _layout, _findings, _children, _copies, _case, _profiles, _docx, _i18n, _output,
_errors, _problems.
"""

from __future__ import annotations

import functools
import html
import os
import re
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import Any

import attrs

from ._case import CopyKind, WrittenAgreement
from ._children import child_findings, child_view, easy_read_findings, withheld_reason
from ._copies import Copy, check_output, copies, find_leak, find_leak_in, free_text, redact
from ._docx import DocumentInfo, Reference, interleave, render_docx
from ._errors import ConfidentialLeakError, RefusedError, RenderError
from ._findings import route_findings
from ._i18n import catalog, is_rtl, primary
from ._layout import (
    LAYOUTS,
    agreement_context,
    child_context,
    folder_reference,
    icon_files,
    render_layout,
    tagged,
)
from ._output import file_name, write_atomic
from ._problems import Problem
from ._profiles import Profile, resolve_profile

__all__ = ["RenderConfig", "Renderer", "render", "render_all"]


def _paths(values: Iterable[str | os.PathLike[str]]) -> tuple[Path, ...]:
    return tuple(Path(v) for v in values)


def _optional_path(value: str | os.PathLike[str] | None) -> Path | None:
    return None if value is None else Path(value)


@attrs.frozen(kw_only=True)
class RenderConfig:
    """How copies are rendered. Immutable; build one and reuse it.

    Attributes:
        templates: Folders searched before the built-in layouts, first to last. A council
            overrides one block of a layout by extending it: ``{% extends
            "safeplan/agreement.xml.j2" %}`` is the built-in layout, ``"super/agreement.xml.j2"``
            the one from the folders after this template's own.
        reference: A reference DOCX holding styles, fonts, colours, header logo. Default:
            ``reference.docx`` in the first template folder that has one, else the built-in one.
        profile: A council profile (a name or a YAML path) to use instead of the nation's.
        protective_marking: The marking in the header and footer. Default: the profile's
            (OFFICIAL-SENSITIVE).
        strict: Refuse a child's copy whose child-facing text has easy-read findings (long
            sentences, long words, acronyms, passive voice), instead of rendering it.
    """

    templates: tuple[Path, ...] = attrs.field(default=(), converter=_paths)
    reference: Path | None = attrs.field(default=None, converter=_optional_path)
    profile: str | None = None
    protective_marking: str | None = None
    strict: bool = False


class Renderer:
    """Renders copies of agreements with one configuration.

    Building a renderer prepares the layouts and the reference DOCX once; rendering is then
    fast and safe to repeat. A renderer holds no case data between calls.
    """

    def __init__(self, config: RenderConfig | None = None) -> None:
        self.config = config or RenderConfig()
        self._reference = Reference.load(
            self.config.reference or folder_reference(self.config.templates)
        )
        self._images = {
            name: path.read_bytes() for name, path in icon_files(self.config.templates).items()
        }

    def copies(self, agreement: WrittenAgreement) -> tuple[Copy, ...]:
        """Every copy that will be produced: adults', children's and the professional copy.

        Children's copies that cannot be produced are left out; :meth:`withheld` says why.
        """
        profile = self.profile(agreement)
        return tuple(
            c
            for c in copies(agreement, language_order=profile.language_order)
            if c.kind is not CopyKind.CHILD or withheld_reason(agreement, c, profile) is None
        )

    def withheld(self, agreement: WrittenAgreement) -> tuple[tuple[Copy, Problem], ...]:
        """The children's copies the case asks for that are not produced, each with the reason
        (unborn, too young, no safety plan, living with the person causing harm)."""
        profile = self.profile(agreement)
        out = []
        children = frozenset({CopyKind.CHILD})
        for c in copies(agreement, kinds=children, language_order=profile.language_order):
            reason = withheld_reason(agreement, c, profile)
            if reason is not None:
                out.append((c, reason))
        return tuple(out)

    def findings(self, agreement: WrittenAgreement) -> tuple[Problem, ...]:
        """What a social worker should know about the copies before they are issued: children's
        copies withheld (and why), what a child's copy leaves out or gets wrong, complaints and
        advocacy services the profile does not name, and copies in a translation that awaits
        review."""
        out = [problem for _, problem in self.withheld(agreement)]
        profile = self.profile(agreement)
        produced = {c.recipient for c in self.copies(agreement) if c.kind is CopyKind.CHILD}
        out += [
            f
            for f in [*easy_read_findings(agreement, profile), *child_findings(agreement, profile)]
            if _plan_child(agreement, f.path) in produced
        ]
        out += route_findings(agreement, profile)
        seen: set[str] = set()
        for c in self.copies(agreement):
            for lang in c.languages:
                key = primary(lang)
                if key in seen:
                    continue
                seen.add(key)
                finding = catalog(lang).finding()
                if finding is not None:
                    out.append(finding)
        return tuple(out)

    def profile(self, agreement: WrittenAgreement) -> Profile:
        """The profile that applies: the configured council profile, else the case's, else the
        nation's."""
        return resolve_profile(agreement, self.config.profile)

    def render(self, agreement: WrittenAgreement, copy: Copy | str | None = None) -> bytes:
        """Render one copy to DOCX bytes.

        Args:
            agreement: The case.
            copy: A :class:`Copy`, a recipient's id, or ``None`` for the professional copy.

        Raises:
            ConfidentialLeakError: Free text would carry a detail hidden from this recipient.
            TemplateError: The layout is broken (names the template and line).
            RenderError: The copy cannot be produced (an unknown recipient, say).
        """
        chosen = self._choose(agreement, copy)
        profile = self.profile(agreement)
        if chosen.kind is CopyKind.CHILD:
            reason = withheld_reason(agreement, chosen, profile)
            if reason is not None:
                raise RenderError(f"No child's copy for this recipient: {reason.message}")
            if self.config.strict:
                found = [
                    f
                    for f in easy_read_findings(agreement, profile)
                    if _plan_child(agreement, f.path) == chosen.recipient
                ]
                if found:
                    raise RefusedError(found)
            view: Any = child_view(agreement, chosen, profile)
        else:
            view = redact(agreement, chosen)
        name = LAYOUTS[chosen.kind]
        parts = []
        for language in chosen.languages:
            if chosen.kind is CopyKind.CHILD:
                context = child_context(view, chosen, language, year=agreement.date.year)
            else:
                shown = tagged(view, agreement.language, language)
                context = agreement_context(shown, chosen, profile, language)
            parts.append(self._markup(context, chosen, language))
        markup = parts[0] if len(parts) == 1 else interleave(parts, chosen.languages)
        info = _info(agreement, chosen, profile, self.config)
        # Everything the copy would print (attribute values such as alt text included) is
        # searched for every detail hidden from its recipient. On a hit, the case's own text is
        # searched field by field, so the error names the field to correct.
        printed = html.unescape(markup)
        try:
            check_output(
                "\n".join((printed, info.title, *info.header_lines, *info.footer_lines)),
                agreement,
                chosen,
            )
        except ConfidentialLeakError:
            if chosen.kind is CopyKind.CHILD:
                find_leak_in(agreement, free_text(view), chosen)
            else:
                find_leak(agreement, view, chosen)
            raise
        return render_docx(
            markup,
            reference=self._reference,
            info=info,
            images=self._images,
            template_name=name,
        )

    def render_to(
        self,
        agreement: WrittenAgreement,
        path: str | os.PathLike[str],
        copy: Copy | str | None = None,
    ) -> Path:
        """Render one copy and write it atomically: the file is whole, or not there at all."""
        data = self.render(agreement, copy)
        return write_atomic(Path(path), data)

    def render_all(
        self, agreement: WrittenAgreement, out_dir: str | os.PathLike[str]
    ) -> list[Path]:
        """Render every copy of a case into ``out_dir``.

        Every copy is rendered in memory first; nothing is written unless all succeed, so a
        refused copy never leaves the others half-issued.
        """
        rendered = [(c, self.render(agreement, c)) for c in self.copies(agreement)]
        folder = Path(out_dir)
        folder.mkdir(parents=True, exist_ok=True)
        return [write_atomic(folder / file_name(agreement, c), data) for c, data in rendered]

    # -- internals ---------------------------------------------------------------------------

    def _choose(self, agreement: WrittenAgreement, copy: Copy | str | None) -> Copy:
        if isinstance(copy, Copy):
            if copy.kind not in LAYOUTS:
                raise RenderError(f"There is no layout for {copy.kind.value} copies yet.")
            return copy
        profile = self.profile(agreement)
        # self.copies(agreement) without the withheld check on children's copies not asked for
        # (only children's copies are ever withheld).
        available = copies(agreement, language_order=profile.language_order)
        if copy is None:
            return next(c for c in available if c.kind is CopyKind.PROFESSIONAL)
        for c in available:
            if c.recipient == copy and (
                c.kind is not CopyKind.CHILD or withheld_reason(agreement, c, profile) is None
            ):
                return c
        for c, reason in self.withheld(agreement):
            if c.recipient == copy:
                raise RenderError(f"No child's copy for this recipient: {reason.message}")
        raise RenderError("That recipient has no copy in this case. Add them to recipients first.")

    def _markup(self, context: Mapping[str, Any], copy: Copy, language: str) -> str:
        return render_layout(self.config.templates, language, LAYOUTS[copy.kind], context)


# Fixed strings outside the layouts: marked with N_ so pybabel extracts them.
def N_(message: str) -> str:  # gettext's conventional marker name
    return message


_TITLE = N_("Written agreement %(reference)s (version %(number)s)")

_FOOTER = N_("%(reference)s · version %(number)s · Page {PAGE} of {NUMPAGES}")

_CHILD_TITLE = N_("Safety plan %(reference)s")

_CHILD_FOOTER = N_("Page {PAGE} of {NUMPAGES}")


def _info(
    agreement: WrittenAgreement, copy: Copy, profile: Profile, config: RenderConfig
) -> DocumentInfo:
    marking = config.protective_marking or profile.protective_marking
    values = {"reference": agreement.reference, "number": agreement.version.number}

    def say(message: str) -> str:
        # Bilingual copies carry both languages, in the copy's order.
        return " / ".join(lines(message))

    def lines(message: str) -> tuple[str, ...]:
        return tuple(
            catalog(lang).translations.gettext(message) % values for lang in copy.languages
        )

    rtl = is_rtl(copy.language)
    if copy.kind is CopyKind.CHILD:
        # A child's copy: no frightening header; the marking stays, small, in the footer.
        return DocumentInfo(
            title=say(_CHILD_TITLE),
            language=copy.language,
            created=agreement.date,
            footer_lines=(*lines(_CHILD_FOOTER), marking),
            subject="Child's safety plan",
            rtl=rtl,
        )
    return DocumentInfo(
        title=say(_TITLE),
        language=copy.language,
        created=agreement.date,
        header_lines=(marking,),
        footer_lines=(*lines(_FOOTER), marking),
        subject="Written agreement",
        rtl=rtl,
    )


@functools.lru_cache(maxsize=8)
def _renderer(config: RenderConfig) -> Renderer:
    return Renderer(config)


def render(
    agreement: WrittenAgreement,
    copy: Copy | str | None = None,
    *,
    config: RenderConfig | None = None,
) -> bytes:
    """Render one copy of an agreement to DOCX bytes. See :meth:`Renderer.render`."""
    return _renderer(config or RenderConfig()).render(agreement, copy)


def render_all(
    agreement: WrittenAgreement,
    out_dir: str | os.PathLike[str],
    *,
    config: RenderConfig | None = None,
) -> list[Path]:
    """Render every copy of an agreement into a folder. See :meth:`Renderer.render_all`."""
    return _renderer(config or RenderConfig()).render_all(agreement, out_dir)


_PLAN_PATH = re.compile(r"^\$\.safety_plans\[(\d+)\]")


def _plan_child(agreement: WrittenAgreement, path: str) -> str | None:
    """The child whose safety plan a finding's path points into."""
    m = _PLAN_PATH.match(path)
    return agreement.safety_plans[int(m.group(1))].child if m else None
