"""Rendering copies to DOCX: the orchestration of redaction, layout and writer.

::

    agreement ──redact(copy)──▶ case as the recipient may see it ──layout──▶ block markup
              ──leak check──▶ writer ──▶ .docx bytes

A :class:`Renderer` is built once from a :class:`RenderConfig` (its reference DOCX and pictures
are read then; its jinja environments are built once per language and never changed) and renders
any number of copies. Output is deterministic: the same case and configuration give
byte-identical files. Everything jinja is in ``_layout/``, everything WordprocessingML in
``_docx/``; this module only puts them in order.

PDF (``format="pdf"`` or ``"both"``) is the DOCX converted by LibreOffice (``_pdf/``, imported only
when a PDF is asked for).

Imports: _pdf, _layout, _findings, _children, _copies, _case, _profiles, _docx, _i18n, _output,
_errors, _problems.
"""

from __future__ import annotations

import functools
import html
import os
import re
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal, TypeAlias

import attrs

from ._case import CopyKind, Role, WrittenAgreement
from ._children import child_findings, child_view, easy_read_findings, withheld_reason
from ._copies import (
    Audience,
    Copy,
    audience_of,
    copies,
    leak_check,
    recipient_path,
    redact,
    translated_text,
    translation_findings,
)
from ._docx import DocumentInfo, Reference, interleave, render_docx
from ._errors import (
    ConfidentialLeakError,
    ProblemsError,
    ProfileError,
    RefusedError,
    RenderError,
    SafeplanError,
    TemplateError,
)
from ._findings import route_findings
from ._i18n import catalog, is_rtl
from ._layout import (
    LAYOUTS,
    agreement_context,
    child_context,
    folder_reference,
    read_icons,
    render_layout,
    tagged,
)
from ._output import CopyFolder, file_name, write_atomic
from ._problems import Problem
from ._profiles import Limits, Profile, load_profile, resolve_profile

if TYPE_CHECKING:
    # The PDF room (subprocesses, threads, a temporary folder) is imported only for a PDF.
    from ._pdf import PdfConverter

__all__ = [
    "CopyFormat",
    "FilesFormat",
    "RenderConfig",
    "RenderedCase",
    "Renderer",
    "problems_of",
    "render",
    "render_all",
]

CopyFormat: TypeAlias = Literal["docx", "pdf"]
FilesFormat: TypeAlias = Literal["docx", "pdf", "both"]

