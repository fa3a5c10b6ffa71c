"""Rendering copies to DOCX: a redacted case, a jinja layout, the WordprocessingML writer.

::

    agreement ──redact(copy)──▶ case as the recipient may see it ──layout──▶ block markup
              ──writer──▶ .docx bytes

A :class:`Renderer` is built once from a :class:`RenderConfig` (its jinja environment and the
reference DOCX are prepared then, never changed) and renders any number of copies. Output is
deterministic: the same case and configuration give byte-identical files.
"""

from __future__ import annotations

import datetime as dt
import functools
import gettext as gettext_module
import html
import itertools
import os
import re
import tempfile
import types
import xml.etree.ElementTree as ET
from collections.abc import Callable, Iterable, Mapping, Sequence
from importlib import resources
from pathlib import Path
from typing import Any

import attrs
import babel
import babel.dates
import babel.lists
import jinja2
import jinja2.compiler
import jinja2.ext
import jinja2.lexer
import jinja2.runtime
import jinja2.utils
import markupsafe

from ._case import CopyKind, Role, WrittenAgreement, unchecked_evolve
from ._children import child_view, easy_read_findings, withheld_reason
from ._copies import Copy, check_output, copies, find_leak, find_leak_in, redact
from ._docx import DocumentInfo, Reference, clean_text, render_docx
from ._errors import ConfidentialLeakError, RefusedError, RenderError, SafeplanError, TemplateError
from ._i18n import SOURCE_LANGUAGE, catalog, is_rtl, primary
from ._layout import LayoutEnvironment, LayoutLoader, folder_reference
from ._problems import Problem
from ._profiles import Helpline, Profile, resolve_profile

__all__ = ["RenderConfig", "Renderer", "render", "render_all"]