_SOURCE = "safeplan rendering"
# Problems that say a copy could not be made, as opposed to a copy that must not be issued.
FAILURES = frozenset({"SP-TEMPLATE-ERROR", "SP-PROFILE-ERROR", "SP-RENDER-ERROR"})


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
            sentences, long words, acronyms, passive voice), and a person causing harm's copy
            while the case has an ``SP-SAFETY-DETAIL`` warning, instead of rendering them.
    """

    templates: tuple[Path, ...] = attrs.field(default=(), converter=_paths)
    reference: Path | None = attrs.field(default=None, converter=_optional_path)
    profile: str | None = None
    protective_marking: str | None = None
    strict: bool = False


def problems_of(err: SafeplanError) -> tuple[Problem, ...]:
    """The problems an error that stopped a copy carries, as the batch and ``check`` report
    them: a refusal's own problems, ``SP-COPY-LEAK`` for a confidential leak (at the field),
    ``SP-TEMPLATE-ERROR``, ``SP-PROFILE-ERROR`` or ``SP-RENDER-ERROR`` otherwise. Messages
    never quote case data."""
    if isinstance(err, ProblemsError):
        return err.problems
    if isinstance(err, ConfidentialLeakError):
        return (Problem.refusal("SP-COPY-LEAK", err.path, str(err), _SOURCE),)
    if isinstance(err, TemplateError):
        return (Problem.refusal("SP-TEMPLATE-ERROR", "$", str(err), _SOURCE),)
    if isinstance(err, ProfileError):
        return (Problem.refusal("SP-PROFILE-ERROR", "$", str(err), _SOURCE),)
    return (Problem.refusal("SP-RENDER-ERROR", "$", str(err), _SOURCE),)


@attrs.frozen(kw_only=True)
class RenderedCase:
    """Every copy of one case rendered in memory, or every reason why not.

    Attributes:
        copies: The copies the case produces, in file order.
        names: Their file names, in the same order.
        documents: The DOCX bytes of each copy; empty unless every copy rendered.
        problems: Why the case cannot be issued (severity ``REFUSAL``): every copy's
            refusals (``SP-COPY-LEAK`` for a copy that would carry a value hidden from its
            reader, strict refusals) and failures (``SP-TEMPLATE-ERROR`` ...), in copy order,
            each once.
        findings: What a social worker should know before issuing (:meth:`Renderer.findings`).
    """

    copies: tuple[Copy, ...]
    names: tuple[str, ...]
    documents: tuple[bytes, ...] = ()
    problems: tuple[Problem, ...] = ()
    findings: tuple[Problem, ...] = ()
    errors: tuple[SafeplanError, ...] = attrs.field(default=(), repr=False, eq=False)

    @property
    def ok(self) -> bool:
        """Whether every copy rendered."""
        return not self.problems

    @property
    def status(self) -> str:
        """``rendered``, ``refused`` (a copy must not be issued) or ``failed`` (a copy could
        not be made: a broken layout, say)."""
        if not self.problems:
            return "rendered"
        if any(p.code in FAILURES for p in self.problems):
            return "failed"
        return "refused"


class Renderer:
    """Renders copies of agreements with one configuration.

    Building a renderer prepares the layouts and the reference DOCX once; rendering is then
    fast and safe to repeat. A renderer holds no case data between calls.
    """

    def __init__(self, config: RenderConfig | None = None) -> None:
        self.config = config or RenderConfig()
        # The reference DOCX and the pictures are read once, within the configured profile's
        # limits (a zip bomb, a 60 MB picture or a link out of the folder is refused here).
        self._limits = _configured_limits(self.config)
        reference = self.config.reference or folder_reference(self.config.templates)
        self._reference = Reference.load(
            reference, limits=self._limits if reference is not None else None
        )
        self._images = read_icons(self.config.templates, self._limits)
        self._reference_text = "\n".join(text for _, text in self._reference.texts)

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

    def findings(
        self, agreement: WrittenAgreement, audience: Audience | None = None
    ) -> tuple[Problem, ...]:
        """What a social worker should know about the copies before they are issued: children's
        copies withheld (and why), items kept out of a person causing harm's copy for a safety
        detail (and duties of theirs that carry one), what a child's copy leaves out or gets
        wrong, complaints and advocacy services the profile does not name, copies in a
        translation that awaits review, and case text a copy would print untranslated
        (``SP-TRANSLATION-MISSING``)."""
        audience = audience or audience_of(agreement)
        out = [problem for _, problem in self.withheld(agreement)]
        out += audience.findings
        profile = self.profile(agreement)
        produced = {c.recipient for c in self.copies(agreement) if c.kind is CopyKind.CHILD}
        out += [
            f
            for f in [*easy_read_findings(agreement, profile), *child_findings(agreement, profile)]
            if _plan_child(agreement, f.path) in produced
        ]
        out += route_findings(agreement, profile)
        out += translation_findings(
            agreement,
            self.copies(agreement),
            audience,
            self.config.templates,
        )
        return tuple(out)

    def profile(self, agreement: WrittenAgreement) -> Profile:
        """The profile that applies: the configured council profile, else the case's, else the
        nation's."""
        return resolve_profile(agreement, self.config.profile)

    def render(
        self,
        agreement: WrittenAgreement,
        copy: Copy | str | None = None,
        *,
        format: CopyFormat = "docx",
        converter: PdfConverter | None = None,
    ) -> bytes:
        """Render one copy to DOCX (or PDF) bytes.

        Args:
            agreement: The case.
            copy: A :class:`Copy`, a recipient's id, or ``None`` for the professional copy.
            format: ``docx``, or ``pdf`` for a tagged PDF made from it by LibreOffice.
            converter: The :class:`~safeplan.PdfConverter` to use for ``pdf`` (keep one for
                many copies); default: one started and stopped for this copy.

        Raises:
            ConfidentialLeakError: The copy would carry a value hidden from its reader: a
                contact detail they may not see, or a child's code word.
            RefusedError: With ``strict``, a child's copy with easy-read findings, or a person
                causing harm's copy while the case has an ``SP-SAFETY-DETAIL`` warning.
            PdfError: LibreOffice is missing or failed (``pdf`` only).
            TemplateError: The layout is broken (names the template and line).
            RenderError: The copy cannot be produced (an unknown recipient, say).
        """
        chosen = self._choose(agreement, copy)
        docx = self._render(agreement, chosen, audience_of(agreement))
        if format == "docx":
            return docx
        from ._pdf import docx_to_pdf

        return docx_to_pdf(docx, converter=converter)

    def render_case(self, agreement: WrittenAgreement) -> RenderedCase:
        """Render every copy of a case in memory, collecting every problem instead of stopping
        at the first: what :func:`render_all`, the batch and ``safeplan check`` all use, so they
        never disagree. The case's audience is computed once for all its copies.

        Two copies whose file names would be equal compared without case (which
        :attr:`Copy.stem` rules out) are refused, ``SP-COPY-NAME-COLLISION``, naming both
        entries of ``recipients``.
        """
        audience = audience_of(agreement)
        produced = self.copies(agreement)
        names = tuple(file_name(agreement, c) for c in produced)
        findings = self.findings(agreement, audience)
        problems: list[Problem] = []
        errors: list[SafeplanError] = []
        seen: dict[str, Copy] = {}
        for c, name in zip(produced, names, strict=True):
            key = CopyFolder.key(name)
            if key in seen:
                err = RefusedError([_name_collision(agreement, seen[key], c)])
                errors.append(err)
                problems += err.problems
            seen.setdefault(key, c)
        documents: list[bytes] = []
        for c in produced:
            try:
                documents.append(self._render(agreement, c, audience))
            except SafeplanError as err:
                errors.append(err)
                problems += [p for p in problems_of(err) if p not in problems]
        return RenderedCase(
            copies=produced,
            names=names,
            documents=() if problems else tuple(documents),
            problems=tuple(problems),
            findings=findings,
            errors=tuple(errors),
        )

    def problems(self, agreement: WrittenAgreement) -> tuple[Problem, ...]:
        """Every problem a render of each of the case's copies would raise (``SP-COPY-LEAK``
        at the field that would carry a hidden value, strict refusals, layout failures, with
        severity ``REFUSAL``), then the render findings (:meth:`findings`). ``safeplan check``
        reports these, so it refuses exactly what ``safeplan render`` refuses."""
        done = self.render_case(agreement)
        return (*done.problems, *done.findings)

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
        self,
        agreement: WrittenAgreement,
        out_dir: str | os.PathLike[str],
        *,
        format: FilesFormat = "docx",
        converter: PdfConverter | None = None,
    ) -> list[Path]:
        """Render every copy of a case into ``out_dir``.

        Every copy is rendered in memory first (and converted, for ``pdf`` or ``both``);
        nothing is written unless all succeed, so a refused copy never leaves the others
        half-issued. The folder keeps a small manifest (``.safeplan-copies.json``) of the files
        written for each case (by its reference): a later call for the same case removes the
        files it wrote before that it does not write now (a recipient removed, a child's copy
        now withheld, a new version), and a call that fails removes them all, so no earlier
        copy is left beside a refusal. No other file is ever removed, and a file another case
        wrote is never replaced (that case's copy would be lost: ``SP-COPY-NAME-COLLISION``).

        Args:
            agreement: The case.
            out_dir: The folder (made if missing).
            format: ``docx``, ``pdf`` or ``both`` (each copy's DOCX and PDF side by side).
            converter: The :class:`~safeplan.PdfConverter` for PDFs; default: one started
                for this call and stopped after it.

        Raises:
            ConfidentialLeakError, RefusedError, TemplateError: as :meth:`render`, for the
                first copy that failed; the error's ``removed`` lists the earlier files taken
                away.
            PdfError: LibreOffice is missing or failed (``pdf`` and ``both`` only).
        """
        done = self.render_case(agreement)
        folder = CopyFolder(Path(out_dir))
        if not done.ok:
            removed = folder.clear(agreement.reference)
            err = done.errors[0]
            err.removed = removed
            raise err
        files: dict[str, bytes] = {}
        if format in ("docx", "both"):
            files.update(zip(done.names, done.documents, strict=True))
        if format in ("pdf", "both"):
            from ._pdf import PdfConverter

            own = PdfConverter() if converter is None else None
            try:
                pdf = converter or own
                assert pdf is not None
                for name, data in zip(done.names, done.documents, strict=True):
                    files[str(Path(name).with_suffix(".pdf"))] = pdf.convert(data)
            finally:
                if own is not None:
                    own.close()
        return folder.write(agreement.reference, files)

    # -- internals ---------------------------------------------------------------------------

    def _render(self, agreement: WrittenAgreement, chosen: Copy, audience: Audience) -> bytes:
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
            if self.config.strict and _harmful(agreement, chosen):
                found = [f for f in audience.findings if f.code == "SP-SAFETY-DETAIL"]
                if found:
                    raise RefusedError(found)
            view = redact(agreement, chosen, audience)
        name = LAYOUTS[chosen.kind]
        parts = []
        for language in chosen.languages:
            if chosen.kind is CopyKind.CHILD:
                context = child_context(view, chosen, language, year=agreement.date.year)
            else:
                shown = tagged(view, agreement.language, language)
                context = agreement_context(shown, chosen, profile, language, audience=audience)
            parts.append(self._markup(context, chosen, language, profile.limits))
        markup = parts[0] if len(parts) == 1 else interleave(parts, chosen.languages)
        info = _info(agreement, chosen, profile, self.config)
        # Everything the copy would print (attribute values such as alt text included), its
        # properties, header and footer, file name, and every part copied from the reference,
        # is searched for every value hidden from its reader. On a hit, the case's own text is
        # searched field by field, so the error names the field to correct.
        # The translations of what the copy holds are searched too, in whatever language
        # the copy is: a detail typed into the Welsh of an item refuses it as the English would.
        if chosen.kind is CopyKind.CHILD:
            own = [sp for sp in agreement.safety_plans if sp.child == chosen.recipient]
            words = list(translated_text(tuple(own)))
        else:
            words = list(translated_text(view))
        printed = "\n".join(
            (
                html.unescape(markup),
                info.title,
                info.subject,
                *info.header_lines,
                *info.footer_lines,
                *info.keywords,
                file_name(agreement, chosen),
                *words,
            )
        )
        leak_check(
            agreement,
            chosen,
            audience,
            printed,
            parts=self._reference.texts,
            parts_text=self._reference_text,
        )
        return render_docx(
            markup,
            reference=self._reference,
            info=info,
            images=self._images,
            template_name=name,
        )

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

    def _markup(self, context: Mapping[str, Any], copy: Copy, language: str, limits: Limits) -> str:
        return render_layout(
            self.config.templates,
            language,
            LAYOUTS[copy.kind],
            context,
            bounds=limits,
            max_file_bytes=self._limits.template_file_bytes,
        )


def _configured_limits(config: RenderConfig) -> Limits:
    """The limits of the configured profile, else the defaults. A profile that does not load
    is reported with each case (``SP-PROFILE-ERROR``), as before."""
    if config.profile is None:
        return Limits()
    try:
        return load_profile(config.profile).limits
    except ProfileError:
        return Limits()


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
            catalog(lang, config.templates).translations.gettext(message) % values
            for lang in copy.languages
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
    format: CopyFormat = "docx",
    converter: PdfConverter | None = None,
) -> bytes:
    """Render one copy of an agreement to DOCX (or PDF) bytes. See :meth:`Renderer.render`."""
    return _renderer(config or RenderConfig()).render(
        agreement, copy, format=format, converter=converter
    )


def render_all(
    agreement: WrittenAgreement,
    out_dir: str | os.PathLike[str],
    *,
    config: RenderConfig | None = None,
    format: FilesFormat = "docx",
    converter: PdfConverter | None = None,
) -> list[Path]:
    """Render every copy of an agreement into a folder. See :meth:`Renderer.render_all`."""
    return _renderer(config or RenderConfig()).render_all(
        agreement, out_dir, format=format, converter=converter
    )


def _harmful(agreement: WrittenAgreement, copy: Copy) -> bool:
    person = agreement.person(copy.recipient)
    return (
        copy.kind is CopyKind.ADULT
        and person is not None
        and (person.role is Role.PERSON_CAUSING_HARM)
    )


def _name_collision(agreement: WrittenAgreement, first: Copy, second: Copy) -> Problem:
    return Problem.refusal(
        "SP-COPY-NAME-COLLISION",
        recipient_path(agreement, second),
        f"This copy's file name would be the same as the copy for "
        f"{recipient_path(agreement, first)} on a disk that ignores case, so one would "
        "replace the other. Give one of the recipients another id.",
        _SOURCE,
    )


_PLAN_PATH = re.compile(r"^\$\.safety_plans\[(\d+)\]")


def _plan_child(agreement: WrittenAgreement, path: str) -> str | None:
    """The child whose safety plan a finding's path points into."""
    m = _PLAN_PATH.match(path)
    return agreement.safety_plans[int(m.group(1))].child if m else None