_LAYOUTS = {
    CopyKind.ADULT: "agreement.xml.j2",
    CopyKind.PROFESSIONAL: "agreement.xml.j2",
    CopyKind.CHILD: "child.xml.j2",
}


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
        self._images = _icons(self.config.templates)

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
        copies withheld (and why), and copies in a translation that awaits review."""
        out = [problem for _, problem in self.withheld(agreement)]
        produced = {c.recipient for c in self.copies(agreement) if c.kind is CopyKind.CHILD}
        out += [
            f
            for f in easy_read_findings(agreement, self.profile(agreement))
            if _plan_child(agreement, f.path) in produced
        ]
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
        parts = []
        for language in chosen.languages:
            written_in = view.written_in if chosen.kind is CopyKind.CHILD else agreement.language
            shown = _tagged(view, written_in, language)
            if chosen.kind is CopyKind.CHILD:
                shown = attrs.evolve(
                    shown, helplines=tuple(_helpline(h, language) for h in view.helplines)
                )
                context: dict[str, Any] = {
                    "child": shown,
                    "copy": chosen,
                    "language": language,
                    "rtl": is_rtl(language),
                    "year": agreement.date.year,
                }
            else:
                context = _context(shown, chosen, profile, language)
            parts.append(self._markup(context, chosen, language))
        markup = parts[0] if len(parts) == 1 else _interleave(parts, chosen.languages)
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
                find_leak_in(agreement, _strings(view), chosen)
            else:
                find_leak(agreement, view, chosen)
            raise
        return render_docx(
            markup,
            reference=self._reference,
            info=info,
            images=self._images,
            template_name=_LAYOUTS[chosen.kind],
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
            if copy.kind not in _LAYOUTS:
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
        name = _LAYOUTS[copy.kind]
        try:
            template = _environment(self.config.templates, primary(language)).get_template(name)
            return template.render(context)
        except jinja2.TemplateSyntaxError as err:
            raise TemplateError(
                err.message or "syntax error", template=err.filename or err.name, line=err.lineno
            ) from None
        except jinja2.TemplateNotFound as err:
            raise TemplateError(
                f"layout not found: {err.name}",
                template=_failing_template(err) or name,
                line=_failing_line(err),
            ) from None
        except SafeplanError:
            raise
        except (jinja2.TemplateError, TypeError, ValueError, AttributeError, KeyError) as err:
            raise TemplateError(
                _plain(err), template=_failing_template(err) or name, line=_failing_line(err)
            ) from None


def _plain(err: BaseException) -> str:
    # jinja's messages for undefined names name the variable, not data; others may quote a value.
    if isinstance(err, jinja2.UndefinedError):
        return str(err.message)
    if isinstance(err, jinja2.exceptions.SecurityError):
        # Name the attribute (template code, never case data) so the maintainer can find it.
        found = re.search(r"attribute '(\w+)'", str(err))
        what = f" ({found.group(1)})" if found else ""
        return f"the layout tried to reach something templates may not use{what}"
    return f"{type(err).__name__} while rendering the layout"


def _failing_template(err: BaseException) -> str | None:
    tb = err.__traceback__
    name = None
    while tb is not None:
        filename = tb.tb_frame.f_code.co_filename
        if _in_template(tb) or "<template>" in filename:
            name = filename
        tb = tb.tb_next
    return name


def _in_template(tb: types.TracebackType) -> bool:
    # jinja.debug.rewrite_traceback_stack gives a template's frames its file name and line and
    # marks them with this global, whatever the file is called.
    frame = tb.tb_frame
    return "__jinja_exception__" in frame.f_globals or frame.f_code.co_filename.endswith(".j2")


def _failing_line(err: BaseException) -> int | None:
    tb = err.__traceback__
    line = None
    while tb is not None:
        if _in_template(tb):
            line = tb.tb_lineno
        tb = tb.tb_next
    return line


# --- the jinja environment ------------------------------------------------------------------


def _builtin_templates() -> Path:
    return Path(str(resources.files("safeplan") / "templates"))


class LangText(str):
    """Case text that remembers the language it was written in.

    In a copy written in another language (English case text in a Welsh copy), the layout
    prints it inside a ``<span lang="…">`` so Word, spell-checkers and screen readers read it
    in its own language.
    """

    lang: str

    def __new__(cls, value: str, lang: str) -> LangText:
        text = super().__new__(cls, value)
        text.lang = lang
        return text


def _make_finalize(language: str) -> Callable[[Any], Any]:
    """What every printed value passes through, for an environment of one language.

    None prints as nothing (layouts test for it); text loses the characters XML cannot hold;
    case text written in another language than the copy's is tagged with its language.
    Escaping happens after this, by autoescape (Markup.format escapes its arguments).
    """
    copy_language = primary(language)
    markup = markupsafe.Markup
    span = markup('<span lang="{}">{}</span>')

    def finalize(value: Any) -> Any:
        if value is None:
            return ""
        if isinstance(value, markup):  # already escaped (translated strings)
            return markup(clean_text(str(value)))
        if isinstance(value, LangText) and primary(value.lang) != copy_language:
            return span.format(value.lang, clean_text(value))
        if isinstance(value, str):
            return clean_text(value)
        return value

    return finalize


@functools.lru_cache(maxsize=64)
def _environment(folders: tuple[Path, ...], language: str = "en") -> jinja2.Environment:
    """The sandboxed environment for some template folders and one language.

    Built once and never changed afterwards; the translations are installed here, so one
    environment serves one language.
    """
    # Folders first, then the built-in layouts; "safeplan/x" is always the built-in x, and
    # "super/x" (or x inside x) the x of the folders after the template's own (see _templates).
    loader = LayoutLoader(folders, _builtin_templates())
    # Layouts from a council's folders are untrusted: they run in jinja's immutable sandbox
    # (no files, no internals, no mutating methods). The built-in layouts ship with the code
    # and are trusted like it, so without user folders the sandbox's per-attribute checks
    # (about a third of the layout's time) are skipped. Case data is never template code either way.
    env_class: type[jinja2.Environment] = LayoutEnvironment if folders else _BuiltinEnvironment
    # Only the built-in layouts (trusted, and known not to rebind ``_``) get their fixed
    # strings translated once, when compiled; see _FixedStrings.
    extensions: list[type[jinja2.ext.Extension]] = [jinja2.ext.i18n]
    if not folders:
        extensions.append(_FixedStrings)
    env = env_class(
        loader=loader,
        undefined=jinja2.StrictUndefined,
        autoescape=True,
        finalize=_make_finalize(language),
        trim_blocks=True,
        lstrip_blocks=True,
        auto_reload=False,
        extensions=extensions,
    )
    translations = catalog(language).translations
    env.install_gettext_translations(translations, newstyle=True)  # type: ignore[attr-defined]
    # The same newstyle semantics (translation trusted, variables escaped, always formatted)
    # without jinja's three layers of context calls per string: about a third of the layout's
    # time went there.
    gettext, ngettext = _gettext_functions(translations)
    env.globals.update(gettext=gettext, ngettext=ngettext, _=gettext)
    if isinstance(env, _BuiltinEnvironment):
        env.finalize_escape = _make_finalize_escape(env.finalize)
    env.filters["date"] = lambda d, locale="en-GB": _long_date(d, locale) if d else ""
    env.filters["month"] = lambda d, locale="en-GB": (
        babel.dates.format_date(d, "MMMM y", locale=_babel_locale(locale)) if d else ""
    )
    env.filters["month_only"] = lambda d, locale="en-GB": (
        babel.dates.format_date(d, "MMMM", locale=_babel_locale(locale)) if d else ""
    )
    env.filters["join_words"] = lambda items, locale="en-GB": _join_words(items, locale)
    env.filters["category"] = lambda slug, words: words.get(slug, slug.replace("-", " "))
    return env


class _OneCallOutput(jinja2.compiler.CodeGenerator):
    """Compiles each printed value as ``environment.finalize_escape(value)``: one call where
    jinja writes ``escape(environment.finalize(value))``, with the same text (see
    :func:`_make_finalize_escape`). Anything else (no finalize, no autoescape, autoescape
    switched inside the template) is compiled as jinja does."""

    def _one_call(self, frame: Any, finalize: Any) -> bool:
        return bool(
            not frame.eval_ctx.volatile
            and frame.eval_ctx.autoescape
            and finalize.src == "environment.finalize("
        )

    def _output_child_pre(self, node: Any, frame: Any, finalize: Any) -> None:
        if self._one_call(frame, finalize):
            self.write("environment.finalize_escape(")
        else:
            super()._output_child_pre(node, frame, finalize)

    def _output_child_post(self, node: Any, frame: Any, finalize: Any) -> None:
        if self._one_call(frame, finalize):
            self.write(")")
        else:
            super()._output_child_post(node, frame, finalize)


class _BuiltinContext(jinja2.runtime.Context):
    """Calls plain Python functions and bound methods (the layout's ``_``, ``name``,
    ``names`` ...) without looking for jinja's pass_context-style markers they cannot have;
    anything else is called as jinja calls it."""

    @jinja2.utils.internalcode  # hidden from template tracebacks, like jinja's own call
    def call(__self, __obj: Any, *args: Any, **kwargs: Any) -> Any:
        kind = type(__obj)
        if (kind is types.FunctionType and "jinja_pass_arg" not in __obj.__dict__) or (
            kind is types.MethodType
            and type(__obj.__func__) is types.FunctionType
            and "jinja_pass_arg" not in __obj.__func__.__dict__
        ):
            kwargs.pop("_block_vars", None)
            kwargs.pop("_loop_vars", None)
            try:
                return __obj(*args, **kwargs)
            except StopIteration:
                return __self.environment.undefined(
                    "value was undefined because a callable raised a StopIteration exception"
                )
        return super().call(__obj, *args, **kwargs)


class _BuiltinEnvironment(jinja2.Environment):
    """The environment of the built-in layouts alone (trusted, like the code)."""

    code_generator_class = _OneCallOutput
    context_class = _BuiltinContext
    finalize_escape: Callable[[Any], str]


def _make_finalize_escape(finalize: Callable[[Any], Any] | None) -> Callable[[Any], str]:
    """``str(markupsafe.escape(finalize(value)))``, with the common cases in one step: plain
    text is cleaned and escaped (markupsafe's own escaping, without the Markup wrapper), and
    translated strings (already escaped) are cleaned."""
    assert finalize is not None
    escape = markupsafe.escape
    markup = markupsafe.Markup
    # markupsafe's escaping of a plain str, returning a str (what escape() wraps in Markup).
    inner: Callable[[str], str] | None = getattr(markupsafe, "_escape_inner", None)

    def finalize_escape(value: Any) -> str:
        kind = type(value)
        if kind is str and inner is not None:
            return inner(clean_text(value))
        if kind is markup:
            return clean_text(str(value))
        return escape(finalize(value))

    return finalize_escape


class _FixedStrings(jinja2.ext.Extension):
    """Prints ``{{ _("a fixed string") }}`` as template data, translated when the layout is
    compiled: the very text the call would print at every render (gettext, finalize, escape),
    without the call. An environment serves one language, so its compiled layouts may hold its
    translations. Only calls with one string literal and nothing else in the tag are folded,
    and only in a template that never uses ``_`` as anything but such a call's name (never
    assigned, imported, a macro or an argument).
    """

    def filter_stream(self, stream: jinja2.lexer.TokenStream) -> jinja2.lexer.TokenStream:
        tokens = list(stream)
        if not _only_called(tokens):
            return jinja2.lexer.TokenStream(iter(tokens), stream.name, stream.filename)
        gettext: Callable[[str], markupsafe.Markup] = self.environment.globals["_"]  # type: ignore[assignment]
        finalize = self.environment.finalize
        assert finalize is not None
        out: list[jinja2.lexer.Token] = []
        i = 0
        while i < len(tokens):
            window = tokens[i : i + 6]
            if [t.type for t in window] == _FIXED and window[1].value == "_":
                text = str(markupsafe.escape(finalize(gettext(window[3].value))))
                out.append(jinja2.lexer.Token(window[0].lineno, "data", text))
                i += 6
            else:
                out.append(tokens[i])
                i += 1
        return jinja2.lexer.TokenStream(iter(out), stream.name, stream.filename)


_FIXED = ["variable_begin", "name", "lparen", "string", "rparen", "variable_end"]


def _only_called(tokens: Sequence[jinja2.lexer.Token]) -> bool:
    """Whether every ``_`` in a template is the name of a call, never bound to anything else."""
    for i, t in enumerate(tokens):
        if t.type == "name" and t.value == "_":
            following = tokens[i + 1].type if i + 1 < len(tokens) else None
            before = tokens[i - 1] if i else None
            if following != "lparen" or (
                before is not None and before.type == "name" and before.value == "macro"
            ):
                return False
    return True


def _gettext_functions(
    translations: gettext_module.NullTranslations,
) -> tuple[Callable[..., markupsafe.Markup], Callable[..., markupsafe.Markup]]:
    found: dict[str, markupsafe.Markup] = {}
    plain: dict[str, markupsafe.Markup] = {}

    def gettext(message: str, **variables: Any) -> markupsafe.Markup:
        if not variables:  # most strings: translated and formatted once, then reused
            text = plain.get(message)
            if text is None:
                text = plain[message] = markupsafe.Markup(translations.gettext(message)) % {}
            return text
        text = found.get(message)
        if text is None:
            text = found[message] = markupsafe.Markup(translations.gettext(message))
        return text % variables

    def ngettext(singular: str, plural: str, n: int, **variables: Any) -> markupsafe.Markup:
        variables.setdefault("num", n)
        return markupsafe.Markup(translations.ngettext(singular, plural, n)) % variables

    return gettext, ngettext


@functools.cache
def _babel_locale(tag: str) -> babel.Locale:
    """babel's locale for a language tag; the language alone when the region has no data
    (``ur-GB`` formats as ``ur``)."""
    for candidate in (tag.replace("-", "_"), primary(tag)):
        try:
            return babel.Locale.parse(candidate)
        except (babel.UnknownLocaleError, ValueError):
            continue
    return babel.Locale.parse("en_GB")


def _long_date(value: dt.date, locale: str) -> str:
    if type(value) is dt.date:
        # What babel's format_date(value, "d MMMM y") prints ("d" and "y" are the plain
        # numbers, "MMMM" the locale's wide month name), without parsing the pattern each time.
        return f"{value.day} {_month_names(locale)[value.month]} {value.year}"
    return babel.dates.format_date(value, "d MMMM y", locale=_babel_locale(locale))


@functools.cache
def _month_names(locale: str) -> tuple[str, ...]:
    """The wide month names of a locale in the "format" context, indexed 1 to 12."""
    names = babel.dates.get_month_names("wide", "format", _babel_locale(locale))
    return ("", *(str(names[m]) for m in range(1, 13)))


def _join_words(items: Iterable[Any], locale: str) -> str:
    words = [str(i) for i in items if i]
    if not words:
        return ""
    if primary(locale) == "cy" and len(words) > 1:
        # CLDR's Welsh pattern prints "a(c)"; Welsh writes "ac" before a vowel, else "a".
        last = words[-1]
        joiner = "ac" if last[:1].lower() in "aeiouwyâêîôûŵŷ" else "a"
        return f"{', '.join(words[:-1])} {joiner} {last}"
    patterns = _list_patterns(locale)
    if patterns is None or len(words) == 1:
        return babel.lists.format_list(words, style="standard", locale=_babel_locale(locale))
    # babel.lists.format_list's own steps, with the locale's patterns looked up once.
    if len(words) == 2 and "2" in patterns:
        return patterns["2"].format(*words)
    result = patterns["start"].format(words[0], words[1])
    for word in words[2:-1]:
        result = patterns["middle"].format(result, word)
    return patterns["end"].format(result, words[-1])


@functools.cache
def _list_patterns(locale: str) -> dict[str, str] | None:
    """The locale's "standard" list patterns (``start``, ``middle``, ``end``, ``2``), or
    ``None`` to leave the locale to babel (which would fall back to another style)."""
    patterns = _babel_locale(locale).list_patterns.get("standard")
    if patterns is None or not {"start", "middle", "end"} <= set(patterns):
        return None
    return {key: str(patterns[key]) for key in patterns}


# --- the context a layout sees ----------------------------------------------------------------


_ROLE_ORDER = {
    Role.PERSON_CAUSING_HARM: 0,
    Role.ADULT_AT_RISK: 1,
    Role.PARENT_OR_CARER: 2,
    Role.SAFE_ADULT: 3,
    Role.NETWORK_MEMBER: 4,
}


class _Lookup:
    """Names by id, for layouts: ``name("sally")``, ``names(["mia", "leo"])``.

    The first adult with the id, else the first child, professional, then agency; else "".
    The table is built for one render and dropped with its context.
    """

    __slots__ = ("_names",)

    def __init__(self, agreement: WrittenAgreement) -> None:
        names: dict[str, str] = {}
        a = agreement
        for group in (a.people, a.children, a.professionals, a.agencies):
            for found in group:
                names.setdefault(found.id, str(found.name))
        self._names = names

    def name(self, ref: str | None) -> str:
        if ref is None:
            return ""
        try:
            return self._names.get(ref, "")
        except TypeError:  # unhashable: equal to no id
            return ""


def _context(a: WrittenAgreement, copy: Copy, profile: Profile, language: str) -> dict[str, Any]:
    lookup = _Lookup(a)
    recipient = a.person(copy.recipient) or a.professional(copy.recipient)
    people_in_order = sorted(a.people, key=lambda p: _ROLE_ORDER[p.role])
    holders = [p for p in people_in_order if a.expectations_of(p.id)]
    audiences = {"everyone", "parents"}
    if copy.kind is CopyKind.PROFESSIONAL:
        audiences |= {"adult-at-risk", "person-causing-harm", "children"}
    elif isinstance(recipient, type(a.people[0]) if a.people else ()) and recipient is not None:
        role = getattr(recipient, "role", None)
        if role is Role.ADULT_AT_RISK:
            audiences.add("adult-at-risk")
        elif role is Role.PERSON_CAUSING_HARM:
            audiences.add("person-causing-harm")
        else:
            audiences.add("adult-at-risk")
    helplines = [_helpline(h, language) for h in profile.helplines if h.audience in audiences]
    # A local service kept for one role (a refuge's outreach line for the adult at risk, say)
    # is printed only in that role's copies and the professional copy.
    reader_role = getattr(recipient, "role", None)
    support = [
        s
        for s in a.support_contacts
        if copy.kind is CopyKind.PROFESSIONAL
        or not s.for_roles
        or (reader_role is not None and reader_role.value in s.for_roles)
    ]
    reviews = sorted(a.reviews, key=lambda r: (r.date, r.kind.value))
    lead = a.professional(a.plan.lead_practitioner)
    return {
        "agreement": a,
        "copy": copy,
        "recipient": recipient,
        "professional_copy": copy.kind is CopyKind.PROFESSIONAL,
        "profile": profile,
        "lead": lead,
        "lead_agency": a.agency(lead.agency) if lead else None,
        "holders": holders,
        "reviews": reviews,
        "helplines": helplines,
        "support_contacts": support,
        "name": lookup.name,
        "names": lambda refs: _join_words([lookup.name(r) for r in refs], language),
        "language": language,
        "rtl": is_rtl(language),
    }


# Fixed strings outside the layouts: marked with N_ so pybabel extracts them.
def N_(message: str) -> str:  # gettext's conventional marker name
    return message


_TITLE = N_("Written agreement %(reference)s (version %(number)s)")
_FOOTER = N_("%(reference)s · version %(number)s · Page {PAGE} of {NUMPAGES}")
_CHILD_TITLE = N_("Safety plan %(reference)s")
_CHILD_FOOTER = N_("Page {PAGE} of {NUMPAGES}")


def _info(a: WrittenAgreement, copy: Copy, profile: Profile, config: RenderConfig) -> DocumentInfo:
    marking = config.protective_marking or profile.protective_marking
    values = {"reference": a.reference, "number": a.version.number}

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
            created=a.date,
            footer_lines=(*lines(_CHILD_FOOTER), marking),
            subject="Child's safety plan",
            rtl=rtl,
        )
    return DocumentInfo(
        title=say(_TITLE),
        language=copy.language,
        created=a.date,
        header_lines=(marking,),
        footer_lines=(*lines(_FOOTER), marking),
        subject="Written agreement",
        rtl=rtl,
    )


# --- languages ------------------------------------------------------------------------------

# Free-text fields of the case (and of profile helplines): tagged with the language they were
# written in. Names, ids, numbers and addresses are left alone: they read the same in any language.
_FREE_TEXT = frozenset(
    {
        "text",
        "what",
        "when",
        "how_checked",
        "support",
        "where",
        "how_often",
        "notes",
        "words",
        "reason",
        "explanation",
        "relationship",
        "description",
        "hours",
        "job_title",
        "label",
        "contingency",
        "changes",
        "safe_places",
        "what_to_do",
        "grown_ups_will",
        "child_words",
    }
)


def _helpline(helpline: Helpline, language: str) -> Helpline:
    """A profile's helpline in the copy's language when the profile has its words in it, else
    as written (English), tagged as such."""
    translated = helpline.in_language(language)
    return translated if translated is not None else _tagged(helpline, SOURCE_LANGUAGE, language)


def _tagged(value: Any, written_in: str, language: str) -> Any:
    """``value`` with its free text marked as written in ``written_in``, when the copy's
    ``language`` differs; otherwise ``value`` itself (English copies of English cases pay
    nothing)."""
    if primary(written_in) == primary(language):
        return value
    return _tag(value, written_in, free=False)


def _tag(value: Any, lang: str, *, free: bool) -> Any:
    if isinstance(value, str):
        return LangText(value, lang) if free else value
    if isinstance(value, tuple):
        return tuple(_tag(v, lang, free=free) for v in value)
    if attrs.has(type(value)):
        changes = {}
        for f in attrs.fields(type(value)):
            if not f.init:
                continue
            old = getattr(value, f.name)
            new = _tag(old, lang, free=f.name in _FREE_TEXT)
            if new is not old:
                changes[f.name] = new
        if not changes:
            return value
        if isinstance(value, WrittenAgreement):
            return unchecked_evolve(value, **changes)
        return attrs.evolve(value, **changes)
    return value


def _interleave(parts: Sequence[str], languages: Sequence[str]) -> str:
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
        if block.tag in ("title", "h1") or not sections:
            sections.append([])
        sections[-1].append(block)
    return sections


# --- files ----------------------------------------------------------------------------------


def file_name(agreement: WrittenAgreement, copy: Copy) -> str:
    """The file name of a copy: reference, version, kind and recipient id. Never a name."""
    ref = "".join(ch if ch.isalnum() or ch in "-_" else "-" for ch in agreement.reference)
    return f"{ref}-v{agreement.version.number}-{copy.stem}.docx"


def write_atomic(path: Path, data: bytes) -> Path:
    """Write ``data`` to ``path`` so that a reader sees the whole file or none of it."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".part")
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    return path


# --- module-level conveniences -------------------------------------------------------------


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


def _strings(value: Any) -> list[tuple[str, str]]:
    """Every string in a view object, with a path, for the leak check."""
    out: list[tuple[str, str]] = []

    def walk(v: Any, path: str) -> None:
        if isinstance(v, str):
            out.append((path, v))
        elif isinstance(v, tuple):
            for i, item in enumerate(v):
                walk(item, f"{path}[{i}]")
        elif attrs.has(type(v)):
            for f in attrs.fields(type(v)):
                walk(getattr(v, f.name), f"{path}.{f.name}")

    walk(value, "$")
    return out


def _icons(folders: Sequence[Path]) -> dict[str, bytes]:
    """Pictures by name (``phone`` for ``icons/phone.png``): built-in, then user folders'."""
    images: dict[str, bytes] = {}
    for folder in (_builtin_templates(), *reversed(folders)):
        icons = folder / "icons"
        if icons.is_dir():
            for png in sorted(icons.glob("*.png")):
                images[png.stem] = png.read_bytes()
    return images
